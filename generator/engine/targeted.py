"""A build in a fresh process that redoes only what changed since the sites were written,
from the store's records of what each was made from (engine/site_record.py).

It applies when each file changed since is the body of a text or fill that the
sites show, its front matter and outline (or slot) as before, and nothing else
changed: no file added or removed, no site file, template or script. Then what
reads those bodies is all that differs: their articles' pages, the search parts
that index them and the warnings of the bodies. Those are made again, through
the store, as the ordinary build makes them (engine/national_again.py once for
a national text, engine/site_again.py per site); every other file of the output
folder stays as it is.

Anything else, or any doubt (a record missing or damaged, an output folder not
as the records left it, a problem found on the way, media that changed) gives
None, and the caller builds as usual. tests/test_targeted.py checks the
result against a clean build byte for byte.

Changed files are replaced one by one, each atomically; a build killed midway
leaves an output folder that no record matches, so the next build is an
ordinary one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.load import load_frame
from generator.content.model import ContentTree
from generator.diagnostics import Diagnostic
from generator.engine.background import Background
from generator.engine.national_again import (
    indexed_national_part,
    national_again,
    with_national_part,
)
from generator.engine.output_lock import output_lock
from generator.engine.site import Paths
from generator.engine.site_again import Around, SiteAgain, site_again, with_search_files
from generator.engine.site_record import (
    Pointer,
    national_record,
    pointer,
    put_national,
    put_pointer,
    put_site,
    site_record,
)
from generator.engine.up_to_date import (
    Entries,
    entries_stamp,
    folder_entries,
    outputs_stamp,
    restamped,
    split_entries,
    top_stamp,
)
from generator.engine.write import previous_output, replace_file
from generator.render.markdown import Parsers, make_parsers
from generator.render.theme import Theme, load_theme
from generator.search.files import NATIONAL_PART, PartFiles, named_by_content
from generator.site_urls import CHOOSER, SEARCH_FILES, STATIC, site_folder
from generator.sites import SiteId, sites_of
from generator.store import Store

# The region chooser's top-level entries in the output folder, beside the sites.
CHOOSER_TOPS = [CHOOSER, STATIC.rstrip("/")]


@dataclass(frozen=True)
class Targeted:
    pages: dict[str, int]  # site name -> number of HTML pages, in build order
    warnings: list[Diagnostic]
    stamps: dict[str, str]  # top-level entry of the output folder -> its stamp now


def targeted_build(
    paths: Paths, sites: list[SiteId] | None, today: dt.date, store: Store, entries: Entries,
    jobs: int = 1,
) -> Targeted | None:
    """The build of `sites` (None: every site), when the records in `store` let it redo
    only what changed in `entries` (the stamps of what it reads): written and recorded;
    else None, and nothing written. With `jobs` > 1, the site folders are walked and
    a national search part is indexed in other processes meanwhile."""
    file = store.file
    if file is None:
        return None
    every_site, own = split_entries(entries, paths.content)
    content = str(paths.content) + "/"
    frame, problems = load_frame(paths.content, str(paths.content), sorted(
        path[len(content):] for path in every_site
        if path.startswith(content) and not path.endswith("/")), store)
    if frame is None or problems:
        return None
    selected = sites if sites is not None else sites_of(frame.regions)
    found = {site: pointer(file, paths.out, site_folder(site)) for site in selected}
    chooser = pointer(file, paths.out, CHOOSER) if sites is None else None
    if None in found.values() or (sites is None and chooser is None):
        return None
    pointers = {site: was for site, was in found.items() if was is not None}
    # Templates that differ from those of the records (their stamps) make no targeted build.
    theme, problems = load_theme(paths.themes, frame.config.theme, str(paths.themes),
                                 compile_all=False)
    if theme is None or problems:
        return None
    with output_lock(paths.out), contextlib.ExitStack() as stack:
        # The site folders are walked (under the lock) while the texts are made again.
        walking = stack.enter_context(Background(
            functools.partial(_walked, paths.out, [site_folder(s) for s in pointers]),
            fork=jobs > 1))
        # Sites built at different times may rest on different national records: each
        # record's sites take what changed since it.
        parsers = make_parsers()
        arounds: dict[str, Around] = {}
        for key in sorted({was.national for was in pointers.values()}):
            around = _around(paths, frame, store, parsers, theme, key, every_site, today)
            if around is None:
                return None
            arounds[key] = around
        indexing = {key: stack.enter_context(Background(
            functools.partial(indexed_national_part, around.national.part), fork=jobs > 1))
            for key, around in arounds.items() if around.national.part is not None}
        return _targeted(paths, store, pointers, chooser, own, arounds, indexing, walking)


def _walked(out: Path, folders: list[str]) -> dict[str, Entries]:
    """What each of these site folders holds, stamped."""
    return {folder: folder_entries(out / folder) for folder in folders}


def _targeted(
    paths: Paths, store: Store, pointers: dict[SiteId, Pointer], chooser: Pointer | None,
    own: dict[str, Entries], arounds: dict[str, Around],
    indexing: dict[str, Background[PartFiles]], walking: Background[dict[str, Entries]],
) -> Targeted | None:
    """`targeted_build` once the national texts are made again, while their search parts
    are indexed (`indexing`, by national record) and the site folders walked (`walking`);
    `own` holds each region's own entries."""
    file = store.file
    assert file is not None
    stamps = {top: top_stamp(paths.out / top) for top in CHOOSER_TOPS if chooser}
    if chooser is not None and outputs_stamp(paths.out, CHOOSER_TOPS, stamps) != chooser.outputs:
        return None
    done: dict[SiteId, SiteAgain] = {}
    for site, was in pointers.items():
        made = _site(arounds[was.national], paths, site, was,
                     own.get(site.region, {}) if site.region else {})
        if made is None:
            return None
        done[site] = made
    walked = walking.result()
    folders = {site: site_folder(site) for site in pointers}
    if any(entries_stamp(walked[folders[site]]) != was.outputs
           for site, was in pointers.items()):
        return None  # changed since the build before wrote it
    parts = {key: job.result() for key, job in indexing.items()}
    arounds = {key: replace(around, national=with_national_part(around.national, parts[key]))
               if key in parts else around for key, around in arounds.items()}
    done = {site: with_search_files(made, arounds[pointers[site].national],
                                    parts.get(pointers[site].national))
            for site, made in done.items()}
    national_keys = {key: key if around.national.record == around.old_national
                     else put_national(file, around.national.record)
                     for key, around in arounds.items()}
    _write(paths.out, {folders[site]: made for site, made in done.items()})
    for site, made in done.items():
        was, folder = pointers[site], folders[site]
        restamped(walked[folder], paths.out / folder,
                  [paths.out / folder / path for path in [*made.files, *made.removed]])
        stamps[folder] = entries_stamp(walked[folder])
        key = was.site if made.record == made.before else put_site(file, made.record)
        put_pointer(file, paths.out, folder,
                    Pointer(key, national_keys[was.national], stamps[folder]))
    if chooser is not None:  # what the chooser shows rests on no national text
        put_pointer(file, paths.out, CHOOSER,
                    Pointer("", next(iter(national_keys.values())), chooser.outputs))
    warnings: set[Diagnostic] = set()
    for around in arounds.values():
        warnings.update(around.national.record.warnings)
        warnings.update(d for found in around.national.record.body_warnings.values()
                        for d in found)
    for made in done.values():
        warnings.update(made.record.warnings)
        warnings.update(d for found in made.record.body_warnings.values() for d in found)
    return Targeted({site.name: made.record.page_count for site, made in done.items()},
                    sorted(warnings), stamps)


