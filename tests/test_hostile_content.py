"""Hostile content (issue 16, rows 1-6 and 11-14): every attempt is a `path:line` error,
exit 1, no traceback, and the previous build stays in the output folder byte for byte.

Inputs that could hang the build or exhaust the machine (a FIFO, an alias bomb, nesting
100,000 levels deep) run the CLI in a subprocess with a time and memory limit, so that a
regression fails the test instead of stopping the suite.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import REPO, THEMES, TODAY, Run, build_args, tree_bytes, write

FILL = "regional/alfa/overlays/vard/avgifter/kostnad.md"
ARTICLE = "national/vard/avgifter.md"
MEMORY_LIMIT = 1 << 30  # bytes of address space for a subprocess build


def _png() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def _append(content: Path, rel: str, text: str) -> int:
    """Append `text` (one line) to a Markdown file; returns the line it is on."""
    path = content / rel
    old = path.read_text(encoding="utf-8")
    path.write_text(old + "\n" + text + "\n", encoding="utf-8")
    return len(old.splitlines()) + 2 if old.endswith("\n") else len(old.splitlines()) + 1


def _subprocess_run(*args: str, timeout: float = 120) -> Run:
    """The CLI in its own process: a hang is a timeout, runaway memory a MemoryError."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    done = subprocess.run([sys.executable, "-m", "generator", *map(str, args), "--jobs", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit)
    return Run(done.returncode, done.stdout, done.stderr)


class _Broken:
    """Build `content` cleanly into `out`, then break it and build again over that build."""

    def __init__(self, run, content: Path, tmp_path: Path, *extra: str, subprocess=False):
        self.run = _subprocess_run if subprocess else run
        self.content, self.out, self.extra = content, tmp_path / "out", extra
        first = self.run(*build_args(content, self.out, *extra))
        assert first.code == 0, first.err
        self.before = tree_bytes(self.out)

    def errors(self, *args: str) -> list[str]:
        """Build again: exit 1, no traceback, one line per error, the old output intact."""
        result = self.run(*build_args(self.content, self.out, *self.extra), *args)
        assert result.code == 1, result.err
        assert "Traceback" not in result.err
        lines = result.err.splitlines()
        # Each message is one line: nothing but diagnostics and the closing count.
        assert all(": error: " in line or ": warning: " in line for line in lines[:-1]), lines
        assert lines[-1].endswith("error(s); nothing was written."), lines
        assert tree_bytes(self.out) == self.before
        return [line.replace(str(self.content) + "/", "") for line in result.errors]


# Row 1: media that leave content/ or are not regular files.

def test_media_symlinks_leaving_content_are_errors_where_named(content, tmp_path, run):
    # In a subprocess: a build that reads /dev/zero must not take the test run with it.
    broken = _Broken(run, content, tmp_path, subprocess=True)
    (content / "regional/alfa/overlays/vard/avgifter/passwd.png").symlink_to("/etc/passwd")
    (content / "national/vard/miljo.png").symlink_to("/proc/self/environ")
    (content / "national/vard/noll.mp3").symlink_to("/dev/zero")
    (content / "national/vard/oanvand.png").symlink_to("/etc/passwd")  # named nowhere: unread
    fill_line = _append(content, FILL, "![Bild](passwd.png)")
    article_line = _append(content, ARTICLE, "![Miljö](miljo.png)") + 1
    article = content / ARTICLE
    article.write_text(article.read_text().replace("process:", "audio: noll.mp3\nprocess:"))
    outside = "a symlink to a file outside the content folder: the build reads only files inside it"
    assert broken.errors() == [
        f"{ARTICLE}:8: error: audio 'noll.mp3': {outside}",
        f"{ARTICLE}:{article_line}: error: link to miljo.png: {outside}",
        f"{FILL}:{fill_line}: error: link to passwd.png: {outside}",
    ]


def test_a_fifo_named_as_audio_is_an_error_not_a_hang(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path, subprocess=True)
    os.mkfifo(content / "national/vard/ror.mp3")
    article = content / ARTICLE
    article.write_text(article.read_text().replace("process:", "audio: ror.mp3\nprocess:"))
    assert broken.errors() == [
        f"{ARTICLE}:8: error: audio 'ror.mp3': not a regular file but a FIFO: the build reads "
        "only regular files",
    ]


def test_devices_sockets_and_symlinks_to_them_are_errors(content, tmp_path, run, monkeypatch):
    broken = _Broken(run, content, tmp_path, subprocess=True)
    folder = content / "national/vard"
    monkeypatch.chdir(folder)  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("uttag.png")
        os.mkfifo(folder / "ror.png")
        (folder / "pekare.png").symlink_to("ror.png")  # inside content/, but to a FIFO
        line = _append(content, ARTICLE, "![a](uttag.png) ![b](pekare.png) ![c](ror.png)")
        assert broken.errors() == [
            f"{ARTICLE}:{line}: error: link to pekare.png: not a regular file but a FIFO: "
            "the build reads only regular files",
            f"{ARTICLE}:{line}: error: link to ror.png: not a regular file but a FIFO: "
            "the build reads only regular files",
            f"{ARTICLE}:{line}: error: link to uttag.png: not a regular file but a socket: "
            "the build reads only regular files",
        ]


