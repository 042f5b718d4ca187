"""What a changed file is: the preview's classification of file events."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from generator.preview.changes import Change, Kind, Roots, classify, summary

ROOTS = Roots(PurePosixPath("/p/content"), PurePosixPath("/p/themes"), PurePosixPath("/p/build"))


@pytest.mark.parametrize(("path", "expected"), [
    ("content/regional/kronoberg/overlays/vard/avgifter/kostnad.md",
     Change(Kind.FILL, "regional/kronoberg/overlays/vard/avgifter/kostnad.md")),
    ("content/regional/kronoberg/overlays/vard/avgifter/kostnad.lattlast.md",
     Change(Kind.FILL, "regional/kronoberg/overlays/vard/avgifter/kostnad.lattlast.md")),
    ("content/national/vard/avgifter.md",
     Change(Kind.NATIONAL_ARTICLE, "national/vard/avgifter.md")),
    ("content/national/vard/avgifter.lattlast.md",
     Change(Kind.NATIONAL_ARTICLE, "national/vard/avgifter.lattlast.md")),
    ("content/national/vard/_section.yml", Change(Kind.SECTION, "national/vard/_section.yml")),
    ("content/national/vard/bild.png", Change(Kind.MEDIA, "national/vard/bild.png")),
    ("content/regional/alfa/articles/vard/narakut.md",
     Change(Kind.REGION_ARTICLE, "regional/alfa/articles/vard/narakut.md")),
    ("content/regional/alfa/region.yml", Change(Kind.REGION, "regional/alfa/region.yml")),
    ("content/site.yml", Change(Kind.CONFIG, "site.yml")),
    ("content/teams.yml", Change(Kind.CONFIG, "teams.yml")),
    ("themes/default/templates/base.html", Change(Kind.TEMPLATE, "default/templates/base.html")),
    ("themes/default/static/style.css", Change(Kind.STATIC, "default/static/style.css")),
])
def test_kinds(path, expected):
    assert classify(f"/p/{path}", ROOTS) == expected


@pytest.mark.parametrize("path", [
    "build/kronoberg/index.html",  # the output folder is never a source of changes
    "build/.preview/stamp",
    "content/national/vard/.avgifter.md.swp",  # vim
    "content/national/vard/avgifter.md~",  # backups
    "content/national/vard/4913",  # vim's probe file
    "content/national/vard/#avgifter.md#",  # emacs
    "content/.git/index",
    "content/README.txt",
    "themes/default/.cache/x",
    "themes/default/theme.yml",
    "elsewhere/file.md",
])
def test_ignored(path):
    assert classify(f"/p/{path}", ROOTS).kind is Kind.IGNORED


def test_output_folder_inside_content_root_is_still_ignored():
    roots = Roots(PurePosixPath("/p"), PurePosixPath("/p/themes"), PurePosixPath("/p/build"))
    assert classify("/p/build/site.yml", roots).kind is Kind.IGNORED


def test_summary_names_the_first_relevant_change():
    changes = [classify(f"/p/{p}", ROOTS) for p in (
        "content/national/vard/.x.swp", "content/national/vard/avgifter.md",
        "content/site.yml")]
    assert summary(changes) == "national article national/vard/avgifter.md (+1 more)"
    assert summary([]) == "no relevant change"
