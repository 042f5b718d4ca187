"""Review dates: which texts are past the date their facts should have been checked again."""

from __future__ import annotations

import datetime as dt

from generator.diagnostics import Diagnostic, warning
from generator.model import ContentTree, Source, next_review


def overdue_reviews(tree: ContentTree, today: dt.date) -> list[Diagnostic]:
    default = tree.config.review_interval_months
    dated: list[tuple[Source, dt.date, int | None]] = []
    for articles in (tree.articles, *tree.region_articles.values()):
        for article in articles.values():
            for text in article.texts():
                meta = text.meta
                dated.append((text.source, meta.reviewed, meta.review_interval_months))
    for fill in tree.fills:
        dated.append((fill.source, fill.meta.reviewed, fill.meta.review_interval_months))
    problems = []
    for source, reviewed, months in dated:
        due = next_review(reviewed, months or default)
        if due < today:
            problems.append(warning(source.shown, source.line_of("reviewed"),
                                    f"review overdue since {due.isoformat()} "
                                    f"(reviewed {reviewed.isoformat()})"))
    return problems
