"""Each site loads its own region's files (content/load.py's load_region): the same tree and
problems as loading that region with the rest, and every region's problems in a full build."""

from __future__ import annotations

import os

from conftest import build_args, write

from generator.content.load import load_content, load_region
from generator.store import Store

BETA_ARTICLE = """
    ---
    title: Mottagning i Beta
    summary: Bara i Beta.
    owner: region-beta
    reviewed: 2026-03-01
    ---
    Mottagningen har öppet på dagen.
    """


def _problem_tree(content):
    """Region files with problems of every kind a region's folders can have."""
    write(content, "regional/alfa/overlays/vard/avgifter/trasig.md", "---\nowner: [\n---\nText\n")
    write(content, "regional/alfa/articles/vard/ensam.lattlast.md", BETA_ARTICLE)
    write(content, "regional/alfa/articles/vard/Fel.md", BETA_ARTICLE)
    write(content, "regional/alfa/overlays/vard/avgifter/kontakt.md",
          "---\nowner: region-alfa\nreviewed: 2020-01-01\n---\nText i Alfa.\n")
    os.symlink("/etc/passwd", content / "regional/alfa/articles/vard/lank.png")
    write(content, "regional/beta/articles/vard/mottagning.md", BETA_ARTICLE)


def test_a_region_loaded_on_its_own_gives_the_tree_of_loading_it_with_the_rest(content):
    _problem_tree(content)
    root = str(content)
    national, national_problems = load_content(content, root, set())
    assert national is not None
    assert national.fills == () and all(not a for a in national.region_articles.values())
    for slug in ("alfa", "beta"):
        tree, problems = load_region(content, root, national, slug, Store())
        expected, expected_problems = load_content(content, root, {slug})
        assert tree == expected
        assert repr(tree.fills) == repr(expected.fills)  # the same order too
        assert sorted(national_problems + problems) == sorted(expected_problems)
    alfa_problems = load_region(content, root, national, "alfa", Store())[1]
    assert {d.path.removeprefix(root + "/") for d in alfa_problems} == {
        "regional/alfa/overlays/vard/avgifter/trasig.md",
        "regional/alfa/articles/vard/ensam.lattlast.md",
        "regional/alfa/articles/vard/Fel.md",
    }


def test_a_full_build_reports_every_regions_problems_once(content, tmp_path, run):
    _problem_tree(content)
    write(content, "regional/beta/overlays/vard/avgifter/kostnad.md", "---\nowner: nobody\n---\n")
    write(content, "regional/gamma/articles/vard/utan.md", BETA_ARTICLE)
    out = tmp_path / "out"
    result = run(*build_args(content, out))
    assert result.code == 1
    lines = [line.removeprefix(f"{content}/") for line in result.err.splitlines()]
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == len(set(errors))
    paths = {line.split(":")[0] for line in errors}
    assert paths == {
        "regional/alfa/overlays/vard/avgifter/trasig.md",
        "regional/alfa/articles/vard/ensam.lattlast.md",
        "regional/alfa/articles/vard/Fel.md",
        "regional/beta/overlays/vard/avgifter/kostnad.md",
        "regional/gamma/articles/vard/utan.md",
    }
    assert "regional/gamma/articles/vard/utan.md:1: error: region 'gamma' has no region.yml" \
        in lines
    overdue = [line for line in lines if "review overdue" in line]
    assert [line.split(":")[0] for line in overdue].count(
        "regional/alfa/overlays/vard/avgifter/kontakt.md") == 1
    assert not out.exists()


def test_a_link_to_another_regions_text_is_not_published_in_this_site(content, tmp_path, run):
    write(content, "regional/beta/articles/vard/mottagning.md", BETA_ARTICLE)
    link = "[Betas mottagning](../../../beta/articles/vard/mottagning.md)"
    narakut = content / "regional/alfa/articles/vard/narakut.md"
    narakut.write_text(narakut.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    line = narakut.read_text(encoding="utf-8").splitlines().index(link) + 1
    expected = (f"{content}/regional/alfa/articles/vard/narakut.md:{line}: error: link to "
                "../../../beta/articles/vard/mottagning.md: it is not published in this site")
    for sites in ((), ("--region", "alfa")):
        result = run(*build_args(content, tmp_path / "out", *sites))
        assert result.code == 1
        assert expected in result.err.splitlines()
