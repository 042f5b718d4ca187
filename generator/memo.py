"""Results of earlier builds, kept by the preview server so a rebuild redoes only what changed.

Every entry is keyed by the content of its inputs, never by file names or
times, so a hit returns exactly what the stage would compute again: a memoised
build gives the same bytes as a clean one. One-shot builds pass no memo.

Link rendering reads other articles' addresses and headings through the link
index; such an entry also records every lookup it made and is reused only
while each lookup still gives the same answer (see `recorded_index`).

Entries are kept for one build after their last use, so memory follows the
size of the content, not the number of edits; reusing an entry uses the
entries it was made from too (a reused national stage keeps its texts).
Keys are plain values and the stores are dicts, so a later on-disk cache can
persist them (as JSON, with the values turned into plain data).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator.render.links import LinkIndex

T = TypeVar("T")

# A recorded lookup: (table, key, answer); a table name ending in "?" is a
# membership test ("pages?": is there a page at this address).
Lookup = tuple[str, str, Any]


def digest(value: Any) -> str:
    """A content key for a value of frozen dataclasses, tuples, dicts and strings.

    repr() of those is deterministic and names every field, so two values with
    equal reprs render equally.
    """
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Memo:
    """Memoised stage results of the last build; `finish` drops entries it did not use."""

    _current: dict[tuple[str, Hashable], Any] = field(default_factory=dict)
    _previous: dict[tuple[str, Hashable], Any] = field(default_factory=dict)
    # entry -> the entries used while making it; entries being made, innermost last.
    _parts: dict[tuple[str, Hashable], tuple[tuple[str, Hashable], ...]] = field(
        default_factory=dict)
    _making: list[list[tuple[str, Hashable]]] = field(default_factory=list)
    made: Counter[str] = field(default_factory=Counter)  # stage -> misses in this build
    reused: Counter[str] = field(default_factory=Counter)  # stage -> hits in this build

    def get_or_make(self, stage: str, key: Hashable, make: Callable[[], T]) -> T:
        entry = self._take((stage, key))
        if entry is not _MISSING:
            self.reused[stage] += 1
            return entry
        value = self._make((stage, key), make)
        self._current[(stage, key)] = value
        self.made[stage] += 1
        return value

    def get_checked(
        self,
        stage: str,
        key: Hashable,
        index: LinkIndex,
        make: Callable[[LinkIndex], T],
    ) -> T:
        """Memoise `make(index)`, reused only while its lookups in `index` answer the same."""
        entry = self._take((stage, key))
        if entry is not _MISSING:
            lookups, value = entry
            if all(_look_up(index, table, name) == answer for table, name, answer in lookups):
                self.reused[stage] += 1
                return value
        log: list[Lookup] = []
        value = self._make((stage, key), lambda: make(recorded_index(index, log)))
        self._current[(stage, key)] = (tuple(log), value)
        self.made[stage] += 1
        return value

    def finish(self, succeeded: bool) -> None:
        """End a build: keep what it used; after a failure keep the rest too, for the fix."""
        self._previous = self._current if succeeded else {**self._previous, **self._current}
        self._current = {}
        self._parts = {key: self._parts[key] for key in self._previous if key in self._parts}
        self.made.clear()
        self.reused.clear()

    def _make(self, key: tuple[str, Hashable], make: Callable[[], T]) -> T:
        self._making.append([])
        try:
            value = make()
        finally:
            self._parts[key] = tuple(self._making.pop())
        return value

    def _take(self, key: tuple[str, Hashable]) -> Any:
        if self._making:
            self._making[-1].append(key)
        if key in self._current:
            return self._current[key]
        entry = self._previous.get(key, _MISSING)
        if entry is not _MISSING:
            self._keep(key)
        return entry

    def _keep(self, key: tuple[str, Hashable]) -> None:
        """Carry `key` and everything it was made from into this build."""
        stack = [key]
        while stack:
            found = stack.pop()
            if found in self._current or found not in self._previous:
                continue
            self._current[found] = self._previous[found]
            stack.extend(self._parts.get(found, ()))


_MISSING = object()


def recorded_index(index: LinkIndex, log: list[Lookup]) -> LinkIndex:
    """A view of `index` that appends every lookup made through it to `log`."""
    return LinkIndex(
        _RecordedMap(index.sources, "sources", log),  # type: ignore[arg-type]
        _RecordedMap(index.pages, "pages", log),  # type: ignore[arg-type]
        _RecordedSet(index.files, "files", log),  # type: ignore[arg-type]
        _RecordedSet(index.unpublished, "unpublished", log),  # type: ignore[arg-type]
        _RecordedMap(index.refused, "refused", log),  # type: ignore[arg-type]
    )


def _look_up(index: LinkIndex, table: str, name: str) -> Any:
    if table.endswith("?"):
        return name in getattr(index, table[:-1])
    return getattr(index, table).get(name)


class _RecordedMap:
    """The read-only dict operations the link resolver uses, recorded."""

    def __init__(self, data: dict, table: str, log: list[Lookup]):
        self._data, self._table, self._log = data, table, log

    def get(self, name: str, default: Any = None) -> Any:
        answer = self._data.get(name)
        self._log.append((self._table, name, answer))
        return default if answer is None else answer

    def __contains__(self, name: object) -> bool:
        answer = name in self._data
        self._log.append((self._table + "?", name, answer))
        return answer


class _RecordedSet:
    def __init__(self, data: frozenset[str], table: str, log: list[Lookup]):
        self._data, self._table, self._log = data, table, log

    def __contains__(self, name: object) -> bool:
        answer = name in self._data
        self._log.append((self._table + "?", name, answer))
        return answer
