"""Which sites a content tree makes, each named by a value.

A site is one folder of the output with its own pages, sitemap and search
index. Today a site is the region whose overlay it shows, or the national
site with no region chosen. The engine builds, records and rebuilds sites by
their `SiteId`, and asks it what the site reads (`regions_of`) and where it is
written (site_urls.site_folder): a further dimension of sites, such as a
municipality within a region, is a field here and a rule in those places.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NATIONAL = "nationell"  # the name of the site with no region chosen


@dataclass(frozen=True)
class SiteId:
    region: str | None = None  # the region whose overlay the site shows; None: national

    @property
    def name(self) -> str:
        """How commands, progress lines and the store name the site: `--region`'s value."""
        return self.region or NATIONAL

    def __str__(self) -> str:
        return self.name


def site_named(name: str) -> SiteId:
    """The site `--region name` asks for; whether it exists is the build's to say."""
    return SiteId(None if name == NATIONAL else name)


def sites_of(regions: Iterable[str]) -> list[SiteId]:
    """Every site of a tree with these regions, in build order: national first."""
    return [SiteId(), *(SiteId(region) for region in sorted(regions))]


def regions_of(sites: Iterable[SiteId] | None) -> set[str] | None:
    """The regions whose folders a build of `sites` reads (None: every region's)."""
    return None if sites is None else {site.region for site in sites if site.region}
