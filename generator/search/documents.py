"""What search indexes: the pages of a site, each cut into parts.

Every site shows the same national text around the slots, so that text, and
each slot's national default, is indexed once for all sites (the national
part). A site adds its own part: its fills and its region-only articles, and
masks the national defaults its fills replace. A query then sees exactly the
text the site shows, and 22 sites never index the same national text 22 times.

A document's ref is "<page>.<part>": part 0 is the text around the slots,
part k the k-th slot of the page's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.content.model import Article, ContentTree, Text
from generator.render.article_texts import RenderedText, TextKey, text_key, text_url
from generator.render.markdown import Chunk, Slot
from generator.render.overlay import ArticleText, FillPart
from generator.render.plain_text import PlainText, plain_text

FIELDS = ("title", "summary", "headings", "body")
# Weight of a match in each field: a word in the title says more than one in the body.
FIELD_BOOSTS = {"title": 10, "summary": 4, "headings": 3, "body": 1}
PREFIX_MIN = 3  # the word being typed matches as a prefix from this many letters


@dataclass(frozen=True)
class ResultPage:
    """What a search result shows."""

    url: str  # relative to the site root
    title: str
    summary: str
    section: str
    lattlast: bool
    # The standard text's translations: (language, its own name, dir, page URL) of each.
    translations: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class SearchDoc:
    ref: str
    title: str = ""
    summary: str = ""
    headings: str = ""
    body: str = ""


@dataclass(frozen=True)
class DocSet:
    """Result pages numbered from `first`, and the documents that find them."""

    first: int
    pages: tuple[ResultPage, ...]
    docs: tuple[SearchDoc, ...]


@dataclass(frozen=True)
class NationalDocs:
    docs: DocSet
    refs: dict[tuple[TextKey, str], str]  # (text, slot name) -> ref of the slot's part


@dataclass(frozen=True)
class SiteDocs:
    docs: DocSet
    masked: tuple[str, ...]  # national refs whose text this site does not show


# The words of a rendered HTML text; the preview passes a memoised plain_text.
Words = Callable[[str], PlainText]


def national_docs(
    articles: list[Article],
    rendered: Mapping[TextKey, RenderedText],
    tree: ContentTree,
    words: Words = plain_text,
    first: int = 0,
) -> NationalDocs:
    """The national part's pages and documents; pages are numbered from `first`."""
    pages: list[ResultPage] = []
    docs: list[SearchDoc] = []
    refs: dict[tuple[TextKey, str], str] = {}
    for article in articles:
        for text in article.swedish_texts():  # translations are searched in their language
            number = first + len(pages)
            key = text_key(article, text)
            pages.append(_result_page(article, text, tree))
            around: list[Chunk] = []
            slot_number = 0
            for part in rendered[key].rendered.parts:
                if isinstance(part, Slot):
                    slot_number += 1
                    ref = f"{number}.{slot_number}"
                    refs[(key, part.name)] = ref
                    if part.default.html:
                        docs.append(_part_doc(ref, words(part.default.html)))
                else:
                    around.append(part)
            docs.append(_page_doc(f"{number}.0", text, around, words))
    return NationalDocs(DocSet(0, tuple(pages), tuple(docs)), refs)


def site_docs(
    texts: list[ArticleText],
    national: NationalDocs,
    tree: ContentTree,
    words: Words = plain_text,
) -> SiteDocs:
    """The part of one site's index that is its own: fills and region-only articles."""
    first = len(national.docs.pages)
    pages: list[ResultPage] = []
    docs: list[SearchDoc] = []
    masked: list[str] = []
    for shown in texts:
        article = shown.article
        if shown.text.language is not None:
            continue  # translations are searched in their language
        if article.region is None:
            key = text_key(article, shown.text)
            for fill in shown.fills:
                ref = national.refs[(key, fill.slot)]
                masked.append(ref)
                docs.append(_part_doc(ref, words(fill.html)))
            continue
        ref = f"{first + len(pages)}.0"
        pages.append(_result_page(article, shown.text, tree))
        docs.append(_page_doc(ref, shown.text, shown.parts, words))
    return SiteDocs(DocSet(first, tuple(pages), tuple(docs)), tuple(masked))


def site_docs_of(
    texts: list[ArticleText],
    refs: Mapping[tuple[TextKey, str], str],
    numbers: Mapping[str, int],
    words: Words = plain_text,
) -> dict[str, SearchDoc] | None:
    """The documents `site_docs` makes of `texts` (every text of some of a site's articles),
    by ref, given the refs of the national slots and the number of each region-only text's
    page in the site's own part; None when one of those pages has no number."""
    made: dict[str, SearchDoc] = {}
    for shown in texts:
        article = shown.article
        if shown.text.language is not None:
            continue  # as in site_docs
        if article.region is None:
            key = text_key(article, shown.text)
            for fill in shown.fills:
                ref = refs[(key, fill.slot)]
                made[ref] = _part_doc(ref, words(fill.html))
            continue
        if shown.url not in numbers:
            return None
        ref = f"{numbers[shown.url]}.0"
        made[ref] = _page_doc(ref, shown.text, shown.parts, words)
    return made


def _result_page(article: Article, text: Text, tree: ContentTree) -> ResultPage:
    languages = tree.languages
    return ResultPage(
        url=text_url(article, text),
        title=text.meta.title,
        summary=text.meta.summary,
        section=tree.sections[article.section].title,
        lattlast=text.lattlast,
        translations=() if text.variant is not None else tuple(
            (t.language, languages[t.language].native, languages[t.language].dir,
             text_url(article, t))
            for t in article.translations if t.language is not None),
    )


def _page_doc(
    ref: str, text: Text, parts: Sequence[Chunk | FillPart], words: Words
) -> SearchDoc:
    meta = text.meta
    found = words("".join(part.html for part in parts))
    return SearchDoc(
        ref,
        title=meta.title,
        summary=" ".join((meta.summary, *meta.topics)),
        headings="\n".join(found.headings),
        body=found.body,
    )


def _part_doc(ref: str, words: PlainText) -> SearchDoc:
    return SearchDoc(ref, headings="\n".join(words.headings), body=words.body)
