"""Debouncing file events: many events in a burst become one batch, one rebuild.

A save can touch several files, and editors write temp files, rename and
delete around the real one. A batch is due once no event came for `quiet`
seconds, or `longest` seconds after its first event, so a steady stream of
events (a sync tool copying a folder) still gives a rebuild now and then.

Pure bookkeeping with an injected clock: the caller decides how to wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Debouncer:
    quiet: float = 0.1
    longest: float = 1.0
    clock: Callable[[], float] = time.monotonic
    _paths: dict[str, None] = field(default_factory=dict)  # in arrival order, without repeats
    _first: float = 0.0
    _last: float = 0.0

    def add(self, path: str) -> None:
        now = self.clock()
        if not self._paths:
            self._first = now
        self._last = now
        self._paths[path] = None

    def due_in(self) -> float | None:
        """Seconds until the pending batch is due (0: now), or None when nothing is pending."""
        if not self._paths:
            return None
        due = min(self._last + self.quiet, self._first + self.longest)
        return max(0.0, due - self.clock())

    def take(self) -> tuple[str, ...]:
        """The batch, if it is due (else empty); taking it starts a new batch."""
        if self.due_in() != 0.0:
            return ()
        paths = tuple(self._paths)
        self._paths.clear()
        return paths
