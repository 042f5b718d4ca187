"""Slots and fills as readers see them, per region and in the national site."""

from __future__ import annotations

from pathlib import Path

from conftest import build_args, soup, write

ARTICLE = "vard/avgifter/index.html"


def _body(out: Path, site: str, page: str = ARTICLE):
    return soup(out / site / page).select_one(".article-body")


def test_fill_replaces_default_and_is_marked_with_its_region(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    body = _body(out, "alfa")
    regional = body.select("section.regional")
    assert len(regional) == 1
    assert regional[0].select_one(".regional-label").get_text() == (
        "Regional information från Region Alfa"
    )
    meta = regional[0].select_one(".regional-meta").get_text(" ", strip=True)
    assert "Redaktionen i Alfa" in meta and "Webbredaktör Alfa" in meta
    assert regional[0].select_one("time")["datetime"] == "2026-03-01"
    assert "Ett besök kostar 200 kr i Alfa." in regional[0].get_text()
    assert "Avgiften beror på var du bor." not in body.get_text()


def test_unfilled_slot_shows_default_and_empty_default_shows_nothing(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    for site in ("beta", "nationell"):
        body = _body(out, site)
        assert body.select("section.regional") == []
        paragraphs = [p.get_text() for p in body.find_all("p", recursive=False)]
        assert "Avgiften beror på var du bor." in paragraphs
        # The empty `kontakt` default leaves nothing between its heading and "Slut."
        kontakt = body.find("h2", id="kontakt")
        assert kontakt.find_next_sibling().get_text() == "Slut."


def test_regional_html_is_escaped_national_html_is_kept(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    body = _body(out, "alfa")
    assert body.find("script") is None
    assert "<script>alert(1)</script>" in body.select_one("section.regional").get_text()
    assert body.find("abbr")["title"] == "hälso- och sjukvårdslagen"
    own = soup(out / "alfa/vard/narakut/index.html").select_one(".article-body")
    assert own.find("b") is None and "<b>fet</b>" in own.get_text()


def test_region_only_article_is_only_in_its_region(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    assert (out / "alfa/vard/narakut/index.html").is_file()
    assert not (out / "beta/vard/narakut").exists()
    assert not (out / "nationell/vard/narakut").exists()
    section = soup(out / "alfa/vard/index.html")
    assert "Närakuten i Alfa" in [a.get_text() for a in section.select(".article-list h2 a")]


def test_lattlast_slot_falls_back_to_standard_fill_then_prefers_easy_fill(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    easy = _body(out, "alfa", "lattlast/vard/avgifter/index.html")
    assert "Ett besök kostar 200 kr i Alfa." in easy.select_one("section.regional").get_text()

    write(content, "regional/alfa/overlays/vard/avgifter/kostnad.lattlast.md", """
        ---
        owner: region-alfa
        reviewed: 2026-03-02
        ---
        Ett besök kostar 200 kronor.
        """)
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    easy = _body(out, "alfa", "lattlast/vard/avgifter/index.html")
    assert easy.select_one("section.regional p:not([class])").get_text() == (
        "Ett besök kostar 200 kronor."
    )
    standard = _body(out, "alfa")
    assert "Ett besök kostar 200 kr i Alfa." in standard.get_text()


def test_draft_fill_and_draft_article_are_not_published(content, tmp_path, run):
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text().replace("reviewed:", "draft: true\nreviewed:"))
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    assert _body(out, "alfa").select("section.regional") == []
    assert not (out / "alfa/tandvard/utkast").exists()


def test_region_without_fills_equals_national_site(content, tmp_path, run):
    """Beta has no fills and no own articles: its article bodies are the national ones."""
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    for page in (ARTICLE, "lattlast/vard/avgifter/index.html", "tandvard/unga/index.html"):
        assert str(_body(out, "beta", page)) == str(_body(out, "nationell", page))


def test_fill_headings_get_ids_that_do_not_clash(content, tmp_path, run):
    write(content, "regional/alfa/overlays/vard/avgifter/kontakt.md", """
        ---
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        ## Frikort

        Ring oss.
        """)
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    page = soup(out / "alfa" / ARTICLE)
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    assert page.select_one(".regional h2")["id"] == "frikort-2"
