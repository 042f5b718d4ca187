"""Reading content files for content/load.py: text, YAML and Markdown with front matter,
each problem collected with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from generator.content import files as safe_files
from generator.content import schema
from generator.content.model import Source
from generator.content.yaml_lines import (
    YAML_CODEC,
    YamlDoc,
    YamlProblem,
    parse_front_matter,
    parse_yaml,
)
from generator.diagnostics import Diagnostic, error
from generator.store import Store

_FRONT_MATTER = {"article": schema.ARTICLE, "translation": schema.TRANSLATION,
                 "fill": schema.FILL}


class Reader:
    """Reads files relative to the content folder and collects problems on the way."""

    def __init__(self, root: Path, shown_root: str, store: Store):
        self.root = root
        self.shown_root = shown_root
        self.store = store
        self.problems: list[Diagnostic] = []
        # Listed files the build must not read or publish -> why (see _list_files).
        self.refused: dict[str, str] = {}

    def shown(self, rel: str) -> str:
        return f"{self.shown_root}/{rel}" if self.shown_root not in ("", ".") else rel

    def error(self, rel: str, line: int, message: str) -> None:
        self.problems.append(error(self.shown(rel), line, message))

    def text(self, rel: str) -> str | None:
        """The file's text, without a byte order mark; None after an error at the file."""
        refused = self.refused.get(rel)
        if refused is not None:
            self.error(rel, 1, refused)
            return None
        try:
            data = safe_files.read_bytes(self.root / rel)
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.error(rel, line, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            return None
        except safe_files.UnsafeFile as exc:
            self.error(rel, 1, str(exc))
            return None
        except OSError as exc:
            self.error(rel, 1, f"cannot read: {exc.strerror}")
            return None
        # Editors on Windows save UTF-8 with a byte order mark; it is no part of the text.
        return text.removeprefix("\ufeff")

    def yaml(self, rel: str) -> YamlDoc | None:
        text = self.text(rel)
        if text is None:
            return None
        try:
            return parse_yaml(text)
        except YamlProblem as exc:
            self.error(rel, exc.line, exc.message)
            return None

    def validated(self, fields: tuple[schema.Field, ...], doc: YamlDoc, rel: str) -> dict | None:
        values, problems = schema.validate(fields, doc, self.shown(rel))
        self.problems.extend(problems)
        return None if problems else values

    def front_matter(self, rel: str, kind: str) -> tuple[Source, YamlDoc, dict] | None:
        """A Markdown file's body and its front matter, validated as `kind`; None after errors.

        A file whose text did not change since the store's last build (the
        preview's) is not parsed or validated again; its problems are reported again.
        """
        stamp = None if rel in self.refused else safe_files.settled_stamp(self.root / rel)
        if stamp is None:
            text = self.text(rel)
            if text is None:
                return None
            key: tuple = (rel, self.shown_root, kind, "text", text)
        else:
            # Known by its stamp: in the preview's memory, an unchanged file is not read.
            text, key = None, (rel, self.shown_root, kind, "stamp", stamp)
        found, problems = self.store.get_or_make(
            "file", key, lambda: self._front_matter(rel, text, kind))
        self.problems.extend(problems)
        return found

    def _front_matter(
        self, rel: str, text: str | None, kind: str
    ) -> tuple[tuple[Source, YamlDoc, dict] | None, list[Diagnostic]]:
        before = len(self.problems)
        text = self.text(rel) if text is None else text
        parsed = None if text is None else self._markdown(rel, text)
        values = parsed and self.validated(_FRONT_MATTER[kind], parsed[1], rel)
        problems = self.problems[before:]
        del self.problems[before:]
        if parsed is None or values is None:
            return None, problems
        return (*parsed, values), problems

    def _markdown(self, rel: str, text: str) -> tuple[Source, YamlDoc] | None:
        """Split a Markdown file into its YAML front matter and body."""
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].rstrip() != "---":
            self.error(rel, 1, "missing front matter: the file must begin with a line '---'")
            return None
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            self.error(rel, 1, "front matter is not closed: add a line '---' after it")
            return None
        front = "".join(lines[1:end])
        doc = self.store.get_or_make("yaml", front, lambda: parse_front_matter(front, 2),
                                     YAML_CODEC)
        if isinstance(doc, YamlProblem):
            self.error(rel, doc.line, doc.message)
            return None
        if doc.data is None:
            doc = YamlDoc({}, {}, 2)
        body = "".join(lines[end + 1 :])
        return Source(rel, self.shown(rel), body, end + 2, dict(doc.lines)), doc
