"""The editorial report as files: report.html (Jinja2), report.json, texter.csv, tackning.csv.

The template lives in the generator package, not in a theme: themes style the
reader sites and may be swapped per site, while the report is a tool for the
editorial teams that must look the same whichever theme the sites use.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from generator.editorial.report import (
    FILL,
    FILL_LATTLAST,
    FILL_TRANSLATION,
    NATIONAL_ARTICLE,
    NATIONAL_LATTLAST,
    NATIONAL_TRANSLATION,
    REGION_ARTICLE,
    REGION_LATTLAST,
    REGION_TRANSLATION,
    TOPIC_INTRO,
    Report,
    TextRow,
    coverage_counts,
)
from generator.editorial.slot_coverage import FILLED, STANDARD_FILL, UNFILLED
from generator.render.theme import jinja_environment

REPORT_FORMAT_VERSION = 1
TEMPLATES = Path(__file__).parent / "report_templates"
KIND_LABELS = {
    NATIONAL_ARTICLE: "Nationell artikel",
    NATIONAL_LATTLAST: "Nationell lättläst text",
    REGION_ARTICLE: "Regional artikel",
    REGION_LATTLAST: "Regional lättläst text",
    FILL: "Regional fyllning",
    FILL_LATTLAST: "Regional lättläst fyllning",
    NATIONAL_TRANSLATION: "Nationell översättning",
    REGION_TRANSLATION: "Regional översättning",
    FILL_TRANSLATION: "Översatt regional fyllning",
    TOPIC_INTRO: "Regional inledning till ett tema",
}
STATUS_LABELS = {
    FILLED: "Ifylld",
    STANDARD_FILL: "Lättläst fyllning saknas (standardtexten visas)",
    UNFILLED: "Inte ifylld (nationell standardtext visas)",
}
TEXT_COLUMNS = ("team", "team_name", "path", "kind", "title", "region", "language", "reviewed",
                "next_review", "days_overdue", "overdue", "draft", "lix", "words", "sentences",
                "long_words", "process", "editor")
COVERAGE_COLUMNS = ("region", "region_name", "article", "title", "lattlast", "slot", "status",
                    "fill")
TRANSLATION_COLUMNS = ("language", "language_name", "region", "region_name", "texts", "slots",
                       "filled")


def report_files(report: Report) -> dict[str, bytes]:
    """Every file of the report: name -> bytes."""
    return {
        "report.html": report_html(report),
        "report.json": report_json(report),
        "texter.csv": _csv(TEXT_COLUMNS, text_records(report)),
        "tackning.csv": _csv(COVERAGE_COLUMNS, coverage_records(report)),
        "oversattningar.csv": _csv(TRANSLATION_COLUMNS, translation_records(report)),
    }


def text_records(report: Report) -> list[dict[str, Any]]:
    names = {t.team.id: t.team.name for t in report.teams}
    return [_text_record(row, names[row.team]) for row in report.texts]


def _text_record(row: TextRow, team_name: str) -> dict[str, Any]:
    counted = row.lix.lix if row.lix else None
    return {
        "team": row.team,
        "team_name": team_name,
        "path": row.path,
        "kind": row.kind,
        "title": row.title,
        "region": row.region,
        "language": row.language,
        "reviewed": row.reviewed.isoformat(),
        "next_review": row.next_review.isoformat(),
        "days_overdue": row.days_overdue,
        "overdue": row.overdue,
        "draft": row.draft,
        "lix": round(counted.score, 1) if counted else None,
        "words": counted.words if counted else None,
        "sentences": counted.sentences if counted else None,
        "long_words": counted.long_words if counted else None,
        "process": row.process,
        "editor": row.editor,
    }


def coverage_records(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "region": slot.region,
            "region_name": region.region.name,
            "article": slot.national_path,
            "title": report.titles.get((slot.section, slot.slug), ""),
            "lattlast": slot.lattlast,
            "slot": slot.slot,
            "status": slot.status,
            "fill": slot.fill.source.rel if slot.fill else None,
        }
        for region in report.coverage
        for slot in region.slots
    ]


def translation_records(report: Report) -> list[dict[str, Any]]:
    """Per language and region: the national texts translated into the language, the slots
    they declare, and how many of them the region fills in it."""
    names = {region.region.slug: region.region.name for region in report.coverage}
    return [
        {
            "language": found.language.code,
            "language_name": found.language.name,
            "region": region,
            "region_name": names[region],
            "texts": found.texts,
            "slots": found.slots,
            "filled": filled,
        }
        for found in report.translations
        for region, filled in found.filled.items()
    ]


def report_json(report: Report) -> bytes:
    texts = text_records(report)
    document = {
        "version": REPORT_FORMAT_VERSION,
        "today": report.today.isoformat(),
        "site": report.site_name,
        "lix_limit_lattlast": report.lix_limit_lattlast,
        "summary": {
            "texts": len(texts),
            "overdue": sum(t["overdue"] for t in texts),
            "drafts": sum(t["draft"] for t in texts),
            "teams": len(report.teams),
            "coverage": coverage_counts(report),
        },
        "texts": texts,
        "coverage": coverage_records(report),
        "translations": translation_records(report),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv(columns: tuple[str, ...], records: list[dict[str, Any]]) -> bytes:
    # UTF-8 with BOM and ';' as separator: what Excel with Swedish settings opens correctly.
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _csv_value(v) for k, v in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def report_html(report: Report) -> bytes:
    env = jinja_environment(TEMPLATES)
    template = env.get_template("report.html")
    html = template.render(
        report=report,
        counts=coverage_counts(report),
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        filters={  # (value, label) of each filter's options
            "team": [(team.team.id, team.team.name) for team in report.teams],
            "text_region": [(r, r) for r in sorted({row.region for row in report.texts
                                                    if row.region})],
            "coverage_region": [(r.region.slug, r.region.name) for r in report.coverage],
        },
        lix_format=_lix_format,
    )
    return html.encode("utf-8")


def _lix_format(row: TextRow) -> str:
    return f"{row.lix.lix.score:.0f}" if row.lix and row.lix.lix.words else "–"
