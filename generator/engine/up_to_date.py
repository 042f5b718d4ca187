"""A build that would change nothing, known from the files' sizes and times alone.

After a build writes its sites, the store keeps a record under the stamp of
everything the build read (every file of the content and theme folders and the
browser scripts, by path, size, mtime_ns and inode, with the generator's
version, the sites asked for and the day reviews are judged against) and of
what it left in the output folder. A later build with the same input stamp,
into an output folder whose files still have the recorded stamps, would write
the same bytes again: it reads nothing and reports what the recorded build did.
Any other case is an ordinary build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.content.files import SETTLE_NS
from generator.content.files import settled as stamp_settled
from generator.content.layout import REGIONAL, read_by
from generator.diagnostics import Diagnostic, diagnostic_of, plain_diagnostic
from generator.store_file import StoreFile

STAGE = "build-record"


@dataclass(frozen=True)
class Record:
    outputs: str  # the stamp of the output folder the build left
    pages: dict[str, int]
    warnings: list[Diagnostic]


# Each file and folder walked -> its stamp ("" for a folder), in the order walked.
Entries = dict[str, str]


def input_entries(
    content: Path, themes: Path, files: Iterable[Path], regions: Collection[str] | None
) -> Entries:
    """Everything a build of sites that show `regions` (None: all) reads, stamped: a region
    build leaves the other regions' texts out, as it does not read them. The preview also
    finds in them which files an edit changed."""
    entries: Entries = {}
    for folder, enter in ((content, lambda rel: read_by(rel, regions)), (themes, None)):
        entries[str(folder.resolve())] = "root"
        _stamp_tree(entries, folder, enter, settled=True)
    for path in files:
        entries[str(path)] = _file_stamp(str(path), settled=True)
    return entries


def inputs_stamp(
    entries: Entries, out: Path, folders: list[str] | None, today: dt.date, version: str
) -> str:
    """The stamp of what a build read (`input_entries`) and of what it was asked to build
    where: the output folders of its sites (None: every site)."""
    hasher = hashlib.sha256(json.dumps(
        [str(out.resolve()), folders, today.isoformat(), version]).encode())
    _hash_entries(hasher, entries)
    return hasher.hexdigest()


def outputs_stamp(out: Path, tops: list[str] | None, known: Mapping[str, str] = {}) -> str:
    """The stamp of what a build left in these top-level entries of `out` (its sites'
    folders), or in every entry; `known` holds the `top_stamp`s taken already."""
    if tops is None:
        try:
            tops = sorted(os.listdir(out))
        except OSError:
            tops = []
    hasher = hashlib.sha256()
    for name in tops:
        hasher.update(f"{name}\0{known.get(name) or top_stamp(out / name)}\0".encode())
    return hasher.hexdigest()


def top_stamp(path: Path) -> str:
    """The stamp of one entry of the output folder: a site's folder, with every file in it
    (tens of thousands in all), or a file."""
    if not path.is_dir() or path.is_symlink():
        return _file_stamp(str(path))
    return entries_stamp(folder_entries(path))


def folder_entries(root: Path) -> Entries:
    """Every file and folder in `root`, stamped as the stamp of the output folder takes
    them: what `entries_stamp` digests, and `restamped` brings up to date."""
    entries: Entries = {}
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        entries[f"{folder}/"] = ""
        try:
            with os.scandir(folder) as listing:
                listed = list(listing)
        except OSError:
            entries[f"{folder}/"] = "unreadable"
            continue
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            try:
                found = entry.stat()  # a symlink's target, as _file_stamp
                entries[entry.path] = (f"{found.st_size}:{found.st_mtime_ns}:{found.st_ino}:"
                                       f"{found.st_mode}")
            except OSError:
                entries[entry.path] = "missing"
    return entries


def entries_stamp(entries: Entries) -> str:
    """A digest of `entries` in path order: not the order a folder happens to list them in,
    so that entries brought up to date by `restamped` give what a new walk gives."""
    hasher = hashlib.sha256()
    for path in sorted(entries):
        hasher.update(f"{path}\0{entries[path]}\0".encode())
    return hasher.hexdigest()


def restamped(entries: Entries, root: Path, paths: Iterable[Path]) -> None:
    """`entries` (`folder_entries` of `root`) with the files at `paths`, written or removed
    since, stamped again, and the folders made for them."""
    for path in paths:
        stamp = _file_stamp(str(path))
        if stamp == "missing":
            entries.pop(str(path), None)
            continue
        entries[str(path)] = stamp
        folder = path.parent
        while folder != root and f"{folder}/" not in entries:
            entries[f"{folder}/"] = ""
            folder = folder.parent


def split_entries(entries: Entries, content: Path) -> tuple[Entries, dict[str, Entries]]:
    """`entries` as what every site reads, and what each region's site alone reads: the
    folders inside regional/<region>/ (a region's own folders, engine/site_record.py)."""
    prefix = str(content) + "/"
    shared: Entries = {}
    own: dict[str, Entries] = {}
    for path, stamp in entries.items():
        parts = path[len(prefix):].split("/") if path.startswith(prefix) else []
        if len(parts) >= 4 and parts[0] == REGIONAL:
            own.setdefault(parts[1], {})[path] = stamp
        else:
            shared[path] = stamp
    return shared, own


def _hash_entries(hasher: hashlib._Hash, entries: Entries) -> None:
    for path, stamp in entries.items():
        hasher.update(f"{path}\0{stamp}\0".encode())


def recorded(store: StoreFile, stamp: str, out: Path, tops: list[str] | None) -> Record | None:
    """The record of a build with this input stamp whose output is still as it left it."""
    data = store.get(STAGE, stamp)
    if data is None:
        return None
    try:
        found = json.loads(data)
        record = Record(str(found["outputs"]), {str(k): int(v) for k, v in found["pages"].items()},
                        [diagnostic_of(d) for d in found["warnings"]])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        store.damaged(STAGE, exc)
        return None
    return record if record.outputs == outputs_stamp(out, tops) else None


def record(store: StoreFile, stamp: str, out: Path, tops: list[str] | None,
           pages: dict[str, int], warnings: list[Diagnostic],
           known: Mapping[str, str] = {}) -> None:
    """Record the build from inputs with `stamp`; `known` holds the output folder's
    `top_stamp`s taken since it wrote."""
    data = {"outputs": outputs_stamp(out, tops, known), "pages": pages,
            "warnings": [plain_diagnostic(d) for d in warnings]}
    store.put(STAGE, stamp, json.dumps(data, ensure_ascii=False).encode())


def _stamp_tree(
    entries: Entries, root: Path, enter: Callable[[str], bool] | None = None,
    settled: bool = False,
) -> None:
    """Every entry below `root`, but for folders `enter` (given a path relative to `root`)
    turns down; dot-entries of the output (its lock, a killed build's leftovers) and the
    content's hidden files are stamped too: harmless.

    Entries go in the order the folder lists them, unsorted: a folder that did not change
    lists them in the same order, and one listed otherwise at worst costs a build.
    """
    top = str(root)
    stack = [top]
    # A file changed after this is too recent to go by its stamp (content/files.py).
    recent = time.time_ns() - SETTLE_NS if settled else None
    while stack:
        folder = stack.pop()
        if enter is not None and folder != top and not enter(folder[len(top) + 1:]):
            entries[f"{folder}/"] = "not read"
            continue
        try:
            with os.scandir(folder) as listing:
                listed = list(listing)
        except OSError:
            entries[folder] = "unreadable"
            continue
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                entries[f"{entry.path}/"] = ""
                stack.append(entry.path)
                continue
            try:
                found = entry.stat()  # a symlink's target: what the build would read
            except OSError:
                entries[entry.path] = "missing"
                continue
            if recent is not None and found.st_mtime_ns > recent:
                entries[entry.path] = f"unsettled:{secrets.token_hex(8)}"  # matches nothing
            else:
                entries[entry.path] = (f"{found.st_size}:{found.st_mtime_ns}:{found.st_ino}:"
                                       f"{found.st_mode}")


def _file_stamp(path: str, settled: bool = False) -> str:
    """A file's stamp; with `settled`, one changed too recently to go by (content/files.py)
    gets a stamp no later one matches. What the build itself wrote needs no settling."""
    try:
        found = os.stat(path)  # a symlink's target: what the build would read
        stamp = f"{found.st_size}:{found.st_mtime_ns}:{found.st_ino}:{found.st_mode}"
        if settled and not stamp_settled(found.st_mtime_ns):
            stamp = f"unsettled:{secrets.token_hex(8)}"  # matches no later stamp
    except OSError:
        stamp = "missing"
    return stamp
