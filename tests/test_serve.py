"""The preview server end to end: a real server process, real headless Chromium, real files.

The server runs as its own process group on a free port on 127.0.0.1 and is
stopped at the end of each test. The browser (tests/browser/preview.js) edits
files of a copied content tree and waits for the page to change by itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, THEMES, TODAY

DRIVER = Path(__file__).parent / "browser" / "preview.js"
FILL = "regional/kronoberg/overlays/vard-och-behandling/patientavgifter/avgifter.md"
PAGE = "kronoberg/vard-och-behandling/patientavgifter/"


@dataclass
class Preview:
    url: str
    content: Path
    themes: Path
    out: Path
    process: subprocess.Popen
    log: list[str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def preview(tmp_path) -> Iterator[Preview]:
    content, themes = tmp_path / "content", tmp_path / "themes"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(THEMES, themes)
    with _preview(content, themes, tmp_path / "out", "--no-cache") as started:
        yield started


@contextlib.contextmanager
def _preview(content: Path, themes: Path, out: Path, *options: str) -> Iterator[Preview]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--region", "kronoberg",
         "--content", str(content), "--themes", str(themes), "--out", str(out),
         "--node-modules", str(REPO / "node_modules"), "--today", TODAY,
         "--host", "127.0.0.1", "--port", str(port), *options],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group, stopped as a whole below
    )
    log: list[str] = []
    try:
        url = _wait_for_url(process, log)
        yield Preview(url, content, themes, out, process, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()


def _wait_for_url(process: subprocess.Popen, log: list[str], seconds: float = 60) -> str:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if selector.select(timeout=0.5):
            line = process.stdout.readline()
            if not line:
                break
            log.append(line)
            if line.startswith("Serving "):
                return line.split(" at ", 1)[1].split()[0]
    pytest.fail(f"the preview server did not start:\n{''.join(log)}")


def drive(page: str, steps: list[dict]) -> dict:
    result = subprocess.run(["node", str(DRIVER), json.dumps({"page": page, "steps": steps})],
                            capture_output=True, text=True, timeout=240, cwd=REPO)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["errors"] == []
    return out


def test_prints_the_url_and_serves_the_site(preview):
    assert preview.url.startswith("http://127.0.0.1:") and preview.url.endswith("/kronoberg/")
    assert (preview.out / PAGE / "index.html").is_file()
    assert not (preview.content / ".preview").exists()  # nothing written beside the content


def test_an_up_to_date_output_is_served_at_once_and_rebuilt_on_an_edit(tmp_path):
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(REPO / "content", content)
    args = ["--content", str(content), "--themes", str(THEMES), "--out", str(out),
            "--node-modules", str(REPO / "node_modules"), "--today", TODAY,
            "--cache", str(cache)]
    built = subprocess.run([sys.executable, "-m", "generator", "build", "--region", "kronoberg",
                            *args], cwd=REPO, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    page = out / PAGE / "index.html"
    before = page.read_bytes()
    with _preview(content, THEMES, out, "--cache", str(cache)) as preview:
        assert any("is up to date" in line for line in preview.log)
        assert page.read_bytes() == before  # served as the build left it
    # A preview that built the site itself leaves the same record.
    shutil.rmtree(cache)
    with _preview(content, THEMES, out, "--cache", str(cache)) as preview:
        assert not any("is up to date" in line for line in preview.log)
    with _preview(content, THEMES, out, "--cache", str(cache)) as preview:
        assert any("is up to date" in line for line in preview.log)
        assert page.read_bytes() == before  # served as the build left it
        fill = content / FILL
        fill.write_text(fill.read_text(encoding="utf-8").replace(
            "I Region Kronoberg beror avgiften", "I Region Kronoberg (ändrad) beror avgiften"),
            encoding="utf-8")
        deadline = time.monotonic() + 60
        while "(ändrad)" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "".join(preview.log)
            time.sleep(0.1)


@pytest.mark.needs_tool("chromium")
def test_an_edited_fill_appears_without_a_manual_reload(preview):
    fill = preview.content / FILL
    edited = fill.read_text(encoding="utf-8").replace(
        "I Region Kronoberg beror avgiften", "I Region Kronoberg (ändrad) beror avgiften")
    out = drive(preview.url + PAGE.removeprefix("kronoberg/"), [
        {"write": str(fill), "text": edited},
        {"waitText": "I Region Kronoberg (ändrad) beror avgiften"},
    ])
    shown = out["steps"][1]
    assert shown["loads"] == 2  # livereload reloaded the page once


@pytest.mark.needs_tool("chromium")
def test_errors_show_over_the_last_good_page_until_fixed(preview):
    fill = preview.content / FILL
    good = fill.read_text(encoding="utf-8")
    broken = good.replace("owner: region-kronoberg", "owner: [region-kronoberg")
    fixed = good.replace("beror avgiften", "beror avgiften (rättad)")
    out = drive(preview.url + PAGE.removeprefix("kronoberg/"), [
        {"write": str(fill), "text": broken},
        {"waitOverlay": True},
        {"write": str(fill), "text": fixed},
        {"waitOverlay": False},
        {"waitText": "beror avgiften (rättad)"},
    ])
    overlay = out["steps"][1]["overlay"]
    assert overlay["role"] == "alertdialog" and overlay["focused"]
    assert overlay["heading"] == "Bygget misslyckades: 1 fel"
    [item] = overlay["items"]
    assert item.startswith(f"{preview.content}/{FILL}:") and ": error: " in item
    # The terminal says the same, as path:line: error: ...
    assert any(line.startswith(f"{preview.content}/{FILL}:") and ": error: " in line
               for line in _drain(preview))
    assert preview.process.poll() is None  # still serving


@pytest.mark.needs_tool("chromium")
def test_a_stylesheet_change_is_applied_without_reloading_the_page(preview):
    css = preview.themes / "default/static/style.css"
    changed = css.read_text(encoding="utf-8") + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n"
    out = drive(preview.url + PAGE.removeprefix("kronoberg/"), [
        {"mark": True},
        {"write": str(css), "text": changed, "reconnect": False},
        {"waitStyle": ["body", "outline-color", "rgb(1, 2, 3)"]},
    ])
    styled = out["steps"][2]
    assert styled["marked"] and styled["loads"] == 1  # the same page, not reloaded


def _drain(preview: Preview) -> list[str]:
    """The server's output so far (it is still running)."""
    selector = selectors.DefaultSelector()
    selector.register(preview.process.stdout, selectors.EVENT_READ)
    while selector.select(timeout=0.5):
        line = preview.process.stdout.readline()
        if not line:
            break
        preview.log.append(line)
    return preview.log
