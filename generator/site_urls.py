"""A site's URL scheme: where every page and file of a site lives.

The one module that knows it: pages, templates, search, audio and the writer
ask here, and the names a section or region may not take follow from it.
URLs are relative to a site's root: "" is the start page, pages end with "/",
other files (media, sitemap.xml) do not. Each site is a folder of the output,
beside the region chooser.
"""

from __future__ import annotations

from generator.sites import NATIONAL, SiteId

START = ""
LATTLAST_LIST = "lattlast/"
LANGUAGE_LIST = "sprak/"  # the languages, each with its translated texts below
LANGUAGE_SEARCH_DATA = "sokdata.js"  # beside a language's page: its texts, to search them
TOPIC_LIST = "teman/"  # the topics and life situations, each with its page below
SEARCH_PAGE = "sok/"
SEARCH_FILES = "search/"  # the search index, in files a query loads as it needs them
STATIC = "static/"  # the theme's CSS, JS and images, and the search scripts from npm
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
GENERATED_AUDIO = "lyssna.mp3"  # beside the page whose words it speaks
CHOOSER = "index.html"  # the region chooser, at the top of the output beside the sites


def section_url(section: str) -> str:
    return f"{section}/"


def article_url(section: str, slug: str) -> str:
    return f"{section}/{slug}/"


def text_url(section: str, slug: str, lattlast: bool, language: str | None = None) -> str:
    url = article_url(section, slug)
    if language is not None:
        return language_url(language) + url
    return LATTLAST_LIST + url if lattlast else url


def language_url(language: str) -> str:
    """The page that lists a language's texts; they are below it."""
    return f"{LANGUAGE_LIST}{language}/"


def topic_url(topic: str) -> str:
    return f"{TOPIC_LIST}{topic}/"


def file_of(url: str) -> str:
    """The file in the site's folder that serves `url`."""
    return url + "index.html" if url.endswith("/") or not url else url


def site_folder(site: SiteId) -> str:
    """The site's folder in the output, named as the site is."""
    return site.name


def site_base_url(base_url: str, site: SiteId) -> str:
    """The absolute address of a site's root, from site.yml's base_url."""
    return base_url.rstrip("/") + f"/{site_folder(site)}/"


def _top(url: str) -> str:
    return url.split("/", 1)[0]


# A section is a folder at a site's top, beside the site's own folders.
RESERVED_SECTIONS = frozenset(_top(url) for url in (LATTLAST_LIST, LANGUAGE_LIST, TOPIC_LIST,
                                                    SEARCH_PAGE, SEARCH_FILES, STATIC))
# A region is a folder at the output's top, beside the national site and the chooser's files.
RESERVED_REGIONS = frozenset({NATIONAL, _top(STATIC)})

# What a theme's templates link to besides pages, as `urls.<name>`.
TEMPLATE_URLS = {
    "start": START,
    "lattlast_list": LATTLAST_LIST,
    "language_list": LANGUAGE_LIST,
    "language_search_data": LANGUAGE_SEARCH_DATA,
    "topic_list": TOPIC_LIST,
    "search_page": SEARCH_PAGE,
    "search_files": SEARCH_FILES,
    "static": STATIC,
    "sitemap": SITEMAP,
}
