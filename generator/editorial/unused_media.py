"""Media files in content/ (images, audio) that no text uses.

A media file is referenced when a text links to it by a relative path (the
only way render/links.py publishes media) or names it in `audio:`. Drafts count:
a file a draft uses is not an orphan. A referenced file that is missing is
reported by the link check itself (render/links.py), not here.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.content.layout import beside, is_media
from generator.content.model import ContentTree
from generator.diagnostics import Diagnostic, warning
from generator.render.markdown import Parsed


def media_files(tree: ContentTree) -> list[str]:
    """Content files placed where media is published from (national/, articles/, overlays/,
    topics/)."""
    return sorted(
        rel for rel in tree.files
        if is_media(rel)
    )


def referenced_media(tree: ContentTree, parsed: Iterable[Parsed]) -> set[str]:
    """Content paths of files that some text links to or names as its audio."""
    found = set()
    for text in parsed:
        for ref in text.links:
            path = ref.href.strip().partition("#")[0].partition("?")[0]
            if path and not path.startswith("/") and ":" not in path:
                found.add(beside(text.source.rel, path))
    for text in tree.every_text():
        audio = text.meta.audio
        if audio and "://" not in audio:
            found.add(beside(text.source.rel, audio))
    return found & tree.files


def unreferenced_media(
    tree: ContentTree, parsed: Iterable[Parsed], shown_root: str
) -> list[Diagnostic]:
    used = referenced_media(tree, parsed)
    prefix = "" if shown_root in ("", ".") else f"{shown_root}/"
    return [
        warning(f"{prefix}{rel}", 1, "no text links to this file or names it as audio; "
                "link to it or remove it")
        for rel in media_files(tree)
        if rel not in used
    ]
