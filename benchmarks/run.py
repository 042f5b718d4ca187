"""One command, one table: our build and preview against MkDocs and Hugo, medians of --runs.

    benchmarks/run [--articles 3000] [--runs 3] [--only full,region,...]
                   [--skip-peers] [--skip-serve]

Installs MkDocs and Hugo under .bench/ (benchmarks/peers.py), generates the
synthetic corpus .bench/corpus-<N> (benchmarks/corpus.py) and the peers' input
from its national articles, times cold builds, warm rebuilds by a fresh
process, and save-to-stamp latency of the preview server (benchmarks/serve.py),
prints a table with the targets of the issue and writes .bench/results-<N>.json.
Cold runs of the four builds take turns, so their ratios hold on a noisy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import peers
import serve as serve_bench
from measure import CommandFailed, Generator, count_html, search_bytes, summary_counts, timed

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / ".bench"
REGION = serve_bench.REGION
TODAY = serve_bench.TODAY
MEMORY_LIMIT_MB = 1536  # 1.5 GB
SAVE_TIMEOUT = 600.0  # seconds from a save to the build stamp before a serve row gives up

# key, label, unit
ROWS = [
    ("full", "cold full build (22 sites)", "s"),
    ("region", f"cold one region ({REGION})", "s"),
    ("mkdocs", "MkDocs one site", "s"),
    ("hugo", "Hugo one site", "s"),
    ("warm-fill", "warm fill edit (fresh process)", "s"),
    ("warm-national", "warm national article edit (fresh process)", "s"),
    ("warm-template", "warm template edit (fresh process)", "s"),
    # After a full build through the store, a fresh process each time.
    ("store-none", "after a full build: no change, all 22 sites", "s"),
    ("store-national", "after a full build: national edit, all 22 sites", "s"),
    ("store-fill", f"after a full build: fill edit, --region {REGION}", "s"),
    ("serve-fill", f"serve fill edit (serve --region {REGION})", "s"),
    ("serve-fill-search", "  the same, until its search files are written", "s"),
    # serve previews one region; the target is for all 22 sites at once.
    ("serve-national", f"serve national article edit (serve --region {REGION})", "s"),
    ("serve-national-search", "  the same, until its search files are written", "s"),
    ("serve-start", f"serve start with a warm store (serve --region {REGION})", "s"),
    ("memory", "peak memory, cold full build (1)", "MB"),
    ("pages-per-s", "pages/s, cold full build", "pages/s"),
    ("search", "search bytes per site (2)", "B"),
    ("search-kronoberg", f"search bytes, {REGION}", "B"),
]
LABELS = {key: label for key, label, _ in ROWS}
UNITS = {key: unit for key, _, unit in ROWS}
COLD = ("full", "region", "mkdocs", "hugo")
WARM = ("warm-fill", "warm-national", "warm-template")
STORE = ("store-none", "store-national", "store-fill")
SERVE = ("serve-fill", "serve-fill-search", "serve-national", "serve-national-search",
         "serve-start")
GROUPS = {"peers": ("mkdocs", "hugo"), "warm": WARM, "store": STORE, "serve": SERVE,
          "cold": COLD}


class Results:
    """Each row's values (seconds, MB, ...) or the reason it has none."""

    def __init__(self) -> None:
        self.values: dict[str, list[float]] = {}
        self.reasons: dict[str, str] = {}
        self.extra: dict[str, object] = {}

    def add(self, key: str, value: float) -> None:
        self.values.setdefault(key, []).append(value)

    def median(self, key: str) -> float | None:
        values = self.values.get(key)
        return statistics.median(values) if values else None

    def fail(self, key: str, reason: str) -> None:
        self.reasons.setdefault(key, reason)


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def ensure_corpus(articles: int, translations: bool = False) -> Path:
    name = f"corpus-{articles}" + ("-translated" if translations else "")
    corpus, done = BENCH / name, BENCH / f"{name}.done"
    # The marker names the corpus.py that wrote the corpus: another writes another tree.
    script = REPO / "benchmarks" / "corpus.py"
    made_by = hashlib.sha256(script.read_bytes()).hexdigest()
    if not done.exists() or done.read_text(encoding="utf-8") != made_by:
        print(f"generating {corpus.relative_to(REPO)} ({articles} articles)", flush=True)
        subprocess.run([sys.executable, str(script), "--articles", str(articles), "--out",
                        str(corpus), "--force", *(["--translations"] if translations else [])],
                       check=True)
        done.write_text(made_by, encoding="utf-8")
    return corpus


