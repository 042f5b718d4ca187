"""A build, top to bottom: load -> parse and render national text once (or read
it from the on-disk cache) -> per site: region texts, overlays, pages,
templates -> write.

Sites are built one after another or in forked processes, each staged into
the output folder's staging area as soon as it is done; nothing reaches the
output itself unless the whole build is free of errors. `render_build` keeps
everything in memory instead, for the preview server and the tests.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from generator.audio.listen import Listen, page_audio, recordings
from generator.audio.synthesis import Synthesiser
from generator.content.load import load_content
from generator.content.model import NATIONAL, Article, ContentTree
from generator.diagnostics import ContentError, Diagnostic, has_errors
from generator.editorial.lix import TextLix, lattlast_warnings, text_lix
from generator.editorial.reviews import overdue_reviews
from generator.engine import national_cache
from generator.engine import workers as parallel
from generator.engine.national_cache import National
from generator.engine.write import Output, Staging, find_conflicts
from generator.memo import Memo, digest
from generator.render.article_texts import (
    TextKey,
    link_index,
    outline,
    parse_articles,
    published,
    render_articles,
    text_key,
)
from generator.render.markdown import Parsers, Slot, make_parsers
from generator.render.overlay import (
    ArticleText,
    check_fills,
    check_region_articles,
    overlay_articles,
)
from generator.render.pages import Site, SiteRef, site_pages, site_refs
from generator.render.plain_text import plain_text
from generator.render.sitemap import robots_txt, sitemap_xml
from generator.render.theme import (
    TemplateProblem,
    Theme,
    load_theme,
    render_chooser,
    render_site_pages,
)
from generator.search.documents import Words, national_docs, site_docs
from generator.search.files import part_files, site_search_files

# Browser code that search needs, from npm (package.json), copied into every site.
BROWSER_LIBS = {
    "static/lunr/lunr.min.js": "lunr/lunr.min.js",
    "static/lunr/lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    "static/lunr/lunr.sv.min.js": "lunr-languages/min/lunr.sv.min.js",
}


@dataclass(frozen=True)
class Paths:
    content: Path
    themes: Path
    out: Path
    node_modules: Path = Path("node_modules")
    cache: Path | None = None  # the on-disk cache of stage results; None: none

    def missing_browser_libs(self) -> list[Path]:
        paths = [self.node_modules / rel for rel in BROWSER_LIBS.values()]
        return [path for path in paths if not path.is_file()]


@dataclass(frozen=True)
class BuildResult:
    outputs: list[Output]
    pages: dict[str, int]  # site slug -> number of HTML pages
    warnings: list[Diagnostic]
    lix: list[TextLix]  # every text file the built sites show


@dataclass(frozen=True)
class _SiteBuild:
    site: Site
    search_files: list[tuple[str, bytes]]  # path in the site -> bytes
    lix: list[TextLix]  # the site's own texts: fills and region-only articles
    audio: dict[str, Listen]  # page URL -> what it plays


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class BuildSummary:
    """What a written (or checked) build tells its caller; the pages are on disk."""

    pages: dict[str, int]  # site slug -> number of HTML pages, in build order
    warnings: list[Diagnostic]
    lix: list[TextLix]  # every text file the built sites show
    tree: ContentTree  # as loaded: every region's files only when every site was built


@dataclass(frozen=True)
class _Prepared:
    """What every site of a build shares: loaded and rendered once, before the sites."""

    paths: Paths
    tree: ContentTree
    national: National
    parsers: Parsers
    theme: Theme | None
    refs: tuple[SiteRef, ...]
    recorded: dict[TextKey, Listen]  # national texts' recordings
    speech: Synthesiser | None


@dataclass(frozen=True)
class _SiteResult:
    slug: str
    pages: int
    problems: list[Diagnostic]
    lix: list[TextLix]
    outputs: list[Output]  # empty once staged
    paths: list[str]  # every output path, once staged


# Called after each site with its slug, its number of pages and the number of sites.
Progress = Callable[[str, int, int], None]


def render_build(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None = None,
    memo: Memo | None = None,
) -> BuildResult:
    """Build `sites` (None: every site and the chooser) in memory.

    With `speech`, pages without a recording get generated audio, from its cache
    when the text was spoken before. `memo` keeps stage results between the
    preview server's rebuilds; the output is the same with or without it.
    Raises ContentError with every problem when any is an error.
    """
    prepared, selected, problems = _prepare(paths, sites, today, speech, memo)
    results = [_site_result(prepared, slug) for slug in selected]
    outputs = [output for result in results for output in result.outputs]
    if sites is None:
        chooser, found = _chooser_outputs(prepared)
        outputs += chooser
        problems += found + find_conflicts(chooser)
    problems, texts = _finish(prepared, problems, results)
    return BuildResult(outputs, {r.slug: r.pages for r in results if prepared.theme},
                       problems, texts)


def build(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None = None,
    *,
    jobs: int = 1,
    write: bool = True,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build and write site by site; the output folder is untouched unless the build succeeds.

    Sites are written into a staging folder as they are done, so memory holds
    one site's pages at a time, not every site's. With `jobs` > 1 the sites are
    built in that many forked processes, which share the national stage.
    `write=False` builds without writing anything (check, report).
    """
    prepared, selected, problems = _prepare(paths, sites, today, speech, None)
    staging = Staging(paths.out) if write else None
    try:
        results = []
        for result in _built_sites(prepared, selected, staging, jobs):
            results.append(result)
            if progress is not None:
                progress(result.slug, result.pages, len(selected))
        results.sort(key=lambda result: selected.index(result.slug))
        written = [path for result in results for path in result.paths]
        if sites is None:
            chooser, found = _chooser_outputs(prepared)
            problems += found + find_conflicts(chooser)
            if staging is not None:
                written += staging.write(chooser)
        problems, texts = _finish(prepared, problems, results)
        if staging is not None:
            staging.commit(written)
    finally:
        if staging is not None:
            staging.discard()
    return BuildSummary({r.slug: r.pages for r in results if prepared.theme}, problems, texts,
                        prepared.tree)


