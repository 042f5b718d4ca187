"""The build's store: results derived from content, kept so that a build redoes only what
changed. `build`, `serve`, `check` and `report` are handed one explicitly.

Every entry is keyed by the content of its inputs, never by file names or
times, so a hit returns exactly what the stage would compute again: a build
through the store gives the same bytes as a clean one.

Link rendering reads other articles' addresses and headings through the link
index; such an entry also records every lookup it made and is reused only
while each lookup still gives the same answer (see `get_checked`).

Two layers, both optional:

- in memory, for the preview server, which keeps one store between rebuilds:
  entries are kept for one build after their last use, so memory follows the
  size of the content, not the number of edits; reusing an entry keeps the
  entries it was made from too (a reused national stage keeps its texts);
- on disk (store_file.py), for the stages that say how to write their results
  as plain data (a `Codec`), read entry by entry.

One-shot builds keep nothing in memory: their memory holds one site at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, Self, TypeVar

from generator.diagnostics import Diagnostic
from generator.store_file import StoreFile

T = TypeVar("T")
R = TypeVar("R", bound="Recordable")

# A recorded lookup: (table, key, answer); a table name ending in "?" is a
# membership test ("pages?": is there a page at this address).
Lookup = tuple[str, str, Any]


class Recordable(Protocol):
    """Lookup tables whose answers an entry depends on (the link index)."""

    def recording(self, log: list[Lookup]) -> Self:
        """A view that appends every lookup made through it to `log`."""

    def answer(self, table: str, name: str) -> Any:
        """What a lookup answers now."""

    def plain_answer(self, answer: Any) -> Any:
        """An answer as JSON data, to compare with one kept on disk."""


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How a stage's results are kept on disk: plain data (JSON or bytes), never pickle.

    `decode` raises (KeyError, TypeError, ValueError) on data of the wrong shape.
    """

    encode: Callable[[T], bytes]
    decode: Callable[[bytes], T]


