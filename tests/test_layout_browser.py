"""The lättläst layout as Chromium renders it: lines of at most about 55 characters,
larger type and leading, ragged right and no hyphenation."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, TODAY, build_args

from generator.commands.main import main

DRIVER = Path(__file__).parent / "browser" / "layout.js"
TEXT_BLOCKS = "main .article p, main .article li, main .lead, main .article-list li"
MAX_LINE = 55

pytestmark = pytest.mark.needs_tool("chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "build"
    args = build_args(REPO / "content", out, "--region", "kronoberg")
    args[args.index("--today") + 1] = TODAY
    assert main(args) == 0
    return out / "kronoberg"


def measure(pages: list[Path], width: int, blocks: str = TEXT_BLOCKS) -> dict[str, list[dict]]:
    job = {"pages": [p.as_uri() for p in pages], "width": width, "blocks": blocks}
    done = subprocess.run(["node", str(DRIVER), json.dumps(job)], capture_output=True,
                          text=True, timeout=240, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("width", [1280, 375])
def test_lattlast_pages_follow_the_easy_to_read_layout(site, width):
    easy = sorted((site / "lattlast").glob("*/*/index.html")) + [site / "lattlast/index.html"]
    standard = site / "vard-och-behandling/sjukresor/index.html"
    body_size = measure([standard], width, ".article-body p")[standard.as_uri()][0]["fontSize"]
    measured = measure(easy, width)
    assert len(easy) >= 5
    for url, blocks in measured.items():
        assert blocks, url
        for block in blocks:
            where = f"{url}: {block['text']!r}"
            assert max(block["lines"]) <= MAX_LINE, where
            assert block["fontSize"] >= 1.2 * body_size, where
            assert block["lineHeight"] >= 1.6, where
            assert (block["hyphens"], block["textAlign"]) == ("none", "start"), where


def test_standard_pages_are_measured_with_longer_lines(site):
    # The same measurement finds the long lines of a standard page: the check above can fail.
    page = site / "vard-och-behandling/sjukresor/index.html"
    blocks = measure([page], 1280)[page.as_uri()]
    assert max(max(b["lines"]) for b in blocks) > 70


MIRROR = Path(__file__).parent / "browser" / "mirror.js"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_right_to_left_translation_is_laid_out_as_the_mirror_image(site, width):
    """Arabic's page against English's: the heading starts at the column's right edge, the
    breadcrumbs run right to left, and a regional box has its bar on the right."""
    rtl = site / "sprak/ar/vard-och-behandling/patientavgifter/index.html"
    ltr = site / "sprak/en/vard-och-behandling/patientavgifter/index.html"
    job = {"pages": [rtl.as_uri(), ltr.as_uri()], "width": width}
    done = subprocess.run(["node", str(MIRROR), json.dumps(job)], capture_output=True,
                          text=True, timeout=240, cwd=REPO)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    arabic, english = found[rtl.as_uri()], found[ltr.as_uri()]
    assert (arabic["dir"], arabic["direction"]) == ("rtl", "rtl")
    assert english["direction"] == "ltr"
    for page in (arabic, english):
        assert page["scrollWidth"] <= width  # no sideways scrolling either way
        assert page["regional"], "Kronoberg's fills in the translation"
    assert abs(arabic["heading"]["right"] - arabic["column"]["right"]) <= 2
    assert abs(english["heading"]["left"] - english["column"]["left"]) <= 2
    first, second = arabic["crumbs"][:2]
    assert first["top"] != second["top"] or first["left"] >= second["right"]
    first, second = english["crumbs"][:2]
    assert first["top"] != second["top"] or first["right"] <= second["left"]
    assert all((box["left"], box["right"]) == (0, 5) for box in arabic["regional"])
    assert all((box["left"], box["right"]) == (5, 0) for box in english["regional"])
