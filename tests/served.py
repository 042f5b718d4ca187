"""The full sample build served on 127.0.0.1, and a runner for the node drivers in
tests/browser/ (Debian's chromium through playwright-core from npm)."""

from __future__ import annotations

import contextlib
import functools
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import REPO, build_args

from generator.commands.main import main

BROWSER_DRIVERS = Path(__file__).parent / "browser"

needs_chromium = pytest.mark.needs_tool("chromium")


def build_sample(www: Path) -> tuple[Path, str]:
    """Every site and the chooser from the sample content, as `make build` makes them,
    placed under `www` at the path of site.yml's base_url, as on the real host: 404.html
    links from that path. Returns the build folder and its path on the server."""
    config = yaml.safe_load((REPO / "content/site.yml").read_text(encoding="utf-8"))
    prefix = urlsplit(config["base_url"]).path.strip("/")
    out = www / prefix
    assert main(build_args(REPO / "content", out)) == 0
    return out, f"/{prefix}/" if prefix else "/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """`root` over HTTP on a free port of 127.0.0.1, stopped on exit."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def drive(driver: str, job: dict, timeout: int = 300) -> dict:
    """Run tests/browser/<driver> with `job`; its JSON answer."""
    done = subprocess.run(["node", str(BROWSER_DRIVERS / driver), json.dumps(job)],
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
