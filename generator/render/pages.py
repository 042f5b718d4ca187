"""The pages of one site: addresses, navigation, region switcher and redirects.

Everything here is data for the templates; no HTML is made in this module.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from generator.content.model import ContentTree, Language, Region, Section
from generator.diagnostics import Diagnostic, error
from generator.language import sort_key
from generator.render.article_links import ArticleLink, article_links
from generator.render.links import page_linker, relative_url
from generator.render.overlay import ArticleText
from generator.render.topics import IntroPart, TopicView, article_topics, topic_views
from generator.site_urls import (
    LANGUAGE_LIST,
    LATTLAST_LIST,
    NOT_FOUND,
    SEARCH_PAGE,
    TOPIC_LIST,
    language_url,
    site_folder,
)
from generator.sites import SiteId

TOC_MIN_H2 = 3  # a table of contents helps only on longer articles


@dataclass(frozen=True)
class SiteRef:
    site: SiteId
    label: str  # "Region Kronoberg", or the national site's label
    county: str | None = None

    @property
    def slug(self) -> str:
        """The site's folder, which the chooser also remembers as the reader's choice."""
        return site_folder(self.site)


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    in_sitemap: bool = True
    lastmod: dt.date | None = None
    origin: str = ""  # the source file behind the page, named when two pages clash
    origin_line: int = 1  # the line in it that asks for the page (an alias)


@dataclass(frozen=True)
class Translation:
    """A translated text of an article, as a page links to it or lists it."""

    language: Language
    url: str
    title: str  # in its language
    summary: str


@dataclass(frozen=True)
class LanguageView:
    """A language with the texts a site has in it, for the pages that list them."""

    language: Language
    url: str
    texts: tuple[Translation, ...]


@dataclass(frozen=True)
class SectionView:
    section: Section
    url: str
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class SwitchLink:
    label: str
    href: str  # relative to the page, across sites
    current: bool
    same_page: bool  # False: that site lacks this page, the link goes to its start page
    slug: str = ""  # the site's folder: choosing it there is remembered as the reader's region


@dataclass(frozen=True)
class Switcher:
    """An article page's region switcher: a link to each site, to this page where that site
    has it, else to its start page. Made into links as the page is rendered: held as
    links, a large site's switchers took half the memory of its pages' data."""

    site: SiteId  # this page's
    url: str  # this page's
    sites: tuple[SiteRef, ...]
    everywhere: bool  # every site has this page: a national article

    def __iter__(self) -> Iterator[SwitchLink]:
        # The sites are siblings: every link climbs to their common folder, then down.
        above = page_linker(self.url)("../")
        for ref in self.sites:
            here = ref.site == self.site
            same = here or self.everywhere
            href = "./" if here else f"{above}{ref.slug}/{self.url if same else ''}"
            yield SwitchLink(ref.label, href, here, same, ref.slug)


@dataclass(frozen=True)
class Listen:
    """What a page offers to listen to (audio/listen.py finds it)."""

    src: str  # path in the site, or an https URL
    mime: str | None
    seconds: float | None  # None when unknown (a recording on another server)
    generated: bool
    source: Path | None = None  # the file copied into the site; None for a URL

    @property
    def remote(self) -> bool:
        return self.src.startswith("https://")

    @property
    def format(self) -> str:
        return PurePosixPath(self.src).suffix.lstrip(".").upper() or "ljud"

    @property
    def duration(self) -> str | None:
        """The length as readers say it: "4 min 12 s"."""
        if self.seconds is None:
            return None
        minutes, seconds = divmod(round(self.seconds), 60)
        return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"

    @property
    def iso_duration(self) -> str | None:
        if self.seconds is None:
            return None
        minutes, seconds = divmod(round(self.seconds), 60)
        return f"PT{minutes}M{seconds}S"


@dataclass(frozen=True)
class Site:
    id: SiteId
    region: Region | None
    sections: tuple[SectionView, ...]
    pages: tuple[Page, ...]
    media: dict[str, str]  # site path -> content path


NATIONAL_LABEL = "Ingen region vald"


def site_refs(tree: ContentTree) -> tuple[SiteRef, ...]:
    """The national site first, then the regions by county, as readers look for them."""
    regions = sorted(tree.regions.values(), key=lambda r: sort_key(r.county or r.name))
    return (SiteRef(SiteId(), NATIONAL_LABEL),) + tuple(
        SiteRef(SiteId(r.slug), r.name, r.county) for r in regions
    )


def site_pages(
    tree: ContentTree,
    site: SiteId,
    region: Region | None,
    texts: list[ArticleText],
    sites: tuple[SiteRef, ...],
    national_urls: frozenset[str],
    audio: Mapping[str, Listen],
    intros: Mapping[str, IntroPart],
) -> tuple[Site, list[Diagnostic]]:
    """All pages of one site from its article texts.

    `national_urls` are the article pages every site has; the switcher links
    other sites' copies of those and otherwise their start pages. `audio` is what
    each article page plays, by URL; `intros` are the region's introductions to its
    topic pages, by topic.
    """
    problems: list[Diagnostic] = []
    standard = [t for t in texts if t.text.variant is None]
    lattlast = {t.article.key: t for t in texts if t.text.lattlast}
    sections = _section_views(tree, standard, lattlast)
    translations = _translations(tree, texts)
    topics = topic_views(tree, texts, dict(intros))
    pages: list[Page] = [
        Page("", "index.html", tree.config.name, {"sections": sections, "topics": topics}),
        Page(NOT_FOUND, "404.html", "Sidan finns inte", in_sitemap=False),
        Page(SEARCH_PAGE, "search.html", "Sök", in_sitemap=False),
    ]
    for view in sections:
        pages.append(Page(view.url, "section.html", view.section.title, {"view": view}))
    easy_links = tuple(
        sorted((link for view in sections for link in view.articles if link.lattlast_url),
               key=lambda link: sort_key(link.title))
    )
    if easy_links:
        pages.append(Page(LATTLAST_LIST, "lattlast_list.html", "Lättläst",
                          {"articles": easy_links}))
    pages.extend(_topic_pages(topics))
    languages = _language_views(translations)
    if languages:
        pages.append(Page(LANGUAGE_LIST, "languages.html", "Andra språk",
                          {"languages": languages}))
        pages.extend(Page(view.url, "language.html", view.language.native,
                          {"view": view, "language": view.language}) for view in languages)
    media = {path: rel for view in topics if view.intro for path, rel in view.intro.media.items()}
    for text in texts:
        pages.append(_article_page(tree, site, text, sections, lattlast, translations, sites,
                                   national_urls, audio.get(text.url)))
        media.update(text.media)
        redirects, found = _redirects(text)
        pages.extend(redirects)
        problems.extend(found)
    return Site(site, region, tuple(sections), tuple(pages), media), problems


def with_article_pages(
    site: Site,
    tree: ContentTree,
    texts: list[ArticleText],
    sites: tuple[SiteRef, ...],
    national_urls: frozenset[str],
    audio: Mapping[str, Listen],
) -> Site:
    """`site` with the article pages of `texts` (every text of their articles) made again,
    for an edit that changed nothing the other pages show of them (engine/patch.py)."""
    lattlast = {t.article.key: t for t in texts if t.text.lattlast}
    translations = _translations(tree, texts)
    made = {t.url: _article_page(tree, site.id, t, site.sections, lattlast, translations, sites,
                                 national_urls, audio.get(t.url)) for t in texts}
    pages = tuple(made.get(page.url, page) if page.template == "article.html" else page
                  for page in site.pages)
    return replace(site, pages=pages)


def _topic_pages(topics: tuple[TopicView, ...]) -> list[Page]:
    if not topics:
        return []
    return [Page(TOPIC_LIST, "topics.html", "Teman", {"topics": topics}), *(
        Page(view.url, "topic.html", view.topic.title, {"view": view}) for view in topics)]


def _translations(
    tree: ContentTree, texts: list[ArticleText]
) -> dict[tuple[str, str], tuple[Translation, ...]]:
    """Each article's translated texts among `texts`, by article, in language order."""
    found: dict[tuple[str, str], list[Translation]] = {}
    for shown in texts:
        code = shown.text.language
        if code is not None:
            meta = shown.text.meta
            found.setdefault(shown.article.key, []).append(
                Translation(tree.languages[code], shown.url, meta.title, meta.summary))
    return {key: tuple(sorted(found_, key=lambda t: t.language.code))
            for key, found_ in found.items()}


