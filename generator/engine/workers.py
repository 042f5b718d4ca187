"""State of a forked region-build worker.

A worker gets the build's shared state once, when the pool forks it, instead
of with every task: pickling the national stage for each site would cost more
than building the site. This module-level slot is set only inside workers.
"""

from __future__ import annotations

from typing import Any

_state: tuple[Any, ...] | None = None


def start_worker(*state: Any) -> None:
    global _state
    _state = state


def worker_state() -> tuple[Any, ...]:
    if _state is None:
        raise RuntimeError("worker_state() outside a build worker")
    return _state
