"""Translations: languages.yml, <slug>.<lang>.md beside an article, fills in a language, and
the pages each site makes of them (issue 17)."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET

import mutagen
import pytest
from conftest import THEMES, build_args, soup, write

from generator.audio import synthesis

LANGUAGES = """
    languages:
      en:
        name: Engelska
        native: English
      ar:
        name: Arabiska
        native: العربية
        dir: rtl
"""
TRANSLATION = """
    ---
    title: {title}
    summary: {summary}
    owner: nationell-redaktion
    reviewed: 2026-02-01
    source_reviewed: 2026-01-15
    translator: Översättare T
    ---
    {body}

    ::: region kostnad
    {default}
    :::

    ## {heading}

    ::: region kontakt
    :::
"""


@pytest.fixture
def translated(content):
    """The basic tree with avgifter.md in English and Arabic, and Alfa's fill in English."""
    write(content, "languages.yml", LANGUAGES)
    write(content, "national/vard/avgifter.en.md", TRANSLATION.format(
        title="Fees in health care", summary="What care costs.", body="Introduction.",
        default="The fee depends on where you live.", heading="Contact"))
    write(content, "national/vard/avgifter.ar.md", TRANSLATION.format(
        title="الرسوم في الرعاية الصحية", summary="كم تكلف الرعاية.", body="مقدمة.",
        default="تعتمد الرسوم على مكان سكنك.", heading="التواصل"))
    write(content, "regional/alfa/overlays/vard/avgifter/kostnad.en.md", """
        ---
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        A visit costs 200 kronor in Alfa.
    """)
    return content


def _built(run, content, out, *extra):
    result = run(*build_args(content, out, *extra))
    assert result.code == 0, result.err
    return result


def test_each_translation_is_a_page_in_every_site_with_its_language(translated, tmp_path, run):
    out = tmp_path / "out"
    _built(run, translated, out)
    for site in ("nationell", "alfa", "beta"):
        english = soup(out / site / "sprak/en/vard/avgifter/index.html")
        assert english.html["lang"] == "en" and english.html.get("dir") is None
        assert english.h1.get_text() == "Fees in health care"
        arabic = soup(out / site / "sprak/ar/vard/avgifter/index.html")
        assert arabic.html["lang"] == "ar" and arabic.html["dir"] == "rtl"
        # The site's own interface is Swedish, and says so.
        assert arabic.find("header", class_="site-header")["lang"] == "sv"
        back = arabic.find("p", class_="variant-link").a
        assert back["href"] == "../../../../vard/avgifter/" and back["hreflang"] == "sv"


def test_the_swedish_article_lists_its_translations_by_their_own_names(
        translated, tmp_path, run):
    out = tmp_path / "out"
    _built(run, translated, out, "--region", "beta")
    page = soup(out / "beta/vard/avgifter/index.html")
    links = page.find("nav", class_="translations").find_all("a")
    assert [(a.get_text(), a["lang"], a["hreflang"], a["href"]) for a in links] == [
        ("العربية", "ar", "ar", "../../sprak/ar/vard/avgifter/"),
        ("English", "en", "en", "../../sprak/en/vard/avgifter/"),
    ]
    assert links[0]["dir"] == "rtl"
    # Translations are no articles of their own in the section's list.
    section = soup(out / "beta/vard/index.html")
    assert "Fees in health care" not in section.get_text()


def test_the_language_pages_list_the_languages_and_their_texts(translated, tmp_path, run):
    out = tmp_path / "out"
    _built(run, translated, out, "--region", "beta")
    languages = soup(out / "beta/sprak/index.html")
    assert languages.html["lang"] == "sv"
    items = languages.find("ul", class_="language-list").find_all("a")
    # By their Swedish names: Arabiska, Engelska.
    assert [(a.get_text(), a["lang"]) for a in items] == [("العربية", "ar"), ("English", "en")]
    english = soup(out / "beta/sprak/en/index.html")
    assert english.html["lang"] == "en" and english.h1.get_text() == "English"
    arabic = soup(out / "beta/sprak/ar/index.html")
    assert (arabic.html["lang"], arabic.html["dir"]) == ("ar", "rtl")
    assert [a.get_text() for a in english.find("ul", class_="article-list").find_all("a")] == [
        "Fees in health care"]


def test_a_slot_takes_the_fill_in_its_language_else_a_link_to_the_swedish_fill(
        translated, tmp_path, run):
    out = tmp_path / "out"
    _built(run, translated, out)
    english = soup(out / "alfa/sprak/en/vard/avgifter/index.html")
    regional = english.find("section", class_="regional")
    assert regional.find("p", class_="regional-label").get_text() == (
        "Regional information from Region Alfa")
    assert "A visit costs 200 kronor in Alfa." in regional.get_text()
    assert "Avgifter i Alfa" not in english.get_text()  # never the Swedish fill
    arabic = soup(out / "alfa/sprak/ar/vard/avgifter/index.html")
    assert "تعتمد الرسوم على مكان سكنك." in arabic.get_text()  # the translation's default
    assert "Avgifter i Alfa" not in arabic.get_text()
    link = arabic.find("p", class_="regional-swedish").a
    assert link["href"] == "../../../../vard/avgifter/" and link["hreflang"] == "sv"
    assert "Region Alfa" in link.get_text()
    # A site without a fill in that slot shows the default and no link.
    beta = soup(out / "beta/sprak/ar/vard/avgifter/index.html")
    assert beta.find("p", class_="regional-swedish") is None


