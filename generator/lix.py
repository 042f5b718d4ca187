"""LIX, läsbarhetsindex: words per sentence + 100 x long words per word.

A long word has more than six letters. Counted on the text a reader sees
(plaintext.py), never on Markdown: a heading, a list item or a table cell is
a sentence of its own when it does not end with punctuation, abbreviations
such as "t.ex." do not end a sentence, and "38,5" is one word without letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, warning
from generator.plaintext import PlainText, plain_text

LONG_WORD_LETTERS = 6
# Abbreviations whose full stops are not the end of a sentence, lowercase, without
# the final full stop.
ABBREVIATIONS = frozenset({
    "t.ex", "bl.a", "m.m", "osv", "o.s.v", "dvs", "d.v.s", "kl", "ca", "s.k", "t.o.m",
    "fr.o.m", "p.g.a", "pga", "resp", "inkl", "exkl", "jfr", "obs", "etc", "nr", "st",
    "m.fl", "o.d", "e.d", "f.d", "mm", "tel", "ang", "enl", "tex", "bla",
})
# A word: letters and digits, with inner full stops or commas ("t.ex", "38,5", "1.5").
_WORD = re.compile(r"[^\W_]+(?:[.,][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+")


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
        counted = _count_block(block)
        words += counted.words
        sentences += counted.sentences
        long_words += counted.long_words
    return Lix(words, sentences, long_words)


def _count_block(block: str) -> Lix:
    words = sentences = long_words = 0
    open_sentence = False
    position = 0
    for match in _WORD.finditer(block):
        word = match.group()
        words += 1
        long_words += sum(c.isalpha() for c in word) > LONG_WORD_LETTERS
        open_sentence = True
        position = match.end()
        end = _SENTENCE_END.match(block, position)
        if end and _ends_sentence(word, block, end.end()):
            sentences += 1
            open_sentence = False
    # A heading, list item or cell without final punctuation is still a sentence.
    return Lix(words, sentences + open_sentence, long_words)


def _ends_sentence(word: str, block: str, after: int) -> bool:
    punctuation = block[after - 1]
    if punctuation == "." and word.lower() in ABBREVIATIONS:
        # "t.ex. när" goes on; "... m.m. Nästa" starts a new sentence.
        rest = block[after:].lstrip()
        return bool(rest) and rest[0].isupper()
    return True


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
