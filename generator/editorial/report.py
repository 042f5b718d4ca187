"""The editorial report's data: every text per owning team, and regional slot coverage.

Built from a successful in-memory build (for LIX and word counts of what
readers see) and the content tree; rendered by report_files.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.layout import Kind, place_of
from generator.content.model import ContentTree, Fill, Region, Team, TopicIntro
from generator.editorial.lix import TextLix
from generator.editorial.reviews import ReviewDate, review_dates
from generator.editorial.slot_coverage import STANDARD_FILL, UNFILLED, SlotCoverage
from generator.editorial.translation_coverage import LanguageCoverage

# Kinds of text, as codes in JSON and CSV; report_files.py has their Swedish labels.
NATIONAL_ARTICLE = "nationell-artikel"
NATIONAL_LATTLAST = "nationell-lattlast"
REGION_ARTICLE = "regional-artikel"
REGION_LATTLAST = "regional-lattlast"
FILL = "fyllning"
FILL_LATTLAST = "fyllning-lattlast"
NATIONAL_TRANSLATION = "nationell-oversattning"
REGION_TRANSLATION = "regional-oversattning"
FILL_TRANSLATION = "fyllning-oversattning"
TOPIC_INTRO = "tema-inledning"


@dataclass(frozen=True)
class TextRow:
    team: str
    path: str  # relative to the content folder
    kind: str
    title: str
    region: str | None  # None for national texts
    language: str | None  # a translation's; None for Swedish
    reviewed: dt.date
    next_review: dt.date
    days_overdue: int  # 0 when not overdue
    lix: TextLix | None  # None for drafts: they are not rendered
    process: str | None
    editor: str | None
    draft: bool

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class TeamReport:
    team: Team
    texts: list[TextRow]  # overdue first (most overdue on top), then by next review

    @property
    def overdue(self) -> int:
        return sum(t.overdue for t in self.texts)


@dataclass(frozen=True)
class RegionCoverage:
    region: Region
    slots: list[SlotCoverage]

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.slots)


@dataclass(frozen=True)
class Report:
    today: dt.date
    site_name: str
    lix_limit_lattlast: int
    teams: list[TeamReport]
    coverage: list[RegionCoverage]
    titles: dict[tuple[str, str], str]  # national (section, slug) -> title
    translations: list[LanguageCoverage]

    @property
    def texts(self) -> list[TextRow]:
        return [row for team in self.teams for row in team.texts]


def make_report(
    tree: ContentTree, lix: list[TextLix], coverage: list[SlotCoverage],
    translations: list[LanguageCoverage], today: dt.date
) -> Report:
    """The report of `tree` on `today`; `lix` from the build, `coverage` from slot_coverage.py,
    `translations` from translation_coverage.py."""
    by_path = {t.path: t for t in lix}
    fills = {f.source.rel: f for f in (*tree.fills, *tree.topic_intros)}
    rows = [_text_row(tree, fills, d, by_path.get(d.source.shown), today)
            for d in review_dates(tree)]
    teams = [
        TeamReport(team, sorted((r for r in rows if r.team == team_id), key=_urgency))
        for team_id, team in tree.teams.items()
    ]
    regions = [
        RegionCoverage(tree.regions[slug], [s for s in coverage if s.region == slug])
        for slug in sorted(tree.regions)
    ]
    titles = {key: a.standard.meta.title for key, a in tree.articles.items()}
    return Report(today, tree.config.name, tree.config.lix_limit_lattlast, teams, regions, titles,
                  translations)


def _urgency(row: TextRow) -> tuple:
    return (-row.days_overdue, row.next_review, row.path)


def _text_row(
    tree: ContentTree, fills: dict[str, Fill | TopicIntro], dated: ReviewDate, lix: TextLix | None,
    today: dt.date,
) -> TextRow:
    rel = dated.source.rel
    place = place_of(rel)
    lattlast, region, language = place.lattlast, place.region, place.language
    if place.kind is Kind.NATIONAL_TEXT:
        article = tree.articles[(place.section, place.slug)]
        kind = (NATIONAL_TRANSLATION if language else NATIONAL_LATTLAST if lattlast
                else NATIONAL_ARTICLE)
    elif place.kind is Kind.REGION_TEXT:
        article = tree.region_articles[region][(place.section, place.slug)]
        kind = REGION_TRANSLATION if language else REGION_LATTLAST if lattlast else REGION_ARTICLE
    elif place.kind is Kind.TOPIC_INTRO:
        return _intro_row(tree, fills[rel], dated, today)
    else:
        return _fill_row(tree, fills[rel], dated, lix, today)
    meta = next(text for text in article.texts() if text.source.rel == rel).meta
    return TextRow(meta.owner, rel, kind, meta.title, region, language, dated.reviewed,
                   dated.due, dated.days_overdue(today), lix, meta.process, meta.editor,
                   article.standard.meta.draft or meta.draft)


def _fill_row(
    tree: ContentTree, fill: Fill, dated: ReviewDate, lix: TextLix | None, today: dt.date
) -> TextRow:
    national = tree.articles.get((fill.section, fill.slug))
    about = national.standard.meta.title if national else f"{fill.section}/{fill.slug}"
    kind = FILL_TRANSLATION if fill.language else FILL_LATTLAST if fill.lattlast else FILL
    return TextRow(fill.meta.owner, fill.source.rel, kind, f"{about}: {fill.slot}", fill.region,
                   fill.language, dated.reviewed, dated.due, dated.days_overdue(today), lix, None,
                   fill.meta.editor, fill.meta.draft)


def _intro_row(tree: ContentTree, intro: Fill | TopicIntro, dated: ReviewDate, today: dt.date
               ) -> TextRow:
    assert isinstance(intro, TopicIntro)
    topic = tree.topics[intro.topic].title
    return TextRow(intro.meta.owner, intro.source.rel, TOPIC_INTRO, f"Tema: {topic}",
                   intro.region, None, dated.reviewed, dated.due, dated.days_overdue(today),
                   None, None, intro.meta.editor, intro.meta.draft)


def coverage_counts(report: Report) -> dict[str, int]:
    slots = [s for region in report.coverage for s in region.slots]
    return {
        "slots": len(slots),
        "filled": sum(s.status not in (UNFILLED, STANDARD_FILL) for s in slots),
        "standard-fill": sum(s.status == STANDARD_FILL for s in slots),
        "unfilled": sum(s.status == UNFILLED for s in slots),
    }