def test_a_draft_translation_is_not_published(translated, tmp_path, run):
    path = translated / "national/vard/avgifter.ar.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "translator:", "draft: true\ntranslator:"), encoding="utf-8")
    out = tmp_path / "out"
    _built(run, translated, out, "--region", "beta")
    assert not (out / "beta/sprak/ar").exists()
    assert (out / "beta/sprak/en/vard/avgifter/index.html").is_file()


def test_translation_errors_are_reported_at_once(translated, tmp_path, run):
    write(translated, "national/vard/avgifter.de.md", TRANSLATION.format(
        title="Gebühren", summary="Kosten.", body="Text.", default="Standard.",
        heading="Kontakt"))
    write(translated, "national/vard/saknas.en.md", TRANSLATION.format(
        title="Missing", summary="None.", body="Text.", default="Default.", heading="Contact"))
    write(translated, "regional/alfa/overlays/vard/avgifter/kostnad.ar.md", """
        ---
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        نص.
    """)
    write(translated, "regional/alfa/overlays/vard/avgifter/kontakt.en.md", """
        ---
        owner: region-beta
        reviewed: 2026-03-01
        ---
        Text.
    """)
    path = translated / "national/vard/avgifter.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "source_reviewed: 2026-01-15\n", ""), encoding="utf-8")
    (translated / "national/vard/avgifter.ar.md").unlink()
    out = tmp_path / "out"
    result = run(*build_args(translated, out))
    assert result.code == 1 and not out.exists()
    errors = "\n".join(result.errors)
    assert "national/vard/avgifter.de.md:1: error: language 'de' is not in languages.yml" in errors
    assert "national/vard/saknas.en.md:1: error: translation without a Swedish saknas.md" in errors
    assert ("national/vard/avgifter.en.md:2: error: missing required key 'source_reviewed'"
            in errors)
    assert ("overlays/vard/avgifter/kostnad.ar.md:1: error: national/vard/avgifter.md has no "
            "translation into 'ar' (national/vard/avgifter.ar.md) to fill") in errors
    # Not the owner's path; the fill of the invalid English text has no error of its own.
    assert ("overlays/vard/avgifter/kontakt.en.md:2: error: team 'region-beta' does not own"
            in errors)
    assert len(result.errors) == 5


def test_languages_yml_is_checked(content, tmp_path, run):
    write(content, "languages.yml", """
        languages:
          sv:
            name: Svenska
            native: Svenska
          Arabic:
            name: Arabiska
            native: العربية
          fa:
            name: Persiska
            dir: sideways
    """)
    result = run(*build_args(content, tmp_path / "out"))
    assert result.code == 1
    errors = "\n".join(result.errors)
    assert "languages.yml:2: error: 'sv' is the sites' own language" in errors
    assert "languages.yml:5: error: language code 'Arabic' is not a BCP 47 code" in errors
    assert "languages.yml:8: error: missing required key 'native'" in errors
    assert "languages.yml:10: error: 'dir' must be ltr or rtl" in errors


def test_check_warns_when_the_swedish_text_was_reviewed_after_the_translation(
        translated, tmp_path, run):
    path = translated / "national/vard/avgifter.en.md"
    assert run("check", "--content", translated, "--today", "2026-11-22").code == 0
    path.write_text(path.read_text(encoding="utf-8").replace(
        "source_reviewed: 2026-01-15", "source_reviewed: 2026-01-14"), encoding="utf-8")
    result = run("check", "--content", translated, "--today", "2026-11-22")
    assert result.code == 0
    stale = [line for line in result.err.splitlines() if "out of date" in line]
    assert stale == [
        f"{path}:6: warning: may be out of date: national/vard/avgifter.md was reviewed "
        "2026-01-15, after the text this translation was made from (source_reviewed: "
        "2026-01-14)"]


def test_the_sitemap_names_each_pages_alternates_in_other_languages(translated, tmp_path, run):
    out = tmp_path / "out"
    _built(run, translated, out, "--region", "beta")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(out / "beta/sitemap.xml").getroot()
    base = "https://example.org/guide/beta/"
    alternates = {
        url.find("s:loc", ns).text: [(link.get("hreflang"), link.get("href"))
                                     for link in url.findall("x:link", ns)]
        for url in root.findall("s:url", ns)
    }
    group = [("sv", base + "vard/avgifter/"), ("ar", base + "sprak/ar/vard/avgifter/"),
             ("en", base + "sprak/en/vard/avgifter/")]
    for _, url in group:
        assert alternates[url] == group
    assert alternates[base + "lattlast/vard/avgifter/"] == []
    assert alternates[base + "tandvard/unga/"] == []


