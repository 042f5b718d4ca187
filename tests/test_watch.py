"""What the preview watches: enough to see every edit, little enough to stay reliable."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path, PurePosixPath

from conftest import THEMES

from generator.build import Paths
from generator.changes import Roots
from generator.serve import _watch, watched_folders


def test_only_the_previewed_region_is_watched_in_depth(content, tmp_path):
    paths = Paths(content, THEMES, tmp_path / "out")
    watched = {folder.relative_to(content).as_posix() if content in folder.parents or
               folder == content else "themes": recursive
               for folder, recursive in watched_folders(paths, "alfa")}
    assert watched == {".": False, "national": True, "regional": False, "regional/alfa": True,
                       "regional/beta": False, "themes": True}


def test_an_edit_is_seen_after_the_build_read_thousands_of_files(content, tmp_path):
    # Each read is an open and a close, which the preview does not subscribe to: a
    # rebuild of a large tree reads more files than the kernel queues events (16,384).
    many = content / "regional/alfa/overlays/vard/avgifter"
    for number in range(5000):
        (many / f"extra-{number}.txt").write_text("x")
    seen: list[str] = []
    edited = threading.Event()
    fill = many / "kostnad.md"

    def changed(path: str) -> None:
        seen.append(path)
        if path == str(fill.resolve()):
            edited.set()

    paths = Paths(content, THEMES, tmp_path / "out")
    roots = Roots(*(PurePosixPath(p.resolve().as_posix()) for p in (content, THEMES, paths.out)))
    observer = _watch(paths, "alfa", roots, False, changed)
    try:
        # Read by another process, as fast as the system allows.
        for _ in range(3):
            subprocess.run(["find", str(many), "-type", "f", "-exec", "cat", "{}", "+"],
                           check=True, stdout=subprocess.DEVNULL)
        fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")
        assert edited.wait(10), f"the edit was not seen; events: {seen[:5]}"
    finally:
        observer.stop()
        observer.join(timeout=5)
    assert all(Path(path).suffix != ".txt" for path in seen)
