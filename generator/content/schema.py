"""Front-matter and configuration schemas: the one definition the validator uses.

Each schema is a tuple of Field; `validate` checks a parsed mapping against it
and returns typed values plus diagnostics that name the offending key's line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.content.yaml_lines import YamlDoc
from generator.diagnostics import Diagnostic, error

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A BCP 47 language tag as languages.yml names one: a lowercase language subtag, then
# optional script, region or variant subtags (sr-Latn, pt-BR).
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DIRECTIONS = ("ltr", "rtl")
PROCESSES = ("nyproduktion", "nyproduktion-light", "revidering")
# A CODEOWNERS owner: a user or an organisation's team ("@org/team"), or an e-mail address.
HANDLE_RE = re.compile(r"^(?:@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+)$")


class Invalid(Exception):
    """A value did not have the expected form; the message says what was expected."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("must be a non-empty text")
    return value.strip()


# The last date content may name: review dates are computed from it (up to
# MAX_INTERVAL_MONTHS later) and must stay within what a date can hold.
LAST_DATE = dt.date(2999, 12, 31)
MAX_INTERVAL_MONTHS = 120


def _date(value: Any) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            date = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            if date > LAST_DATE:
                raise Invalid(f"must be a date no later than {LAST_DATE}, not {value!r}")
            return date
    raise Invalid(f"must be a date written YYYY-MM-DD, not {value!r}")


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"must be a whole number of at least 1, not {value!r}")
    return value


def _months(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) \
            or not 1 <= value <= MAX_INTERVAL_MONTHS:
        raise Invalid(f"must be a whole number from 1 to {MAX_INTERVAL_MONTHS}, not {value!r}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number, not {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {value!r}")
    return value


def _direction(value: Any) -> str:
    if value not in DIRECTIONS:
        raise Invalid(f"must be {' or '.join(DIRECTIONS)}, not {value!r}")
    return value


def _text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid("must be a list of texts")
    return tuple(v.strip() for v in value)


def _name_list(value: Any) -> tuple[str, ...]:
    names = _text_list(value)
    for name in names:
        if not NAME_RE.match(name):
            raise Invalid(f"'{name}' is not a valid name (lowercase a-z, 0-9 and '-')")
    return names


def _process(value: Any) -> str:
    if value not in PROCESSES:
        raise Invalid(f"must be one of {', '.join(PROCESSES)}, not {value!r}")
    return value


def _url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https?://[^\s/]+", text):
        raise Invalid(f"must be an absolute http(s) URL, not {text!r}")
    return text


def _links(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise Invalid("must be a list of entries with title and url")
    links = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"title", "url"}:
            raise Invalid(f"entry {index + 1} must have exactly the keys title and url")
        links.append((_text(item["title"]), _url(item["url"])))
    return tuple(links)


def _glob_list(value: Any) -> tuple[str, ...]:
    globs = _text_list(value)
    for glob in globs:
        if glob.startswith("/") or ".." in glob.split("/"):
            raise Invalid(f"'{glob}' must be a path pattern relative to content/")
    return globs


def _handle(value: Any) -> str:
    text = _text(value)
    if not HANDLE_RE.match(text):
        raise Invalid(f"must be a code-hosting handle such as '@org/team' or '@user', not {text!r}")
    return text


# What each check accepts, as JSON Schema (draft 2020-12), kept beside the checks so that
# the published schema (json_schema.py) and the validator cannot drift apart: a check
# without an entry here makes schema generation fail, and a test compares the two.
_NON_EMPTY = {"type": "string", "pattern": r"\S"}
# List items are stripped before they are checked, so the patterns allow outer spaces.
_NAME = {"type": "string", "pattern": r"^\s*[a-z0-9]+(?:-[a-z0-9]+)*\s*$"}
# Relative to content/: no leading '/', no '..' segment.
_GLOB = {"type": "string", "pattern": r"^\s*(?!/)(?!(?:.*/)?\.\.(?:/|\s*$))\S"}
JSON_FORMS: dict[Callable[[Any], Any], dict[str, Any]] = {
    _text: _NON_EMPTY,
    _date: {"type": "string", "pattern": r"^[0-2]\d{3}-\d{2}-\d{2}$", "format": "date"},
    _positive_int: {"type": "integer", "minimum": 1},
    _months: {"type": "integer", "minimum": 1, "maximum": MAX_INTERVAL_MONTHS},
    _int: {"type": "integer"},
    _bool: {"type": "boolean"},
    _text_list: {"anyOf": [_NON_EMPTY, {"type": "array", "items": _NON_EMPTY}]},
    _name_list: {"anyOf": [_NAME, {"type": "array", "items": _NAME}]},
    _process: {"enum": list(PROCESSES)},
    _direction: {"enum": list(DIRECTIONS)},
    _url: {"type": "string", "pattern": r"^https?://[^\s/]+"},
    _links: {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "title": _NON_EMPTY,
                "url": {"type": "string", "pattern": r"^https?://[^\s/]+"},
            },
            "required": ["title", "url"],
            "additionalProperties": False,
        },
    },
    _glob_list: {"anyOf": [_GLOB, {"type": "array", "items": _GLOB}]},
    _handle: {"type": "string", "pattern": HANDLE_RE.pattern},
}


