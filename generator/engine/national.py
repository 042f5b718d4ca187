"""The national stage: every national text parsed, rendered, indexed and measured once.

National text can only link to what every site has, so its result is shared by
all sites of a build (engine/site.py adds each region's own texts and fills).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.content.model import Article, ContentTree
from generator.diagnostics import Diagnostic
from generator.editorial.lix import TEXT_LIX_CODEC, TextLix, text_lix
from generator.render.article_texts import (
    Outline,
    RenderedText,
    TextKey,
    link_index,
    outlines_of,
    published,
    render_articles,
    text_key,
    text_sources,
)
from generator.render.markdown import Parsers, Slot
from generator.render.plain_text import PLAIN_TEXT_CODEC, plain_text
from generator.search.documents import NationalDocs, SearchDoc, Words, national_docs
from generator.search.files import PART_FILES_CODEC, PartFiles, part_files
from generator.search.weights import DOC_TERMS_CODEC, DocTerms, doc_terms
from generator.store import Store


@dataclass(frozen=True)
class National:
    """National texts, parsed, rendered and indexed once for every site."""

    articles: list[Article]  # published, in a stable order
    outlines: dict[TextKey, Outline]  # every national text's, drafts too
    rendered: dict[TextKey, RenderedText]
    search_docs: NationalDocs
    search_files: PartFiles
    lix: list[TextLix]


def render_national(
    tree: ContentTree, parsers: Parsers, store: Store
) -> tuple[National, list[Diagnostic]]:
    """The national stage; each text's results come from `store` unless its inputs changed."""
    every = [tree.articles[key] for key in sorted(tree.articles)]
    texts = text_sources(every, parsers, store, trusted=True)
    outlines, problems = outlines_of(texts, store)
    articles = published(every)
    index = link_index(tree, articles, outlines)
    rendered, found = render_articles(articles, texts, index, parsers, store)
    docs = national_docs(articles, rendered, tree.sections, words_of(store))
    files = store.get_or_make("search-part", ("n", docs.docs),
                              lambda: part_files("n", docs.docs, terms_of(store)),
                              PART_FILES_CODEC)
    lix = [
        stored_lix(store, text.source.shown, text.lattlast, "".join(
            part.default.html if isinstance(part, Slot) else part.html
            for part in rendered[text_key(article, text)].rendered.parts
        ))
        for article in articles
        for text in article.texts()
    ]
    return National(articles, outlines, rendered, docs, files, lix), problems + found


def words_of(store: Store) -> Words:
    """The words of rendered HTML, for search, through the store."""
    return lambda html: store.get_or_make("words", html, lambda: plain_text(html),
                                          PLAIN_TEXT_CODEC)


def terms_of(store: Store) -> Callable[[SearchDoc], DocTerms]:
    """A search document's terms, through the store: an edit indexes one text again, not
    every text of its part."""
    return lambda doc: store.get_or_make(
        "terms", (doc.title, doc.summary, doc.headings, doc.body), lambda: doc_terms(doc),
        DOC_TERMS_CODEC)


def stored_lix(store: Store, path: str, lattlast: bool, html: str) -> TextLix:
    return store.get_or_make("lix", (path, lattlast, html),
                             lambda: text_lix(path, lattlast, html), TEXT_LIX_CODEC)
