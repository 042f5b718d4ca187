"""The shipped sample content is valid and covers what the product promises to show."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, THEMES, soup

from generator.load import load_content

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
                 "--today", "2026-11-22")
    assert result.code == 0, result.err
    assert "22 site(s)" in result.out
    page = soup(out / "kronoberg/vard-och-behandling/patientavgifter/index.html")
    labels = {p.get_text() for p in page.select(".regional-label")}
    assert labels == {"Regional information från Region Kronoberg"}
    assert page.select_one(".notice").get_text(strip=True).startswith("Exempelinnehåll")
