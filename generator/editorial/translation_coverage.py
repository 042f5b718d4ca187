"""How far each language's translations reach: the national texts translated into it, the
regional slots they declare, and how many of those each region fills in that language."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import ContentTree, Language
from generator.language import sort_key
from generator.render.article_texts import TextKey, published


@dataclass(frozen=True)
class LanguageCoverage:
    language: Language
    texts: int  # published national articles with a published translation into it
    slots: int  # regional slots those translations declare
    filled: dict[str, int]  # region -> those slots it fills in the language


def translation_coverage(
    tree: ContentTree, declared: dict[TextKey, tuple[str, ...]]
) -> list[LanguageCoverage]:
    """Per language of languages.yml, by its Swedish name; `declared` from slot_coverage.py."""
    articles = published(tree.articles.values())
    found = []
    for code, language in sorted(tree.languages.items(), key=lambda item: sort_key(
            item[1].name)):
        keys = [(a.section, a.slug, False, code) for a in articles
                if any(t.language == code for t in a.translations)]
        slots = {(key[:2], slot) for key in keys for slot in declared.get(key, ())}
        filled = {region: 0 for region in sorted(tree.regions)}
        for fill in tree.fills:
            if (fill.language == code and not fill.meta.draft and fill.region in filled
                    and ((fill.section, fill.slug), fill.slot) in slots):
                filled[fill.region] += 1
        found.append(LanguageCoverage(language, len(keys), len(slots), filled))
    return found
