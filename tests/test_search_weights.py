"""Our field weights against lunr.py's Builder: the same numbers, so the same bytes.

lunr.py stays the reference: `build_index` is what search_index.search queries,
and the old way of cutting files read its serialised field vectors.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FIXTURES, REPO, THEMES
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.index import Index
from lunr_reference import build_index

from generator.engine import national as national_stage
from generator.engine import site as site_stage
from generator.engine.build import Paths, render_build
from generator.search.documents import FIELDS, DocSet, SearchDoc
from generator.search.files import SHARD_BYTES, WEIGHT_SCALE, _term_shards
from generator.search.weights import counted_terms, doc_terms, field_weights


def lunr_weights(index: Index) -> tuple[set[str], dict[str, dict[str, dict[str, float]]]]:
    """(terms, field -> ref -> term -> weight) as lunr.py serialises them."""
    serialized = index.serialize()
    terms = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    vectors: dict[str, dict[str, dict[str, float]]] = {name: {} for name in FIELDS}
    for field_ref, elements in serialized["fieldVectors"]:
        field_name, ref = field_ref.split("/", 1)
        vectors[field_name][ref] = {
            terms[i]: value for i, value in zip(elements[::2], elements[1::2], strict=True)
        }
    return set(terms.values()), vectors


def lunr_term_shards(index: Index | None) -> list[tuple[str, dict[str, list[list[int]]]]]:
    """The shards as search_files cut them from a lunr index before it had its own weights."""
    if index is None:
        return []
    serialized = index.serialize()
    terms = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    field_number = {name: n for n, name in enumerate(FIELDS)}
    postings: dict[str, list[list[tuple[int, int, int]]]] = {
        term: [[] for _ in FIELDS] for term in terms.values()
    }
    for field_ref, elements in serialized["fieldVectors"]:
        field_name, ref = field_ref.split("/", 1)
        page, part = (int(n) for n in ref.split("."))
        for term_index, value in zip(elements[::2], elements[1::2], strict=True):
            weight = round(value * WEIGHT_SCALE)
            postings[terms[term_index]][field_number[field_name]].append((page, part, weight))
    shards: list[tuple[str, dict[str, list[list[int]]]]] = []
    size = SHARD_BYTES
    for term in sorted(postings):
        encoded = [_delta_encoded(sorted(field)) for field in postings[term]]
        entry_size = len(term) + len(json.dumps(encoded))
        if size + entry_size > SHARD_BYTES:
            shards.append((term, {}))
            size = 0
        shards[-1][1][term] = encoded
        size += entry_size
    return shards


def _delta_encoded(postings: list[tuple[int, int, int]]) -> list[int]:
    """[page, part, weight, ...], with each page given as the step from the one before."""
    encoded: list[int] = []
    previous = 0
    for page, part, weight in postings:
        encoded += (page - previous, part, weight)
        previous = page
    return encoded


def as_bytes(shards: list[tuple[str, dict[str, list[list[int]]]]]) -> bytes:
    # What a shard file holds, in order, so dict order and int/float count too.
    return json.dumps(shards, ensure_ascii=False, separators=(",", ":")).encode()


def built_doc_sets(content, tmp_path, monkeypatch) -> list[tuple[str, DocSet]]:
    """Every part a whole build indexes: the national one and each site's own."""
    seen: list[tuple[str, DocSet]] = []
    original = national_stage.part_files

    def recording(name, docs, terms_of):
        seen.append((name, docs))
        return original(name, docs, terms_of)

    # The national stage indexes the national part, each site's stage its own.
    monkeypatch.setattr(national_stage, "part_files", recording)
    monkeypatch.setattr(site_stage, "part_files", recording)
    paths = Paths(content, THEMES, tmp_path / "out", REPO / "node_modules")
    render_build(paths, None, dt.date(2026, 11, 22))
    return seen


def counted(docs):
    return counted_terms((doc.ref, doc_terms(doc)) for doc in docs)


@pytest.mark.parametrize("tree", [REPO / "content", FIXTURES / "basic"], ids=["sample", "basic"])
def test_shards_are_byte_identical_to_lunr_ones(tree, tmp_path, monkeypatch):
    doc_sets = built_doc_sets(tree, tmp_path, monkeypatch)
    assert any(name == "n" for name, _ in doc_sets) and any(name == "r" for name, _ in doc_sets)
    nonempty = 0
    for name, docs in doc_sets:
        ours = _term_shards(counted(docs.docs))
        assert as_bytes(ours) == as_bytes(lunr_term_shards(build_index(docs.docs))), name
        nonempty += bool(ours)
    assert nonempty >= 2  # the national part and at least one site's own


def test_no_documents_no_weights():
    assert field_weights([]) is None and build_index([]) is None


LETTERS = "abdefgiklmnoprstuvyåäöéÅÄÖ"
STOP = ["och", "i", "att", "det", "som", "en", "på", "är", "av", "för"]
WORD = st.one_of(
    st.text(LETTERS, min_size=1, max_size=12),
    st.sampled_from(STOP),
    st.sampled_from(["recept", "recepten", "receptet", "barn", "barnen", "feber", "1177", "b12"]),
)
TEXT = st.lists(WORD, max_size=15).flatmap(
    lambda words: st.sampled_from([" ", ", ", "-", "\n"]).map(lambda sep: sep.join(words))
)
REF = st.tuples(st.integers(0, 6), st.integers(0, 2)).map(lambda r: f"{r[0]}.{r[1]}")
DOC = st.builds(SearchDoc, REF, TEXT, TEXT, TEXT, TEXT)


@settings(max_examples=300, deadline=None)
@given(st.lists(DOC, min_size=1, max_size=8))
def test_weights_equal_lunr_field_vectors(docs):
    # Refs repeat now and then: lunr keeps the last vector and counts both in its idf.
    ours = field_weights(docs)
    terms, vectors = lunr_weights(build_index(docs))
    assert ours is not None
    assert ours.terms == terms
    for name in FIELDS:
        assert ours.vectors[name].keys() == vectors[name].keys()
        for ref, weights in vectors[name].items():
            # Exact equality, and the same float repr, term by term.
            assert {t: repr(w) for t, w in ours.vectors[name][ref].items()} == {
                t: repr(w) for t, w in weights.items()
            }, (name, ref)
    assert as_bytes(_term_shards(counted(docs))) == as_bytes(lunr_term_shards(build_index(docs)))