def test_a_symlinked_folder_is_an_error(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path)
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (outside / "bild.png").write_bytes(_png())
    (content / "national/vard/bilder").symlink_to(outside)
    line = _append(content, ARTICLE, "![Bild](bilder/bild.png)")
    assert broken.errors() == [
        f"{ARTICLE}:{line}: error: link to bilder/bild.png: no page or file at that address",
        "national/vard/bilder:1: error: a symlink to a folder: the build does not follow "
        "symlinked folders",
    ]


def test_a_symlink_inside_content_is_published(content, tmp_path, run):
    (content / "national/vard/bild.png").write_bytes(_png())
    (content / "national/vard/samma.png").symlink_to("bild.png")
    _append(content, ARTICLE, "![Bild](samma.png) [Bilden i full storlek](samma.png)")
    result = run(*build_args(content, tmp_path / "out"))
    assert result.code == 0, result.err
    assert (tmp_path / "out/alfa/vard/samma.png").read_bytes() == _png()


# Row 2: a text that leaves content/.

def test_markdown_symlink_leaving_content_is_an_error(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path)
    outside = write(tmp_path, "hemlig.md", """
        ---
        title: Hemlig
        summary: Utanför content.
        owner: nationell-redaktion
        reviewed: 2026-01-15
        ---
        HEMLIGT
        """)
    (content / "national/vard/hemlig.md").symlink_to(outside)
    (content / "regional/alfa/overlays/vard/avgifter/kontakt.md").symlink_to(outside)
    assert broken.errors() == [
        "national/vard/hemlig.md:1: error: a symlink to a file outside the content folder: "
        "the build reads only files inside it",
        "regional/alfa/overlays/vard/avgifter/kontakt.md:1: error: a symlink to a file outside "
        "the content folder: the build reads only files inside it",
    ]


# Row 3: a region publishes passive media only, judged by content.

def test_regional_active_content_is_an_error_at_the_link(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path)
    folder = content / "regional/alfa/overlays/vard/avgifter"
    (folder / "evil.html").write_text("<script>alert(document.cookie)</script>")
    (folder / "evil.js").write_text("alert(1)")
    (folder / "bild.png").write_text("<html><script>alert(1)</script></html>")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    (folder / "ok.png").write_bytes(_png())
    line = _append(content, FILL, "[a](evil.html) [b](evil.js) ![c](bild.png) ![d](logo.svg) "
                   "![e](ok.png)")
    shown = f"{FILL}:{line}: error: link to"
    passive = ("a region may publish only passive media: images (.png, .jpg, .jpeg, .gif, "
               ".webp), audio (.mp3, .ogg, .opus, .m4a) and .pdf documents")
    assert broken.errors() == [
        f"{shown} bild.png: the file's content is not a PNG image, though its name says so",
        f"{shown} evil.html: {passive}, not .html files",
        f"{shown} evil.js: {passive}, not .js files",
        f"{shown} logo.svg: a region may not publish SVG images, which can carry script; "
        "use .png or .webp",
    ]


def test_national_media_keep_their_rules(content, tmp_path, run):
    folder = content / "national/vard"
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>')
    (folder / "tabell.html").write_text("<table></table>")
    (content / "regional/alfa/overlays/vard/avgifter/ok.png").write_bytes(_png())
    _append(content, ARTICLE, "![Logo](logo.svg) [Tabell](tabell.html)")
    _append(content, FILL, "![Bild](ok.png) [Bilden i full storlek](ok.png)")
    result = run(*build_args(content, tmp_path / "out"))
    assert result.code == 0, result.err
    assert (tmp_path / "out/alfa/vard/logo.svg").exists()
    assert (tmp_path / "out/alfa/vard/avgifter/ok.png").read_bytes() == _png()


# Rows 4 and 5: front matter is bounded.

def test_yaml_alias_bomb_is_an_error_quickly(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path, subprocess=True)
    bomb = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 11)]
    path = content / FILL
    path.write_text(path.read_text().replace("editor:", "\n".join(bomb) + "\neditor:"))
    assert broken.errors() == [
        f"{FILL}:5: error: invalid YAML: aliases (*a0) are not allowed; write the value out",
    ]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_front_matter_is_an_error(content, tmp_path, run, depth):
    broken = _Broken(run, content, tmp_path, subprocess=True)
    path = content / FILL
    nested = "[" * depth + "]" * depth
    path.write_text(path.read_text().replace("editor:", f"editor: {nested}\ntopp:"))
    expected = (f"{FILL}:4: error: YAML nested too deeply: more than 20 levels"
                if depth == 1_000 else
                f"{FILL}:2: error: YAML too large: more than 100,000 characters")
    assert broken.errors() == [expected]


