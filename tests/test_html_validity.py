"""Every HTML page of the full sample build passes the Nu HTML Checker (npm's vnu-jar,
run with the installed Java): zero errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from served import build_sample
from tools import tool_path

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = pytest.mark.needs_tool("java")
PAGE_TYPES = ["index.html", "kronoberg/index.html", "kronoberg/vard-och-behandling/index.html",
              "kronoberg/vard-och-behandling/sjukresor/index.html",
              "kronoberg/lattlast/vard-och-behandling/patientavgifter/index.html",
              "kronoberg/lattlast/index.html", "kronoberg/sok/index.html",
              "kronoberg/404.html", "nationell/index.html",
              # Translations, right to left and left to right, and the lists of them.
              "kronoberg/sprak/ar/vard-och-behandling/patientavgifter/index.html",
              "kronoberg/sprak/fi/vard-och-behandling/patientavgifter/index.html",
              "kronoberg/sprak/index.html", "kronoberg/sprak/fa/index.html",
              # A life situation with Kronoberg's introduction, and the list of topics.
              "kronoberg/teman/barn-med-diagnos/index.html", "kronoberg/teman/index.html",
              # Articles with images: national, regional (in a fill) and decorative.
              "kronoberg/vard-och-behandling/patientavgifter/index.html",
              "kronoberg/vard-och-behandling/egenremiss/index.html",
              "kronoberg/tandvard/akut-tandvard/index.html"]


def vnu(files: list[Path], *options: str) -> list[dict]:
    """The checker's error messages for `files` (a file it cannot read is one too)."""
    done = subprocess.run(
        [tool_path("java"), "-jar", str(VNU), *options, "--errors-only", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    # The JSON report goes to stderr; the exit code is 1 when there are errors.
    return json.loads(done.stderr)["messages"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> tuple[Path, list[Path]]:
    build, _ = build_sample(tmp_path_factory.mktemp("vnu"))
    return build, sorted(build.rglob("*.html"))


def test_every_page_of_every_site_is_valid_html(pages):
    build, files = pages
    # vnu says nothing about a file that does not exist: make sure every page type is there.
    assert all((build / page).is_file() for page in PAGE_TYPES)
    assert len(files) > 900
    messages = vnu(files)
    found = [f"{m.get('url', '').rsplit(str(build), 1)[-1]}:{m.get('lastLine')}: "
             f"{m['type']}: {m['message']}" for m in messages]
    print(f"\n{len(files)} pages checked by the Nu HTML Checker: {len(found)} errors")
    assert found == [], "\n".join(found)


def test_the_theme_style_sheets_are_valid_css(pages):
    build, _ = pages
    sheets = sorted(build.glob("*/static/*.css"))
    assert sheets
    assert vnu(sheets[:1], "--css") == []  # every site copies the same theme files


def test_the_checker_reports_an_invalid_page(tmp_path):
    # The same call finds errors, so the empty list above is a real pass.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=sv><title>x</title><p><div></span>",
                   encoding="utf-8")
    types = [m["type"] for m in vnu([bad])]
    assert types and set(types) == {"error"}
    sheet = tmp_path / "bad.css"
    sheet.write_text("p { colour: red; }", encoding="utf-8")
    assert vnu([sheet], "--css") != []
