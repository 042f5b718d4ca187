"""sitemap.xml and robots.txt of one site, with absolute URLs from base_url."""

from __future__ import annotations

from html import escape

from generator.content.model import SiteConfig
from generator.render.pages import Site
from generator.site_urls import SITEMAP, site_base_url

XHTML = "http://www.w3.org/1999/xhtml"  # the namespace of a sitemap's alternate links


def sitemap_xml(config: SiteConfig, site: Site) -> bytes:
    base = site_base_url(config.base_url, site.id)
    alternates = _alternates(config, site)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        + (f' xmlns:xhtml="{XHTML}">' if alternates else ">"),
    ]
    for page in sorted(site.pages, key=lambda p: p.url):
        if not page.in_sitemap:
            continue
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{_escaped(base + url)}"/>'
            for code, url in alternates.get(page.url, ()))
        lines.append(f"  <url><loc>{_escaped(base + page.url)}</loc>{lastmod}{links}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _alternates(config: SiteConfig, site: Site) -> dict[str, tuple[tuple[str, str], ...]]:
    """An article's page in Swedish and its translations: each names them all (hreflang)."""
    found = {}
    for page in site.pages:
        translations = page.data.get("translations") if page.template == "article.html" else None
        text = page.data.get("text")
        if not translations or text is None or text.text.lattlast:
            continue
        group = ((config.language, page.url),
                 *((t.language.code, t.url) for t in translations))
        found.update((url, group) for _, url in group)
    return found


def _escaped(text: str) -> str:
    # &, < and >, as XML needs them in text (xml.sax.saxutils imports a web client).
    return escape(text, quote=False)


def robots_txt(config: SiteConfig, site: Site) -> bytes:
    sitemap = site_base_url(config.base_url, site.id) + SITEMAP
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()
