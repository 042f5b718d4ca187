"""Incremental rebuilds: the same bytes as a clean build, and only the affected work redone."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, THEMES, tree_bytes
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tools import make_image

from generator.content import files as safe_files
from generator.diagnostics import ContentError
from generator.engine.build import Paths, build, render_build
from generator.engine.write import write_output
from generator.preview.rebuilder import Rebuilder
from generator.sites import SiteId

TODAY = dt.date(2026, 11, 22)
ALFA = SiteId("alfa")
FILL = "content/regional/alfa/overlays/vard/avgifter/kostnad.md"
NATIONAL = "content/national/vard/avgifter.md"
OTHER_NATIONAL = "content/national/tandvard/unga.md"
REGION_ARTICLE = "content/regional/alfa/articles/vard/narakut.md"
TEMPLATE = "themes/default/templates/base.html"
SECTION = "content/national/vard/_section.yml"
REGION = "content/regional/alfa/region.yml"
IMAGE = "content/national/vard/avgifter-tabell.png"
FILL_IMAGE = "content/regional/alfa/overlays/vard/avgifter/karta.png"


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        if not path.is_file():
            return  # an earlier edit deleted it
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return edit


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        if not (root / rel).is_file():
            return  # an earlier edit deleted it
        with (root / rel).open("a", encoding="utf-8") as file:
            file.write(text)
    return edit


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return edit


def _delete(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink(missing_ok=True)


def _restore(rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        source = (FIXTURES / "basic" / rel.removeprefix("content/") if rel.startswith("content/")
                  else THEMES / rel.removeprefix("themes/"))
        shutil.copyfile(source, root / rel)
    return edit


def _rename(rel: str, new_rel: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        if (root / rel).is_file():
            (root / rel).rename(root / new_rel)
    return edit


NEW_FILL = "content/regional/alfa/overlays/vard/avgifter/kontakt.md"
EASY_FILL = "content/regional/alfa/overlays/vard/avgifter/kostnad.lattlast.md"
EASY_TEXT = "content/national/vard/avgifter.lattlast.md"
FILL_TEXT = "---\nowner: region-alfa\nreviewed: 2026-04-01\n---\nRing 010-123 45 67.\n"
TRANSLATION = "content/national/vard/avgifter.en.md"
TRANSLATED_FILL = "content/regional/alfa/overlays/vard/avgifter/kostnad.en.md"


def _translated(root: Path) -> None:
    """English for avgifter.md, and Alfa's fill in it."""
    _write("content/languages.yml", "languages:\n  en:\n    name: Engelska\n"
                                    "    native: English\n")(root)
    _write(TRANSLATION, "---\ntitle: Fees\nsummary: What care costs.\n"
                        "owner: nationell-redaktion\nreviewed: 2026-02-01\n"
                        "source_reviewed: 2026-01-15\n---\nIntroduction.\n\n"
                        "::: region kostnad\nIt depends.\n:::\n\n## Contact\n")(root)
    _write(TRANSLATED_FILL, FILL_TEXT.replace("Ring", "Call"))(root)


TOPICS = "content/topics.yml"
TOPIC_INTRO = "content/regional/alfa/topics/kostnader.md"
TOPICS_TEXT = """topics:
  barn-med-diagnos:
    title: När ditt barn har fått en diagnos
    summary: Stöd för dig som förälder.
    situation: true
  kostnader:
    title: Vad vården kostar
    summary: Avgifter och frikort.
"""


def _topics(root: Path) -> None:
    """Two topics, national and region-only articles on them, and Alfa's introduction."""
    _write(TOPICS, TOPICS_TEXT)(root)
    _replace(NATIONAL, "aliases:", "topics: [kostnader, barn-med-diagnos]\naliases:")(root)
    _replace(REGION_ARTICLE, "reviewed:", "topics: [kostnader]\nreviewed:")(root)
    _write(TOPIC_INTRO, FILL_TEXT.replace("Ring", "I Alfa kostar ett besök 200 kr. Ring"))(root)