def test_deep_nesting_in_a_yaml_file_is_an_error(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path, subprocess=True)
    path = content / "regional/alfa/region.yml"
    path.write_text(path.read_text() + "extra:\n" + "".join(
        "  " * level + f"n{level}:\n" for level in range(1, 40)) + "  " * 40 + "x: 1\n")
    assert broken.errors() == [
        "regional/alfa/region.yml:27: error: YAML nested too deeply: more than 20 levels",
    ]


# Row 6: dates and intervals out of range.

def test_far_dates_and_huge_intervals_are_errors(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path)
    fill = content / FILL
    fill.write_text(fill.read_text().replace("2026-03-01", "9999-06-10"))
    article = content / ARTICLE
    article.write_text(article.read_text().replace(
        "process:", "review_interval_months: 99999999999999999999\nprocess:"))
    site = content / "site.yml"
    site.write_text(site.read_text().replace("review_interval_months: 12",
                                             "review_interval_months: 1000000000"))
    expected = [
        f"{ARTICLE}:8: error: 'review_interval_months' must be a whole number from 1 to 120, "
        "not 99999999999999999999",
        f"{FILL}:3: error: 'reviewed' must be a date no later than 2999-12-31, "
        "not '9999-06-10'",
        "site.yml:4: error: 'review_interval_months' must be a whole number from 1 to 120, "
        "not 1000000000",
    ]
    site.write_text(site.read_text().replace("1000000000", "12"))
    assert broken.errors() == expected[:2]
    site.write_text(site.read_text().replace("review_interval_months: 12",
                                             "review_interval_months: 1000000000"))
    assert broken.errors() == expected[2:]  # site.yml unusable: nothing else is judged


def test_check_json_reports_a_far_review_date(content, tmp_path, run):
    fill = content / FILL
    fill.write_text(fill.read_text().replace("2026-03-01", "9999-06-10"))
    result = run("check", "--content", content, "--format", "json", "--today", "2026-11-22")
    assert result.code == 1
    assert "Traceback" not in result.err
    document = json.loads(result.out)
    assert any(d["line"] == 3 and "2999-12-31" in d["message"]
               for d in document["diagnostics"]), document


# Row 11: a region's own errors when that region is built.

def test_a_bad_region_yml_is_shown_when_that_region_is_built(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path, "--region", "alfa")
    path = content / "regional/alfa/region.yml"
    path.write_text(path.read_text().replace("https://example.org/alfa/recept",
                                             "javascript:alert(1)"))
    assert broken.errors() == [
        "regional/alfa/region.yml:4: error: 'links' must be an absolute http(s) URL, "
        "not 'javascript:alert(1)'",
    ]


# Rows 12-14: every error names its place, on one line.

def test_a_latin1_fill_names_the_line_of_the_bad_byte(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path)
    path = content / FILL
    data = path.read_text(encoding="utf-8").encode("latin-1")
    path.write_bytes(data)
    bad = data.index("ö".encode("latin-1"))
    assert broken.errors() == [
        f"{FILL}:4: error: not UTF-8 text (invalid start byte at byte {bad})",
    ]


def test_a_byte_order_mark_before_the_front_matter_is_accepted(content, tmp_path, run):
    path = content / FILL
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    site = content / "regional/alfa/region.yml"
    site.write_bytes(b"\xef\xbb\xbf" + site.read_bytes())
    result = run(*build_args(content, tmp_path / "out"))
    assert result.code == 0, result.err
    page = (tmp_path / "out/alfa/vard/avgifter/index.html").read_text(encoding="utf-8")
    assert "Ett besök kostar 200 kr i Alfa." in page


def test_a_control_character_in_front_matter_stays_on_one_line(content, tmp_path, run):
    broken = _Broken(run, content, tmp_path)
    path = content / FILL
    path.write_text(path.read_text().replace("Webbredaktör", "Webb\x07redaktör\x1b[2J"))
    assert broken.errors() == [
        f"{FILL}:4: error: invalid YAML: control characters are not allowed (U+0007)",
    ]


def test_theme_files_leaving_the_theme_folder_are_errors(content, tmp_path, run):
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    out = tmp_path / "out"
    args = ["build", "--content", content, "--themes", themes, "--out", out, "--no-cache",
            "--node-modules", REPO / "node_modules", "--today", TODAY]
    assert run(*args).code == 0
    before = tree_bytes(out)
    (themes / "default/static/hemlig.txt").symlink_to("/etc/passwd")
    os.mkfifo(themes / "default/templates/ror.html")
    result = _subprocess_run(*args)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert [line.replace(str(themes) + "/", "") for line in result.errors] == [
        "default/static/hemlig.txt:1: error: a symlink to a file outside the theme folder: "
        "the build reads only files inside it",
        "default/templates/ror.html:1: error: not a regular file but a FIFO: the build reads "
        "only regular files",
    ]
    assert tree_bytes(out) == before
