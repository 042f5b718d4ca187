"""Rebuilding one site again and again, redoing only what the edits affect.

The rebuild is the ordinary build (engine/build.py's render_build) with a memo of the
last build's stage results (memo.py): a text whose source and link targets
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
from dataclasses import dataclass, field, replace

from generator.diagnostics import ContentError, Diagnostic
from generator.engine.build import Paths, render_build
from generator.engine.write import write_changed
from generator.memo import Memo


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did."""

    ok: bool
    diagnostics: list[Diagnostic]  # errors when not ok, else warnings
    written: list[str]  # output paths whose bytes changed, relative to the output folder
    removed: list[str]
    made: dict[str, int]  # memo stage -> results computed afresh ("page": pages rendered)
    reused: dict[str, int]  # memo stage -> results taken from the last build
    seconds: float


@dataclass
class Rebuilder:
    """One site's build, kept in memory between rebuilds; the only state the preview keeps."""

    paths: Paths
    site: str
    today: dt.date
    memo: Memo = field(default_factory=Memo)
    _digests: dict[str, str] = field(default_factory=dict)  # path -> sha256 of what is on disk

    def rebuild(self) -> Rebuild:
        """Build the site; write the changed files when it has no errors, else nothing."""
        started = time.perf_counter()
        try:
            result = render_build(self.paths, [self.site], self.today, memo=self.memo)
        except ContentError as exc:
            made, reused = self._counts(succeeded=False)
            return Rebuild(False, exc.diagnostics, [], [], made, reused,
                           time.perf_counter() - started)
        made, reused = self._counts(succeeded=True)
        # The on-disk cache serves the first build; after it the memo holds more, and
        # writing tens of MB of national stage after every article edit would cost a
        # second each time.
        self.paths = replace(self.paths, cache=None)
        self._digests, written, removed = write_changed(
            self.paths.out, result.outputs, self._digests
        )
        return Rebuild(True, result.warnings, written, removed, made, reused,
                       time.perf_counter() - started)

    def _counts(self, succeeded: bool) -> tuple[dict[str, int], dict[str, int]]:
        counts = dict(Counter(self.memo.made)), dict(Counter(self.memo.reused))
        self.memo.finish(succeeded)
        return counts