def cold_round(args, gen: Generator, corpus: Path, tools: dict, res: Results) -> None:
    """One run of each selected cold build, in turn."""
    for key in (k for k in COLD if k in args.rows and k not in res.reasons):
        out = fresh(BENCH / f"out-{key}")
        cache = fresh(BENCH / f"cache-{key}")
        try:
            if key in ("full", "region"):
                run = gen.build(corpus, out, cache, None if key == "full" else REGION,
                                sample_memory=key == "full")
                sites, pages = summary_counts(run.stdout, out)
                res.extra[f"{key}-sites"], res.extra[f"{key}-pages"] = sites, pages
                if key == "full":
                    res.add("memory", run.peak_kib / 1024)
            else:
                tool = tools.get(key)
                if tool is None:
                    res.fail(key, "skipped" if args.skip_peers else "not installed")
                    continue
                project = BENCH / f"peers-{args.articles}" / key
                if key == "mkdocs":
                    command = [*tool.command, "build", "-q", "-f", "mkdocs.yml", "-d", str(out)]
                else:
                    command = [*tool.command, "--quiet", "-s", str(project), "-d", str(out)]
                run = timed(command, project)
                res.extra[f"{key}-pages"] = count_html(out)
        except CommandFailed as exc:
            print(f"error: {LABELS[key]} failed:\n{exc}", file=sys.stderr)
            res.fail(key, "failed")
            continue
        res.add(key, run.seconds)
        print(f"  {LABELS[key]}: {run.seconds:.2f} s", flush=True)


def edit_targets(work: Path, themes: Path) -> dict[str, tuple[Path, Callable[[int], str]]]:
    fill = sorted(p for p in (work / "regional" / REGION / "overlays").rglob("*.md")
                  if not p.name.endswith(".lattlast.md"))[0]
    national = sorted(p for p in (work / "national").rglob("*.md")
                      if not p.name.endswith(".lattlast.md"))[0]
    return {
        "fill": (fill, lambda n: f"\n\nÄndring {n} i fyllningen.\n"),
        "national": (national, lambda n: f"\n\nÄndring {n} i artikeln.\n"),
        "template": (themes / "default" / "templates" / "base.html",
                     lambda n: f"<!-- ändring {n} -->\n"),
    }


def warm_rows(args, gen: Generator, work: Path, themes: Path, res: Results) -> None:
    """A fresh `build --region` process after one edit, with the cache and output of the last."""
    out, cache = fresh(BENCH / "out-warm"), fresh(BENCH / "cache-warm")
    try:
        print("  priming the warm cache", flush=True)
        gen.build(work, out, cache, REGION)
        for name, (path, suffix) in edit_targets(work, themes).items():
            key = f"warm-{name}"
            if key not in args.rows:
                continue
            original = path.read_text(encoding="utf-8")
            for number in range(args.runs):
                path.write_text(original + suffix(number), encoding="utf-8")
                try:
                    seconds = gen.build(work, out, cache, REGION).seconds
                finally:
                    path.write_text(original, encoding="utf-8")
                res.add(key, seconds)
                print(f"  {LABELS[key]}: {seconds:.2f} s", flush=True)
            gen.build(work, out, cache, REGION)  # back to the unedited state, not timed
    except CommandFailed as exc:
        print(f"error: warm rebuild failed:\n{exc}", file=sys.stderr)
        for key in WARM:
            res.fail(key, "failed")


