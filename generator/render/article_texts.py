"""Parsing and rendering article texts, and the link index of a site.

National texts are parsed and rendered once per build, against the national
site's pages, and the result is shared by every region's site: a national
text can only link to what every site has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator import site_urls
from generator.content.model import Article, ContentTree, Text
from generator.diagnostics import Diagnostic
from generator.render.links import LinkIndex, LinkResolver, Target
from generator.render.markdown import Parsed, Parsers, Rendered, parse_text, render_parsed

# (section, slug, lattlast?) names one text of one article.
TextKey = tuple[str, str, bool]


@dataclass(frozen=True)
class RenderedText:
    rendered: Rendered
    media: dict[str, str]  # site path -> content path of media the text uses


@dataclass(frozen=True)
class Outline:
    """What other texts need of a parsed text: the anchors it has and the slots it declares."""

    heading_ids: frozenset[str]
    slot_names: frozenset[str]


def outline(parsed: Parsed) -> Outline:
    return Outline(parsed.heading_ids, parsed.slot_names)


def text_key(article: Article, text: Text) -> TextKey:
    return (article.section, article.slug, text.lattlast)


def text_url(article: Article, lattlast: bool) -> str:
    return site_urls.text_url(article.section, article.slug, lattlast)


def published(articles: Iterable[Article]) -> list[Article]:
    return [a for a in articles if not a.standard.meta.draft]


def parse_articles(
    articles: Iterable[Article], parsers: Parsers, trusted: bool
) -> tuple[dict[TextKey, Parsed], list[Diagnostic]]:
    parsed: dict[TextKey, Parsed] = {}
    problems: list[Diagnostic] = []
    for article in articles:
        for text in article.texts():
            result, found = parse_text(text.source, parsers, trusted)
            parsed[text_key(article, text)] = result
            problems.extend(found)
    return parsed, problems


def link_index(
    tree: ContentTree, articles: Iterable[Article], outlines: Mapping[TextKey, Outline]
) -> LinkIndex:
    """Every page of one site that a text may link to, with its anchors."""
    sources: dict[str, Target] = {}
    pages = {url: Target(url) for url in (site_urls.START, site_urls.LATTLAST_LIST)}
    for article in articles:
        section_url = site_urls.section_url(article.section)
        pages[section_url] = Target(section_url)
        for text in article.texts():
            anchors = outlines[text_key(article, text)].heading_ids
            target = Target(text_url(article, text.lattlast), anchors)
            sources[text.source.rel] = target
            pages[target.url] = target
    unpublished = frozenset(text.source.rel for text in tree.every_text()) - sources.keys()
    return LinkIndex(sources, pages, tree.files, unpublished, tree.refused)


def render_articles(
    articles: Iterable[Article], parsed: dict[TextKey, Parsed], index: LinkIndex, parsers: Parsers
) -> tuple[dict[TextKey, RenderedText], list[Diagnostic]]:
    rendered: dict[TextKey, RenderedText] = {}
    problems: list[Diagnostic] = []
    for article in articles:
        for text in article.texts():
            key = text_key(article, text)
            url = text_url(article, text.lattlast)
            result, found = render_text(parsed[key], index, parsers, url, text.lattlast)
            rendered[key] = result
            problems.extend(found)
    return rendered, problems


def render_text(
    parsed: Parsed,
    index: LinkIndex,
    parsers: Parsers,
    page_url: str,
    lattlast: bool,
    page_anchors: frozenset[str] = frozenset(),
) -> tuple[RenderedText, list[Diagnostic]]:
    """Render one parsed text, resolving its links against `index`.

    The text is shown on `page_url` among `page_anchors`; on lättläst pages,
    links to articles go to their lättläst versions where those exist.
    """
    if parsers.memo is None:
        return _render_text(parsed, index, parsers, page_url, lattlast, page_anchors)
    # The rendering reads the parsed text (named by its source and heading ids),
    # the page it is shown on, and the link index; the memo re-checks the lookups.
    headings = tuple(h.id for block in parsed.blocks for h in block.headings)
    source = parsed.source
    key = (source.rel, source.shown, source.body_line, source.body, parsed.trusted, headings,
           page_url, lattlast, page_anchors)
    shown, problems = parsers.memo.get_checked(
        "render", key, index,
        lambda recorded: _render_text(parsed, recorded, parsers, page_url, lattlast, page_anchors),
    )
    return shown, list(problems)


def _render_text(
    parsed: Parsed,
    index: LinkIndex,
    parsers: Parsers,
    page_url: str,
    lattlast: bool,
    page_anchors: frozenset[str],
) -> tuple[RenderedText, list[Diagnostic]]:
    resolver = LinkResolver(
        index,
        parsed.source.rel,
        parsed.source.shown,
        page_url,
        own_anchors=page_anchors | parsed.heading_ids,
        lattlast=lattlast,
    )
    rendered = render_parsed(parsed, parsers, resolver)
    return RenderedText(rendered, dict(resolver.media)), resolver.problems
