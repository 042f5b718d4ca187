"""Shared helpers: fixture content trees copied into a temporary folder, and running the CLI."""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.commands.main import main

# tools: the needs_tool marker, skips naming a missing tool and the line that sums them up.
pytest_plugins = ["pytester", "tools"]

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
THEMES = REPO / "themes"
TODAY = "2026-11-22"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/basic that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic", target)
    return target


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    def run_cli(*args: str) -> Run:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run_cli


def build_args(content: Path, out: Path, *extra: str) -> list[str]:
    # No cache: a test's build is a function of its content alone (test_cache.py tests it).
    cache = [] if "--cache" in extra else ["--no-cache"]
    return ["build", "--content", str(content), "--themes", str(THEMES), "--out", str(out),
            "--node-modules", str(REPO / "node_modules"), "--today", TODAY, *cache, *extra]


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def make_recording(path: Path, seconds: float = 2.0) -> Path:
    """A real MP3: a tone, encoded by lame as a recording would be (needs_tool("lame"))."""
    wav = path.with_suffix(".wav")
    rate = 16000
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(seconds * rate))
        ))
    subprocess.run(["lame", "--quiet", str(wav), str(path)], check=True)
    wav.unlink()
    return path


def silent_mp3(path: Path, seconds: float = 2.0) -> Path:
    """A valid MP3 of silence, written frame by frame without an encoder: for tests that
    need an audio file the build accepts, not a sound."""
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono: 417-byte frames of 1152 samples;
    # all-zero side information decodes as silence.
    frame = bytes([0xFF, 0xFB, 0x90, 0xC0]) + bytes(413)
    path.write_bytes(frame * round(seconds * 44100 / 1152))
    return path
