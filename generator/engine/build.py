"""A build, top to bottom: load the national files -> the national stage once
(engine/national.py, through the store) -> each site's stage, which loads its region's
files (engine/site.py) -> write.

Sites are built one after another or in forked processes, each handed to a
sink output by output: `build` stages it in the output folder's staging
area, and nothing reaches the output itself unless the whole build is free of
errors; `render_build` keeps everything in memory instead, for the preview
server and the tests. Both run the one flow in `_run`.

Before it reads anything, a build that writes asks the store whether it needs
to: not when no file it reads has changed (engine/up_to_date.py); only in part
when the bodies of texts or fills are all that changed (engine/targeted.py, from
what engine/site_record.py recorded of each site).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.audio.listen import recordings
from generator.audio.synthesis import Synthesiser
from generator.content.layout import region_file
from generator.content.load import load_content, regions_without_file
from generator.content.model import ContentTree
from generator.diagnostics import ContentError, Diagnostic, has_errors
from generator.editorial.lix import TextLix, lattlast_warnings
from generator.editorial.reviews import overdue_reviews
from generator.engine import up_to_date
from generator.engine.background import Background
from generator.engine.image_files import ImageFiles
from generator.engine.national import National, render_national
from generator.engine.recording import national_record_of
from generator.engine.site import (
    BROWSER_LIBS,
    Paths,
    Shared,
    SiteState,
    chooser_outputs,
)
from generator.engine.site_record import Pointer, put_national, put_pointer
from generator.engine.site_workers import Sink, built_sites, discard
from generator.engine.targeted import CHOOSER_TOPS, targeted_build
from generator.engine.up_to_date import outputs_stamp, top_stamp
from generator.engine.write import Output, Staging, find_conflicts
from generator.render.markdown import Parsers, make_parsers
from generator.render.pages import site_refs
from generator.render.theme import load_theme
from generator.search.files import PartFiles
from generator.site_urls import CHOOSER, site_folder
from generator.sites import SiteId, regions_of, sites_of
from generator.store import Store
from generator.store_file import StoreFile


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class BuildResult:
    pages: dict[str, int]  # site name -> number of HTML pages, in build order
    warnings: list[Diagnostic]
    # Every text file the built sites show; of a build that writes, the national only.
    lix: list[TextLix]
    outputs: list[Output]  # every file, for a build in memory; empty when written
    up_to_date: bool = False
    state: SiteState | None = None  # a build of one site in memory, for the preview


# Called after each site with its name, its number of pages and the number of sites.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class _Done:
    result: BuildResult
    written: list[str]  # what the sink was given, as `Staging.commit` takes it
    site_records: dict[SiteId, str]  # site -> key of its record in the store
    national_record: str | None  # key of the record all sites share, when recorded


def build(
    paths: Paths,
    sites: list[SiteId] | None,
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
            return _run(paths, sites, today, speech, store, jobs, progress, discard,
                        keep_lix=True).result
        # Stamped before anything is read: a file edited during the build changes them.
        entries = input_entries(paths, sites) if speech is None and store.file else None
        stamp = inputs_stamp(paths, sites, today, store, entries) if entries else None
        found = recorded_build(paths, sites, store, stamp)
        if found is not None:
            return found
        targeted = entries and targeted_build(paths, sites, today, store, entries, jobs)
        if targeted:
            found = BuildResult(targeted.pages, targeted.warnings, [], [])
            record_build(paths, sites, store, stamp, found, targeted.stamps)
            return found
        staging = Staging(paths.out)
        known: dict[str, str] = {}
        try:
            done = _run(paths, sites, today, speech, store, jobs, progress, staging.write,
                        entries=entries)
            staging.commit(done.written)
            if store.file is not None and done.national_record is not None:
                known = _point_at_records(store.file, paths.out, sites, done)
        finally:
            staging.discard()
        record_build(paths, sites, store, stamp, done.result, known)
    finally:
        store.close()
    return done.result


def render_build(
    paths: Paths,
    sites: list[SiteId] | None,
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
        result = _run(paths, sites, today, speech, store, 1, None, keep, keep_lix=True,
                      keep_state=True).result
    finally:
        if own:
            store.close()
    state = result.state and replace(result.state, outputs=outputs)
    return replace(result, outputs=outputs, state=state)


def _point_at_records(
    file: StoreFile, out: Path, sites: list[SiteId] | None, done: _Done
) -> dict[str, str]:
    """Say in the store which records describe the sites the build just wrote, and how
    their folders were left (engine/site_record.py); returns the stamps taken."""
    national = done.national_record
    assert national is not None
    folders = {site: site_folder(site) for site in done.site_records}
    known = {folder: top_stamp(out / folder) for folder in folders.values()}
    for site, record in done.site_records.items():
        folder = folders[site]
        put_pointer(file, out, folder, Pointer(record, national, known[folder]))
    if sites is None:
        known.update((top, top_stamp(out / top)) for top in CHOOSER_TOPS)
        put_pointer(file, out, CHOOSER, Pointer("", national, outputs_stamp(
            out, CHOOSER_TOPS, known)))
    return known


def _run(
    paths: Paths,
    sites: list[SiteId] | None,
    today: dt.date,
    speech: Synthesiser | None,
    store: Store,
    jobs: int,
    progress: Progress | None,
    sink: Sink,
    keep_lix: bool = False,
    keep_state: bool = False,
    entries: up_to_date.Entries | None = None,
) -> _Done:
    """The build: the shared stage, each site into `sink`, then the chooser; every problem
    collected, and ContentError raised at the end if any is an error. The result's LIX
    holds the national texts' only, unless `keep_lix`. With `keep_state`, a build of one
    site in this process keeps what the preview patches edits into. With `entries` (the
    stamps of what it reads), it records what each site was made from in the store."""
    shared, selected, problems, body = _prepare(paths, sites, today, speech, store, jobs)
    with shared.national_part:  # a build that stops early leaves no process behind
        every_site: up_to_date.Entries = {}
        if entries is not None:
            every_site, own = up_to_date.split_entries(entries, paths.content)
            shared = replace(shared, own_entries=own)
        body += lattlast_warnings(shared.national.lix, shared.tree.config.lix_limit_lattlast)
        results = []
        for result in built_sites(shared, selected, sink, jobs, keep_lix, keep_state):
            results.append(result)
            if progress is not None:
                progress(result.site.name, result.pages, len(selected))
        results.sort(key=lambda result: selected.index(result.site))
        written = [top for result in results for top in result.tops]
        if sites is None:
            chooser, found = chooser_outputs(shared)
            problems += found + find_conflicts(chooser)
            written += sink(chooser)
        shared_problems = list(problems)
        problems += body
        lix = {t.path: t for t in shared.national.lix}
        for result in results:
            problems += result.problems
            lix.update((t.path, t) for t in result.lix)
        texts = [lix[path] for path in sorted(lix)]
        store.flush()
        problems += store.take_warnings()
        if has_errors(problems):
            raise ContentError(problems)
        pages = {r.site.name: r.pages for r in results if shared.theme}
        built = results[0].built if len(results) == 1 and sites is not None else None
        state = SiteState(shared, built, [], problems) if built is not None else None
        result = BuildResult(pages, sorted(set(problems)), texts, [], state=state)
        national = None
        if shared.own_entries is not None and store.file is not None:
            made = national_record_of(shared, every_site, shared_problems, body)
            national = made and put_national(store.file, made)
        return _Done(result, written, {r.site: r.record for r in results if r.record}, national)


def _prepare(
    paths: Paths,
    sites: list[SiteId] | None,
    today: dt.date,
    speech: Synthesiser | None,
    store: Store,
    jobs: int,
) -> tuple[Shared, list[SiteId], list[Diagnostic], list[Diagnostic]]:
    """Load the content and do the work every site shares; raises ContentError if unusable.
    Returns the problems found, and apart, those of the national texts' bodies."""
    # Each site loads its own region's files (engine/site.py); here only the folders of
    # regions without a region.yml, whose texts are errors, and only for every site.
    only = regions_without_file(paths.content) if sites is None else set()
    tree, problems = load_content(paths.content, str(paths.content), only, store)
    if tree is None:
        raise ContentError(problems)
    selected = _select_sites(tree, sites, problems)
    parsers = make_parsers()
    # The national search part is indexed in a second process: a site asks for it when it
    # writes its search files (one site in this process: last); the parent's heap
    # forked workers share does not hold what indexing takes on the way.
    national, part, body = _national(tree, parsers, store, jobs, jobs > 1)
    store.flush()  # before workers fork: each writes only what it makes
    problems += overdue_reviews(tree, today)
    # Outside the national stage: a recording's length depends on the file's bytes.
    recorded, found = recordings(national.articles, tree.files, paths.content)
    problems += found
    theme, found = load_theme(paths.themes, tree.config.theme, str(paths.themes))
    problems += found
    if has_errors(problems + body):
        speech = None  # nothing will be written; don't spend minutes speaking it
    # Every site shows the national images: resized here, once, not in each site's process.
    images = ImageFiles(paths.content, store)
    if not has_errors(problems + body):
        images = images.prepare((text.media for text in national.rendered.values()),
                                tree.images)
        store.flush()
    shared = Shared(paths, today, tree, national, part, parsers, theme, site_refs(tree), recorded,
                    speech, store, images)
    return shared, selected, problems, body