EDITS: dict[str, Callable[[Path], None]] = {
    "fill text": _append(FILL, "\nMer om avgifter i Alfa.\n"),
    "fill heading": _replace(FILL, "### Avgifter i Alfa", "### Kostnader i Alfa"),
    "fill broken yaml": _replace(FILL, "owner: region-alfa", "owner: [region-alfa"),
    "fill link to missing heading": _append(FILL, "\n[x](../../../../../national/vard/"
                                                  "avgifter.md#saknas)\n"),
    "fill restored": _restore(FILL),
    "fill deleted": _delete(FILL),
    "new fill": _write(NEW_FILL, FILL_TEXT),
    "new fill deleted": _delete(NEW_FILL),
    "easy-to-read fill": _write(EASY_FILL, FILL_TEXT.replace("Ring", "Ring oss på")),
    "easy-to-read fill deleted": _delete(EASY_FILL),
    "national text": _append(NATIONAL, "\nEtt nytt stycke.\n"),
    "national heading renamed": _replace(NATIONAL, "## Frikort", "## Frikort och skydd"),
    "national title": _replace(NATIONAL, "title: Avgifter i vården", "title: Vad vården kostar"),
    "national restored": _restore(NATIONAL),
    "linked heading renamed": _replace(OTHER_NATIONAL, "## Gratis", "## Kostnadsfritt"),
    "linked article draft": _replace(OTHER_NATIONAL, "order: 1", "order: 1\ndraft: true"),
    "linked article restored": _restore(OTHER_NATIONAL),
    "region article": _append(REGION_ARTICLE, "\n## Öppettider\n\nKvällar.\n"),
    "region article text": _append(REGION_ARTICLE, "\nRing först.\n"),
    "easy-to-read text": _append(EASY_TEXT, "\nDet kostar lite.\n"),
    "easy-to-read text restored": _restore(EASY_TEXT),
    "region article restored": _restore(REGION_ARTICLE),
    "template": _replace(TEMPLATE, "Hoppa till innehållet", "Gå till innehållet"),
    "template broken": _replace(TEMPLATE, "{% block main %}", "{% block main %"),
    "template restored": _restore(TEMPLATE),
    "stylesheet": _append("themes/default/static/style.css", "\n.x { color: red; }\n"),
    "site name": _replace("content/site.yml", "name: Testguiden", "name: Provguiden"),
    "site restored": _restore("content/site.yml"),
    "section title": _replace(SECTION, "title: Vård", "title: Vård och hälsa"),
    "section restored": _restore(SECTION),
    "region name": _replace(REGION, "name: Region Alfa", "name: Region Alfa län"),
    "region restored": _restore(REGION),
    "region article renamed": _rename(REGION_ARTICLE, REGION_ARTICLE.replace("narakut",
                                                                             "jourmottagning")),
    "linked article renamed": _rename(OTHER_NATIONAL, OTHER_NATIONAL.replace("unga", "ungdom")),
    "image added": lambda root: make_image(root / IMAGE, 900, 500),
    # Edited in place: the same name, another pixel size (other widths, width and height).
    "image resized": lambda root: make_image(root / IMAGE, 1300, 700),
    "image not an image": lambda root: (root / IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(8)),
    "image removed": _delete(IMAGE),
    "image shown": _append(NATIONAL, "\n![Tabell över avgifter](avgifter-tabell.png)\n"),
    "fill image": lambda root: make_image(root / FILL_IMAGE, 500, 300),
    "fill image resized": lambda root: make_image(root / FILL_IMAGE, 300, 500),
    "fill image shown": _append(FILL, "\n![Karta över mottagningar](karta.png)\n"),
    "translation added": _translated,
    "translation text": _append(TRANSLATION, "\nMore about fees.\n"),
    "translation title": _replace(TRANSLATION, "title: Fees", "title: Fees in care"),
    "translated fill text": _append(TRANSLATED_FILL, "\nOr write to us.\n"),
    "translation deleted": _delete(TRANSLATION),
    "topics added": _topics,
    "topic introduction text": _append(TOPIC_INTRO, "\nLäs mer om [frikort](../../../national/"
                                                      "vard/avgifter.md#frikort).\n"),
    "topic introduction deleted": _delete(TOPIC_INTRO),
    "topic renamed": _replace(TOPICS, "title: Vad vården kostar", "title: Avgifter i vården"),
    "article topic removed": _replace(NATIONAL, "topics: [kostnader, barn-med-diagnos]",
                                      "topics: [barn-med-diagnos]"),
}


