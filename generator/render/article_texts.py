"""Parsing and rendering article texts, and the link index of a site.

National texts are parsed and rendered once per build, against the national
site's pages, and the result is shared by every region's site: a national
text can only link to what every site has.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator import site_urls
from generator.content.layout import Kind, place_of
from generator.content.model import Article, ContentTree, Source, Text
from generator.diagnostics import Diagnostic, diagnostic_of, plain_diagnostic
from generator.render.links import LinkIndex, LinkResolver, Target
from generator.render.markdown import (
    Chunk,
    Heading,
    Parsed,
    Parsers,
    Rendered,
    Slot,
    parse_text,
    render_parsed,
)
from generator.store import Codec, Store

# (section, slug, lattlast?, language or None) names one text of one article.
TextKey = tuple[str, str, bool, str | None]


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
    return (article.section, article.slug, text.lattlast, text.language)


def text_url(article: Article, text: Text) -> str:
    return site_urls.text_url(article.section, article.slug, text.lattlast, text.language)


def published(articles: Iterable[Article]) -> list[Article]:
    """The articles that are not drafts, without their translations that are."""
    return [article if not any(t.meta.draft for t in article.translations) else replace(
                article, translations=tuple(t for t in article.translations if not t.meta.draft))
            for article in articles if not article.standard.meta.draft]


@dataclass(frozen=True)
class TextSource:
    """A text to outline and render, parsed only when the store lacks a result.

    `parse` parses once, however often it is called (see `text_sources`).
    """

    source: Source
    trusted: bool  # national text may carry raw HTML
    reserved_ids: frozenset[str]  # heading ids the page around it has taken
    parse: Callable[[], tuple[Parsed, list[Diagnostic]]]

    @property
    def key(self) -> tuple:
        """Everything a parse reads: the body, where it starts, and the names it reports."""
        # Sorted: a set's order is not the same in every process, and keys are digested.
        source = self.source
        return (source.rel, source.shown, source.body_line, source.body, self.trusted,
                tuple(sorted(self.reserved_ids)))


def text_source(
    source: Source, parsers: Parsers, store: Store, trusted: bool,
    reserved_ids: frozenset[str] = frozenset(),
) -> TextSource:
    key = (source.rel, source.shown, source.body_line, source.body, trusted,
           tuple(sorted(reserved_ids)))

    @functools.cache
    def parse() -> tuple[Parsed, list[Diagnostic]]:
        return store.get_or_make(
            "parse", key, lambda: parse_text(source, parsers, trusted, reserved_ids))

    return TextSource(source, trusted, reserved_ids, parse)


def text_sources(
    articles: Iterable[Article], parsers: Parsers, store: Store, trusted: bool
) -> dict[TextKey, TextSource]:
    return {text_key(article, text): text_source(text.source, parsers, store, trusted)
            for article in articles for text in article.texts()}


def parse_articles(
    articles: Iterable[Article], parsers: Parsers, trusted: bool
) -> tuple[dict[TextKey, Parsed], list[Diagnostic]]:
    """Every text parsed, for the editorial checks that need more than an outline."""
    parsed: dict[TextKey, Parsed] = {}
    problems: list[Diagnostic] = []
    for article in articles:
        for text in article.texts():
            parsed[text_key(article, text)], found = parse_text(text.source, parsers, trusted)
            problems.extend(found)
    return parsed, problems


def outlines_of(
    texts: Mapping[TextKey, TextSource], store: Store
) -> tuple[dict[TextKey, Outline], list[Diagnostic]]:
    """Each text's outline, and the problems its parse found."""
    outlines: dict[TextKey, Outline] = {}
    problems: list[Diagnostic] = []
    for key, text in texts.items():
        outlines[key], found = text_outline(text, store)
        problems.extend(found)
    return outlines, problems


def text_outline(text: TextSource, store: Store) -> tuple[Outline, list[Diagnostic]]:
    """A text's outline and the problems its parse found, parsed only when not stored."""
    found = store.get_or_make("outline", text.key, lambda: _outline(*text.parse()),
                              OUTLINE_CODEC)
    return found[0], list(found[1])


def _outline(parsed: Parsed, problems: list[Diagnostic]) -> tuple[Outline, list[Diagnostic]]:
    return outline(parsed), list(problems)


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
            target = Target(text_url(article, text), anchors)
            sources[text.source.rel] = target
            pages[target.url] = target
    unpublished = frozenset(text.source.rel for text in tree.every_text()) - sources.keys()
    return LinkIndex(sources, pages, tree.files, unpublished, tree.refused, tree.images)


