"""LIX, läsbarhetsindex: words per sentence + 100 x long words per word.

A long word has more than six letters. Counted on the text a reader sees
(render/plain_text.py), never on Markdown: a heading, a list item or a table cell is
a sentence of its own when it does not end with punctuation, abbreviations
such as "t.ex." do not end a sentence, and "38,5" is one word without letters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import compress

from generator.diagnostics import Diagnostic, warning
from generator.language import ABBREVIATIONS as SPOKEN_ABBREVIATIONS
from generator.render.plain_text import PlainText, plain_text
from generator.store import Codec

LONG_WORD_LETTERS = 6
# Abbreviations whose full stops are not the end of a sentence, lowercase, without
# the final full stop.
ABBREVIATIONS = frozenset(written.rstrip(".!") for written in SPOKEN_ABBREVIATIONS)
# A word: letters and digits, with inner full stops or commas ("t.ex", "38,5", "1.5"),
# and the sentence punctuation right after it ("" when none). One match gives both,
# so a block takes one regex pass instead of a second match after every word.
_WORD_AND_END = re.compile(r"([^\W_]+(?:[.,][^\W_]+)*)([.!?:]*)")


@dataclass(frozen=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words


def lix(text: PlainText) -> Lix:
    words = sentences = long_words = 0
    for block in (*text.headings, *text.blocks):
        block_words, block_sentences, block_long = _count_block(block)
        words += block_words
        sentences += block_sentences
        long_words += block_long
    return Lix(words, sentences, long_words)


def _count_block(block: str) -> tuple[int, int, int]:
    """Words, sentences and long words of one block.

    Counted with one regex pass and C-level list and map operations: the per-word
    Python loop this replaces was most of the build's LIX time.
    """
    found = _WORD_AND_END.findall(block)
    if not found:
        return 0, 0, 0
    words, punctuation = zip(*found, strict=True)
    if ABBREVIATIONS.isdisjoint(map(str.lower, words)):
        sentences = len(punctuation) - punctuation.count("")
        open_sentence = not punctuation[-1]
    else:
        sentences, open_sentence = _sentences_word_by_word(block)
    # A heading, list item or cell without final punctuation is still a sentence.
    return len(words), sentences + open_sentence, _long_words(words)


def _sentences_word_by_word(block: str) -> tuple[int, bool]:
    """Sentences ended in a block with abbreviations, and whether the last one is open."""
    sentences, open_sentence = 0, False
    for match in _WORD_AND_END.finditer(block):
        word, punctuation = match.groups()
        ended = bool(punctuation)
        if punctuation.endswith(".") and word.lower() in ABBREVIATIONS:
            # "t.ex. när" goes on; "... m.m. Nästa" starts a new sentence.
            rest = block[match.end():].lstrip()
            ended = bool(rest) and rest[0].isupper()
        sentences += ended
        open_sentence = not ended
    return sentences, open_sentence


def _long_words(words: tuple[str, ...]) -> int:
    """Words with more than six letters; only longer words can have that many."""
    candidates = list(compress(words, map(LONG_WORD_LETTERS.__lt__, map(len, words))))
    long_words = sum(map(str.isalpha, candidates))
    if long_words < len(candidates):
        # Digits are not letters: "covid2019" has five.
        long_words += sum(sum(map(str.isalpha, word)) > LONG_WORD_LETTERS
                          for word in candidates if not word.isalpha())
    return long_words


@dataclass(frozen=True)
class TextLix:
    """The LIX of one text file as a reader sees it."""

    path: str  # as shown in diagnostics
    lattlast: bool
    lix: Lix


def text_lix(path: str, lattlast: bool, html: str) -> TextLix:
    return TextLix(path, lattlast, lix(plain_text(html)))


def lattlast_warnings(texts: list[TextLix], limit: int) -> list[Diagnostic]:
    return [
        warning(t.path, 1, f"LIX {t.lix.score:.0f} is above the limit for easy-to-read "
                f"text ({limit}, lix_limit_lattlast in site.yml)")
        for t in texts
        if t.lattlast and t.lix.score > limit
    ]


def lix_summary(texts: list[TextLix]) -> str:
    """One line for editors: the LIX range of standard and of easy-to-read texts."""
    parts = []
    for label, lattlast in (("standard", False), ("lättläst", True)):
        scores = sorted(t.lix.score for t in texts if t.lattlast == lattlast and t.lix.words)
        if scores:
            median = scores[len(scores) // 2]
            parts.append(f"{label} {scores[0]:.0f}–{scores[-1]:.0f} (median {median:.0f}, "
                         f"{len(scores)} texts)")
    return "LIX: " + "; ".join(parts) if parts else "LIX: no texts"


def _encode(text: TextLix) -> bytes:
    counted = text.lix
    return json.dumps([text.path, text.lattlast, counted.words, counted.sentences,
                       counted.long_words], ensure_ascii=False).encode()


def _decode(data: bytes) -> TextLix:
    path, lattlast, words, sentences, long_words = json.loads(data)
    return TextLix(str(path), bool(lattlast), Lix(int(words), int(sentences), int(long_words)))


# How the store keeps a text's LIX: plain JSON.
TEXT_LIX_CODEC = Codec(_encode, _decode)
