"""What a page offers to listen to: the recording its text names in `audio:`,
else, when audio generation is on, the page's own words spoken by espeak-ng.

A page with neither gets no player: a dead control helps nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import mutagen

from generator.audio.spoken_text import spoken_text, words_in_order
from generator.audio.synthesis import Synthesiser
from generator.content import files as safe_files
from generator.content.layout import beside, media_site_path
from generator.content.model import Article, Text
from generator.diagnostics import Diagnostic, error
from generator.render.article_texts import TextKey, text_key
from generator.render.overlay import ArticleText
from generator.render.pages import Listen
from generator.render.plain_text import plain_text
from generator.site_urls import GENERATED_AUDIO

AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".opus": "audio/ogg",
               ".m4a": "audio/mp4"}


def recordings(
    articles: list[Article], files: frozenset[str], content: Path
) -> tuple[dict[TextKey, Listen], list[Diagnostic]]:
    """The recording each text names, checked: a readable audio file or an https URL."""
    found: dict[TextKey, Listen] = {}
    problems: list[Diagnostic] = []
    for article in articles:
        for text in article.texts():
            if text.meta.audio is None:
                continue
            listen, problem = _recording(text, files, content)
            if listen is not None:
                found[text_key(article, text)] = listen
            if problem is not None:
                problems.append(problem)
    return found, problems


def page_audio(
    texts: list[ArticleText],
    recorded: Mapping[TextKey, Listen],
    synthesiser: Synthesiser | None,
) -> dict[str, Listen]:
    """Site URL of each page -> what it plays; a recording wins over speech."""
    found: dict[str, Listen] = {}
    to_speak: dict[str | None, dict[str, str]] = {}  # language -> page URL -> its words
    for shown in texts:
        recording = recorded.get(text_key(shown.article, shown.text))
        language = shown.text.language
        if recording is not None:
            found[shown.url] = recording
        elif synthesiser is not None and (language is None or synthesiser.speaks(language)):
            # A translation only in a voice of its language: never the Swedish one.
            meta = shown.text.meta
            words = plain_text("".join(part.html for part in shown.parts))
            to_speak.setdefault(language, {})[shown.url] = (
                spoken_text(meta.title, meta.summary, words) if language is None
                else words_in_order(meta.title, meta.summary, words))
    for language, pages in to_speak.items():
        assert synthesiser is not None
        spoken = synthesiser.speak_all(pages.values(), language)
        for url, text in pages.items():
            audio = spoken[text]
            found[url] = Listen(url + GENERATED_AUDIO, AUDIO_TYPES[".mp3"], audio.seconds,
                                generated=True, source=audio.path)
    return found


def _recording(
    text: Text, files: frozenset[str], content: Path
) -> tuple[Listen | None, Diagnostic | None]:
    name = text.meta.audio or ""
    source = text.source
    line = source.line_of("audio")
    if name.startswith("https://"):
        suffix = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
        return Listen(name, AUDIO_TYPES.get(suffix), None, generated=False), None
    if "://" in name or name.startswith(("//", "/")):
        return None, error(source.shown, line,
                           f"audio '{name}': name a file next to the article or an https URL")
    rel = beside(source.rel, name)
    site_path = media_site_path(rel)
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix not in AUDIO_TYPES:
        return None, error(source.shown, line, f"audio '{name}': not an audio file; use "
                           f"{', '.join(AUDIO_TYPES)}")
    if rel not in files or site_path is None:
        return None, error(source.shown, line, f"audio '{name}': no such file ({rel})")
    problem = safe_files.file_problem(content, rel) or (
        safe_files.passive_media_problem(content / rel) if safe_files.regional_media(rel)
        else None)
    if problem is not None:
        return None, error(source.shown, line, f"audio '{name}': {problem}")
    seconds = _seconds(content / rel)
    if seconds is None:
        return None, error(source.shown, line, f"audio '{name}': not a readable audio file")
    return Listen(site_path, AUDIO_TYPES[suffix], seconds, generated=False,
                  source=content / rel), None


def _seconds(path: Path) -> float | None:
    try:
        with safe_files.open_regular(path) as file:
            audio = mutagen.File(file)
    except (mutagen.MutagenError, OSError):
        return None
    if audio is None or not audio.info.length:
        return None
    return float(audio.info.length)
