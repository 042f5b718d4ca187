"""Search in the languages of translations: each language's texts as one site shows them,
for the reader's browser to index when they first search in that language.

A language's texts are few beside the Swedish ones (a portal translates a selection,
from the short lättläst texts), so they are sent whole, in one file per site and
language, and indexed in the browser by lunr with lunr-languages' stemmer for the
language, lunr's own English pipeline, or the words alone where neither has one. The
Swedish index is large, so it is built at build time and cut into files (search/files.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.render.overlay import ArticleText
from generator.render.plain_text import plain_text
from generator.search.documents import Words
from generator.site_urls import LANGUAGE_SEARCH_DATA, STATIC, language_url

# The stemmer of each language lunr-languages has, in node_modules; lunr speaks English.
LUNR_LANGUAGE = "lunr-languages/min/lunr.{}.min.js"
LUNR_ENGLISH = "en"


def stemmer_of(language: str, node_modules: Path) -> str | None:
    """What the browser stems `language` (BCP 47) with: lunr-languages' name of it, "en"
    for lunr's own pipeline, or None for the words as they are."""
    primary = language.split("-", 1)[0]
    if primary == LUNR_ENGLISH:
        return LUNR_ENGLISH
    return primary if (node_modules / LUNR_LANGUAGE.format(primary)).is_file() else None


def stemmer_files(stemmers: set[str | None]) -> dict[str, str]:
    """Site path -> path in node_modules of lunr-languages' file for each stemmer."""
    return {f"{STATIC}lunr/lunr.{name}.min.js": LUNR_LANGUAGE.format(name)
            for name in sorted(s for s in stemmers if s and s != LUNR_ENGLISH)}


def language_search_files(
    texts: list[ArticleText], node_modules: Path, words: Words = plain_text
) -> list[tuple[str, bytes, str | None]]:
    """(site path, bytes, stemmer) of the search data of each language among `texts`;
    `words` as the Swedish index's (engine/national.py: through the store, so that a
    national translation's words are found once for every site)."""
    by_language: dict[str, list[list[str]]] = {}
    for shown in texts:
        language = shown.text.language
        if language is None:
            continue
        meta = shown.text.meta
        plain = words("".join(part.html for part in shown.parts))
        by_language.setdefault(language, []).append(
            [shown.url, meta.title, meta.summary, "\n".join((*plain.headings, *plain.blocks))])
    files = []
    for language, found in sorted(by_language.items()):
        stemmer = stemmer_of(language, node_modules)
        data = {"language": language, "stemmer": stemmer,
                "texts": sorted(found, key=lambda row: row[0])}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        files.append((language_url(language) + LANGUAGE_SEARCH_DATA,
                      f"halsoSprak({text});\n".encode(), stemmer))
    return files
