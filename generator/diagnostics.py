"""Problems found in content, each with the source position an editor can open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"
# Worth knowing, never a failure, not even with `check --strict` (e.g. a draft).
INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{_one_line(self.path)}:{self.line}: {self.severity}: {_one_line(self.message)}"


def _one_line(text: str) -> str:
    """`text` with control characters and line breaks escaped: one diagnostic, one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def error(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, ERROR, message)


def warning(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, WARNING, message)


def info(path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(path, line, INFO, message)


def plain_diagnostic(diagnostic: Diagnostic) -> list[Any]:
    """A diagnostic as JSON data, for the store."""
    return [diagnostic.path, diagnostic.line, diagnostic.severity, diagnostic.message]


def diagnostic_of(data: list[Any]) -> Diagnostic:
    path, line, severity, message = data
    if severity not in (ERROR, WARNING, INFO):
        raise ValueError(f"no such severity: {severity!r}")
    return Diagnostic(str(path), int(line), severity, str(message))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


class ContentError(Exception):
    """Raised when a stage found errors; carries every one of them, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))
