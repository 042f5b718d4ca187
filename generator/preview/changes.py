"""What a changed file is, for the preview server: a pure function of its path.

The rebuild itself does not depend on this (memoised stages find out what
changed from content, see store.py); the kind decides whether a file event
matters at all and names the change in the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from generator.content import layout


class Kind(StrEnum):
    FILL = "fill"
    NATIONAL_ARTICLE = "national article"
    REGION_ARTICLE = "region article"
    TOPIC_INTRO = "topic introduction"
    SECTION = "section"
    REGION = "region"
    CONFIG = "config"  # site.yml, teams.yml, languages.yml, topics.yml
    MEDIA = "media"
    TEMPLATE = "template"
    STATIC = "static"  # theme CSS, JS, images
    IGNORED = "ignored"  # editor leftovers, hidden files, files outside the watched folders


@dataclass(frozen=True)
class Change:
    kind: Kind
    path: str  # relative to its root (content or themes), with '/'


@dataclass(frozen=True)
class Roots:
    """The watched folders, absolute; `out` is never a source of changes."""

    content: PurePosixPath
    themes: PurePosixPath
    out: PurePosixPath


def classify(path: str, roots: Roots) -> Change:
    """The kind of change a file event at absolute `path` is."""
    where = PurePosixPath(path)
    if _inside(where, roots.out) or _editor_leftover(where.name):
        return Change(Kind.IGNORED, path)
    if _inside(where, roots.content):
        return _content_change(where.relative_to(roots.content))
    if _inside(where, roots.themes):
        rel = where.relative_to(roots.themes)
        if any(part.startswith(".") for part in rel.parts):
            return Change(Kind.IGNORED, rel.as_posix())
        folder = rel.parts[1] if len(rel.parts) > 2 else ""
        kind = {"templates": Kind.TEMPLATE, "static": Kind.STATIC}.get(folder, Kind.IGNORED)
        return Change(kind, rel.as_posix())
    return Change(Kind.IGNORED, path)


# What a content file is (content/layout.py) as a change the preview names.
_CONTENT_KINDS = {
    layout.Kind.CONFIG: Kind.CONFIG,
    layout.Kind.SECTION: Kind.SECTION,
    layout.Kind.REGION: Kind.REGION,
    layout.Kind.NATIONAL_TEXT: Kind.NATIONAL_ARTICLE,
    layout.Kind.REGION_TEXT: Kind.REGION_ARTICLE,
    layout.Kind.FILL: Kind.FILL,
    layout.Kind.TOPIC_INTRO: Kind.TOPIC_INTRO,
    layout.Kind.MISPLACED_TEXT: Kind.MEDIA,  # loading reports it; a rebuild shows the error
    layout.Kind.MEDIA: Kind.MEDIA,
    layout.Kind.OTHER: Kind.IGNORED,
}


def _content_change(rel: PurePosixPath) -> Change:
    text = rel.as_posix()
    # Loading skips hidden files and folders too.
    if any(part.startswith(".") for part in rel.parts):
        return Change(Kind.IGNORED, text)
    return Change(_CONTENT_KINDS[layout.place_of(text).kind], text)


def _inside(path: PurePosixPath, root: PurePosixPath) -> bool:
    return path == root or root in path.parents


def _editor_leftover(name: str) -> bool:
    """Files editors write beside the real one while saving: swap, backup, probe files."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))
        or name == "4913"  # vim's probe whether it may write in the folder
    )


def summary(changes: list[Change]) -> str:
    """One line for the terminal: 'fill regional/kronoberg/…/avgifter.md (+2 more)'."""
    relevant = [c for c in changes if c.kind is not Kind.IGNORED]
    if not relevant:
        return "no relevant change"
    first = relevant[0]
    more = f" (+{len(relevant) - 1} more)" if len(relevant) > 1 else ""
    return f"{first.kind} {first.path}{more}"
