"""Where content files live: the one module that knows the content folder's layout.

Paths are relative to the content folder, with '/'. Loading, the preview's
file events, the editorial report and the archives all ask `place_of` what a
file is, or use the paths made here, so the layout is written once:

    site.yml, teams.yml, languages.yml, topics.yml
    national/<section>/_section.yml | <slug>.md | <slug>.lattlast.md | <slug>.<lang>.md | media
    regional/<region>/region.yml
    regional/<region>/articles/<section>/<slug>.md (and .lattlast.md, .<lang>.md) | media
    regional/<region>/overlays/<section>/<slug>/<slot>.md (and .lattlast.md, .<lang>.md) | media
    regional/<region>/topics/<topic>.md

<lang> is a language of languages.yml: the text or fill is a translation into it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from generator.site_urls import TOPIC_LIST

SITE_CONFIG = "site.yml"
TEAMS = "teams.yml"
LANGUAGES = "languages.yml"
TOPICS = "topics.yml"
NATIONAL = "national"
REGIONAL = "regional"
SECTION_FILE = "_section.yml"
REGION_FILE = "region.yml"
ARTICLES = "articles"
OVERLAYS = "overlays"
TOPIC_INTROS = "topics"  # a region's introductions to topic pages
MARKDOWN = ".md"
LATTLAST = "lattlast"
# Media folders mirror their place in the source: national/<section>/x.jpg -> <section>/x.jpg;
# beside a region's topic introductions, regional/<region>/topics/x.jpg -> teman/x.jpg.
_MEDIA_ROOT = re.compile(rf"^(?:{NATIONAL}/|{REGIONAL}/[^/]+/(?:{ARTICLES}|{OVERLAYS})/)")
_TOPIC_MEDIA_ROOT = re.compile(rf"^{REGIONAL}/[^/]+/{TOPIC_INTROS}/")
# Files beside the texts that are configuration, not media.
_NOT_MEDIA_SUFFIXES = (MARKDOWN, ".yml", ".yaml")


class Kind(StrEnum):
    CONFIG = "config"  # site.yml, teams.yml, languages.yml, topics.yml
    SECTION = "section"
    REGION = "region"
    NATIONAL_TEXT = "national article"
    REGION_TEXT = "region article"
    FILL = "fill"
    TOPIC_INTRO = "topic introduction"
    MISPLACED_TEXT = "misplaced Markdown"  # Markdown where no text may be
    MEDIA = "media"  # any other file under national/ or a region's folder
    OTHER = "other"  # outside the layout: not content


@dataclass(frozen=True)
class Place:
    """What a content file is, and the names its path gives it."""

    kind: Kind
    region: str | None = None
    section: str | None = None
    slug: str | None = None  # the article's
    slot: str | None = None
    lattlast: bool = False
    language: str | None = None  # a translation's; None: Swedish
    topic: str | None = None  # a topic introduction's


def place_of(rel: str) -> Place:
    parts = rel.split("/")
    markdown = rel.endswith(MARKDOWN)
    if len(parts) == 1:
        return Place(Kind.CONFIG if rel in (SITE_CONFIG, TEAMS, LANGUAGES, TOPICS)
                     else Kind.OTHER)
    if parts[0] == NATIONAL:
        if len(parts) == 3 and parts[2] == SECTION_FILE:
            return Place(Kind.SECTION, section=parts[1])
        if len(parts) == 3 and markdown:
            return _text(Kind.NATIONAL_TEXT, None, parts[1], parts[2])
        return Place(Kind.MISPLACED_TEXT if markdown else Kind.MEDIA)
    if parts[0] != REGIONAL:
        return Place(Kind.OTHER)
    region = parts[1]
    if len(parts) == 3 and parts[2] == REGION_FILE:
        return Place(Kind.REGION, region)
    if markdown and len(parts) == 5 and parts[2] == ARTICLES:
        return _text(Kind.REGION_TEXT, region, parts[3], parts[4])
    if markdown and len(parts) == 6 and parts[2] == OVERLAYS:
        slot, lattlast, language = _stem(parts[5])
        return Place(Kind.FILL, region, parts[3], parts[4], slot, lattlast, language)
    if markdown and len(parts) == 4 and parts[2] == TOPIC_INTROS:
        return Place(Kind.TOPIC_INTRO, region, topic=parts[3].removesuffix(MARKDOWN))
    if markdown:
        return Place(Kind.MISPLACED_TEXT, region)
    return Place(Kind.MEDIA, region) if len(parts) > 2 else Place(Kind.OTHER)


def _text(kind: Kind, region: str | None, section: str, filename: str) -> Place:
    slug, lattlast, language = _stem(filename)
    return Place(kind, region, section, slug, lattlast=lattlast, language=language)


def _stem(filename: str) -> tuple[str, bool, str | None]:
    """A text's or fill's name, whether it is lättläst, and the language it translates into:
    names have no dots, so what follows the first says which."""
    name, dot, variant = filename.removesuffix(MARKDOWN).partition(".")
    if not dot:
        return name, False, None
    return (name, True, None) if variant == LATTLAST else (name, False, variant)


def region_folder(region: str) -> str:
    return f"{REGIONAL}/{region}"


def region_file(region: str) -> str:
    return f"{region_folder(region)}/{REGION_FILE}"


def read_by(folder: str, regions: Collection[str] | None) -> bool:
    """Whether a build of the sites of `regions` (None: every site) reads anything below
    `folder`: of another region it reads only region.yml, as every site links to every
    other."""
    parts = folder.split("/")
    return regions is None or len(parts) != 3 or parts[0] != REGIONAL or parts[1] in regions


def standard_text_of(rel: str) -> str:
    """The standard text beside a lättläst text or a translation (or a fill's, beside it)."""
    folder, name = posixpath.split(rel)
    return posixpath.join(folder, name.split(".", 1)[0] + MARKDOWN)


def lattlast_text_of(standard_rel: str) -> str:
    """The lättläst text beside a standard text."""
    return variant_text_of(standard_rel, LATTLAST)


def variant_text_of(standard_rel: str, variant: str) -> str:
    """The text beside a standard text in `variant`: "lattlast" or a language."""
    return standard_rel.removesuffix(MARKDOWN) + f".{variant}{MARKDOWN}"


def beside(text_rel: str, path: str) -> str:
    """The content path of a file named relative to the text at `text_rel`."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(text_rel), path))


def media_site_path(rel: str) -> str | None:
    """Where a media file lands in a site, or None when `rel` is not in a media folder."""
    if _TOPIC_MEDIA_ROOT.match(rel):
        return _TOPIC_MEDIA_ROOT.sub(TOPIC_LIST, rel)
    return _MEDIA_ROOT.sub("", rel) if _MEDIA_ROOT.match(rel) else None


def is_media(rel: str) -> bool:
    """Whether `rel` is placed where media is published from, and is not a text or YAML."""
    return media_site_path(rel) is not None and not rel.endswith(_NOT_MEDIA_SUFFIXES)


MISPLACED_MARKDOWN = (
    f"is not where the generator looks for Markdown: use {NATIONAL}/<section>/<slug>.md, "
    f"{REGIONAL}/<region>/{ARTICLES}/<section>/<slug>.md or "
    f"{REGIONAL}/<region>/{OVERLAYS}/<section>/<slug>/<slot>.md or "
    f"{REGIONAL}/<region>/{TOPIC_INTROS}/<topic>.md"
)
