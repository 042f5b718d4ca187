"""The preview's shortcut for the commonest edit: the body of texts or fills changed, and
nothing of them that other pages read (front matter, headings, slots, media).

Then the last build's state (engine/site.py's SiteState) holds every page but
those texts' articles', which are rendered again, and the search files, which
`with_search` makes again (the preview writes the pages first); the rest of the
build would come out as it is. Anything else (a file added or removed, a
template, a title, a heading, an error) is not patched: `patched` returns None
and the preview builds as usual. tests/test_incremental.py checks the result
against a clean build byte for byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from generator.content import layout
from generator.content.load import load_text_file
from generator.content.model import Article, ContentTree, Fill, Text
from generator.diagnostics import Diagnostic, has_errors
from generator.editorial.lix import TextLix, lattlast_warnings
from generator.engine.national import (
    National,
    national_part,
    national_search_docs,
    stored_lix,
    text_html,
    words_of,
)
from generator.engine.site import (
    SiteState,
    language_outputs,
    own_lix,
    page_outputs,
    search_files,
    search_outputs,
)
from generator.engine.write import Output
from generator.render.article_texts import (
    Outline,
    RenderedText,
    TextKey,
    published,
    render_text,
    text_key,
    text_outline,
    text_source,
    text_url,
)
from generator.render.links import LinkIndex
from generator.render.overlay import overlay_articles
from generator.render.pages import with_article_pages
from generator.render.theme import render_site_pages
from generator.search.languages import language_search_files


@dataclass(frozen=True)
class Patch:
    state: SiteState
    changed: list[Output]  # outputs whose bytes may differ from the state's before
    gone: list[str]  # output paths the state had and this one has not
    # The state's search files are still the last build's: `with_search` makes them, the
    # national part too when a national text changed.
    search_due: bool = False
    national_search_due: bool = False


class _NotPatched(Exception):
    """The edit changes more than its articles' pages: build as usual."""


def patched(state: SiteState, edited: Collection[str], search: bool = True) -> Patch | None:
    """`state` with the texts and fills at the content paths `edited` read again, or None
    when that needs more than their articles' pages and the search files. Without
    `search`, the search files are left for `with_search`: the pages come first."""
    try:
        pages = _patched(state, edited)
    except _NotPatched:
        return None
    if not search or not pages.search_due:
        return pages
    found = with_search(pages)
    return replace(found, changed=pages.changed + found.changed)


def with_search(patch: Patch) -> Patch:
    """The search files `patch` left out, made: a patch of its state (the pages stay)."""
    state = patch.state
    shared, built, store = state.shared, state.built, state.shared.store
    national, part = shared.national, shared.national_part
    if patch.national_search_due:
        docs = national_search_docs(store, national.articles, national.rendered, built.tree)
        national = replace(national, search_docs=docs)
        part = national_part(store, docs, dict)
    search = search_files(built.tree, national, built.texts, store)
    made = search_outputs(built.site.id, search.files(part.result()))
    old = {output.path for output in
           search_outputs(built.site.id, built.search.files(shared.national_part.result()))}
    outputs = [output for output in state.outputs if output.path not in old] + made
    new_state = SiteState(replace(shared, national=national, national_part=part),
                          replace(built, search=search), outputs, state.problems)
    return Patch(new_state, made, sorted(old - {output.path for output in made}))


