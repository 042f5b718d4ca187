"""A build, top to bottom: load the national files -> the national stage once
(engine/national.py, through the store) -> each site's stage, which loads its region's
files (engine/site.py) -> write.

Sites are built one after another or in forked processes, each handed to a
sink output by output: `build` stages it in the output folder's staging
area, and nothing reaches the output itself unless the whole build is free of
errors; `render_build` keeps everything in memory instead, for the preview
server and the tests. Both run the one flow in `_run`.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from generator.audio.listen import recordings
from generator.audio.synthesis import Synthesiser
from generator.content.layout import region_file
from generator.content.load import load_content, regions_without_file
from generator.content.model import ContentTree
from generator.diagnostics import ContentError, Diagnostic, has_errors
from generator.editorial.lix import TextLix, lattlast_warnings
from generator.editorial.reviews import overdue_reviews
from generator.engine import up_to_date, workers
from generator.engine.national import National, render_national
from generator.engine.site import (
    BROWSER_LIBS,
    Paths,
    Shared,
    SiteBuild,
    SiteState,
    build_site,
    chooser_outputs,
    site_outputs,
)
from generator.engine.write import Output, Staging, find_conflicts, parent_folders
from generator.render.markdown import Parsers, make_parsers
from generator.render.pages import site_refs
from generator.render.theme import load_theme
from generator.site_urls import NATIONAL
from generator.store import Store
from generator.store_file import StoreFile


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class BuildResult:
    pages: dict[str, int]  # site slug -> number of HTML pages, in build order
    warnings: list[Diagnostic]
    # Every text file the built sites show; of a build that writes, the national only.
    lix: list[TextLix]
    outputs: list[Output]  # every file, for a build in memory; empty when written
    up_to_date: bool = False
    state: SiteState | None = None  # a build of one site in memory, for the preview


# Takes a site's (or the chooser's) files, made as it asks for them, and returns their paths.
Sink = Callable[[Iterable[Output]], list[str]]
# Called after each site with its slug, its number of pages and the number of sites.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class _SiteResult:
    slug: str
    pages: int
    problems: list[Diagnostic]
    lix: list[TextLix]  # of the site's own texts, when the build's result holds them
    tops: list[str]  # the top-level entries of the output folder handed to the sink
    built: SiteBuild | None  # kept for the preview only


def build(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None = None,
    *,
    jobs: int = 1,
    write: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build `sites` (None: every site and the chooser) and write them; the output folder is
    untouched unless the build succeeds.

    Sites are written into a staging folder as they are done, so memory holds
    one site's pages at a time, not every site's. With `jobs` > 1 the sites are
    built in that many forked processes, which share the national stage.
    With `speech`, pages without a recording get generated audio, from its cache
    when the text was spoken before. `write=False` builds without writing
    anything (check, report). Raises ContentError with every problem when any
    is an error.
    """
    store = open_store(paths)
    try:
        if not write:
            return _run(paths, sites, today, speech, store, jobs, progress, _discard,
                        keep_lix=True)[0]
        # Stamped before anything is read: a file edited during the build changes it.
        stamp = inputs_stamp(paths, sites, today, store) if speech is None else None
        found = recorded_build(paths, sites, store, stamp)
        if found:
            return found
        staging = Staging(paths.out)
        try:
            result, written = _run(paths, sites, today, speech, store, jobs, progress,
                                   staging.write)
            staging.commit(written)
        finally:
            staging.discard()
        record_build(paths, sites, store, stamp, result)
    finally:
        store.close()
    return result


def render_build(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None = None,
    store: Store | None = None,
) -> BuildResult:
    """`build` in memory: every file is in the result's outputs, nothing is written.

    `store` keeps stage results between the preview server's rebuilds (default:
    the store in `paths.cache`); the output is the same with or without it.
    """
    outputs: list[Output] = []

    def keep(found: Iterable[Output]) -> list[str]:
        start = len(outputs)
        outputs.extend(found)
        return [output.path for output in outputs[start:]]

    own = store is None
    store = open_store(paths) if store is None else store
    try:
        result, _ = _run(paths, sites, today, speech, store, 1, None, keep, keep_lix=True,
                         keep_state=True)
    finally:
        if own:
            store.close()
    state = result.state and replace(result.state, outputs=outputs)
    return replace(result, outputs=outputs, state=state)


