"""Images on a phone and a desktop in Chromium: no layout shift while they arrive late, and
a file as wide as the screen needs, no narrower (sharp) and on a phone narrower than on a
desktop."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, TODAY, build_args
from served import drive, needs_chromium, serve

from generator.commands.main import main

pytestmark = needs_chromium

# A national diagram below the first screen, a regional map in a fill, a decorative image.
PAGES = ["vard-och-behandling/patientavgifter/", "vard-och-behandling/egenremiss/",
         "tandvard/akut-tandvard/", "lakemedel/fornya-recept/"]
SCREENS = [{"width": 375, "dpr": 1}, {"width": 375, "dpr": 3}, {"width": 1280, "dpr": 1},
           {"width": 1280, "dpr": 2}]


@pytest.fixture(scope="module")
def www(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("images") / "build"
    args = build_args(REPO / "content", out, "--region", "kronoberg")
    args[args.index("--today") + 1] = TODAY
    assert main(args) == 0
    return out


def _measure(www: Path, strip: bool = False) -> list[dict]:
    with serve(www) as base:
        job = {"pages": [f"{base}/kronoberg/{page}" for page in PAGES], "screens": SCREENS,
               "delay": 400, "stripSizes": strip}
        return drive("images.js", job)


@pytest.fixture(scope="module")
def measured(www) -> list[dict]:
    return _measure(www)


def test_images_arriving_late_shift_nothing(measured):
    for found in measured:
        for url, page in found["pages"].items():
            assert page["images"], url
            assert page["shift"] == 0, f"{url} at {found['screen']}: {page['shift']}"


def test_images_keep_their_proportions_and_are_sharp(measured):
    for found in measured:
        dpr = found["screen"]["dpr"]
        for url, page in found["pages"].items():
            for img in page["images"]:
                where = f"{url} {img['alt'][:30]!r} at {found['screen']}"
                assert img["currentSrc"].endswith(".webp"), where
                ratio = img["height"] / img["width"]
                assert abs(img["shownHeight"] - img["shownWidth"] * ratio) <= 1, where
                # Enough pixels for the screen, unless the image has no more.
                assert _file_width(img) >= min(img["shownWidth"] * dpr, 1600) - 1, where


def test_a_phone_gets_a_narrower_file_than_a_desktop(measured):
    chosen = {(f["screen"]["width"], f["screen"]["dpr"]): f["pages"] for f in measured}
    phone, desktop = chosen[(375, 1)], chosen[(1280, 1)]
    for url in phone:
        for small, large in zip(phone[url]["images"], desktop[url]["images"], strict=True):
            if small["width"] > 400:  # an image of 400 pixels or less has one width
                assert _file_width(small) < _file_width(large), (url, small, large)


def _file_width(img: dict) -> int:
    """The pixel width of the file the browser chose, which its name says (x.800.webp):
    naturalWidth of a srcset image is scaled to the width it was chosen for."""
    return int(img["currentSrc"].split(".")[-2])


def test_the_shift_is_measured(www):
    """Without width and height the same pages do shift: the check above can fail."""
    found = _measure(www, strip=True)
    assert all(page["shift"] > 0 for f in found for page in f["pages"].values())
