"""The on-disk cache of the national stage: warm builds give the cold build's bytes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from conftest import REPO, THEMES, build_args, tree_bytes

from generator.content.load import load_content
from generator.engine import national as national_stage
from generator.engine import national_cache
from generator.engine.build import Paths
from generator.preview.rebuilder import Rebuilder
from generator.render import article_texts as texts_stage
from generator.render.markdown import make_parsers

TODAY = dt.date(2026, 11, 22)


def _stored(cache):
    return sorted(p.name for p in cache.glob("national-*.json"))


def test_warm_build_equals_cold_build_and_uncached_build(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "cold", "--cache", cache)).code == 0
    assert len(_stored(cache)) == 1
    assert run(*build_args(content, tmp_path / "warm", "--cache", cache)).code == 0
    assert run(*build_args(content, tmp_path / "none")).code == 0
    cold, warm, none = (tree_bytes(tmp_path / name) for name in ("cold", "warm", "none"))
    assert len(cold) > 50 and cold == warm == none
    assert len(_stored(cache)) == 1


def test_warm_build_parses_no_national_text(content, tmp_path, run, monkeypatch):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "cold", "--cache", cache)).code == 0
    parsed: list[str] = []
    real_parse = texts_stage.parse_text

    def counting_parse(source, *args, **kwargs):
        parsed.append(source.rel)
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(texts_stage, "parse_text", counting_parse)
    assert run(*build_args(content, tmp_path / "warm", "--cache", cache, "--jobs", "1")).code == 0
    assert parsed and not [rel for rel in parsed if rel.startswith("national/")]


def test_a_national_edit_is_not_served_from_the_cache(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    article = content / "national/vard/avgifter.md"
    article.write_text(article.read_text() + "\nEn ny mening om avgifter.\n", encoding="utf-8")
    assert run(*build_args(content, tmp_path / "cached", "--cache", cache)).code == 0
    assert run(*build_args(content, tmp_path / "fresh")).code == 0
    assert tree_bytes(tmp_path / "cached") == tree_bytes(tmp_path / "fresh")
    assert tree_bytes(tmp_path / "cached") != tree_bytes(tmp_path / "first")
    assert len(_stored(cache)) == 2


def test_a_damaged_cache_file_is_rendered_again(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    stored = cache / _stored(cache)[0]
    stored.write_text(stored.read_text()[:1000], encoding="utf-8")
    assert run(*build_args(content, tmp_path / "again", "--cache", cache)).code == 0
    assert tree_bytes(tmp_path / "again") == tree_bytes(tmp_path / "first")
    assert json.loads(stored.read_text())["format"] == national_cache.FORMAT


def test_warnings_from_cached_lix_are_the_same(content, tmp_path, run):
    # LIX of national texts is part of the cached stage; a hard lättläst text warns.
    easy = content / "national/vard/avgifter.lattlast.md"
    hard = " ".join(["Sjukvårdsförsäkringsadministrationen"] * 40) + " hanterar avgifterna."
    easy.write_text(easy.read_text() + "\n" + hard + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cold = run(*build_args(content, tmp_path / "cold", "--cache", cache))
    warm = run(*build_args(content, tmp_path / "warm", "--cache", cache))
    assert cold.code == warm.code == 0
    assert "avgifter.lattlast.md:1: warning: LIX" in cold.err and cold.err == warm.err


def test_stored_stage_reads_back_equal(tmp_path):
    tree, _ = load_content(REPO / "content", "content")
    national, problems = national_stage.render_national(tree, make_parsers())
    assert national_cache.write(tmp_path, "k", national, problems) == []
    assert national_cache.read(tmp_path, "k", national.articles) == ((national, problems), [])
    assert national_cache.read(tmp_path, "other", national.articles) == (None, [])


def test_cache_inside_output_is_refused(content, tmp_path, run):
    out = tmp_path / "out"
    result = run(*build_args(content, out, "--cache", out / "cache"))
    assert result.code == 2 and "must be outside the output folder" in result.err


def test_the_preview_reads_the_cache_for_its_first_build_only(content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "built", "--cache", cache)).code == 0
    paths = Paths(content, THEMES, tmp_path / "preview", REPO / "node_modules", cache)
    uncached = Rebuilder(replace(paths, out=tmp_path / "other", cache=None), "alfa", TODAY)
    rebuilder = Rebuilder(paths, "alfa", TODAY)
    first, clean = rebuilder.rebuild(), uncached.rebuild()
    assert first.ok and clean.ok
    # National texts came from the cache: only the region's own texts and fills were parsed.
    assert 0 < first.made["parse"] < clean.made["parse"]
    article = content / "national/vard/avgifter.md"
    article.write_text(article.read_text() + "\nEn ny mening.\n", encoding="utf-8")
    assert rebuilder.rebuild().ok
    assert len(_stored(cache)) == 1  # the edit was not written to the cache


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


def test_a_cache_file_with_rows_of_the_wrong_shape_is_one_warning_and_rendered_again(
        content, tmp_path, run):
    cache = tmp_path / "cache"
    assert run(*build_args(content, tmp_path / "first", "--cache", cache)).code == 0
    stored = cache / _stored(cache)[0]
    good = json.loads(stored.read_text())
    for damage in ({"outlines": [[1]]}, {"rendered": [[["vard", "avgifter", False], 7, []]]},
                   {"problems": [["x"]]}, {"lix": "nothing"}):
        stored.write_text(json.dumps({**good, **damage}), encoding="utf-8")
        result = run(*build_args(content, tmp_path / "again", "--cache", cache))
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        [line] = result.err.splitlines()
        assert line.startswith(f"{stored}:1: warning: damaged cache file ignored (")
        assert line.endswith("); the national texts are rendered again")
        assert tree_bytes(tmp_path / "again") == tree_bytes(tmp_path / "first")
        assert json.loads(stored.read_text()) == good  # stored anew
