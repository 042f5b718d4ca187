"""`check`: every rule in one run, text and JSON output, --strict, exit codes."""

from __future__ import annotations

import json

from conftest import THEMES, TODAY, build_args, silent_mp3, write
from tools import make_image


def _check(run, content, *extra):
    result = run("check", "--content", content, "--themes", THEMES, "--today", TODAY, *extra)
    assert "Traceback" not in result.err
    return result


def _lines(result, content):
    return [line.replace(f"{content}/", "") for line in result.err.splitlines()
            if ": error: " in line or ": warning: " in line or ": info: " in line]


def _json(run, content, *extra):
    result = _check(run, content, "--format", "json", *extra)
    return result.code, json.loads(result.out)


MISSING_EASY_FILL = (
    "regional/alfa/overlays/vard/avgifter/kostnad.md:1: warning: no easy-to-read fill: the "
    "lättläst page of national/vard/avgifter.lattlast.md shows this standard fill in slot "
    "'kostnad'; write kostnad.lattlast.md beside it"
)
DRAFT = "national/tandvard/utkast.md:6: info: draft: not published in any site"


def test_fixture_lists_missing_easy_to_read_fill_and_draft(content, run):
    result = _check(run, content)
    assert result.code == 0
    assert _lines(result, content) == [DRAFT, MISSING_EASY_FILL]
    assert "check passed: 0 error(s), 1 warning(s), 1 info" in result.out
    assert "(nothing written)" in result.out


def test_strict_fails_on_warnings_but_not_on_info(content, run):
    assert _check(run, content, "--strict").code == 1
    write(content, "regional/alfa/overlays/vard/avgifter/kostnad.lattlast.md", """
        ---
        owner: region-alfa
        reviewed: 2026-03-01
        ---
        Ett besök kostar 200 kronor.
        """)
    result = _check(run, content, "--strict")
    assert result.code == 0, result.err
    assert _lines(result, content) == [DRAFT]


def test_json_form(content, run, tmp_path):
    code, doc = _json(run, content)
    assert code == 0
    assert doc["version"] == 1 and doc["today"] == TODAY and doc["ok"] is True
    # The pages a check counts are those a build writes: every HTML file of every site.
    assert run(*build_args(content, tmp_path / "out")).code == 0
    pages = sum(1 for path in (tmp_path / "out").glob("*/**/*.html"))
    assert doc["summary"] == {"errors": 0, "warnings": 1, "info": 1, "sites": 3, "pages": pages}
    assert [set(d) for d in doc["diagnostics"]] == [{"path", "line", "severity", "message"}] * 2
    assert [(d["path"].removeprefix(f"{content}/"), d["line"], d["severity"])
            for d in doc["diagnostics"]] == [
        ("national/tandvard/utkast.md", 6, "info"),
        ("regional/alfa/overlays/vard/avgifter/kostnad.md", 1, "warning"),
    ]
    code, doc = _json(run, content, "--strict")
    assert code == 1 and doc["ok"] is False and doc["strict"] is True


def test_overdue_review_and_lix_warnings(content, run):
    write(content, "national/vard/avgifter.lattlast.md", """
        ---
        title: Avgifter – lättläst
        summary: Kort.
        owner: nationell-redaktion
        reviewed: 2026-09-01
        ---
        Sjukvårdsavgifterna, läkemedelskostnaderna och högkostnadsskyddsbestämmelserna
        förändras kontinuerligt beroende på regionernas organisationsbeslut och prioriteringar

        ::: region kostnad
        Det beror på var du bor.
        :::
        """)
    result = run("check", "--content", content, "--themes", THEMES, "--today", "2027-02-01")
    lines = _lines(result, content)
    assert ("national/vard/avgifter.md:5: warning: review overdue since 2027-01-15 "
            "(reviewed 2026-01-15)") in lines
    assert any(line.startswith("national/vard/avgifter.lattlast.md:1: warning: LIX ")
               for line in lines)
    assert result.code == 0


def test_unused_media_is_a_warning_and_used_media_is_not(content, run):
    make_image(content / "national/tandvard/bild.png")
    silent_mp3(content / "national/tandvard/unga.mp3")
    (content / "national/tandvard/oanvand.png").write_bytes(b"png")
    (content / "regional/alfa/overlays/vard/avgifter/karta.png").write_bytes(b"png")
    unga = content / "national/tandvard/unga.md"
    unga.write_text(unga.read_text().replace("order: 1", "order: 1\naudio: unga.mp3")
                    + "\n![Tänder](bild.png)\n")
    code, doc = _json(run, content)
    unused = [(d["path"].removeprefix(f"{content}/"), d["message"]) for d in doc["diagnostics"]
              if "no text links to this file" in d["message"]]
    assert unused == [
        ("national/tandvard/oanvand.png",
         "no text links to this file or names it as audio; link to it or remove it"),
        ("regional/alfa/overlays/vard/avgifter/karta.png",
         "no text links to this file or names it as audio; link to it or remove it"),
    ]
    assert code == 0


def test_missing_media_and_broken_site_absolute_link_are_errors(content, run):
    unga = content / "national/tandvard/unga.md"
    unga.write_text(unga.read_text() + "\n![Bild](saknas.png)\n\n[Avgifter](/vard/avgifter/"
                    "#frikort) och [borta](/vard/borta/).\n")
    result = _check(run, content)
    assert result.code == 1
    errors = [line for line in _lines(result, content) if ": error: " in line]
    assert errors == [
        "national/tandvard/unga.md:16: error: link to saknas.png: no page or file at that address",
        "national/tandvard/unga.md:18: error: link to /vard/borta/: no page or file at that "
        "address",
    ]
    assert "check failed" in result.out


def test_errors_and_editorial_warnings_in_one_sorted_run(content, run):
    write(content, "national/vard/trasig.md", "---\ntitle: [\n---\n")
    (content / "national/vard/oanvand.pdf").write_bytes(b"pdf")
    result = _check(run, content)
    assert result.code == 1
    lines = _lines(result, content)
    assert lines == sorted(lines)
    assert [line.split(": ")[1] for line in lines] == ["info", "warning", "error", "warning"]
    assert lines[1].startswith("national/vard/oanvand.pdf:1: warning:")
    assert lines[2].startswith("national/vard/trasig.md:3: error: invalid YAML")
    assert lines[3] == MISSING_EASY_FILL


def test_draft_fill_is_info_and_does_not_count_as_filled(content, run):
    fill = content / "regional/alfa/overlays/vard/avgifter/kostnad.md"
    fill.write_text(fill.read_text().replace("reviewed:", "draft: true\nreviewed:"))
    result = _check(run, content)
    assert _lines(result, content) == [
        DRAFT,
        "regional/alfa/overlays/vard/avgifter/kostnad.md:3: info: draft: the slot shows the "
        "national default",
    ]


def test_one_region_checks_only_that_regions_fills(content, run):
    result = _check(run, content, "--region", "beta")
    assert result.code == 0
    assert _lines(result, content) == [DRAFT]


def test_usage_errors(content, run):
    assert _check(run, content, "--format", "xml").code == 2
    assert _check(run, content, "--region", "gamma").code == 2
