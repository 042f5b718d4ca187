"""Command line: `python -m generator build|serve|check|report|codeowners|schema`.

Exit codes: 0 success, 1 content errors (all listed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from generator.audio.synthesis import (
    INSTALL_HINT,
    AudioToolError,
    Synthesiser,
    engine_version,
    missing_tools,
)
from generator.commands.editorial import add_editorial_commands, run_editorial_command
from generator.commands.progress import SiteProgress, summary_line
from generator.content.model import NATIONAL
from generator.diagnostics import ERROR, INFO, WARNING, ContentError, Diagnostic
from generator.editorial.checks import CheckResult, check_json, run_check
from generator.editorial.lix import lix_summary
from generator.engine.build import BuildSummary, Paths, UnknownSite, build
from generator.engine.output_lock import OutputLocked
from generator.preview.server import ServeOptions, serve

EXIT_CONTENT = 1
EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command not in ("build", "check", "serve"):
        return run_editorial_command(parser, args)
    cache = getattr(args, "cache", None)
    paths = Paths(
        Path(args.content),
        Path(args.themes),
        Path(getattr(args, "out", "build")),
        Path(getattr(args, "node_modules", "node_modules")),
        Path(cache) if cache and not args.no_cache else None,
    )
    audio_cache = Path(args.audio_cache) if getattr(args, "audio", False) else None
    problem = _path_problem(paths, writes=args.command in ("build", "serve"),
                            audio_cache=audio_cache)
    if problem:
        parser.error(problem)
    if args.command == "serve":
        return _serve(parser, args, paths)
    sites = [args.region] if args.region else None
    started = time.perf_counter()
    if args.command == "check":
        try:
            checked = run_check(paths, sites, args.today, jobs=os.cpu_count() or 1)
        except UnknownSite as exc:
            parser.error(str(exc))
        return _report_check(checked, args, time.perf_counter() - started)
    speech = None
    progress = SiteProgress(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
    try:
        speech = _synthesiser(args) if args.audio else None
        progress.begin()
        try:
            result = build(paths, sites, args.today, speech, jobs=args.jobs, progress=progress)
        finally:
            progress.close()  # before any error is printed, on a line of its own
    except UnknownSite as exc:
        parser.error(str(exc))
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(d.severity == "error" for d in exc.diagnostics)
        print(f"{errors} error(s); nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except AudioToolError as exc:
        print(f"error: audio: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        # The sites are swapped in only after every file is written (engine/write.py).
        print(f"error: cannot write {exc.filename or paths.out}: {exc.strerror or exc}; "
              f"every site in {paths.out}/ was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    _print_diagnostics(result.warnings)
    if speech is not None:
        _print_audio(speech)
    _print_summary(result, time.perf_counter() - started)
    return 0


def _synthesiser(args: argparse.Namespace) -> Synthesiser:
    missing = missing_tools()
    if missing:
        # Asked for audio and cannot make it: say so rather than build pages without it.
        raise AudioToolError(f"--audio needs {' and '.join(missing)}; {INSTALL_HINT}")
    return Synthesiser(Path(args.audio_cache), engine=engine_version())


def _print_audio(speech: Synthesiser) -> None:
    stats = speech.stats
    line = (f"audio: {stats.synthesised} text(s) synthesised, {stats.reused} from the cache "
            f"{speech.cache}/")
    if stats.synthesised:
        per_thousand = stats.seconds_spent / stats.words * 1000 if stats.words else 0.0
        line += (f"; {stats.seconds_of_audio:.0f} s of speech from {stats.words} words "
                 f"in {stats.seconds_spent:.1f} s ({per_thousand:.1f} s per 1,000 words)")
    print(line)


def _report_check(checked: CheckResult, args: argparse.Namespace, seconds: float) -> int:
    failed = checked.failed(args.strict)
    if args.format == "json":
        print(check_json(checked, args.today, args.strict))
        return EXIT_CONTENT if failed else 0
    _print_diagnostics(checked.diagnostics)
    if checked.lix:
        print(lix_summary(checked.lix))
    counts = (f"{checked.count(ERROR)} error(s), {checked.count(WARNING)} warning(s), "
              f"{checked.count(INFO)} info")
    if checked.pages:
        total = sum(checked.pages.values())
        print(f"{len(checked.pages)} site(s), {total} pages (nothing written), {seconds:.2f} s")
    verdict = "failed" if failed else "passed"
    strict = " (--strict: warnings fail too)" if args.strict else ""
    print(f"check {verdict}{strict}: {counts}")
    return EXIT_CONTENT if failed else 0


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
    check_cmd.add_argument("--strict", action="store_true",
                           help="warnings fail the check too (exit 1); info never does")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text",
                           help="text: path:line: severity: message lines on stderr; "
                           "json: one document on stdout for tools")
    for command in (build_cmd, serve_cmd):
        command.add_argument("--out", default="build", help="output folder (build/)")
        command.add_argument(
            "--cache", default=".cache/build",
            help="where national text rendered by one build is kept for the next "
            "(.cache/build/), outside --out; safe to delete",
        )
        command.add_argument("--no-cache", action="store_true",
                             help="neither read nor write the cache")
        command.add_argument(
            "--node-modules", default="node_modules",
            help="where npm installed lunr and lunr-languages (node_modules/)",
        )
    build_cmd.add_argument(
        "--jobs", type=_positive, default=os.cpu_count() or 1,
        help="sites built at once, each in its own process (default: one per CPU core)",
    )
    build_cmd.add_argument("--quiet", action="store_true",
                           help="no progress line (there is none unless stderr is a terminal)")
    build_cmd.add_argument(
        "--audio", action="store_true",
        help="speak every text without a recording with espeak-ng (Debian's espeak-ng and lame)",
    )
    build_cmd.add_argument(
        "--audio-cache", default=".cache/audio",
        help="where generated audio is kept between builds (.cache/audio/), outside --out",
    )
    _serve_arguments(serve_cmd)
    add_editorial_commands(commands, _iso_date)
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
    except OutputLocked as exc:
        print(f"error: {exc}; stop it or choose another --out", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_CONTENT
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return int(text)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _path_problem(paths: Paths, writes: bool, audio_cache: Path | None) -> str | None:
    if not paths.content.is_dir():
        return f"content folder {paths.content} does not exist"
    if not writes:
        return None
    missing = paths.missing_browser_libs()
    if missing:
        return (f"{', '.join(map(str, missing))} missing: install the search scripts "
                "with `npm ci` (make does this)")
    for name, folder in (("content", paths.content), ("themes", paths.themes)):
        if _overlaps(paths.out, folder):
            return f"output folder {paths.out} overlaps the {name} folder {folder}"
    for name, cache in (("audio cache", audio_cache), ("cache", paths.cache)):
        if cache is not None and _overlaps(paths.out, cache):
            # A build replaces its output folder; a cache inside it would be lost every time.
            return f"{name} {cache} must be outside the output folder {paths.out}"
    return None


def _overlaps(one: Path, other: Path) -> bool:
    one, other = one.resolve(), other.resolve()
    return one == other or one in other.parents or other in one.parents


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _print_summary(result: BuildSummary, seconds: float) -> None:
    print(summary_line(len(result.pages), sum(result.pages.values()), len(result.warnings),
                       seconds))
