"""The records of a build just done (engine/site_record.py), made from what its stages
found: each site's, once it is built without errors, and the one all its sites share."""

from __future__ import annotations

from generator.content.model import Fill
from generator.diagnostics import Diagnostic
from generator.engine.national import terms_of
from generator.engine.site import Shared, SiteBuild
from generator.engine.site_record import (
    ArticleKey,
    ArticleRecord,
    Entries,
    IndexedPart,
    NationalRecord,
    Shown,
    SiteNav,
    SiteRecord,
    fill_shape,
    put_articles,
    put_index,
    put_nav,
    put_search,
    put_texts,
    text_shape,
)
from generator.render.article_texts import text_key
from generator.render.links import LinkIndex
from generator.search.documents import DocSet
from generator.store import Store


def record_of_site(
    shared: Shared, built: SiteBuild, problems: list[Diagnostic], body: list[Diagnostic],
    page_count: int,
) -> SiteRecord | None:
    """The record of a site just built without errors, its parts written to the store;
    None when the build records nothing or the site's link index is not the national one
    with additions."""
    file = shared.store.file
    if shared.own_entries is None or file is None:
        return None
    additions = index_additions(built.index, shared.national.index)
    if additions is None:
        return None
    region = built.site.id.region
    own_entries = shared.own_entries.get(region, {}) if region else {}
    texts: dict[str, Shown] = {}
    articles: dict[ArticleKey, ArticleRecord] = {}
    fills_of: dict[ArticleKey, list[str]] = {}
    for fill in built.tree.fills:
        if fill.region == region and not fill.meta.draft:
            fills_of.setdefault((fill.section, fill.slug), []).append(fill.source.rel)
    for shown in built.texts:
        article, text = shown.article, shown.text
        key = article.key
        outline = built.outlines[text_key(article, text)]
        texts[text.source.rel] = Shown(key, text_shape(text, outline), text.source.body_digest)
        for fill in shown.fills:
            texts[fill.source.rel] = Shown(key, fill_shape(Fill(
                fill.region.slug, *key, fill.slot, fill.lattlast, fill.source, fill.meta)),
                fill.source.body_digest)
        found = articles.get(key)
        media = {**(found.media if found else {}), shown.url: dict(shown.media)}
        articles[key] = ArticleRecord(tuple(t.source.rel for t in article.texts()),
                                      tuple(fills_of.get(key, ())), article.region is not None,
                                      media)
    site, search = built.site, built.search
    nav = SiteNav(site.sections, tuple((page.url, page.template, page.title)
                                       for page in site.pages), site.media)
    return SiteRecord(
        own_entries, put_nav(file, nav), put_texts(file, texts),
        put_articles(file, articles), put_index(file, additions),
        put_search(file, indexed_part(shared.store, search.docs.docs)), search.docs.masked,
        search.own.manifest, search.own_files, problems, by_path(body), page_count)


def national_record_of(
    shared: Shared, entries: Entries, problems: list[Diagnostic], body: list[Diagnostic]
) -> NationalRecord | None:
    """The record every site of a build without errors shares; None without a store file."""
    national, store = shared.national, shared.store
    if store.file is None:
        return None
    texts = {text.source.rel: Shown(article.key, text_shape(
        text, national.outlines[text_key(article, text)]), text.source.body_digest)
        for article in national.articles for text in article.texts()}
    search = put_search(store.file, indexed_part(store, national.search_docs.docs))
    return NationalRecord(entries, shared.today.isoformat(), texts, national.index,
                          national.search_docs.refs, search, shared.national_part.result().manifest,
                          problems, by_path(body))


def indexed_part(store: Store, docs: DocSet) -> IndexedPart:
    terms = terms_of(store, docs.docs)
    return IndexedPart(docs.first, docs.pages, tuple((doc.ref, terms(doc)) for doc in docs.docs))


def by_path(problems: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(problem)
    return found


def index_additions(site: LinkIndex, national: LinkIndex) -> LinkIndex | None:
    """What `site` adds to `national`; None when it also lacks some of it."""
    if not (national.sources.items() <= site.sources.items()
            and national.pages.items() <= site.pages.items()
            and national.files <= site.files
            and national.images.items() <= site.images.items()):
        return None
    return LinkIndex(
        {rel: target for rel, target in site.sources.items() if rel not in national.sources},
        {url: target for url, target in site.pages.items() if url not in national.pages},
        site.files - national.files, site.unpublished, dict(site.refused),
        {rel: info for rel, info in site.images.items() if rel not in national.images})
