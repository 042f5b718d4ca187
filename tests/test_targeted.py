"""A fresh process redoes only what an edit changed, from the store's records of the sites it
finds written (engine/targeted.py), and writes what a clean build writes."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, soup, tree_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import (
    ALFA,
    EDITS,
    FILL,
    FILL_IMAGE,
    IMAGE,
    NATIONAL,
    TODAY,
    TRANSLATED_FILL,
    TRANSLATION,
    _paths,
    _translated,
    _tree,
)

from generator.diagnostics import ContentError
from generator.engine import build as build_stage
from generator.engine.build import Paths, build, render_build
from generator.engine.write import write_output
from generator.render import theme as theme_stage
from generator.sites import SiteId
from generator.store_file import FILE_NAME

SITES = ["nationell", "alfa", "beta"]


def _store_paths(root: Path) -> Paths:
    return replace(_paths(root, "out"), cache=root / "cache")


def _clean(root: Path, sites: list[SiteId] | None) -> tuple[dict[str, bytes] | None, list]:
    """What a build with no store writes into an empty folder, and its warnings."""
    out = root / "clean"
    shutil.rmtree(out, ignore_errors=True)
    try:
        result = render_build(_paths(root, "clean"), sites, TODAY)
    except ContentError as exc:
        return None, exc.diagnostics
    write_output(out, result.outputs)
    return tree_bytes(out), result.warnings


def _built(root: Path, sites: list[SiteId] | None) -> dict[str, bytes]:
    """The output folder's files in the top-level entries a build of `sites` writes."""
    tops = {s.name for s in sites} if sites is not None else {*SITES, "index.html", "static"}
    return {path: data for path, data in tree_bytes(root / "out").items()
            if path.split("/", 1)[0] in tops}


@pytest.fixture
def spied(monkeypatch) -> dict[str, list]:
    """What each build rendered, and whether the targeted build did it."""
    seen: dict[str, list] = {"pages": [], "targeted": []}
    real_render, real_targeted = theme_stage._render, build_stage.targeted_build
    monkeypatch.setattr(theme_stage, "_render", lambda theme, template, context: (
        seen["pages"].append(context["page"].url) or real_render(theme, template, context)))

    def targeted(*args, **kwargs):
        found = real_targeted(*args, **kwargs)
        seen["targeted"].append(found is not None)
        return found

    monkeypatch.setattr(build_stage, "targeted_build", targeted)
    return seen


def test_a_fill_edit_after_a_full_build_renders_its_article_only(tmp_path, spied):
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    EDITS["fill text"](root)
    # Written a while ago: a file changed within the last moment is read again by every
    # build until it has settled (content/files.py).
    os.utime(root / FILL, (time.time() - 60, time.time() - 60))
    spied["pages"].clear()
    result = build(paths, [ALFA], TODAY)
    assert spied["targeted"][-1]
    assert sorted(spied["pages"]) == ["lattlast/vard/avgifter/", "vard/avgifter/"]
    expected, warnings = _clean(root, None)
    assert result.warnings == warnings
    assert _built(root, None) == expected  # the other sites did not need the edit
    # A full build after it finds every site as its records say: nothing to render.
    spied["pages"].clear()
    build(paths, None, TODAY)
    assert spied["targeted"][-1] and spied["pages"] == []
    assert _built(root, None) == expected


@pytest.mark.parametrize("jobs", [1, 2])  # 2: the national part indexed in a second process
def test_a_national_edit_renders_its_article_in_every_site_and_no_other_page(
        tmp_path, spied, jobs):
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    old = tree_bytes(root / "out")
    EDITS["national text"](root)
    spied["pages"].clear()
    result = build(paths, None, TODAY, jobs=jobs)
    assert spied["targeted"][-1]
    # Its two pages in each site (the lättläst page's data holds the whole article), of
    # which only the standard one comes out changed.
    assert sorted(spied["pages"]) == sorted(["vard/avgifter/", "lattlast/vard/avgifter/"]
                                            * len(SITES))
    expected, warnings = _clean(root, None)
    assert result.warnings == warnings
    assert _built(root, None) == expected
    changed = {path for path, data in expected.items() if old.get(path) != data}
    assert {path.split("/", 1)[1] for path in changed if path.endswith(".html")} == {
        "vard/avgifter/index.html"}
    # The national search part is written once and linked into the other sites.
    national = sorted(path for path in changed if "/search/n/" in path)
    assert national and {(root / "out" / path).stat().st_nlink for path in national} == {3}


