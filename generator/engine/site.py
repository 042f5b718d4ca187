"""One site's stage: the region's own texts and fills over the national stage, its
pages, search files and audio, and the files of its folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.audio.listen import page_audio, recordings
from generator.audio.synthesis import Synthesiser
from generator.content.load import load_region
from generator.content.model import Article, ContentTree
from generator.diagnostics import Diagnostic
from generator.editorial.lix import TextLix
from generator.editorial.reviews import overdue_reviews
from generator.engine.background import Background
from generator.engine.image_files import ImageFiles
from generator.engine.national import National, stored_lix, terms_of, words_of
from generator.engine.write import Output, previous_output
from generator.render.article_texts import (
    Outline,
    RenderedText,
    TextKey,
    link_index,
    outlines_of,
    published,
    render_articles,
    text_sources,
)
from generator.render.links import LinkIndex
from generator.render.markdown import Parsers
from generator.render.overlay import (
    ArticleText,
    check_fills,
    check_region_articles,
    overlay_articles,
)
from generator.render.pages import Listen, Site, SiteRef, site_pages
from generator.render.sitemap import robots_txt, sitemap_xml
from generator.render.theme import (
    RenderedPage,
    TemplateProblem,
    Theme,
    render_chooser,
    render_site_pages,
)
from generator.render.topics import render_intros
from generator.search.documents import SiteDocs, site_docs
from generator.search.files import (
    OWN_PART,
    PART_FILES_CODEC,
    PartFiles,
    part_files,
    site_search_files,
)
from generator.search.languages import language_search_files, stemmer_files
from generator.site_urls import CHOOSER, ROBOTS, SEARCH_FILES, SITEMAP, STATIC, site_folder
from generator.sites import SiteId
from generator.store import Store

# Browser code that search needs, from npm (package.json), copied into every site.
BROWSER_LIBS = {
    STATIC + "lunr/lunr.min.js": "lunr/lunr.min.js",
    STATIC + "lunr/lunr.stemmer.support.min.js": "lunr-languages/min/lunr.stemmer.support.min.js",
    STATIC + "lunr/lunr.sv.min.js": "lunr-languages/min/lunr.sv.min.js",
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
class Shared:
    """What every site of a build shares: loaded and rendered once, before the sites."""

    paths: Paths
    today: dt.date
    tree: ContentTree  # national files and every region.yml; each site loads its region's
    national: National
    # The national search part, which a forked process may still be indexing: asked for
    # when a site writes its search files (engine/build.py).
    national_part: Background[PartFiles]
    parsers: Parsers
    theme: Theme | None
    refs: tuple[SiteRef, ...]
    recorded: dict[TextKey, Listen]  # national texts' recordings
    speech: Synthesiser | None
    store: Store
    images: ImageFiles  # makes the resized files of images, national ones made already
    # Each region's own folders, stamped before the build read them, when the build
    # records what its sites were made from (engine/site_record.py).
    own_entries: dict[str, dict[str, str]] | None = None


@dataclass(frozen=True)
class SiteSearch:
    own: PartFiles  # the site's own part (fills and region-only articles)
    docs: SiteDocs  # of the site's own part
    own_files: tuple[str, ...]  # the own part's paths in the site

    def files(self, national: PartFiles) -> list[tuple[str, bytes]]:
        """Every search file of the site (path in the site -> bytes), with `national`."""
        return site_search_files(national, self.own, self.docs.masked)


@dataclass(frozen=True)
class SiteBuild:
    site: Site
    search: SiteSearch
    lix: list[TextLix]  # the site's own texts: fills and region-only articles
    audio: dict[str, Listen]  # page URL -> what it plays
    tree: ContentTree  # the shared tree with this region's own files
    # What the preview patches a body edit into (engine/patch.py):
    texts: list[ArticleText]  # every text the site shows, as it shows it
    index: LinkIndex  # what the site's texts may link to
    outlines: dict[TextKey, Outline]  # national and the region's own
    rendered: dict[TextKey, RenderedText]  # national and the region's own


@dataclass(frozen=True)
class SiteState:
    """One site's build as the preview keeps it between rebuilds."""

    shared: Shared
    built: SiteBuild
    outputs: list[Output]
    problems: list[Diagnostic]  # every problem the build found, repeats kept


