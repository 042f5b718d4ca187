"""Topics and life situations: topics.yml, `topics:` in texts, a region's introduction, and the
topic pages each site makes of them (issue 18)."""

from __future__ import annotations

import pytest
from conftest import REPO, build_args, soup, write
from tools import make_image

TOPICS = """
    topics:
      kostnader:
        title: Vad vården kostar
        summary: Avgifter, frikort och högkostnadsskydd.
        order: 2
      barn-med-diagnos:
        title: När ditt barn har fått en diagnos
        summary: Stöd och vägar vidare för dig som förälder.
        order: 1
        situation: true
      tonar:
        title: Tonår
        summary: När barnet blir tonåring.
        situation: true
"""
INTRO = """
    ---
    owner: region-alfa
    reviewed: 2026-03-01
    editor: Webbredaktör Alfa
    ---
    I Alfa kostar ett besök 200 kr. <b>fet</b>

    Läs om [närakuten](../articles/vard/narakut.md).
"""


def _set_topics(content, rel: str, topics: str) -> None:
    """Give the text at `rel` the front-matter line `topics: <topics>`."""
    path = content / rel
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    head = "\n".join(line for line in head.splitlines() if not line.startswith("topics:"))
    path.write_text(f"{head}\ntopics: {topics}\n---\n{body}", encoding="utf-8")


@pytest.fixture
def topical(content):
    """The basic tree with three topics, articles on two of them and Alfa's introduction."""
    write(content, "topics.yml", TOPICS)
    _set_topics(content, "national/vard/avgifter.md", "[kostnader]")
    _set_topics(content, "national/vard/avgifter.lattlast.md", "[barn-med-diagnos]")
    _set_topics(content, "national/tandvard/unga.md", "[barn-med-diagnos, tonar]")
    _set_topics(content, "national/tandvard/utkast.md", "[kostnader]")  # a draft
    _set_topics(content, "regional/alfa/articles/vard/narakut.md", "[kostnader]")
    write(content, "regional/alfa/topics/kostnader.md", INTRO)
    return content


def _built(run, content, tmp_path):
    result = run(*build_args(content, tmp_path / "out"))
    assert result.code == 0, result.err
    return tmp_path / "out"


def _listed(page) -> list[tuple[str, str | None, str | None]]:
    """(title, link, lättläst link or None, badge or None) of each article a list shows."""
    found = []
    for item in page.select("main .article-list > li"):
        easy = item.select_one(".variant-link a")
        badge = item.select_one(".badge")
        found.append((item.h2.a.get_text(), item.h2.a["href"], easy and easy["href"],
                      badge and badge.get_text()))
    return found


def test_each_site_lists_exactly_its_articles_on_a_topic(topical, run, tmp_path):
    out = _built(run, topical, tmp_path)
    alfa = soup(out / "alfa/teman/kostnader/index.html")
    assert alfa.h1.get_text() == "Vad vården kostar"
    assert _listed(alfa) == [
        ("Avgifter i vården", "../../vard/avgifter/", "../../lattlast/vard/avgifter/", None),
        ("Närakuten i Alfa", "../../vard/narakut/", None, "Gäller bara Region Alfa"),
    ]
    for site in ("beta", "nationell"):  # the region-only article is Alfa's alone
        page = soup(out / f"{site}/teman/kostnader/index.html")
        assert _listed(page) == [("Avgifter i vården", "../../vard/avgifter/",
                                  "../../lattlast/vard/avgifter/", None)]
        assert page.select(".regional") == []
    # A lättläst text's own topics put its article on that topic's page too.
    situation = soup(out / "beta/teman/barn-med-diagnos/index.html")
    assert [title for title, *_ in _listed(situation)] == ["Avgifter i vården",
                                                          "Tandvård för unga"]


def test_the_topic_list_puts_life_situations_first(topical, run, tmp_path):
    out = _built(run, topical, tmp_path)
    page = soup(out / "alfa/teman/index.html")
    sections = {s.h2.get_text(): [a.get_text() for a in s.select("h3 a")]
                for s in page.select("main section")}
    assert list(sections) == ["Livssituationer", "Ämnen"]
    assert sections == {"Livssituationer": ["När ditt barn har fått en diagnos", "Tonår"],
                        "Ämnen": ["Vad vården kostar"]}
    assert [a["href"] for a in page.select("main h3 a")] == [
        "barn-med-diagnos/", "tonar/", "kostnader/"]