def _prepare(
    paths: Paths,
    sites: list[str] | None,
    today: dt.date,
    speech: Synthesiser | None,
    memo: Memo | None,
) -> tuple[_Prepared, list[str], list[Diagnostic]]:
    """Load the content and do the work every site shares; raises ContentError if unusable."""
    only = None if sites is None else set(sites)
    tree, problems = load_content(paths.content, str(paths.content), only, memo)
    if tree is None:
        raise ContentError(problems)
    selected = _select_sites(tree, sites, problems)
    parsers = make_parsers(memo)
    national, found = _national(tree, parsers, paths.cache)
    problems += found + overdue_reviews(tree, today)
    # Outside the national stage: a recording's length depends on the file's bytes.
    recorded, found = recordings(national.articles, tree.files, paths.content)
    problems += found
    theme, found = load_theme(paths.themes, tree.config.theme, str(paths.themes))
    problems += found
    if theme is not None and memo is not None:
        theme = replace(theme, memo=memo)
    if has_errors(problems):
        speech = None  # nothing will be written; don't spend minutes speaking it
    prepared = _Prepared(paths, tree, national, parsers, theme, site_refs(tree), recorded, speech)
    return prepared, selected, problems


def _site_result(prepared: _Prepared, slug: str) -> _SiteResult:
    built, problems = _build_site(prepared, slug)
    outputs: list[Output] = []
    if prepared.theme is not None:
        outputs, found = _site_outputs(prepared.theme, prepared.tree, built, prepared.refs,
                                       prepared.paths)
        problems += found
    problems += find_conflicts(outputs)
    pages = sum(o.path.endswith(".html") for o in outputs)
    return _SiteResult(slug, pages, problems, built.lix, outputs, [])


def _finish(
    prepared: _Prepared, problems: list[Diagnostic], results: list[_SiteResult]
) -> tuple[list[Diagnostic], list[TextLix]]:
    """Every site's problems and LIX together; raises ContentError if any is an error."""
    lix = {t.path: t for t in prepared.national.lix}
    for result in results:
        problems += result.problems
        lix.update((t.path, t) for t in result.lix)
    texts = [lix[path] for path in sorted(lix)]
    problems += lattlast_warnings(texts, prepared.tree.config.lix_limit_lattlast)
    if has_errors(problems):
        raise ContentError(problems)
    return sorted(set(problems)), texts


