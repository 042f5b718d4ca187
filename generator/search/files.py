"""Search documents indexed and cut into files a browser fetches only when a query needs them.

A part (national, or a site's own) becomes:

- term shards: the sorted terms cut into runs of about SHARD_BYTES; each term
  lists, per field, its documents and their weights. A query loads the shard
  of each of its words (a prefix may span two), never the whole index.
- page chunks: what a result shows (address, title, summary, section), PAGE_CHUNK
  pages per file, loaded for the results on screen.

Weights are lunr's field-vector values (3 decimals, stored as integers). lunr
scores a document by the dot product of the query with those vectors over the
query's length, so the browser can rebuild a lunr index from just the shards
of the query's terms and get the same scores as from the whole index.

Every file is a script calling `halsoSok(name, data)`: scripts load from a
web server and from disk alike, where fetch() does not.
File names carry a hash of their content, so a browser cache never mixes two
builds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.search.documents import FIELDS, PREFIX_MIN, DocSet, ResultPage, SearchDoc
from generator.search.tokens import stop_words
from generator.search.weights import CountedTerms, DocTerms, counted_terms, doc_terms
from generator.site_urls import SEARCH_FILES
from generator.store import Codec

MANIFEST = "manifest.js"
# The parts of a site's index, each a folder under search/: the national texts', and the
# site's own (its fills and region-only articles).
NATIONAL_PART = "n"
OWN_PART = "r"
SHARD_BYTES = 40_000
PAGE_CHUNK = 50
WEIGHT_SCALE = 1000  # lunr rounds weights to 3 decimals
CALLBACK = "halsoSok"


@dataclass(frozen=True)
class PartFiles:
    manifest: dict[str, Any]  # what the site's manifest says about this part
    files: tuple[tuple[str, bytes], ...]  # path under search/ -> bytes


def part_files(
    name: str, docs: DocSet, terms_of: Callable[[SearchDoc], DocTerms] = doc_terms
) -> PartFiles:
    """A part's files; `terms_of` may take each document's terms from the build's store."""
    return indexed_part_files(name, docs.first, docs.pages,
                              [(doc.ref, terms_of(doc)) for doc in docs.docs])


def indexed_part_files(
    name: str, first: int, pages: tuple[ResultPage, ...], docs: list[tuple[str, DocTerms]]
) -> PartFiles:
    """`part_files` of documents given as their refs and terms."""
    files: list[tuple[str, bytes]] = []
    shards = []
    for first_term, data in _term_shards(counted_terms(docs)):
        path = _script_file(f"{name}/t{len(shards)}", data, files)
        shards.append([first_term, path])
    chunks = []
    for start in range(0, len(pages), PAGE_CHUNK):
        rows = [
            [page.url, page.title, page.summary, page.section, int(page.lattlast)]
            + ([[list(t) for t in page.translations]] if page.translations else [])
            for page in pages[start:start + PAGE_CHUNK]
        ]
        chunks.append(_script_file(f"{name}/p{len(chunks)}", rows, files))
    manifest = {"shards": shards, "first": first, "chunk": PAGE_CHUNK, "pages": chunks}
    return PartFiles(manifest, tuple(files))


def named_by_content(path: str) -> bool:
    """Whether a site's file at `path` has a name that a hash of its bytes is part of."""
    return path.startswith(SEARCH_FILES) and path != SEARCH_FILES + MANIFEST


def part_paths(manifest: dict[str, Any]) -> list[str]:
    """The paths under search/ of the files a part's manifest names."""
    return [path for _, path in manifest["shards"]] + list(manifest["pages"])


def site_search_files(
    national: PartFiles, own: PartFiles, hidden: tuple[str, ...]
) -> list[tuple[str, bytes]]:
    """Every search file of one site, paths relative to the site root."""
    manifest = {
        "fields": list(FIELDS),
        "prefixMin": PREFIX_MIN,
        "weightScale": WEIGHT_SCALE,
        "stopWords": sorted(stop_words()),
        "parts": [{**national.manifest, "hidden": sorted(set(hidden))}, own.manifest],
    }
    files = [(MANIFEST, _script(MANIFEST, manifest)), *national.files, *own.files]
    return [(SEARCH_FILES + path, data) for path, data in files]


def _term_shards(counted: CountedTerms | None) -> list[tuple[str, dict[str, list[list[int]]]]]:
    if counted is None:
        return []
    # Per term and field: [page, part, weight, ...], sorted, with each page given as the
    # step from the one before, so that a long list stays short in the file.
    postings: dict[str, list[list[int]]] = {term: [[] for _ in FIELDS] for term in counted.terms}
    for field_number, field_name in enumerate(FIELDS):
        vectors = counted.field_weights(field_name)  # one field's at a time
        previous: dict[str, int] = {}
        # Documents in (page, part) order, so that every term's postings come out sorted.
        for page, part, ref in sorted((*map(int, ref.split(".")), ref) for ref in vectors):
            for term, value in vectors[ref].items():
                postings[term][field_number] += (page - previous.get(term, 0), part,
                                                 round(value * WEIGHT_SCALE))
                previous[term] = page
    shards: list[tuple[str, dict[str, list[list[int]]]]] = []
    size = SHARD_BYTES
    for term in sorted(postings):
        encoded = postings[term]
        # len(json.dumps(encoded)), made faster: for lists of ints, the repr is the same text.
        entry_size = len(term) + len(repr(encoded))
        if size + entry_size > SHARD_BYTES:
            shards.append((term, {}))
            size = 0
        shards[-1][1][term] = encoded
        size += entry_size
    return shards


def _script_file(stem: str, data: Any, files: list[tuple[str, bytes]]) -> str:
    text = _json(data)  # encoded once: shards are most of a build's search time
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    path = f"{stem}-{digest}.js"
    files.append((path, _script_text(path, text)))
    return path


def _script(name: str, data: Any) -> bytes:
    return _script_text(name, _json(data))


def _script_text(name: str, text: str) -> bytes:
    return f"{CALLBACK}({json.dumps(name)},{text});\n".encode()


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _encode(part: PartFiles) -> bytes:
    files = [[path, data.decode("utf-8")] for path, data in part.files]
    return json.dumps([part.manifest, files], ensure_ascii=False,
                      separators=(",", ":")).encode()


def _decode(data: bytes) -> PartFiles:
    manifest, files = json.loads(data)
    if not isinstance(manifest, dict):
        raise TypeError("the manifest is not a mapping")
    return PartFiles(manifest, tuple((str(path), text.encode("utf-8")) for path, text in files))


# How the store keeps a part's files: plain JSON (the files are UTF-8 scripts).
PART_FILES_CODEC = Codec(_encode, _decode)
