"""Swedish words for search: tokens, stop words and stems.

The browser does the same with lunr-languages' `lunr.sv` and the tokenizer in
themes/default/static/search.js; tests hold the two sides to the same answers.
We keep words whole where lunr.py's stock Swedish mode cuts them (`zink`,
`b12`, `diarré`) and never download anything at build time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
_STOP_WORDS_FILE = Path(__file__).parent / "stoppord.txt"


def tokenize(text: str) -> list[str]:
    """Lowercase words of letters and digits: 'B12-brist, t.ex.' -> b12, brist, t, ex."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@functools.cache
def stop_words() -> frozenset[str]:
    lines = _STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# The Swedish Snowball stemming algorithm as lunr-languages' lunr.sv implements it
# (https://snowballstem.org/algorithms/swedish/stemmer.html, before Snowball 2.0 changed
# it). Our own few lines rather than NLTK's stemmer, whose package takes a quarter of a
# second to import: every fresh process that indexes an edit paid it. The tests hold the
# two to the same stems over a large vocabulary.
_VOWELS = frozenset("aeiouyäåö")
_S_ENDINGS = frozenset("bcdfghjklmnoprtvy")
_STEP1 = (  # longest first: the longest ending in R1 is the one taken
    "heterna", "hetens", "anden", "heten", "heter", "arnas", "ernas", "ornas", "andes",
    "arens", "andet", "arna", "erna", "orna", "ande", "arne", "aste", "aren", "ades", "erns",
    "ade", "are", "ern", "ens", "het", "ast", "ad", "en", "ar", "er", "or", "as", "es", "at",
    "a", "e", "s",
)
_STEP2 = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
_STEP3 = {"fullt": "full", "löst": "lös", "lig": "", "els": "", "ig": ""}  # longest first


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lowercase word: recepten -> recept."""
    start = _r1(word)
    for suffix in _STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= start:
            if suffix != "s":
                word = word[:-len(suffix)]
            elif len(word) >= 2 and word[-2] in _S_ENDINGS:
                word = word[:-1]
            break
    if any(word.endswith(ending) and len(word) - 2 >= start for ending in _STEP2):
        word = word[:-1]
    for suffix, replacement in _STEP3.items():
        if word.endswith(suffix) and len(word) - len(suffix) >= start:
            word = word[:-len(suffix)] + replacement
            break
    return word


def _r1(word: str) -> int:
    """Where R1 starts: after the first non-vowel that follows a vowel, and not before the
    fourth letter (len(word) when there is no such letter)."""
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)
