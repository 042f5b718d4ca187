"""Review dates: which texts are past the date their facts should have been checked again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.model import ContentTree, Source
from generator.diagnostics import Diagnostic, warning


@dataclass(frozen=True)
class ReviewDate:
    source: Source
    reviewed: dt.date
    due: dt.date  # the next review: reviewed + review_interval_months (or site.yml's default)

    def days_overdue(self, today: dt.date) -> int:
        """Days since the review fell due; 0 when it is not yet overdue."""
        return max((today - self.due).days, 0)


def review_dates(tree: ContentTree, region: str | None = None) -> list[ReviewDate]:
    """The review date of every text: articles, their lättläst texts, fills and topic
    introductions, drafts too; with `region`, of that region's own only."""
    if region is None:
        dated = [*tree.every_text(), *tree.fills, *tree.topic_intros]
    else:
        own = tree.region_articles.get(region, {}).values()
        dated = [*(t for a in own for t in a.texts()),
                 *(f for f in (*tree.fills, *tree.topic_intros) if f.region == region)]
    return [ReviewDate(t.source, t.meta.reviewed, tree.next_review(t.meta)) for t in dated]


def overdue_reviews(
    tree: ContentTree, today: dt.date, region: str | None = None
) -> list[Diagnostic]:
    return [
        warning(d.source.shown, d.source.line_of("reviewed"),
                f"review overdue since {d.due.isoformat()} (reviewed {d.reviewed.isoformat()})")
        for d in review_dates(tree, region)
        if d.due < today
    ]
