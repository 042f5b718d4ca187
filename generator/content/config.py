"""The content folder's configuration files: site.yml, teams.yml, languages.yml and
topics.yml.

Read before any text: every text is checked against the teams that own it, the
languages it may be written in and the topics it may name.
"""

from __future__ import annotations

import difflib

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
    teams = {}
    for team_id in doc.data["teams"]:
        if not isinstance(team_id, str) or not schema.NAME_RE.match(team_id):
            line = doc.line_of("teams", str(team_id))
            reader.error(TEAMS, line, f"team id '{team_id}' must be lowercase a-z, 0-9, '-'")
            continue
        values, problems = schema.validate(
            schema.TEAM, doc, reader.shown(TEAMS), ("teams", team_id)
        )
        reader.problems.extend(problems)
        if not problems:
            teams[team_id] = Team(team_id, **values)
    return teams


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
    languages = {}
    for code in doc.data["languages"]:
        line = doc.line_of("languages", str(code))
        if not isinstance(code, str) or not schema.LANGUAGE_RE.match(code):
            reader.error(LANGUAGES, line, f"language code '{code}' is not a BCP 47 code "
                         "such as en, ar, fit or sr-Latn")
            continue
        if code == config.language:
            reader.error(LANGUAGES, line, f"'{code}' is the sites' own language (site.yml): "
                         "its texts are the articles themselves")
            continue
        values, problems = schema.validate(
            schema.LANGUAGE, doc, reader.shown(LANGUAGES), ("languages", code))
        reader.problems.extend(problems)
        if not problems:
            languages[code] = Language(code, **values)
    return languages


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
    topics = {}
    for slug in doc.data["topics"]:
        if not isinstance(slug, str) or not schema.NAME_RE.match(slug):
            reader.error(TOPICS, doc.line_of("topics", str(slug)), f"topic name '{slug}' must "
                         "be lowercase a-z, 0-9 and '-' (å, ä, ö as a, a, o)")
            continue
        values, problems = schema.validate(
            schema.TOPIC, doc, reader.shown(TOPICS), ("topics", slug))
        reader.problems.extend(problems)
        if not problems:
            topics[slug] = Topic(slug, **values)
    return topics


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
