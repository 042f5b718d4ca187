"""Generated audio: espeak-ng's voices, encoded to MP3 by lame, cached.

Swedish texts are read by its Swedish voice; a translation by the voice of its
language, where espeak-ng has one (`voice_languages`), and never by another.

The cache lives outside the output folder and is keyed by a hash of the spoken
text and every setting that changes the sound, so an unchanged text is never
synthesised twice, and a national text that 22 sites show identically is
synthesised once. MP3 because every browser plays it; at 24 kbit/s mono a
minute of speech is about 180 KB.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import time
import wave
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

TOOLS = ("espeak-ng", "lame")
INSTALL_HINT = "install Debian's espeak-ng and lame (apt-get install espeak-ng lame)"


@dataclass(frozen=True)
class Voice:
    language: str = "sv"
    words_per_minute: int = 150  # espeak-ng's default 175 is fast for health advice
    bitrate_kbps: int = 24
    sample_khz: int = 16  # enough for a synthetic voice; halves the file against 22 kHz

    def espeak_args(self) -> list[str]:
        return ["espeak-ng", "-v", self.language, "-s", str(self.words_per_minute),
                "--stdin", "--stdout"]

    def lame_args(self, out: Path) -> list[str]:
        return ["lame", "--quiet", "-m", "m", "-b", str(self.bitrate_kbps),
                "--resample", str(self.sample_khz), "-", str(out)]


@dataclass(frozen=True)
class SpokenAudio:
    path: Path  # the MP3 in the cache
    seconds: float


@dataclass
class SynthesisStats:
    """What one build asked of the synthesiser, for the summary and benchmarks."""

    synthesised: int = 0
    reused: int = 0
    words: int = 0  # words synthesised, not reused
    seconds_of_audio: float = 0.0
    seconds_spent: float = 0.0


class AudioToolError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    """The programs audio generation needs that are not on PATH."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def voice_languages() -> frozenset[str]:
    """The languages espeak-ng has a voice for, as it names them (en-gb, fa, fi, ...)."""
    try:
        done = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise AudioToolError(f"espeak-ng does not run ({exc}); {INSTALL_HINT}") from None
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    return frozenset(row[1] for row in rows if len(row) > 1)


def engine_version() -> str:
    """espeak-ng's version line, part of the cache key: a new engine may sound different."""
    try:
        done = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise AudioToolError(f"espeak-ng does not run ({exc}); {INSTALL_HINT}") from None
    return done.stdout.strip()


@dataclass
class Synthesiser:
    """Speaks texts into the cache; one per build, shared by every site."""

    cache: Path
    voice: Voice = Voice()
    engine: str = ""
    voices: frozenset[str] = frozenset()  # voice_languages(): the others are not spoken
    workers: int = max(1, os.cpu_count() or 1)
    stats: SynthesisStats = field(default_factory=SynthesisStats)
    _known: dict[str, SpokenAudio] = field(default_factory=dict, init=False, repr=False)

    def speaks(self, language: str) -> bool:
        """Whether a text in `language` (BCP 47) has a voice: its own, or one of its
        regions' (en: en-gb)."""
        return language == self.voice.language or language in self.voices or any(
            voice.startswith(language + "-") for voice in self.voices)

    def key(self, text: str, language: str | None = None) -> str:
        voice = replace(self.voice, language=language or self.voice.language)
        settings = {"text": text, "voice": asdict(voice), "engine": self.engine,
                    "encoder": "lame"}
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()

    def speak_all(self, texts: Iterable[str], language: str | None = None
                  ) -> dict[str, SpokenAudio]:
        """Audio for each text, read in `language` (default: the voice's, Swedish), and
        synthesised in parallel only where the cache lacks it."""
        voice = replace(self.voice, language=language or self.voice.language)
        wanted = {text: self.key(text, language) for text in texts}
        todo: dict[str, str] = {}
        for text, key in wanted.items():
            if key in self._known:
                continue
            cached = self._cached(key)
            if cached is None:
                todo[key] = text
            else:
                self._known[key] = cached
                self.stats.reused += 1
        if todo:
            started = time.perf_counter()
            with ThreadPoolExecutor(self.workers) as pool:
                made = list(pool.map(self._synthesise, todo.keys(), todo.values(),
                                     [voice] * len(todo)))
            self.stats.seconds_spent += time.perf_counter() - started
            for key, audio in zip(todo, made, strict=True):
                self._known[key] = audio
                self.stats.synthesised += 1
                self.stats.seconds_of_audio += audio.seconds
                self.stats.words += len(todo[key].split())
        return {text: self._known[key] for text, key in wanted.items()}

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.cache / key[:2]
        return folder / f"{key}.mp3", folder / f"{key}.json"

    def _cached(self, key: str) -> SpokenAudio | None:
        mp3, info = self._paths(key)
        try:
            seconds = float(json.loads(info.read_text(encoding="utf-8"))["seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return SpokenAudio(mp3, seconds) if mp3.is_file() else None

    def _synthesise(self, key: str, text: str, voice: Voice) -> SpokenAudio:
        mp3, info = self._paths(key)
        mp3.parent.mkdir(parents=True, exist_ok=True)
        wav = _run(voice.espeak_args(), text.encode("utf-8"))
        seconds = _wav_seconds(wav)
        # Write beside the target and rename, so a stopped build never leaves half a file.
        with tempfile.TemporaryDirectory(dir=mp3.parent) as tmp:
            partial = Path(tmp) / "audio.mp3"
            _run(voice.lame_args(partial), wav)
            os.replace(partial, mp3)
        info.write_text(json.dumps({"seconds": round(seconds, 3)}), encoding="utf-8")
        return SpokenAudio(mp3, seconds)


def _run(args: list[str], data: bytes) -> bytes:
    try:
        done = subprocess.run(args, input=data, capture_output=True, check=True)
    except FileNotFoundError:
        raise AudioToolError(f"{args[0]} is not installed; {INSTALL_HINT}") from None
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip()
        raise AudioToolError(f"{args[0]} failed: {message}") from None
    return done.stdout


def _wav_seconds(wav: bytes) -> float:
    # espeak-ng streams to stdout without knowing the length, so its header claims
    # the largest size; count the samples that actually came.
    with wave.open(io.BytesIO(wav)) as reader:
        frame_bytes = reader.getsampwidth() * reader.getnchannels()
        rate = reader.getframerate()
        data = reader.readframes(reader.getnframes())
    return len(data) / frame_bytes / rate