def _language_views(
    translations: dict[tuple[str, str], tuple[Translation, ...]]
) -> tuple[LanguageView, ...]:
    """The languages the site has texts in, by their Swedish names, with those texts."""
    by_code: dict[str, list[Translation]] = {}
    for found in translations.values():
        for translation in found:
            by_code.setdefault(translation.language.code, []).append(translation)
    views = [LanguageView(found[0].language, language_url(code),
                          tuple(sorted(found, key=lambda t: sort_key(t.title))))
             for code, found in by_code.items()]
    return tuple(sorted(views, key=lambda view: sort_key(view.language.name)))


def _section_views(
    tree: ContentTree, standard: list[ArticleText], lattlast: dict[tuple[str, str], ArticleText]
) -> tuple[SectionView, ...]:
    by_section: dict[str, list[ArticleText]] = {}
    for text in standard:
        by_section.setdefault(text.article.section, []).append(text)
    views = []
    for slug, texts in by_section.items():
        texts.sort(key=lambda t: (_order(t.text.meta.order), sort_key(t.text.meta.title)))
        views.append(SectionView(tree.sections[slug], f"{slug}/", article_links(texts, lattlast)))
    views.sort(key=lambda v: (_order(v.section.order), sort_key(v.section.title)))
    return tuple(views)


