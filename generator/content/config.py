"""The content folder's configuration files: site.yml, teams.yml, languages.yml and
topics.yml.

Read before any text: every text is checked against the teams that own it, the
languages it may be written in and the topics it may name.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from generator.content import schema
from generator.content.layout import LANGUAGES, SITE_CONFIG, TEAMS, TOPICS
from generator.content.model import Language, SiteConfig, Team, Topic
from generator.content.reader import Reader
from generator.content.yaml_lines import YamlDoc


def load_config(reader: Reader, files: list[str]) -> SiteConfig | None:
    if SITE_CONFIG not in files:
        reader.error(SITE_CONFIG, 1, f"{SITE_CONFIG} is missing from the content folder")
        return None
    doc = reader.yaml(SITE_CONFIG)
    values = doc and reader.validated(schema.SITE, doc, SITE_CONFIG)
    return SiteConfig(**values) if values is not None else None


def load_teams(reader: Reader, files: list[str]) -> dict[str, Team] | None:
    if TEAMS not in files:
        reader.error(TEAMS, 1, f"{TEAMS} is missing from the content folder")
        return None
    doc = reader.yaml(TEAMS)
    if doc is None:
        return None
    if not _one_mapping(doc, "teams"):
        reader.error(TEAMS, 1, "teams.yml must have one key 'teams' mapping team ids")
        return None

    def refused(team_id: object) -> str | None:
        if isinstance(team_id, str) and schema.NAME_RE.match(team_id):
            return None
        return f"team id '{team_id}' must be lowercase a-z, 0-9, '-'"

    return {team_id: Team(team_id, **values) for team_id, values in
            _entries(reader, TEAMS, doc, "teams", schema.TEAM, refused).items()}


def load_languages(
    reader: Reader, files: list[str], config: SiteConfig
) -> dict[str, Language]:
    """languages.yml's languages by code; none without the file (it is optional)."""
    if LANGUAGES not in files:
        return {}
    doc = reader.yaml(LANGUAGES)
    if doc is None:
        return {}
    if not _one_mapping(doc, "languages"):
        reader.error(LANGUAGES, 1, f"{LANGUAGES} must have one key 'languages' mapping "
                     "language codes")
        return {}

    def refused(code: object) -> str | None:
        if not isinstance(code, str) or not schema.LANGUAGE_RE.match(code):
            return f"language code '{code}' is not a BCP 47 code such as en, ar, fit or sr-Latn"
        if code == config.language:
            return (f"'{code}' is the sites' own language (site.yml): its texts are the "
                    "articles themselves")
        return None

    return {code: Language(code, **values) for code, values in
            _entries(reader, LANGUAGES, doc, "languages", schema.LANGUAGE, refused).items()}


def load_topics(reader: Reader, files: list[str]) -> dict[str, Topic]:
    """topics.yml's topics by slug; none without the file (it is optional)."""
    if TOPICS not in files:
        return {}
    doc = reader.yaml(TOPICS)
    if doc is None:
        return {}
    if not _one_mapping(doc, "topics"):
        reader.error(TOPICS, 1, f"{TOPICS} must have one key 'topics' mapping topic names")
        return {}

    def refused(slug: object) -> str | None:
        if isinstance(slug, str) and schema.NAME_RE.match(slug):
            return None
        return f"topic name '{slug}' must be lowercase a-z, 0-9 and '-' (å, ä, ö as a, a, o)"

    return {slug: Topic(slug, **values) for slug, values in
            _entries(reader, TOPICS, doc, "topics", schema.TOPIC, refused).items()}


def _entries(
    reader: Reader, file: str, doc: YamlDoc, key: str, fields: tuple[schema.Field, ...],
    refused: Callable[[object], str | None],
) -> dict[str, dict]:
    """The valid entries of a file whose one key maps names to entries of `fields`, by
    name; `refused` says why a name may not be one (None: it may), reported at its line."""
    found = {}
    for name in doc.data[key]:
        why = refused(name)
        if why is not None:
            reader.error(file, doc.line_of(key, str(name)), why)
            continue
        values, problems = schema.validate(fields, doc, reader.shown(file), (key, name))
        reader.problems.extend(problems)
        if not problems:
            found[name] = values
    return found


def _one_mapping(doc: YamlDoc, key: str) -> bool:
    return isinstance(doc.data, dict) and set(doc.data) == {key} and isinstance(
        doc.data[key], dict)


def check_language(
    reader: Reader, rel: str, language: str | None, languages: dict[str, Language]
) -> bool:
    """Whether a text or fill in `language` (None: Swedish) may be read; else an error."""
    if language is None or language in languages:
        return True
    reader.error(rel, 1, _undeclared("language", language, languages, LANGUAGES))
    return False


def check_topic(reader: Reader, rel: str, line: int, topic: str, topics: dict[str, Topic]
                ) -> bool:
    """Whether `topic` is declared in topics.yml; else an error at `line` of `rel`."""
    if topic in topics:
        return True
    reader.error(rel, line, _undeclared("topic", topic, topics, TOPICS))
    return False


def _undeclared(what: str, name: str, declared: dict, file: str) -> str:
    guess = difflib.get_close_matches(name, declared, n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else (
        f"; declared: {', '.join(sorted(declared))}" if declared else "")
    return f"{what} '{name}' is not in {file}{hint}"
