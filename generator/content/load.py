"""Reading content/: with content/reader.py, the only modules that open content files.

`load_content` returns the whole tree as plain data plus every problem found,
so that one run reports all errors at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from pathlib import Path

from generator.content import files as safe_files
from generator.content import schema
from generator.content.config import (
    check_language,
    check_topic,
    load_config,
    load_languages,
    load_teams,
    load_topics,
)
from generator.content.image_facts import ImageInfo, image_facts, is_image
from generator.content.layout import (
    MISPLACED_MARKDOWN,
    REGIONAL,
    Kind,
    Place,
    is_media,
    place_of,
    read_by,
    region_file,
    standard_text_of,
)
from generator.content.model import (
    Article,
    ArticleMeta,
    ContentTree,
    Fill,
    FillMeta,
    Region,
    Section,
    Source,
    Text,
    TopicIntro,
)
from generator.content.ownership import ownership_problem
from generator.content.reader import Reader
from generator.content.yaml_lines import (
    YamlDoc,
)
from generator.diagnostics import Diagnostic
from generator.site_urls import RESERVED_REGIONS, RESERVED_SECTIONS
from generator.store import Store

# (region or None, section, slug, lättläst?, language or None) of one text, paired into
# articles.
_TextKey = tuple[str | None, str, str, bool, str | None]


def load_content(
    root: Path,
    shown_root: str | None = None,
    only_regions: Collection[str] | None = None,
    store: Store | None = None,
) -> tuple[ContentTree | None, list[Diagnostic]]:
    """Load and validate the content tree under `root`.

    With `only_regions`, the folders of other regions are not even listed
    (every region.yml is still read: each site links to every other): a build
    of one region reads a twentieth of a large tree. Returns (tree, diagnostics);
    the tree is None when a file the rest depends on (site.yml, teams.yml) is
    unusable.
    """
    reader = Reader(root, shown_root if shown_root is not None else str(root), store or Store())
    files = _list_files(root, lambda folder: read_by(folder, only_regions), reader)
    places = [(rel, place_of(rel)) for rel in files]
    frame = _load_frame(reader, files, places)
    if frame is None:
        return None, reader.problems
    texts, fills, intros = _load_texts(reader, places, frame, frame.regions, files)
    articles, region_articles = _pair_texts(reader, texts, frame.regions, files)
    tree = replace(frame, articles=articles, region_articles=region_articles,
                   fills=tuple(fills), topic_intros=tuple(intros), refused=reader.refused,
                   images=_images(reader, files))
    return tree, reader.problems


def load_frame(
    root: Path, shown_root: str, files: list[str], store: Store
) -> tuple[ContentTree | None, list[Diagnostic]]:
    """The tree without texts or fills: site.yml, teams.yml, the sections and the regions,
    as `load_content` loads them, found among `files` (content paths, listed already)."""
    reader = Reader(root, shown_root, store)
    return _load_frame(reader, files, [(rel, place_of(rel)) for rel in files]), reader.problems


def _load_frame(
    reader: Reader, files: list[str], places: list[tuple[str, Place]]
) -> ContentTree | None:
    config = load_config(reader, files)
    teams = load_teams(reader, files)
    if config is None or teams is None:
        return None
    languages = load_languages(reader, files, config)
    topics = load_topics(reader, files)
    sections = {
        slug: Section(slug, **values)
        for slug, _, _, values in _load_named(reader, places, Kind.SECTION, schema.SECTION)
    }
    regions = {}
    for slug, rel, doc, values in _load_named(reader, places, Kind.REGION, schema.REGION):
        if values["team"] not in teams:
            reader.error(rel, doc.line_of("team"), f"team '{values['team']}' is not in teams.yml")
            continue
        regions[slug] = Region(slug, **values)
    return ContentTree(config=config, teams=teams, regions=regions, sections=sections,
                       articles={}, region_articles={}, fills=(), files=frozenset(files),
                       languages=languages, topics=topics)


def load_region(
    root: Path, shown_root: str, tree: ContentTree, slug: str, store: Store
) -> tuple[ContentTree, list[Diagnostic]]:
    """`tree`, loaded without the folders of region `slug`, with them: the tree (and the
    problems of those folders) that `load_content` of that region alone gives.

    A build loads each region's texts and fills in its site's own stage, so that memory
    holds the national texts and one region's, not every region's.
    """
    reader = Reader(root, shown_root, store)
    folder = f"{REGIONAL}/{slug}"

    def on_the_way(path: str) -> bool:  # the region's folder, and the folders above and in it
        return path == folder or folder.startswith(path + "/") or path.startswith(folder + "/")

    found = [rel for rel in _list_files(root, on_the_way, reader)
             if rel.startswith(folder + "/") and rel not in tree.files]
    files = sorted(tree.files.union(found))
    places = [(rel, place_of(rel)) for rel in found]
    region = {slug: tree.regions[slug]}
    texts, fills, intros = _load_texts(reader, places, tree, region, files)
    own = _pair_texts(reader, texts, region, files)[1]
    return replace(
        tree,
        region_articles={**tree.region_articles, **own},
        fills=tuple(sorted((*tree.fills, *fills), key=lambda fill: fill.source.rel)),
        topic_intros=tuple(sorted((*tree.topic_intros, *intros),
                                  key=lambda intro: intro.source.rel)),
        files=frozenset(files),
        refused={**tree.refused, **reader.refused},
        images={**tree.images, **_images(reader, found)},
    ), reader.problems


def regions_without_file(root: Path) -> set[str]:
    """The folders under regional/ that lack a region.yml: each of their texts is an error."""
    try:
        with os.scandir(root / REGIONAL) as entries:
            folders = [e.name for e in entries
                       if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
    except OSError:
        return set()
    return {name for name in folders if not (root / region_file(name)).exists()}


def _load_texts(
    reader: Reader,
    places: list[tuple[str, Place]],
    frame: ContentTree,
    regions: dict[str, Region],
    files: list[str],
) -> tuple[dict[_TextKey, Text], list[Fill], list[TopicIntro]]:
    """The texts, fills and topic introductions among `places`, of the national folder and
    of `regions`; `frame` holds the teams, sections, languages and topics they are checked
    against."""
    texts: dict[_TextKey, Text] = {}
    fills: list[Fill] = []
    intros: list[TopicIntro] = []
    present = set(files)
    for rel, place in places:
        if place.kind is Kind.NATIONAL_TEXT:
            _load_text(reader, rel, place, frame, texts)
        elif place.kind is Kind.REGION_TEXT:
            if place.region in regions:
                _load_text(reader, rel, place, frame, texts)
            elif region_file(place.region) not in present:  # else it has its own error
                reader.error(rel, 1, f"region '{place.region}' has no region.yml")
        elif place.kind is Kind.FILL:
            fill = _load_fill(reader, rel, place, frame)
            if fill is not None:
                fills.append(fill)
        elif place.kind is Kind.TOPIC_INTRO:
            intro = _load_topic_intro(reader, rel, place, frame)
            if intro is not None:
                intros.append(intro)
        elif place.kind is Kind.MISPLACED_TEXT:
            reader.error(rel, 1, f"{rel} {MISPLACED_MARKDOWN}")
    return texts, fills, intros


def load_text_file(
    root: Path, shown_root: str, rel: str, tree: ContentTree, store: Store
) -> tuple[Text | Fill | None, list[Diagnostic]]:
    """The text or fill at `rel` read again for engine/patch.py; None if not one or wrong."""
    reader = Reader(root, shown_root, store)
    problem, place = safe_files.file_problem(root, rel), place_of(rel)
    found: Text | Fill | None = None
    if problem is not None:
        reader.error(rel, 1, problem)
    elif place.kind in (Kind.NATIONAL_TEXT, Kind.REGION_TEXT):
        texts: dict[_TextKey, Text] = {}
        _load_text(reader, rel, place, tree, texts)
        found = next(iter(texts.values()), None)
    elif place.kind is Kind.FILL:
        found = _load_fill(reader, rel, place, tree)
    return (None if reader.problems else found), reader.problems


def _list_files(root: Path, enter: Callable[[str], bool], reader: Reader) -> list[str]:
    """Every content file, sorted; hidden files and editor leftovers are not content.

    What the build must not read (files.py: a symlink leaving content/, a FIFO, ...) or a
    region must not publish goes into `reader.refused`, reported where it is read or
    linked; a symlinked or unreadable folder is reported here, as its files are never listed.
    """
    found = []
    for rel, problem in safe_files.walk(root, "content folder", enter):
        if rel.endswith("~"):
            continue
        if problem in (safe_files.SYMLINKED_FOLDER, safe_files.UNREADABLE_FOLDER):
            reader.error(rel, 1, problem)
            continue
        found.append(rel)
        if problem is None and safe_files.regional_media(rel):
            problem = safe_files.passive_media_problem(root / rel)
        if problem is not None:
            reader.refused[rel] = problem
    return found


def _images(reader: Reader, files: list[str]) -> dict[str, ImageInfo]:
    """The facts of each image among `files` that a text may show (content/image_facts.py):
    read here, with the listing, so that a tree is the same whichever text asks first."""
    return {rel: image_facts(reader.root / rel, reader.store) for rel in files
            if is_image(rel) and is_media(rel) and rel not in reader.refused}


def _load_named(
    reader: Reader, places: list[tuple[str, Place]], kind: Kind, fields: tuple[schema.Field, ...]
) -> Iterator[tuple[str, str, YamlDoc, dict]]:
    """(slug, path, document, values) of each valid section or region file."""
    what, reserved, why = (("section", RESERVED_SECTIONS, " for the site's own pages")
                           if kind is Kind.SECTION else ("region", RESERVED_REGIONS, ""))
    for rel, place in places:
        if place.kind is not kind:
            continue
        slug = place.section if kind is Kind.SECTION else place.region
        if not _check_name(reader, rel, what, slug):
            continue
        if slug in reserved:
            reader.error(rel, 1, f"{what} name '{slug}' is reserved{why}")
            continue
        doc = reader.yaml(rel)
        values = doc and reader.validated(fields, doc, rel)
        if values is not None:
            yield slug, rel, doc, values


def _load_text(
    reader: Reader, rel: str, place: Place, frame: ContentTree, texts: dict[_TextKey, Text]
) -> None:
    section, slug = place.section, place.slug
    if not _check_name(reader, rel, "section", section) or not _check_name(
        reader, rel, "slug", slug
    ) or not check_language(reader, rel, place.language, frame.languages):
        return
    if section not in frame.sections:
        reader.error(rel, 1, f"section '{section}' has no national/{section}/_section.yml")
        return
    parsed = reader.front_matter(rel, "article" if place.language is None else "translation")
    if parsed is None:
        return
    source, doc, values = parsed
    problem = ownership_problem(values["owner"], rel, frame.teams)
    if problem:
        reader.error(rel, doc.line_of("owner"), problem)
        return
    for number, topic in enumerate(values.get("topics", ())):
        check_topic(reader, rel, doc.line_of("topics", number), topic, frame.topics)
    texts[(place.region, section, slug, place.lattlast, place.language)] = Text(
        source, ArticleMeta(**values), place.lattlast, place.language)


def _pair_texts(
    reader: Reader,
    texts: dict[_TextKey, Text],
    regions: dict[str, Region],
    files: list[str],
) -> tuple[dict[tuple[str, str], Article], dict[str, dict[tuple[str, str], Article]]]:
    """Join each standard text with its lättläst text and translations into one Article."""
    present = set(files)
    articles: dict[tuple[str, str], Article] = {}
    region_articles: dict[str, dict[tuple[str, str], Article]] = {r: {} for r in regions}
    translations: dict[tuple[str | None, str, str], list[Text]] = {}
    for (region, section, slug, lattlast, language), text in sorted(
            texts.items(), key=lambda item: item[1].source.rel):
        if language is not None:
            translations.setdefault((region, section, slug), []).append(text)
        # A standard text that exists but failed validation has its own error already.
        if (lattlast or language is not None) and standard_text_of(text.source.rel) not in present:
            what = "easy-to-read text" if lattlast else "translation"
            reader.error(text.source.rel, 1, f"{what} without a Swedish {slug}.md")
    for (region, section, slug, lattlast, language), text in texts.items():
        if lattlast or language is not None:
            continue
        easy = texts.get((region, section, slug, True, None))
        found = articles if region is None else region_articles[region]
        found[(section, slug)] = Article(section, slug, text, easy, region, tuple(
            translations.get((region, section, slug), ())))
    return articles, region_articles


def _load_fill(reader: Reader, rel: str, place: Place, frame: ContentTree) -> Fill | None:
    names = (("region", place.region), ("section", place.section), ("slug", place.slug),
             ("slot", place.slot))
    for kind, name in names:
        if not _check_name(reader, rel, kind, name):
            return None
    if not check_language(reader, rel, place.language, frame.languages):
        return None
    found = _fill_front_matter(reader, rel, frame)
    return found and Fill(place.region, place.section, place.slug, place.slot, place.lattlast,
                          *found, place.language)


def _load_topic_intro(
    reader: Reader, rel: str, place: Place, frame: ContentTree
) -> TopicIntro | None:
    """A region's introduction to a topic page: a fill's front matter and rules."""
    if not _check_name(reader, rel, "region", place.region) or not _check_name(
            reader, rel, "topic", place.topic) or not check_topic(
            reader, rel, 1, place.topic, frame.topics):
        return None
    found = _fill_front_matter(reader, rel, frame)
    return found and TopicIntro(place.region, place.topic, *found)


def _fill_front_matter(
    reader: Reader, rel: str, frame: ContentTree
) -> tuple[Source, FillMeta] | None:
    """A fill's (or a topic introduction's) body and front matter, its owner checked."""
    parsed = reader.front_matter(rel, "fill")
    if parsed is None:
        return None
    source, doc, values = parsed
    problem = ownership_problem(values["owner"], rel, frame.teams)
    if problem:
        reader.error(rel, doc.line_of("owner"), problem)
        return None
    return source, FillMeta(**values)


def _check_name(reader: Reader, rel: str, kind: str, name: str) -> bool:
    if schema.NAME_RE.match(name):
        return True
    reader.error(
        rel, 1, f"{kind} name '{name}' must be lowercase a-z, 0-9 and '-' (å, ä, ö as a, a, o)"
    )
    return False
