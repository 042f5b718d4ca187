"""Swedish words for search: tokens, stop words and stems.

The browser does the same with lunr-languages' `lunr.sv` and the tokenizer in
themes/default/static/search.js; tests hold the two sides to the same answers.
We keep words whole where lunr.py's stock Swedish mode cuts them (`zink`,
`b12`, `diarré`) and never download anything at build time.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from pathlib import Path

from lunr.pipeline import Pipeline
from lunr.token import Token
from nltk.stem.snowball import SwedishStemmer

# The names lunr-languages registers in the browser (lunr.sv.js), so an index
# written here loads there.
STEMMER = "stemmer-sv"
STOP_WORD_FILTER = "stopWordFilter-sv"

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
    return SwedishStemmer()


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lowercase word: recepten -> recept."""
    return _stemmer().stem(word)


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