def render_articles(
    articles: Iterable[Article],
    texts: Mapping[TextKey, TextSource],
    index: LinkIndex,
    parsers: Parsers,
    store: Store,
) -> tuple[dict[TextKey, RenderedText], list[Diagnostic]]:
    rendered: dict[TextKey, RenderedText] = {}
    problems: list[Diagnostic] = []
    for article in articles:
        for text in article.texts():
            key = text_key(article, text)
            url = text_url(article, text)
            result, found = render_text(texts[key], index, parsers, store, url, text.variant)
            rendered[key] = result
            problems.extend(found)
    return rendered, problems


def render_text(
    text: TextSource,
    index: LinkIndex,
    parsers: Parsers,
    store: Store,
    page_url: str,
    variant: str | None,
    page_anchors: frozenset[str] = frozenset(),
) -> tuple[RenderedText, list[Diagnostic]]:
    """Render one text, resolving its links against `index`.

    The text is shown on `page_url` among `page_anchors`; on a lättläst page or a
    translation (`variant`, as Text.variant), links to articles go to their texts in the
    same variant where those exist. The
    store re-checks the link index's answers before it reuses a rendering.
    """
    key = (*text.key, page_url, variant, tuple(sorted(page_anchors)))
    shown, problems = store.get_checked(
        "render", key, index,
        lambda recorded: _render_text(text.parse()[0], recorded, parsers, page_url, variant,
                                      page_anchors),
        RENDER_CODEC,
    )
    return shown, list(problems)


def _render_text(
    parsed: Parsed,
    index: LinkIndex,
    parsers: Parsers,
    page_url: str,
    variant: str | None,
    page_anchors: frozenset[str],
) -> tuple[RenderedText, list[Diagnostic]]:
    resolver = LinkResolver(
        index,
        parsed.source.rel,
        parsed.source.shown,
        page_url,
        own_anchors=page_anchors | parsed.heading_ids,
        variant=variant,
        first_screen=place_of(parsed.source.rel).kind is not Kind.FILL,
    )
    rendered = render_parsed(parsed, parsers, resolver)
    return RenderedText(rendered, dict(resolver.media)), resolver.problems


# How outlines and renderings are kept in the store: plain JSON.
def _encode_outline(found: tuple[Outline, list[Diagnostic]]) -> bytes:
    outline, problems = found
    return _json([sorted(outline.heading_ids), sorted(outline.slot_names),
                  [plain_diagnostic(d) for d in problems]])


def _decode_outline(data: bytes) -> tuple[Outline, list[Diagnostic]]:
    ids, slots, problems = json.loads(data)
    return (Outline(frozenset(map(str, ids)), frozenset(map(str, slots))),
            [diagnostic_of(d) for d in problems])


def _encode_rendered(found: tuple[RenderedText, list[Diagnostic]]) -> bytes:
    shown, problems = found
    return _json([[_plain_part(part) for part in shown.rendered.parts], shown.media,
                  [plain_diagnostic(d) for d in problems]])


def _decode_rendered(data: bytes) -> tuple[RenderedText, list[Diagnostic]]:
    parts, media, problems = json.loads(data)
    if not isinstance(media, dict):
        raise TypeError("media is not a mapping")
    rendered = Rendered(tuple(_part_of(part) for part in parts))
    return (RenderedText(rendered, {str(k): str(v) for k, v in media.items()}),
            [diagnostic_of(d) for d in problems])


def _plain_part(part: Chunk | Slot) -> dict[str, Any]:
    if isinstance(part, Slot):
        return {"slot": part.name, "line": part.line, "default": _plain_part(part.default)}
    return {"html": part.html, "headings": [[h.level, h.id, h.text] for h in part.headings]}


def _part_of(data: dict[str, Any]) -> Chunk | Slot:
    if "slot" in data:
        default = _part_of(data["default"])
        if not isinstance(default, Chunk):
            raise TypeError("a slot's default is not a chunk")
        return Slot(str(data["slot"]), int(data["line"]), default)
    headings = tuple(Heading(int(level), str(id_), str(text))
                     for level, id_, text in data["headings"])
    return Chunk(str(data["html"]), headings)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


OUTLINE_CODEC = Codec(_encode_outline, _decode_outline)
RENDER_CODEC = Codec(_encode_rendered, _decode_rendered)
