"""For a targeted build (engine/targeted.py): the national texts whose bodies changed, made
again once for every site: their renderings, the national search part, their warnings
and the national record the build leaves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.layout import place_of
from generator.content.load import load_text_file
from generator.content.model import Article, ContentTree, Text, article_of
from generator.diagnostics import Diagnostic, has_errors
from generator.editorial.lix import lattlast_warnings
from generator.engine.national import stored_lix, terms_of, text_html, words_of
from generator.engine.site_record import (
    ArticleKey,
    Entries,
    IndexedPart,
    NationalRecord,
    put_search,
    search_record,
    text_shape,
)
from generator.render.article_texts import (
    Outline,
    RenderedText,
    TextKey,
    render_text,
    text_key,
    text_outline,
    text_source,
    text_url,
)
from generator.render.markdown import Parsers
from generator.search.documents import national_docs
from generator.search.files import NATIONAL_PART, PartFiles, indexed_part_files
from generator.store import Store


@dataclass(frozen=True)
class NationalAgain:
    record: NationalRecord  # as the build leaves it
    articles: dict[ArticleKey, Article]  # those with a text made again, read again
    rendered: dict[TextKey, RenderedText]  # their texts
    # The national search part's documents when made again, to index (indexed_national_part); the
    # record's search_manifest waits for that.
    part: IndexedPart | None


def national_again(
    content: Path, frame: ContentTree, store: Store, parsers: Parsers, record: NationalRecord,
    changed: list[str], entries: Entries,
) -> NationalAgain | None:
    """The national texts at the content paths `changed` made again, `entries` being what
    every site reads now; None when one changed more than its body or has an error."""
    if not changed:
        return NationalAgain(record, {}, {}, None)
    if store.file is None or not all(rel in record.texts for rel in changed):
        return None
    found = _read_again(content, frame, store, parsers, record, changed)
    if found is None:
        return None
    texts, outlines = found
    if any(text_shape(texts[rel], outlines[rel]) != record.texts[rel].shape for rel in changed):
        return None
    # Read again for their stamps alone (saved as they were, or written too recently to
    # be known by their stamps): the record takes the stamps, nothing is made.
    edited = {rel for rel in changed if texts[rel].source.body_digest != record.texts[rel].body}
    if not edited:
        return NationalAgain(replace(record, entries=entries), {}, {}, None)
    if any(place_of(rel).language for rel in edited):
        return None  # a language's search data holds its texts whole: an ordinary build
    keys = sorted({record.texts[rel].article for rel in edited})
    articles: dict[ArticleKey, Article] = {}
    for key in keys:
        article = article_of(*key, (text for rel, text in texts.items()
                                    if record.texts[rel].article == key))
        if article is None:
            return None
        articles[key] = article
    rendered: dict[TextKey, RenderedText] = {}
    body: list[Diagnostic] = []
    for article in articles.values():
        for text in article.texts():
            source = text_source(text.source, parsers, store, trusted=True)
            body += text_outline(source, store)[1]
            key = text_key(article, text)
            rendered[key], problems = render_text(source, record.index, parsers, store,
                                                  text_url(article, text), text.variant)
            body += problems
            if text.language is not None:
                continue  # LIX measures Swedish
            body += lattlast_warnings([stored_lix(store, text.source.shown, text.lattlast,
                                                  text_html(rendered[key]))],
                                      frame.config.lix_limit_lattlast)
    if has_errors(body):
        return None
    part = search_record(store.file, record.search)
    if part is None:
        return None
    part = _with_articles_again(part, list(articles.values()), rendered, frame, store)
    if part is None:
        return None
    again = {text.source.shown for a in articles.values() for text in a.texts()}
    body_warnings = {path: found for path, found in record.body_warnings.items()
                     if path not in again}
    for problem in body:
        body_warnings.setdefault(problem.path, []).append(problem)
    shown = {rel: replace(record.texts[rel], body=text.source.body_digest)
             for rel, text in texts.items()}
    new = replace(record, entries=entries, texts={**record.texts, **shown},
                  search=put_search(store.file, part), body_warnings=body_warnings)
    return NationalAgain(new, articles, rendered, part)


def indexed_national_part(part: IndexedPart) -> PartFiles:
    """The national search part's files, indexed from its documents' terms."""
    return indexed_part_files(NATIONAL_PART, part.first, part.pages, list(part.docs))


def with_national_part(again: NationalAgain, files: PartFiles) -> NationalAgain:
    return replace(again, record=replace(again.record, search_manifest=files.manifest))


def _read_again(
    content: Path, frame: ContentTree, store: Store, parsers: Parsers, record: NationalRecord,
    changed: list[str],
) -> tuple[dict[str, Text], dict[str, Outline]] | None:
    """The texts of the articles of the texts at `changed`, read again, with outlines."""
    keys = {record.texts[rel].article for rel in changed}
    texts: dict[str, Text] = {}
    outlines: dict[str, Outline] = {}
    for rel in sorted(rel for rel, found in record.texts.items() if found.article in keys):
        found, problems = load_text_file(content, str(content), rel, frame, store)
        if not isinstance(found, Text) or problems:
            return None
        texts[rel] = found
        source = text_source(found.source, parsers, store, trusted=True)
        outlines[rel] = text_outline(source, store)[0]
    return texts, outlines


def _with_articles_again(
    part: IndexedPart, articles: list[Article], rendered: dict[TextKey, RenderedText],
    frame: ContentTree, store: Store,
) -> IndexedPart | None:
    """The national search part with the documents of `articles` made again."""
    numbers = {(page.url, page.lattlast): part.first + n for n, page in enumerate(part.pages)}
    docs = list(part.docs)
    for article in articles:
        first = numbers.get((text_url(article, article.standard), False))
        if first is None:
            return None
        made = national_docs([article], rendered, frame, words_of(store), first)
        if made.docs.pages != part.pages[first - part.first:][:len(made.docs.pages)]:
            return None  # what a result shows is not what it showed
        pages = {str(first + n) for n in range(len(made.docs.pages))}
        at = [i for i, (ref, _) in enumerate(docs) if ref.split(".")[0] in pages]
        if not at or at != list(range(at[0], at[-1] + 1)):
            return None
        terms = terms_of(store)
        docs[at[0]:at[-1] + 1] = [(doc.ref, terms(doc)) for doc in made.docs.docs]
    return replace(part, docs=tuple(docs))

