"""For a targeted build (engine/targeted.py): one site's articles whose texts or fills
changed, made again as the ordinary build makes them: their pages, the site's search
files that change, their warnings, and the site's record as the build leaves it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.audio.listen import page_audio, recordings
from generator.content.layout import place_of
from generator.content.load import load_text_file
from generator.content.model import Article, ContentTree, Fill, Text, article_of
from generator.diagnostics import Diagnostic, has_errors
from generator.editorial.lix import lattlast_warnings
from generator.engine.national import terms_of, words_of
from generator.engine.national_again import NationalAgain
from generator.engine.site import own_lix
from generator.engine.site_record import (
    ArticleKey,
    ArticleRecord,
    Entries,
    NationalRecord,
    Shown,
    SiteRecord,
    fill_shape,
    index_record,
    put_search,
    put_texts,
    search_record,
    site_articles,
    site_index,
    site_nav,
    site_texts,
    text_shape,
)
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
from generator.render.links import LinkIndex
from generator.render.markdown import Parsers
from generator.render.overlay import ArticleText, overlay_articles
from generator.render.pages import Page, Site, site_refs, with_article_pages
from generator.render.theme import Theme, render_site_pages
from generator.search.documents import site_docs_of
from generator.search.files import (
    OWN_PART,
    PartFiles,
    indexed_part_files,
    part_paths,
    site_search_files,
)
from generator.site_urls import SEARCH_FILES
from generator.sites import SiteId
from generator.store import Store


@dataclass(frozen=True)
class Around:
    """What the sites of a targeted build share."""

    content: Path
    frame: ContentTree  # site files, sections and regions, without texts
    store: Store
    parsers: Parsers
    theme: Theme
    national: NationalAgain
    old_national: NationalRecord  # the record `national` was made again from


@dataclass(frozen=True)
class SiteAgain:
    record: SiteRecord  # as the build leaves it
    files: dict[str, bytes]  # path in the site -> bytes, to write
    removed: list[str]  # paths in the site to remove
    before: SiteRecord  # as the build found it
    # The site's own search part, as made again or as it was; None when nothing of the
    # site changed. Its search files are added once the national part is known.
    own_part: PartFiles | None = None


def site_again(
    around: Around, site_id: SiteId, record: SiteRecord, changed: list[str], entries: Entries
) -> SiteAgain | None:
    """The site with the articles of the national texts `around` made again and of its own
    `changed` texts and fills (content paths) made again, `entries` being its region's
    own folders now; None when one changed more than its body, or has an error."""
    file = around.store.file
    assert file is not None
    texts = site_texts(file, record.texts) if changed else {}
    if texts is None or not all(rel in texts for rel in changed):
        return None
    keys = sorted({texts[rel].article for rel in changed} | around.national.articles.keys())
    shown_before = site_articles(file, record.articles, set(keys))
    additions = index_record(file, record.index)
    nav = site_nav(file, record.nav, around.frame.sections)
    if shown_before is None or additions is None or nav is None or (
            shown_before.keys() != set(keys)):
        return None
    own_region = site_id.region
    loaded = _loaded(around, shown_before, own_region, keys)
    if loaded is None:
        return None
    articles, fills = loaded
    if any(fill_shape(fill) != texts[fill.source.rel].shape
           for fill in fills if fill.source.rel in changed):
        return None
    # Read again for their stamps alone (saved as they were, or written too recently to
    # be known by their stamps): the record takes the stamps, nothing is made.
    bodies = {item.source.rel: item.source.body_digest
              for item in [*fills, *(text for a in articles for text in a.texts())]}
    edited = [rel for rel in changed if bodies[rel] != texts[rel].body]
    if any(place_of(rel).language for rel in edited):
        return None  # a language's search data holds its texts whole: an ordinary build
    if not edited and not around.national.articles:
        return SiteAgain(replace(record, entries=entries), {}, [], record)
    frame, store = around.frame, around.store
    index = site_index(around.national.record.index, additions)
    made = _rendered(around, texts, index, articles, changed)
    if made is None:
        return None
    rendered, outlines, body = made
    region = frame.regions.get(own_region) if own_region else None
    own = {a.key: a for a in articles if a.region is not None}
    tree = replace(
        frame, files=index.files, refused=dict(index.refused),
        fills=tuple(sorted(fills, key=lambda fill: fill.source.rel)),
        articles={a.key: a for a in articles if a.region is None},
        region_articles={own_region: own} if own_region else {})
    shown, found = overlay_articles(articles, rendered, outlines, tree, region, index,
                                    around.parsers, store)
    body += found + lattlast_warnings(own_lix(store, shown), frame.config.lix_limit_lattlast)
    if has_errors(body) or any(shown_before[t.article.key].media.get(t.url) != t.media
                               for t in shown):
        return None  # errors are reported with all the others; new media are new files

    audio = page_audio(shown, recordings(articles, index.files, around.content)[0], None)
    refs = site_refs(frame)
    site = Site(site_id, region, nav.sections,
                tuple(Page(url, template, title) for url, template, title in nav.pages),
                nav.media)
    site = with_article_pages(site, tree, shown, refs,
                              frozenset(t.url for t in shown if t.article.region is None), audio)
    problems: list[Diagnostic] = []
    files = {page.path: page.data for page in render_site_pages(
        around.theme, frame.config, site, refs, store, problems, only={t.url for t in shown})}
    if problems:
        return None
    search = _search_again(around, record, shown, bool(edited))
    if search is None:
        return None
    search_key, own_part, own_files, removed = search

    again = {fill.source.shown for fill in fills} | {
        text.source.shown for a in articles if a.region is not None for text in a.texts()}
    body_warnings = {path: found for path, found in record.body_warnings.items()
                     if path not in again}
    for problem in body:
        body_warnings.setdefault(problem.path, []).append(problem)
    if edited:
        texts = {**texts, **{rel: replace(texts[rel], body=bodies[rel]) for rel in edited}}
    new_record = replace(record, entries=entries, texts=put_texts(file, texts)
                         if edited else record.texts, search=search_key,
                         own_manifest=own_part.manifest, own_files=own_files,
                         body_warnings=body_warnings)
    return SiteAgain(new_record, files, removed, record, own_part)


def with_search_files(made: SiteAgain, around: Around, national: PartFiles | None
                      ) -> SiteAgain:
    """`made` with its search files, once the national part they name is known: `national`
    when it was made again (in the background, engine/targeted.py), else as it was."""
    if made.own_part is None:
        return made  # nothing of the site's changed
    removed = list(made.removed)
    if national is None:
        national = PartFiles(around.national.record.search_manifest, ())
    else:
        new = {path for path, _ in national.files}
        removed += [SEARCH_FILES + path for path in part_paths(around.old_national.search_manifest)
                    if path not in new]
    files = dict(made.files)
    files.update(site_search_files(national, made.own_part, made.record.masked))
    return replace(made, files=files, removed=removed)


def _search_again(
    around: Around, record: SiteRecord, shown: list[ArticleText], own_changed: bool
) -> tuple[str, PartFiles, tuple[str, ...], list[str]] | None:
    """The site's own search part (its record's key, its files and their paths, the paths
    it no longer has) with the documents of `shown` made again, when the region's own
    texts or fills changed; else as it was (no document of a national text is in it)."""
    if not own_changed:
        return record.search, PartFiles(record.own_manifest, ()), record.own_files, []
    file, store = around.store.file, around.store
    assert file is not None
    own = search_record(file, record.search)
    if own is None:
        return None
    numbers = {page.url: own.first + n for n, page in enumerate(own.pages)}
    docs = site_docs_of(shown, around.national.record.refs, numbers, words_of(store))
    if docs is None or not docs.keys() <= {ref for ref, _ in own.docs}:
        return None
    terms = terms_of(store)
    own = replace(own, docs=tuple((ref, terms(docs[ref]) if ref in docs else found)
                                  for ref, found in own.docs))
    part = indexed_part_files(OWN_PART, own.first, own.pages, list(own.docs))
    paths = tuple(SEARCH_FILES + name for name, _ in part.files)
    return (put_search(file, own), part, paths,
            [path for path in record.own_files if path not in paths])


def _loaded(
    around: Around, shown: dict[ArticleKey, ArticleRecord], region: str | None,
    keys: list[ArticleKey],
) -> tuple[list[Article], list[Fill]] | None:
    """The articles of `keys` and their fills, read again (the national texts made again
    are read already); `region` is the site's."""
    articles: list[Article] = []
    fills: list[Fill] = []
    for key in keys:
        found = shown[key]
        rels = list(found.fills) + ([] if key in around.national.articles else list(found.texts))
        loaded: dict[str, Text | Fill] = {}
        for rel in rels:
            item, problems = load_text_file(around.content, str(around.content), rel,
                                            around.frame, around.store)
            if item is None or problems:
                return None
            loaded[rel] = item
        fills += [item for item in loaded.values() if isinstance(item, Fill)]
        if key in around.national.articles:
            articles.append(around.national.articles[key])
            continue
        texts = [text for rel in found.texts if isinstance(text := loaded[rel], Text)]
        article = article_of(*key, texts, region if found.own else None)
        if len(texts) != len(found.texts) or article is None:
            return None
        articles.append(article)
    return articles, fills


def _rendered(
    around: Around, texts: dict[str, Shown], index: LinkIndex,
    articles: list[Article], changed: list[str],
) -> tuple[dict[TextKey, RenderedText], dict[TextKey, Outline], list[Diagnostic]] | None:
    """The texts of `articles` rendered, through the store (region-only ones against the
    site's `index`); the problems of the region's own texts' bodies."""
    store, parsers = around.store, around.parsers
    national = around.national
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
            if text.source.rel in changed and text_shape(
                    text, outlines[key]) != texts[text.source.rel].shape:
                return None
            if key in national.rendered:
                rendered[key] = national.rendered[key]
                continue
            rendered[key], found = render_text(
                source, index if own else national.record.index, parsers, store,
                text_url(article, text), text.variant)
            if own:
                body += found
    return rendered, outlines, body