def test_a_regions_introduction_is_regional_escaped_and_only_on_its_site(
        topical, run, tmp_path):
    out = _built(run, topical, tmp_path)
    box = soup(out / "alfa/teman/kostnader/index.html").select_one("main .regional")
    assert box["aria-label"] == "Regional information från Region Alfa"
    assert box.select_one(".regional-label").get_text() == "Regional information från Region Alfa"
    assert "I Alfa kostar ett besök 200 kr. <b>fet</b>" in box.p.find_next("p").get_text()
    assert box.find("b") is None  # regional text never carries HTML
    assert box.select_one("a[href='../../vard/narakut/']").get_text() == "närakuten"
    assert "Webbredaktör Alfa" in box.select_one(".regional-meta").get_text()
    assert soup(out / "alfa/teman/barn-med-diagnos/index.html").select(".regional") == []


def test_a_regions_introduction_shows_its_images_as_regional_text_does(topical, run, tmp_path):
    make_image(topical / "regional/alfa/topics/karta.png", 900, 600)
    intro = topical / "regional/alfa/topics/kostnader.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\n![Karta över Alfas "
                     "vårdcentraler.](karta.png)\n", encoding="utf-8")
    out = _built(run, topical, tmp_path)
    img = soup(out / "alfa/teman/kostnader/index.html").select_one("main .regional picture img")
    assert (img["alt"], img["width"], img["height"], img["loading"]) == (
        "Karta över Alfas vårdcentraler.", "900", "600", "lazy")
    assert img["src"] == "../karta.800.png"
    assert sorted(p.name for p in (out / "alfa/teman").glob("karta.*")) == [
        "karta.400.png", "karta.400.webp", "karta.800.png", "karta.800.webp",
        "karta.900.png", "karta.900.webp"]
    assert not list((out / "beta/teman").glob("karta.*"))
    intro.write_text(intro.read_text(encoding="utf-8").replace("Karta över Alfas "
                     "vårdcentraler.", ""), encoding="utf-8")
    result = run(*build_args(topical, tmp_path / "out"))
    assert result.errors == [
        f"{intro}:10: error: image karta.png has no alt text: describe it between the brackets, "
        "or mark it decorative: ![](karta.png){.decorative}"]


