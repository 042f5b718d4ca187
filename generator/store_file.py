"""The store on disk: one SQLite file of encoded stage results, read entry by entry.

SQLite gives one file, atomic transactions and concurrent readers (write-ahead
log), so builds that share a store at the same time, and a build's forked
workers, each read what they need and write their rows in short transactions.
Rows are plain data (JSON or the bytes of a page), never pickle, and are
dropped whole when the generator's code or a renderer's version changes.

The file holds rendered HTML, so it is as trusted as the output folder. It can
never stop a build: a file that cannot be made, opened or written, one that is
no database, a row of the wrong shape, a lock held too long: each is one
warning, and the build goes on without the file (a damaged one is made anew).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from pathlib import Path

import jinja2
import markdown_it
import mdit_py_plugins
import PIL
import yaml

from generator.diagnostics import Diagnostic, warning

FILE_NAME = "store.sqlite"
FORMAT = 1
# Libraries whose output the stored results contain. Their own version strings: reading
# their installed metadata (importlib.metadata) took every build 15 ms to import.
LIBRARIES = (markdown_it, mdit_py_plugins, yaml, jinja2, PIL)
BUSY_SECONDS = 30  # how long a write waits for another build's transaction
# Bytes of rows held before they are written: a cold build's national stage made hundreds
# of megabytes of them per process at 10,000 articles. Each of a build's processes holds
# up to this many, its site workers at once.
PENDING_LIMIT = 8 * 2**20
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS results (stage TEXT NOT NULL, key TEXT NOT NULL,"
    " value BLOB NOT NULL, PRIMARY KEY (stage, key)) WITHOUT ROWID",
)


class StoreFile:
    """One SQLite file; made with `open`, which never raises."""

    def __init__(self, path: Path, version: str):
        self.path = path
        self.version = version
        self._pid = 0
        self._db: sqlite3.Connection | None = None
        self._pending: dict[tuple[str, str], bytes] = {}
        self._fetched: dict[tuple[str, str], bytes] = {}  # read ahead, until asked for once
        self._pending_bytes = 0
        self._warnings: list[Diagnostic] = []
        self._broken = False
        # Stages with no row when first asked for, so no lookup of theirs goes to the file:
        # a cold build asks for tens of thousands of rows that are not there.
        self._empty: set[str] = set()
        self._asked: set[str] = set()

    @classmethod
    def open(cls, folder: Path, version: str | None = None) -> StoreFile:
        """The store file in `folder`, made if missing; unusable ones say so in their warnings."""
        store = cls(folder / FILE_NAME, version or generator_version())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            store._fail(f"cannot write the cache: {exc.strerror or exc}",
                        str(exc.filename or folder))
            return store
        store._connection()
        return store

    def get(self, stage: str, key: str) -> bytes | None:
        pending = self._pending.get((stage, key)) or self._fetched.pop((stage, key), None)
        if pending is not None:
            return pending
        if stage in self._empty:
            return None
        db = self._connection()
        if db is None:
            return None
        try:
            if stage not in self._asked:
                self._asked.add(stage)
                if db.execute("SELECT 1 FROM results WHERE stage = ? LIMIT 1",
                              (stage,)).fetchone() is None:
                    self._empty.add(stage)
                    return None
            row = db.execute("SELECT value FROM results WHERE stage = ? AND key = ?",
                             (stage, key)).fetchone()
        except sqlite3.Error as exc:
            self._fail(f"cannot read the cache: {exc}")
            return None
        return bytes(row[0]) if row is not None else None

    def prefetch(self, stage: str, keys: list[str]) -> None:
        """Read the rows of `keys` in a few queries, for the `get`s that follow: one query
        per row costs more than the row when thousands are asked for."""
        db = None if stage in self._empty else self._connection()
        if db is None:
            return
        chunk = 500  # well below SQLite's limit on a statement's parameters
        try:
            for start in range(0, len(keys), chunk):
                part = keys[start:start + chunk]
                rows = db.execute(
                    "SELECT key, value FROM results WHERE stage = ? AND key IN "
                    f"({', '.join('?' * len(part))})", (stage, *part))
                self._fetched.update(((stage, key), bytes(value)) for key, value in rows)
        except sqlite3.Error as exc:
            self._fail(f"cannot read the cache: {exc}")

    def put(self, stage: str, key: str, value: bytes) -> None:
        if self._pid != os.getpid():
            self._connection()  # a forked process: the rows pending are its parent's
        if not self._broken:
            self._pending[(stage, key)] = value
            self._pending_bytes += len(value)
            if self._pending_bytes > PENDING_LIMIT:
                self.flush()

    def flush(self) -> None:
        """Write every pending row in one transaction."""
        if not self._pending:
            return
        db = self._connection()
        rows = [(stage, key, value) for (stage, key), value in self._pending.items()]
        self._pending, self._pending_bytes = {}, 0
        self._empty -= {stage for stage, _, _ in rows}
        if db is None:
            return
        try:
            with db:  # commits, or rolls back on an error
                db.execute("BEGIN IMMEDIATE")  # one transaction, not one per row
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._fail(f"cannot write the cache: {exc}")

    def close(self) -> None:
        """Write what is pending and let go of the file (its write-ahead log is merged in)."""
        self.flush()
        if self._db is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def damaged(self, stage: str, problem: Exception) -> None:
        """A row that did not decode: said once, and made again by the build."""
        message = (f"damaged cache entry ignored ({stage}: {type(problem).__name__}); "
                   "it is made again")
        if not any(w.message == message for w in self._warnings):
            self._warnings.append(warning(str(self.path), 1, message))

    def take_warnings(self) -> list[Diagnostic]:
        found, self._warnings = self._warnings, []
        return found

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        # A forked worker opens its own connection: SQLite's may not cross a fork.
        self._pid, self._pending, self._pending_bytes = os.getpid(), {}, 0
        try:
            self._db = self._connect_waiting()
        except sqlite3.DatabaseError as exc:
            if not isinstance(exc, sqlite3.OperationalError) or "not a database" in str(exc):
                # Garbage where the file should be: it is only a cache, so start it anew.
                self._db = self._remade(exc)
            else:
                self._fail(f"cannot use the cache: {exc}")
        return self._db

    def _connect_waiting(self) -> sqlite3.Connection:
        """_connect, tried again while another build holds the file: switching a new file
        to write-ahead logging takes a lock that SQLite's busy timeout does not wait for."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None,
                             check_same_thread=False)
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            with db:
                db.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    db.execute(statement)
                found = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
                if found is None or found[0] != self.version:
                    # Rows of another generator version are never read: drop them.
                    db.execute("DELETE FROM results")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)",
                               (self.version,))
        except BaseException:
            db.close()
            raise
        return db

    def _remade(self, problem: Exception) -> sqlite3.Connection | None:
        self._warnings.append(warning(str(self.path), 1, f"damaged cache file ({problem}); "
                                      "it is made anew"))
        try:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{suffix}")
            return self._connect_waiting()
        except (OSError, sqlite3.Error) as exc:
            self._fail(f"cannot make the cache anew: {exc}")
            return None

    def _fail(self, message: str, where: str | None = None) -> None:
        self._broken, self._db, self._pending, self._pending_bytes = True, None, {}, 0
        self._warnings.append(warning(where or str(self.path), 1,
                                      f"{message}; the build goes on without it"))


def generator_version() -> str:
    """A digest of the generator's code and the libraries it renders with."""
    hasher = hashlib.sha256(str(FORMAT).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    for library in LIBRARIES:
        hasher.update(f"{library.__name__}=={library.__version__}\0".encode())
    return hasher.hexdigest()
