"""Every content error: its exact message and line, all in one run, exit 1, nothing written."""

from __future__ import annotations

from conftest import build_args, tree_bytes, write


def _errors(run, content, tmp_path, *extra):
    result = run(*build_args(content, tmp_path / "out", *extra))
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()
    return [line.replace(str(content) + "/", "") for line in result.errors]


def test_unknown_key_with_suggestion_and_line(content, tmp_path, run):
    path = content / "national/vard/avgifter.md"
    path.write_text(path.read_text().replace("editor:", "editr:"))
    assert _errors(run, content, tmp_path) == [
        "national/vard/avgifter.md:6: error: unknown key 'editr'; did you mean 'editor'?"
    ]


def test_missing_required_key_bad_date_and_bad_process(content, tmp_path, run):
    write(content, "national/vard/ny.md", """
        ---
        title: Ny
        owner: nationell-redaktion
        reviewed: 2026-13-01
        process: snabb
        ---
        Text.
        """)
    assert _errors(run, content, tmp_path) == [
        "national/vard/ny.md:2: error: missing required key 'summary'",
        "national/vard/ny.md:4: error: 'reviewed' must be a date written YYYY-MM-DD, "
        "not '2026-13-01'",
        "national/vard/ny.md:5: error: 'process' must be one of nyproduktion, "
        "nyproduktion-light, revidering, not 'snabb'",
    ]


def test_owner_must_exist_and_own_the_path(content, tmp_path, run):
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text().replace("owner: region-alfa", "owner: region-beta"))
    unga = content / "national/tandvard/unga.md"
    unga.write_text(unga.read_text().replace("nationell-redaktion", "okand"))
    assert _errors(run, content, tmp_path) == [
        "national/tandvard/unga.md:4: error: owner 'okand' is not a team in teams.yml "
        "(teams: nationell-redaktion, region-alfa, region-beta)",
        "regional/alfa/overlays/vard/avgifter/kostnad.md:2: error: team 'region-beta' does "
        "not own regional/alfa/overlays/vard/avgifter/kostnad.md (it owns regional/beta/**)",
    ]


def test_broken_yaml_names_its_line(content, tmp_path, run):
    write(content, "national/vard/trasig.md", """
        ---
        title: Trasig
        summary: [inte stängd
        owner: nationell-redaktion
        ---
        """)
    errors = _errors(run, content, tmp_path)
    assert len(errors) == 1
    assert errors[0].startswith("national/vard/trasig.md:4: error: invalid YAML")


def test_missing_and_unclosed_front_matter(content, tmp_path, run):
    write(content, "national/vard/utan.md", "# Ingen front matter\n")
    write(content, "national/vard/oppen.md", "---\ntitle: x\n")
    assert _errors(run, content, tmp_path) == [
        "national/vard/oppen.md:1: error: front matter is not closed: add a line '---' after it",
        "national/vard/utan.md:1: error: missing front matter: the file must begin with a "
        "line '---'",
    ]


def test_bad_names(content, tmp_path, run):
    write(content, "national/vard/Vård.md", "---\n---\n")
    write(content, "regional/alfa/overlays/vard/avgifter/Kostnad.md", "---\n---\n")
    assert _errors(run, content, tmp_path) == [
        "national/vard/Vård.md:1: error: slug name 'Vård' must be lowercase a-z, 0-9 and '-' "
        "(å, ä, ö as a, a, o)",
        "regional/alfa/overlays/vard/avgifter/Kostnad.md:1: error: slot name 'Kostnad' must be "
        "lowercase a-z, 0-9 and '-' (å, ä, ö as a, a, o)",
    ]


def test_fill_for_missing_article_and_missing_slot(content, tmp_path, run):
    fill = "---\nowner: region-alfa\nreviewed: 2026-03-01\n---\nText.\n"
    write(content, "regional/alfa/overlays/vard/finns-inte/kostnad.md", fill)
    write(content, "regional/alfa/overlays/vard/avgifter/okand.md", fill)
    write(content, "regional/alfa/overlays/tandvard/unga/alder.lattlast.md", fill)
    assert _errors(run, content, tmp_path) == [
        "regional/alfa/overlays/tandvard/unga/alder.lattlast.md:1: error: "
        "national/tandvard/unga.md has no easy-to-read version to fill",
        "regional/alfa/overlays/vard/avgifter/okand.md:1: error: slot 'okand' is not declared "
        "in national/vard/avgifter.md (declared: kontakt, kostnad)",
        "regional/alfa/overlays/vard/finns-inte/kostnad.md:1: error: fills slot 'kostnad' of "
        "national/vard/finns-inte.md, which does not exist",
    ]


