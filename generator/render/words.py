"""The words of a theme's interface in each language: words.yml beside its templates.

Pages in another language than Swedish (translations, the lists of them) take
their headings, labels and breadcrumbs from here. Swedish names every word;
another language may leave a word out, and Swedish stands in for it.
"""

from __future__ import annotations

from pathlib import Path

from generator.content import files as safe_files
from generator.content.yaml_lines import YamlProblem, parse_yaml
from generator.diagnostics import Diagnostic, error

WORDS_FILE = "words.yml"
SWEDISH = "sv"

# language -> word -> text
Words = dict[str, dict[str, str]]


def load_words(theme_root: Path, shown: str) -> tuple[Words, list[Diagnostic]]:
    """The theme's words, by language; none (and no problem) without the file."""
    path = theme_root / WORDS_FILE
    if not path.is_file():
        return {}, []
    try:
        doc = parse_yaml(safe_files.read_bytes(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [error(shown, 1, f"cannot read {WORDS_FILE}: {exc}")]
    except YamlProblem as exc:
        return {}, [error(shown, exc.line, f"not valid YAML: {exc.message}")]
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get(SWEDISH), dict):
        return {}, [error(shown, 1, f"{WORDS_FILE} must map languages to their words, "
                          f"Swedish ('{SWEDISH}') first among them")]
    words: Words = {}
    problems = []
    for language, found in data.items():
        line = doc.line_of(str(language))
        if not isinstance(found, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v.strip()
                for k, v in found.items()):
            problems.append(error(shown, line, f"the words of '{language}' must map names "
                                  "to non-empty texts"))
            continue
        unknown = sorted(set(found) - set(data[SWEDISH]))
        if unknown:
            problems.append(error(shown, line, f"'{language}' has words Swedish does not: "
                                  f"{', '.join(unknown)}"))
            continue
        words[str(language)] = dict(found)
    return words, problems


def words_in(words: Words, language: str | None) -> dict[str, str]:
    """Every word in `language` (None: Swedish), Swedish where it has none of its own."""
    return {**words.get(SWEDISH, {}), **words.get(language or SWEDISH, {})}
