"""`check`: every problem in the content in one run, without writing anything.

The build's own validation (schema, slots, ownership, links, overdue reviews,
LIX of lättläst text) runs through the build, without writing; the editorial checks here
add what a build does not need to know: lättläst pages that show a standard
fill, media files nobody uses, and drafts.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from generator.content.load import load_content
from generator.content.model import ContentTree
from generator.diagnostics import ERROR, INFO, WARNING, ContentError, Diagnostic, info
from generator.editorial.lix import TextLix
from generator.editorial.slot_coverage import declared_slots, missing_lattlast_fills, slot_coverage
from generator.editorial.unused_media import unreferenced_media
from generator.engine.build import Paths, build
from generator.render.article_texts import parse_articles
from generator.render.markdown import Parsed, make_parsers, parse_text

JSON_FORMAT_VERSION = 1


@dataclass(frozen=True)
class CheckResult:
    diagnostics: list[Diagnostic]  # sorted by path, line, severity, message
    lix: list[TextLix]  # empty when the build found errors
    pages: dict[str, int]  # site slug -> pages; empty when the build found errors

    def count(self, severity: str) -> int:
        return sum(d.severity == severity for d in self.diagnostics)

    def failed(self, strict: bool) -> bool:
        """Errors always fail; warnings only with --strict; info never."""
        return bool(self.count(ERROR) or (strict and self.count(WARNING)))


def run_check(
    paths: Paths, sites: list[str] | None, today: dt.date, jobs: int = 1
) -> CheckResult:
    """Validate the content under `paths.content` as a build of `sites` would, and more."""
    tree = None
    try:
        result = build(paths, sites, today, jobs=jobs, write=False)
        found, lix, pages = list(result.warnings), result.lix, result.pages
        if sites is None:  # a one-region build reads only that region's files
            tree = result.tree
    except ContentError as exc:
        found, lix, pages = list(exc.diagnostics), [], {}
    if tree is None:
        # A failed build raises without its tree; loading again lets these checks
        # run in the same run anyway.
        tree, _ = load_content(paths.content, str(paths.content))
    if tree is not None:
        found += editorial_checks(tree, str(paths.content), sites)
    return CheckResult(sorted(set(found)), lix, pages)


def editorial_checks(
    tree: ContentTree, shown_root: str, sites: list[str] | None
) -> list[Diagnostic]:
    parsers = make_parsers()
    national, _ = parse_articles(tree.articles.values(), parsers, trusted=True)
    # Parse problems are the build's to report; here only links and slots are read.
    regional: list[Parsed] = [
        parse_text(text.source, parsers, trusted=False)[0]
        for articles in tree.region_articles.values()
        for article in articles.values()
        for text in article.texts()
    ]
    regional += [parse_text(fill.source, parsers, trusted=False)[0] for fill in tree.fills]
    regions = None if sites is None else [s for s in sites if s in tree.regions]
    coverage = slot_coverage(tree, declared_slots(national), regions)
    return (
        missing_lattlast_fills(coverage)
        + unreferenced_media(tree, [*national.values(), *regional], shown_root)
        + drafts(tree)
    )


def drafts(tree: ContentTree) -> list[Diagnostic]:
    """Drafts as info: a normal editorial state, but easy to forget once written."""
    found = []
    for articles in (tree.articles, *tree.region_articles.values()):
        for article in articles.values():
            if article.standard.meta.draft:
                source = article.standard.source
                found.append(info(source.shown, source.line_of("draft"),
                                  "draft: not published in any site"))
    for fill in tree.fills:
        if fill.meta.draft:
            found.append(info(fill.source.shown, fill.source.line_of("draft"),
                              "draft: the slot shows the national default"))
    return found


def check_json(result: CheckResult, today: dt.date, strict: bool) -> str:
    """The machine-readable form of `check --format json` (documented in README)."""
    document = {
        "version": JSON_FORMAT_VERSION,
        "today": today.isoformat(),
        "strict": strict,
        "ok": not result.failed(strict),
        "summary": {
            "errors": result.count(ERROR),
            "warnings": result.count(WARNING),
            "info": result.count(INFO),
            "sites": len(result.pages),
            "pages": sum(result.pages.values()),
        },
        "diagnostics": [
            {"path": d.path, "line": d.line, "severity": d.severity, "message": d.message}
            for d in result.diagnostics
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
