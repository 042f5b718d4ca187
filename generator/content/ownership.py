"""Which team owns which path: glob patterns from teams.yml, matched like .gitignore paths."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.content.model import Team


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    # '**' crosses folders, '*' and '?' stay within one; fnmatch cannot tell the two apart.
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def owns(team: Team, rel_path: str) -> bool:
    return any(_glob_regex(p).match(rel_path) for p in team.owns)


def ownership_problem(owner: str, rel_path: str, teams: dict[str, Team]) -> str | None:
    """Why `owner` may not own `rel_path`, or None when it may."""
    team = teams.get(owner)
    if team is None:
        return f"owner '{owner}' is not a team in teams.yml (teams: {', '.join(sorted(teams))})"
    if not owns(team, rel_path):
        return f"team '{owner}' does not own {rel_path} (it owns {', '.join(team.owns)})"
    return None
