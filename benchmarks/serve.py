"""Preview benchmark: rebuild latency from a file save to the reload signal.

    .venv/bin/python benchmarks/serve.py [--articles 1000] [--runs 5]

Starts the real preview server (python -m generator serve --region kronoberg)
on a copy of the sample content, and with --articles on a synthetic corpus
(benchmarks/corpus.py), then saves a regional fill, a national article and the
base template again and again. The latency of one save is the time from the
write to the pages stamp (the server writes it once the build's pages are on
disk, just before it tells the browser to reload): file event, debounce (0.1 s),
incremental rebuild, writing the changed files. A body edit's search files follow
the pages; run.py also times the save to the build stamp, written after them.
Prints the median and the range of --runs saves of each kind.
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGION = "kronoberg"
TODAY = "2026-11-22"
STAMP = Path(".preview") / "stamp"  # the whole build is on disk
PAGES = Path(".preview") / "pages"  # its pages are


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(content: Path, themes: Path, out: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--region", REGION, "--content",
         str(content), "--themes", str(themes), "--out", str(out), "--today", TODAY,
         "--port", str(free_port())],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while True:  # the first build of a large corpus takes a while
        selector.select()
        line = process.stdout.readline()
        if not line:
            raise SystemExit("the preview server stopped before serving")
        if line.startswith("Serving "):
            return process


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def stamp_number(out: Path, stamp: Path = STAMP) -> tuple[int, str]:
    number, state = (out / stamp).read_text().split()
    return int(number), state


def save_and_wait(path: Path, text: str, out: Path) -> tuple[float, float]:
    """Seconds from saving `text` to `path` until the build's pages are on disk, and until
    the whole build is."""
    before, _ = stamp_number(out)
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    found: dict[Path, float] = {}
    while len(found) < 2:
        time.sleep(0.002)
        for stamp in (PAGES, STAMP):
            try:
                number, state = stamp_number(out, stamp)
            except (OSError, ValueError):  # between os.replace calls there is always a file
                continue
            if number > before and stamp not in found:
                if state != "ok":
                    raise SystemExit(f"the build after saving {path} failed")
                found[stamp] = time.perf_counter() - started
    return found[PAGES], found[STAMP]


def measure(content: Path, themes: Path, out: Path, runs: int) -> dict[str, list[float]]:
    fill = sorted((content / "regional" / REGION / "overlays").rglob("*.md"))[0]
    national = sorted(p for p in (content / "national").rglob("*.md")
                      if not p.name.endswith(".lattlast.md"))[0]
    template = themes / "default" / "templates" / "base.html"
    edits = {
        "regional fill": (fill, lambda text, n: text + f"\n\nÄndring {n} i fyllningen.\n"),
        "national article": (national, lambda text, n: text + f"\n\nÄndring {n} i artikeln.\n"),
        "template (base.html)": (template, lambda text, n: text + f"<!-- ändring {n} -->\n"),
    }
    process = start_server(content, themes, out)
    figures: dict[str, list[float]] = {}
    try:
        for name, (path, change) in edits.items():
            original = path.read_text(encoding="utf-8")
            times = []
            for number in range(runs):
                times.append(save_and_wait(path, change(original, number), out)[0])
                time.sleep(0.3)  # let the browser-less server settle, as an editor would
            figures[name] = times
            save_and_wait(path, original, out)
    finally:
        stop_server(process)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0,
                        help="also measure a synthetic corpus of this many national articles")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    columns: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "themes", work / "themes")
        shutil.copytree(REPO / "content", work / "sample")
        columns["sample content"] = measure(work / "sample", work / "themes", work / "out1",
                                            args.runs)
        if args.articles:
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus.py"),
                            "--articles", str(args.articles), "--out", str(work / "corpus")],
                           check=True)
            columns[f"synthetic, {args.articles} articles"] = measure(
                work / "corpus", work / "themes", work / "out2", args.runs)
    rows = list(next(iter(columns.values())))
    width = max(map(len, rows))
    print(f"save to reload signal, seconds: median (min-max) of {args.runs} saves")
    print(f"{'':{width}}  " + "  ".join(f"{name:>30}" for name in columns))
    for row in rows:
        cells = []
        for name in columns:
            times = columns[name][row]
            cells.append(f"{statistics.median(times):.3f} ({min(times):.3f}-{max(times):.3f})")
        print(f"{row:{width}}  " + "  ".join(f"{cell:>30}" for cell in cells))


if __name__ == "__main__":
    main()
