"""Search benchmark: index build time, index bytes, and what a reader's first query costs.

    .venv/bin/python benchmarks/search.py [--articles 3000] [--runs 3]

For the sample content and a synthetic corpus (benchmarks/corpus.py) it prints:
index build time for the national part (built once) and per region, the
search share of a full build of all 22 sites, the bytes of one site's index
(raw and gzip), and, in headless Chromium, the gzip bytes and milliseconds of
a reader's first query on a cold page (lunr.js itself not counted), and of a
later query on the same page. Figures are medians over --runs builds and over
the query list. Needs `make test`'s setup (node_modules, Debian's chromium).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.engine import national as national_stage  # noqa: E402
from generator.engine import site as site_stage  # noqa: E402
from generator.engine.build import Paths, render_build  # noqa: E402
from generator.engine.write import write_output  # noqa: E402
from generator.sites import SiteId  # noqa: E402

TODAY = dt.date(2026, 11, 22)
BUDGET = 300 * 1024
QUERIES = ["recepten", "vaccinationer", "feber barn", "tandvård", "1177", "vårdcentralen",
           "högkostnadsskydd", "läkemedel", "ont i magen", "remiss"]
REGION = "kronoberg"
DRIVER = REPO / "tests" / "browser" / "search.js"


@contextmanager
def timed_search_parts(times: dict[str, list[float]]) -> Iterator[None]:
    """Time every index part the build makes: weights plus cutting into files."""
    original_files = national_stage.part_files

    def files(name, docs, terms_of):
        started = time.perf_counter()
        result = original_files(name, docs, terms_of)
        times.setdefault(name, []).append(time.perf_counter() - started)
        return result

    # The national stage indexes the national part, each site's stage its own.
    national_stage.part_files = site_stage.part_files = files
    try:
        yield
    finally:
        national_stage.part_files = site_stage.part_files = original_files


def build_times(paths: Paths, runs: int) -> dict[str, float]:
    full, national, region, search_total = [], [], [], []
    for _ in range(runs):
        times: dict[str, list[float]] = {}
        started = time.perf_counter()
        with timed_search_parts(times):
            render_build(paths, None, TODAY)
        full.append(time.perf_counter() - started)
        national.append(sum(times["n"]))
        region.append(statistics.median(times["r"]))
        search_total.append(sum(times["n"]) + sum(times["r"]))
    return {
        "full build, 22 sites (s)": statistics.median(full),
        "  of which search, all sites (s)": statistics.median(search_total),
        "  national part, once (s)": statistics.median(national),
        "  one region's own part (s)": statistics.median(region),
    }


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def index_bytes(site: Path) -> dict[str, float]:
    files = [p for p in (site / "search").rglob("*") if p.is_file()]
    return {
        "index files of one site": len(files),
        "index bytes of one site, raw (KB)": sum(p.stat().st_size for p in files) / 1024,
        "index bytes of one site, gzip (KB)": sum(gzip_size(p) for p in files) / 1024,
    }


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def browser_figures(out: Path) -> dict[str, float]:
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/{REGION}/sok/"
    try:
        cold = _drive({"page": base, "queries": QUERIES})
        typed = _drive({"page": base, "queries": QUERIES[:4], "typed": True})
    finally:
        httpd.shutdown()
        httpd.server_close()
    search_dir = out / REGION / "search"

    def kb(answer: dict) -> float:
        return sum(gzip_size(search_dir / name) for name in set(answer["files"])) / 1024

    first = [kb(a) for a in cold]
    later = [kb(a) for a in typed[1:]]
    return {
        "first query, gzip KB (median)": statistics.median(first),
        "first query, gzip KB (max)": max(first),
        f"budget {BUDGET // 1024} KB met by every query": float(max(first) * 1024 <= BUDGET),
        "first query, files loaded (median)": statistics.median(len(a["files"]) for a in cold),
        "later query, gzip KB (median)": statistics.median(later),
        "page open to results on screen, ms (median)": statistics.median(a["ms"] for a in cold),
        "typing a word to results, ms (median)": statistics.median(a["ms"] for a in typed),
    }


def _drive(job: dict) -> list[dict]:
    result = subprocess.run(["node", str(DRIVER), json.dumps(job)], capture_output=True,
                            text=True, check=True, cwd=REPO, timeout=600)
    return json.loads(result.stdout)["answers"]


def measure(name: str, content: Path, work: Path, runs: int) -> dict[str, float]:
    paths = Paths(content, REPO / "themes", work / name, REPO / "node_modules")
    figures = build_times(paths, runs)
    result = render_build(paths, [SiteId(REGION)], TODAY)
    write_output(paths.out, result.outputs)
    figures.update(index_bytes(paths.out / REGION))
    figures.update(browser_figures(paths.out))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--articles",
                        str(args.articles), "--out", str(corpus)], check=True)
        columns = {
            "sample content": measure("sample", REPO / "content", work, args.runs),
            f"synthetic, {args.articles} articles": measure("synthetic", corpus, work, args.runs),
        }
    rows = list(next(iter(columns.values())))
    width = max(map(len, rows))
    print(f"{'':{width}}  " + "  ".join(f"{name:>28}" for name in columns))
    for row in rows:
        cells = "  ".join(f"{columns[name][row]:>28.2f}" for name in columns)
        print(f"{row:{width}}  {cells}")


if __name__ == "__main__":
    main()
