"""Listen: recorded audio named in `audio:`, and audio generated with espeak-ng and lame."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import mutagen
import pytest
from conftest import REPO, build_args, make_recording, soup, write

from generator.render.plain_text import plain_text

ARTICLE = "national/vard/avgifter.md"
AUDIO_DRIVER = Path(__file__).parent / "browser" / "audio.js"


def set_audio(content: Path, rel: str, value: str) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    path.write_text(f"---\naudio: {value}\n{text[4:]}", encoding="utf-8")


def listen_section(page: Path):
    return soup(page).find("section", class_="listen")


@pytest.mark.needs_tool("lame")  # make_recording
def test_a_recording_is_copied_and_played_with_its_duration(content, run, tmp_path):
    recording = make_recording(content / "national/vard/avgifter-inlast.mp3")
    set_audio(content, ARTICLE, "avgifter-inlast.mp3")
    out = tmp_path / "build"
    assert run(*build_args(content, out)).code == 0

    for site in ("nationell", "alfa", "beta"):
        section = listen_section(out / site / "vard/avgifter/index.html")
        audio = section.find("audio")
        assert audio.has_attr("controls") and audio["preload"] == "none"
        source = audio.find("source")
        assert (source["src"], source["type"]) == ("../avgifter-inlast.mp3", "audio/mpeg")
        download = section.find("a", download=True)
        assert download["href"] == "../avgifter-inlast.mp3"
        length = mutagen.File(recording).info.length
        time = section.find("time")
        assert time["datetime"] == f"PT0M{round(length)}S" and time.text == f"{round(length)} s"
        assert "talsyntes" not in section.text
        assert (out / site / "vard/avgifter-inlast.mp3").read_bytes() == recording.read_bytes()
    # The lättläst text names no recording, and audio generation is off: no player.
    assert listen_section(out / "alfa/lattlast/vard/avgifter/index.html") is None
    assert soup(out / "alfa/lattlast/vard/avgifter/index.html").find("audio") is None


def test_a_recording_on_another_server_plays_from_there_without_a_duration(content, run, tmp_path):
    url = "https://media.example.se/avgifter.mp3"
    set_audio(content, ARTICLE, url)
    out = tmp_path / "build"
    assert run(*build_args(content, out)).code == 0
    section = listen_section(out / "alfa/vard/avgifter/index.html")
    assert section.find("source")["src"] == url
    assert section.find("a", download=True)["href"] == url
    assert section.find("time") is None


def test_no_recording_and_no_generation_means_no_player(content, run, tmp_path):
    out = tmp_path / "build"
    assert run(*build_args(content, out)).code == 0
    pages = list(out.rglob("index.html"))
    assert pages and all(soup(page).find("audio") is None for page in pages)
    assert not list(out.rglob("*.mp3"))


def test_bad_recordings_are_errors_naming_file_and_line_all_at_once(content, run, tmp_path):
    set_audio(content, ARTICLE, "saknas.mp3")
    set_audio(content, "national/vard/avgifter.lattlast.md", "http://media.example.se/a.mp3")
    set_audio(content, "national/tandvard/unga.md", "unga.txt")
    write(content, "national/tandvard/unga.txt", "inte ljud")
    set_audio(content, "regional/alfa/articles/vard/narakut.md", "trasig.mp3")
    write(content, "regional/alfa/articles/vard/trasig.mp3", "inte heller ljud")
    out = tmp_path / "build"
    result = run(*build_args(content, out))
    assert result.code == 1
    assert not out.exists()
    root = str(content)
    assert sorted(result.errors) == sorted([
        f"{root}/national/tandvard/unga.md:2: error: audio 'unga.txt': not an audio file; "
        "use .mp3, .ogg, .opus, .m4a",
        f"{root}/national/vard/avgifter.lattlast.md:2: error: audio "
        "'http://media.example.se/a.mp3': name a file next to the article or an https URL",
        f"{root}/national/vard/avgifter.md:2: error: audio 'saknas.mp3': no such file "
        "(national/vard/saknas.mp3)",
        # A region's file is judged by its first bytes too (content/files.py).
        f"{root}/regional/alfa/articles/vard/narakut.md:2: error: audio 'trasig.mp3': "
        "the file's content is not MP3 audio, though its name says so",
    ])


@pytest.fixture
def spoken_build(content, run, tmp_path):
    """The fixture content built with --audio into a fresh cache, then built again."""
    cache = tmp_path / "cache"

    def build(out: Path):
        result = run(*build_args(content, out, "--audio", "--audio-cache", str(cache)))
        assert result.code == 0, result.err
        return result

    return build, cache


@pytest.mark.needs_tool("espeak-ng", "lame")
def test_generated_audio_is_valid_mp3_of_plausible_length(spoken_build, tmp_path):
    build, cache = spoken_build
    out = tmp_path / "build"
    build(out)
    for rel in ("alfa/vard/avgifter/", "alfa/lattlast/vard/avgifter/", "beta/tandvard/unga/",
                "alfa/vard/narakut/"):
        page = out / rel / "index.html"
        section = listen_section(page)
        assert section.find("source")["src"] == "lyssna.mp3", rel
        assert "talsyntes" in section.text
        mp3 = mutagen.File(out / rel / "lyssna.mp3")
        assert "audio/mpeg" in mp3.mime and mp3.info.channels == 1
        words = len(plain_text(str(soup(page).find("div", class_="article-body"))).body.split())
        # A calm voice reads 100-180 words a minute; the title and summary add a few seconds.
        assert words / 180 * 60 < mp3.info.length < (words + 30) / 100 * 60, rel
        iso = section.find("time")["datetime"]
        minutes, seconds = re.fullmatch(r"PT(\d+)M(\d+)S", iso).groups()
        assert abs(int(minutes) * 60 + int(seconds) - mp3.info.length) <= 1


@pytest.mark.needs_tool("chromium", "espeak-ng", "lame")
def test_chromium_plays_the_generated_audio(spoken_build, tmp_path):
    build, cache = spoken_build
    out = tmp_path / "build"
    build(out)
    pages = [out / "alfa/vard/avgifter/index.html", out / "alfa/lattlast/vard/avgifter/index.html"]
    job = json.dumps({"pages": [page.as_uri() for page in pages]})
    done = subprocess.run(["node", str(AUDIO_DRIVER), job], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    played = json.loads(done.stdout)
    for page in pages:
        length = mutagen.File(page.parent / "lyssna.mp3").info.length
        assert played[page.as_uri()]["duration"] == pytest.approx(length, abs=0.5)


@pytest.mark.needs_tool("espeak-ng", "lame")
def test_region_fills_are_spoken_per_region_and_shared_text_once(spoken_build, tmp_path):
    build, cache = spoken_build
    out = tmp_path / "build"
    result = build(out)
    mp3 = {site: (out / site / "vard/avgifter/lyssna.mp3").read_bytes()
           for site in ("nationell", "alfa", "beta")}
    # alfa fills a slot of avgifter; beta shows the national defaults like nationell.
    assert mp3["alfa"] != mp3["nationell"]
    assert mp3["beta"] == mp3["nationell"]
    unga = {(out / site / "tandvard/unga/lyssna.mp3").read_bytes()
            for site in ("nationell", "alfa", "beta")}
    assert len(unga) == 1
    # Distinct texts: national avgifter, its lättläst, unga; alfa's avgifter and lättläst
    # with its fill; alfa's own article. Every other page reuses one of those.
    assert "audio: 6 text(s) synthesised, 0 from the cache" in result.out
    assert len(list(cache.rglob("*.mp3"))) == 6


@pytest.mark.needs_tool("espeak-ng", "lame")
def test_a_second_build_synthesises_nothing(spoken_build, tmp_path):
    build, cache = spoken_build
    build(tmp_path / "first")
    made = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    second = build(tmp_path / "second")
    assert "audio: 0 text(s) synthesised, 6 from the cache" in second.out
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == made
    first_files = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*"))
    second_files = sorted(p.relative_to(tmp_path / "second")
                          for p in (tmp_path / "second").rglob("*"))
    assert first_files == second_files


def test_audio_without_espeak_ng_is_a_clear_error(content, run, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "build"
    result = run(*build_args(content, out, "--audio", "--audio-cache", str(tmp_path / "c")))
    assert result.code == 1
    assert "--audio needs espeak-ng and lame" in result.err
    assert "apt-get install espeak-ng lame" in result.err
    assert not out.exists()


def test_the_audio_cache_must_be_outside_the_output(content, run, tmp_path):
    out = tmp_path / "build"
    result = run(*build_args(content, out, "--audio", "--audio-cache", str(out / "cache")))
    assert result.code == 2
    assert "must be outside the output folder" in result.err
