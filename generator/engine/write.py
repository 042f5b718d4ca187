"""Writing a build: the only module that touches the output folder.

Each top-level entry a build produces (a site folder, the chooser's
index.html and static/) is written as a whole new tree beside the old one,
`<out>/.new-<name>-<id>`, and swapped in only when every site of the build
is written and free of errors (folder_swap.py): at every instant, even when
the process is killed, each entry holds the whole previous build or the whole
new one. A file whose bytes did not change is a hard link to the old file, so
it keeps its bytes and its times and a deploy tool that goes by file times
sees only what changed. Top-level entries the build does not produce are left
alone. One writer at a time: the output folder's lock (output_lock.py) is held
from the first file staged until the swap is done.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, error
from generator.engine import folder_swap
from generator.engine.output_lock import output_lock


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, with '/'
    origin: str  # what produced it, named when two outputs claim one path
    data: bytes | None = None
    source: Path | None = None  # a file copied as it is
    line: int | None = None  # the line of `origin` that asks for it, if any
    # `data` is what the output folder's file at `path` held when this build, holding the
    # folder's lock, read it: staged as a link to that file, not compared again.
    kept: bool = False


def find_conflicts(outputs: list[Output]) -> list[Diagnostic]:
    """Two outputs that claim one path (e.g. an alias equal to a page), or one that needs
    a file where another needs a folder (an alias `robots.txt`), are an error, reported at
    the output that comes from a source line when one of them does."""
    seen: dict[str, Output] = {}
    folders: dict[str, Output] = {}  # a folder some output lies in -> the first such output
    for output in outputs:
        for folder in parent_folders(output.path):
            folders.setdefault(folder, output)
    problems = []
    for output in outputs:
        first = seen.setdefault(output.path, output)
        if first is not output:
            problems.append(_conflict(output, first, "{one} writes too"))
        inside = folders.get(output.path)
        if inside is not None:
            problems.append(_conflict(inside, output, "needs a folder where {one} "
                                      "writes the file {path}"))
    return problems


def parent_folders(path: str) -> list[str]:
    """The folders an output path lies in, outermost first."""
    parts = path.split("/")
    return ["/".join(parts[:depth]) for depth in range(1, len(parts))]


def _conflict(blamed: Output, other: Output, clash: str) -> Diagnostic:
    """`blamed` writes a path, which ... `other`: said at the one with a source line."""
    if blamed.line is None and other.line is not None:
        blamed, other = other, blamed
    # Paths within one site, and "the build" for what it makes itself: so one alias
    # that clashes in every site is one message.
    top = blamed.path.split("/", 1)[0] + "/"
    path, other_path = blamed.path, other.path
    if path.startswith(top) and other_path.startswith(top):
        path, other_path = path[len(top):], other_path[len(top):]
    one = other.origin if other.line is not None else "the build"
    return error(blamed.origin, blamed.line or 1,
                 f"writes {path}, which " + clash.format(one=one, path=other_path))


def previous_output(out_dir: Path, path: str) -> bytes | None:
    """The bytes of an output file the last build left, if it is there as a regular file."""
    target = out_dir / path
    try:
        if not target.is_file() or target.is_symlink():
            return None
        return target.read_bytes()
    except OSError:
        return None


def write_output(out_dir: Path, outputs: list[Output]) -> None:
    """Write `outputs` under `out_dir`; each top-level entry they touch holds only them."""
    staging = Staging(out_dir)
    try:
        staging.commit(staging.write(outputs))
    finally:
        staging.discard()


class Staging:
    """New top-level entries of the output folder, written beside the old ones, then
    swapped in; holds the output folder's lock from creation until `discard`.

    Region builds running in parallel processes each stage their own site;
    only the parent commits.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._lock = contextlib.ExitStack()
        self._lock.enter_context(output_lock(out_dir))
        try:
            folder_swap.remove_leftovers(out_dir)
        except BaseException:
            self._lock.close()
            raise
        self.id = secrets.token_hex(4)

    def staged(self, top: str) -> Path:
        """Where the new tree of the top-level entry `top` is written."""
        return self.out_dir / f"{folder_swap.NEW}{top}-{self.id}"

    def write(self, outputs: Iterable[Output]) -> list[str]:
        """Stage the top-level entries of `outputs`, which holds every output of each entry
        it touches, taken one at a time: the entry's whole new tree, a link to the old file
        where the bytes are the same, else the new bytes. An entry that comes out exactly
        as the old one is not kept staged (nor swapped). Returns every path."""
        paths: list[str] = []
        same: dict[str, bool] = {}  # top-level entry -> every file so far as the old one
        for output in outputs:
            paths.append(output.path)
            top, _, rest = output.path.partition("/")
            target = self.staged(top) / rest if rest else self.staged(top)
            target.parent.mkdir(parents=True, exist_ok=True)
            # Never write into a staged file: it may be a link to the old build's.
            target.unlink(missing_ok=True)
            old = self.out_dir / output.path
            if output.kept and _link(old, target):
                same.setdefault(top, True)
                continue
            data = output_bytes(output)
            held = _holds(old, data)
            if not (held and _link(old, target)):
                target.write_bytes(data)
            same[top] = same.get(top, True) and held
        for top, unchanged in same.items():
            if unchanged and _same_files(self.out_dir, top, paths):
                folder_swap.remove(self.staged(top))
        return paths

    def commit(self, paths: list[str]) -> None:
        """Swap in the staged top-level entries of `paths` (the build's output paths, or
        their top-level entries).

        Every old entry is checked first, so that a swap never leaves an old tree
        that cannot be removed; if one swap fails, those made are undone.
        """
        tops = sorted({path.split("/", 1)[0] for path in paths})
        tops = [top for top in tops if os.path.lexists(self.staged(top))]  # changed ones
        for top in tops:
            folder_swap.check_replaceable(self.out_dir / top)
        swapped: list[str] = []
        try:
            for top in tops:
                self._swap(top)
                swapped.append(top)
        except BaseException:
            for top in reversed(swapped):
                with contextlib.suppress(OSError):
                    self._swap(top)
            raise

    def _swap(self, top: str) -> None:
        aside = self.out_dir / f"{folder_swap.OLD}{top}-{self.id}"
        folder_swap.swap(self.staged(top), self.out_dir / top, aside)

    def discard(self) -> None:
        """Remove the trees this build staged (or swapped out) and release the lock."""
        try:
            for entry in self.out_dir.iterdir():
                if entry.name.startswith(folder_swap.NEW) and entry.name.endswith(
                        f"-{self.id}"):
                    with contextlib.suppress(OSError):
                        folder_swap.remove(entry)  # the next build tries again
        finally:
            self._lock.close()


