"""What the preview watches: enough to see every edit, little enough to stay reliable."""

from __future__ import annotations

import os
import threading
from pathlib import PurePosixPath

from conftest import THEMES

from generator.engine.build import Paths
from generator.preview.changes import Roots
from generator.preview.server import _watch, watched_folders
from generator.sites import SiteId


def test_only_the_previewed_region_is_watched_in_depth(content, tmp_path):
    paths = Paths(content, THEMES, tmp_path / "out")
    watched = {folder.relative_to(content).as_posix() if content in folder.parents or
               folder == content else "themes": recursive
               for folder, recursive in watched_folders(paths, SiteId("alfa"))}
    assert watched == {".": False, "national": True, "regional": False, "regional/alfa": True,
                       "regional/beta": False, "themes": True}


def test_an_edit_is_seen_after_a_build_listed_thousands_of_folders(content, tmp_path):
    # A large tree has a folder per article and region, and every build lists them all:
    # each listing opens the folder. Were opens subscribed to (watchdog's default), three
    # listings of 10,000 folders would overflow the kernel's event queue (16,384) and the
    # edit after them would be lost; this test fails that way without the event filter.
    overlays = content / "regional/alfa/overlays/vard"
    for number in range(10000):
        (overlays / f"artikel-{number}").mkdir()
        (overlays / f"artikel-{number}/kostnad.md").write_text("x")
    # Another region's folder, watched only shallowly: an edit deep inside it is not reported.
    elsewhere = content / "regional/beta/overlays/vard/avgifter"
    elsewhere.mkdir(parents=True)
    seen: list[str] = []
    edited = threading.Event()
    fill = overlays / "avgifter/kostnad.md"

    def changed(path: str) -> None:
        seen.append(path)
        if path == str(fill.resolve()):
            edited.set()

    paths = Paths(content, THEMES, tmp_path / "out")
    roots = Roots(*(PurePosixPath(p.resolve().as_posix()) for p in (content, THEMES, paths.out)))
    observer = _watch(paths, SiteId("alfa"), roots, False, changed)
    try:
        for _ in range(3):
            for _folder, _dirs, _names in os.walk(content):
                pass
        (elsewhere / "kostnad.md").write_text("x", encoding="utf-8")
        fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")
        assert edited.wait(10), f"the edit was not seen; events: {seen[:5]}"
    finally:
        observer.stop()
        observer.join(timeout=5)
    # The edit and nothing else: not the listings, not the other region's file.
    assert set(seen) == {str(fill.resolve())}