def test_the_start_page_and_each_article_link_to_their_topics(topical, run, tmp_path):
    out = _built(run, topical, tmp_path)
    start = soup(out / "alfa/index.html").select_one(".topic-entry")
    assert start.h2.get_text() == "Livssituationer"
    assert [(a.get_text(), a["href"]) for a in start.select("a")] == [
        ("När ditt barn har fått en diagnos", "teman/barn-med-diagnos/"),
        ("Tonår", "teman/tonar/"), ("Alla teman", "teman/")]
    article = soup(out / "alfa/vard/avgifter/index.html").select_one("nav.topics")
    # The article's topics with its lättläst text's: a life situation first.
    assert [(a.get_text(), a["href"]) for a in article.select("a")] == [
        ("När ditt barn har fått en diagnos", "../../teman/barn-med-diagnos/"),
        ("Vad vården kostar", "../../teman/kostnader/")]
    nav = soup(out / "alfa/teman/tonar/index.html").select_one(".main-nav a[aria-current]")
    assert nav.get_text() == "Teman"
    sitemap = (out / "alfa/sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/guide/alfa/teman/barn-med-diagnos/" in sitemap


def test_without_topics_there_are_no_topic_pages(content, run, tmp_path):
    out = _built(run, content, tmp_path)
    assert not (out / "alfa/teman").exists()
    start = soup(out / "alfa/index.html")
    assert start.select(".topic-entry") == [] and start.select("a[href='teman/']") == []


def test_undeclared_topics_are_errors_naming_file_and_line(topical, run, tmp_path):
    _set_topics(topical, "national/tandvard/unga.md", "\n  - tonar\n  - kostnad")
    _set_topics(topical, "national/vard/avgifter.lattlast.md", "[graviditet]")
    _set_topics(topical, "regional/alfa/articles/vard/narakut.md", "[barn-med-diagnoos]")
    write(topical, "regional/alfa/topics/tonaar.md", INTRO)
    write(topical, "regional/alfa/topics/kostnader.lattlast.md", INTRO)
    result = run(*build_args(topical, tmp_path / "out"))
    assert result.code == 1
    shown = str(topical)
    assert result.errors == [
        f"{shown}/national/tandvard/unga.md:9: error: topic 'kostnad' is not in topics.yml; "
        "did you mean 'kostnader'?",
        f"{shown}/national/vard/avgifter.lattlast.md:6: error: topic 'graviditet' is not in "
        "topics.yml; declared: barn-med-diagnos, kostnader, tonar",
        f"{shown}/regional/alfa/articles/vard/narakut.md:6: error: topic 'barn-med-diagnoos' "
        "is not in topics.yml; did you mean 'barn-med-diagnos'?",
        f"{shown}/regional/alfa/topics/kostnader.lattlast.md:1: error: topic name "
        "'kostnader.lattlast' must be lowercase a-z, 0-9 and '-' (å, ä, ö as a, a, o)",
        f"{shown}/regional/alfa/topics/tonaar.md:1: error: topic 'tonaar' is not in "
        "topics.yml; did you mean 'tonar'?",
    ]
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_topics_yml_is_checked(topical, run, tmp_path):
    write(topical, "topics.yml", """
        topics:
          Barn:
            title: Barn
            summary: Om barn.
          kostnader:
            summary: Utan titel.
            situation: ja
    """)
    result = run("check", "--content", topical, "--today", "2026-11-22")
    assert result.code == 1
    shown = f"{topical}/topics.yml"
    assert [e for e in result.errors if e.startswith(shown)] == [
        f"{shown}:2: error: topic name 'Barn' must be lowercase a-z, 0-9 and '-' "
        "(å, ä, ö as a, a, o)",
        f"{shown}:5: error: missing required key 'title'",
        f"{shown}:7: error: 'situation' must be true or false, not 'ja'",
    ]


def test_a_topic_introduction_follows_a_fills_rules(topical, run, tmp_path):
    write(topical, "regional/alfa/topics/tonar.md", INTRO.replace(
        "owner: region-alfa", "owner: region-beta"))
    write(topical, "regional/beta/topics/kostnader.md", INTRO.replace(
        "reviewed: 2026-03-01", "reviewed: 2026-03-01\n    draft: true").replace(
        "region-alfa", "region-beta").replace("../articles/vard/narakut.md", "saknas.md"))
    result = run("check", "--content", topical, "--today", "2026-11-22")
    assert result.code == 1
    shown = str(topical)
    assert result.errors == [
        f"{shown}/regional/alfa/topics/tonar.md:2: error: team 'region-beta' does not own "
        "regional/alfa/topics/tonar.md (it owns regional/beta/**)",
    ]
    assert (f"{shown}/regional/beta/topics/kostnader.md:4: info: draft: the topic page shows "
            "no introduction") in result.err


def test_an_overdue_introduction_is_reported_and_in_the_editorial_report(
        topical, run, tmp_path):
    result = run("check", "--content", topical, "--today", "2027-06-01")
    assert (f"{topical}/regional/alfa/topics/kostnader.md:3: warning: review overdue since "
            "2027-03-01 (reviewed 2026-03-01)") in result.err
    report = run("report", "--content", topical, "--out", tmp_path / "report",
                 "--themes", REPO / "themes", "--today", "2027-06-01")
    assert report.code == 0, report.err
    rows = (tmp_path / "report/texter.csv").read_text(encoding="utf-8")
    assert "regional/alfa/topics/kostnader.md" in rows and "Tema: Vad vården kostar" in rows


def test_a_link_to_a_fills_or_an_introductions_file_is_an_error(topical, run, tmp_path):
    """Regional text is shown on a page, it is not one: such a link would lead nowhere."""
    write(topical, "regional/alfa/articles/vard/narakut.md", """
        ---
        title: Närakuten i Alfa
        summary: Bara i Alfa.
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        Se [avgiften](../../overlays/vard/avgifter/kostnad.md) och
        [temat](../../topics/kostnader.md).
    """)
    result = run(*build_args(topical, tmp_path / "out"))
    message = ("regional text is no page of its own; link to the article or topic page it is "
               "shown on")
    shown = f"{topical}/regional/alfa/articles/vard/narakut.md:7: error: link to"
    assert result.errors == [
        f"{shown} ../../overlays/vard/avgifter/kostnad.md: {message}",
        f"{shown} ../../topics/kostnader.md: {message}",  # the paragraph's line
    ]


def test_teman_is_a_reserved_section_name(content, run, tmp_path):
    write(content, "national/teman/_section.yml", "title: Teman\nsummary: Krockar.\n")
    result = run("check", "--content", content, "--today", "2026-11-22")
    assert f"{content}/national/teman/_section.yml:1: error: section name 'teman' is reserved " \
           "for the site's own pages" in result.errors