def _same_files(out_dir: Path, top: str, paths: list[str]) -> bool:
    """Whether the top-level entry `top` holds exactly the files of `paths` under it, and
    the folders they need, no more."""
    wanted = {path for path in paths if path == top or path.startswith(top + "/")}
    folders = {path.rsplit("/", 1)[0] for path in wanted if "/" in path}
    for folder in list(folders):
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            folders.add(folder)
    root = out_dir / top
    if root.is_symlink():
        return False
    if not root.is_dir():
        found_files, found_folders = {top} if root.is_file() else set(), set()
    else:
        found_files, found_folders = set(), {top}
        for folder, dirs, names in os.walk(root):
            base = Path(folder).relative_to(out_dir).as_posix()
            if any(os.path.islink(os.path.join(folder, name)) for name in dirs):
                return False
            found_folders.update(f"{base}/{name}" for name in dirs)
            found_files.update(f"{base}/{name}" for name in names)
    return found_files == wanted and found_folders == folders


def _link(old: Path, target: Path) -> bool:
    """Make `target` the unchanged file `old`, with its times; False if it cannot."""
    try:
        os.link(old, target, follow_symlinks=False)
        return True
    except OSError:  # a file system without hard links: copy bytes and times
        pass
    try:
        times = old.stat()
        target.write_bytes(old.read_bytes())
        os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))
        return True
    except OSError:
        return False


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:  # missing, or a folder
        return False


def output_bytes(output: Output) -> bytes:
    return output.source.read_bytes() if output.source is not None else output.data or b""


def write_changed(
    out_dir: Path, outputs: list[Output], previous: dict[str, str]
) -> tuple[dict[str, str], list[str], list[str]]:
    """Write only the outputs whose bytes differ from `previous` (path -> sha256), for previews.

    Without `previous` the whole build is written and swapped in as
    `write_output` does, so stale files from older builds go. Afterwards each
    changed file is replaced on its own (temp file + os.replace, so a reader
    never gets half a file) and files the last build wrote but this one does
    not are removed. Returns the new digests, the paths written and removed.
    """
    data = {output.path: output_bytes(output) for output in outputs}
    digests = {path: hashlib.sha256(body).hexdigest() for path, body in data.items()}
    if not previous:
        write_output(out_dir, outputs)
        return digests, sorted(digests), []
    with output_lock(out_dir):  # the preview server holds it already
        written, removed = _write_changed(out_dir, data, digests, previous)
    return digests, written, removed


def write_patch(
    out_dir: Path, changed: list[Output], gone: list[str], previous: dict[str, str]
) -> tuple[dict[str, str], list[str], list[str]]:
    """`write_changed` after the preview patched its last build (engine/patch.py): `changed`
    holds every output that may differ from `previous`, `gone` the paths it has no more."""
    data = {output.path: output_bytes(output) for output in changed}
    digests = {path: digest for path, digest in previous.items() if path not in gone}
    digests.update((path, hashlib.sha256(body).hexdigest()) for path, body in data.items())
    with output_lock(out_dir):  # the preview server holds it already
        written, removed = _write_changed(out_dir, data, digests, previous)
    return digests, written, removed


def _write_changed(
    out_dir: Path, data: dict[str, bytes], digests: dict[str, str], previous: dict[str, str]
) -> tuple[list[str], list[str]]:
    written = []
    for path, body in data.items():
        target = out_dir / path
        if previous.get(path) == digests[path] and target.is_file():
            continue
        replace_file(target, body)
        written.append(path)
    removed = sorted(previous.keys() - digests.keys())
    for path in removed:
        (out_dir / path).unlink(missing_ok=True)
        _remove_empty_parents(out_dir, (out_dir / path).parent)
    return sorted(written), removed


def replace_file(target: Path, data: bytes) -> None:
    """Write one file so that a reader sees the old bytes or the new, never half of them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # One writer at a time (the preview's build thread), so a fixed temp name is safe.
    temp = target.with_name(f".write-{target.name}")
    temp.write_bytes(data)
    os.replace(temp, target)


def _remove_empty_parents(out_dir: Path, folder: Path) -> None:
    while folder != out_dir and out_dir in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
