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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.stem.snowball import SwedishStemmer

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
_STOP_WORDS_FILE = Path(__file__).parent / "stoppord.txt"


def tokenize(text: str) -> list[str]:
    """Lowercase words of letters and digits: 'B12-brist, t.ex.' -> b12, brist, t, ex."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@functools.cache
def stop_words() -> frozenset[str]:
    lines = _STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _stemmer() -> SwedishStemmer:
    # Imported when first needed: importing NLTK takes a quarter of a second, and a
    # build whose search parts all come from the store stems nothing.
    from nltk.stem.snowball import SwedishStemmer

    return SwedishStemmer()


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lowercase word: recepten -> recept."""
    return _stemmer().stem(word)