def test_sites_built_before_and_after_a_national_edit_are_built_together(tmp_path, spied):
    """A region's build takes a national edit; the full build after it finds that site on
    the new national record, the others on the old one, and brings them all up to date."""
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    EDITS["national text"](root)
    build(paths, [ALFA], TODAY, jobs=2)
    spied["pages"].clear()
    result = build(paths, None, TODAY, jobs=2)
    assert spied["targeted"][-2:] == [True, True]
    expected, warnings = _clean(root, None)
    assert result.warnings == warnings
    assert _built(root, None) == expected


@pytest.mark.parametrize("jobs", [1, 2])  # 2: the folders are walked in a second process
def test_an_output_folder_changed_since_its_build_gets_an_ordinary_build(tmp_path, spied, jobs):
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    (root / "out" / "beta" / "vard" / "avgifter" / "index.html").write_text("by hand")
    EDITS["national text"](root)
    result = build(paths, None, TODAY, jobs=jobs)
    assert spied["targeted"][-1] is False
    expected, warnings = _clean(root, None)
    assert result.warnings == warnings
    assert _built(root, None) == expected


@pytest.mark.parametrize("rel", [NATIONAL, FILL])
def test_a_file_saved_as_it_was_renders_nothing(tmp_path, spied, rel):
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    (root / rel).write_bytes((root / rel).read_bytes())  # a new stamp, the same bytes
    spied["pages"].clear()
    build(paths, None, TODAY)
    assert spied["targeted"][-1] and spied["pages"] == []
    expected, _ = _clean(root, None)
    assert _built(root, None) == expected


def test_records_are_read_by_a_process_that_orders_sets_otherwise(tmp_path):
    # Each process orders sets by its own string hashes: the national text's two headings.
    root = _tree(tmp_path)
    command = [sys.executable, "-m", "generator", "build", "--content", str(root / "content"),
               "--themes", str(root / "themes"), "--out", str(root / "out"), "--cache",
               str(root / "cache"), "--today", TODAY.isoformat(), "--quiet"]
    for seed in ("1", "2"):
        subprocess.run(command, cwd=REPO, check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        EDITS["national text"](root)
    # The second build was targeted: it wrote the national search part once and linked
    # it into the other sites, where an ordinary build writes each site's own copy.
    manifest = (root / "out/alfa/search/manifest.js").read_text(encoding="utf-8")
    shard = re.search(r'"(n/t0-[0-9a-f]+\.js)"', manifest)[1]
    assert (root / "out/alfa/search" / shard).stat().st_nlink == len(SITES)


@pytest.mark.parametrize(("edit", "targeted"), [
    ("fill text", True), ("fill heading", True), ("region article text", True),
    ("national text", True), ("easy-to-read text", True),
    ("national title", False),  # section pages and search results list it
    ("region article", False),  # a new heading: other texts may link to it
    ("easy-to-read fill", False),  # a new file
    ("template", False),
    ("fill link to missing heading", False),  # an error: reported with all the others
])
def test_only_body_edits_are_targeted(tmp_path, spied, edit, targeted):
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    EDITS[edit](root)
    expected, warnings = _clean(root, None)
    if expected is None:
        with pytest.raises(ContentError) as raised:
            build(paths, None, TODAY)
        assert raised.value.diagnostics == warnings
    else:
        assert build(paths, None, TODAY).warnings == warnings
        assert _built(root, None) == expected
    assert spied["targeted"][-1] == targeted


def test_a_damaged_record_is_one_warning_and_an_ordinary_build(tmp_path, spied):
    root = _tree(tmp_path)
    paths = _store_paths(root)
    build(paths, None, TODAY)
    with sqlite3.connect(root / "cache" / FILE_NAME) as db:
        db.execute("UPDATE results SET value = CAST('{\"entries\": 1}' AS BLOB) "
                   "WHERE stage = 'site-record'")
    EDITS["fill text"](root)
    result = build(paths, [ALFA], TODAY)
    assert not spied["targeted"][-1]
    assert [w.message for w in result.warnings if w.path.endswith(FILE_NAME)] == [
        "damaged cache entry ignored (site-record: TypeError); it is made again"]
    expected, _ = _clean(root, [ALFA])
    assert _built(root, [ALFA]) == expected


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(EDITS)),
                                st.sampled_from([None, ALFA, SiteId()])),
                      min_size=1, max_size=6))
