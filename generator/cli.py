"""Command line: `python -m generator build|check|serve`.

Exit codes: 0 success, 1 content errors (all listed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from generator.build import BuildResult, Paths, UnknownSite, build, render_build
from generator.diagnostics import ContentError, Diagnostic
from generator.lix import lix_summary
from generator.model import NATIONAL
from generator.serve import ServeOptions, serve

EXIT_CONTENT = 1
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    paths = Paths(
        Path(args.content),
        Path(args.themes),
        Path(getattr(args, "out", "build")),
        Path(getattr(args, "node_modules", "node_modules")),
    )
    problem = _path_problem(paths, writes=args.command in ("build", "serve"))
    if problem:
        parser.error(problem)
    if args.command == "serve":
        return _serve(parser, args, paths)
    sites = [args.region] if args.region else None
    started = time.perf_counter()
    try:
        if args.command == "build":
            result = build(paths, sites, args.today)
        else:
            result = render_build(paths, sites, args.today)
    except UnknownSite as exc:
        parser.error(str(exc))
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(f"error: cannot write {paths.out}: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    _print_diagnostics(result.warnings)
    if args.command == "check":
        print(lix_summary(result.lix))
    _print_summary(args.command, result, paths, time.perf_counter() - started)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the health-information sites: national text with regional additions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build one site or all sites and the chooser")
    check_cmd = commands.add_parser("check", help="validate all content without writing a site")
    serve_cmd = commands.add_parser(
        "serve", help="build one site, serve it on localhost and rebuild and reload on changes")
    for command in (build_cmd, check_cmd, serve_cmd):
        command.add_argument("--content", default="content", help="content folder (content/)")
        command.add_argument("--themes", default="themes", help="themes folder (themes/)")
        command.add_argument(
            "--region",
            help=f"one region's slug, or '{NATIONAL}' for the site with no region; "
            "default: every site and the region chooser",
        )
        command.add_argument(
            "--today", type=_iso_date, default=dt.date.today(),
            help="date that review dates are judged against, YYYY-MM-DD (default: today)",
        )
    for command in (build_cmd, serve_cmd):
        command.add_argument("--out", default="build", help="output folder (build/)")
        command.add_argument(
            "--node-modules", default="node_modules",
            help="where npm installed lunr and lunr-languages (node_modules/)",
        )
    _serve_arguments(serve_cmd)
    return parser


def _serve_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
    command.add_argument("--host", default="127.0.0.1",
                         help="address to serve on (127.0.0.1: this computer only)")
    command.add_argument("--poll", action="store_true",
                         help="poll for changes (network drives, containers) instead of "
                         "the system's file events")


def _serve(parser: argparse.ArgumentParser, args: argparse.Namespace, paths: Paths) -> int:
    if not args.region:
        parser.error(f"serve needs --region: a region's slug, or '{NATIONAL}'")
    options = ServeOptions(args.host, args.port, args.poll)
    try:
        serve(paths, args.region, args.today, options)
    except UnknownSite as exc:
        parser.error(str(exc))
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_CONTENT
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _path_problem(paths: Paths, writes: bool) -> str | None:
    if not paths.content.is_dir():
        return f"content folder {paths.content} does not exist"
    if not writes:
        return None
    missing = paths.missing_browser_libs()
    if missing:
        return (f"{', '.join(map(str, missing))} missing: install the search scripts "
                "with `npm ci` (make does this)")
    out = paths.out.resolve()
    for name, folder in (("content", paths.content), ("themes", paths.themes)):
        folder = folder.resolve()
        if out == folder or out in folder.parents or folder in out.parents:
            return f"output folder {paths.out} overlaps the {name} folder {folder}"
    return None


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _print_summary(command: str, result: BuildResult, paths: Paths, seconds: float) -> None:
    total = sum(result.pages.values())
    where = f" in {paths.out}/" if command == "build" else " (nothing written)"
    print(f"{len(result.pages)} site(s), {total} pages{where}, {seconds:.2f} s")
