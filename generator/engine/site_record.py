"""What each written site was made from, kept in the store so that a later build in a fresh
process can redo only what an edit changed (engine/targeted.py).

After a build writes its sites, the store holds:

- a national record: the stamps of every file all sites read (national texts,
  site files, every region.yml, the theme, the browser scripts), the link index
  national texts were rendered against, the search refs of their slots, the
  national search part's manifest and the warnings every site's build shares;
- a site record per site: the stamps of its region's own folders, what each of
  its texts and fills looks like to other pages (its "shape"), which article
  each belongs to, the site's navigation, page outline, media, link index (as
  the additions to the national one), its own search documents and the
  warnings it gave, those of each text's body apart from the rest;
- a pointer per site and output folder: which records describe the folder's
  site and the stamp of the files it holds.

Every row is plain JSON, checked for shape when read: a damaged row is one
warning and an ordinary build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.content.model import Fill, Section, Text
from generator.diagnostics import Diagnostic, diagnostic_of, plain_diagnostic
from generator.render.article_texts import Outline, TextKey
from generator.render.links import LinkIndex, Target
from generator.render.pages import ArticleLink, SectionView
from generator.search.documents import ResultPage
from generator.search.weights import DocTerms, terms_of_plain
from generator.store_file import StoreFile

NATIONAL_STAGE = "national-record"
SEARCH_STAGE = "national-search-record"
SITE_STAGE = "site-record"
POINTER_STAGE = "site-written"

T = TypeVar("T")
Entries = dict[str, str]  # stamped path -> stamp (engine/up_to_date.py)
ArticleKey = tuple[str, str]


@dataclass(frozen=True)
class IndexedPart:
    """A search part's pages, and its documents as their refs and terms (what its files
    are made from: search/files.py)."""

    first: int
    pages: tuple[ResultPage, ...]
    docs: tuple[tuple[str, DocTerms], ...]


@dataclass(frozen=True)
class NationalRecord:
    entries: Entries  # what every site reads, stamped
    today: str
    texts: dict[str, tuple[ArticleKey, str]]  # content path of each text shown -> its
    # article and shape
    index: LinkIndex  # what national texts were rendered against
    refs: dict[tuple[TextKey, str], str]  # (text, slot) -> search ref of the slot's part
    search: str  # key of the national search part's IndexedPart
    search_manifest: dict[str, Any]
    warnings: list[Diagnostic]  # every site's build gives them; none from a text's body
    body_warnings: dict[str, list[Diagnostic]]  # shown path -> from that text's body


@dataclass(frozen=True)
class ArticleRecord:
    """One article as one site shows it."""

    texts: tuple[str, ...]  # content paths of its texts
    fills: tuple[str, ...]  # of the site's region, published
    own: bool  # a region-only article
    media: dict[str, dict[str, str]]  # page URL -> its media (site path -> content path)


@dataclass(frozen=True)
class SiteRecord:
    entries: Entries  # the region's own folders, stamped
    shapes: dict[str, str]  # content path of each text and fill shown -> its shape
    owners: dict[str, ArticleKey]  # content path of each text and fill shown -> its article
    articles: dict[ArticleKey, ArticleRecord]
    sections: tuple[SectionView, ...]
    pages: tuple[tuple[str, str, str], ...]  # every page's URL, template and title
    media: dict[str, str]
    index: LinkIndex  # the site's own additions to the national index (see `site_index`)
    search: IndexedPart  # the site's own search part
    masked: tuple[str, ...]
    own_manifest: dict[str, Any]
    own_files: tuple[str, ...]  # paths in the site of the own search part's files
    warnings: list[Diagnostic]  # none of them from a text's body
    body_warnings: dict[str, list[Diagnostic]]  # shown path -> from that text's body
    page_count: int


@dataclass(frozen=True)
class Pointer:
    site: str  # key of the site record
    national: str  # key of the national record
    outputs: str  # stamp of the site's folder as the build left it


def text_shape(text: Text, outline: Outline) -> str:
    """What other pages see of a text, digested: its front matter (where each key is, and
    its body starts, too: warnings name those lines) and its outline."""
    # Sets as sorted tuples: their repr's order is not the same in every process.
    return _shape("text", text.meta, text.source.meta_lines, text.source.body_line,
                  sorted(outline.heading_ids), sorted(outline.slot_names), text.lattlast)


def fill_shape(fill: Fill) -> str:
    return _shape("fill", fill.meta, fill.source.meta_lines, fill.source.body_line, fill.slot,
                  fill.lattlast)


def _shape(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def site_index(national: LinkIndex, additions: LinkIndex) -> LinkIndex:
    return LinkIndex({**national.sources, **additions.sources},
                     {**national.pages, **additions.pages}, national.files | additions.files,
                     additions.unpublished, additions.refused)


def put_national(store: StoreFile, record: NationalRecord) -> str:
    return _put(store, NATIONAL_STAGE, {
        "entries": record.entries, "today": record.today,
        "texts": {rel: [*key, found] for rel, (key, found) in record.texts.items()},
        "index": _plain_index(record.index),
        "refs": [[*key, slot, ref] for (key, slot), ref in record.refs.items()],
        "search": record.search, "manifest": record.search_manifest,
        "warnings": _plain_diagnostics(record.warnings),
        "body_warnings": _plain_body_warnings(record.body_warnings),
    })


def put_search(store: StoreFile, part: IndexedPart) -> str:
    return _put(store, SEARCH_STAGE, {"part": _plain_part(part)})


def national_search(store: StoreFile, key: str) -> IndexedPart | None:
    return _read(store, SEARCH_STAGE, key, lambda data: _part(data["part"]))


def put_site(store: StoreFile, record: SiteRecord) -> str:
    return _put(store, SITE_STAGE, {
        "entries": record.entries, "shapes": record.shapes,
        "owners": {rel: list(key) for rel, key in record.owners.items()},
        "articles": [[*key, list(a.texts), list(a.fills), a.own, a.media]
                     for key, a in record.articles.items()],
        "sections": [[v.section.slug, v.url, [[link.title, link.summary, link.url,
                                               link.lattlast_url, link.regional]
                                              for link in v.articles]]
                     for v in record.sections],
        "pages": [list(page) for page in record.pages], "media": record.media,
        "index": _plain_index(record.index), "search": _plain_part(record.search),
        "masked": list(record.masked), "own_manifest": record.own_manifest,
        "own_files": list(record.own_files), "warnings": _plain_diagnostics(record.warnings),
        "body_warnings": _plain_body_warnings(record.body_warnings),
        "page_count": record.page_count,
    })


def put_pointer(store: StoreFile, out: Path, slug: str, pointer: Pointer) -> None:
    data = {"site": pointer.site, "national": pointer.national, "outputs": pointer.outputs}
    store.put(POINTER_STAGE, _pointer_key(out, slug), json.dumps(data).encode())


def pointer(store: StoreFile, out: Path, slug: str) -> Pointer | None:
    return _read(store, POINTER_STAGE, _pointer_key(out, slug), lambda data: Pointer(
        _str(data["site"]), _str(data["national"]), _str(data["outputs"])))


def national_record(store: StoreFile, key: str) -> NationalRecord | None:
    def decode(data: dict) -> NationalRecord:
        refs = {((_str(section), _str(slug), _bool(easy)), _str(slot)): _str(ref)
                for section, slug, easy, slot, ref in data["refs"]}
        texts = {_str(rel): ((_str(section), _str(slug)), _str(found))
                 for rel, (section, slug, found) in _dict(data["texts"]).items()}
        return NationalRecord(_str_dict(data["entries"]), _str(data["today"]), texts,
                              _index(data["index"]), refs, _str(data["search"]),
                              _dict(data["manifest"]), _diagnostics(data["warnings"]),
                              _body_warnings(data["body_warnings"]))
    return _read(store, NATIONAL_STAGE, key, decode)


def site_record(
    store: StoreFile, key: str, sections: Mapping[str, Section]
) -> SiteRecord | None:
    """The site record at `key`; its navigation takes the sections of `sections`."""
    def decode(data: dict) -> SiteRecord:
        articles = {
            (_str(section), _str(slug)): ArticleRecord(
                _strs(texts), _strs(fills), _bool(own),
                {_str(url): _str_dict(found) for url, found in _dict(media).items()})
            for section, slug, texts, fills, own, media in data["articles"]}
        views = tuple(SectionView(sections[slug], _str(url), tuple(
            ArticleLink(_str(title), _str(summary), _str(link_url),
                        None if easy is None else _str(easy), _bool(regional))
            for title, summary, link_url, easy, regional in links))
            for slug, url, links in data["sections"])
        return SiteRecord(
            _str_dict(data["entries"]), _str_dict(data["shapes"]),
            {_str(rel): (_str(section), _str(slug))
             for rel, (section, slug) in _dict(data["owners"]).items()},
            articles, views,
            tuple((_str(url), _str(template), _str(title)) for url, template, title
                  in data["pages"]),
            _str_dict(data["media"]), _index(data["index"]), _part(data["search"]),
            _strs(data["masked"]), _dict(data["own_manifest"]), _strs(data["own_files"]),
            _diagnostics(data["warnings"]), _body_warnings(data["body_warnings"]),
            int(data["page_count"]))
    return _read(store, SITE_STAGE, key, decode)


def _put(store: StoreFile, stage: str, data: dict[str, Any]) -> str:
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    key = hashlib.sha256(encoded).hexdigest()
    store.put(stage, key, encoded)
    return key


def _read(store: StoreFile, stage: str, key: str, decode: Callable[[dict], T]) -> T | None:
    data = store.get(stage, key)
    if data is None:
        return None
    try:
        return decode(_dict(json.loads(data)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        store.damaged(stage, exc)
        return None


def _pointer_key(out: Path, slug: str) -> str:
    return hashlib.sha256(json.dumps([str(out.resolve()), slug]).encode()).hexdigest()


def _plain_index(index: LinkIndex) -> dict[str, Any]:
    return {
        "sources": {rel: [t.url, sorted(t.anchors)] for rel, t in index.sources.items()},
        "pages": {url: sorted(t.anchors) for url, t in index.pages.items()},
        "files": sorted(index.files), "unpublished": sorted(index.unpublished),
        "refused": dict(index.refused),
    }


def _index(data: dict) -> LinkIndex:
    return LinkIndex(
        {_str(rel): Target(_str(url), frozenset(_strs(anchors)))
         for rel, (url, anchors) in _dict(data["sources"]).items()},
        {_str(url): Target(url, frozenset(_strs(anchors)))
         for url, anchors in _dict(data["pages"]).items()},
        frozenset(_strs(data["files"])), frozenset(_strs(data["unpublished"])),
        _str_dict(data["refused"]))


def _plain_part(part: IndexedPart) -> list[Any]:
    return [part.first, [[p.url, p.title, p.summary, p.section, p.lattlast] for p in part.pages],
            [[ref, terms] for ref, terms in part.docs]]


def _part(data: Any) -> IndexedPart:
    first, pages, docs = _list(data)
    return IndexedPart(
        int(first), tuple(ResultPage(_str(url), _str(title), _str(summary), _str(section),
                                     _bool(easy))
                          for url, title, summary, section, easy in pages),
        tuple((_str(ref), terms_of_plain(terms)) for ref, terms in docs))


def _plain_body_warnings(found: dict[str, list[Diagnostic]]) -> dict[str, list[list[Any]]]:
    return {path: _plain_diagnostics(problems) for path, problems in found.items()}


def _body_warnings(data: Any) -> dict[str, list[Diagnostic]]:
    return {_str(path): _diagnostics(found) for path, found in _dict(data).items()}


def _plain_diagnostics(found: list[Diagnostic]) -> list[list[Any]]:
    return [plain_diagnostic(d) for d in found]


def _diagnostics(data: Any) -> list[Diagnostic]:
    return [diagnostic_of(d) for d in _list(data)]


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not true or false: {value!r}")
    return value


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise TypeError(f"not a list: {value!r}")
    return value


def _dict(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"not a mapping: {value!r}")
    return value


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(value))


def _str_dict(value: Any) -> dict[str, str]:
    return {_str(key): _str(item) for key, item in _dict(value).items()}
