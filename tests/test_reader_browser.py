"""A reader in real headless Chromium on the full sample build: "Större text" persists,
the region choice is remembered (localStorage, no cookie) and can be changed, the
switcher keeps the article, the skip link and landmarks, and the pages without JavaScript."""

from __future__ import annotations

import pytest
from conftest import REPO
from served import build_sample, drive, needs_chromium, serve

pytestmark = needs_chromium
ARTICLE = "vard-och-behandling/sjukresor/"
REGIONS = sorted(p.parent.name for p in (REPO / "content/regional").glob("*/region.yml"))


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict:
    www = tmp_path_factory.mktemp("reader")
    _, prefix = build_sample(www)
    with serve(www) as base:
        out = drive("reader.js", {"base": base + prefix})
    out["base"] = base + prefix
    assert out["errors"] == []
    return out


def test_the_chooser_remembers_the_region_and_lets_the_reader_change_it(seen):
    base, region = seen["base"], seen["region"]
    assert region["firstVisit"] == base + "index.html"  # a first visit sees the list
    assert region["choices"][0] == "nationell"
    assert sorted(region["choices"][1:]) == REGIONS
    assert region["chosen"] == region["returning"] == base + "kronoberg/"
    assert region["status"] == "Innehållet gäller Kronobergs län Byt region"
    assert region["changeLink"] == base + "index.html?byt"  # no redirect: choose again
    assert region["currentChoice"] == ["Kronobergs län Region Kronoberg (ditt val nu)"]
    assert region["afterChange"] == base + "gotland/"


def test_the_switcher_keeps_the_article_and_becomes_the_choice(seen):
    base, region = seen["base"], seen["region"]
    assert region["switched"] == base + "stockholm/" + ARTICLE
    assert region["afterSwitch"] == base + "stockholm/"
    assert region["nationalStatus"] == "Ingen region vald Byt region"


def test_larger_text_persists_across_pages_and_sites_without_layout_shift(seen):
    size = seen["textSize"]
    assert size["buttonVisible"] and size["pressedBefore"] == "false"
    assert size["after"] >= 1.2 * size["before"] and size["pressedAfter"] == "true"
    assert "storre-text" in size["elsewhere"].split() and size["pressedElsewhere"] == "true"
    assert size["afterReload"] == size["after"]
    # Applied before the first paint, system fonts only: nothing moves while loading.
    assert size["layoutShift"] == 0 and size["layoutShiftStart"] == 0
    assert size["offAgain"] == size["before"]


def test_larger_text_still_reflows_at_320_css_pixels(seen):
    # 125 % type at 320 px is close to WCAG's 400 % zoom of a 1280 px window.
    reflow = seen["textSize"]["reflow"]
    assert len(reflow) == 4
    assert {url: width for url, width in reflow.items() if width > 320} == {}


def test_print_leaves_out_controls_and_prints_black_on_white(seen):
    printed = seen["textSize"]["print"]
    assert sorted(printed["hidden"]) == sorted(
        [".main-nav", ".header-search", ".text-size", ".switcher", ".skip-link", ".toc"])
    assert printed["body"] == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def test_skip_link_is_first_visible_on_focus_and_landmarks_are_named(seen):
    skip = seen["skipLink"]
    assert (skip["text"], skip["className"]) == ("Hoppa till innehållet", "skip-link")
    assert skip["left"] >= 0 and skip["top"] >= 0 and skip["width"] > 0  # on screen
    assert skip["outline"] == "solid" and skip["outlineWidth"] >= 2  # visible focus
    assert skip["hash"] == "#main_content"
    assert len(skip["ring"]) == 12
    assert [stop for stop in skip["ring"] if stop[1] == "none" or stop[2] < 2] == []
    marks = skip["landmarks"]
    assert (marks["banner"], marks["main"], marks["contentinfo"]) == (1, 1, 1)
    assert all(marks["navigation"]) and len(set(marks["navigation"])) == len(marks["navigation"])


def test_pages_work_without_javascript(seen):
    off = seen["withoutScript"]
    assert off["htmlClass"] == ""  # no script ran, not even the inline one
    assert not off["buttonVisible"]  # no control that cannot work
    assert off["regional"] == 2 and off["switcherLinks"] == len(REGIONS) + 1
    assert off["changeHref"] == "../../../index.html?byt"
    assert off["chooserUrl"].endswith("/index.html")  # no redirect without script
    assert off["followed"].endswith("/vasterbotten/")
