"""The shipped sample content is valid and covers what the product promises to show."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO, THEMES, soup

from generator.content.load import load_content

CONTENT = REPO / "content"
FILL_REGIONS = {"kronoberg", "stockholm", "vasterbotten", "norrbotten", "gotland"}


def test_sample_content_loads_without_problems():
    tree, problems = load_content(CONTENT)
    assert problems == []
    assert len(tree.regions) == 21
    assert len(tree.articles) >= 25 and len(tree.sections) >= 6
    assert sum(a.lattlast_text is not None for a in tree.articles.values()) >= 5
    assert sum(len(found) for found in tree.region_articles.values()) >= 3
    assert {f.region for f in tree.fills} == FILL_REGIONS
    assert tree.config.notice and "Exempelinnehåll" in tree.config.notice


def test_sample_content_builds_every_site(tmp_path: Path, run):
    out = tmp_path / "out"
    result = run("build", "--content", CONTENT, "--themes", THEMES, "--out", out,
                 "--today", "2026-11-22", "--cache", tmp_path / "cache")
    assert result.code == 0, result.err
    assert re.fullmatch(r"22 sites, \d+ pages, 1 warning, \d+\.\d\d s", result.out.strip())
    page = soup(out / "kronoberg/vard-och-behandling/patientavgifter/index.html")
    labels = {p.get_text() for p in page.select(".regional-label")}
    assert labels == {"Regional information från Region Kronoberg"}
    assert page.select_one(".notice").get_text(strip=True).startswith("Exempelinnehåll")


def test_sample_content_has_an_overdue_text_a_missing_easy_fill_and_a_stale_translation(
        tmp_path, run):
    """On purpose, so that `make check` and the report always have something to show (issues
    6 and 17)."""
    result = run("check", "--content", CONTENT, "--themes", THEMES, "--today", "2026-11-22",
                 "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    found = [(d["path"].removeprefix(f"{CONTENT}/"), d["severity"], d["message"].split(":")[0])
             for d in doc["diagnostics"]]
    overdue = "regional/norrbotten/overlays/tandvard/tandvard-unga/aldersgrans.md"
    missing = "regional/gotland/overlays/vard-och-behandling/vardgaranti/kontakt.md"
    stale = "national/lakemedel/fornya-recept.fi.md"
    assert found == [
        (stale, "warning", "may be out of date"),
        (missing, "warning", "no easy-to-read fill"),
        (overdue, "warning", "review overdue since 2026-09-15 (reviewed 2025-09-15)"),
    ]
    assert "# Avsiktligt inaktuell översättning" in (CONTENT / stale).read_text(encoding="utf-8")
    assert "# Avsiktligt försenad granskning" in (CONTENT / overdue).read_text(encoding="utf-8")
    assert "# Avsiktligt saknad lättläst fyllning" in (CONTENT / missing).read_text(
        encoding="utf-8")
    out = tmp_path / "rapport"
    assert run("report", "--content", CONTENT, "--themes", THEMES, "--out", out,
               "--today", "2026-11-22").code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["overdue"] == 1
    assert report["summary"]["coverage"]["standard-fill"] == 1
    norrbotten = [t for t in report["texts"] if t["team"] == "region-norrbotten"]
    assert (norrbotten[0]["path"], norrbotten[0]["days_overdue"]) == (overdue, 68)


def test_a_reader_finds_every_article_for_a_life_situation_from_the_start_page(tmp_path, run):
    """Issue 18's walk: the start page, "När ditt barn har fått en diagnos", and on that page
    every article on the topic the site has, with Kronoberg's introduction on its own site."""
    out = tmp_path / "out"
    for region in ("kronoberg", "vasterbotten"):
        assert run("build", "--content", CONTENT, "--themes", THEMES, "--out", out,
                   "--region", region, "--no-cache").code == 0
    tree, _ = load_content(CONTENT)
    slug = "barn-med-diagnos"

    def titles_on_topic(region: str) -> list[str]:
        articles = [*tree.articles.values(), *tree.region_articles[region].values()]
        return sorted(a.standard.meta.title for a in articles if not a.standard.meta.draft
                      and any(slug in t.meta.topics for t in a.swedish_texts()))

    for region in ("kronoberg", "vasterbotten"):
        start = soup(out / region / "index.html")
        link = next(a for a in start.select(".topic-entry a")
                    if a.get_text() == "När ditt barn har fått en diagnos")
        page = soup(out / region / link["href"] / "index.html")
        listed = [a.get_text() for a in page.select("main .article-list h2 a")]
        assert listed == titles_on_topic(region) and len(listed) >= 5
        intro = page.select("main .regional")
        if region == "kronoberg":
            assert [box["aria-label"] for box in intro] == [
                "Regional information från Region Kronoberg"]
        else:
            assert intro == []
    assert "Habilitering och stöd på distans i Västerbotten" in titles_on_topic("vasterbotten")
