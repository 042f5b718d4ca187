"""JSON Schema (draft 2020-12) documents made from schema.py's Field tuples.

The validator and the published schemas share one definition: each Field's
check has its JSON form in schema.JSON_FORMS. Editors' tools validate YAML
files with these while typing; `check` stays the judge (it also knows
which team owns which path, which no JSON Schema can express).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator.content import schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://example.org/halsoguiden/schemas/"


@dataclass(frozen=True)
class SchemaFile:
    name: str  # file name in schemas/
    title: str
    description: str
    fields: tuple[schema.Field, ...]


SCHEMA_FILES = (
    SchemaFile("article.schema.json", "Artikel (front matter)",
               "Front matter of a national or region-only article and of its lättläst text.",
               schema.ARTICLE),
    SchemaFile("translation.schema.json", "Översättning (front matter)",
               "Front matter of a translation: <slug>.<lang>.md beside the article it "
               "translates, national or region-only.", schema.TRANSLATION),
    SchemaFile("fill.schema.json", "Regional fyllning (front matter)",
               "Front matter of a regional fill, regional/<region>/overlays/<section>/<slug>/"
               "<slot>.md, and of a region's introduction to a topic page, "
               "regional/<region>/topics/<topic>.md", schema.FILL),
    SchemaFile("section.schema.json", "Avsnitt (_section.yml)",
               "national/<section>/_section.yml", schema.SECTION),
    SchemaFile("region.schema.json", "Region (region.yml)",
               "regional/<region>/region.yml", schema.REGION),
    SchemaFile("site.schema.json", "Webbplats (site.yml)", "content/site.yml", schema.SITE),
)
TEAMS_FILE = "teams.schema.json"
LANGUAGES_FILE = "languages.schema.json"
TOPICS_FILE = "topics.schema.json"


def object_schema(fields: tuple[schema.Field, ...]) -> dict[str, Any]:
    """A closed object: the fields' forms, the required ones required, no other keys."""
    properties = {}
    for field in fields:
        form = dict(schema.JSON_FORMS[field.check])
        if not field.required:
            # The validator treats an empty optional key ("editor:") as absent.
            form = {"anyOf": [form, {"type": "null"}]}
        if field.help:
            form = {"description": field.help, **form}
        properties[field.name] = form
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def schema_documents() -> dict[str, dict[str, Any]]:
    """Every published schema, by file name."""
    documents = {}
    for spec in SCHEMA_FILES:
        documents[spec.name] = {
            "$schema": DRAFT,
            "$id": ID_BASE + spec.name,
            "title": spec.title,
            "description": spec.description,
            **object_schema(spec.fields),
        }
    documents[TEAMS_FILE] = _mapping_document(
        TEAMS_FILE, "Redaktionella team (teams.yml)",
        "content/teams.yml: each team and the paths it owns.", "teams", schema.NAME_RE,
        schema.TEAM)
    documents[LANGUAGES_FILE] = _mapping_document(
        LANGUAGES_FILE, "Språk (languages.yml)",
        "content/languages.yml: the languages the sites offer translations in, by BCP 47 code.",
        "languages", schema.LANGUAGE_RE, schema.LANGUAGE)
    documents[TOPICS_FILE] = _mapping_document(
        TOPICS_FILE, "Teman (topics.yml)",
        "content/topics.yml: the topics and life situations, each a page in every site.",
        "topics", schema.NAME_RE, schema.TOPIC)
    return documents


def _mapping_document(name: str, title: str, description: str, key: str,
                      names: re.Pattern[str], fields: tuple[schema.Field, ...]) -> dict[str, Any]:
    """A file of one key mapping names to entries of `fields` (teams.yml, languages.yml,
    topics.yml)."""
    return {
        "$schema": DRAFT,
        "$id": ID_BASE + name,
        "title": title,
        "description": description,
        "type": "object",
        "properties": {
            key: {
                "type": "object",
                "propertyNames": {"pattern": names.pattern},
                "additionalProperties": object_schema(fields),
            }
        },
        "required": [key],
        "additionalProperties": False,
    }


def schema_bytes(document: dict[str, Any]) -> bytes:
    """Stable bytes. Keys stay in the Field order (the documented order editors see in
    completions) rather than sorted; the order is fixed by schema.py, so output is stable."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