def _tree(folder: Path) -> Path:
    shutil.copytree(FIXTURES / "basic", folder / "content")
    shutil.copytree(THEMES, folder / "themes")
    return folder


def _paths(root: Path, out: str) -> Paths:
    return Paths(root / "content", root / "themes", root / out, REPO / "node_modules")


def _clean_build(root: Path, site: SiteId) -> tuple[dict[str, bytes] | None, list]:
    """A fresh build with no store, into a fresh folder: what an incremental one must equal."""
    paths = _paths(root, "clean")
    shutil.rmtree(paths.out, ignore_errors=True)
    try:
        result = render_build(paths, [site], TODAY)
    except ContentError as exc:
        return None, exc.diagnostics
    write_output(paths.out, result.outputs)
    return tree_bytes(paths.out), result.warnings


def _store_build(root: Path, site: SiteId) -> tuple[bool, list]:
    """A build as a fresh process makes it: nothing in memory, the store on disk."""
    paths = replace(_paths(root, "out"), cache=root / "cache")
    try:
        return True, build(paths, [site], TODAY).warnings
    except ContentError as exc:
        return False, exc.diagnostics


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site=st.sampled_from([ALFA, SiteId(), SiteId("beta")]),
       edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=7),
       fresh=st.booleans())
# Body edits the preview patches into its last build (engine/patch.py), between others.
@example(site=ALFA, edits=["fill text", "national text", "national title", "fill heading",
                             "fill restored", "national restored"], fresh=False)
@example(site=ALFA, edits=["region article text", "easy-to-read text", "fill text",
                             "region article restored", "easy-to-read text restored"],
         fresh=False)
@example(site=ALFA, edits=["translation added", "translation text", "translated fill text",
                           "fill text", "translation title", "translation deleted"], fresh=False)
@example(site=ALFA, edits=["translation added", "translated fill text", "translation text"],
         fresh=True)
@example(site=ALFA, edits=["topics added", "national text", "topic introduction text",
                           "topic renamed", "article topic removed",
                           "topic introduction deleted"], fresh=False)
@example(site=ALFA, edits=["topics added", "topic introduction text", "national text",
                           "topic renamed"], fresh=True)
@example(site=ALFA, edits=["image added", "image shown", "image resized", "fill image",
                           "fill image shown", "fill image resized", "image not an image",
                           "image added"], fresh=False)
@example(site=ALFA, edits=["image added", "image shown", "fill image", "fill image shown",
                           "image resized", "fill image resized", "national restored"],
         fresh=True)
@example(site=SiteId(), edits=["national text", "linked heading renamed",
                                  "national restored"], fresh=False)
