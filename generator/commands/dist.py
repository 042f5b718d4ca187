"""`dist`: one reproducible archive per site of a build, and one of the region chooser."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.commands.options import EXIT_CONTENT
from generator.engine.archives import CHOOSER, site_names, write_archives


def add_dist_command(commands: argparse._SubParsersAction) -> None:
    dist = commands.add_parser(
        "dist", help="pack each built site and the chooser into a deterministic .tar.gz")
    dist.add_argument("--build", default="build", help="a built output folder (build/)")
    dist.add_argument("--out", default="dist", help="where the archives go (dist/)")
    dist.add_argument("--content", default="content",
                      help="content folder: which sites exist (content/)")
    dist.add_argument("--site", action="append", metavar="NAME",
                      help=f"archive only this site (or '{CHOOSER}'); repeatable. "
                      "Default: every site of the content and the chooser")
    dist.add_argument("--list", action="store_true",
                      help="print the site names as a JSON list (for a CI matrix) and stop")


def run_dist(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    every = site_names(Path(args.content))
    if args.list:
        print("[" + ", ".join(f'"{name}"' for name in every) + "]")
        return 0
    names = args.site or [*every, CHOOSER]
    unknown = sorted(set(names) - {*every, CHOOSER})
    if unknown:
        parser.error(f"unknown site {', '.join(unknown)}; choose from {', '.join(every)}, "
                     f"{CHOOSER}")
    if Path(args.out).resolve() == Path(args.build).resolve():
        parser.error("--out must not be the build folder")
    # SOURCE_DATE_EPOCH is the reproducible-builds convention for a fixed timestamp.
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    try:
        written = write_archives(Path(args.build), Path(args.out), names, mtime)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    for path in written:
        print(f"{path} ({path.stat().st_size} bytes)")
    return 0
