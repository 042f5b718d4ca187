"""Search in real headless Chromium (Debian's chromium, driven by playwright-core from npm).

The browser loads only the shards each query needs; Python (tests/search_site.py)
reads all of them into lunr.py. Both must give the same pages with the same scores.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO, THEMES, TODAY, build_args
from search_site import read_built_search

from generator.commands.main import main
from generator.search import files as search_files

DRIVER = Path(__file__).parent / "browser" / "search.js"


QUERIES = ["recepten", "vaccinationer", "tandvård barn", "feb", "1177", "högkostnadsskydd",
           "vårdcentralen", "zink", "öron", "ont i magen", "barn vacc", "lättläst",
           "beställningscentralen", "kronobergs", "xyzzy"]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    """The sample content, built with small shards so queries span several of them."""
    out = tmp_path_factory.mktemp("sample") / "build"
    patch = pytest.MonkeyPatch()
    patch.setattr(search_files, "SHARD_BYTES", 3000)
    try:
        from generator.commands.main import main
        code = main(["build", "--content", str(REPO / "content"), "--themes", str(THEMES),
                     "--out", str(out), "--node-modules", str(REPO / "node_modules"),
                     "--today", TODAY, "--region", "kronoberg", "--no-cache"])
    finally:
        patch.undo()
    assert code == 0
    return out


@pytest.fixture(scope="module")
def server(sample_build):
    handler = functools.partial(_QuietHandler, directory=str(sample_build))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def drive(**job) -> dict:
    result = subprocess.run(["node", str(DRIVER), json.dumps(job)], capture_output=True,
                            text=True, timeout=240, cwd=REPO)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["errors"] == []
    return out


@pytest.mark.needs_tool("chromium")
def test_browser_and_python_find_the_same_pages(sample_build, server):
    python = read_built_search(sample_build / "kronoberg")
    assert len(python.manifest["parts"][0]["shards"]) > 20
    answers = drive(page=f"{server}/kronoberg/sok/", queries=QUERIES)["answers"]
    for query, answer in zip(QUERIES, answers, strict=True):
        expected = python.search(query)
        shown = answer["results"]
        assert len(shown) == min(len(expected), 20), query
        count = len(expected)
        assert answer["status"] == (f"{count} träff" if count == 1 else f"{count} träffar") + \
            f" för ”{query}”"
        assert answer["empty"] == (count == 0)
        for (_, score, _), (_, expected_score) in zip(shown, expected[:len(shown)], strict=True):
            assert score == pytest.approx(expected_score, abs=1e-6), query
        # Equal scores may come in either order; the pages must be the same.
        assert sorted(h for h, _, _ in shown) == sorted(
            "../" + url for url, _ in expected[:len(shown)]) or _ties_at_cut(expected, 20)
    by_query = dict(zip(QUERIES, answers, strict=True))
    assert by_query["xyzzy"]["results"] == []
    # Text that only Kronoberg's fill has, searched in an inflected form.
    assert by_query["beställningscentralen"]["results"][0][0] == "../vard-och-behandling/sjukresor/"
    lattlast = [r for r in by_query["recepten"]["results"] if r[2]]
    assert lattlast and all(h.startswith("../lattlast/") for h, _, _ in lattlast)
    # A Swedish result names the languages its text is offered in, each linked.
    recepten = by_query["recepten"]
    at = [h for h, _, _ in recepten["results"]].index("../lakemedel/fornya-recept/")
    assert recepten["languages"][at] == [
        [code, f"../sprak/{code}/lakemedel/fornya-recept/"] for code in ("ar", "en", "fa", "fi")]
    easy = [h for h, _, _ in recepten["results"]].index("../lattlast/lakemedel/fornya-recept/")
    assert recepten["languages"][easy] == []


def _ties_at_cut(expected, cut):
    return len(expected) > cut and expected[cut - 1][1] == expected[cut][1]


@pytest.mark.needs_tool("chromium")
def test_typing_shows_results_as_you_type(sample_build, server):
    out = drive(page=f"{server}/kronoberg/sok/", queries=["recepten", "vacc"], typed=True)
    recept, vacc = out["answers"]
    assert recept["results"][0][0] == "../lakemedel/fornya-recept/"
    assert recept["url"].endswith("?q=recepten")  # the query is in the address to share
    # "vacc" is a word being typed: it finds vaccin, vaccination ... as a prefix.
    assert len(vacc["results"]) >= 5
    assert all("vaccin" in h for h, _, _ in vacc["results"][:3])


@pytest.mark.needs_tool("chromium")
def test_an_open_search_page_finds_what_a_later_build_added(tmp_path):
    # The preview writes the search files after the pages, and a deploy replaces them while
    # readers have the page open: the page's index files are gone, so it fetches the new.
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    article = content / "national/lakemedel/fornya-recept.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOm zebrafinkar.\n",
                       encoding="utf-8")
    builds = {}
    for name, source in (("before", REPO / "content"), ("after", content)):
        builds[name] = tmp_path / name
        assert main(build_args(source, builds[name], "--region", "kronoberg")) == 0
    handler = functools.partial(_QuietHandler, directory=str(builds["before"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        out = drive(page=f"http://127.0.0.1:{httpd.server_address[1]}/kronoberg/sok/",
                    queries=["zebrafinkar"], typed=True,
                    swap={"from": str(builds["after"] / "kronoberg/search"),
                          "to": str(builds["before"] / "kronoberg/search")})
    finally:
        httpd.shutdown()
        httpd.server_close()
    answer = out["answers"][0]
    assert [href for href, _, _ in answer["results"]] == ["../lakemedel/fornya-recept/"]
    assert any(name.startswith("manifest.js?") for name in answer["files"])  # fetched anew


@pytest.mark.needs_tool("chromium")
def test_header_search_box_leads_to_the_search_page(server):
    out = drive(headerFrom=f"{server}/kronoberg/tandvard/", queries=["tandvårdsstöd"])
    answer = out["answers"][0]
    assert answer["url"].startswith(f"{server}/kronoberg/sok/?q=")
    assert answer["input"] == "tandvårdsstöd" and answer["results"]


@pytest.mark.needs_tool("chromium")
def test_search_works_when_opened_from_disk(sample_build):
    page = (sample_build / "kronoberg/sok/index.html").as_uri()
    answer = drive(page=page, queries=["recepten"])["answers"][0]
    assert answer["results"]
    first = answer["results"][0][0]
    assert first.endswith("/index.html")  # no server adds index.html to a folder link
    assert (sample_build / "kronoberg/sok" / first).resolve().is_file()


def test_build_copies_the_search_scripts_from_npm(content, tmp_path, run):
    assert run(*build_args(content, tmp_path / "out", "--region", "alfa")).code == 0
    assert (tmp_path / "out/alfa/static/lunr/lunr.sv.min.js").is_file()


LANGUAGE_DRIVER = Path(__file__).parent / "browser" / "language-search.js"


def test_each_language_searches_its_own_texts_in_chromium(server):
    """On sprak/<lang>/, a query finds that language's texts: stemmed with lunr-languages
    (Finnish, Arabic), lunr's English pipeline, or word for word (Persian)."""
    searches = {
        ("fi", "resepti"): "sprak/fi/lakemedel/fornya-recept/",  # reseptin, stemmed
        ("en", "dental"): "sprak/en/tandvard/tandvard-unga/",
        ("en", "denta"): "sprak/en/tandvard/tandvard-unga/",  # still typing the word
        ("ar", "الرعاية"): "sprak/ar/vard-och-behandling/patientavgifter/",
        ("fa", "دندانپزشکی"): "sprak/fa/tandvard/tandvard-unga/",
        ("en", "xyzzy"): None,
    }
    job = {"searches": [[f"{server}/kronoberg/sprak/{language}/", query]
                        for language, query in searches]}
    done = subprocess.run(["node", str(LANGUAGE_DRIVER), json.dumps(job)], capture_output=True,
                          text=True, timeout=240, cwd=REPO)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["errors"] == []
    for ((language, query), wanted), answer in zip(searches.items(), found["answers"],
                                                   strict=True):
        assert answer["done"] == query
        links = [href.removeprefix("../../") for href in answer["results"]]
        assert all(link.startswith(f"sprak/{language}/") for link in links), answer
        if wanted is None:
            assert links == [] and answer["status"] == "No results. Try another word."
        else:
            assert wanted in links, answer