def store_rows(args, gen: Generator, work: Path, themes: Path, res: Results) -> None:
    """Fresh processes after a full build through the store: nothing changed, a national
    article edited (every site), a fill edited (its region only)."""
    out, cache = fresh(BENCH / "out-store"), fresh(BENCH / "cache-store")
    targets = edit_targets(work, themes)
    cases = {"store-none": (None, None), "store-national": ("national", None),
             "store-fill": ("fill", REGION)}
    try:
        print("  priming the store with a full build", flush=True)
        gen.build(work, out, cache)
        for key, (edit, region) in cases.items():
            if key not in args.rows:
                continue
            for number in range(args.runs):
                path, suffix = targets[edit] if edit else (None, None)
                original = path.read_text(encoding="utf-8") if path else ""
                if path:
                    path.write_text(original + suffix(number), encoding="utf-8")
                try:
                    seconds = gen.build(work, out, cache, region).seconds
                finally:
                    if path:
                        path.write_text(original, encoding="utf-8")
                res.add(key, seconds)
                print(f"  {LABELS[key]}: {seconds:.2f} s", flush=True)
                gen.build(work, out, cache)  # back to the unedited state, not timed
    except CommandFailed as exc:
        print(f"error: store rebuild failed:\n{exc}", file=sys.stderr)
        for key in STORE:
            res.fail(key, "failed")


class _Drain(threading.Thread):
    """Keeps reading the server's output, so a full pipe never blocks it; counts overflows."""

    def __init__(self, process: subprocess.Popen):
        super().__init__(daemon=True)
        self.process, self.overflows = process, 0

    def run(self) -> None:
        for line in self.process.stdout:
            self.overflows += "Inotify queue overflowed" in line


def start_preview(work: Path, themes: Path, out: Path, region: str | None,
                  poll: bool) -> subprocess.Popen | None:
    """serve.py's start_server, with or without --region and --poll; None if refused.
    Every preview of the benchmark shares one store, .bench/cache-serve."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", *(["--region", region] if region else []),
         "--content", str(work), "--themes", str(themes), "--out", str(out), "--today", TODAY,
         "--port", str(serve_bench.free_port()), *(["--poll"] if poll else []),
         "--cache", str(BENCH / "cache-serve")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    lines = []
    for line in process.stdout:  # the first build of a large corpus takes a while
        if line.startswith("Serving "):
            return process
        lines.append(line)
    process.wait()
    if "needs --region" in "".join(lines):
        return None
    raise CommandFailed("the preview server stopped before serving:\n" + "".join(lines[-30:]))


def preview(work: Path, themes: Path, out: Path, region: str | None,
            notes: list[str]) -> subprocess.Popen | None:
    """A serving preview server; --poll if the system's file events overflow (watchdog)."""
    poll = any("--poll" in note for note in notes)
    process = start_preview(work, themes, out, region, poll)
    if process is None:
        return None
    drain = _Drain(process)
    drain.start()
    if poll:
        return process
    time.sleep(3)  # with a large tree, watchdog's inotify queue may overflow again and again
    if not drain.overflows:
        return process
    serve_bench.stop_server(process)
    notes.append("watchdog's inotify queue overflowed on this corpus: the preview server "
                 "ran with --poll (polling every 0.5 s adds up to 0.5 s to each latency)")
    print(f"note: {notes[-1]}", file=sys.stderr)
    return preview(work, themes, out, region, notes)