def digest(value: Any) -> str:
    """A content key for a value of frozen dataclasses, tuples, dicts and strings.

    repr() of those names every field, so two values with equal reprs render
    equally; it is the same in every process for all but sets, which a key
    holds as sorted tuples instead.
    """
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Store:
    """Stage results of earlier builds: `memory` for the preview, `file` on disk."""

    file: StoreFile | None = None
    memory: bool = False
    made: Counter[str] = field(default_factory=Counter)  # stage -> misses in this build
    reused: Counter[str] = field(default_factory=Counter)  # stage -> hits in this build
    _current: dict[tuple[str, Hashable], Any] = field(default_factory=dict)
    _previous: dict[tuple[str, Hashable], Any] = field(default_factory=dict)
    # entry -> the entries used while making it; entries being made, innermost last.
    _parts: dict[tuple[str, Hashable], tuple[tuple[str, Hashable], ...]] = field(
        default_factory=dict)
    _making: list[list[tuple[str, Hashable]]] = field(default_factory=list)

    def get_or_make(
        self, stage: str, key: Hashable, make: Callable[[], T], codec: Codec[T] | None = None
    ) -> T:
        entry = self._take((stage, key))
        if entry is not _MISSING:
            self.reused[stage] += 1
            return entry
        row = self._row_key(key, codec)
        stored = self._read(stage, row, codec)
        if stored is not _MISSING:
            value = stored
            self.reused[stage] += 1
        else:
            value = self._make((stage, key), make)
            self._write(stage, row, codec, value)
            self.made[stage] += 1
        if self.memory:
            self._current[(stage, key)] = value
        return value

    def get(self, stage: str, key: Hashable, codec: Codec[T]) -> T | None:
        """What `get_or_make` would find without making anything; None if nothing."""
        entry = self._take((stage, key))
        if entry is _MISSING:
            entry = self._read(stage, self._row_key(key, codec), codec)
        if entry is _MISSING:
            return None
        self.reused[stage] += 1
        if self.memory:
            self._current[(stage, key)] = entry
        return entry

    def prefetch(self, stage: str, keys: list[Hashable], codec: Codec) -> None:
        """Read the file's rows for `keys` ahead of the `get_or_make`s that ask for them."""
        if self.file is not None:
            self.file.prefetch(stage, [digest(key) for key in keys
                                       if not self.memory or (stage, key) not in self._current])

    def get_checked(
        self,
        stage: str,
        key: Hashable,
        index: R,
        make: Callable[[R], T],
        codec: Codec[T] | None = None,
    ) -> T:
        """`make(index)`, reused only while its lookups in `index` answer the same."""
        entry = self._take((stage, key))
        if entry is not _MISSING:
            lookups, value = entry
            if all(index.answer(table, name) == answer for table, name, answer in lookups):
                self.reused[stage] += 1
                return value
        row = self._row_key(key, codec)
        found = self._read_checked(stage, row, index, codec)
        if found is not _MISSING:
            lookups, value = found
            self.reused[stage] += 1
        else:
            log: list[Lookup] = []
            value = self._make((stage, key), lambda: make(index.recording(log)))
            lookups = tuple(log)
            if row is not None and codec is not None and self.file is not None:
                plain = [[table, name, index.plain_answer(answer)]
                         for table, name, answer in lookups]
                self.file.put(stage, row, _checked_bytes(plain, codec.encode(value)))
            self.made[stage] += 1
        if self.memory:
            self._current[(stage, key)] = (lookups, value)
        return value

    def get_same(self, stage: str, name: Hashable, inputs: Any, make: Callable[[], T]) -> T:
        """`make()`, reused from memory while `inputs` equal those it was made from.

        For results whose inputs are large but mostly the same objects as in the
        build before (a page's data): comparing them is cheap, digesting is not.
        Kept in memory only.
        """
        entry = self._take((stage, name))
        if entry is not _MISSING and entry[0] == inputs:
            self.reused[stage] += 1
            return entry[1]
        value = self._make((stage, name), make)
        self.made[stage] += 1
        if self.memory:
            self._current[(stage, name)] = (inputs, value)
        return value

    def get_recorded(
        self, stage: str, key: Hashable, make: Callable[[], bytes],
        previous: Callable[[], bytes | None],
    ) -> bytes:
        """`make()`, or the bytes `previous()` finds (what an earlier build wrote) when their
        digest is the one the file recorded under `key`: the store keeps an output's digest,
        not its bytes, which the output folder holds."""
        row = digest(key) if self.file is not None else ""
        if self.file is not None:
            recorded = self.file.get(stage, row)
            if recorded is not None:
                found = previous()
                if found is not None and hashlib.sha256(found).hexdigest().encode() == recorded:
                    self.reused[stage] += 1
                    return found
        value = make()
        if self.file is not None:
            self.file.put(stage, row, hashlib.sha256(value).hexdigest().encode())
        self.made[stage] += 1
        return value

    def finish(self, succeeded: bool, whole: bool = True) -> None:
        """End a build: keep what it used; after a failure, or a build of only part of what
        the last one built (the preview's patch), keep the rest too."""
        self.flush()
        if succeeded and whole:
            self._previous = self._current
            self._parts = {key: self._parts[key] for key in self._previous if key in self._parts}
        else:
            self._previous.update(self._current)
        self._current = {}
        self.made.clear()
        self.reused.clear()

    def flush(self) -> None:
        """Write what this process made to the file, in one transaction."""
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        """Write what is pending and close the file; the memory layer stays."""
        if self.file is not None:
            self.file.close()

    def take_warnings(self) -> list[Diagnostic]:
        """What went wrong with the file since the last call: the build went on without it."""
        return self.file.take_warnings() if self.file is not None else []

    def _row_key(self, key: Hashable, codec: Codec | None) -> str | None:
        """The file's key for `key`, digested once per lookup; None when no row is kept."""
        return digest(key) if codec is not None and self.file is not None else None

    def _read(self, stage: str, row: str | None, codec: Codec[T] | None) -> Any:
        return self._decoded(stage, row, codec.decode if codec else None)

    def _read_checked(self, stage: str, row: str | None, index: Recordable,
                      codec: Codec[T] | None) -> Any:
        """(lookups, value) from the file when every recorded lookup still answers the same."""
        def decode(data: bytes) -> Any:
            plain, encoded = _split_checked(data)
            lookups = [(str(table), str(name), answer) for table, name, answer in plain]
            if any(index.plain_answer(index.answer(table, name)) != answer
                   for table, name, answer in lookups):
                return _MISSING
            # Kept in memory with the answers as they are now, which equal the recorded ones.
            now = tuple((table, name, index.answer(table, name)) for table, name, _ in lookups)
            return now, codec.decode(encoded)

        return self._decoded(stage, row, decode if codec else None)

    def _decoded(self, stage: str, row: str | None,
                 decode: Callable[[bytes], Any] | None) -> Any:
        """What `decode` makes of the file's row, or _MISSING; a row it can't read is damaged."""
        if row is None or decode is None or self.file is None:
            return _MISSING
        data = self.file.get(stage, row)
        if data is None:
            return _MISSING
        try:
            return decode(data)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            self.file.damaged(stage, exc)
            return _MISSING

    def _write(self, stage: str, row: str | None, codec: Codec[T] | None, value: T) -> None:
        if row is None or codec is None or self.file is None:
            return
        try:
            data = codec.encode(value)
        except ValueError:
            return  # a value the codec cannot keep exactly is made again next time
        self.file.put(stage, row, data)

    def _make(self, key: tuple[str, Hashable], make: Callable[[], T]) -> T:
        if not self.memory:
            return make()
        self._making.append([])
        try:
            value = make()
        finally:
            self._parts[key] = tuple(self._making.pop())
        return value

    def _take(self, key: tuple[str, Hashable]) -> Any:
        if not self.memory:
            return _MISSING
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


def _checked_bytes(lookups: list[list[Any]], value: bytes) -> bytes:
    # The lookups as one JSON line, then the value's own bytes.
    return json.dumps(lookups, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + value


def _split_checked(data: bytes) -> tuple[list[list[Any]], bytes]:
    head, _, value = data.partition(b"\n")
    lookups = json.loads(head)
    if not isinstance(lookups, list) or not all(
            isinstance(entry, list) and len(entry) == 3 for entry in lookups):
        raise ValueError("lookups of the wrong shape")
    return lookups, value
