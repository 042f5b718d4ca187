"""Search: each site's index holds exactly what that site shows, read back from the built files."""

from __future__ import annotations

import pytest
from conftest import build_args, soup, write
from lunr_reference import IndexPart, build_index, search
from search_site import read_built_search, read_script

from generator.search import files as search_files
from generator.search.documents import DocSet, ResultPage, SearchDoc
from generator.search.files import part_files, site_search_files


@pytest.fixture
def built(content, tmp_path, run):
    out = tmp_path / "out"
    result = run(*build_args(content, out))
    assert result.code == 0, result.err
    return out


def urls(site, query):
    return [url for url, _ in read_built_search(site).search(query)]


def test_fill_text_is_found_only_in_its_own_region(built):
    # "besök" is only in Alfa's fill of slot kostnad, which the lättläst text borrows.
    assert urls(built / "alfa", "besöken") == ["vard/avgifter/", "lattlast/vard/avgifter/"]
    assert urls(built / "beta", "besöken") == []
    assert urls(built / "nationell", "besöken") == []


def test_a_filled_slot_hides_the_national_default_it_replaces(built):
    # "beror" is in the defaults of kostnad (both texts) and of tandvard/unga's slot.
    assert urls(built / "alfa", "beror") == ["tandvard/unga/"]
    assert sorted(urls(built / "beta", "beror")) == [
        "lattlast/vard/avgifter/", "tandvard/unga/", "vard/avgifter/"]


def test_region_only_articles_and_drafts(built):
    assert urls(built / "alfa", "närakuten") == ["vard/narakut/"]
    assert urls(built / "beta", "närakuten") == []
    assert urls(built / "nationell", "utkast") == []  # a draft is never indexed


def test_another_regions_fill_never_leaks(content, tmp_path, run):
    write(content, "regional/beta/overlays/vard/avgifter/kostnad.md", """
        ---
        owner: region-beta
        reviewed: 2026-03-01
        ---
        Tandhygienisten i Beta tar emot på onsdagar.
        """)
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    assert urls(out / "beta", "tandhygienisten") == ["vard/avgifter/", "lattlast/vard/avgifter/"]
    for site in ("alfa", "nationell"):
        assert urls(out / site, "tandhygienist") == []
        files = b"".join(p.read_bytes() for p in (out / site / "search").rglob("*.js"))
        assert b"tandhygien" not in files


def test_results_carry_title_section_and_lattlast_mark(built):
    found = read_built_search(built / "alfa")
    rows = {row[0]: row for row in found.pages.values()}
    assert rows["lattlast/vard/avgifter/"] == [
        "lattlast/vard/avgifter/", "Avgifter i vården – lättläst", "Vad vården kostar, enkelt.",
        "Vård", 1]
    assert rows["vard/narakut/"][1:] == ["Närakuten i Alfa", "Bara i Alfa.", "Vård", 0]


def test_title_matches_rank_first_and_every_word_must_match(built):
    found = urls(built / "beta", "tandvård")
    assert found[0] == "tandvard/unga/"
    assert urls(built / "beta", "tandvård frikort") == []  # no page has both
    assert urls(built / "beta", "frikort avgift") == ["vard/avgifter/"]


def test_markup_and_link_targets_are_not_indexed(built):
    assert urls(built / "alfa", "href") == []
    assert urls(built / "alfa", "narakut") == []  # only in a link target
    assert urls(built / "nationell", "hsl") == ["vard/avgifter/"]  # the text of <abbr> is
    assert urls(built / "nationell", "hälso") == []  # its title attribute is not


def test_search_page_and_header_form(built):
    page = soup(built / "alfa/sok/index.html")
    app = page.select_one("[data-search]")
    assert app["data-search"] == "../search/" and app["data-site-root"] == "../"
    field = page.select_one("#sok-fraga")
    assert page.select_one("label[for=sok-fraga]") and field["name"] == "q"
    assert page.select_one("#sok-status")["aria-live"] == "polite"
    assert "JavaScript" in page.select_one("noscript").text
    assert not page.select(".header-search")  # the page has its own search box
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "../static/lunr/lunr.min.js" in scripts and "../static/search.js" in scripts
    for src in scripts:
        assert (built / "alfa/sok" / src).resolve().is_file()
    article = soup(built / "alfa/vard/avgifter/index.html")
    form = article.select_one("form.header-search")
    assert form["action"] == "../../sok/" and form.select_one("input")["name"] == "q"


def test_national_part_is_the_same_bytes_in_every_site(built):
    def national(site):
        return {p.name: p.read_bytes() for p in (built / site / "search/n").iterdir()}
    assert national("alfa") == national("beta") == national("nationell")
    _, manifest = read_script(built / "alfa/search/manifest.js")
    # Pages 1 and 2 are vard/avgifter and its lättläst text; part 1 is slot kostnad.
    assert manifest["parts"][0]["hidden"] == ["1.1", "2.1"]
    _, manifest = read_script(built / "beta/search/manifest.js")
    assert manifest["parts"][0]["hidden"] == [] and manifest["parts"][1]["shards"] == []


QUERIES = ["recept", "recepten", "feber barn", "zink", "b12", "1177", "vacc", "öron", "ont"]
DOCS = [
    SearchDoc("0.0", "Förnya recept", "Recepten och e-tjänsten", "Så gör du", "Ring 1177 om zink."),
    SearchDoc("0.1", body="Receptfria läkemedel mot feber finns på apotek."),
    SearchDoc("1.0", "Feber hos barn", "Barn får ofta feber", "Vaccinationer", "B12 och öron."),
    SearchDoc("2.0", "Ont i öronen", "Öroninflammation", "", "Vaccination och vaccinet mot ont."),
]


@pytest.mark.parametrize("shard_bytes", [40_000, 60])
def test_files_give_the_same_answers_as_the_lunr_index_they_came_from(
    tmp_path, monkeypatch, shard_bytes
):
    monkeypatch.setattr(search_files, "SHARD_BYTES", shard_bytes)
    pages = tuple(ResultPage(f"p{i}/", f"Sida {i}", "", "S", False) for i in range(3))
    index = build_index(DOCS)
    files = part_files("n", DocSet(0, pages, tuple(DOCS)))
    empty = part_files("r", DocSet(3, (), ()))
    for path, data in site_search_files(files, empty, ()):
        (tmp_path / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / path).write_bytes(data)
    read = read_built_search(tmp_path / "site")
    if shard_bytes == 60:
        assert len(read.manifest["parts"][0]["shards"]) > 5
    for query in QUERIES:
        expected = search([IndexPart(index)], query)
        got = search(read.parts, query)
        assert [page for page, _ in got] == [page for page, _ in expected], query
        for (_, a), (_, b) in zip(got, expected, strict=True):
            assert a == pytest.approx(b, rel=1e-3), query
        assert expected or query == "ont"  # every query but one finds something


def test_shards_are_sorted_ranges_under_the_size_limit(built):
    _, manifest = read_script(built / "nationell/search/manifest.js")
    firsts = [first for first, _ in manifest["parts"][0]["shards"]]
    assert firsts == sorted(firsts)
    for first, file in manifest["parts"][0]["shards"]:
        _, terms = read_script(built / "nationell/search" / file)
        assert min(terms) == first
