"""relative_url: string arithmetic on URL paths gives what posixpath.relpath gave."""

from __future__ import annotations

import contextlib
import os
import posixpath
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.links import page_linker, relative_url


def reference_relative_url(from_url: str, to_url: str) -> str:
    """relative_url as it was before: posixpath.relpath, which joins both to the current folder."""
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    rel = posixpath.relpath(to_url or ".", from_dir or ".")
    if to_url.endswith("/") or not to_url:
        rel = "./" if rel == "." else rel + "/"
    return rel


@contextlib.contextmanager
def deep_folder() -> Iterator[None]:
    """A current folder deeper than any run of ".." below, named unlike any URL part."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        deep = Path(tmp, *(f"d{n}" for n in range(10)))
        deep.mkdir(parents=True)
        os.chdir(deep)
        try:
            yield
        finally:
            os.chdir(before)


PARTS = ["a", "b", "kronoberg", "vard", "..", ".", "", "x.html", "sitemap.xml", "index.html"]
urls = st.builds(
    lambda first, parts, slash: first + "/".join(parts) + slash,
    st.sampled_from(["", "", "", "/", "./", "../"]),
    st.lists(st.sampled_from(PARTS), max_size=5),
    st.sampled_from(["", "/"]),
)


@settings(max_examples=3000, deadline=None)
@given(urls, urls)
def test_relative_url_equals_relpath(from_url: str, to_url: str):
    with deep_folder():
        assert relative_url(from_url, to_url) == reference_relative_url(from_url, to_url)


def test_page_and_site_links():
    link = page_linker("vard/avgifter/")
    assert link("") == "../../"
    assert link("vard/") == "../"
    assert link("vard/avgifter/") == "./"
    assert link("static/style.css") == "../../static/style.css"
    assert link("../index.html") == "../../../index.html"
    assert link("../alfa/vard/avgifter/") == "../../../alfa/vard/avgifter/"
    assert relative_url("404.html", "sok/") == "sok/"
    assert relative_url("", "") == "./"
