"""What every subcommand shares: exit codes, option types, folder checks, printing problems."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.engine.build import Paths
from generator.sites import NATIONAL, site_named

# 0 is success and 2 a usage error (argparse's own exit code); 1 is content errors.
EXIT_CONTENT = 1


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return int(text)


def overlap_problem(out: Path, what: str, folders: dict[str, Path]) -> str | None:
    """Why `out` may not be written: it is, holds or lies in one of `folders` (name -> path)."""
    for name, folder in folders.items():
        if overlaps(out, folder):
            return f"{what} {out} overlaps the {name} folder {folder}"
    return None


def overlaps(one: Path, other: Path) -> bool:
    one, other = one.resolve(), other.resolve()
    return one == other or one in other.parents or other in one.parents


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def content_errors(diagnostics: list[Diagnostic], why: str) -> int:
    """Print every problem and what could not be done; the exit code for content errors."""
    print_diagnostics(diagnostics)
    print(f"{sum(d.severity == 'error' for d in diagnostics)} error(s); {why}.", file=sys.stderr)
    return EXIT_CONTENT


def paths_from(args: argparse.Namespace) -> Paths:
    """The folders a build, check or preview reads and writes, from its options."""
    cache = getattr(args, "cache", None)
    return Paths(
        Path(args.content),
        Path(args.themes),
        Path(getattr(args, "out", "build")),
        Path(getattr(args, "node_modules", "node_modules")),
        Path(cache) if cache and not args.no_cache else None,
    )


def add_site_options(command: argparse.ArgumentParser) -> None:
    """--content, --themes, --region and --today: what build, check and serve read."""
    command.add_argument("--content", default="content", help="content folder (content/)")
    command.add_argument("--themes", default="themes", help="themes folder (themes/)")
    command.add_argument(
        "--region", type=site_named,
        help=f"one region's slug, or '{NATIONAL}' for the site with no region; "
        "default: every site and the region chooser",
    )
    command.add_argument(
        "--today", type=iso_date, default=dt.date.today(),
        help="date that review dates are judged against, YYYY-MM-DD (default: today)",
    )


def add_cache_options(command: argparse.ArgumentParser) -> None:
    """--cache and --no-cache: the build's store, which build, serve, check and report share."""
    command.add_argument(
        "--cache", default=".cache/build",
        help="the build's store: what one build rendered, kept for the next "
        "(.cache/build/store.sqlite), outside --out and the content; safe to delete",
    )
    command.add_argument("--no-cache", action="store_true",
                         help="neither read nor write the store")


def add_output_options(command: argparse.ArgumentParser) -> None:
    """--out, --cache, --no-cache and --node-modules: what build and serve write with."""
    command.add_argument("--out", default="build", help="output folder (build/)")
    add_cache_options(command)
    command.add_argument(
        "--node-modules", default="node_modules",
        help="where npm installed lunr and lunr-languages (node_modules/)",
    )