def test_slot_declared_twice_nested_and_in_regional_text(content, tmp_path, run):
    path = content / "national/tandvard/unga.md"
    path.write_text(path.read_text() + "\n::: region alder\nIgen.\n:::\n\n- punkt\n\n"
                    "  ::: region inne\n  x\n  :::\n")
    write(content, "regional/alfa/articles/vard/egen.md", """
        ---
        title: Egen
        summary: Egen.
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        ::: region egen
        :::
        """)
    assert _errors(run, content, tmp_path) == [
        "national/tandvard/unga.md:16: error: slot 'alder' is declared twice (first on line 12)",
        "national/tandvard/unga.md:22: error: a slot must stand at the top level of the text, "
        "not inside a list, quote or another slot",
        "regional/alfa/articles/vard/egen.md:7: error: regional text cannot declare slots; "
        "only national articles declare where regions may add text",
    ]


def test_region_only_article_at_a_national_address(content, tmp_path, run):
    write(content, "regional/alfa/articles/tandvard/unga.md", """
        ---
        title: Unga i Alfa
        summary: Krock.
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        Text.
        """)
    assert _errors(run, content, tmp_path) == [
        "regional/alfa/articles/tandvard/unga.md:1: error: region-only article has the same "
        "address tandvard/unga/ as national/tandvard/unga.md"
    ]


def test_broken_links_and_anchors(content, tmp_path, run):
    path = content / "national/tandvard/unga.md"
    path.write_text(path.read_text() + "\n[a](../vard/saknas.md) [b](../vard/avgifter.md#nej) "
                    "[c](../../vard/inget/) [d](utkast.md) [e](../../../ut/)\n")
    assert _errors(run, content, tmp_path) == [
        "national/tandvard/unga.md:16: error: link to ../../../ut/ leaves the site",
        "national/tandvard/unga.md:16: error: link to ../../vard/inget/: no page or file at "
        "that address",
        "national/tandvard/unga.md:16: error: link to ../vard/avgifter.md#nej: no heading "
        "with id 'nej' on vard/avgifter/",
        "national/tandvard/unga.md:16: error: link to ../vard/saknas.md: no such file",
        "national/tandvard/unga.md:16: error: link to utkast.md: it is not published in this "
        "site",
    ]


def test_alias_leaving_the_site_and_alias_on_a_page(content, tmp_path, run):
    path = content / "national/tandvard/unga.md"
    path.write_text(path.read_text().replace("order: 1", "order: 1\naliases: [../../ute/]"))
    avgifter = content / "national/vard/avgifter.md"
    avgifter.write_text(avgifter.read_text().replace("/gamla/avgifter/", "/tandvard/unga/"))
    errors = _errors(run, content, tmp_path, "--region", "beta")
    assert errors == [
        "national/tandvard/unga.md:7: error: alias '../../ute/' leaves the site's folder",
        "national/vard/avgifter.md:9: error: writes tandvard/unga/index.html, which "
        "national/tandvard/unga.md writes too",
    ]


def test_an_alias_on_a_file_the_build_makes_names_the_alias_line(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    before = tree_bytes(out)
    path = content / "national/tandvard/unga.md"
    original = path.read_text()
    for alias in ("robots.txt", "sitemap.xml", "/alfa/../sitemap.xml"):
        path.write_text(original.replace("order: 1", f"order: 1\naliases: [{alias}]"))
        result = run(*build_args(content, out))
        assert result.code == 1, result.err
        name = alias.rsplit("/", 1)[-1]
        assert result.err == (
            f"{path}:7: error: writes {name}/index.html, which needs a folder where the "
            f"build writes the file {name}\n1 error(s); nothing was written.\n")
        assert tree_bytes(out) == before


def test_all_errors_of_all_files_in_one_run(content, tmp_path, run):
    for name in ("a", "b", "c"):
        write(content, f"national/vard/{name}.md", f"---\ntitle: {name}\n---\n")
    errors = _errors(run, content, tmp_path)
    assert [e.split(":")[0] for e in errors] == ["national/vard/a.md"] * 3 + [
        "national/vard/b.md"] * 3 + ["national/vard/c.md"] * 3


def test_template_error_names_template_and_line(content, tmp_path, run):
    themes = tmp_path / "themes"
    import shutil

    from conftest import THEMES
    shutil.copytree(THEMES, themes)
    section = themes / "default/templates/section.html"
    section.write_text(section.read_text().replace("{{ view.section.title }}</h1>",
                                                   "{{ view.section.nope }}</h1>"))
    result = run("build", "--content", content, "--themes", themes, "--out", tmp_path / "out",
                 "--no-cache")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert any(e.endswith("default/templates/section.html:11: error: template error: "
                          "'generator.content.model.Section object' has no attribute 'nope'")
               for e in result.errors), result.err


def test_a_team_id_that_is_no_name_is_an_error_at_its_line(content, run):
    teams = content / "teams.yml"
    teams.write_text(teams.read_text(encoding="utf-8") + '  Fel Team:\n    name: Fel\n'
                     '    owns: ["regional/gamma/**"]\n', encoding="utf-8")
    result = run("check", "--content", content, "--today", "2026-11-22")
    assert result.code == 1
    assert result.errors == [
        f"{content}/teams.yml:11: error: team id 'Fel Team' must be lowercase a-z, 0-9, '-'"]
