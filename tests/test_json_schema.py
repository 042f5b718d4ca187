"""The shipped JSON Schemas: generated from schema.py, and judging as the validator does."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from jsonschema import Draft202012Validator

from generator.content import schema
from generator.content.json_schema import object_schema, schema_bytes, schema_documents
from generator.content.layout import Kind, place_of
from generator.content.yaml_lines import parse_yaml

SCHEMAS = REPO / "schemas"
CONTENT = REPO / "content"


def _validator(name: str) -> Draft202012Validator:
    document = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document)


def _front_matter(path) -> object:
    # Read as the generator reads it: dates stay text (content/yaml_lines.py).
    text = path.read_text(encoding="utf-8")
    return parse_yaml(text.split("---\n")[1]).data


def test_committed_schemas_are_the_generated_ones(run):
    documents = schema_documents()
    assert sorted(documents) == sorted(p.name for p in SCHEMAS.glob("*.json"))
    for name, document in documents.items():
        assert (SCHEMAS / name).read_bytes() == schema_bytes(document), name
    assert run("schema", "--out", SCHEMAS, "--check").code == 0


def test_schema_check_reports_a_stale_file(tmp_path, run):
    assert run("schema", "--out", tmp_path).code == 0
    (tmp_path / "fill.schema.json").write_text("{}")
    result = run("schema", "--out", tmp_path, "--check")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{tmp_path}/fill.schema.json: error: differs from schema.py; run "
        f"`python -m generator schema --out {tmp_path}`"]


def test_every_sample_file_is_valid():
    article, fill = _validator("article.schema.json"), _validator("fill.schema.json")
    translation = _validator("translation.schema.json")
    checked = 0
    for path in sorted(CONTENT.rglob("*.md")):
        place = place_of(path.relative_to(CONTENT).as_posix())
        chosen = (fill if place.kind in (Kind.FILL, Kind.TOPIC_INTRO) else translation
                  if place.language else article)
        errors = list(chosen.iter_errors(_front_matter(path)))
        assert errors == [], f"{path}: {errors[0].message}"
        checked += 1
    assert checked > 200
    for name, pattern in (("section.schema.json", "national/*/_section.yml"),
                          ("region.schema.json", "regional/*/region.yml"),
                          ("site.schema.json", "site.yml"), ("teams.schema.json", "teams.yml"),
                          ("languages.schema.json", "languages.yml"),
                          ("topics.schema.json", "topics.yml")):
        validator = _validator(name)
        for path in CONTENT.glob(pattern):
            data = parse_yaml(path.read_text(encoding="utf-8")).data
            assert list(validator.iter_errors(data)) == [], path


@pytest.mark.parametrize("data", [
    {"title": "T", "summary": "S", "owner": "o", "reviewed": "2026-01-01", "editr": "x"},
    {"summary": "S", "owner": "o", "reviewed": "2026-01-01"},
    {"title": "T", "summary": "S", "owner": "o", "reviewed": "1 maj 2026"},
    {"title": "T", "summary": "S", "owner": "o", "reviewed": "2026-01-01", "process": "snabb"},
    {"title": "  ", "summary": "S", "owner": "o", "reviewed": "2026-01-01"},
    {"title": "T", "summary": "S", "owner": "o", "reviewed": "2026-01-01", "topics": ["Vård"]},
    {"title": "T", "summary": "S", "owner": "o", "reviewed": "2026-01-01", "draft": "ja"},
])
def test_bad_article_front_matter_is_rejected(data):
    assert not _validator("article.schema.json").is_valid(data)


def test_bad_fill_front_matter_is_rejected():
    validator = _validator("fill.schema.json")
    assert validator.is_valid({"owner": "region-alfa", "reviewed": "2026-03-01", "editor": None})
    assert not validator.is_valid({"owner": "region-alfa", "reviewed": "2026-03-01",
                                   "title": "En fyllning har ingen titel"})
    assert not validator.is_valid({"owner": "region-alfa"})
    assert not validator.is_valid({"owner": "region-alfa", "reviewed": "2026-03-01",
                                   "review_interval_months": 0})


# Values of every shape YAML can give; the checks and their JSON forms must agree on each.
SAMPLES = [
    None, "", "  ", "text", " text ", "2026-05-04", "2026-5-4", "nyproduktion", "revidering",
    "https://example.org/x", "ftp://example.org", "vard-och-behandling", "Vård", "@org/team",
    "@user", "team", "a@example.org", "/national/**", "national/../x", "national/**",
    0, 1, 12, -3, True, False, [], ["a"], ["a", ""], ["vard", "tandvard"], [1],
    [{"title": "Recept", "url": "https://example.org/r"}], [{"title": "x"}],
    [{"title": "x", "url": "https://e.org", "extra": 1}], {"a": 1},
]


@pytest.mark.parametrize("field", sorted({f for fields in (
    schema.ARTICLE, schema.FILL, schema.SECTION, schema.REGION, schema.SITE, schema.TEAM)
    for f in fields}, key=lambda f: f.name + f.check.__name__), ids=lambda f: f.name)
def test_each_field_schema_agrees_with_its_check(field):
    validator = Draft202012Validator(object_schema((field,)))
    for value in SAMPLES:
        try:
            field.check(value)
            accepted = True
        except schema.Invalid:  # any other exception is a bug in the check, and fails here
            accepted = False
        if value is None:
            accepted = not field.required  # an empty optional key counts as absent
        assert validator.is_valid({field.name: value}) == accepted, (field.name, value)