def save_and_wait(path: Path, text: str, out: Path, timeout: float) -> tuple[float, float]:
    """serve.py's save_and_wait, given up after `timeout` seconds."""
    result: list[tuple[float, float] | BaseException] = []

    def wait() -> None:
        try:
            result.append(serve_bench.save_and_wait(path, text, out))
        except SystemExit as exc:
            result.append(exc)

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(timeout)
    if not result:
        raise TimeoutError(f"no new build stamp {timeout:.0f} s after saving {path}")
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def serve_rows(args, work: Path, themes: Path, res: Results, notes: list[str]) -> None:
    targets = edit_targets(work, themes)
    if "serve-start" in args.rows:
        start_rows(args, work, themes, res, notes)
    for key, name, region in (("serve-fill", "fill", REGION),
                              ("serve-national", "national", REGION)):
        if key not in args.rows:
            continue
        out = fresh(BENCH / f"out-{key}")
        print(f"  starting the preview server for {LABELS[key]}", flush=True)
        started = time.perf_counter()
        try:
            process = preview(work, themes, out, region, notes)
        except CommandFailed as exc:
            print(f"error: {LABELS[key]}: {exc}", file=sys.stderr)
            res.fail(key, "failed")
            continue
        if process is None:
            res.fail(key, "n/a (serve needs --region)")
            continue
        res.extra[f"{key}-startup-s"] = round(time.perf_counter() - started, 2)
        path, suffix = targets[name]
        original = path.read_text(encoding="utf-8")
        try:
            for number in range(args.runs):
                seconds, whole = save_and_wait(path, original + suffix(number), out,
                                               SAVE_TIMEOUT)
                res.add(key, seconds)
                res.add(f"{key}-search", whole)
                print(f"  {LABELS[key]}: {seconds:.3f} s (search files: {whole:.3f} s)",
                      flush=True)
                time.sleep(0.3)  # as serve.py does: an editor does not save twice at once
        except (SystemExit, TimeoutError) as exc:
            print(f"error: {LABELS[key]}: {exc}", file=sys.stderr)
            res.fail(key, "failed" if isinstance(exc, SystemExit) else "timed out")
        finally:
            path.write_text(original, encoding="utf-8")
            serve_bench.stop_server(process)
            for stamp in (serve_bench.PAGES, serve_bench.STAMP):  # ends a waiting thread
                (out / stamp).write_text("999999999 ok\n")


def start_rows(args, work: Path, themes: Path, res: Results, notes: list[str]) -> None:
    """From the command to "Serving", with the store a first preview of the same content
    left (the first start, which fills it, is not timed)."""
    out = fresh(BENCH / "out-serve-start")
    for number in range(args.runs + 1):
        started = time.perf_counter()
        try:
            process = start_preview(work, themes, out, REGION,
                                    any("--poll" in note for note in notes))
        except CommandFailed as exc:
            print(f"error: {LABELS['serve-start']}: {exc}", file=sys.stderr)
            res.fail("serve-start", "failed")
            return
        seconds = time.perf_counter() - started
        serve_bench.stop_server(process)
        if number:
            res.add("serve-start", seconds)
            print(f"  {LABELS['serve-start']}: {seconds:.2f} s", flush=True)


def derived_rows(res: Results) -> None:
    """pages/s and the search index sizes, from the cold full builds."""
    pages, seconds = res.extra.get("full-pages"), res.values.get("full")
    if pages and seconds:
        res.values["pages-per-s"] = [pages / s for s in seconds]
        res.extra["pages-per-s-median"] = pages / statistics.median(seconds)
    out = BENCH / "out-full"
    sizes = search_bytes(out) if out.is_dir() and "full" in res.values else {}
    if sizes:
        res.values["search"] = sorted(sizes.values())
        res.extra["search-bytes"] = sizes
    if REGION in sizes:
        res.values["search-kronoberg"] = [sizes[REGION]]
    for key in ("memory", "pages-per-s", "search", "search-kronoberg"):
        if key not in res.values:
            res.fail(key, res.reasons.get("full", "not run"))


def targets(res: Results) -> dict[str, tuple[str, bool | None]]:
    """The issue's targets: the text for the table and whether the median meets it."""
    def at_most(key: str, limit: float | None, strict: bool = False) -> bool | None:
        median = res.median(key)
        if median is None or limit is None:
            return None
        return median < limit if strict else median <= limit

    hugo = res.median("hugo")
    return {
        "full": ("<= 30 s", at_most("full", 30.0)),
        "region": ("<= 2x Hugo", at_most("region", 2 * hugo if hugo else None)),
        "store-none": ("<= 3 s", at_most("store-none", 3.0)),
        "store-national": ("<= 5 s", at_most("store-national", 5.0)),
        "store-fill": ("<= 1 s", at_most("store-fill", 1.0)),
        "serve-fill": ("<= 0.3 s", at_most("serve-fill", 0.3)),
        "serve-national": ("<= 0.5 s", at_most("serve-national", 0.5)),
        "serve-start": ("<= 3 s", at_most("serve-start", 3.0)),
        "memory": ("< 1.5 GB", at_most("memory", MEMORY_LIMIT_MB, strict=True)),
    }


