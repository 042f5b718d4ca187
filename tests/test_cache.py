"""The build's store on disk (--cache): builds through it give the clean build's bytes, and
nothing wrong with it stops a build."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import REPO, THEMES, build_args, tree_bytes

from generator import store_file
from generator.engine import write as write_stage
from generator.engine.build import Paths
from generator.preview.rebuilder import Rebuilder
from generator.render import article_texts as texts_stage
from generator.render import theme as theme_stage
from generator.sites import SiteId
from generator.store_file import FILE_NAME, StoreFile

TODAY = dt.date(2026, 11, 22)


def _rows(cache) -> dict[str, int]:
    """Results per stage, but the records each build adds of what it read and left."""
    with sqlite3.connect(cache / FILE_NAME) as db:
        return dict(db.execute(
            "SELECT stage, count(*) FROM results WHERE stage NOT IN ('build-record', "
            "'site-written', 'site-record', 'site-record-part', 'national-record') "
            "GROUP BY stage"))


def _counting_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real_parse = texts_stage.parse_text

    def counting_parse(source, *args, **kwargs):
        parsed.append(source.rel)
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(texts_stage, "parse_text", counting_parse)
    return parsed


def test_warm_build_equals_cold_build_and_uncached_build(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "cold", "--cache", cache)).code == 0
    stored = _rows(cache)
    assert {"yaml", "outline", "render", "words", "lix", "search-part"} <= stored.keys()
    assert run(*build_args(content, tmp_path / "warm", "--cache", cache)).code == 0
    assert run(*build_args(content, tmp_path / "none")).code == 0
    cold, warm, none = (tree_bytes(tmp_path / name) for name in ("cold", "warm", "none"))
    assert len(cold) > 50 and cold == warm == none
    assert _rows(cache) == stored  # nothing new was made


def test_warm_build_parses_no_text(content, tmp_path, run, monkeypatch):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "cold", "--cache", cache)).code == 0
    parsed = _counting_parses(monkeypatch)
    assert run(*build_args(content, tmp_path / "warm", "--cache", cache, "--jobs", "1")).code == 0
    assert parsed == []


def test_a_region_build_after_a_full_build_parses_no_national_text(
        content, tmp_path, run, monkeypatch):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "all", "--cache", cache)).code == 0
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")
    parsed = _counting_parses(monkeypatch)
    assert run(*build_args(content, tmp_path / "alfa", "--cache", cache, "--region", "alfa",
                           "--jobs", "1")).code == 0
    assert parsed == ["regional/alfa/overlays/vard/avgifter/kostnad.md"] * 2  # two pages
    assert run(*build_args(content, tmp_path / "fresh", "--region", "alfa")).code == 0
    assert tree_bytes(tmp_path / "alfa") == tree_bytes(tmp_path / "fresh")


def test_a_fresh_process_renders_only_the_pages_whose_data_changed(
        content, tmp_path, run, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert run(*build_args(content, out, "--cache", cache, "--region", "alfa")).code == 0
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")
    # A page changed by hand since the last build is not what the store recorded.
    by_hand = out / "alfa/tandvard/unga/index.html"
    by_hand.write_text(by_hand.read_text(encoding="utf-8").replace("<h1>", "<h1>X"),
                       encoding="utf-8")
    rendered = []
    real_render = theme_stage._render
    monkeypatch.setattr(theme_stage, "_render", lambda theme, template, context: (
        rendered.append(context["page"].url) or real_render(theme, template, context)))
    assert run(*build_args(content, out, "--cache", cache, "--region", "alfa")).code == 0
    # The fill's article, in its standard and easy-to-read page, and the page changed by
    # hand; no other page is rendered again. (The fill's pages twice: the targeted build
    # makes them before it finds the folder changed, engine/targeted.py.)
    assert sorted(set(rendered)) == ["lattlast/vard/avgifter/", "tandvard/unga/",
                                     "vard/avgifter/"]
    assert run(*build_args(content, tmp_path / "clean", "--region", "alfa")).code == 0
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")


def test_a_page_taken_from_the_output_folder_is_linked_without_reading_it_again(
        content, tmp_path, run, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert run(*build_args(content, out, "--cache", cache, "--region", "alfa")).code == 0
    unchanged = out / "alfa/tandvard/unga/index.html"
    inode = unchanged.stat().st_ino
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    # A new review date: the sitemap changes too, so the ordinary build makes the site
    # (a body edit alone is redone from the store's records: engine/targeted.py).
    fill.write_text(fill.read_text().replace("2026-03-01", "2026-03-02"), encoding="utf-8")
    compared = []
    real_holds = write_stage._holds
    monkeypatch.setattr(write_stage, "_holds", lambda path, data: (
        compared.append(path.relative_to(out).as_posix()) or real_holds(path, data)))
    assert run(*build_args(content, out, "--cache", cache, "--region", "alfa")).code == 0
    assert unchanged.stat().st_ino == inode  # the new tree links the old file
    # Of the pages, only the two rendered again are compared with the old bytes.
    assert {path for path in compared if path.endswith(".html")} == {
        "alfa/vard/avgifter/index.html", "alfa/lattlast/vard/avgifter/index.html"}
    monkeypatch.undo()
    assert run(*build_args(content, tmp_path / "clean", "--region", "alfa")).code == 0
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")


def test_a_national_edit_is_not_served_from_the_store(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    article = content / "national/vard/avgifter.md"
    article.write_text(article.read_text() + "\nEn ny mening om avgifter.\n", encoding="utf-8")
    assert run(*build_args(content, tmp_path / "cached", "--cache", cache)).code == 0
    assert run(*build_args(content, tmp_path / "fresh")).code == 0
    assert tree_bytes(tmp_path / "cached") == tree_bytes(tmp_path / "fresh")
    assert tree_bytes(tmp_path / "cached") != tree_bytes(tmp_path / "first")


def test_warnings_from_stored_lix_are_the_same(content, tmp_path, run):
    easy = content / "national/vard/avgifter.lattlast.md"
    hard = " ".join(["Sjukvårdsförsäkringsadministrationen"] * 40) + " hanterar avgifterna."
    easy.write_text(easy.read_text() + "\n" + hard + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cold = run(*build_args(content, tmp_path / "cold", "--cache", cache))
    warm = run(*build_args(content, tmp_path / "warm", "--cache", cache))
    assert cold.code == warm.code == 0
    assert "avgifter.lattlast.md:1: warning: LIX" in cold.err and cold.err == warm.err


def test_cache_inside_output_or_content_is_refused(content, tmp_path, run):
    out = tmp_path / "out"
    result = run(*build_args(content, out, "--cache", out / "cache"))
    assert result.code == 2 and "must be outside the output folder" in result.err
    result = run(*build_args(content, out, "--cache", content / ".cache"))
    assert result.code == 2 and "must be outside the content folder" in result.err


def test_the_preview_starts_from_the_store_and_keeps_it_current(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "built", "--cache", cache)).code == 0
    paths = Paths(content, THEMES, tmp_path / "preview", REPO / "node_modules", cache)
    rebuilder = Rebuilder(paths, SiteId("alfa"), TODAY)
    first = rebuilder.rebuild()
    assert first.ok and "parse" not in first.made
    article = content / "national/vard/avgifter.md"
    article.write_text(article.read_text() + "\nEn ny mening.\n", encoding="utf-8")
    assert rebuilder.rebuild().ok
    # A new process finds the preview's renderings: it parses nothing.
    again = Rebuilder(paths, SiteId("alfa"), TODAY).rebuild()
    assert again.ok and "parse" not in again.made


def test_a_cache_folder_that_cannot_be_made_is_one_warning(content, tmp_path, run):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = blocker / "cache"
    result = run(*build_args(content, tmp_path / "out", "--cache", cache))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert result.err == (f"{cache}:1: warning: cannot write the cache: Not a directory; "
                          "the build goes on without it\n")
    assert run(*build_args(content, tmp_path / "uncached")).code == 0
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "uncached")


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_store_file_is_one_warning_and_made_anew(content, tmp_path, run, damage):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    stored = cache / FILE_NAME
    data = stored.read_bytes()
    stored.write_bytes({"truncated": data[:5000], "garbage": b"\x00junk" * 4000,
                        "empty": b""}[damage])
    result = run(*build_args(content, tmp_path / "again", "--cache", cache))
    assert result.code == 0 and "Traceback" not in result.err
    warnings = [line for line in result.err.splitlines() if ": warning: " in line]
    assert len(warnings) <= 1 and all(line.startswith(f"{stored}:1: warning: damaged cache")
                                      for line in warnings)
    assert tree_bytes(tmp_path / "again") == tree_bytes(tmp_path / "first")
    # The file works again: a third build finds what the second stored.
    assert run(*build_args(content, tmp_path / "third", "--cache", cache)).code == 0
    assert _rows(cache).get("render", 0) > 0


def test_rows_of_the_wrong_shape_are_one_warning_and_made_again(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("UPDATE results SET value = CAST('[1, 2]' AS BLOB) "
                   "WHERE stage IN ('outline', 'render', 'lix', 'words', 'search-part')")
    result = run(*build_args(content, tmp_path / "again", "--cache", cache, "--jobs", "1"))
    assert result.code == 0 and "Traceback" not in result.err
    lines = result.err.splitlines()
    assert lines and all(": warning: damaged cache entry ignored (" in line for line in lines)
    assert len(lines) == len(set(lines)) <= 5  # one per stage
    assert tree_bytes(tmp_path / "again") == tree_bytes(tmp_path / "first")


def test_rows_of_another_generator_version_are_never_read(content, tmp_path):
    store = StoreFile.open(tmp_path, version="one")
    store.put("page", "k", b"old bytes")
    store.flush()
    assert StoreFile.open(tmp_path, version="one").get("page", "k") == b"old bytes"
    assert StoreFile.open(tmp_path, version="two").get("page", "k") is None


def test_a_read_only_store_file_is_one_warning(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    # Root ignores file modes, so a read-only file needs a process without that power:
    # a build in a child whose capability bounding set drops CAP_DAC_OVERRIDE.
    (cache / FILE_NAME).chmod(0o444)
    cache.chmod(0o555)
    try:
        result = subprocess.run(
            ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
             "--inh-caps=-all", sys.executable, "-m", "generator",
             *build_args(content, tmp_path / "again", "--cache", cache)],
            capture_output=True, text=True, cwd=REPO, timeout=120)
    finally:
        cache.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{cache / FILE_NAME}:1: warning: ")
    assert warnings[0].endswith("; the build goes on without it")
    assert tree_bytes(tmp_path / "again") == tree_bytes(tmp_path / "first")


def test_two_builds_sharing_one_store_at_once_both_succeed(content, tmp_path):
    cache = tmp_path / "cache"
    commands = [[sys.executable, "-m", "generator",
                 *build_args(content, tmp_path / f"out{n}", "--cache", cache, "--quiet")]
                for n in (1, 2)]
    running = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for command in commands]
    results = [(process.wait(timeout=180), process.stderr.read()) for process in running]
    assert [code for code, _ in results] == [0, 0], results
    for _, err in results:
        assert "Traceback" not in err and "warning: cannot" not in err, err
    subprocess.run([sys.executable, "-m", "generator",
                    *build_args(content, tmp_path / "clean", "--quiet")], cwd=REPO, check=True)
    clean = tree_bytes(tmp_path / "clean")
    assert tree_bytes(tmp_path / "out1") == clean == tree_bytes(tmp_path / "out2")


def test_a_new_process_finds_what_another_stored(tmp_path):
    # Each process orders sets by its own string hashes; keys must not depend on that.
    # The sample content has the fills inside texts with many headings that show it.
    cache = tmp_path / "cache"
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-m", "generator", *build_args(
            REPO / "content", tmp_path / f"out{seed}", "--cache", cache, "--quiet")], cwd=REPO,
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        if seed == "1":
            stored = _rows(cache)
    assert _rows(cache) == stored  # the second build made nothing new
    assert tree_bytes(tmp_path / "out1") == tree_bytes(tmp_path / "out2")


def test_rows_are_written_once_those_held_pass_the_limit(tmp_path, monkeypatch):
    """A cold build makes rows faster than it needs them written: past PENDING_LIMIT bytes
    they are written, not held until the build's end."""
    monkeypatch.setattr(store_file, "PENDING_LIMIT", 100)
    store = StoreFile.open(tmp_path / "cache")
    assert store.get("s", "k0") is None
    for number in range(5):
        store.put("s", f"k{number}", b"x" * 40)  # the third passes the limit
    other = StoreFile.open(tmp_path / "cache")
    assert [other.get("s", f"k{number}") for number in range(5)] == [b"x" * 40] * 3 + [None] * 2
    store.flush()
    assert other.get("s", "k4") == b"x" * 40
