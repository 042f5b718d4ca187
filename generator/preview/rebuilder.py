"""Rebuilding one site again and again, redoing only what the edits affect.

The rebuild is the ordinary build (engine/build.py's render_build) with the
store (store.py) kept in memory between rebuilds, over the store's file when
there is one: a text whose source and link targets
did not change is not parsed or rendered again, a page whose data and
templates did not change is not rendered again, and the national stage is
reused whole while only regional files change. Only files whose bytes
changed are written. So the result is the clean build's by construction,
and tests/test_incremental.py checks it byte for byte over random edits.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field

from generator.diagnostics import ContentError, Diagnostic
from generator.engine.build import Paths, open_store, render_build
from generator.engine.write import write_changed
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


@dataclass
class Rebuilder:
    """One site's build, kept in memory between rebuilds; the only state the preview keeps."""

    paths: Paths
    site: str
    today: dt.date
    store: Store = field(init=False)  # in memory, over paths.cache's file when there is one
    _digests: dict[str, str] = field(default_factory=dict)  # path -> sha256 of what is on disk

    def __post_init__(self) -> None:
        self.store = open_store(self.paths, memory=True)

    def rebuild(self) -> Rebuild:
        """Build the site; write the changed files when it has no errors, else nothing."""
        started = time.perf_counter()
        try:
            result = render_build(self.paths, [self.site], self.today, store=self.store)
        except ContentError as exc:
            made, reused = self._counts(succeeded=False)
            return Rebuild(False, exc.diagnostics, [], [], made, reused,
                           time.perf_counter() - started)
        made, reused = self._counts(succeeded=True)
        self._digests, written, removed = write_changed(
            self.paths.out, result.outputs, self._digests
        )
        return Rebuild(True, result.warnings, written, removed, made, reused,
                       time.perf_counter() - started)

    def _counts(self, succeeded: bool) -> tuple[dict[str, int], dict[str, int]]:
        counts = dict(Counter(self.store.made)), dict(Counter(self.store.reused))
        self.store.finish(succeeded)
        return counts
