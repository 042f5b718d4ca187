"""Swedish words for search: the tokenizer keeps letters and digits, stems follow Snowball."""

from __future__ import annotations

import itertools

import pytest
from conftest import REPO
from lunr_reference import parse_query

from generator.search import tokens
from generator.search.tokens import stem, stop_words, tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Zink", ["zink"]),
        ("B12-brist", ["b12", "brist"]),
        ("Diarré och kräkningar", ["diarré", "och", "kräkningar"]),
        ("Café", ["café"]),
        ("Ring 1177.", ["ring", "1177"]),
        ("Feber över 38,5 grader", ["feber", "över", "38", "5", "grader"]),
        ("t.ex. öron", ["t", "ex", "öron"]),
        ("covid-19_vaccin", ["covid", "19", "vaccin"]),
        # A decomposed é (e + combining accent) is the same word as a composed one.
        ("diarre\u0301", ["diarré"]),
        ("ÅÄÖ", ["åäö"]),
    ],
)
def test_tokenizer_keeps_letters_and_digits(text, tokens):
    assert tokenize(text) == tokens


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("zink", "zink"),
        ("b12", "b12"),
        ("diarré", "diarré"),
        ("café", "café"),
        ("1177", "1177"),
        ("recepten", "recept"),
        ("recept", "recept"),
        ("vaccinationer", "vaccination"),
        ("öron", "öron"),
        ("tandvården", "tandvård"),
    ],
)
def test_stems(word, expected):
    assert stem(word) == expected


def test_stems_are_nltks_snowball_stems_which_lunr_sv_gives_in_the_browser():
    """Ours are a few lines of the published algorithm; NLTK's (which lunr.py uses, and
    which matches lunr.sv) is the reference, over every ending and pair of endings the
    algorithm knows after stems of each shape, short words, and the sample content."""
    from nltk.stem.snowball import SwedishStemmer

    reference = SwedishStemmer()
    endings = {*tokens._STEP1, *tokens._STEP2, *tokens._STEP3, "ls", "ts", "ws", "lst",
               "ligt", "elser", "igare"}
    heads = ["", "a", "b", "ab", "ba", "bab", "ö", "str", "ka", "kal", "sjuk", "lö", "b12"]
    words = {head + first + second for head in heads for first in endings
             for second in ["", *endings]}
    words |= {"".join(letters) for size in (1, 2, 3)
              for letters in itertools.product("abeiklnostäåö", repeat=size)}
    for path in (REPO / "content").rglob("*.md"):
        words.update(tokenize(path.read_text(encoding="utf-8")))
    assert len(words) > 40_000
    assert [w for w in sorted(words) if stem(w) != reference.stem(w)] == []


def test_stop_words_are_lowercase_function_words():
    words = stop_words()
    assert {"och", "att", "är", "på"} <= words
    assert all(w == w.lower() and w.strip() == w for w in words)
    # Words that are a subject in themselves are never stop words.
    assert not {"vård", "barn", "feber", "recept", "1177"} & words


def test_query_drops_stop_words_and_marks_the_word_being_typed():
    assert parse_query("Vad är recepten").stems == ("recept",)
    assert parse_query("vad är recepten").prefix == "recept"
    assert parse_query("recepten ").prefix is None  # a space ends the word
    assert parse_query("ba").prefix is None  # too short to match as a prefix
    assert parse_query("och är").stems == ()
    assert parse_query("Recept recepten").stems == ("recept",)