def _select_sites(
    tree: ContentTree, sites: list[SiteId] | None, problems: list[Diagnostic]
) -> list[SiteId]:
    every = sites_of(tree.regions)
    if sites is None:
        return every
    unknown = [site for site in sites if site not in every]
    if unknown and has_errors(problems) and all(
            site.region and region_file(site.region) in tree.files for site in unknown):
        # The region is there but its region.yml is not valid: its errors say why.
        raise ContentError(problems)
    if unknown:
        raise UnknownSite(f"unknown region {', '.join(map(str, unknown))}; "
                          f"choose one of: {', '.join(map(str, every))}")
    return sites


def _national(
    tree: ContentTree, parsers: Parsers, store: Store, jobs: int, fork_part: bool
) -> tuple[National, Background[PartFiles], list[Diagnostic]]:
    """The national stage: whole from the preview's memory while no national input changed
    (a fill edit), else text by text through the store."""
    if not store.memory:
        return render_national(tree, parsers, store, jobs, fork_part)
    # Everything render_national reads from the tree: national articles, sections and
    # languages (search results name translations), the file list (links to media) and
    # the refused files, and the images' facts (an image edited in place keeps its name).
    # Compared with the last build's, not digested: the texts are mostly the same objects.
    inputs = (sorted(tree.articles.items()), sorted(tree.sections.items()),
              sorted(tree.languages.items()), tree.files, dict(tree.refused),
              dict(tree.images))
    return store.get_same("national", "national", inputs,
                          lambda: render_national(tree, parsers, store, jobs, fork_part))


