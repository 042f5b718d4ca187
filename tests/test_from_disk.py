"""A site opened from disk (file://) in real headless Chromium: links reach pages.

Pretty links end in "/"; without a server, site.js points them at index.html.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_args
from tools import tool_path


def _dom_after_scripts(page: Path, profile: Path) -> BeautifulSoup:
    result = subprocess.run(
        [tool_path("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--allow-file-access-from-files",
         "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=90, check=True,
    )
    return BeautifulSoup(result.stdout, "html.parser")


@pytest.mark.needs_tool("chromium")
def test_links_work_when_opened_from_disk(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out, "--region", "alfa")).code == 0
    page = out / "alfa/vard/avgifter/index.html"
    dom = _dom_after_scripts(page, tmp_path / "profile")
    hrefs = [a["href"] for a in dom.select(".breadcrumbs a, .article-body a, .switcher a")]
    assert "../../index.html" in hrefs and "./#frikort" not in hrefs
    assert "./index.html#frikort" in hrefs
    for href in hrefs:
        path = href.split("#")[0]
        if path:
            assert path.endswith("index.html")
            target = (page.parent / path).resolve()
            assert target.is_file() or "/beta/" in str(target) or "/nationell/" in str(target)