def _article_page(
    tree: ContentTree,
    site: SiteId,
    text: ArticleText,
    sections: tuple[SectionView, ...],
    lattlast: dict[tuple[str, str], ArticleText],
    translations: dict[tuple[str, str], tuple[Translation, ...]],
    sites: tuple[SiteRef, ...],
    national_urls: frozenset[str],
    audio: Listen | None,
) -> Page:
    meta = text.text.meta
    language = tree.languages[text.text.language] if text.text.language else None
    if text.text.lattlast or language is not None:
        other_url = text.article.url
    else:
        easy = lattlast.get(text.article.key)
        other_url = easy.url if easy else None
    section = next(v for v in sections if v.section.slug == text.article.section)
    data = {
        "text": text,
        "meta": meta,
        "section": section,
        "team": tree.teams[meta.owner],
        "next_review": tree.next_review(meta),
        "other_variant_url": other_url,
        "toc": _toc(text),
        "switcher": Switcher(site, text.url, sites, text.url in national_urls),
        "audio": audio,
        "language": language,  # None: Swedish
        "translations": () if language else translations.get(text.article.key, ()),
        # Topic pages are in Swedish: a translation does not link to them.
        "topics": () if language else article_topics(tree, text.article),
    }
    lastmod = max([meta.reviewed] + [fill.meta.reviewed for fill in text.fills])
    return Page(text.url, "article.html", meta.title, data, lastmod=lastmod,
                origin=text.text.source.shown)


def _toc(text: ArticleText) -> tuple:
    h2 = tuple(h for h in text.headings if h.level == 2)
    return h2 if len(h2) >= TOC_MIN_H2 else ()


def _redirects(text: ArticleText) -> tuple[list[Page], list[Diagnostic]]:
    pages, problems = [], []
    source = text.text.source
    for alias in text.text.meta.aliases:
        url = _alias_url(alias)
        if url is None:
            problems.append(error(source.shown, source.line_of("aliases"),
                                  f"alias '{alias}' leaves the site's folder"))
            continue
        data = {"target": relative_url(url, text.url), "target_url": text.url}
        pages.append(Page(url, "redirect.html", text.text.meta.title, data, in_sitemap=False,
                          origin=source.shown, origin_line=source.line_of("aliases")))
    return pages, problems


def _alias_url(alias: str) -> str | None:
    """The site address an alias takes, or None when it would leave the site."""
    if "://" in alias or alias.startswith("//"):
        return None
    path = posixpath.normpath(alias.strip().lstrip("/"))
    if path in (".", "") or path.startswith(".."):
        return None
    return path if path.endswith(".html") else path + "/"


def _order(order: int | None) -> tuple[int, int]:
    return (0, order) if order is not None else (1, 0)
