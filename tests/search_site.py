"""Read a built site's search files back into lunr.py indexes, as search.js does in the browser.

search.js loads only the shards a query needs; this loads them all, so a test
can hold the browser's answers against lunr.py's on the very same files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lunr.index import Index
from lunr_reference import STEMMER, IndexPart, search, swedish_pipeline


def read_script(path: Path) -> tuple[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("halsoSok(") and text.endswith(");\n"), path
    name, _, data = text[len("halsoSok("):-len(");\n")].partition(",")
    return json.loads(name), json.loads(data)


@dataclass(frozen=True)
class BuiltSearch:
    manifest: dict
    parts: list[IndexPart]
    pages: dict[int, list]  # page number -> [url, title, summary, section, lattlast]

    def search(self, query: str) -> list[tuple[str, float]]:
        return [(self.pages[page][0], score) for page, score in search(self.parts, query)]


def read_built_search(site: Path) -> BuiltSearch:
    folder = site / "search"
    name, manifest = read_script(folder / "manifest.js")
    assert name == "manifest.js"
    parts, pages = [], {}
    for part in manifest["parts"]:
        shards = [read_script(folder / file)[1] for _, file in part["shards"]]
        parts.append(IndexPart(_index(shards, manifest), frozenset(part.get("hidden", []))))
        for number, file in enumerate(part["pages"]):
            for offset, row in enumerate(read_script(folder / file)[1]):
                pages[part["first"] + number * part["chunk"] + offset] = row
    return BuiltSearch(manifest, parts, pages)


def _index(shards: list[dict], manifest: dict) -> Index | None:
    if not shards:
        return None
    swedish_pipeline()  # registers stemmer-sv for Index.load
    postings = {term: fields for shard in shards for term, fields in shard.items()}
    terms = sorted(postings)
    vectors: dict[str, list[float]] = {}
    inverted = []
    for i, term in enumerate(terms):
        posting: dict = {"_index": i}
        for f, field in enumerate(manifest["fields"]):
            docs, page, flat = {}, 0, postings[term][f]
            for k in range(0, len(flat), 3):
                page += flat[k]
                ref = f"{page}.{flat[k + 1]}"
                docs[ref] = {}
                vectors.setdefault(f"{field}/{ref}", []).extend(
                    [i, flat[k + 2] / manifest["weightScale"]])
            posting[field] = docs
        inverted.append([term, posting])
    field_vectors = [[field_ref, elements] for field_ref, elements in vectors.items()]
    return Index.load({"version": "2.3.9", "fields": manifest["fields"],
                       "fieldVectors": field_vectors, "invertedIndex": inverted,
                       "pipeline": [STEMMER]})
