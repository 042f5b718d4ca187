"""A build in a fresh process that redoes only what changed since the sites were written,
from the store's records of what each was made from (engine/site_record.py).

It applies when each file changed since is the body of a fill or region-only
article text that a site shows, its front matter and outline (or slot) as
before, and nothing else changed: no file added or removed, no national text,
site file, template or script. Then what reads that body is all that differs:
its article's pages in that site, the site's own search part and the warnings
of its texts' bodies. Those are made again, through the store, as the ordinary
build makes them; every other file of the output folder stays as it is.

Anything else, or any doubt (a record missing or damaged, an output folder not
as the records left it, a problem found on the way, media that changed) gives
None, and the caller builds as usual. tests/test_incremental.py checks the
result against a clean build byte for byte.

Changed files are replaced one by one, each atomically; a build killed midway
leaves an output folder that no record matches, so the next build is an
ordinary one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from generator.audio.listen import page_audio, recordings
from generator.content.load import load_frame, load_text_file
from generator.content.model import Article, ContentTree, Fill, Text
from generator.diagnostics import Diagnostic, has_errors
from generator.editorial.lix import lattlast_warnings
from generator.engine.national import words_of
from generator.engine.output_lock import output_lock
from generator.engine.site import Paths, own_lix, site_search
from generator.engine.site_record import (
    NationalRecord,
    Pointer,
    SiteRecord,
    national_record,
    pointer,
    put_pointer,
    put_site,
    shape,
    site_index,
    site_record,
)
from generator.engine.up_to_date import Entries, outputs_stamp, split_entries
from generator.engine.write import previous_output, replace_file
from generator.render.article_texts import (
    Outline,
    RenderedText,
    TextKey,
    render_text,
    text_key,
    text_outline,
    text_source,
    text_url,
)
from generator.render.markdown import make_parsers
from generator.render.overlay import overlay_articles
from generator.render.pages import Page, Site, site_refs, with_article_pages
from generator.render.theme import Theme, load_theme, render_site_pages
from generator.search.documents import SiteDocs, with_texts_again
from generator.search.files import PartFiles
from generator.site_urls import CHOOSER, NATIONAL, STATIC
from generator.store import Store

# The region chooser's top-level entries in the output folder, beside the sites.
CHOOSER_TOPS = [CHOOSER, STATIC.rstrip("/")]


@dataclass(frozen=True)
class Targeted:
    pages: dict[str, int]  # site slug -> number of HTML pages, in build order
    warnings: list[Diagnostic]


@dataclass(frozen=True)
class _Context:
    paths: Paths
    frame: ContentTree  # site files, sections, regions: no texts
    national: NationalRecord
    theme: Theme
    store: Store


@dataclass(frozen=True)
class _Site:
    """One site as the targeted build leaves it."""

    record: SiteRecord
    files: dict[str, bytes]  # path in the output folder -> bytes, to write
    removed: list[str]  # paths in the output folder to remove


def targeted_build(
    paths: Paths, sites: list[str] | None, today: dt.date, store: Store, entries: Entries
) -> Targeted | None:
    """The build of `sites` (None: every site), when the records in `store` let it redo
    only what changed in `entries` (the stamps of what it reads): written and recorded;
    else None, and nothing written."""
    file = store.file
    if file is None:
        return None
    every_site, own = split_entries(entries, paths.content)
    content = str(paths.content) + "/"
    files = sorted(path[len(content):] for path in every_site
                   if path.startswith(content) and not path.endswith("/"))
    frame, problems = load_frame(paths.content, str(paths.content), files, store)
    if frame is None or problems:
        return None
    selected = sites if sites is not None else [NATIONAL, *sorted(frame.regions)]
    pointers = {slug: pointer(file, paths.out, slug) for slug in selected}
    if sites is None:
        pointers[CHOOSER] = pointer(file, paths.out, CHOOSER)
    shared = {found.national for found in pointers.values() if found is not None}
    if None in pointers.values() or len(shared) != 1:
        return None
    national = national_record(file, shared.pop())
    if national is None or national.today != today.isoformat() or (
            national.entries != every_site):
        return None
    theme, problems = load_theme(paths.themes, frame.config.theme, str(paths.themes))
    if theme is None or problems:
        return None
    context = _Context(paths, frame, national, theme, store)
    with output_lock(paths.out):
        chooser = pointers.get(CHOOSER)
        if chooser is not None and outputs_stamp(paths.out, CHOOSER_TOPS) != chooser.outputs:
            return None
        done: dict[str, _Site] = {}
        for slug in selected:
            made = _site(context, slug, pointers[slug], own.get(slug, {}))  # type: ignore[arg-type]
            if made is None:
                return None
            done[slug] = made
        for slug, made in done.items():
            _write(paths, made)
            was = pointers[slug]
            assert was is not None
            key = put_site(file, made.record) if made.files else was.site
            put_pointer(file, paths.out, slug,
                        Pointer(key, was.national, outputs_stamp(paths.out, [slug])))
    warnings = set(national.warnings)
    for made in done.values():
        warnings.update(made.record.warnings)
        warnings.update(d for found in made.record.body_warnings.values() for d in found)
    return Targeted({slug: made.record.page_count for slug, made in done.items()},
                    sorted(warnings))


def _write(paths: Paths, made: _Site) -> None:
    for path, data in made.files.items():
        if previous_output(paths.out, path) != data:
            replace_file(paths.out / path, data)
    for path in made.removed:
        (paths.out / path).unlink(missing_ok=True)


def _site(context: _Context, slug: str, found: Pointer, entries: Entries) -> _Site | None:
    paths, store = context.paths, context.store
    assert store.file is not None
    record = site_record(store.file, found.site, context.frame.sections)
    if record is None or outputs_stamp(paths.out, [slug]) != found.outputs:
        return None
    if record.entries.keys() != entries.keys():
        return None  # a file or folder added or removed
    content = str(paths.content) + "/"
    changed = [path[len(content):] for path, stamp in entries.items()
               if record.entries[path] != stamp]
    if not changed:
        return _Site(record, {}, [])
    if not all(rel in record.shapes for rel in changed):
        return None
    return _site_again(context, slug, record, changed, entries)


def _site_again(
    context: _Context, slug: str, record: SiteRecord, changed: list[str], entries: Entries
) -> _Site | None:
    """The site with the articles of the `changed` texts and fills made again."""
    paths, store, frame = context.paths, context.store, context.frame
    region = frame.regions.get(slug)
    keys = sorted({record.owners[rel] for rel in changed})
    loaded: dict[str, Text | Fill] = {}
    for key in keys:
        for rel in (*record.articles[key].texts, *record.articles[key].fills):
            found, problems = load_text_file(paths.content, str(paths.content), rel, frame,
                                             store)
            if found is None or problems:
                return None
            loaded[rel] = found
    articles = []
    for key in keys:
        texts = [loaded[rel] for rel in record.articles[key].texts]
        if not all(isinstance(text, Text) for text in texts):
            return None
        articles.append(Article(key[0], key[1], texts[0], texts[1] if len(texts) > 1 else None,
                                slug if record.articles[key].own else None))
    fills = [f for f in loaded.values() if isinstance(f, Fill)]
    index = site_index(context.national.index, record.index)
    parsers = make_parsers()
    rendered: dict[TextKey, RenderedText] = {}
    outlines: dict[TextKey, Outline] = {}
    body: list[Diagnostic] = []
    for article in articles:
        own = article.region is not None
        for text in article.texts():
            key = text_key(article, text)
            source = text_source(text.source, parsers, store, trusted=not own)
            outlines[key], found = text_outline(source, store)
            if own:
                body += found
            if text.source.rel in changed and shape(
                    "text", text.meta, text.source.meta_lines, text.source.body_line,
                    outlines[key], text.lattlast) != record.shapes[text.source.rel]:
                return None
            rendered[key], found = render_text(
                source, index if own else context.national.index, parsers, store,
                text_url(article, text.lattlast), text.lattlast)
            if own:
                body += found
    for fill in fills:
        if fill.source.rel in changed and shape(
                "fill", fill.meta, fill.source.meta_lines, fill.source.body_line, fill.slot,
                fill.lattlast) != record.shapes[fill.source.rel]:
            return None
    tree = replace(
        frame, files=index.files, refused=dict(index.refused), fills=tuple(
            sorted(fills, key=lambda fill: fill.source.rel)),
        articles={a.key: a for a in articles if a.region is None},
        region_articles={slug: {a.key: a for a in articles if a.region is not None}})
    shown, found = overlay_articles(articles, rendered, outlines, tree, region, index, parsers,
                                    store)
    body += found
    if any(record.articles[t.article.key].media.get(t.url) != t.media for t in shown):
        return None  # the site's media files change
    lix = own_lix(store, shown)
    body += lattlast_warnings(lix, frame.config.lix_limit_lattlast)
    if has_errors(body):
        return None  # the ordinary build reports them with every other problem

    recorded, problems = recordings(articles, index.files, paths.content)
    audio = page_audio(shown, recorded, None)
    refs = site_refs(frame)
    site = Site(slug, region, record.sections,
                tuple(Page(url, template, title) for url, template, title in record.pages),
                record.media)
    site = with_article_pages(site, tree, shown, refs,
                              frozenset(t.url for t in shown if t.article.region is None), audio)
    problems = []
    files = {f"{slug}/{page.path}": page.data for page in render_site_pages(
        context.theme, frame.config, site, refs, store, problems, only={t.url for t in shown})}
    if problems:
        return None
    docs = with_texts_again(SiteDocs(record.docs, record.masked), shown, context.national.refs,
                            words_of(store))
    if docs is None:
        return None
    search = site_search(PartFiles(context.national.search_manifest, ()), docs, store)
    files.update((f"{slug}/{path}", data) for path, data in search.files)

    # What the build before found in the bodies of these texts and fills, found again.
    again = {fill.source.shown for fill in fills} | {
        text.source.shown for a in articles if a.region is not None for text in a.texts()}
    body_warnings = {path: found for path, found in record.body_warnings.items()
                     if path not in again}
    for problem in body:
        body_warnings.setdefault(problem.path, []).append(problem)
    new = replace(record, entries=entries, docs=docs.docs,
                  own_files=search.own_files, body_warnings=body_warnings)
    removed = [f"{slug}/{path}" for path in record.own_files if path not in search.own_files]
    return _Site(new, files, removed)
