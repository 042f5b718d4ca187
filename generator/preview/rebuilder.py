"""Rebuilding one site again and again, redoing only what the edits affect.

The rebuild is the ordinary build (engine/build.py's render_build) with the
store (store.py) kept in memory between rebuilds, over the store's file when
there is one: a text whose source and link targets
did not change is not parsed or rendered again, a page whose data and
templates did not change is not rendered again, and the national stage is
reused whole while only regional files change. Only files whose bytes
changed are written. So the result is the clean build's by construction,
and tests/test_incremental.py checks it byte for byte over random edits.

When only the bodies of texts or fills changed, found by comparing every read
file's stamp (engine/up_to_date.py) with the last build's, the last build is
patched instead (engine/patch.py): only those articles' pages and the search
files are made.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field

from generator.diagnostics import ContentError, Diagnostic
from generator.engine.build import (
    Paths,
    input_entries,
    inputs_stamp,
    open_store,
    record_build,
    recorded_build,
    render_build,
)
from generator.engine.patch import Patch, patched, with_search
from generator.engine.site import SiteState
from generator.engine.up_to_date import Entries
from generator.engine.write import write_changed, write_patch
from generator.sites import SiteId
from generator.store import Store


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did."""

    ok: bool
    diagnostics: list[Diagnostic]  # errors when not ok, else warnings
    written: list[str]  # output paths whose bytes changed, relative to the output folder
    removed: list[str]
    made: dict[str, int]  # store stage -> results computed afresh ("page": pages rendered)
    reused: dict[str, int]  # store stage -> results taken from memory or the store's file
    seconds: float
    patched: bool = False  # only the edited articles' pages and the search files were made
    search_due: bool = False  # the search files are not written yet: Rebuilder.catch_up


@dataclass
class Rebuilder:
    """One site's build, kept in memory between rebuilds; the only state the preview keeps."""

    paths: Paths
    site: SiteId
    today: dt.date
    store: Store = field(init=False)  # in memory, over paths.cache's file when there is one
    _digests: dict[str, str] = field(default_factory=dict)  # path -> sha256 of what is on disk
    # The last good build, and the stamps of every file it read, taken before reading.
    _state: SiteState | None = None
    _entries: Entries = field(default_factory=dict)
    _due: Patch | None = None  # a patch whose search files `catch_up` has still to make

    def __post_init__(self) -> None:
        self.store = open_store(self.paths, memory=True)

    def rebuild(self, pages_first: bool = False) -> Rebuild:
        """Build the site; write the changed files when it has no errors, else nothing.

        With `pages_first`, a patched build writes its pages and leaves the search
        files, which take longest, for `catch_up` (`search_due` in the result).
        """
        self.catch_up()
        started = time.perf_counter()
        entries = input_entries(self.paths, [self.site])
        edited = self._edited(entries)
        patch = (patched(self._state, edited, search=not pages_first)
                 if self._state and edited is not None else None)
        if patch is not None:
            self._entries = entries
            self._due = patch if patch.search_due else None
            return self._written(patch, started)
        stamp = inputs_stamp(self.paths, [self.site], self.today, self.store, entries)
        try:
            result = render_build(self.paths, [self.site], self.today, store=self.store)
        except ContentError as exc:
            made, reused = self._counts(succeeded=False)
            return Rebuild(False, exc.diagnostics, [], [], made, reused,
                           time.perf_counter() - started)
        made, reused = self._counts(succeeded=True)
        self._state, self._entries = result.state, entries
        self._digests, written, removed = write_changed(
            self.paths.out, result.outputs, self._digests
        )
        record_build(self.paths, [self.site], self.store, stamp, result)
        self.store.flush()  # the record must outlive the server
        return Rebuild(True, result.warnings, written, removed, made, reused,
                       time.perf_counter() - started)

    def up_to_date(self) -> Rebuild | None:
        """The report of the build that left the output folder, when it still holds what a
        build would write (engine/up_to_date.py): it can be served before any rebuild."""
        stamp = inputs_stamp(self.paths, [self.site], self.today, self.store)
        found = recorded_build(self.paths, [self.site], self.store, stamp)
        return found and Rebuild(True, found.warnings, [], [], {}, {}, 0.0)

    def catch_up(self) -> Rebuild | None:
        """Make and write the search files a pages-first rebuild left; None if none."""
        if self._due is None:
            return None
        started = time.perf_counter()
        patch, self._due = with_search(self._due), None
        return self._written(patch, started)

    def _written(self, patch: Patch, started: float) -> Rebuild:
        made, reused = self._counts(succeeded=True, whole=False)
        self._state = patch.state
        self._digests, written, removed = write_patch(
            self.paths.out, patch.changed, patch.gone, self._digests)
        return Rebuild(True, sorted(set(patch.state.problems)), written, removed, made, reused,
                       time.perf_counter() - started, patched=True,
                       search_due=self._due is not None)

    def _edited(self, entries: Entries) -> list[str] | None:
        """The content files changed since the last good build, by content path, or None
        when a file was added or removed or one outside the content folder changed.
        Editors' hidden and backup files, which no build reads, are left out."""
        now, before = self._read(entries), self._read(self._entries)
        if now.keys() != before.keys():
            return None
        changed = [path for path, stamp in now.items() if stamp != before[path]]
        content = f"{self.paths.content}/"
        if not all(path.startswith(content) for path in changed):
            return None
        return [path[len(content):] for path in changed]

    def _read(self, entries: Entries) -> Entries:
        roots = [f"{self.paths.content}/", f"{self.paths.themes}/"]
        return {path: stamp for path, stamp in entries.items()
                if not any(path.startswith(root) and _leftover(path[len(root):])
                           for root in roots)}

    def _counts(self, succeeded: bool, whole: bool = True) -> tuple[dict[str, int], dict[str, int]]:
        counts = dict(Counter(self.store.made)), dict(Counter(self.store.reused))
        self.store.finish(succeeded, whole)
        return counts


def _leftover(rel: str) -> bool:
    """A hidden file or folder, or an editor's backup: not content, though stamped."""
    return rel.endswith("~") or any(part.startswith(".") for part in rel.split("/"))
