"""A build that would change nothing is known from file stamps: it reads nothing and
leaves the output as it is; any change to what a build reads or left is a real build."""

from __future__ import annotations

import os

import pytest
from conftest import build_args, tree_bytes

UP_TO_DATE = "is up to date"


def _build(run, content, out, cache, *extra):
    result = run(*build_args(content, out, "--cache", cache, *extra))
    assert result.code == 0, result.err
    return result


def test_a_build_with_no_change_reads_and_writes_nothing(content, tmp_path, run):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = _build(run, content, out, cache)
    assert UP_TO_DATE not in first.out
    before = {path: (path.stat().st_mtime_ns, path.stat().st_ino) for path in out.rglob("*")}
    again = _build(run, content, out, cache)
    assert UP_TO_DATE in again.out
    assert again.err == first.err  # the same warnings
    assert again.out.splitlines()[-1].split(", ")[:3] == first.out.splitlines()[-1].split(
        ", ")[:3]  # the same sites, pages and warnings
    after = {path: (path.stat().st_mtime_ns, path.stat().st_ino) for path in out.rglob("*")}
    assert after == before


def _edit_fill(content, out, tmp_path):
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text() + "\nEn mening till.\n", encoding="utf-8")


def _same_bytes_newer_time(content, out, tmp_path):
    article = content / "national/vard/avgifter.md"
    article.write_text(article.read_text(), encoding="utf-8")
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _new_file(content, out, tmp_path):
    (content / "national/vard/ny-bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def _removed_output(content, out, tmp_path):
    (out / "alfa/vard/avgifter/index.html").unlink()


def _changed_output(content, out, tmp_path):
    page = out / "alfa/vard/avgifter/index.html"
    page.write_text("<p>ändrad för hand</p>", encoding="utf-8")


@pytest.mark.parametrize("change", [_edit_fill, _same_bytes_newer_time, _new_file,
                                    _removed_output, _changed_output],
                         ids=lambda change: change.__name__.strip("_"))
def test_a_change_to_what_a_build_read_or_left_is_a_real_build(content, tmp_path, run,
                                                                change):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(run, content, out, cache)
    change(content, out, tmp_path)
    again = _build(run, content, out, cache)
    assert UP_TO_DATE not in again.out
    assert run(*build_args(content, tmp_path / "clean")).code == 0
    assert tree_bytes(out) == tree_bytes(tmp_path / "clean")


def test_another_day_or_another_site_is_a_real_build(content, tmp_path, run):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(run, content, out, cache)
    assert UP_TO_DATE not in _build(run, content, out, cache, "--today", "2027-01-01").out
    region = tmp_path / "region"
    assert UP_TO_DATE not in _build(run, content, region, cache, "--region", "alfa").out


def test_without_the_store_every_build_is_real(content, tmp_path, run):
    out = tmp_path / "out"
    for _ in range(2):
        result = run(*build_args(content, out))
        assert result.code == 0 and UP_TO_DATE not in result.out


def test_a_region_build_goes_by_what_that_region_reads_and_left(content, tmp_path, run):
    out, cache = tmp_path / "out", tmp_path / "cache"
    beta_fill = content / "regional/beta/overlays/vard/avgifter/kostnad.md"
    beta_fill.parent.mkdir(parents=True)
    alfa_fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    beta_fill.write_text(alfa_fill.read_text(encoding="utf-8"), encoding="utf-8")
    _build(run, content, out, cache, "--region", "alfa")
    # Another region's texts and another site's output are not what this build read or left.
    beta_fill.write_text(beta_fill.read_text(encoding="utf-8") + "\nÄndrad.\n",
                         encoding="utf-8")
    (out / "nationell").mkdir()
    assert UP_TO_DATE in _build(run, content, out, cache, "--region", "alfa").out
    # Another region's region.yml is: every site links to every other.
    region_yml = content / "regional/beta/region.yml"
    region_yml.write_text(region_yml.read_text(encoding="utf-8").replace(
        "Region Beta", "Regionen Beta"), encoding="utf-8")
    assert UP_TO_DATE not in _build(run, content, out, cache, "--region", "alfa").out
