"""Editors' links, written as paths to Markdown files or as page URLs, turned into page links.

URLs here are relative to a site's root: "" is the start page, pages end
with "/", other files (media, sitemap.xml) do not.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.content.image_facts import (
    IMAGE_SUFFIXES,
    ImageFacts,
    ImageInfo,
    is_image,
    plain_info,
)
from generator.content.layout import (
    REGIONAL,
    Kind,
    beside,
    media_site_path,
    place_of,
    standard_text_of,
    variant_text_of,
)
from generator.diagnostics import Diagnostic, error
from generator.render.images import Picture, picture
from generator.render.markdown import LinkRef
from generator.store import Lookup

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True)
class Target:
    """A page an editor can link to, and the anchors its headings give."""

    url: str
    anchors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LinkIndex:
    """What one site contains, for resolving and checking links."""

    sources: dict[str, Target]  # content-relative .md path -> its page
    pages: dict[str, Target]  # site URL -> page
    files: frozenset[str]  # every content file, for media
    unpublished: frozenset[str]  # valid texts this site does not show (drafts, other regions)
    # Files the build must not publish -> why (content/files.py): a link to one is an error.
    refused: Mapping[str, str] = field(default_factory=dict)
    # Images a text may show -> their facts or why not (content/image_facts.py): recorded,
    # so that a rendering is made again when an image's size changes.
    images: Mapping[str, ImageInfo] = field(default_factory=dict)

    def recording(self, log: list[Lookup]) -> LinkIndex:
        """A view that appends every lookup made through it to `log` (Store.get_checked)."""
        return LinkIndex(
            _RecordedMap(self.sources, "sources", log),  # type: ignore[arg-type]
            _RecordedMap(self.pages, "pages", log),  # type: ignore[arg-type]
            _RecordedSet(self.files, "files", log),  # type: ignore[arg-type]
            _RecordedSet(self.unpublished, "unpublished", log),  # type: ignore[arg-type]
            _RecordedMap(self.refused, "refused", log),  # type: ignore[arg-type]
            _RecordedMap(self.images, "images", log),  # type: ignore[arg-type]
        )

    def plain_answer(self, answer: Any) -> Any:
        """An answer as JSON data: a page as its address and sorted anchors, an image's
        facts as a list."""
        if isinstance(answer, Target):
            return [answer.url, sorted(answer.anchors)]
        if isinstance(answer, ImageFacts):
            return plain_info(answer)
        return answer

    def answer(self, table: str, name: str) -> Any:
        """What a recorded lookup answers now."""
        tables = {"sources": self.sources, "pages": self.pages, "files": self.files,
                  "unpublished": self.unpublished, "refused": self.refused,
                  "images": self.images}
        if table.endswith("?"):
            return name in tables[table[:-1]]
        return tables[table].get(name)  # type: ignore[attr-defined]


class _RecordedMap:
    """The read-only dict operations the link resolver uses, recorded."""

    def __init__(self, data: dict, table: str, log: list[Lookup]):
        self._data, self._table, self._log = data, table, log

    def get(self, name: str, default: Any = None) -> Any:
        answer = self._data.get(name)
        self._log.append((self._table, name, answer))
        return default if answer is None else answer

    def __contains__(self, name: object) -> bool:
        answer = name in self._data
        self._log.append((self._table + "?", name, answer))
        return answer


class _RecordedSet:
    def __init__(self, data: frozenset[str], table: str, log: list[Lookup]):
        self._data, self._table, self._log = data, table, log

    def __contains__(self, name: object) -> bool:
        answer = name in self._data
        self._log.append((self._table + "?", name, answer))
        return answer


def relative_url(from_url: str, to_url: str) -> str:
    """A link from page `from_url` to `to_url`, both relative to the same root."""
    return page_linker(from_url)(to_url)


def page_linker(from_url: str) -> Callable[[str], str]:
    """relative_url from one page, its folder split once for all the page's links.

    String arithmetic on the '/'-separated parts, as posixpath.relpath does after
    joining both paths to the current folder, but without asking for that folder:
    a target above the root ("../alfa/") leaves it upwards, as relpath does from any
    folder whose parents are not named like the sites.
    """
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    start = _parts(from_dir)
    if from_dir.startswith("/") or start[:1] == [".."]:
        # Where these lead depends on the current folder: leave it to relpath.
        return lambda to_url: _with_slash(to_url, posixpath.relpath(to_url or ".", from_dir))

    def link(to_url: str) -> str:
        if to_url.startswith("/"):
            return _with_slash(to_url, posixpath.relpath(to_url, from_dir or "."))
        target = _parts(to_url)
        common = 0
        for here, there in zip(start, target, strict=False):
            if here != there:
                break
            common += 1
        rel = "/".join([".."] * (len(start) - common) + target[common:]) or "."
        return _with_slash(to_url, rel)

    return link


def _parts(path: str) -> list[str]:
    """posixpath.normpath(path).split("/") for a relative path, and [] for "." or ""."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return parts


def _with_slash(to_url: str, rel: str) -> str:
    # Pages end with "/", and so do links to them.
    if to_url.endswith("/") or not to_url:
        return "./" if rel == "." else rel + "/"
    return rel


