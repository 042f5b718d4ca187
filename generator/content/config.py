"""The content folder's configuration files: site.yml, teams.yml and languages.yml.

Read before any text: every text is checked against the teams that own it and
the languages it may be written in.
"""

from __future__ import annotations

import difflib

from generator.content import schema
from generator.content.layout import LANGUAGES, SITE_CONFIG, TEAMS
from generator.content.model import Language, SiteConfig, Team
from generator.content.reader import Reader


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
    if not isinstance(doc.data, dict) or set(doc.data) != {"teams"} or not isinstance(
        doc.data["teams"], dict
    ):
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
    if not isinstance(doc.data, dict) or set(doc.data) != {"languages"} or not isinstance(
        doc.data["languages"], dict
    ):
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


def check_language(
    reader: Reader, rel: str, language: str | None, languages: dict[str, Language]
) -> bool:
    """Whether a text or fill in `language` (None: Swedish) may be read; else an error."""
    if language is None or language in languages:
        return True
    guess = difflib.get_close_matches(language, languages, n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else (
        f"; declared: {', '.join(sorted(languages))}" if languages else "")
    reader.error(rel, 1, f"language '{language}' is not in {LANGUAGES}{hint}")
    return False
