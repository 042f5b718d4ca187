"""The national stage on disk, so that a new build process need not render it again.

A fresh `build --region` after a fill edit has the same national input as
the build before it: the texts parsed, rendered, indexed and measured once
for every site. That result is kept under the cache folder as JSON (plain
data, never pickle: a cache file can be read, diffed and trusted), named by
a digest of everything the stage reads and of the generator's own code, so
a file is either exactly right or never looked at.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.content.model import Article
from generator.diagnostics import Diagnostic, warning
from generator.editorial.lix import Lix, TextLix
from generator.engine.national import National
from generator.render.article_texts import Outline, RenderedText, TextKey
from generator.render.markdown import Chunk, Heading, Rendered, Slot
from generator.search.documents import DocSet, NationalDocs, ResultPage, SearchDoc
from generator.search.files import PartFiles

FORMAT = 1
KEEP = 3  # national stages kept: the current one and a few to switch back to
# Libraries whose output the national stage contains.
LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "nltk", "PyYAML")


def code_fingerprint() -> str:
    """A digest of the generator's code and the libraries it renders with."""
    hasher = hashlib.sha256(str(FORMAT).encode())
    package = Path(__file__).parent.parent  # the whole generator package
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    for name in LIBRARIES:
        hasher.update(f"{name}=={metadata.version(name)}\0".encode())
    return hasher.hexdigest()


def read(
    folder: Path, key: str, articles: list[Article]
) -> tuple[tuple[National, list[Diagnostic]] | None, list[Diagnostic]]:
    """The stage stored under `key`, or None when there is none, and a warning when the
    file is there but damaged (then the stage is rendered and stored again)."""
    path = folder / f"national-{key}.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None, []
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT or data.get("key") != key:
            return None, []
        found = _decode(data, articles), [Diagnostic(*d) for d in data["problems"]]
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return None, [warning(str(path), 1, f"damaged cache file ignored ({type(exc).__name__}:"
                              f" {exc}); the national texts are rendered again")]
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when pruning
    return found, []


def write(
    folder: Path, key: str, national: National, problems: list[Diagnostic]
) -> list[Diagnostic]:
    """Store the stage under `key` (whole or not at all) and drop all but the newest few.

    A cache never stops a build: when it cannot be written, the build goes on
    and this returns one warning saying so.
    """
    data = {"format": FORMAT, "key": key, **_encode(national),
            "problems": [[d.path, d.line, d.severity, d.message] for d in problems]}
    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".national-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temp, folder / f"national-{key}.json")
        temp = None
        stored = sorted(folder.glob("national-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in stored[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        return [warning(str(exc.filename or folder), 1,
                        f"cannot write the cache: {exc.strerror or exc}; "
                        "the build goes on without it")]
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return []


def _encode(national: National) -> dict[str, Any]:
    docs = national.search_docs
    return {
        "outlines": [[list(key), sorted(o.heading_ids), sorted(o.slot_names)]
                     for key, o in national.outlines.items()],
        "rendered": [[list(key), [_part(p) for p in r.rendered.parts], r.media]
                     for key, r in national.rendered.items()],
        "search_docs": {
            "first": docs.docs.first,
            "pages": [[p.url, p.title, p.summary, p.section, p.lattlast] for p in docs.docs.pages],
            "docs": [[d.ref, d.title, d.summary, d.headings, d.body] for d in docs.docs.docs],
            "refs": [[list(key), slot, ref] for (key, slot), ref in docs.refs.items()],
        },
        "search_files": {
            "manifest": national.search_files.manifest,
            "files": [[path, data.decode("utf-8")] for path, data in national.search_files.files],
        },
        "lix": [[t.path, t.lattlast, t.lix.words, t.lix.sentences, t.lix.long_words]
                for t in national.lix],
    }


def _decode(data: dict[str, Any], articles: list[Article]) -> National:
    docs = data["search_docs"]
    return National(
        articles=articles,
        outlines={_key(key): Outline(frozenset(ids), frozenset(slots))
                  for key, ids, slots in data["outlines"]},
        rendered={_key(key): RenderedText(Rendered(tuple(_unpart(p) for p in parts)), media)
                  for key, parts, media in data["rendered"]},
        search_docs=NationalDocs(
            DocSet(docs["first"], tuple(ResultPage(*page) for page in docs["pages"]),
                   tuple(SearchDoc(*doc) for doc in docs["docs"])),
            {(_key(key), slot): ref for key, slot, ref in docs["refs"]},
        ),
        search_files=PartFiles(
            data["search_files"]["manifest"],
            tuple((path, text.encode("utf-8")) for path, text in data["search_files"]["files"]),
        ),
        lix=[TextLix(path, lattlast, Lix(words, sentences, long_words))
             for path, lattlast, words, sentences, long_words in data["lix"]],
    )


def _key(key: list) -> TextKey:
    section, slug, lattlast = key
    return (section, slug, lattlast)


def _part(part: Chunk | Slot) -> dict[str, Any]:
    if isinstance(part, Slot):
        return {"slot": part.name, "line": part.line, "default": _part(part.default)}
    return {"html": part.html, "headings": [[h.level, h.id, h.text] for h in part.headings]}


def _unpart(data: dict[str, Any]) -> Chunk | Slot:
    if "slot" in data:
        default = _unpart(data["default"])
        assert isinstance(default, Chunk)
        return Slot(data["slot"], data["line"], default)
    return Chunk(data["html"], tuple(Heading(*h) for h in data["headings"]))