def _patched(state: SiteState, edited: Collection[str]) -> Patch:
    shared, built = state.shared, state.built
    store, tree = shared.store, built.tree
    if shared.speech is not None or shared.theme is None:
        raise _NotPatched
    texts, fills = _reloaded(state, edited)
    if not texts and not fills:
        return Patch(state, [], [])  # saved again as they were
    new_tree = _tree_with(tree, texts, fills)
    own_region = built.site.id.region  # None: the national site
    found = _Problems()

    national = shared.national
    national_edits = {rel for rel in texts if rel.startswith(f"{layout.NATIONAL}/")}
    if national_edits:
        national = _national_patched(state, new_tree, national_edits, found)
    own_edits = texts.keys() - national_edits
    rendered = {**built.rendered, **national.rendered}
    # A draft is read, and then left alone.
    own = published(new_tree.region_articles.get(own_region, {}).values())
    for article, text in _texts_at(own, own_edits):
        old_text = _text_at(tree.region_articles[own_region][article.key], text.source.rel)
        rendered[text_key(article, text)] = _text_patched(
            state, built.index, built.outlines, article, old_text, text, False, found)

    edited_keys = {(a.section, a.slug) for a in new_tree.every_article()
                   if any(t.source.rel in texts for t in a.texts())}
    edited_keys |= {(f.section, f.slug) for f in fills.values() if f.region == own_region}
    shown = [t for t in built.texts if t.article.key in edited_keys]
    articles = _unique(_article_of(new_tree, own_region, t.article) for t in shown)
    region = new_tree.regions.get(own_region) if own_region else None
    new_shown, problems = overlay_articles(articles, rendered, built.outlines, new_tree, region,
                                           built.index, shared.parsers, store)
    found.added += problems
    old_articles = _unique(t.article for t in shown)
    found.removed += overlay_articles(old_articles, built.rendered, built.outlines, tree, region,
                                      built.index, shared.parsers, store)[1]
    if [(t.url, t.media) for t in new_shown] != [(t.url, t.media) for t in shown]:
        raise _NotPatched  # the site's media files change

    by_url = {t.url: t for t in new_shown}
    site_texts = [by_url.get(t.url, t) for t in built.texts]
    made = {t.path: t for t in own_lix(store, new_shown)}
    lix = [made.get(t.path, t) for t in built.lix]
    limit = new_tree.config.lix_limit_lattlast
    found.lix(lix, built.lix, limit)
    found.lix(national.lix, shared.national.lix, limit)
    if has_errors(found.added):
        raise _NotPatched  # the ordinary build reports them with every other problem

    national_urls = frozenset(t.url for t in site_texts if t.article.region is None)
    site = with_article_pages(built.site, new_tree, new_shown, shared.refs, national_urls,
                              built.audio)
    problems = []
    changed = list(page_outputs(built.site.id, render_site_pages(
        shared.theme, new_tree.config, site, shared.refs, store, problems, only=set(by_url))))
    if problems:
        raise _NotPatched
    if any(t.text.language for t in new_shown):
        # A language's search data holds its texts whole (search/languages.py).
        changed += language_outputs(built.site.id, language_search_files(
            site_texts, shared.paths.node_modules, words_of(store)))
    changed_paths = {output.path for output in changed}
    outputs = [o for o in state.outputs if o.path not in changed_paths] + changed
    new_built = replace(built, site=site, lix=lix, tree=new_tree, texts=site_texts,
                        rendered=rendered)
    new_shared = replace(shared, tree=_tree_with(shared.tree, texts, {}), national=national)
    new_state = SiteState(new_shared, new_built, outputs, found.applied(state.problems))
    return Patch(new_state, changed, [], search_due=True,
                 national_search_due=bool(national_edits))


@dataclass
class _Problems:
    """What the patched stages found before the edit (`removed`) and after it (`added`)."""

    removed: list[Diagnostic] = field(default_factory=list)
    added: list[Diagnostic] = field(default_factory=list)

    def lix(self, new: list[TextLix], old: list[TextLix], limit: int) -> None:
        """The easy-to-read LIX warnings of the texts whose LIX changed."""
        before = {t.path: t for t in old}
        if any(t.path not in before for t in new):
            raise _NotPatched
        changed = [t for t in new if before[t.path] != t]
        self.removed += lattlast_warnings([before[t.path] for t in changed], limit)
        self.added += lattlast_warnings(changed, limit)

    def applied(self, problems: list[Diagnostic]) -> list[Diagnostic]:
        left = Counter(problems)
        left.subtract(self.removed)
        if any(count < 0 for count in left.values()):
            raise _NotPatched  # a problem the build before did not report: a bug, be safe
        return list(left.elements()) + self.added