def fmt(key: str, value: float, unit: bool = True) -> str:
    if UNITS[key] == "s":
        text = f"{value:.3f}" if value < 10 else f"{value:.2f}"
    elif UNITS[key] == "B" or value >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.1f}"
    return f"{text} {UNITS[key]}" if unit else text


def table(res: Results, selected: set[str]) -> list[list[str]]:
    goals = targets(res)
    lines = [["", "median", "min-max", "runs", "target", "met?"]]
    for key, label, _ in ROWS:
        if key not in selected:
            continue
        target, met = goals.get(key, ("-", None))
        values = res.values.get(key)
        if key == "pages-per-s" and values:
            median = res.extra["pages-per-s-median"]
        else:
            median = res.median(key)
        if not values:
            cells = ["\0" + res.reasons.get(key, "not run"), "", ""]
        else:
            count = f"{len(values)} sites" if key == "search" else str(len(values))
            spread = f"{fmt(key, min(values), unit=False)}-{fmt(key, max(values))}"
            cells = [fmt(key, median), spread, count]
        verdict = "-" if met is None else ("yes" if met else "NO")
        lines.append([label, *cells, target, verdict])
    return lines


def print_table(lines: list[list[str]]) -> None:
    """Aligned columns; a reason instead of figures ("\\0" first) spans median to runs."""
    widths = [max(len(row[i]) for row in lines if not row[1].startswith("\0"))
              for i in range(len(lines[0]))]
    widths[0] = max(len(row[0]) for row in lines)
    span = sum(widths[1:4]) + 4
    for row in lines:
        cells = [row[0].ljust(widths[0])]
        if row[1].startswith("\0"):
            cells.append(row[1][1:].rjust(span))
        else:
            cells += [cell.rjust(w) for cell, w in zip(row[1:4], widths[1:4], strict=True)]
        cells += [cell.rjust(w) for cell, w in zip(row[4:], widths[4:], strict=True)]
        print("  ".join(cells).rstrip())


def ratios(res: Results) -> dict[str, float | None]:
    def ratio(a: str, b: str) -> float | None:
        x, y = res.median(a), res.median(b)
        return x / y if x is not None and y else None
    return {"full/MkDocs": ratio("full", "mkdocs"), "region/Hugo": ratio("region", "hugo")}


def versions(tools: dict) -> dict[str, str]:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    found = {"python": platform.python_version(), "repository HEAD": commit or "?"}
    for tool in tools.values():
        found[tool.name] = f"{tool.version} ({tool.source})"
    return found


