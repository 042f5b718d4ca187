"""A site is named by a value: what `--region` names, the order a full build makes them in,
which regions' folders a build of some sites reads, and where each is written."""

from __future__ import annotations

from generator.content.layout import read_by
from generator.site_urls import site_base_url, site_folder
from generator.sites import NATIONAL, SiteId, regions_of, site_named, sites_of


def test_a_sites_name_is_what_region_names():
    assert site_named(NATIONAL) == SiteId() and SiteId().region is None
    assert site_named("kronoberg") == SiteId("kronoberg")
    assert [site.name for site in (SiteId(), SiteId("kronoberg"))] == [NATIONAL, "kronoberg"]


def test_a_full_build_makes_the_national_site_first_then_the_regions_sorted():
    assert sites_of(["skane", "blekinge"]) == [SiteId(), SiteId("blekinge"), SiteId("skane")]


def test_a_build_of_some_sites_reads_their_regions_folders_only():
    sites = [SiteId(), SiteId("alfa")]
    assert regions_of(sites) == {"alfa"} and regions_of(None) is None
    assert read_by("regional/alfa/overlays", regions_of(sites))
    assert not read_by("regional/beta/overlays", regions_of(sites))
    assert read_by("regional/beta", regions_of(sites))  # for its region.yml


def test_each_site_has_a_folder_and_base_url_of_its_own():
    assert site_folder(SiteId()) == NATIONAL
    assert site_folder(SiteId("alfa")) == "alfa"
    assert site_base_url("https://example.se/halsa/", SiteId("alfa")) == (
        "https://example.se/halsa/alfa/")
