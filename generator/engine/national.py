"""The national stage: every national text parsed, rendered, indexed and measured once.

National text can only link to what every site has, so its result is shared by
all sites of a build (engine/site.py adds each region's own texts and fills).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Article, ContentTree
from generator.diagnostics import Diagnostic
from generator.editorial.lix import TextLix, text_lix
from generator.memo import Memo
from generator.render.article_texts import (
    Outline,
    RenderedText,
    TextKey,
    link_index,
    outline,
    parse_articles,
    published,
    render_articles,
    text_key,
)
from generator.render.markdown import Parsers, Slot
from generator.render.plain_text import plain_text
from generator.search.documents import NationalDocs, Words, national_docs
from generator.search.files import PartFiles, part_files


@dataclass(frozen=True)
class National:
    """National texts, parsed, rendered and indexed once for every site."""

    articles: list[Article]  # published, in a stable order
    outlines: dict[TextKey, Outline]  # every national text's, drafts too
    rendered: dict[TextKey, RenderedText]
    search_docs: NationalDocs
    search_files: PartFiles
    lix: list[TextLix]


def render_national(tree: ContentTree, parsers: Parsers) -> tuple[National, list[Diagnostic]]:
    every = [tree.articles[key] for key in sorted(tree.articles)]
    parsed, problems = parse_articles(every, parsers, trusted=True)
    articles = published(every)
    outlines = {key: outline(text) for key, text in parsed.items()}
    index = link_index(tree, articles, outlines)
    rendered, found = render_articles(articles, parsed, index, parsers)
    docs = national_docs(articles, rendered, tree.sections, words_of(parsers.memo))
    files = part_files("n", docs.docs)
    lix = [
        memoised_lix(parsers.memo, text.source.shown, text.lattlast, "".join(
            part.default.html if isinstance(part, Slot) else part.html
            for part in rendered[text_key(article, text)].rendered.parts
        ))
        for article in articles
        for text in article.texts()
    ]
    return National(articles, outlines, rendered, docs, files, lix), problems + found


def words_of(memo: Memo | None) -> Words:
    """The words of rendered HTML, for search; kept by the preview's memo."""
    if memo is None:
        return plain_text
    return lambda html: memo.get_or_make("words", html, lambda: plain_text(html))


def memoised_lix(memo: Memo | None, path: str, lattlast: bool, html: str) -> TextLix:
    if memo is None:
        return text_lix(path, lattlast, html)
    return memo.get_or_make("lix", (path, lattlast, html), lambda: text_lix(path, lattlast, html))
