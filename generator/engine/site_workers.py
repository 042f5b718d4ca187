"""Each site of a build made and handed to the build's sink: one after another, or in
forked worker processes, a fresh one per site.

A worker gets the build's shared state once, when the pool forks it, instead
of with every task: pickling the national stage for each site would cost more
than building the site. The module-level slot that holds it is set only inside
workers.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator.diagnostics import Diagnostic, has_errors
from generator.editorial.lix import TextLix, lattlast_warnings
from generator.engine.recording import record_of_site
from generator.engine.site import Shared, SiteBuild, build_site, site_outputs
from generator.engine.site_record import put_site
from generator.engine.write import Output, find_conflicts, parent_folders
from generator.sites import SiteId

# Takes a site's (or the chooser's) files, made as it asks for them, and returns their paths.
Sink = Callable[[Iterable[Output]], list[str]]


@dataclass(frozen=True)
class SiteResult:
    site: SiteId
    pages: int
    problems: list[Diagnostic]
    lix: list[TextLix]  # of the site's own texts, when the build's result holds them
    tops: list[str]  # the top-level entries of the output folder handed to the sink
    built: SiteBuild | None  # kept for the preview only
    record: str | None  # key of what the site was made from in the store, if recorded


def built_sites(
    shared: Shared, selected: list[SiteId], sink: Sink, jobs: int, lix: bool, keep: bool = False
) -> Iterator[SiteResult]:
    """Each site built and handed to `sink`, in the order they finish, with its texts' LIX
    when `lix`; with `keep`, with what it was built from (one process only)."""
    if keep or shared.speech is not None or jobs <= 1 or len(selected) <= 1:
        # Speech runs its own pool of espeak-ng processes and keeps its statistics here.
        for site in selected:
            yield site_result(shared, site, sink, lix, keep)
        return
    # Forked workers inherit the national stage without copying it; frozen objects
    # are left alone by the collector, so their memory pages stay shared. A worker per
    # site: what one site's build leaves in a process's heap is not carried to the next.
    shared.national_part.result()  # before the fork: a worker cannot wait on the parent's
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker,
                          initargs=(shared, sink, lix), maxtasksperchild=1) as pool:
            yield from pool.imap_unordered(_build_in_worker, selected)
    finally:
        gc.unfreeze()


def _build_in_worker(site: SiteId) -> SiteResult:
    shared, sink, lix = _worker_state()
    return site_result(shared, site, sink, lix)


def site_result(
    shared: Shared, site: SiteId, sink: Sink, lix: bool, keep: bool = False
) -> SiteResult:
    """One site built and handed to `sink` output by output, so that its bytes are never
    all held at once (what the sink is given is thrown away with the rest of the build
    when a problem turns up on the way). Its texts' LIX comes back only with `lix`, what
    it was built from only with `keep`: the parent holds no site's texts otherwise."""
    built, problems, body = build_site(shared, site)
    # A site's own texts (fills, region-only articles) are no other site's.
    body += lattlast_warnings(built.lix, shared.tree.config.lix_limit_lattlast)
    found: list[Diagnostic] = []
    seen: list[Output] = []  # without their bytes, to find two that claim one path
    files: set[str] = set()
    folders: set[str] = set()

    def outputs() -> Iterator[Output]:
        for output in site_outputs(shared, built, found):
            seen.append(replace(output, data=None))
            parents = parent_folders(output.path)
            if output.path in files or output.path in folders or not files.isdisjoint(parents):
                continue  # a conflict, reported below: the sink could not take both
            files.add(output.path)
            folders.update(parents)
            yield output

    written = (discard if has_errors(problems + body) else sink)(outputs())
    problems += found + find_conflicts(seen)
    pages = sum(o.path.endswith(".html") for o in seen)
    record = None
    if shared.store.file is not None and not has_errors(problems + body):
        made = record_of_site(shared, built, problems, body, pages)
        record = made and put_site(shared.store.file, made)
    shared.store.flush()
    tops = sorted({path.split("/", 1)[0] for path in written})
    return SiteResult(site, pages, problems + body + shared.store.take_warnings(),
                       built.lix if lix else [], tops, built if keep else None, record)


def discard(outputs: Iterable[Output]) -> list[str]:
    """A sink that keeps nothing: a build that writes nothing, or one that failed."""
    return [output.path for output in outputs]


_state: tuple[Any, ...] | None = None


def _start_worker(*state: Any) -> None:
    global _state
    _state = state


def _worker_state() -> tuple[Any, ...]:
    if _state is None:
        raise RuntimeError("worker state asked for outside a build worker")
    return _state
