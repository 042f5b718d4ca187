"""The command line: `python -m generator build|check|serve|report|codeowners|schema|dist`.

Exit codes: 0 success, 1 content errors (all listed), 2 usage errors.
"""

from __future__ import annotations

import argparse

from generator.commands.build import add_build_commands, run_build, run_serve
from generator.commands.check import add_check_command, run_check_command
from generator.commands.dist import add_dist_command, run_dist
from generator.commands.editorial import add_editorial_commands, run_editorial_command

_COMMANDS = {
    "build": run_build,
    "serve": run_serve,
    "check": run_check_command,
    "report": run_editorial_command,
    "codeowners": run_editorial_command,
    "schema": run_editorial_command,
    "dist": run_dist,
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return _COMMANDS[args.command](parser, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the health-information sites: national text with regional additions.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_build_commands(commands)
    add_check_command(commands)
    add_editorial_commands(commands)
    add_dist_command(commands)
    return parser