def build_site(
    shared: Shared, site_id: SiteId
) -> tuple[SiteBuild, list[Diagnostic], list[Diagnostic]]:
    """One site's pages, search files, LIX of its own texts and audio, not yet rendered by
    the theme; a region's site loads that region's own files first. Then the problems
    found: those of its files, and apart, those of its texts' bodies (a later build that
    renders a body again knows which to replace: engine/site_record.py)."""
    national, parsers, store = shared.national, shared.parsers, shared.store
    tree, problems = site_tree(shared, site_id)
    region = tree.regions.get(site_id.region) if site_id.region else None
    own: list[Article] = []
    if region is not None:
        problems += check_fills(tree, region.slug, national.outlines)
        problems += check_region_articles(tree, region.slug)
        own = published(article for key, article in sorted(
            tree.region_articles[region.slug].items()) if key not in tree.articles)
    own_texts = text_sources(own, parsers, store, trusted=False)
    own_outlines, body = outlines_of(own_texts, store)
    articles = national.articles + own
    outlines = {**national.outlines, **own_outlines}
    index = link_index(tree, articles, outlines)
    own_rendered, found = render_articles(own, own_texts, index, parsers, store)
    body += found
    rendered = {**national.rendered, **own_rendered}
    texts, found = overlay_articles(articles, rendered, outlines, tree, region, index, parsers,
                                    store)
    body += found
    own_recorded, found = recordings(own, tree.files, shared.paths.content)
    problems += found
    intros, found = render_intros(tree, region, index, parsers, store)
    problems += found
    audio = page_audio(texts, {**shared.recorded, **own_recorded}, shared.speech)
    national_urls = frozenset(t.url for t in texts if t.article.region is None)
    site, found = site_pages(tree, site_id, region, texts, shared.refs, national_urls, audio,
                             intros)
    search = search_files(tree, national, texts, store)
    return SiteBuild(site, search, own_lix(store, texts), audio, tree, texts, index, outlines,
                     rendered), problems + found, body


def site_tree(shared: Shared, site: SiteId) -> tuple[ContentTree, list[Diagnostic]]:
    """The content a site reads: the shared tree with the region's own folders, and their
    problems (overdue reviews too)."""
    region = site.region
    if region is None or region not in shared.tree.regions:
        return shared.tree, []
    content = shared.paths.content
    tree, problems = load_region(content, str(content), shared.tree, region, shared.store)
    return tree, problems + overdue_reviews(tree, shared.today, region)


def search_files(
    tree: ContentTree, national: National, texts: list[ArticleText], store: Store
) -> SiteSearch:
    """The site's own search part, beside the national one."""
    own_docs = site_docs(texts, national.search_docs, tree, words_of(store))
    return site_search(own_docs, store)


def site_search(own_docs: SiteDocs, store: Store) -> SiteSearch:
    """The site's own search part from its own documents."""
    own = store.get_or_make("search-part", (OWN_PART, own_docs.docs),
                            lambda: part_files(OWN_PART, own_docs.docs,
                                               terms_of(store, own_docs.docs.docs)),
                            PART_FILES_CODEC)
    return SiteSearch(own, own_docs, tuple(SEARCH_FILES + path for path, _ in own.files))


