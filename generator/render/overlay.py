"""Slots and fills: the national text of each article as one region's site shows it.

Regional text enters only through a slot the national text declares; there is
no other way for it onto a national page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from generator.content.model import Article, ContentTree, Fill, FillMeta, Region, Source, Team, Text
from generator.diagnostics import Diagnostic, error
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
from generator.render.markdown import Chunk, Heading, Parsers, Slot
from generator.store import Store


@dataclass(frozen=True)
class FillPart:
    """A regional fill in place of a slot's default, with who answers for it."""

    slot: str
    html: str
    headings: tuple[Heading, ...]
    region: Region
    team: Team
    meta: FillMeta
    source: Source
    lattlast: bool  # written as an easy-to-read fill (<slot>.lattlast.md)

    def __repr__(self) -> str:
        # As Chunk's (render/markdown.py): the HTML enters a page's key as its digest.
        return (f"FillPart({self.slot!r}, {Chunk(self.html, self.headings)!r}, "
                f"{self.region!r}, {self.team!r}, {self.meta!r}, {self.source!r}, "
                f"{self.lattlast!r})")


@dataclass(frozen=True)
class SwedishFill:
    """In a translation, where the region has a fill only in Swedish: after the slot's
    default, a link to the region's Swedish text, never its Swedish words unmarked."""

    slot: str
    region: Region
    url: str  # the page of the Swedish text in this site
    html: str = ""  # the template writes the link, in the page's language
    headings: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class ArticleText:
    """One text of one article, as one site shows it."""

    article: Article
    text: Text
    url: str
    parts: tuple[Chunk | FillPart | SwedishFill, ...]
    media: dict[str, str]

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(h for part in self.parts for h in part.headings)

    @property
    def fills(self) -> tuple[FillPart, ...]:
        return tuple(p for p in self.parts if isinstance(p, FillPart))


def check_fills(
    tree: ContentTree, region: str, outlines: dict[TextKey, Outline]
) -> list[Diagnostic]:
    """Errors for fills of `region` that name an article or slot that does not exist."""
    problems = []
    for fill in tree.fills:
        if fill.region != region:
            continue
        article = tree.articles.get((fill.section, fill.slug))
        where = f"{fill.section}/{fill.slug}"
        translated = next((t for t in article.translations if t.language == fill.language),
                          None) if article and fill.language else None
        if article is None and f"national/{where}.md" in tree.files or (
                fill.language and not translated
                and f"national/{where}.{fill.language}.md" in tree.files):
            continue  # the article or translation is there but invalid: its own error says why
        if article is None:
            message = f"fills slot '{fill.slot}' of national/{where}.md, which does not exist"
        elif fill.lattlast and article.lattlast_text is None:
            message = f"national/{where}.md has no easy-to-read version to fill"
        elif fill.language and translated is None:
            message = (f"national/{where}.md has no translation into '{fill.language}' "
                       f"(national/{where}.{fill.language}.md) to fill")
        elif fill.slot not in _declared_slots(article, outlines, fill):
            filled = translated or (article.lattlast_text if fill.lattlast else article.standard)
            file = posixpath.basename(filled.source.rel) if filled else f"{article.slug}.md"
            declared = sorted(_declared_slots(article, outlines, fill))
            message = (
                f"slot '{fill.slot}' is not declared in national/{fill.section}/{file} "
                f"(declared: {', '.join(declared) or 'none'})"
            )
        else:
            continue
        problems.append(error(fill.source.shown, 1, message))
    return problems


def check_region_articles(tree: ContentTree, region: str) -> list[Diagnostic]:
    """A region-only article may not take the address of a national one."""
    return [
        error(
            article.standard.source.shown,
            1,
            f"region-only article has the same address {article.url} as national/"
            f"{article.section}/{article.slug}.md",
        )
        for key, article in sorted(tree.region_articles.get(region, {}).items())
        if key in tree.articles
    ]


def overlay_articles(
    articles: list[Article],
    rendered: dict[TextKey, RenderedText],
    outlines: dict[TextKey, Outline],
    tree: ContentTree,
    region: Region | None,
    index: LinkIndex,
    parsers: Parsers,
    store: Store,
) -> tuple[list[ArticleText], list[Diagnostic]]:
    """Every text of `articles` with `region`'s fills in their slots (defaults elsewhere).

    `rendered` and `outlines` hold the texts rendered once for all sites; only
    the fills are rendered here, for the page they appear on.
    """
    fills = _published_fills(tree, region)
    problems: list[Diagnostic] = []
    result = []
    for article in articles:
        for text in article.texts():
            key = text_key(article, text)
            url = text_url(article, text)
            standard = (*key[:2], False, None)
            parts: list[Chunk | FillPart | SwedishFill] = []
            media = dict(rendered[key].media)
            for part in rendered[key].rendered.parts:
                if not isinstance(part, Slot):
                    parts.append(part)
                    continue
                # A lättläst slot without an easy-to-read fill takes the standard fill; a
                # translation's, only a fill in its language.
                fill = fills.get((key, part.name)) or (
                    fills.get((standard, part.name)) if text.language is None else None)
                if fill is None:
                    if part.default.html:
                        parts.append(part.default)
                    if region is not None and text.language and (standard, part.name) in fills:
                        parts.append(SwedishFill(part.name, region,
                                                 text_url(article, article.standard)))
                    continue
                shown, found = _render_fill(
                    fill, tree, region, outlines[key], index, parsers, store, url, text.variant
                )
                problems.extend(found)
                media.update(shown.media)
                parts.append(shown.part)
            result.append(ArticleText(article, text, url, tuple(parts), media))
    return result, problems


@dataclass(frozen=True)
class _ShownFill:
    part: FillPart
    media: dict[str, str]


def _render_fill(
    fill: Fill,
    tree: ContentTree,
    region: Region,
    around: Outline,
    index: LinkIndex,
    parsers: Parsers,
    store: Store,
    url: str,
    variant: str | None,
) -> tuple[_ShownFill, list[Diagnostic]]:
    """Render one fill on the page at `url`, inside the national text `around`."""
    # Fill headings must not take an id the national text already uses.
    text = text_source(fill.source, parsers, store, trusted=False,
                       reserved_ids=around.heading_ids)
    _, problems = text_outline(text, store)
    shown, found = render_text(text, index, parsers, store, url, variant, around.heading_ids)
    html = "".join(p.html for p in shown.rendered.parts)
    team = tree.teams[fill.meta.owner]
    part = FillPart(fill.slot, html, shown.rendered.headings, region, team, fill.meta,
                    fill.source, fill.lattlast)
    return _ShownFill(part, shown.media), problems + found


def _published_fills(
    tree: ContentTree, region: Region | None
) -> dict[tuple[TextKey, str], Fill]:
    if region is None:
        return {}
    return {
        ((f.section, f.slug, f.lattlast, f.language), f.slot): f
        for f in tree.fills
        if f.region == region.slug and not f.meta.draft
    }


def _declared_slots(
    article: Article, outlines: dict[TextKey, Outline], fill: Fill
) -> frozenset[str]:
    """Slots a fill may fill: a lättläst fill needs a lättläst slot; a standard fill
    serves the standard text and stands in for a missing lättläst fill; a translated fill
    needs a slot of the translation into its language."""
    names = frozenset()
    for text in article.texts():
        if fill.language is not None:
            shown = text.language == fill.language
        else:
            shown = text.language is None and (text.lattlast or not fill.lattlast)
        if shown:
            names |= outlines[text_key(article, text)].slot_names
    return names
