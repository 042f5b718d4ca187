"""Swedish as the sites write and say it: month names, abbreviations, alphabetical order."""

from __future__ import annotations

import datetime as dt

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")

# Abbreviations as written in Swedish health texts, and as they are said. Their full
# stops end no sentence (LIX), and speech reads them out in full.
ABBREVIATIONS = {
    "ang.": "angående",
    "bl.a.": "bland annat",
    "bla.": "bland annat",
    "ca": "cirka",
    "ca.": "cirka",
    "d.v.s.": "det vill säga",
    "dvs.": "det vill säga",
    "dvs": "det vill säga",
    "e.d.": "eller dylikt",
    "enl.": "enligt",
    "etc.": "etcetera",
    "ev.": "eventuellt",
    "exkl.": "exklusive",
    "f.d.": "före detta",
    "fr.o.m.": "från och med",
    "inkl.": "inklusive",
    "jfr": "jämför",
    "jfr.": "jämför",
    "kl.": "klockan",
    "kl": "klockan",
    "m.fl.": "med flera",
    "m.m.": "med mera",
    "mm.": "med mera",
    "nr": "nummer",
    "nr.": "nummer",
    "o.d.": "och dylikt",
    "o.s.v.": "och så vidare",
    "obs!": "observera",
    "obs.": "observera",
    "osv.": "och så vidare",
    "osv": "och så vidare",
    "p.g.a.": "på grund av",
    "pga.": "på grund av",
    "pga": "på grund av",
    "resp.": "respektive",
    "s.k.": "så kallad",
    "st.": "stycken",
    "t.ex.": "till exempel",
    "t.o.m.": "till och med",
    "tel.": "telefon",
    "tex.": "till exempel",
    "ung.": "ungefär",
}

# Swedish sorts å, ä, ö after z; '{', '|', '}' follow 'z' in code points.
_ALPHABET_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def sort_key(text: str) -> str:
    """A key that puts words in Swedish alphabetical order."""
    return text.lower().translate(_ALPHABET_ORDER)


def written_date(value: dt.date) -> str:
    """A date as Swedish readers write it: 5 maj 2026."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