def test_fresh_builds_of_any_sites_after_any_edits_equal_clean_builds(steps):
    with tempfile.TemporaryDirectory() as folder:
        root = _tree(Path(folder))
        paths = _store_paths(root)
        build(paths, None, TODAY)
        for edit, site in steps:
            EDITS[edit](root)
            sites = None if site is None else [site]
            expected, warnings = _clean(root, sites)
            if expected is None:
                with pytest.raises(ContentError):
                    build(paths, sites, TODAY)
                continue
            assert build(paths, sites, TODAY).warnings == warnings, steps
            assert _built(root, sites) == expected, steps


@pytest.mark.parametrize("edit", ["translation text", "translated fill text"])
def test_a_translation_edit_takes_an_ordinary_build(tmp_path, spied, edit):
    """A language's search data holds its texts whole (search/languages.py): a targeted
    build, which makes only the edited article's pages, leaves such an edit alone."""
    root = _tree(tmp_path)
    _translated(root)
    for rel in (TRANSLATION, TRANSLATED_FILL, "content/languages.yml"):
        os.utime(root / rel, (time.time() - 120, time.time() - 120))
    paths = _store_paths(root)
    build(paths, None, TODAY)
    EDITS[edit](root)
    rel = TRANSLATION if edit == "translation text" else TRANSLATED_FILL
    os.utime(root / rel, (time.time() - 60, time.time() - 60))
    build(paths, None, TODAY)
    assert spied["targeted"][-1] is False
    expected, _ = _clean(root, None)
    assert _built(root, None) == expected


def test_an_image_resized_in_place_rebuilds_the_pages_that_show_it(tmp_path, spied):
    """An image is no text body: a targeted build leaves it to an ordinary one, which shows
    the new width and height and publishes the new widths, as a clean build does."""
    root = _tree(tmp_path)
    for edit in ("image added", "image shown", "fill image", "fill image shown"):
        EDITS[edit](root)
    images = [root / IMAGE, root / FILL_IMAGE]
    for path in images:  # settled: their facts are kept by their stamps
        os.utime(path, (time.time() - 120, time.time() - 120))
    paths = _store_paths(root)
    build(paths, None, TODAY)
    EDITS["image resized"](root)
    EDITS["fill image resized"](root)
    for path in images:
        os.utime(path, (time.time() - 60, time.time() - 60))
    result = build(paths, None, TODAY)
    assert not spied["targeted"][-1]
    expected, warnings = _clean(root, None)
    assert result.warnings == warnings
    assert _built(root, None) == expected
    body = soup(root / "out/alfa/vard/avgifter/index.html").select_one(".article-body")
    sizes = {img["alt"]: (img["width"], img["height"]) for img in body.select("img")}
    assert sizes == {"Tabell över avgifter": ("1300", "700"),
                     "Karta över mottagningar": ("300", "500")}
    assert (root / "out/alfa/vard/avgifter-tabell.1300.webp").is_file()
    assert not (root / "out/alfa/vard/avgifter-tabell.900.webp").exists()