def test_incremental_rebuild_equals_a_clean_build(site, edits, fresh):
    """After every edit, a rebuild (the preview's, in memory, or a fresh process's through the
    store on disk) writes what a clean build without a store writes, byte for byte."""
    with tempfile.TemporaryDirectory() as folder:
        root = _tree(Path(folder))
        rebuilder = Rebuilder(_paths(root, "out"), site, TODAY)
        assert _store_build(root, site)[0] if fresh else rebuilder.rebuild().ok
        for name in edits:
            EDITS[name](root)
            if fresh:
                ok, diagnostics = _store_build(root, site)
            else:  # as the preview server does
                rebuild = rebuilder.rebuild(pages_first=True)
                rebuilder.catch_up()
                ok, diagnostics = rebuild.ok, rebuild.diagnostics
            expected, clean_diagnostics = _clean_build(root, site)
            assert diagnostics == clean_diagnostics, name
            if expected is None:
                assert not ok, name
                continue  # the last good site stays; the next good rebuild must catch up
            assert ok, name
            assert tree_bytes(root / "out") == expected, f"after {edits}"


def _rebuilder(tmp_path: Path, site: SiteId = ALFA) -> tuple[Path, Rebuilder]:
    root = _tree(tmp_path)
    rebuilder = Rebuilder(_paths(root, "out"), site, TODAY)
    assert rebuilder.rebuild().ok
    return root, rebuilder


def test_unchanged_content_writes_nothing(tmp_path):
    _, rebuilder = _rebuilder(tmp_path)
    again = rebuilder.rebuild()
    assert (again.written, again.removed, again.made) == ([], [], {})


