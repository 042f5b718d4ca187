"""What each written site was made from, kept in the store so that a later build in a fresh
process can redo only what an edit changed (engine/targeted.py).

After a build writes its sites, the store holds:

- a national record: the stamps of every file all sites read (national texts,
  site files, every region.yml, the theme, the browser scripts), the shape of
  each national text (what other pages see of it: front matter and headings),
  the link index national texts were rendered against, the search refs of their
  slots, the national search part (its documents' terms, apart) and the
  warnings every site's build shares, those of each text's body apart;
- a site record per site: the stamps of its region's own folders and the
  warnings the site gave, with the keys of its parts, each a row of its own so
  that a build reads only those it needs: the navigation and page outline,
  each text's and fill's shape and article, each article's texts, fills and
  media, the site's link index (as additions to the national one) and its own
  search part;
- a pointer per site and output folder: which records describe the folder's
  site and the stamp of the files it holds.

Every row is plain JSON (engine/record_json.py), keyed by a digest of its bytes,
and checked for shape when read: a damaged row is one warning and an ordinary
build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.content.model import Fill, Section, Text
from generator.diagnostics import Diagnostic
from generator.engine.record_json import (
    a_bool,
    a_dict,
    a_str,
    by_path_of,
    diagnostics_of,
    index_of,
    plain_by_path,
    plain_diagnostics,
    plain_index,
    plain_search,
    search_of,
    str_dict,
    strs,
)
from generator.render.article_links import ArticleLink
from generator.render.article_texts import Outline, TextKey
from generator.render.links import LinkIndex
from generator.render.pages import SectionView
from generator.search.documents import ResultPage
from generator.search.weights import DocTerms
from generator.store_file import StoreFile

NATIONAL_STAGE = "national-record"
SITE_STAGE = "site-record"
PART_STAGE = "site-record-part"  # parts of either record, read only when needed
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
class Shown:
    """A text or fill as a site shows it."""

    article: ArticleKey
    shape: str  # what other pages see of it (`text_shape`, `fill_shape`)
    body: str  # its body's digest


@dataclass(frozen=True)
class NationalRecord:
    entries: Entries  # what every site reads, stamped
    today: str
    texts: dict[str, Shown]  # content path of each text shown -> how
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
class SiteNav:
    sections: tuple[SectionView, ...]
    pages: tuple[tuple[str, str, str], ...]  # every page's URL, template and title
    media: dict[str, str]


@dataclass(frozen=True)
class SiteRecord:
    entries: Entries  # the region's own folders, stamped
    # Keys of the parts: SiteNav, each shown text's and fill's (shape, article), each
    # article's ArticleRecord, the index's additions, the own search part's IndexedPart.
    nav: str
    texts: str
    articles: str
    index: str
    search: str
    masked: tuple[str, ...]  # national search refs the site's fills replace
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
                     additions.unpublished, additions.refused,
                     {**national.images, **additions.images})


def put_national(store: StoreFile, record: NationalRecord) -> str:
    return _put(store, NATIONAL_STAGE, {
        "entries": record.entries, "today": record.today,
        "texts": _plain_shown(record.texts), "index": plain_index(record.index),
        "refs": [[*key, slot, ref] for (key, slot), ref in record.refs.items()],
        "search": record.search, "manifest": record.search_manifest,
        "warnings": plain_diagnostics(record.warnings),
        "body_warnings": plain_by_path(record.body_warnings),
    })


def national_record(store: StoreFile, key: str) -> NationalRecord | None:
    def decode(data: dict) -> NationalRecord:
        refs = {((a_str(section), a_str(slug), a_bool(easy), None if language is None
                  else a_str(language)), a_str(slot)): a_str(ref)
                for section, slug, easy, language, slot, ref in data["refs"]}
        return NationalRecord(str_dict(data["entries"]), a_str(data["today"]),
                              _shown_of(data["texts"]),
                              index_of(data["index"]), refs, a_str(data["search"]),
                              a_dict(data["manifest"]), diagnostics_of(data["warnings"]),
                              by_path_of(data["body_warnings"]))
    return _read(store, NATIONAL_STAGE, key, decode)


def put_site(store: StoreFile, record: SiteRecord) -> str:
    return _put(store, SITE_STAGE, {
        "entries": record.entries, "nav": record.nav, "texts": record.texts,
        "articles": record.articles, "index": record.index, "search": record.search,
        "masked": list(record.masked), "own_manifest": record.own_manifest,
        "own_files": list(record.own_files), "warnings": plain_diagnostics(record.warnings),
        "body_warnings": plain_by_path(record.body_warnings), "page_count": record.page_count,
    })


def site_record(store: StoreFile, key: str) -> SiteRecord | None:
    return _read(store, SITE_STAGE, key, lambda data: SiteRecord(
        str_dict(data["entries"]), a_str(data["nav"]), a_str(data["texts"]),
        a_str(data["articles"]), a_str(data["index"]), a_str(data["search"]),
        strs(data["masked"]), a_dict(data["own_manifest"]), strs(data["own_files"]),
        diagnostics_of(data["warnings"]), by_path_of(data["body_warnings"]),
        int(data["page_count"])))


def put_nav(store: StoreFile, nav: SiteNav) -> str:
    return _put(store, PART_STAGE, {
        "sections": [[v.section.slug, v.url, [[link.title, link.summary, link.url,
                                               link.lattlast_url, link.regional]
                                              for link in v.articles]]
                     for v in nav.sections],
        "pages": [list(page) for page in nav.pages], "media": nav.media})


def site_nav(store: StoreFile, key: str, sections: Mapping[str, Section]) -> SiteNav | None:
    """The navigation at `key`, its views holding the sections of `sections`."""
    return _read(store, PART_STAGE, key, lambda data: SiteNav(
        tuple(SectionView(sections[slug], a_str(url), tuple(
            ArticleLink(a_str(title), a_str(summary), a_str(link_url),
                        None if easy is None else a_str(easy), a_bool(regional))
            for title, summary, link_url, easy, regional in links))
            for slug, url, links in data["sections"]),
        tuple((a_str(url), a_str(template), a_str(title))
              for url, template, title in data["pages"]),
        str_dict(data["media"])))


def put_texts(store: StoreFile, texts: dict[str, Shown]) -> str:
    return _put(store, PART_STAGE, {"texts": _plain_shown(texts)})


def site_texts(store: StoreFile, key: str) -> dict[str, Shown] | None:
    """Content path of each text and fill a site shows -> how."""
    return _read(store, PART_STAGE, key, lambda data: _shown_of(data["texts"]))


def _plain_shown(texts: dict[str, Shown]) -> dict[str, list[str]]:
    return {rel: [*found.article, found.shape, found.body] for rel, found in texts.items()}


def _shown_of(data: Any) -> dict[str, Shown]:
    return {a_str(rel): Shown((a_str(section), a_str(slug)), a_str(shape), a_str(body))
            for rel, (section, slug, shape, body) in a_dict(data).items()}


def put_articles(store: StoreFile, articles: dict[ArticleKey, ArticleRecord]) -> str:
    return _put(store, PART_STAGE, {"articles": [
        [*key, list(a.texts), list(a.fills), a.own, a.media] for key, a in articles.items()]})


def site_articles(
    store: StoreFile, key: str, wanted: set[ArticleKey]
) -> dict[ArticleKey, ArticleRecord] | None:
    """Of the articles at `key`, those `wanted` (the others are not decoded)."""
    return _read(store, PART_STAGE, key, lambda data: {
        (section, slug): ArticleRecord(
            strs(texts), strs(fills), a_bool(own),
            {a_str(url): str_dict(found) for url, found in a_dict(media).items()})
        for section, slug, texts, fills, own, media in data["articles"]
        if (section, slug) in wanted})


def put_index(store: StoreFile, index: LinkIndex) -> str:
    return _put(store, PART_STAGE, {"index": plain_index(index)})


def index_record(store: StoreFile, key: str) -> LinkIndex | None:
    return _read(store, PART_STAGE, key, lambda data: index_of(data["index"]))


def put_search(store: StoreFile, part: IndexedPart) -> str:
    return _put(store, PART_STAGE, {"search": plain_search(part.first, part.pages, part.docs)})


def search_record(store: StoreFile, key: str) -> IndexedPart | None:
    return _read(store, PART_STAGE, key, lambda data: IndexedPart(*search_of(data["search"])))


def put_pointer(store: StoreFile, out: Path, top: str, pointer: Pointer) -> None:
    """Record what the entry `top` of the output folder (a site's folder) was made from."""
    data = {"site": pointer.site, "national": pointer.national, "outputs": pointer.outputs}
    store.put(POINTER_STAGE, _pointer_key(out, top), json.dumps(data).encode())


def pointer(store: StoreFile, out: Path, top: str) -> Pointer | None:
    return _read(store, POINTER_STAGE, _pointer_key(out, top), lambda data: Pointer(
        a_str(data["site"]), a_str(data["national"]), a_str(data["outputs"])))


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
        return decode(a_dict(json.loads(data)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        store.damaged(stage, exc)
        return None


def _pointer_key(out: Path, top: str) -> str:
    return hashlib.sha256(json.dumps([str(out.resolve()), top]).encode()).hexdigest()
