"""Every page type of the full sample build in real headless Chromium: axe-core's WCAG
2.0/2.1 A and AA rules in the light and the dark colour scheme, reflow at 320 CSS px
without horizontal scrolling, and screenshots for a person to look at.

Screenshots go to $HALSOGUIDEN_SCREENS, default screens/ in the repository (git-ignored).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from conftest import REPO
from served import build_sample, drive, needs_chromium, serve

pytestmark = needs_chromium

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REFLOW_WIDTH = 320
SHOT_WIDTHS = [375, 1280]
# name -> (address inside build/, what to wait for before checking)
PAGES = {
    "chooser": ("index.html", None),
    "start": ("kronoberg/", None),
    "section": ("kronoberg/vard-och-behandling/", None),
    "article": ("kronoberg/vard-och-behandling/sjukresor/", ".regional"),
    # A wide table scrolls inside its own box, which must be reachable by keyboard.
    "article-table": ("kronoberg/funktionsnedsattning/bli-myndig-med-funktionsnedsattning/",
                      "table"),
    "lattlast": ("kronoberg/lattlast/vard-och-behandling/patientavgifter/", ".regional"),
    "lattlast-list": ("kronoberg/lattlast/", None),
    "search": ("kronoberg/sok/?q=vaccination", ".search-result"),
    "national-article": ("nationell/vard-och-behandling/sjukresor/", None),
    # Images: a national diagram, and a regional map in a fill beside a decorative image.
    "article-images": ("kronoberg/vard-och-behandling/patientavgifter/", "picture img"),
    "article-regional-image": ("kronoberg/vard-och-behandling/egenremiss/", ".regional img"),
    "article-decorative-image": ("kronoberg/tandvard/akut-tandvard/", "img[alt='']"),
    # Translations: Arabic, right to left, with Kronoberg's Arabic fill; Finnish, with a
    # link to Kronoberg's Swedish text in place of its fill; the lists of them.
    "translation": ("kronoberg/sprak/ar/vard-och-behandling/patientavgifter/", ".regional"),
    "translation-ltr": ("kronoberg/sprak/fi/vard-och-behandling/patientavgifter/",
                        ".regional-swedish"),
    "languages": ("kronoberg/sprak/", None),
    "language": ("kronoberg/sprak/fa/", None),
    # A life situation with Kronoberg's introduction, and the list of topics.
    "topic": ("kronoberg/teman/barn-med-diagnos/", ".regional"),
    "topics": ("kronoberg/teman/", None),
    "404": ("kronoberg/404.html", None),
}
SHOTS = ["start", "article", "search", "lattlast", "translation", "topic"]
SHOT_SCHEMES = {"light": "", "dark": "-dark"}  # scheme -> file name suffix


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict:
    www = tmp_path_factory.mktemp("a11y")
    _, prefix = build_sample(www)
    screens = Path(os.environ.get("HALSOGUIDEN_SCREENS", REPO / "screens"))
    with serve(www) as base:
        job = {
            "pages": [{"name": name, "url": f"{base}{prefix}{url}", "waitFor": wait}
                      for name, (url, wait) in PAGES.items()],
            "tags": WCAG_TAGS,
            "schemes": ["light", "dark"],
            "reflowWidth": REFLOW_WIDTH,
            "shots": {"dir": str(screens), "names": SHOTS, "widths": SHOT_WIDTHS,
                      "schemes": list(SHOT_SCHEMES)},
        }
        out = drive("a11y.js", job)
    print(f"\n{len(PAGES)} pages checked by axe-core; screenshots in {screens}/")
    return out


def test_every_page_type_has_no_axe_violations_in_light_and_dark(checked):
    assert checked["errors"] == []
    assert set(checked["pages"]) == set(PAGES)
    found = [
        f"{name} ({scheme}): {v['id']} [{v['impact']}] {v['help']} at {', '.join(v['targets'])}"
        for name, page in sorted(checked["pages"].items())
        for scheme, violations in page["violations"].items()
        for v in violations
    ]
    assert found == [], "\n".join(found)
    # axe did judge each page: a page on which no rule applied would pass vacuously.
    for name, page in checked["pages"].items():
        assert min(page["passes"].values()) >= 10, name
        # The dark scheme has colours of its own (so its contrast was judged too).
        assert page["background"]["light"] != page["background"]["dark"], name


def test_every_page_type_reflows_at_320_css_pixels(checked):
    too_wide = {name: page["scrollWidth"] for name, page in checked["pages"].items()
                if page["scrollWidth"] > REFLOW_WIDTH}
    assert too_wide == {}


def test_screenshots_are_written_at_both_widths(checked):
    shots = [Path(p) for p in checked["shots"]]
    assert sorted(p.name for p in shots) == sorted(
        f"{name}{suffix}-{width}.png"
        for suffix in SHOT_SCHEMES.values() for name in SHOTS for width in SHOT_WIDTHS)
    for shot in shots:
        # A PNG's IHDR chunk holds its width: full-page shots keep the viewport's width.
        width = struct.unpack(">I", shot.read_bytes()[16:20])[0]
        assert f"-{width}.png" in shot.name
