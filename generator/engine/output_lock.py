"""One writer at a time per output folder: a lock on `<out>/.lock`.

Two builds into one folder would interleave their site swaps and leave a mix
of both, so whatever writes an output folder (a build, the preview server,
the report) holds its lock while it works. The lock is `flock` on a file in
the output folder: the kernel releases it when the holder's process ends,
however it ends, so a killed build never leaves a stale lock. The holder
deletes the file when it is done (a waiter that then locks the deleted file
notices and opens the new one), so a finished build leaves no `.lock`; a
killed one may leave the empty file, which the next build takes over.

A second build waits, saying which process it waits for; the preview server,
which holds the lock for as long as it runs, refuses instead of waiting.
Within one process the lock is re-entrant: the preview's first build takes
it again. Forked build workers inherit it, so a build whose main process was
killed still holds the lock until its last worker is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".lock"

# Held locks of this process: output folder -> [open descriptor, depth].
_held: dict[Path, list[int]] = {}


class OutputLocked(OSError):
    """Another process is writing the output folder (raised when not waiting)."""


def _say_waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def output_lock(
    out_dir: Path, *, wait: bool = True, command: str = "build",
    waiting: Callable[[str], None] = _say_waiting,
) -> Iterator[None]:
    """Hold the output folder's lock; makes the folder if needed (and removes it again
    afterwards when it made it and it is still empty).

    With `wait`, a second writer calls `waiting` once with a message naming the
    holder and blocks until the holder ends; without, it raises OutputLocked.
    """
    key = out_dir.resolve()
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    made = not out_dir.exists()
    fd = _acquire(out_dir, wait, waiting)
    try:
        _record_holder(fd, command)
        _held[key] = [fd, 1]
        yield
    finally:
        _held.pop(key, None)
        with contextlib.suppress(OSError):
            (out_dir / LOCK_NAME).unlink()  # while still holding it: see the module note
        os.close(fd)
        if made:
            with contextlib.suppress(OSError):
                out_dir.rmdir()  # only if empty: a failed first build leaves no folder


def holds_lock(out_dir: Path) -> bool:
    return out_dir.resolve() in _held


def _acquire(out_dir: Path, wait: bool, waiting: Callable[[str], None]) -> int:
    path = out_dir / LOCK_NAME
    said = False
    while True:
        out_dir.mkdir(parents=True, exist_ok=True)  # again: a holder may have removed it
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                command, pid = _holder(fd)
                if not wait:
                    raise OutputLocked(
                        f"another {command} (pid {pid}) is writing to {out_dir}/") from None
                if not said:
                    waiting(f"waiting for another {command} of {out_dir}/ to finish "
                            f"(pid {pid})")
                    said = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            # The holder before us may have deleted the file after we opened it:
            # then our lock is on a file nobody else will open. Start again.
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            mine = os.fstat(fd)
            if current is not None and (current.st_dev, current.st_ino) == (mine.st_dev,
                                                                            mine.st_ino):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _record_holder(fd: int, command: str) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()} {command}\n".encode(), 0)


def _holder(fd: int) -> tuple[str, str]:
    """The command and process id the holder wrote into the lock file."""
    try:
        pid, command = os.pread(fd, 200, 0).decode().split(maxsplit=1)
        return command.strip(), str(int(pid))
    except (OSError, ValueError):  # the holder has not written them yet
        return "build", "unknown"