def _discard(outputs: Iterable[Output]) -> list[str]:
    return [output.path for output in outputs]


def _run(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None,
    store: Store,
    jobs: int,
    progress: Progress | None,
    sink: Sink,
    keep_lix: bool = False,
    keep_state: bool = False,
) -> tuple[BuildResult, list[str]]:
    """The build: the shared stage, each site into `sink`, then the chooser; every problem
    collected, and ContentError raised at the end if any is an error. The result's LIX
    holds the national texts' only, unless `keep_lix`. With `keep_state`, a build of one
    site in this process keeps what the preview patches edits into."""
    shared, selected, problems = _prepare(paths, sites, today, speech, store, jobs)
    results = []
    for result in _built_sites(shared, selected, sink, jobs, keep_lix, keep_state):
        results.append(result)
        if progress is not None:
            progress(result.slug, result.pages, len(selected))
    results.sort(key=lambda result: selected.index(result.slug))
    written = [top for result in results for top in result.tops]
    if sites is None:
        chooser, found = chooser_outputs(shared)
        problems += found + find_conflicts(chooser)
        written += sink(chooser)
    lix = {t.path: t for t in shared.national.lix}
    for result in results:
        problems += result.problems
        lix.update((t.path, t) for t in result.lix)
    texts = [lix[path] for path in sorted(lix)]
    problems += lattlast_warnings(shared.national.lix, shared.tree.config.lix_limit_lattlast)
    store.flush()
    problems += store.take_warnings()
    if has_errors(problems):
        raise ContentError(problems)
    pages = {r.slug: r.pages for r in results if shared.theme}
    built = results[0].built if len(results) == 1 and sites is not None else None
    state = SiteState(shared, built, [], problems) if built is not None else None
    return BuildResult(pages, sorted(set(problems)), texts, [],
                       state=state), written


def _prepare(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None,
    store: Store,
    jobs: int,
) -> tuple[Shared, list[str], list[Diagnostic]]:
    """Load the content and do the work every site shares; raises ContentError if unusable."""
    # Each site loads its own region's files (engine/site.py); here only the folders of
    # regions without a region.yml, whose texts are errors, and only for every site.
    only = regions_without_file(paths.content) if sites is None else set()
    tree, problems = load_content(paths.content, str(paths.content), only, store)
    if tree is None:
        raise ContentError(problems)
    selected = _select_sites(tree, sites, problems)
    parsers = make_parsers()
    national, found = _national(tree, parsers, store, jobs)
    store.flush()  # before workers fork: each writes only what it makes
    problems += found + overdue_reviews(tree, today)
    # Outside the national stage: a recording's length depends on the file's bytes.
    recorded, found = recordings(national.articles, tree.files, paths.content)
    problems += found
    theme, found = load_theme(paths.themes, tree.config.theme, str(paths.themes))
    problems += found
    if has_errors(problems):
        speech = None  # nothing will be written; don't spend minutes speaking it
    shared = Shared(paths, today, tree, national, parsers, theme, site_refs(tree), recorded,
                    speech, store)
    return shared, selected, problems


def _built_sites(
    shared: Shared, selected: list[str], sink: Sink, jobs: int, lix: bool, keep: bool = False
) -> Iterator[_SiteResult]:
    """Each site built and handed to `sink`, in the order they finish, with its texts' LIX
    when `lix`; with `keep`, with what it was built from (one process only)."""
    if keep or shared.speech is not None or jobs <= 1 or len(selected) <= 1:
        # Speech runs its own pool of espeak-ng processes and keeps its statistics here.
        for slug in selected:
            yield _site_result(shared, slug, sink, lix, keep)
        return
    # Forked workers inherit the national stage without copying it; frozen objects
    # are left alone by the collector, so their memory pages stay shared. A worker per
    # site: what one site's build leaves in a process's heap is not carried to the next.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=workers.start_worker,
                          initargs=(shared, sink, lix), maxtasksperchild=1) as pool:
            yield from pool.imap_unordered(_build_in_worker, selected)
    finally:
        gc.unfreeze()


def _build_in_worker(slug: str) -> _SiteResult:
    shared, sink, lix = workers.worker_state()
    return _site_result(shared, slug, sink, lix)


