"""lunr indexes of search documents, and the query that the search page runs.

`search` is the reference for themes/default/static/search.js: the same
tokens, the same lunr clauses, the same merging of parts into pages. Tests
compare the two on the same index.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token import Token

from generator.search.documents import FIELD_BOOSTS, FIELDS, PREFIX_MIN, SearchDoc
from generator.search.tokens import stem, stop_words, tokenize

# The names lunr-languages registers in the browser (lunr.sv.js), so an index
# written here loads there.
STEMMER = "stemmer-sv"
STOP_WORD_FILTER = "stopWordFilter-sv"


def _stem_token(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    return token.update(lambda text, metadata=None: stem(text))


def _drop_stop_word(
    token: Token, i: int | None = None, tokens: list[Token] | None = None
) -> Token | None:
    return None if str(token) in stop_words() else token


def swedish_pipeline() -> tuple[list, list]:
    """(index pipeline, search pipeline) functions, registered under lunr.sv's names."""
    # lunr serialises a pipeline by the registered names of its functions.
    if Pipeline.registered_functions.get(STEMMER) is not _stem_token:
        # lunr.py registers its own NLTK stemmer under this name when it can;
        # replacing it is intended, so its warning is not shown.
        lunr_log = logging.getLogger("lunr.pipeline")
        level = lunr_log.level
        lunr_log.setLevel(logging.ERROR)
        try:
            Pipeline.register_function(_stem_token, STEMMER)
            Pipeline.register_function(_drop_stop_word, STOP_WORD_FILTER)
        finally:
            lunr_log.setLevel(level)
    return [_drop_stop_word, _stem_token], [_stem_token]


def build_index(docs: Iterable[SearchDoc]) -> Index | None:
    """A lunr index with the Swedish pipeline; None when there is nothing to index.

    The build writes its files from search_weights instead, which is faster;
    this index is the reference those weights and `search` are tested against.
    """
    index_pipeline, search_pipeline = swedish_pipeline()
    builder = Builder()
    builder.pipeline.add(*index_pipeline)
    builder.search_pipeline.add(*search_pipeline)
    builder.ref("ref")
    for name in FIELDS:
        builder.field(name, boost=FIELD_BOOSTS[name])
    empty = True
    for doc in docs:
        # A list of words bypasses lunr's own tokenizer, which splits on spaces only.
        builder.add({"ref": doc.ref, **{name: tokenize(getattr(doc, name)) for name in FIELDS}})
        empty = False
    return None if empty else builder.build()


@dataclass(frozen=True)
class ParsedQuery:
    stems: tuple[str, ...]  # every one must match somewhere in a page
    prefix: str | None  # the stem typed last, also matched as a prefix


def parse_query(text: str) -> ParsedQuery:
    words = [w for w in tokenize(text) if w not in stop_words()]
    stems = tuple(dict.fromkeys(stem(w) for w in words))
    typing = bool(words) and not text[-1:].isspace()
    last = stem(words[-1]) if words else ""
    return ParsedQuery(stems, last if typing and len(last) >= PREFIX_MIN else None)


@dataclass(frozen=True)
class IndexPart:
    index: Index | None
    hidden: frozenset[str] = field(default_factory=frozenset)  # refs this site does not show


def search(parts: Iterable[IndexPart], text: str) -> list[tuple[int, float]]:
    """(page number, score) of every page that matches all words, best first."""
    query = parse_query(text)
    if not query.stems:
        return []
    scores: dict[int, float] = {}
    matched: dict[int, set[str]] = {}
    for part in parts:
        if part.index is None:
            continue
        for result in part.index.query(_lunr_query(part.index, query)):
            if result["ref"] in part.hidden:
                continue
            page = int(result["ref"].split(".")[0])
            scores[page] = scores.get(page, 0.0) + result["score"]
            matched.setdefault(page, set()).update(
                _matched_stems(query, result["match_data"].metadata)
            )
    found = [page for page in scores if len(matched[page]) == len(query.stems)]
    return sorted(((p, scores[p]) for p in found), key=lambda hit: (-hit[1], hit[0]))


def _lunr_query(index: Index, query: ParsedQuery) -> Query:
    lunr_query = index.create_query()
    for word in query.stems:
        # Words are stemmed already; a wildcard term would skip the stemmer anyway.
        lunr_query.term(word, use_pipeline=False)
        if word == query.prefix:
            lunr_query.term(word, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING)
    return lunr_query


def _matched_stems(query: ParsedQuery, terms: Iterable[str]) -> set[str]:
    found = set(terms)
    return {
        word for word in query.stems
        if word in found or (word == query.prefix and any(t.startswith(word) for t in found))
    }
