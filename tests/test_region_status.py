"""Every page of a region's site and of the national site says which region its content
is for ("Innehållet gäller <län>" or "Ingen region vald") and links to the chooser, and
every article's switcher leads to the same article in each other site."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import REPO, build_args, soup

from generator.commands.main import main

BASE_PATH = urlsplit(yaml.safe_load((REPO / "content/site.yml").read_text(encoding="utf-8"))
                     ["base_url"]).path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("status") / "build"
    assert main(build_args(REPO / "content", out)) == 0
    return out


def target(build: Path, page: Path, href: str) -> Path:
    """The file a link on `page` leads to, as a web server would resolve it."""
    path = urlsplit(href).path
    if path.startswith("/"):  # 404.html links from the base path
        assert path.startswith(BASE_PATH)
        file = build / path.removeprefix(BASE_PATH)
    else:
        file = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
    return file / "index.html" if href.split("?")[0].endswith("/") else file


@pytest.mark.parametrize("site, says", [("kronoberg", "Innehållet gäller Kronobergs län"),
                                        ("nationell", "Ingen region vald")])
def test_every_page_says_whose_content_it_is_and_links_to_the_chooser(built, site, says):
    pages = [p for p in sorted((built / site).rglob("*.html"))
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) > 40
    for page in pages:
        status = soup(page).select_one("header .region-status")
        assert status is not None, page
        assert " ".join(status.get_text().split()) == f"{says} Byt region", page
        link = status.find("a")["href"]
        assert link.endswith("index.html?byt"), page
        assert target(built, page, link.split("?")[0]) == built / "index.html", page


def test_the_switcher_keeps_the_reader_on_the_same_article(built):
    page = built / "kronoberg/vard-och-behandling/sjukresor/index.html"
    links = soup(page).select(".switcher a")
    sites = [a["data-region"] for a in links]
    assert sites == [a["data-region"] for a in soup(built / "index.html").select(
        ".region-list a")]
    for link in links:
        file = target(built, page, link["href"])
        assert file == built / link["data-region"] / "vard-och-behandling/sjukresor/index.html"
        assert file.is_file()