def _built_sites(
    prepared: _Prepared, selected: list[str], staging: Staging | None, jobs: int
) -> Iterator[_SiteResult]:
    """Each site built and written to `staging`, in the order they finish."""
    if prepared.speech is not None or jobs <= 1 or len(selected) <= 1:
        # Speech runs its own pool of espeak-ng processes and keeps its statistics here.
        for slug in selected:
            yield _written(_site_result(prepared, slug), staging)
        return
    # Forked workers inherit the national stage without copying it; frozen objects
    # are left alone by the collector, so their memory pages stay shared.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=parallel.start_worker,
                          initargs=(prepared, staging)) as pool:
            yield from pool.imap_unordered(_build_in_worker, selected)
    finally:
        gc.unfreeze()


def _build_in_worker(slug: str) -> _SiteResult:
    prepared, staging = parallel.worker_state()
    return _written(_site_result(prepared, slug), staging)


def _written(result: _SiteResult, staging: Staging | None) -> _SiteResult:
    """Stage a finished site and drop its bytes from memory."""
    if staging is None or has_errors(result.problems):
        return replace(result, outputs=[])
    return replace(result, outputs=[], paths=staging.write(result.outputs))


def _select_sites(
    tree: ContentTree, sites: list[str] | None, problems: list[Diagnostic]
) -> list[str]:
    every = [NATIONAL] + sorted(tree.regions)
    if sites is None:
        return every
    unknown = [s for s in sites if s not in every]
    if unknown and has_errors(problems) and all(
            f"regional/{slug}/region.yml" in tree.files for slug in unknown):
        # The region is there but its region.yml is not valid: its errors say why.
        raise ContentError(problems)
    if unknown:
        raise UnknownSite(
            f"unknown region {', '.join(unknown)}; choose one of: {', '.join(every)}"
        )
    return sites


def _national(
    tree: ContentTree, parsers: Parsers, cache: Path | None
) -> tuple[National, list[Diagnostic]]:
    """The national stage: from the preview's memo while no national input changed (a fill
    edit), else from the on-disk cache, else rendered."""
    if parsers.memo is None and cache is None:
        return _render_national(tree, parsers)
    # Everything _render_national reads from the tree: national articles and
    # sections, the file list (links to media) and which region texts exist.
    region_texts = sorted(text.source.rel for articles in tree.region_articles.values()
                          for article in articles.values() for text in article.texts())
    key = digest((sorted(tree.articles.items()), sorted(tree.sections.items()),
                  sorted(tree.files), sorted(tree.refused.items()), region_texts))
    if parsers.memo is None:
        return _stored_national(tree, parsers, cache, key)
    return parsers.memo.get_or_make(
        "national", key, lambda: _stored_national(tree, parsers, cache, key))


def _stored_national(
    tree: ContentTree, parsers: Parsers, cache: Path | None, key: str
) -> tuple[National, list[Diagnostic]]:
    if cache is None:
        return _render_national(tree, parsers)
    stored_key = digest((key, national_cache.code_fingerprint()))
    articles = published(tree.articles[name] for name in sorted(tree.articles))
    found = national_cache.read(cache, stored_key, articles)
    if found is not None:
        return found
    national, problems = _render_national(tree, parsers)
    national_cache.write(cache, stored_key, national, problems)
    return national, problems


def _render_national(tree: ContentTree, parsers: Parsers) -> tuple[National, list[Diagnostic]]:
    every = [tree.articles[key] for key in sorted(tree.articles)]
    parsed, problems = parse_articles(every, parsers, trusted=True)
    articles = published(every)
    outlines = {key: outline(text) for key, text in parsed.items()}
    index = link_index(tree, articles, outlines)
    rendered, found = render_articles(articles, parsed, index, parsers)
    docs = national_docs(articles, rendered, tree.sections, _words(parsers.memo))
    files = part_files("n", docs.docs)
    lix = [
        _text_lix(parsers.memo, text.source.shown, text.lattlast, "".join(
            part.default.html if isinstance(part, Slot) else part.html
            for part in rendered[text_key(article, text)].rendered.parts
        ))
        for article in articles
        for text in article.texts()
    ]
    return National(articles, outlines, rendered, docs, files, lix), problems + found


def _words(memo: Memo | None) -> Words:
    if memo is None:
        return plain_text
    return lambda html: memo.get_or_make("words", html, lambda: plain_text(html))


def _text_lix(memo: Memo | None, path: str, lattlast: bool, html: str) -> TextLix:
    if memo is None:
        return text_lix(path, lattlast, html)
    return memo.get_or_make("lix", (path, lattlast, html), lambda: text_lix(path, lattlast, html))


