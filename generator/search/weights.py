"""lunr's field-vector weights, computed without building a lunr index.

lunr.py's Builder wraps every token in an object with deep-copied metadata and
keeps structures only a query needs; the search files need just the terms and
each field's weights. This module gives exactly what lunr.py 0.8.0 (lunr.js
2.3.9) serialises as `fieldVectors`: the same Swedish pipeline, the same BM25
with the same float operations in the same order, the same rounding, so the
files are byte-identical to the ones cut from a lunr index
(tests/test_search_weights.py holds the two to that).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.search.documents import FIELD_BOOSTS, FIELDS, SearchDoc
from generator.search.tokens import stem, stop_words, tokenize
from generator.store import Codec

# lunr.Builder's defaults; both builders must use the same numbers.
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class FieldWeights:
    """Every indexed term, and per field, per document ref, each term's weight."""

    terms: frozenset[str]  # lunr's inverted index: every term any document gave
    vectors: dict[str, dict[str, dict[str, float]]]  # field -> ref -> term -> weight


# Per field, in FIELDS order: each index term's count in the field, and the field's length
# in terms. What tokenizing and stemming make of one document: the costly part of indexing.
DocTerms = tuple[tuple[dict[str, int], int], ...]


def doc_terms(doc: SearchDoc) -> DocTerms:
    found = []
    for name in FIELDS:
        terms = [t for t in map(_index_term, tokenize(getattr(doc, name))) if t is not None]
        found.append((dict(Counter(terms)), len(terms)))
    return tuple(found)


def field_weights(
    docs: Iterable[SearchDoc], terms_of: Callable[[SearchDoc], DocTerms] = doc_terms
) -> FieldWeights | None:
    """The weights lunr would give `docs`; None when there is nothing to index.

    `terms_of` may take each document's terms from the build's store.
    """
    return indexed_weights((doc.ref, terms_of(doc)) for doc in docs)


def indexed_weights(docs: Iterable[tuple[str, DocTerms]]) -> FieldWeights | None:
    """`field_weights` of documents given as their refs and terms."""
    found = counted_terms(docs)
    if found is None:
        return None
    return FieldWeights(found.terms, {name: found.field_weights(name) for name in FIELDS})


@dataclass(frozen=True)
class CountedTerms:
    """What the weights are made of: per field, each document's term counts and length;
    each term's idf. A field's weights are made when asked for, so that a large part
    need not hold every field's at once (search/files.py)."""

    terms: frozenset[str]
    counts: dict[str, dict[str, dict[str, int]]]  # field -> ref -> term -> count
    lengths: dict[str, dict[str, int]]  # field -> ref -> length in terms
    idf: dict[str, float]

    def field_weights(self, name: str) -> dict[str, dict[str, float]]:
        """ref -> term -> weight, in field `name`."""
        return _weights(self.counts[name], self.lengths[name], self.idf, FIELD_BOOSTS[name])


def counted_terms(docs: Iterable[tuple[str, DocTerms]]) -> CountedTerms | None:
    """The counts of documents given as their refs and terms; None when there are none."""
    vectors: dict[str, dict[str, dict[str, int]]] = {name: {} for name in FIELDS}
    lengths: dict[str, dict[str, int]] = {name: {} for name in FIELDS}
    with_term: Counter[str] = Counter()  # (field, ref) pairs that have the term
    seen: dict[tuple[str, str], set[str]] = {}  # terms of refs given twice, see below
    document_count = 0
    refs: set[str] = set()
    for ref, terms in docs:
        document_count += 1
        repeated = ref in refs
        refs.add(ref)
        for name, (counts, length) in zip(FIELDS, terms, strict=True):
            if repeated:
                # lunr keeps the last document's vector under a ref but counts a
                # term once per field and ref in its idf, across both documents.
                earlier = seen.setdefault((name, ref), set(vectors[name][ref]))
                with_term.update(t for t in counts if t not in earlier)
                earlier.update(counts)
            else:
                with_term.update(counts.keys())
            vectors[name][ref] = counts
            lengths[name][ref] = length
    if not document_count:
        return None
    idf = {term: _idf(n, document_count) for term, n in with_term.items()}
    return CountedTerms(frozenset(with_term), vectors, lengths, idf)


def _encode_terms(terms: DocTerms) -> bytes:
    return json.dumps(terms, ensure_ascii=False, separators=(",", ":")).encode()


def _decode_terms(data: bytes) -> DocTerms:
    return terms_of_plain(json.loads(data))


def terms_of_plain(found: Any) -> DocTerms:
    """A document's terms from JSON data (as `json.dumps` writes DocTerms), checked."""
    if not isinstance(found, list) or len(found) != len(FIELDS):
        raise ValueError("not one entry per field")
    for counts, length in found:
        # JSON's keys are strings: only the counts need a look.
        if not (isinstance(counts, dict) and type(length) is int
                and set(map(type, counts.values())) <= {int}):
            raise TypeError("a field's terms are not counts and a length")
    return tuple((counts, length) for counts, length in found)


# How the store keeps a document's terms: plain JSON.
DOC_TERMS_CODEC = Codec(_encode_terms, _decode_terms)


@functools.lru_cache(maxsize=200_000)
def _index_term(word: str) -> str | None:
    """What lunr's index pipeline makes of one token: None for a stop word, else its stem."""
    word = word.lower()  # lunr's Tokenizer lowercases list items once more
    return None if word in stop_words() else stem(word)


def _idf(documents_with_term: int, document_count: int) -> float:
    # lunr/idf.py, operation for operation.
    x = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


def _weights(
    vectors: dict[str, dict[str, int]], lengths: dict[str, int], idf: dict[str, float], boost: int
) -> dict[str, dict[str, float]]:
    # Builder._calculate_average_field_lengths: an int sum over an int count.
    average = sum(lengths.values()) / len(lengths)
    weights: dict[str, dict[str, float]] = {}
    for ref, counts in vectors.items():
        # Builder._create_field_vectors, in its order of float operations; the
        # document boost is 1, and multiplying by 1 changes no float.
        norm = K1 * (1 - B + B * (lengths[ref] / average)) if counts else 0.0
        weights[ref] = {
            term: round(idf[term] * ((K1 + 1) * tf) / (norm + tf) * boost, 3)
            for term, tf in counts.items()
        }
    return weights