def _around(
    paths: Paths, frame: ContentTree, store: Store, parsers: Parsers, theme: Theme, key: str,
    every_site: Entries, today: dt.date,
) -> Around | None:
    """What the sites resting on the national record at `key` share, its national texts
    that changed since made again; None when more than their bodies changed."""
    assert store.file is not None
    national = national_record(store.file, key)
    if national is None or national.today != today.isoformat() or (
            national.entries.keys() != every_site.keys()):
        return None  # another day, or a file added or removed
    content = str(paths.content) + "/"
    changed = [path for path, stamp in every_site.items() if stamp != national.entries[path]]
    if not all(path.startswith(content) for path in changed):
        return None  # the theme or a script changed
    again = national_again(paths.content, frame, store, parsers, national,
                           [path[len(content):] for path in changed], every_site)
    if again is None:
        return None
    return Around(paths.content, frame, store, parsers, theme, again, national)


def _site(around: Around, paths: Paths, site: SiteId, was: Pointer, entries: Entries
          ) -> SiteAgain | None:
    store = around.store
    assert store.file is not None
    record = site_record(store.file, was.site)
    if record is None:
        return None
    if record.entries.keys() != entries.keys():
        return None  # a file or folder added or removed
    content = str(paths.content) + "/"
    changed = [path[len(content):] for path, stamp in entries.items()
               if record.entries[path] != stamp]
    if not changed and not around.national.articles:
        return SiteAgain(record, {}, [], record)
    return site_again(around, site, record, changed, entries)


def _write(out: Path, done: dict[str, SiteAgain]) -> None:
    """Each site's changed files (`done` by site folder), each replaced on its own; a search
    file that every site has the same (the national part's) is written once and linked
    into the others."""
    linked: dict[str, Path] = {}
    for folder, made in done.items():
        for path, data in made.files.items():
            target = out / folder / path
            national = path.startswith(SEARCH_FILES + NATIONAL_PART + "/")
            if named_by_content(path) and target.is_file() and not target.is_symlink():
                if national:
                    linked.setdefault(path, target)
                continue  # the file of that name holds these bytes
            first = linked.get(path)
            if first is not None and _linked(first, target):
                continue
            if previous_output(out, f"{folder}/{path}") != data:
                replace_file(target, data)
            if national:
                linked[path] = target
        for path in made.removed:
            (out / folder / path).unlink(missing_ok=True)


def _linked(first: Path, target: Path) -> bool:
    """`target` made a link to the file `first`, replacing what it was; False if it
    cannot be (a file system without hard links)."""
    temp = target.with_name(f".link-{target.name}")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(first, temp)
    except OSError:
        return False
    os.replace(temp, target)
    return True
