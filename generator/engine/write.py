"""Writing a build: the only module that touches the output folder.

A build is written into a staging folder inside the output folder and moved
in only when every file was written, so a failed build leaves the last good
site in place. Only files whose bytes changed are staged and moved: a rebuild
of a large site writes what changed, and a deploy tool that goes by file
times sees only those. Each top-level entry a build produces ends up holding
exactly the build's files; other top-level entries are left alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, error


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, with '/'
    origin: str  # what produced it, named when two outputs claim one path
    data: bytes | None = None
    source: Path | None = None  # a file copied as it is


def find_conflicts(outputs: list[Output]) -> list[Diagnostic]:
    """Two outputs that claim one path (e.g. an alias equal to a page) are an error."""
    seen: dict[str, Output] = {}
    problems = []
    for output in outputs:
        first = seen.setdefault(output.path, output)
        if first is not output:
            problems.append(error(output.origin, 1,
                                  f"writes {output.path}, which {first.origin} writes too"))
    return problems


def write_output(out_dir: Path, outputs: list[Output]) -> None:
    """Write `outputs` under `out_dir`; each top-level entry they touch holds only them."""
    staging = Staging(out_dir)
    try:
        staging.commit(staging.write(outputs))
    finally:
        staging.discard()


class Staging:
    """A folder inside the output folder that a build fills and then moves in.

    Region builds running in parallel processes each write their own site
    into the same staging folder; only the parent commits.
    """

    def __init__(self, out_dir: Path):
        # A failed first build leaves no output folder behind, not even an empty one.
        self._made_out_dir = not out_dir.exists()
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self.path = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))

    def write(self, outputs: list[Output]) -> list[str]:
        """Stage every output whose bytes differ from the output folder's; returns all paths."""
        for output in outputs:
            data = output_bytes(output)
            if _holds(self.out_dir / output.path, data):
                continue
            target = self.path / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return [output.path for output in outputs]

    def commit(self, paths: list[str]) -> None:
        """Move the staged files in and remove files of the touched top-level entries that
        the build did not produce; `paths` is every output path of the build."""
        keep = set(paths)
        tops = {path.split("/", 1)[0] for path in keep}
        for top in sorted(tops):
            _remove_unwanted(self.out_dir, top, keep)
        for folder, _, names in os.walk(self.path):
            for name in names:
                staged = Path(folder, name)
                target = self.out_dir / staged.relative_to(self.path)
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)  # a file now stands where a folder stood
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)

    def discard(self) -> None:
        """Remove what is left of the staging folder: all of it unless committed."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._made_out_dir and not any(self.out_dir.iterdir()):
            self.out_dir.rmdir()


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:  # missing, or a folder
        return False


def _remove_unwanted(out_dir: Path, top: str, keep: set[str]) -> None:
    target = out_dir / top
    if top not in keep and (target.is_symlink() or target.is_file()):
        target.unlink()  # a folder now stands where a file stood
    if top in keep or not target.is_dir() or target.is_symlink():
        return
    for folder, dirs, names in os.walk(target, topdown=False):
        base = Path(folder)
        for name in names:
            if (base / name).relative_to(out_dir).as_posix() not in keep:
                (base / name).unlink()
        for name in dirs:
            path = base / name
            if path.is_symlink() or path.is_file():
                if path.relative_to(out_dir).as_posix() not in keep:
                    path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()


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
    return digests, sorted(written), removed


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