def test_a_fill_edit_renders_that_fill_and_its_article_pages_only(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS["fill text"](root)
    rebuild = rebuilder.rebuild()
    # The fill's file read again; the fill parsed, rendered, measured (LIX) and its words
    # taken for search, for each page it is on: the standard and lättläst text; the
    # site's own search part indexed again, tokenizing only the fill's document (the
    # same words on both pages).
    assert rebuild.made == {"file": 1, "parse": 2, "outline": 2, "render": 2, "lix": 2,
                            "words": 2, "terms": 1, "search-part": 1, "page": 2}
    assert rebuild.patched  # no national text parsed or rendered again, nor other pages
    pages = [p for p in rebuild.written if p.endswith(".html")]
    assert pages == ["alfa/lattlast/vard/avgifter/index.html", "alfa/vard/avgifter/index.html"]
    assert "alfa/search/manifest.js" in rebuild.written  # the site's own search part


def test_a_national_edit_renders_that_article_not_the_others(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS["national text"](root)
    rebuild = rebuilder.rebuild()
    assert rebuild.made["file"] == 1
    assert rebuild.made["parse"] == 1 and rebuild.made["render"] == 1
    # Its two pages: the lättläst page's data holds the whole article, so it is rendered
    # again too (to the same bytes), and nothing else.
    assert rebuild.made["page"] == 2
    assert [p for p in rebuild.written if p.endswith(".html")] == ["alfa/vard/avgifter/index.html"]


@pytest.mark.parametrize(("edit", "patched"), [
    ("fill text", True), ("fill heading", True), ("national text", True),
    ("region article text", True), ("easy-to-read text", True),
    ("easy-to-read fill", False),  # a new file
    ("national title", False),  # section pages and the search list it
    ("region article", False),  # a new heading: other texts may link to it
    ("fill link to missing heading", False),  # an error: reported with all the others
])
def test_only_a_body_edit_is_patched_into_the_last_build(tmp_path, edit, patched):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS[edit](root)
    rebuild = rebuilder.rebuild()
    assert rebuild.patched == patched
    expected, warnings = _clean_build(root, ALFA)
    assert rebuild.diagnostics == warnings
    if expected is not None:
        assert tree_bytes(root / "out") == expected


def test_an_editors_swap_file_beside_the_edit_does_not_stop_the_patch(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    (root / FILL).with_name(".kostnad.md.swp").write_bytes(b"swap")
    EDITS["fill text"](root)
    assert rebuilder.rebuild().patched


def test_pages_first_then_the_search_files(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS["national text"](root)
    pages = rebuilder.rebuild(pages_first=True)
    assert pages.patched and pages.search_due
    page = "alfa/vard/avgifter/index.html"
    assert pages.written == [page]
    expected, _ = _clean_build(root, ALFA)
    assert tree_bytes(root / "out")[page] == expected[page]
    searched = rebuilder.catch_up()
    assert searched.written and all(path.startswith("alfa/search/")
                                    for path in searched.written + searched.removed)
    assert tree_bytes(root / "out") == expected
    assert rebuilder.catch_up() is None


def test_a_renamed_heading_renders_the_texts_that_link_to_it(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS["linked heading renamed"](root)  # avgifter.md links to unga.md#gratis
    rebuild = rebuilder.rebuild()
    assert not rebuild.ok
    assert any("no heading with id 'gratis'" in d.message for d in rebuild.diagnostics)
    # unga.md changed, so it is parsed and rendered again. The two texts that link to it,
    # avgifter.md (to #gratis) and avgifter.lattlast.md, did not change, but what their
    # links resolved to did, so they are rendered again, and no other text is.
    assert rebuild.made["parse"] == 1 and rebuild.made["render"] == 3


def test_a_template_edit_renders_every_page_but_no_markdown(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS["template"](root)
    rebuild = rebuilder.rebuild()
    assert "parse" not in rebuild.made and "render" not in rebuild.made
    pages = sum(p.endswith(".html") for p in tree_bytes(root / "out"))
    assert rebuild.made["page"] == pages


def test_a_stylesheet_edit_writes_only_the_stylesheet(tmp_path):
    root, rebuilder = _rebuilder(tmp_path)
    EDITS["stylesheet"](root)
    rebuild = rebuilder.rebuild()
    assert rebuild.written == ["alfa/static/style.css"] and rebuild.made == {}



def test_a_rebuild_reads_no_unchanged_text(tmp_path, monkeypatch):
    _, rebuilder = _rebuilder(tmp_path)
    read = []
    real = safe_files.read_bytes
    monkeypatch.setattr(safe_files, "read_bytes", lambda path, *a: read.append(path) or real(
        path, *a))
    assert rebuilder.rebuild().ok
    assert [path for path in read if path.suffix == ".md"] == []


def test_a_text_rewritten_within_one_tick_of_the_clock_is_read_again(tmp_path):
    # Same size, same inode and, as two saves within the clock's resolution give, the
    # same mtime: the stamp cannot tell, so a recently changed file is always read.
    root, rebuilder = _rebuilder(tmp_path)
    fill = root / FILL
    fill.write_text(fill.read_text(encoding="utf-8") + "\nForsta.\n", encoding="utf-8")
    assert rebuilder.rebuild().ok
    mtime = fill.stat().st_mtime_ns
    fill.write_text(fill.read_text(encoding="utf-8").replace("Forsta.", "Andra!."),
                    encoding="utf-8")
    os.utime(fill, ns=(mtime, mtime))
    assert rebuilder.rebuild().ok
    page = (root / "out/alfa/vard/avgifter/index.html").read_text(encoding="utf-8")
    assert "Andra!." in page and "Forsta." not in page


@pytest.mark.parametrize("edit", ["translation text", "translated fill text"])
def test_a_translation_edit_is_patched_with_its_languages_search_data(tmp_path, edit):
    root = _tree(tmp_path)
    _translated(root)
    for rel in (TRANSLATION, TRANSLATED_FILL, "content/languages.yml"):
        os.utime(root / rel, ns=(1_700_000_000 * 10**9,) * 2)  # settled: known by its stamp
    rebuilder = Rebuilder(_paths(root, "out"), ALFA, TODAY)
    assert rebuilder.rebuild().ok
    EDITS[edit](root)
    rebuild = rebuilder.rebuild(pages_first=True)
    rebuilder.catch_up()
    assert rebuild.patched
    assert "alfa/sprak/en/sokdata.js" in rebuild.written  # the language's texts, whole
    expected, _ = _clean_build(root, ALFA)
    assert tree_bytes(root / "out") == expected