@dataclass
class LinkResolver:
    """Resolves the links of one text shown on one page; collects problems and media used."""

    index: LinkIndex
    source_rel: str
    source_shown: str
    page_url: str
    own_anchors: frozenset[str]
    variant: str | None = None  # a lättläst page's or translation's (Text.variant)
    # An article's own text, whose first image may be near the top of the page (not a fill).
    first_screen: bool = False
    problems: list[Diagnostic] = field(default_factory=list)
    # Site path -> the content file it is published from: as it is, or resized (an
    # image's files, render/images.py).
    media: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._link = page_linker(self.page_url)

    def __call__(self, ref: LinkRef) -> str | Picture | None:
        href = ref.href.strip()
        if not href or _SCHEME.match(href):
            return None  # a remote image is an error of the parse (render/markdown.py)
        path, _, anchor = href.partition("#")
        path, query_mark, query = path.partition("?")
        suffix = (query_mark + query) + (f"#{anchor}" if anchor else "")
        if ref.attr == "src":
            return self._image(ref, path)
        if not path:
            self._check_anchor(ref, anchor, self.own_anchors, "this page")
            return None
        if path.endswith(".md"):
            target = self._source_target(ref, path, anchor)
        elif path.startswith("/"):
            target = self._page_target(ref, path.lstrip("/"))
        else:
            if self._refused(ref, path):
                return None
            media = self._media(path)
            if media is not None:
                return self._link(media) + suffix
            target = self._page_target(ref, posixpath.join(_dir_of(self.page_url), path))
        if target is None:
            return None
        self._check_anchor(ref, anchor, target.anchors, target.url or "the start page")
        return self._link(target.url) + suffix

    def _source_target(self, ref: LinkRef, path: str, anchor: str) -> Target | None:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.source_rel), path))
        target = self.index.sources.get(rel)
        if target is None:
            if rel in self.index.unpublished or _other_region(rel, self.source_rel):
                self._error(ref, f"link to {path}: it is not published in this site")
            elif rel not in self.index.files:
                self._error(ref, f"link to {path}: no such file")
            elif place_of(rel).kind in (Kind.FILL, Kind.TOPIC_INTRO):
                self._error(ref, f"link to {path}: regional text is no page of its own; link "
                            "to the article or topic page it is shown on")
            # Otherwise the file exists but is invalid, and its own error says why.
            return None
        if self.variant is not None and standard_text_of(rel) == rel:
            # From easy-to-read text or a translation, prefer the article's text in the same
            # variant, unless that is this very page or lacks the heading linked to.
            same = self.index.sources.get(variant_text_of(rel, self.variant))
            if same and same.url != self.page_url and (not anchor or anchor in same.anchors):
                return same
        return target

    def _page_target(self, ref: LinkRef, url: str) -> Target | None:
        trailing = url.endswith("/")
        url = posixpath.normpath(url) if url else ""
        url = "" if url == "." else url
        if url.startswith(".."):
            self._error(ref, f"link to {ref.href} leaves the site")
            return None
        # "a/b" may name the page "a/b/" or a file such as "sitemap.xml".
        key = url + "/" if url and (trailing or url + "/" in self.index.pages) else url
        target = self.index.pages.get(key)
        if target is None:
            self._error(ref, f"link to {ref.href}: no page or file at that address")
        return target

    def _refused(self, ref: LinkRef, path: str) -> bool:
        """A link to a file the build must not publish (content/files.py) is an error here."""
        reason = self.index.refused.get(beside(self.source_rel, path))
        if reason is not None:
            self._error(ref, f"link to {path}: {reason}")
        return reason is not None

    def _image(self, ref: LinkRef, path: str) -> Picture | None:
        """The picture of an image file beside the text; its files are media of the page."""
        if not path:
            self._error(ref, f"image {ref.href}: name an image file beside the text")
            return None
        if self._refused(ref, path):
            return None
        rel = beside(self.source_rel, path)
        site_path = media_site_path(rel)
        info = self.index.images.get(rel)
        if rel not in self.index.files:
            self._error(ref, f"link to {path}: no page or file at that address")
        elif not is_image(rel):
            self._error(ref, f"image {path} is not an image file: an image is "
                        f"{', '.join(IMAGE_SUFFIXES)}")
        elif site_path is None or info is None:
            self._error(ref, f"image {path}: images are published from beside the texts, "
                        "and this file is not there")
        elif isinstance(info, str):
            self._error(ref, f"image {path} {info}")
        else:
            eager = self.first_screen and bool(ref.token.meta.get("first_screen"))
            title = ref.token.attrGet("title")
            shown, paths = picture(site_path, info, self._link, eager,
                                   None if title is None else str(title))
            self.media.update((found, rel) for found in paths)
            return shown
        return None

    def _media(self, path: str) -> str | None:
        rel = beside(self.source_rel, path)
        if rel not in self.index.files or rel.endswith(".md"):
            return None
        site_path = media_site_path(rel)
        if site_path is not None:
            self.media[site_path] = rel
        return site_path

    def _check_anchor(self, ref: LinkRef, anchor: str, anchors: frozenset[str], where: str) -> None:
        if anchor and anchor not in anchors:
            self._error(ref, f"link to {ref.href}: no heading with id '{anchor}' on {where}")

    def _error(self, ref: LinkRef, message: str) -> None:
        self.problems.append(error(self.source_shown, ref.line, message))


def _other_region(rel: str, source_rel: str) -> bool:
    """Whether `rel` is in a region's folder that is not the one of `source_rel`: a site
    loads no other region's files, so they are not in the link index."""
    folder, source = rel.split("/")[:2], source_rel.split("/")[:2]
    return folder[0] == REGIONAL and folder != source


def _dir_of(url: str) -> str:
    return url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
