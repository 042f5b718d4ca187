"""Text to be spoken: a page's words in reading order, written out the way a
Swedish listener expects to hear them.

espeak-ng reads digits and letters literally: "38,5" becomes "trettioåtta
punkt fem" and "t.ex." three letters. So numbers, units, dates, times,
telephone numbers and common abbreviations are written out in words first.
"""

from __future__ import annotations

import re

from generator.language import ABBREVIATIONS, MONTHS
from generator.render.plain_text import PlainText

_ORDINALS = (
    "första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde",
    "nionde", "tionde", "elfte", "tolfte", "trettonde", "fjortonde", "femtonde",
    "sextonde", "sjuttonde", "artonde", "nittonde", "tjugonde", "tjugoförsta",
    "tjugoandra", "tjugotredje", "tjugofjärde", "tjugofemte", "tjugosjätte",
    "tjugosjunde", "tjugoåttonde", "tjugonionde", "trettionde", "trettioförsta",
)

# Numbers Swedes say in their own way; the longest first so 114 14 wins over 114.
_PHONE_NUMBERS = (
    ("114 14", "ett ett fyra, ett fyra"),
    ("1177", "elva sjuttiosju"),
    ("112", "ett ett två"),
)

# Units read only after a number, so "m" or "g" elsewhere stay letters.
UNITS = {
    "%": "procent",
    "°C": "grader",
    "°": "grader",
    "kr": "kronor",
    "kg": "kilo",
    "g": "gram",
    "mg": "milligram",
    "µg": "mikrogram",
    "mikrog": "mikrogram",
    "l": "liter",
    "dl": "deciliter",
    "cl": "centiliter",
    "ml": "milliliter",
    "km": "kilometer",
    "m": "meter",
    "cm": "centimeter",
    "mm": "millimeter",
    "mmol/l": "millimol per liter",
    "min": "minuter",
    "tim": "timmar",
    "h": "timmar",
    "sek": "sekunder",
    "st": "stycken",
}

_DASHES = "\u2013\u2014-"
_SPACE = "[ \u00a0\u202f]"
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}){_SPACE}({'|'.join(MONTHS)})\b", re.IGNORECASE)
_TIME = r"(?:[01]?\d|2[0-3])[.:][0-5]\d"
_CLOCK = re.compile(rf"\b(kl\.?|klockan){_SPACE}*({_TIME})\b", re.IGNORECASE)
_TIME_RANGE = re.compile(rf"\b({_TIME}){_SPACE}*[{_DASHES}]{_SPACE}*({_TIME})\b")
_NUMBER_RANGE = re.compile(rf"(\d){_SPACE}*[\u2013\u2014]{_SPACE}*(\d)")
_DECIMAL = re.compile(r"(\d),(\d)")
_THOUSANDS = re.compile(rf"\b(\d{{1,3}})(?:{_SPACE}(\d{{3}}))+\b")
_WORD_DIGIT = re.compile(r"(?<=[^\W\d_])-(?=\d)")
_DOMAIN = re.compile(r"\.(se|nu|com|org)\b")
_UNIT = re.compile(
    r"(\d|\bper)\s*(" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
    + r")(?=$|[\s,;:!?)]|\.(?:\s|$))"
)
_ABBREVIATION = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
_NEXT_SENTENCE = re.compile(r"\s+[A-ZÅÄÖ]")
_SENTENCE_END = re.compile(r"[.!?:;]$")


def spoken_text(title: str, summary: str, text: PlainText) -> str:
    """The whole page read aloud: title, summary, then headings and body in order.

    Every block ends as a sentence so the voice pauses after a heading or a list item.
    """
    lines = [title, summary, *text.reading_order]
    return "\n".join(_as_sentence(normalise(line)) for line in lines if line.strip())


def words_in_order(title: str, summary: str, text: PlainText) -> str:
    """A page in another language read aloud: as `spoken_text`, without the Swedish ways of
    saying numbers and abbreviations; the voice of its language reads them its own way."""
    lines = [title, summary, *text.reading_order]
    return "\n".join(_as_sentence(" ".join(line.split())) for line in lines if line.strip())


def normalise(text: str) -> str:
    """One line of text with numbers, units and abbreviations written as they are said."""
    text = _ISO_DATE.sub(_iso_date, text)
    text = _DAY_MONTH.sub(_day_month, text)
    for digits, words in _PHONE_NUMBERS:
        text = re.sub(rf"(?<![\d,]){re.escape(digits)}(?![\d,])", words, text)
    text = _DOMAIN.sub(r" punkt \1", text)
    text = _CLOCK.sub(lambda m: "klockan " + _time(m.group(2)), text)
    text = _TIME_RANGE.sub(lambda m: f"{_time(m.group(1))} till {_time(m.group(2))}", text)
    text = _THOUSANDS.sub(lambda m: re.sub(_SPACE, "", m.group(0)), text)
    text = _UNIT.sub(lambda m: f"{m.group(1)} {UNITS[m.group(2)]}", text)
    text = _DECIMAL.sub(r"\1 komma \2", text)
    text = _NUMBER_RANGE.sub(r"\1 till \2", text)
    text = _WORD_DIGIT.sub(" ", text)
    text = _ABBREVIATION.sub(_abbreviation, text)
    return " ".join(text.split())


def _as_sentence(line: str) -> str:
    return line if _SENTENCE_END.search(line) else line + "."


def _abbreviation(match: re.Match[str]) -> str:
    words = ABBREVIATIONS[match.group(1).lower()]
    # "… osv. Nästa mening": the abbreviation's full stop also ended the sentence.
    ends_sentence = match.group(1).endswith(".") and _NEXT_SENTENCE.match(match.string, match.end())
    return words + "." if ends_sentence else words


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return f"{_ORDINALS[day - 1]} {MONTHS[month - 1]} {year}"


def _day_month(match: re.Match[str]) -> str:
    day = int(match.group(1))
    if not 1 <= day <= 31:
        return match.group(0)
    return f"{_ORDINALS[day - 1]} {match.group(2)}"


def _time(text: str) -> str:
    hours, minutes = re.split("[.:]", text)
    return str(int(hours)) if minutes == "00" else f"{int(hours)} och {int(minutes)}"