def _reloaded(state: SiteState, edited: Iterable[str]) -> tuple[dict[str, Text], dict[str, Fill]]:
    """The edited texts and fills read again; each must be one the tree has, with the same
    front matter."""
    paths, tree = state.shared.paths, state.built.tree
    old_texts = {t.source.rel: t for t in tree.every_text()}
    old_fills = {f.source.rel: f for f in tree.fills}
    texts: dict[str, Text] = {}
    fills: dict[str, Fill] = {}
    for rel in edited:
        found, _ = load_text_file(paths.content, str(paths.content), rel, tree,
                                  state.shared.store)
        old = old_texts.get(rel) or old_fills.get(rel)
        if found is None or old is None or type(found) is not type(old) or (
                found.meta != old.meta):
            raise _NotPatched
        if found == old:
            continue  # saved again as it was (or changed too recently to go by its stamp)
        if isinstance(found, Text):
            texts[rel] = found
        elif isinstance(found, Fill):
            fills[rel] = found
    return texts, fills


def _tree_with(tree: ContentTree, texts: dict[str, Text], fills: dict[str, Fill]) -> ContentTree:
    def article(old: Article) -> Article:
        if not any(text.source.rel in texts for text in old.texts()):
            return old
        return old.with_texts(texts)

    if not texts:
        return replace(tree, fills=tuple(fills.get(f.source.rel, f) for f in tree.fills))
    return replace(
        tree,
        articles={key: article(a) for key, a in tree.articles.items()},
        region_articles={region: {key: article(a) for key, a in articles.items()}
                         for region, articles in tree.region_articles.items()},
        fills=tuple(fills.get(f.source.rel, f) for f in tree.fills),
    )


def _national_patched(
    state: SiteState, tree: ContentTree, edited: set[str], found: _Problems
) -> National:
    national, old_tree = state.shared.national, state.built.tree
    rendered = dict(national.rendered)
    shown = {article.key for article in national.articles}
    for article, text in _texts_at(tree.articles.values(), edited):
        old_text = _text_at(old_tree.articles[article.key], text.source.rel)
        made = _text_patched(state, national.index, national.outlines, article, old_text, text,
                             True, found, article.key in shown)
        if made is not None:
            rendered[text_key(article, text)] = made
    articles = [tree.articles[article.key] for article in national.articles]
    store = state.shared.store
    lix_of = {t.path: t for t in national.lix}
    for article in articles:
        for text in article.swedish_texts():  # LIX measures Swedish
            if text.source.rel in edited:
                lix_of[text.source.shown] = stored_lix(store, text.source.shown, text.lattlast,
                                                       text_html(rendered[text_key(article, text)]))
    # Its search documents and part are left for with_search.
    return replace(national, articles=articles, rendered=rendered, lix=list(lix_of.values()))


def _text_patched(
    state: SiteState, index: LinkIndex, outlines: dict[TextKey, Outline], article: Article,
    old: Text, new: Text, trusted: bool, found: _Problems, published: bool = True,
) -> RenderedText | None:
    """A text's new rendering, with the problems of its parse and rendering before and
    after; its outline must be the one other texts linked against."""
    store, parsers = state.shared.store, state.shared.parsers
    before = text_source(old.source, parsers, store, trusted)
    after = text_source(new.source, parsers, store, trusted)
    outline, problems = text_outline(after, store)
    if outline != outlines[text_key(article, new)]:
        raise _NotPatched  # headings or slots changed: links and fills elsewhere may too
    found.added += problems
    found.removed += text_outline(before, store)[1]
    if not published:
        return None
    url = text_url(article, new)
    made, problems = render_text(after, index, parsers, store, url, new.variant)
    was, old_problems = render_text(before, index, parsers, store, url, new.variant)
    if made.media != was.media:
        raise _NotPatched  # the site's media files change
    found.added += problems
    found.removed += old_problems
    return made


def _texts_at(articles: Iterable[Article], rels: Collection[str]) -> list[tuple[Article, Text]]:
    return [(a, t) for a in articles for t in a.texts() if t.source.rel in rels]


def _text_at(article: Article, rel: str) -> Text:
    return next(t for t in article.texts() if t.source.rel == rel)


def _article_of(tree: ContentTree, region: str | None, old: Article) -> Article:
    if region is None or old.region is None:
        return tree.articles[old.key]
    return tree.region_articles[region][old.key]


def _unique(articles: Iterable[Article]) -> list[Article]:
    return list({article.key: article for article in articles}.values())

