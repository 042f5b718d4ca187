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
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.search.documents import FIELD_BOOSTS, FIELDS, SearchDoc
from generator.search.tokens import stem, stop_words, tokenize

# lunr.Builder's defaults; both builders must use the same numbers.
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class FieldWeights:
    """Every indexed term, and per field, per document ref, each term's weight."""

    terms: frozenset[str]  # lunr's inverted index: every term any document gave
    vectors: dict[str, dict[str, dict[str, float]]]  # field -> ref -> term -> weight


def field_weights(docs: Iterable[SearchDoc]) -> FieldWeights | None:
    """The weights lunr would give `docs`; None when there is nothing to index."""
    vectors: dict[str, dict[str, Counter[str]]] = {name: {} for name in FIELDS}
    lengths: dict[str, dict[str, int]] = {name: {} for name in FIELDS}
    with_term: Counter[str] = Counter()  # (field, ref) pairs that have the term
    seen: dict[tuple[str, str], set[str]] = {}  # terms of refs given twice, see below
    document_count = 0
    refs: set[str] = set()
    for doc in docs:
        document_count += 1
        repeated = doc.ref in refs
        refs.add(doc.ref)
        for name in FIELDS:
            terms = [t for t in map(_index_term, tokenize(getattr(doc, name))) if t is not None]
            counts = Counter(terms)
            if repeated:
                # lunr keeps the last document's vector under a ref but counts a
                # term once per field and ref in its idf, across both documents.
                earlier = seen.setdefault((name, doc.ref), set(vectors[name][doc.ref]))
                with_term.update(t for t in counts if t not in earlier)
                earlier.update(counts)
            else:
                with_term.update(counts.keys())
            vectors[name][doc.ref] = counts
            lengths[name][doc.ref] = len(terms)
    if not document_count:
        return None
    idf = {term: _idf(n, document_count) for term, n in with_term.items()}
    weighted = {
        name: _weights(vectors[name], lengths[name], idf, FIELD_BOOSTS[name]) for name in FIELDS
    }
    return FieldWeights(frozenset(with_term), weighted)


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
    vectors: dict[str, Counter[str]], lengths: dict[str, int], idf: dict[str, float], boost: int
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
