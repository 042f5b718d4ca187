"""For a targeted build (engine/targeted.py): the national texts whose bodies changed, made
again once for every site: their renderings, the national search part, their warnings
and the national record the build leaves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.load import load_text_file
from generator.content.model import Article, ContentTree, Text
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
from generator.search.files import PartFiles, indexed_part_files
from generator.store import Store


@dataclass(frozen=True)
class NationalAgain:
    record: NationalRecord  # as the build leaves it
    articles: dict[ArticleKey, Article]  # those with a text made again, read again
    rendered: dict[TextKey, RenderedText]  # their texts
    part: PartFiles | None  # the national search part, when made again


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
    keys = sorted({record.texts[rel][0] for rel in changed})
    every = {rel for rel, (key, _) in record.texts.items() if key in keys}
    texts: dict[str, Text] = {}
    for rel in sorted(every):
        found, problems = load_text_file(content, str(content), rel, frame, store)
        if not isinstance(found, Text) or problems:
            return None
        texts[rel] = found
    articles: dict[ArticleKey, Article] = {}
    for key in keys:
        standard, *easy = sorted((t for rel, t in texts.items() if record.texts[rel][0] == key),
                                 key=lambda text: text.lattlast)
        articles[key] = Article(*key, standard, easy[0] if easy else None)
    rendered: dict[TextKey, RenderedText] = {}
    body: list[Diagnostic] = []
    for article in articles.values():
        for text in article.texts():
            source = text_source(text.source, parsers, store, trusted=True)
            outline, found = text_outline(source, store)
            body += found
            if text_shape(text, outline) != record.texts[text.source.rel][1]:
                return None
            key = text_key(article, text)
            rendered[key], found = render_text(source, record.index, parsers, store,
                                               text_url(article, text.lattlast), text.lattlast)
            body += found
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
    files = indexed_part_files("n", part.first, part.pages, list(part.docs))
    again = {text.source.shown for text in texts.values()}
    body_warnings = {path: found for path, found in record.body_warnings.items()
                     if path not in again}
    for problem in body:
        body_warnings.setdefault(problem.path, []).append(problem)
    new = replace(record, entries=entries, search=put_search(store.file, part),
                  search_manifest=files.manifest, body_warnings=body_warnings)
    return NationalAgain(new, articles, rendered, files)


def _with_articles_again(
    part: IndexedPart, articles: list[Article], rendered: dict[TextKey, RenderedText],
    frame: ContentTree, store: Store,
) -> IndexedPart | None:
    """The national search part with the documents of `articles` made again."""
    numbers = {(page.url, page.lattlast): part.first + n for n, page in enumerate(part.pages)}
    docs = list(part.docs)
    for article in articles:
        first = numbers.get((text_url(article, False), False))
        if first is None:
            return None
        made = national_docs([article], rendered, frame.sections, words_of(store), first)
        if made.docs.pages != part.pages[first - part.first:][:len(made.docs.pages)]:
            return None  # what a result shows is not what it showed
        pages = {str(first + n) for n in range(len(made.docs.pages))}
        at = [i for i, (ref, _) in enumerate(docs) if ref.split(".")[0] in pages]
        if not at or at != list(range(at[0], at[-1] + 1)):
            return None
        terms = terms_of(store)
        docs[at[0]:at[-1] + 1] = [(doc.ref, terms(doc)) for doc in made.docs.docs]
    return replace(part, docs=tuple(docs))

