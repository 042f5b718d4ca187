"""`check`: every problem in the content in one run, without writing anything.

The build's own validation runs through the build, without writing; the
editorial checks (editorial/checks.py) run on the tree it loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from generator.commands.options import (
    EXIT_CONTENT,
    add_cache_options,
    add_site_options,
    paths_from,
    print_diagnostics,
)
from generator.diagnostics import ERROR, INFO, WARNING, ContentError, Diagnostic
from generator.editorial.checks import editorial_checks
from generator.editorial.lix import TextLix, lix_summary
from generator.engine.build import Paths, UnknownSite, build, load_every_region
from generator.sites import SiteId, regions_of

JSON_FORMAT_VERSION = 1


@dataclass(frozen=True)
class CheckResult:
    diagnostics: list[Diagnostic]  # sorted by path, line, severity, message
    lix: list[TextLix]  # empty when the build found errors
    pages: dict[str, int]  # site name -> pages; empty when the build found errors

    def count(self, severity: str) -> int:
        return sum(d.severity == severity for d in self.diagnostics)

    def failed(self, strict: bool) -> bool:
        """Errors always fail; warnings only with --strict; info never."""
        return bool(self.count(ERROR) or (strict and self.count(WARNING)))


def run_check(
    paths: Paths, sites: list[SiteId] | None, today: dt.date, jobs: int = 1
) -> CheckResult:
    """Validate the content under `paths.content` as a build of `sites` would, and more."""
    try:
        result = build(paths, sites, today, jobs=jobs, write=False)
        found, lix, pages = list(result.warnings), result.lix, result.pages
    except ContentError as exc:
        found, lix, pages = list(exc.diagnostics), [], {}
    tree, _ = load_every_region(paths)
    if tree is not None:
        found += editorial_checks(tree, str(paths.content), regions_of(sites))
    return CheckResult(sorted(set(found)), lix, pages)


def add_check_command(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="validate all content without writing a site")
    add_site_options(check)
    add_cache_options(check)
    check.add_argument("--strict", action="store_true",
                       help="warnings fail the check too (exit 1); info never does")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text: path:line: severity: message lines on stderr; "
                       "json: one document on stdout for tools")


def run_check_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if not Path(args.content).is_dir():
        parser.error(f"content folder {args.content} does not exist")
    sites = [args.region] if args.region else None
    started = time.perf_counter()
    try:
        checked = run_check(paths_from(args), sites, args.today, jobs=os.cpu_count() or 1)
    except UnknownSite as exc:
        parser.error(str(exc))
    return _report_check(checked, args, time.perf_counter() - started)


def _report_check(checked: CheckResult, args: argparse.Namespace, seconds: float) -> int:
    failed = checked.failed(args.strict)
    if args.format == "json":
        print(check_json(checked, args.today, args.strict))
        return EXIT_CONTENT if failed else 0
    print_diagnostics(checked.diagnostics)
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


def check_json(result: CheckResult, today: dt.date, strict: bool) -> str:
    """The machine-readable form of `check --format json` (documented in README)."""
    document = {
        "version": JSON_FORMAT_VERSION,
        "today": today.isoformat(),
        "strict": strict,
        "ok": not result.failed(strict),
        "summary": {
            "errors": result.count(ERROR),
            "warnings": result.count(WARNING),
            "info": result.count(INFO),
            "sites": len(result.pages),
            "pages": sum(result.pages.values()),
        },
        "diagnostics": [
            {"path": d.path, "line": d.line, "severity": d.severity, "message": d.message}
            for d in result.diagnostics
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