def own_lix(store: Store, texts: list[ArticleText]) -> list[TextLix]:
    """LIX of the texts a site adds: fills and region-only articles."""
    found = {}
    for shown in texts:
        if shown.text.language is not None:
            continue  # LIX measures Swedish
        if shown.article.region is not None:
            html = "".join(part.html for part in shown.parts)
            found[shown.text.source.shown] = stored_lix(store, shown.text.source.shown,
                                                        shown.text.lattlast, html)
        for fill in shown.fills:
            found[fill.source.shown] = stored_lix(store, fill.source.shown, fill.lattlast,
                                                  fill.html)
    return list(found.values())


def site_outputs(shared: Shared, built: SiteBuild, problems: list[Diagnostic]
                 ) -> Iterator[Output]:
    """Every file of one site's folder, each made as it is asked for: pages through the
    theme, static files, search, media. Template problems go into `problems`."""
    theme, tree, refs, paths = shared.theme, shared.tree, shared.refs, shared.paths
    if theme is None:
        return
    site = built.site
    folder = site_folder(site.id)
    yield from page_outputs(site.id, render_site_pages(
        theme, tree.config, site, refs, shared.store, problems,
        lambda path: previous_output(paths.out, f"{folder}/{path}")))
    origin = f"site {site.id}"
    yield Output(f"{folder}/{SITEMAP}", origin, sitemap_xml(tree.config, site))
    yield Output(f"{folder}/{ROBOTS}", origin, robots_txt(tree.config, site))
    yield from _static_outputs(theme, f"{folder}/{STATIC}")
    yield from (Output(f"{folder}/{path}", "npm package", source=paths.node_modules / rel)
                for path, rel in BROWSER_LIBS.items())
    yield from search_outputs(site.id, built.search.files(shared.national_part.result()))
    languages = language_search_files(built.texts, paths.node_modules,
                                      words_of(shared.store))
    yield from language_outputs(site.id, languages)
    yield from (Output(f"{folder}/{path}", "npm package", source=paths.node_modules / rel)
                for path, rel in stemmer_files({stemmer for *_, stemmer in languages}).items())
    yield from shared.images.outputs(folder, site.media, built.tree.images, problems)
    # One recording may serve both texts of an article: copy it once.
    copied = {listen.src: listen.source for listen in built.audio.values()
              if listen.source is not None and listen.src not in site.media}
    yield from (Output(f"{folder}/{src}", "audio", source=source)
                for src, source in sorted(copied.items()))


def page_outputs(site: SiteId, rendered: Iterable[RenderedPage]) -> Iterator[Output]:
    folder = site_folder(site)
    for r in rendered:
        yield Output(f"{folder}/{r.path}", r.page.origin or f"site {site}", r.data,
                     line=r.page.origin_line if r.page.origin else None, kept=r.kept)


def language_outputs(site: SiteId, files: list[tuple[str, bytes, str | None]]) -> list[Output]:
    """The search data of each language (search/languages.py) as files of the site."""
    folder = site_folder(site)
    return [Output(f"{folder}/{path}", f"site {site} search", data) for path, data, _ in files]


def search_outputs(site: SiteId, files: list[tuple[str, bytes]]) -> list[Output]:
    folder = site_folder(site)
    return [Output(f"{folder}/{path}", f"site {site} search", data) for path, data in files]


def chooser_outputs(shared: Shared) -> tuple[list[Output], list[Diagnostic]]:
    """The region chooser at the top of the output folder, with its static files."""
    theme, tree, refs = shared.theme, shared.tree, shared.refs
    if theme is None:
        return [], []
    try:
        chooser = render_chooser(theme, tree.config, refs)
    except TemplateProblem as exc:
        return [], [exc.diagnostic]
    return [Output(CHOOSER, "region chooser", chooser), *_static_outputs(theme, STATIC)], []


def _static_outputs(theme: Theme, prefix: str) -> list[Output]:
    if not theme.static_dir.is_dir():
        return []
    return [
        Output(prefix + path.relative_to(theme.static_dir).as_posix(), "theme", source=path)
        for path in sorted(theme.static_dir.rglob("*"))
        if path.is_file()
    ]