@dataclass(frozen=True)
class Field:
    name: str
    check: Callable[[Any], Any]
    required: bool = False
    help: str = ""


ARTICLE = (
    Field("title", _text, True, "page title"),
    Field("summary", _text, True, "one or two sentences for lists, search and meta description"),
    Field("owner", _text, True, "a team id from teams.yml that owns this file's path"),
    Field("reviewed", _date, True, "date the facts were last reviewed (YYYY-MM-DD)"),
    Field("review_interval_months", _months, help="months until the next review"),
    Field("editor", _text, help="responsible editor"),
    Field("fact_checkers", _text_list, help="names or roles who reviewed the facts"),
    Field("process", _process, help="nyproduktion, nyproduktion-light or revidering"),
    Field("topics", _name_list, help="topic slugs"),
    Field("audio", _text, help="recorded audio file next to the article, or an https URL"),
    Field("order", _int, help="position within its section"),
    Field("draft", _bool, help="true: never published"),
    Field("aliases", _text_list, help="old URLs that redirect here"),
)

TRANSLATION = (
    Field("title", _text, True, "page title, in the language of the translation"),
    Field("summary", _text, True, "one or two sentences, in the language of the translation"),
    Field("owner", _text, True, "a team id from teams.yml that owns this file's path"),
    Field("reviewed", _date, True, "date the translation was last reviewed (YYYY-MM-DD)"),
    Field("source_reviewed", _date, True,
          "the 'reviewed' date of the Swedish text it was translated from (YYYY-MM-DD)"),
    Field("translator", _text, help="who translated it"),
    Field("language_reviewer", _text, help="who reviewed the language"),
    Field("audio", _text, help="recorded audio file next to the text, or an https URL"),
    Field("draft", _bool, help="true: never published"),
)

FILL = (
    Field("owner", _text, True, "a team id from teams.yml that owns this file's path"),
    Field("reviewed", _date, True, "date the facts were last reviewed (YYYY-MM-DD)"),
    Field("editor", _text, help="responsible editor"),
    Field("review_interval_months", _months, help="months until the next review"),
    Field("draft", _bool, help="true: never published"),
)

SECTION = (
    Field("title", _text, True),
    Field("summary", _text, True),
    Field("order", _int),
)

REGION = (
    Field("name", _text, True, "official name, e.g. Region Kronoberg"),
    Field("county", _text, help="county the content applies to, e.g. Kronobergs län"),
    Field("team", _text, True, "team id from teams.yml"),
    Field("contact", _text, help="how to reach the region's health services"),
    Field("links", _links, help="e-services and contact links"),
)

SITE = (
    Field("name", _text, True),
    Field("language", _text, True),
    Field("base_url", _url, True),
    Field("review_interval_months", _months),
    Field("lix_limit_lattlast", _positive_int),
    Field("theme", _text),
    Field("notice", _text, help="a notice shown on every page, e.g. that content is sample"),
)

LANGUAGE = (
    Field("name", _text, True, "the language's name in Swedish, e.g. Arabiska"),
    Field("native", _text, True, "the language's name in itself, e.g. العربية"),
    Field("dir", _direction, help="ltr (the default) or rtl: the direction it is written in"),
)

TOPIC = (
    Field("title", _text, True, "the topic page's title, e.g. När ditt barn har fått en diagnos"),
    Field("summary", _text, True, "one sentence for the topic lists"),
    Field("order", _int, help="position among the topics (life situations come first)"),
    Field("situation", _bool, help="true: a life situation, listed before the other topics"),
)

TEAM = (
    Field("name", _text, True),
    Field("owns", _glob_list, True),
    # Not in DESIGN.md: who the code-hosting platform asks for review (codeowners.py).
    Field("handle", _handle, help="CODEOWNERS owner, e.g. @org/team (default: @<team id>)"),
)


def validate(
    fields: tuple[Field, ...], doc: YamlDoc, path: str, prefix: tuple[str, ...] = ()
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check `doc.data` (at key path `prefix`) against `fields`: typed values and problems."""
    data: Any = doc.data
    for key in prefix:
        data = data[key]
    where = doc.line_of(*prefix)
    if not isinstance(data, dict):
        return {}, [error(path, where, "expected a mapping of keys and values")]
    known = {f.name: f for f in fields}
    problems = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = doc.line_of(*prefix, key)
        field = known.get(key) if isinstance(key, str) else None
        if field is None:
            problems.append(error(path, line, _unknown_key_message(str(key), known)))
            continue
        if value is None and not field.required:
            continue
        try:
            values[key] = field.check(value)
        except Invalid as exc:
            problems.append(error(path, line, f"'{key}' {exc}"))
    for field in fields:
        if field.required and field.name not in data:
            problems.append(error(path, where, f"missing required key '{field.name}'"))
    return values, problems


def _unknown_key_message(key: str, known: dict[str, Field]) -> str:
    guess = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed: {', '.join(known)}"
    return f"unknown key '{key}'{hint}"