@pytest.mark.needs_tool("espeak-ng", "lame")
def test_a_translation_is_read_by_a_voice_of_its_language_or_not_at_all(
        translated, tmp_path, run, monkeypatch):
    with (translated / "languages.yml").open("a", encoding="utf-8") as file:
        file.write("  so:\n    name: Somaliska\n    native: Soomaali\n")
    write(translated, "national/vard/avgifter.so.md", TRANSLATION.format(
        title="Kharashyada daryeelka", summary="Inta daryeelku ku kacayo.", body="Hordhac.",
        default="Kharashku wuxuu ku xiran yahay halka aad ku nooshahay.", heading="Xiriir"))
    voices: dict[str, list[str]] = {}
    real_run = synthesis._run

    def spied(args, data):
        if args[0] == "espeak-ng":
            voices.setdefault(args[args.index("-v") + 1], []).append(data.decode())
        return real_run(args, data)

    monkeypatch.setattr(synthesis, "_run", spied)
    out = tmp_path / "out"
    _built(run, translated, out, "--region", "beta", "--audio", "--audio-cache",
           str(tmp_path / "cache"))
    english = out / "beta/sprak/en/vard/avgifter"
    assert soup(english / "index.html").find("section", class_="listen").source["src"] == (
        "lyssna.mp3")
    assert "audio/mpeg" in mutagen.File(english / "lyssna.mp3").mime
    # espeak-ng has no Somali voice: no player, and no other voice reads it.
    assert soup(out / "beta/sprak/so/vard/avgifter/index.html").find("audio") is None
    assert set(voices) == {"sv", "en", "ar"}
    assert any("Fees in health care" in text for text in voices["en"])
    assert not any("Fees in health care" in text or "Kharashyada" in text
                   for text in voices["sv"] + voices["ar"])


def test_the_report_counts_translations_per_language_and_region(translated, tmp_path, run):
    out = tmp_path / "rapport"
    result = run("report", "--content", translated, "--out", out, "--today", "2026-11-22")
    assert result.code == 0, result.err
    doc = json.loads((out / "report.json").read_text(encoding="utf-8"))
    arabic = next(row for row in doc["texts"] if row["path"] == "national/vard/avgifter.ar.md")
    assert (arabic["kind"], arabic["title"], arabic["language"]) == (
        "nationell-oversattning", "الرسوم في الرعاية الصحية", "ar")
    fill = next(row for row in doc["texts"]
                if row["path"] == "regional/alfa/overlays/vard/avgifter/kostnad.en.md")
    assert (fill["kind"], fill["language"], fill["region"]) == (
        "fyllning-oversattning", "en", "alfa")
    # Both translations declare the slots kostnad and kontakt; Alfa fills one in English.
    assert doc["translations"] == [
        {"language": "ar", "language_name": "Arabiska", "region": "alfa",
         "region_name": "Region Alfa", "texts": 1, "slots": 2, "filled": 0},
        {"language": "ar", "language_name": "Arabiska", "region": "beta",
         "region_name": "Region Beta", "texts": 1, "slots": 2, "filled": 0},
        {"language": "en", "language_name": "Engelska", "region": "alfa",
         "region_name": "Region Alfa", "texts": 1, "slots": 2, "filled": 1},
        {"language": "en", "language_name": "Engelska", "region": "beta",
         "region_name": "Region Beta", "texts": 1, "slots": 2, "filled": 0},
    ]
    table = soup(out / "report.html").find("section", attrs={
        "aria-labelledby": "oversattningar"}).table
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.find_all("tr")]
    assert rows == [
        ["Region", "Arabiska (1 texter, 2 platser)", "Engelska (1 texter, 2 platser)"],
        ["Region Alfa", "0 av 2", "1 av 2"],
        ["Region Beta", "0 av 2", "0 av 2"],
    ]
    with (out / "oversattningar.csv").open(encoding="utf-8-sig") as file:
        assert len(list(csv.DictReader(file, delimiter=";"))) == 4


def test_a_broken_words_yml_is_an_error_naming_its_line(content, tmp_path, run):
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    words = themes / "default/words.yml"
    text = words.read_text(encoding="utf-8")
    words.write_text(text.replace("en:\n", "en:\n  nonsense: Not a Swedish word\n", 1),
                     encoding="utf-8")
    line = text.splitlines().index("en:") + 1
    result = run(*build_args(content, tmp_path / "out", "--themes", themes))
    assert result.code == 1 and not (tmp_path / "out").exists()
    assert result.errors == [f"{themes}/default/words.yml:{line}: error: 'en' has words "
                             "Swedish does not: nonsense"]
