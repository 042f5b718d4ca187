"""The editorial checks: what `check` adds to a build's own validation.

A build validates schema, slots, ownership, links, overdue reviews and the LIX
of lättläst text; these add what a build does not need to know: lättläst
pages that show a standard fill, media files nobody uses, and drafts.
"""

from __future__ import annotations

from collections.abc import Collection

from generator.content.model import ContentTree
from generator.diagnostics import Diagnostic, info, warning
from generator.editorial.slot_coverage import declared_slots, missing_lattlast_fills, slot_coverage
from generator.editorial.unused_media import unreferenced_media
from generator.render.article_texts import parse_articles
from generator.render.markdown import Parsed, make_parsers, parse_text


def editorial_checks(
    tree: ContentTree, shown_root: str, regions: Collection[str] | None
) -> list[Diagnostic]:
    """What `check` adds to a build's problems, for the sites of `regions` (None: all)."""
    parsers = make_parsers()
    national, _ = parse_articles(tree.articles.values(), parsers, trusted=True)
    # Parse problems are the build's to report; here only links and slots are read.
    regional: list[Parsed] = [
        parse_text(text.source, parsers, trusted=False)[0]
        for article in tree.every_article() if article.region is not None
        for text in article.texts()
    ]
    regional += [parse_text(fill.source, parsers, trusted=False)[0]
                 for fill in (*tree.fills, *tree.topic_intros)]
    shown = None if regions is None else sorted(r for r in regions if r in tree.regions)
    coverage = slot_coverage(tree, declared_slots(national), shown)
    return (
        missing_lattlast_fills(coverage)
        + unreferenced_media(tree, [*national.values(), *regional], shown_root)
        + drafts(tree)
        + stale_translations(tree, regions)
    )


def stale_translations(tree: ContentTree, regions: Collection[str] | None) -> list[Diagnostic]:
    """A translation whose Swedish text was reviewed after the review it was translated
    from (`source_reviewed`) may no longer say what the Swedish text says."""
    found = []
    for article in tree.every_article():
        if article.region is not None and regions is not None and article.region not in regions:
            continue
        newest = max(article.swedish_texts(), key=lambda text: text.meta.reviewed)
        for translation in article.translations:
            translated_from = translation.meta.source_reviewed
            if translated_from is not None and newest.meta.reviewed > translated_from:
                source = translation.source
                found.append(warning(
                    source.shown, source.line_of("source_reviewed"),
                    f"may be out of date: {newest.source.rel} was reviewed "
                    f"{newest.meta.reviewed}, after the text this translation was made from "
                    f"(source_reviewed: {translated_from})"))
    return found


def drafts(tree: ContentTree) -> list[Diagnostic]:
    """Drafts as info: a normal editorial state, but easy to forget once written."""
    found = []
    for article in tree.every_article():
        if article.standard.meta.draft:
            source = article.standard.source
            found.append(info(source.shown, source.line_of("draft"),
                              "draft: not published in any site"))
    for fill in tree.fills:
        if fill.meta.draft:
            found.append(info(fill.source.shown, fill.source.line_of("draft"),
                              "draft: the slot shows the national default"))
    for intro in tree.topic_intros:
        if intro.meta.draft:
            found.append(info(intro.source.shown, intro.source.line_of("draft"),
                              "draft: the topic page shows no introduction"))
    return found


