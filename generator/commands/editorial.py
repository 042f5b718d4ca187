"""The editorial subcommands: `report`, `codeowners` and `schema`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from generator.commands.options import (
    EXIT_CONTENT,
    add_cache_options,
    content_errors,
    iso_date,
    overlap_problem,
    paths_from,
)
from generator.content.json_schema import schema_bytes, schema_documents
from generator.content.load import load_content
from generator.diagnostics import ContentError
from generator.editorial.codeowners import codeowners
from generator.editorial.report import coverage_counts, make_report
from generator.editorial.report_files import report_files
from generator.editorial.slot_coverage import declared_slots, slot_coverage
from generator.editorial.translation_coverage import translation_coverage
from generator.engine.build import Paths, build, load_every_region
from generator.engine.write import Output, write_output
from generator.render.article_texts import parse_articles
from generator.render.markdown import make_parsers
from generator.site_urls import ROBOTS, SITEMAP, site_folder
from generator.sites import SiteId


def add_editorial_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="write the editorial report (HTML, JSON, CSV) into its own folder")
    report.add_argument("--content", default="content", help="content folder (content/)")
    report.add_argument("--themes", default="themes", help="themes folder (themes/)")
    report.add_argument("--out", default="report", help="report folder (report/); never a "
                        "folder inside a built site")
    report.add_argument("--today", type=iso_date, default=dt.date.today(),
                        help="date that review dates are judged against (default: today)")
    add_cache_options(report)
    owners = commands.add_parser("codeowners", help="print a CODEOWNERS file from teams.yml")
    owners.add_argument("--content", default="content", help="content folder (content/)")
    owners.add_argument("--repo-root",
                        help="repository root that CODEOWNERS paths are relative to (default: "
                        "the top level of the git repository that holds --content, wherever "
                        "the command is run from; outside git, the folder above --content)")
    owners.add_argument("--org", help="organisation for teams without `handle:`: @ORG/<team id>")
    schemas = commands.add_parser(
        "schema", help="write the JSON Schemas of front matter and YAML files from schema.py")
    schemas.add_argument("--out", default="schemas", help="folder for *.schema.json (schemas/)")
    schemas.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 when the files in --out differ")


def run_editorial_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "schema":
        return _schema(Path(args.out), args.check)
    content = Path(args.content)
    if not content.is_dir():
        parser.error(f"content folder {content} does not exist")
    if args.command == "codeowners":
        return _codeowners(parser, content, args.repo_root, args.org)
    paths = paths_from(args)
    problem = report_out_problem(paths)
    if problem:
        parser.error(problem)
    return _report(paths, args.today)


def report_out_problem(paths: Paths) -> str | None:
    """Why the report may not be written to `paths.out`: it must never land in a reader site."""
    problem = overlap_problem(paths.out, "report folder",
                              {"content": paths.content, "themes": paths.themes})
    if problem:
        return problem
    out = paths.out.resolve()
    for folder in (out, *out.parents):
        # A site has robots.txt and sitemap.xml; a whole build has the national site.
        is_site = (folder / ROBOTS).is_file() and (folder / SITEMAP).is_file()
        if is_site or (folder / site_folder(SiteId()) / SITEMAP).is_file():
            return (f"report folder {paths.out} is inside the built sites in {folder}; "
                    "the report is not for readers: choose a folder outside them")
    return None


def _report(paths: Paths, today: dt.date) -> int:
    try:
        result = build(paths, None, today, jobs=os.cpu_count() or 1, write=False)
    except ContentError as exc:
        return content_errors(exc.diagnostics, "the report needs content without errors")
    tree, problems = load_every_region(paths)
    if tree is None:  # changed since the build read it
        return content_errors(problems, "the report needs content without errors")
    parsed, _ = parse_articles(tree.articles.values(), make_parsers(), trusted=True)
    declared = declared_slots(parsed)
    report = make_report(tree, result.lix, slot_coverage(tree, declared),
                         translation_coverage(tree, declared), today)
    try:
        write_output(paths.out, [Output(name, "editorial report", data)
                                 for name, data in report_files(report).items()])
    except OSError as exc:
        print(f"error: cannot write {paths.out}: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    counts = coverage_counts(report)
    overdue = sum(row.overdue for row in report.texts)
    print(f"report: {len(report.texts)} texts ({overdue} overdue) of {len(report.teams)} teams; "
          f"{counts['filled']} of {counts['slots']} regional slots filled; "
          f"written to {paths.out}/report.html, report.json, texter.csv, tackning.csv, "
          "oversattningar.csv")
    return 0


def _repo_root(content: Path) -> Path:
    """The repository that holds `content`: CODEOWNERS lives there, whatever the current
    folder. Outside git, the folder above: content/ sits at the top of this layout."""
    try:
        done = subprocess.run(["git", "-C", str(content), "rev-parse", "--show-toplevel"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return Path(done.stdout.strip())
    root = content.resolve().parent
    print(f"codeowners: {content} is not in a git repository; paths are relative to {root} "
          "(--repo-root to choose)", file=sys.stderr)
    return root


def _codeowners(parser: argparse.ArgumentParser, content: Path, repo_root: str | None,
                org: str | None) -> int:
    root = Path(repo_root) if repo_root else _repo_root(content)
    relative = Path(os.path.relpath(content.resolve(), root.resolve())).as_posix()
    if relative.startswith(".."):
        parser.error(f"content folder {content} is not inside the repository root {root}")
    tree, problems = load_content(content, str(content))
    team_problems = [d for d in problems if d.path.endswith("teams.yml")]
    if tree is None or team_problems:
        return content_errors(team_problems or problems, "CODEOWNERS needs a valid teams.yml")
    sys.stdout.write(codeowners(tree.teams, relative, org))
    return 0


def _schema(out: Path, check_only: bool) -> int:
    files = {name: schema_bytes(doc) for name, doc in schema_documents().items()}
    if check_only:
        stale = [name for name, data in files.items()
                 if not (out / name).is_file() or (out / name).read_bytes() != data]
        for name in stale:
            print(f"{out / name}: error: differs from schema.py; run "
                  f"`python -m generator schema --out {out}`", file=sys.stderr)
        return EXIT_CONTENT if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    print(f"{len(files)} schema(s) written to {out}/")
    return 0