def selection(args: argparse.Namespace, parser: argparse.ArgumentParser) -> set[str]:
    if args.only:
        rows: set[str] = set()
        for name in (part.strip() for part in args.only.split(",") if part.strip()):
            if name not in LABELS and name not in GROUPS:
                parser.error(f"--only: unknown row {name!r}; rows: {', '.join(LABELS)}; "
                             f"groups: {', '.join(GROUPS)}")
            rows |= set(GROUPS.get(name, (name,)))
    else:
        rows = set(LABELS)
    if args.skip_peers:
        rows -= set(GROUPS["peers"])
    if args.skip_serve:
        rows -= set(SERVE)
    rows |= {f"{key}-search" for key in ("serve-fill", "serve-national") if key in rows}
    if rows & {"memory", "pages-per-s", "search", "search-kronoberg"}:
        rows.add("full")  # these come from the cold full build
    if "full" in rows:
        rows |= {"memory", "pages-per-s", "search", "search-kronoberg"}
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="national articles (3000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (3)")
    parser.add_argument("--only", help="comma-separated rows or groups: "
                        f"{', '.join(LABELS)}; {', '.join(GROUPS)}")
    parser.add_argument("--skip-peers", action="store_true", help="no MkDocs, no Hugo")
    parser.add_argument("--skip-serve", action="store_true", help="no preview server rows")
    parser.add_argument("--translations", action="store_true",
                        help="a corpus whose lättläst texts are also in four languages "
                        "(corpus.py --translations): the same rows, to see what they cost")
    args = parser.parse_args()
    if args.runs < 1 or args.articles < 2:
        parser.error("--runs must be at least 1 and --articles at least 2")
    args.rows = selection(args, parser)
    BENCH.mkdir(exist_ok=True)
    began = time.perf_counter()
    # Every Python program timed here (ours, MkDocs) runs as a user's installation does,
    # from its cached bytecode: a machine that sets PYTHONDONTWRITEBYTECODE compiles every
    # module of the generator again in every run, a tenth of a second each.
    bytecode = "written and read" + (" (this machine's PYTHONDONTWRITEBYTECODE is unset for "
                                     "the runs)" if os.environ.pop("PYTHONDONTWRITEBYTECODE",
                                                                   None) else "")

    tools = {}
    if args.rows & set(GROUPS["peers"]):
        for key, install in (("mkdocs", peers.install_mkdocs), ("hugo", peers.install_hugo)):
            if key in args.rows and (tool := install(BENCH)) is not None:
                tools[key] = tool
    found = versions(tools)
    for name, version in found.items():
        print(f"{name}: {version}")
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.release()}")
    print(f"bytecode cache: {bytecode}")

    corpus = ensure_corpus(args.articles, args.translations)
    for key, write in (("mkdocs", peers.write_mkdocs_project),
                       ("hugo", peers.write_hugo_project)):
        if key in tools:
            write(corpus, BENCH / f"peers-{args.articles}" / key)
    themes = BENCH / "themes"
    shutil.rmtree(themes, ignore_errors=True)
    shutil.copytree(REPO / "themes", themes)
    gen = Generator(REPO, themes, TODAY)
    notes: list[str] = []
    res = Results()

    if args.rows & set(COLD):
        for number in range(args.runs):
            print(f"cold builds, run {number + 1} of {args.runs}", flush=True)
            cold_round(args, gen, corpus, tools, res)
    if args.rows & set(WARM + STORE + SERVE):
        work = BENCH / f"work-{args.articles}"
        print(f"copying the corpus to {work.relative_to(REPO)}", flush=True)
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run(["cp", "-a", str(corpus), str(work)], check=True)
        if args.rows & set(WARM):
            print("warm rebuilds by a fresh process", flush=True)
            warm_rows(args, gen, work, themes, res)
        if args.rows & set(STORE):
            print("rebuilds by a fresh process after a full build", flush=True)
            store_rows(args, gen, work, themes, res)
        if args.rows & set(SERVE):
            print("preview server: save to stamp", flush=True)
            serve_rows(args, work, themes, res, notes)
    derived_rows(res)

    print()
    print(f"{args.articles} national articles, median of {args.runs} run(s), "
          f"{time.perf_counter() - began:.0f} s in all")
    print_table(table(res, args.rows))
    if "memory" in args.rows:
        print("(1) sum of the proportional set size (Pss) of the build and all its worker "
              "processes, sampled every 50 ms: a page shared by processes counts once. "
              "MB = 2^20 B.")
    if "search" in args.rows:
        print("(2) bytes of the files under <site>/search/ of each site of the cold full build: "
              "median and min-max over the sites.")
    found_ratios = ratios(res)
    for name, value in found_ratios.items():
        print(f"ratio {name}: " + (f"{value:.2f}" if value is not None else "n/a"))
    for note in notes:
        print(f"note: {note}")

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "articles": args.articles, "runs": args.runs, "versions": found,
        "machine": {"cpus": os.cpu_count(), "arch": platform.machine(),
                    "kernel": platform.release()},
        "rows": {key: {"label": LABELS[key], "unit": UNITS[key],
                       "values": res.values.get(key), "median": res.median(key),
                       "reason": res.reasons.get(key), "target": target, "met": met}
                 for key, (target, met) in
                 ((k, targets(res).get(k, (None, None))) for k in LABELS if k in args.rows)},
        "ratios": found_ratios, "extra": res.extra, "notes": notes,
    }
    path = BENCH / f"results-{args.articles}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
