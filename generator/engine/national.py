"""The national stage: every national text parsed, rendered, indexed and measured once.

National text can only link to what every site has, so its result is shared by
all sites of a build (engine/site.py adds each region's own texts and fills).

With more than one job the texts are split into runs of whole articles, one per
forked worker. A text's links need every text's outline (its headings) first,
so each worker outlines its run, the parent joins the outlines into the link
index and hands it back, and each worker renders, indexes and measures the run
it parsed: no text is parsed twice.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

from generator.content.model import Article, ContentTree
from generator.diagnostics import Diagnostic
from generator.editorial.lix import TEXT_LIX_CODEC, TextLix, text_lix
from generator.engine.background import Background
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
from generator.render.links import LinkIndex
from generator.render.markdown import Parsers, Slot
from generator.render.plain_text import PLAIN_TEXT_CODEC, plain_text
from generator.search.documents import DocSet, NationalDocs, SearchDoc, Words, national_docs
from generator.search.files import NATIONAL_PART, PART_FILES_CODEC, PartFiles, part_files
from generator.search.weights import DOC_TERMS_CODEC, DocTerms, doc_terms
from generator.store import Store

# Below this many articles, forking costs more than it saves.
PARALLEL_MIN_ARTICLES = 200


@dataclass(frozen=True)
class National:
    """National texts, parsed, rendered and indexed once for every site."""

    articles: list[Article]  # published, in a stable order
    outlines: dict[TextKey, Outline]  # every national text's, drafts too
    index: LinkIndex  # what national texts may link to
    rendered: dict[TextKey, RenderedText]
    search_docs: NationalDocs
    lix: list[TextLix]


@dataclass(frozen=True)
class _Run:
    """What one run of articles gives once the link index is known."""

    rendered: dict[TextKey, RenderedText]
    docs: NationalDocs  # its pages numbered from where the run starts
    lix: list[TextLix]
    problems: list[Diagnostic]


# Given a run's outlines, the link index of every national text.
IndexOf = Callable[[dict[TextKey, Outline]], LinkIndex]


def render_national(
    tree: ContentTree, parsers: Parsers, store: Store, jobs: int = 1, fork_part: bool = False
) -> tuple[National, Background[PartFiles], list[Diagnostic]]:
    """The national stage; each text's results come from `store` unless its inputs changed.
    With the national search part, indexed in a forked process when `fork_part`: nothing
    needs it until a site writes its search files."""
    every = [tree.articles[key] for key in sorted(tree.articles)]
    articles = published(every)
    runs = _split(every, jobs if len(every) >= PARALLEL_MIN_ARTICLES else 1)
    indexes: list[LinkIndex] = []
    if len(runs) == 1:
        outlines: dict[TextKey, Outline] = {}
        problems: list[Diagnostic] = []

        def index_of(found: dict[TextKey, Outline]) -> LinkIndex:
            outlines.update(found)
            indexes.append(link_index(tree, articles, outlines))
            return indexes[0]

        done = [_render_run(tree, every, 0, parsers, store, index_of, problems)]
        docs = _joined_docs(done)
        part = national_part(store, docs, dict, fork_part)
    else:
        with _Workers(tree, runs, parsers, store) as workers:
            outlines, problems = workers.outlines()
            indexes.append(link_index(tree, articles, outlines))
            done = workers.rendered(indexes[0])
            docs = _joined_docs(done)
            part = national_part(store, docs, workers.tokenized, fork_part)
    rendered = {key: text for run in done for key, text in run.rendered.items()}
    _digest_html(rendered.values())
    lix = [text for run in done for text in run.lix]
    problems += [problem for run in done for problem in run.problems]
    return National(articles, outlines, indexes[0], rendered, docs, lix), part, problems


def national_search_docs(
    store: Store, articles: list[Article], rendered: dict[TextKey, RenderedText],
    tree: ContentTree,
) -> NationalDocs:
    """The national search documents, through the store (the preview's patch)."""
    return national_docs(articles, rendered, tree, words_of(store))


def national_part(
    store: Store, docs: NationalDocs, tokenized: Callable[[], dict[SearchDoc, DocTerms]],
    fork: bool = False,
) -> Background[PartFiles]:
    """The national search part, from the store, else indexed (in a forked process when
    `fork`); the documents' terms are asked for only then: from `tokenized` (the national
    workers'), else through the store."""
    key = (NATIONAL_PART, docs.docs)
    found = store.get("search-part", key, PART_FILES_CODEC)
    if found is not None:
        return Background(lambda: found, fork=False)
    terms = tokenized()

    def make() -> PartFiles:
        stored = terms_of(store, [doc for doc in docs.docs.docs if doc not in terms])
        files = store.get_or_make("search-part", key, lambda: part_files(
            NATIONAL_PART, docs.docs, lambda doc: terms.get(doc) or stored(doc)),
            PART_FILES_CODEC)
        store.flush()  # a forked process's rows, before it ends
        return files

    return Background(make, fork)


def _joined_docs(done: list[_Run]) -> NationalDocs:
    return NationalDocs(
        DocSet(0, tuple(p for run in done for p in run.docs.docs.pages),
               tuple(d for run in done for d in run.docs.docs.docs)),
        {key: ref for run in done for key, ref in run.docs.refs.items()},
    )


def _digest_html(rendered: Iterable[RenderedText]) -> None:
    """Each chunk's HTML digested (Chunk.html_digest): every site's page keys hold it, so
    once here, before the sites' workers fork, instead of once in every site."""
    for text in rendered:
        for part in text.rendered.parts:
            _ = (part.default if isinstance(part, Slot) else part).html_digest


def _split(every: list[Article], jobs: int) -> list[list[Article]]:
    """Runs of whole articles in their order, about the same number of articles each."""
    size = -(-len(every) // max(jobs, 1))
    return [every[start:start + size] for start in range(0, len(every), size)] or [[]]


def _render_run(
    tree: ContentTree, run: list[Article], first: int, parsers: Parsers, store: Store,
    index_of: IndexOf, problems: list[Diagnostic],
) -> _Run:
    """Outline the run's texts (their problems into `problems`), then, with the index
    `index_of` gives, render, index and measure them; search pages are numbered from
    `first`."""
    outlines, found = outlines_of(text_sources(run, parsers, store, trusted=True), store)
    problems += found
    index = index_of(outlines)
    articles = published(run)
    # Parsed again, article by article, where the store lacks a rendering: a run's parsed
    # texts, held from outlining until the index came, took about 60 KB each, several
    # times the texts themselves. A cold build pays a second parse (about 1.3 ms a text).
    rendered: dict[TextKey, RenderedText] = {}
    found = []
    for article in articles:
        made, problems_made = render_articles(
            [article], text_sources([article], parsers, store, trusted=True), index, parsers,
            store)
        rendered.update(made)
        found += problems_made
    docs = national_docs(articles, rendered, tree, words_of(store), first)
    lix = [
        stored_lix(store, text.source.shown, text.lattlast,
                   text_html(rendered[text_key(article, text)]))
        for article in articles
        for text in article.swedish_texts()  # LIX measures Swedish
    ]
    return _Run(rendered, docs, lix, found)


class _Workers:
    """One forked worker per run, in three steps: outline (`outlines`), render with the
    joined link index (`rendered`), and, only if asked, tokenize the run's search
    documents (`tokenized`: when the store lacks the national search part)."""

    def __init__(self, tree: ContentTree, runs: list[list[Article]], parsers: Parsers,
                 store: Store):
        self._args = tree, runs, parsers, store
        self._workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []

    def __enter__(self) -> _Workers:
        tree, runs, parsers, store = self._args
        context = multiprocessing.get_context("fork")
        firsts = [0]
        for run in runs[:-1]:
            firsts.append(firsts[-1] + sum(len(a.swedish_texts()) for a in published(run)))
        store.flush()  # before the fork: each worker writes only what it makes
        gc.freeze()  # the tree stays in pages the workers share
        for run, first in zip(runs, firsts, strict=True):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker, args=(
                tree, run, first, parsers, store, theirs), daemon=True)
            process.start()
            theirs.close()
            self._workers.append((process, ours))
        return self

    def outlines(self) -> tuple[dict[TextKey, Outline], list[Diagnostic]]:
        outlines: dict[TextKey, Outline] = {}
        problems: list[Diagnostic] = []
        for _, connection in self._workers:
            found, found_problems = _received(connection)
            outlines.update(found)
            problems += found_problems
        return outlines, problems

    def rendered(self, index: LinkIndex) -> list[_Run]:
        for _, connection in self._workers:
            connection.send(index)
        return [_received_run(connection) for _, connection in self._workers]

    def tokenized(self) -> dict[SearchDoc, DocTerms]:
        for _, connection in self._workers:
            connection.send(True)
        return {doc: terms for _, connection in self._workers
                for doc, terms in _received(connection).items()}

    def __exit__(self, failed: type[BaseException] | None, *exc: object) -> None:
        gc.unfreeze()
        for process, connection in self._workers:
            if failed is not None:
                process.kill()  # it may be waiting for a step that will not come
            with contextlib.suppress(OSError):
                connection.send(False)  # not asked to tokenize: done
            connection.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _worker(tree: ContentTree, run: list[Article], first: int, parsers: Parsers,
            store: Store, connection: Connection) -> None:
    def index_of(outlines: dict[TextKey, Outline]) -> LinkIndex:
        connection.send(("ok", (outlines, problems)))
        return connection.recv()

    try:
        problems: list[Diagnostic] = []
        done = _render_run(tree, run, first, parsers, store, index_of, problems)
        store.flush()
        _send_run(connection, done)
        if connection.recv():  # the worker's share of indexing, when the store lacks it
            stored = terms_of(store, done.docs.docs.docs)
            terms = {doc: stored(doc) for doc in done.docs.docs.docs}
            store.flush()
            connection.send(("ok", terms))
    except EOFError:
        pass  # the parent is gone or done
    except BaseException:  # the parent raises it, with the worker's traceback
        connection.send(("failed", traceback.format_exc()))
    finally:
        connection.close()


# Renderings per message: a run sent in one took as much memory again, on both sides.
_PIECE = 200


def _send_run(connection: Connection, run: _Run) -> None:
    """`run` in pieces: its renderings (each dropped here once sent), then the rest."""
    keys = list(run.rendered)
    for start in range(0, len(keys), _PIECE):
        connection.send(("ok", {key: run.rendered.pop(key) for key in keys[start:start + _PIECE]}))
    connection.send(("ok", run))


def _received_run(connection: Connection) -> _Run:
    rendered: dict[TextKey, RenderedText] = {}
    while isinstance(piece := _received(connection), dict):
        rendered.update(piece)
    return replace(piece, rendered=rendered)


def _received(connection: Connection):  # noqa: ANN202 - whatever the worker sent
    try:
        status, value = connection.recv()
    except EOFError:
        raise RuntimeError("a national stage worker stopped without an answer") from None
    if status != "ok":
        raise RuntimeError(f"a national stage worker failed:\n{value}")
    return value


def words_of(store: Store) -> Words:
    """The words of rendered HTML, for search, through the store."""
    return lambda html: store.get_or_make("words", html, lambda: plain_text(html),
                                          PLAIN_TEXT_CODEC)


def terms_of(store: Store, docs: Iterable[SearchDoc] = ()) -> Callable[[SearchDoc], DocTerms]:
    """A search document's terms, through the store: an edit indexes one text again, not
    every text of its part. The rows of `docs` are read ahead, all at once."""
    store.prefetch("terms", [_terms_key(doc) for doc in docs], DOC_TERMS_CODEC)
    return lambda doc: store.get_or_make("terms", _terms_key(doc), lambda: doc_terms(doc),
                                         DOC_TERMS_CODEC)


def _terms_key(doc: SearchDoc) -> tuple[str, str, str, str]:
    return (doc.title, doc.summary, doc.headings, doc.body)


def text_html(text: RenderedText) -> str:
    """A national text's HTML as the national site shows it: its slots' defaults."""
    return "".join(part.default.html if isinstance(part, Slot) else part.html
                   for part in text.rendered.parts)


def stored_lix(store: Store, path: str, lattlast: bool, html: str) -> TextLix:
    return store.get_or_make("lix", (path, lattlast, html),
                             lambda: text_lix(path, lattlast, html), TEXT_LIX_CODEC)
