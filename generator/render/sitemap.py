"""sitemap.xml and robots.txt of one site, with absolute URLs from base_url."""

from __future__ import annotations

from html import escape

from generator.content.model import SiteConfig
from generator.render.pages import Site
from generator.site_urls import SITEMAP, site_base_url


def sitemap_xml(config: SiteConfig, site: Site) -> bytes:
    base = site_base_url(config.base_url, site.id)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in sorted(site.pages, key=lambda p: p.url):
        if not page.in_sitemap:
            continue
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        # &, < and >, as XML needs them in text (xml.sax.saxutils imports a web client).
        lines.append(f"  <url><loc>{escape(base + page.url, quote=False)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(config: SiteConfig, site: Site) -> bytes:
    sitemap = site_base_url(config.base_url, site.id) + SITEMAP
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()