def _build_site(prepared: _Prepared, slug: str) -> tuple[_SiteBuild, list[Diagnostic]]:
    tree, national, parsers = prepared.tree, prepared.national, prepared.parsers
    region = tree.regions.get(slug)
    problems: list[Diagnostic] = []
    own: list[Article] = []
    if region is not None:
        problems += check_fills(tree, slug, national.outlines)
        problems += check_region_articles(tree, slug)
        own = [
            article
            for key, article in sorted(tree.region_articles[slug].items())
            if key not in tree.articles and not article.standard.meta.draft
        ]
    own_parsed, found = parse_articles(own, parsers, trusted=False)
    problems += found
    articles = national.articles + own
    outlines = {**national.outlines, **{key: outline(text) for key, text in own_parsed.items()}}
    index = link_index(tree, articles, outlines)
    own_rendered, found = render_articles(own, own_parsed, index, parsers)
    problems += found
    rendered = {**national.rendered, **own_rendered}
    texts, found = overlay_articles(articles, rendered, outlines, tree, region, index, parsers)
    problems += found
    own_recorded, found = recordings(own, tree.files, prepared.paths.content)
    problems += found
    audio = page_audio(texts, {**prepared.recorded, **own_recorded}, prepared.speech)
    national_urls = frozenset(t.url for t in texts if t.article.region is None)
    site, found = site_pages(tree, slug, region, texts, prepared.refs, national_urls, audio)
    own_docs = site_docs(texts, national.search_docs, tree.sections, _words(parsers.memo))
    own_files = part_files("r", own_docs.docs)
    search = site_search_files(national.search_files, own_files, own_docs.masked)
    return _SiteBuild(site, search, _own_lix(parsers.memo, texts), audio), problems + found


def _own_lix(memo: Memo | None, texts: list[ArticleText]) -> list[TextLix]:
    found = {}
    for shown in texts:
        if shown.article.region is not None:
            html = "".join(part.html for part in shown.parts)
            found[shown.text.source.shown] = _text_lix(memo, shown.text.source.shown,
                                                       shown.text.lattlast, html)
        for fill in shown.fills:
            found[fill.source.shown] = _text_lix(memo, fill.source.shown, fill.lattlast,
                                                 fill.html)
    return list(found.values())


def _site_outputs(
    theme: Theme, tree: ContentTree, built: _SiteBuild, refs: tuple[SiteRef, ...], paths: Paths
) -> tuple[list[Output], list[Diagnostic]]:
    site = built.site
    rendered, problems = render_site_pages(theme, tree.config, site, refs)
    origin = f"site {site.slug}"
    outputs = [
        Output(f"{site.slug}/{path}", page.origin or origin, data) for page, path, data in rendered
    ]
    outputs.append(Output(f"{site.slug}/sitemap.xml", origin, sitemap_xml(tree.config, site)))
    outputs.append(Output(f"{site.slug}/robots.txt", origin, robots_txt(tree.config, site)))
    outputs += _static_outputs(theme, f"{site.slug}/static")
    outputs += [
        Output(f"{site.slug}/{path}", "npm package", source=paths.node_modules / rel)
        for path, rel in BROWSER_LIBS.items()
    ]
    outputs += [Output(f"{site.slug}/{path}", f"{origin} search", data)
                for path, data in built.search_files]
    for path, rel in sorted(site.media.items()):
        outputs.append(Output(f"{site.slug}/{path}", rel, source=paths.content / rel))
    # One recording may serve both texts of an article: copy it once.
    copied = {listen.src: listen.source for listen in built.audio.values()
              if listen.source is not None and listen.src not in site.media}
    outputs += [Output(f"{site.slug}/{src}", "audio", source=source)
                for src, source in sorted(copied.items())]
    return outputs, problems


def _chooser_outputs(prepared: _Prepared) -> tuple[list[Output], list[Diagnostic]]:
    theme, tree, refs = prepared.theme, prepared.tree, prepared.refs
    if theme is None:
        return [], []
    try:
        chooser = render_chooser(theme, tree.config, refs)
    except TemplateProblem as exc:
        return [], [exc.diagnostic]
    return [Output("index.html", "region chooser", chooser), *_static_outputs(theme, "static")], []


def _static_outputs(theme: Theme, prefix: str) -> list[Output]:
    if not theme.static_dir.is_dir():
        return []
    return [
        Output(f"{prefix}/{path.relative_to(theme.static_dir).as_posix()}", "theme", source=path)
        for path in sorted(theme.static_dir.rglob("*"))
        if path.is_file()
    ]