def _site_result(
    shared: Shared, slug: str, sink: Sink, lix: bool, keep: bool = False
) -> _SiteResult:
    """One site built and handed to `sink` output by output, so that its bytes are never
    all held at once (what the sink is given is thrown away with the rest of the build
    when a problem turns up on the way). Its texts' LIX comes back only with `lix`, what
    it was built from only with `keep`: the parent holds no site's texts otherwise."""
    built, problems = build_site(shared, slug)
    # A site's own texts (fills, region-only articles) are no other site's.
    problems += lattlast_warnings(built.lix, shared.tree.config.lix_limit_lattlast)
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

    written = (_discard if has_errors(problems) else sink)(outputs())
    problems += found + find_conflicts(seen)
    pages = sum(o.path.endswith(".html") for o in seen)
    shared.store.flush()
    tops = sorted({path.split("/", 1)[0] for path in written})
    return _SiteResult(slug, pages, problems + shared.store.take_warnings(),
                       built.lix if lix else [], tops, built if keep else None)


def _select_sites(
    tree: ContentTree, sites: list[str] | None, problems: list[Diagnostic]
) -> list[str]:
    every = [NATIONAL] + sorted(tree.regions)
    if sites is None:
        return every
    unknown = [s for s in sites if s not in every]
    if unknown and has_errors(problems) and all(
            region_file(slug) in tree.files for slug in unknown):
        # The region is there but its region.yml is not valid: its errors say why.
        raise ContentError(problems)
    if unknown:
        raise UnknownSite(
            f"unknown region {', '.join(unknown)}; choose one of: {', '.join(every)}"
        )
    return sites


def _national(
    tree: ContentTree, parsers: Parsers, store: Store, jobs: int
) -> tuple[National, list[Diagnostic]]:
    """The national stage: whole from the preview's memory while no national input changed
    (a fill edit), else text by text through the store."""
    if not store.memory:
        return render_national(tree, parsers, store, jobs)
    # Everything render_national reads from the tree: national articles and
    # sections, the file list (links to media) and the refused files. Compared
    # with the last build's, not digested: the texts are mostly the same objects.
    inputs = (sorted(tree.articles.items()), sorted(tree.sections.items()), tree.files,
              dict(tree.refused))
    return store.get_same("national", "national", inputs,
                          lambda: render_national(tree, parsers, store, jobs))


def recorded_build(
    paths: Paths, sites: list[str] | None, store: Store, stamp: str | None
) -> BuildResult | None:
    """What the build of `sites` from inputs with this stamp reported, when the output
    folder still holds what it wrote (engine/up_to_date.py); else None."""
    found = stamp and store.file and up_to_date.recorded(store.file, stamp, paths.out, sites)
    if not found:
        return None
    return BuildResult(found.pages, found.warnings, [], [], up_to_date=True)


def record_build(
    paths: Paths, sites: list[str] | None, store: Store, stamp: str | None, result: BuildResult
) -> None:
    """Record that the output folder holds what a build from inputs with `stamp` wrote."""
    if stamp and store.file:
        up_to_date.record(store.file, stamp, paths.out, sites, result.pages, result.warnings)


def input_entries(paths: Paths, sites: list[str] | None) -> up_to_date.Entries:
    """Every file a build of `sites` reads, with its stamp (engine/up_to_date.py)."""
    libs = [paths.node_modules / rel for rel in BROWSER_LIBS.values()]
    return up_to_date.input_entries(paths.content, paths.themes, libs, sites)


def inputs_stamp(
    paths: Paths, sites: list[str] | None, today: dt.date, store: Store,
    entries: up_to_date.Entries | None = None,
) -> str | None:
    """The stamp of every file a build of `sites` reads (`entries`, when already taken);
    None without a store file."""
    if store.file is None:
        return None
    found = input_entries(paths, sites) if entries is None else entries
    return up_to_date.inputs_stamp(found, paths.out, sites, today, store.file.version)


def load_every_region(paths: Paths) -> tuple[ContentTree | None, list[Diagnostic]]:
    """The whole content tree, every region at once, through the store (what a build just
    parsed is not parsed again): a build loads each region in its own site's stage, and
    `check` and `report` need them all. The store's warnings, if any, the build gave."""
    store = open_store(paths)
    try:
        return load_content(paths.content, str(paths.content), store=store)
    finally:
        store.close()


def open_store(paths: Paths, memory: bool = False) -> Store:
    """The store a build reads and writes: `paths.cache`'s file, or none."""
    return Store(StoreFile.open(paths.cache) if paths.cache is not None else None, memory)
