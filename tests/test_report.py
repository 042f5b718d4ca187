"""The editorial report: every column of report.json, the CSV files and the HTML page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import THEMES, build_args, soup, write

REPORT_DAY = "2027-02-01"  # avgifter.md and its lättläst text fall due on 2027-01-15


@pytest.fixture
def report(content, tmp_path, run):
    out = tmp_path / "rapport"
    result = run("report", "--content", content, "--themes", THEMES, "--out", out,
                 "--today", REPORT_DAY)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return out


def _json(out):
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _rows(doc, path):
    return next(row for row in doc["texts"] if row["path"] == path)


def test_every_text_with_its_team_and_columns(report):
    doc = _json(report)
    assert doc["version"] == 1 and doc["today"] == REPORT_DAY and doc["site"] == "Testguiden"
    assert [row["path"] for row in doc["texts"]] == [
        # nationell-redaktion: overdue first (most overdue on top), then by next review
        "national/vard/avgifter.lattlast.md",
        "national/vard/avgifter.md",
        "national/tandvard/unga.md",
        "national/tandvard/utkast.md",
        # region-alfa
        "regional/alfa/articles/vard/narakut.md",
        "regional/alfa/overlays/vard/avgifter/kostnad.md",
    ]
    article = _rows(doc, "national/vard/avgifter.md")
    assert {k: v for k, v in article.items() if k not in ("lix", "words", "sentences",
                                                          "long_words")} == {
        "team": "nationell-redaktion", "team_name": "Nationella redaktionen",
        "path": "national/vard/avgifter.md", "kind": "nationell-artikel",
        "title": "Avgifter i vården", "region": None, "language": None, "reviewed": "2026-01-15",
        "next_review": "2027-01-15", "days_overdue": 17, "overdue": True, "draft": False,
        "process": "revidering", "editor": "Redaktör A",
    }
    assert isinstance(article["lix"], float) and article["words"] > 10
    assert article["sentences"] >= 1 and article["long_words"] >= 1
    easy = _rows(doc, "national/vard/avgifter.lattlast.md")
    assert easy["kind"] == "nationell-lattlast" and easy["days_overdue"] == 17
    fill = _rows(doc, "regional/alfa/overlays/vard/avgifter/kostnad.md")
    assert (fill["team"], fill["kind"], fill["title"], fill["region"], fill["editor"],
            fill["next_review"], fill["days_overdue"], fill["process"]) == (
        "region-alfa", "fyllning", "Avgifter i vården: kostnad", "alfa", "Webbredaktör Alfa",
        "2027-03-01", 0, None)
    assert fill["lix"] is not None and fill["words"] > 0
    own = _rows(doc, "regional/alfa/articles/vard/narakut.md")
    assert (own["kind"], own["title"], own["region"]) == (
        "regional-artikel", "Närakuten i Alfa", "alfa")
    draft = _rows(doc, "national/tandvard/utkast.md")
    assert draft["draft"] is True and draft["lix"] is None and draft["words"] is None
    assert doc["summary"] == {"texts": 6, "overdue": 2, "drafts": 1, "teams": 3,
                              "coverage": {"slots": 8, "filled": 1, "standard-fill": 1,
                                           "unfilled": 6}}


def test_coverage_of_regional_slots(report):
    doc = _json(report)
    alfa = [(c["article"], c["slot"], c["status"], c["fill"]) for c in doc["coverage"]
            if c["region"] == "alfa"]
    assert alfa == [
        ("national/tandvard/unga.md", "alder", "unfilled", None),
        ("national/vard/avgifter.md", "kostnad", "filled",
         "regional/alfa/overlays/vard/avgifter/kostnad.md"),
        ("national/vard/avgifter.md", "kontakt", "unfilled", None),
        ("national/vard/avgifter.lattlast.md", "kostnad", "standard-fill",
         "regional/alfa/overlays/vard/avgifter/kostnad.md"),
    ]
    beta = [c for c in doc["coverage"] if c["region"] == "beta"]
    assert {c["status"] for c in beta} == {"unfilled"} and len(beta) == 4
    assert beta[0]["region_name"] == "Region Beta" and beta[0]["title"] == "Tandvård för unga"
    assert beta[3]["lattlast"] is True


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def _as_csv(value):
    return "" if value is None else ("ja" if value else "nej") if isinstance(value, bool) \
        else str(value)


def test_csv_files_hold_the_same_data(report):
    doc = _json(report)
    assert (report / "texter.csv").read_bytes().startswith("\ufeff".encode())
    for name, records in (("texter.csv", doc["texts"]), ("tackning.csv", doc["coverage"])):
        rows = _csv(report / name)
        assert rows == [{k: _as_csv(v) for k, v in record.items()} for record in records]


def test_html_shows_each_team_its_texts_accessibly(report):
    page = soup(report / "report.html")
    assert page.html["lang"] == "sv"
    assert page.title.get_text().startswith("Redaktionell rapport – Testguiden")
    doc = _json(report)
    rows = page.select("tr.text-row")
    assert [row.select_one("th code").get_text() for row in rows] == [
        t["path"] for t in doc["texts"]]
    first = rows[0]
    cells = [td.get_text(strip=True) for td in first.find_all("td")]
    assert cells == ["Nationell lättläst text", "Nationellt", "2026-01-15", "2027-01-15",
                     "17 (försenad)", cells[5], cells[6], "–", "–"]
    assert "overdue" in first["class"] and first["data-overdue"] == "1"
    draft = next(r for r in rows if r.select_one("th code").get_text().endswith("utkast.md"))
    assert "(utkast)" in draft.th.get_text()
    assert [td.get_text() for td in draft.find_all("td")][5:7] == ["–", "–"]
    teams = page.select("section.group[data-team]")
    assert [t.h3.get_text() for t in teams] == [
        "Nationella redaktionen", "Redaktionen i Alfa", "Redaktionen i Beta"]
    assert teams[2].find("table") is None and "0 texter" in teams[2].get_text()
    slots = page.select("tr.slot-row")
    assert len(slots) == len(doc["coverage"])
    for table in page.find_all("table"):
        assert table.caption.get_text(strip=True)
        assert all(th.get("scope") == "col" for th in table.thead.find_all("th"))
        assert all(th.get("scope") == "row" for th in table.tbody.find_all("th"))


def test_filters_are_labelled_and_need_javascript_to_appear(report):
    page = soup(report / "report.html")
    forms = page.select("form.filters")
    assert len(forms) == 2 and all(form.has_attr("hidden") for form in forms)
    controls = page.select("form.filters select, form.filters input")
    assert len(controls) == 7
    for control in controls:
        label = page.find("label", attrs={"for": control["id"]})
        assert label is not None and label.get_text(strip=True)
    values = {o["value"] for o in page.select("#filter-kind option")}
    assert {row["kind"] for row in _json(report)["texts"]} <= values
    assert page.find("script") is not None


def test_report_refuses_a_folder_in_the_built_sites(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    for target in (out / "alfa", out / "alfa/rapport"):
        result = run("report", "--content", content, "--themes", THEMES, "--out", target)
        assert result.code == 2
        assert "inside the built sites" in result.err
        assert not (target / "report.html").exists()
    result = run("report", "--content", content, "--themes", THEMES, "--out", content / "r")
    assert result.code == 2 and "overlaps the content folder" in result.err


def test_report_on_content_with_errors_writes_nothing(content, tmp_path, run):
    write(content, "national/vard/trasig.md", "---\ntitle: [\n---\n")
    result = run("report", "--content", content, "--themes", THEMES,
                 "--out", tmp_path / "rapport", "--today", REPORT_DAY)
    assert result.code == 1
    assert "trasig.md:3: error: invalid YAML" in result.err
    assert not (tmp_path / "rapport").exists()
