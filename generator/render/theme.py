"""Jinja2 themes: loading templates and rendering pages to bytes.

Templates see plain views (the site, the page and its data) and two helpers:
`rel(url)` gives a link relative to the current page, so every site works
from any folder, and `datum` formats dates in Swedish; `urls` names the site's
own addresses (site_urls.py).
"""

from __future__ import annotations

import hashlib
import posixpath
import traceback
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from generator.content import files as safe_files
from generator.content.model import SiteConfig
from generator.diagnostics import Diagnostic, error
from generator.language import written_date
from generator.render.links import page_linker
from generator.render.pages import Page, Site, SiteRef
from generator.render.words import WORDS_FILE, Words, load_words, words_in
from generator.site_urls import NOT_FOUND, TEMPLATE_URLS, file_of, site_base_url
from generator.store import Store, digest

CHOOSER_TEMPLATE = "chooser.html"


@dataclass(frozen=True)
class Theme:
    env: jinja2.Environment
    templates_dir: Path
    static_dir: Path
    shown_dir: str  # templates folder as printed in diagnostics
    fingerprint: str = ""  # hash of every template file: part of every page's store key
    words: Words = field(default_factory=dict)  # the interface's words (render/words.py)


class TemplateProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def jinja_environment(templates_dir: Path) -> jinja2.Environment:
    """How every template of the generator is read: escaped, strict, and with `datum`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are loaded for one build, so they never change while loaded:
        # no stat of every template file for every page.
        auto_reload=False,
    )
    env.filters["datum"] = written_date
    return env


def load_theme(
    themes_dir: Path, name: str, shown_dir: str, compile_all: bool = True
) -> tuple[Theme | None, list[Diagnostic]]:
    """Load and compile every template of theme `name`, reporting syntax errors with lines.
    Without `compile_all`, each template compiles when first used: for a build whose
    templates are those an earlier build compiled without an error (engine/targeted.py)."""
    root = themes_dir / name
    templates_dir = root / "templates"
    shown_templates = f"{shown_dir}/{name}/templates"
    if not templates_dir.is_dir():
        return None, [error(shown_templates, 1, f"theme '{name}' has no templates folder")]
    # Before a template is opened: a FIFO would block, a symlink could publish any file.
    unsafe = [error(f"{shown_dir}/{name}/{rel}", 1, problem)
              for rel, problem in safe_files.walk(root, "theme folder") if problem]
    if unsafe:
        return None, unsafe
    env = jinja_environment(templates_dir)
    problems = []
    for template in sorted(env.list_templates(extensions=["html", "xml", "txt"])
                           if compile_all else []):
        try:
            env.get_template(template)
        except jinja2.TemplateSyntaxError as exc:
            where = f"{shown_templates}/{exc.name or template}"
            problems.append(error(where, exc.lineno or 1, f"template error: {exc.message}"))
    words, found = load_words(root, f"{shown_dir}/{name}/{WORDS_FILE}")
    theme = Theme(env, templates_dir, root / "static", shown_templates,
                  _fingerprint(templates_dir, words), words)
    return theme, problems + found


def _fingerprint(templates_dir: Path, words: Words) -> str:
    hasher = hashlib.sha256(repr(sorted(words.items())).encode())
    for path in sorted(p for p in templates_dir.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(templates_dir).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


# The bytes an earlier build wrote at a path in the site's folder, if any.
Previous = Callable[[str], bytes | None]


@dataclass(frozen=True)
class RenderedPage:
    page: Page
    path: str  # inside the site's folder
    data: bytes
    kept: bool = False  # the very bytes `previous` gave: the output folder holds them


def render_site_pages(
    theme: Theme, config: SiteConfig, site: Site, sites: tuple[SiteRef, ...], store: Store,
    problems: list[Diagnostic], previous: Previous | None = None,
    only: Collection[str] | None = None,
) -> Iterator[RenderedPage]:
    """Every page of `site` (or those at the URLs `only` names) with its bytes, rendered as
    it is asked for, so that a build holds one page's bytes at a time, not a site's; a
    template's problems go into `problems`.

    A page whose data and templates are those of the build before is not rendered
    again: the preview keeps it in memory; a build with a store file takes it from
    `previous` once its digest matches the one recorded.
    """
    read: dict[str, bytes] = {}  # what `previous` gave, by path, until its page is out

    def previous_at(path: str) -> bytes | None:
        found = previous(path) if previous else None
        if found is not None:
            read[path] = found
        return found
    has_lattlast = any(p.template == "lattlast_list.html" for p in site.pages)
    has_languages = any(p.template == "languages.html" for p in site.pages)
    has_topics = any(p.template == "topics.html" for p in site.pages)
    reuse = store.memory or (store.file is not None and previous is not None)
    site_key = _site_key(theme, config, site, sites,
                         (has_lattlast, has_languages, has_topics)) if reuse else ""
    shared = _shared_values(site.pages) if reuse else {}
    base_url = site_base_url(config.base_url, site.id)
    words: dict[str | None, dict[str, str]] = {}  # the interface's, per page language
    for page in site.pages:
        if only is not None and page.url not in only:
            continue
        language = page.data["language"].code if page.data.get("language") else None
        if language not in words:
            words[language] = words_in(theme.words, language)
        if page.url == NOT_FOUND:
            # Hosts serve 404.html at any depth, so its links start at the site's base path.
            base = urlsplit(base_url).path
            rel = _absolute_linker(base)
        else:
            rel = page_linker(page.url)
        context = {
            "config": config,
            "site": site,
            "sites": sites,
            "page": page,
            "rel": rel,
            "urls": TEMPLATE_URLS,
            "has_lattlast": has_lattlast,
            "has_languages": has_languages,
            "has_topics": has_topics,
            "language": None,  # a page in another language names it in its data
            "words": words[language],
            "canonical": base_url + page.url,
            "chooser_href": rel("../index.html") + "?byt",
            **page.data,
        }
        try:
            path = file_of(page.url)
            data = _render_page(theme, store, site_key, page, context, shared,
                                (lambda path=path: previous_at(path)) if previous else None)
        except TemplateProblem as exc:
            problems.append(exc.diagnostic)
            continue
        yield RenderedPage(page, path, data, read.pop(path, None) is data)


def _site_key(
    theme: Theme, config: SiteConfig, site: Site, sites: tuple[SiteRef, ...],
    lists: tuple[bool, bool],
) -> str:
    """What every page of `site` is rendered from, besides the page itself."""
    # The other pages enter as an outline, for a theme that lists them.
    outline = tuple((p.url, p.template, p.title) for p in site.pages)
    return digest((theme.fingerprint, config, site.id, site.region, site.sections, outline,
                   sorted(site.media.items()), sites, lists))


def _render_page(
    theme: Theme, store: Store, site_key: str, page: Page, context: dict[str, Any],
    shared: dict[int, _Shared], previous: Callable[[], bytes | None] | None,
) -> bytes:
    def render() -> bytes:
        return _render(theme, page.template, context)

    recorded = store.file is not None and previous is not None
    if not store.memory and not recorded:
        return render()
    # A value many pages hold (a section's view) enters as its digest, made once per site.
    data = tuple((name, shared.get(id(value), value)) for name, value in page.data.items())
    inputs = (replace(page, data={}), data)
    def made() -> bytes:
        if not recorded:
            return render()
        return store.get_recorded("page-digest", (site_key, inputs), render, previous)

    if store.memory:
        # Compared, not digested: mostly the same objects as the last build's.
        return store.get_same("page", (site_key, page.url), inputs, made)
    return made()


@dataclass(frozen=True)
class _Shared:
    digest: str  # of a value many pages hold; equal to no value of a page's own


def _shared_values(pages: tuple[Page, ...]) -> dict[int, _Shared]:
    """Each value that more than one page's data holds, as its digest, by id (the pages
    keep every value alive meanwhile, so an id is not reused)."""
    seen: set[int] = set()
    shared: dict[int, _Shared] = {}
    for page in pages:
        for value in page.data.values():
            if id(value) in seen and id(value) not in shared:
                shared[id(value)] = _Shared(digest(value))
            seen.add(id(value))
    return shared


def render_chooser(
    theme: Theme, config: SiteConfig, sites: tuple[SiteRef, ...]
) -> bytes:
    """The region chooser at the top of the output folder."""
    page = Page("index.html", CHOOSER_TEMPLATE, "Välj region")
    context = {
        "config": config,
        "sites": sites,
        "page": page,
        "rel": page_linker(""),
        "urls": TEMPLATE_URLS,
        "canonical": config.base_url,
    }
    return _render(theme, CHOOSER_TEMPLATE, context)


def _render(theme: Theme, template: str, context: dict[str, Any]) -> bytes:
    try:
        return theme.env.get_template(template).render(context).encode("utf-8")
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(
            error(theme.shown_dir, 1, f"template '{exc.name}' is missing from the theme")
        ) from None
    except Exception as exc:  # a theme bug of any kind must name the template line
        line, name = _template_position(theme, exc, template)
        raise TemplateProblem(
            error(f"{theme.shown_dir}/{name}", line, f"template error: {exc}")
        ) from None


def _template_position(theme: Theme, exc: Exception, fallback: str) -> tuple[int, str]:
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    root = str(theme.templates_dir)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(root):
            return frame.lineno or 1, Path(frame.filename).relative_to(root).as_posix()
    return 1, fallback


def _absolute_linker(base_path: str) -> Callable[[str], str]:
    def link(url: str) -> str:
        path = posixpath.normpath(posixpath.join(base_path, url))
        return path + "/" if (url.endswith("/") or not url) and path != "/" else path

    return link