def recorded_build(
    paths: Paths, sites: list[SiteId] | None, store: Store, stamp: str | None
) -> BuildResult | None:
    """What the build of `sites` from inputs with this stamp reported, when the output
    folder still holds what it wrote (engine/up_to_date.py); else None."""
    found = stamp and store.file and up_to_date.recorded(store.file, stamp, paths.out,
                                                         _folders(sites))
    if not found:
        return None
    return BuildResult(found.pages, found.warnings, [], [], up_to_date=True)


def record_build(
    paths: Paths, sites: list[SiteId] | None, store: Store, stamp: str | None, result: BuildResult,
    known: dict[str, str] | None = None,
) -> None:
    """Record that the output folder holds what a build from inputs with `stamp` wrote;
    `known` holds stamps of its top-level entries taken since (up_to_date.top_stamp)."""
    if stamp and store.file:
        up_to_date.record(store.file, stamp, paths.out, _folders(sites), result.pages,
                          result.warnings, known or {})


def input_entries(paths: Paths, sites: list[SiteId] | None) -> up_to_date.Entries:
    """Every file a build of `sites` reads, with its stamp (engine/up_to_date.py)."""
    libs = [paths.node_modules / rel for rel in BROWSER_LIBS.values()]
    return up_to_date.input_entries(paths.content, paths.themes, libs, regions_of(sites))


def inputs_stamp(
    paths: Paths, sites: list[SiteId] | None, today: dt.date, store: Store,
    entries: up_to_date.Entries | None = None,
) -> str | None:
    """The stamp of every file a build of `sites` reads (`entries`, when already taken);
    None without a store file."""
    if store.file is None:
        return None
    found = input_entries(paths, sites) if entries is None else entries
    return up_to_date.inputs_stamp(found, paths.out, _folders(sites), today,
                                   store.file.version)


def _folders(sites: list[SiteId] | None) -> list[str] | None:
    """The output folders of `sites`, as engine/up_to_date.py stamps them."""
    return None if sites is None else [site_folder(site) for site in sites]


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
