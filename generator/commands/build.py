"""`build` and `serve`: sites written to the output folder, or previewed with live reload."""

from __future__ import annotations

import argparse
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
    voice_languages,
)
from generator.commands.options import (
    EXIT_CONTENT,
    add_output_options,
    add_site_options,
    content_errors,
    overlap_problem,
    overlaps,
    paths_from,
    positive,
    print_diagnostics,
)
from generator.commands.progress import SiteProgress, summary_line
from generator.diagnostics import ContentError
from generator.engine.build import Paths, UnknownSite, build
from generator.engine.output_lock import OutputLocked
from generator.sites import NATIONAL


def add_build_commands(commands: argparse._SubParsersAction) -> None:
    build_cmd = commands.add_parser("build", help="build one site or all sites and the chooser")
    serve_cmd = commands.add_parser(
        "serve", help="build one site, serve it on localhost and rebuild and reload on changes")
    for command in (build_cmd, serve_cmd):
        add_site_options(command)
        add_output_options(command)
    build_cmd.add_argument(
        "--jobs", type=positive, default=os.cpu_count() or 1,
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
    serve_cmd.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help="address to serve on (127.0.0.1: this computer only)")
    serve_cmd.add_argument("--poll", action="store_true",
                           help="poll for changes (network drives, containers) instead of "
                           "the system's file events")


def run_build(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    paths = _writable_paths(parser, args)
    sites = [args.region] if args.region else None
    started = time.perf_counter()
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
        return content_errors(exc.diagnostics, "nothing was written")
    except AudioToolError as exc:
        print(f"error: audio: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        # The sites are swapped in only after every file is written (engine/write.py).
        print(f"error: cannot write {exc.filename or paths.out}: {exc.strerror or exc}; "
              f"every site in {paths.out}/ was left as it was", file=sys.stderr)
        return EXIT_CONTENT
    print_diagnostics(result.warnings)
    if result.up_to_date:
        print(f"{paths.out}/ is up to date: no file it was built from has changed")
    if speech is not None:
        _print_audio(speech)
    print(summary_line(len(result.pages), sum(result.pages.values()), len(result.warnings),
                       time.perf_counter() - started))
    return 0


def run_serve(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    paths = _writable_paths(parser, args)
    if not args.region:
        parser.error(f"serve needs --region: a region's slug, or '{NATIONAL}'")
    # The preview's server and file watching are imported only to serve: they cost a
    # build's start a fifth of a second.
    from generator.preview.server import ServeOptions, serve

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


def _writable_paths(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Paths:
    """The build's folders, or a usage error when they cannot be used as they are."""
    paths = paths_from(args)
    audio_cache = Path(args.audio_cache) if getattr(args, "audio", False) else None
    problem = _path_problem(paths, audio_cache)
    if problem:
        parser.error(problem)
    return paths


def _path_problem(paths: Paths, audio_cache: Path | None) -> str | None:
    if not paths.content.is_dir():
        return f"content folder {paths.content} does not exist"
    missing = paths.missing_browser_libs()
    if missing:
        return (f"{', '.join(map(str, missing))} missing: install the search scripts "
                "with `npm ci` (make does this)")
    problem = overlap_problem(paths.out, "output folder",
                              {"content": paths.content, "themes": paths.themes})
    if problem:
        return problem
    for name, cache in (("audio cache", audio_cache), ("cache", paths.cache)):
        if cache is not None and overlaps(paths.out, cache):
            # A build replaces its output folder; a cache inside it would be lost every time.
            return f"{name} {cache} must be outside the output folder {paths.out}"
        if cache is not None and overlaps(paths.content, cache):
            # Editors' files are the build's input, never its by-products.
            return f"{name} {cache} must be outside the content folder {paths.content}"
    return None


def _synthesiser(args: argparse.Namespace) -> Synthesiser:
    missing = missing_tools()
    if missing:
        # Asked for audio and cannot make it: say so rather than build pages without it.
        raise AudioToolError(f"--audio needs {' and '.join(missing)}; {INSTALL_HINT}")
    return Synthesiser(Path(args.audio_cache), engine=engine_version(),
                       voices=voice_languages())


def _print_audio(speech: Synthesiser) -> None:
    stats = speech.stats
    line = (f"audio: {stats.synthesised} text(s) synthesised, {stats.reused} from the cache "
            f"{speech.cache}/")
    if stats.synthesised:
        per_thousand = stats.seconds_spent / stats.words * 1000 if stats.words else 0.0
        line += (f"; {stats.seconds_of_audio:.0f} s of speech from {stats.words} words "
                 f"in {stats.seconds_spent:.1f} s ({per_thousand:.1f} s per 1,000 words)")
    print(line)
