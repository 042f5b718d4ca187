"""Which files the build may read: regular files inside their folder, and from a region
only passive media.

Content comes from many teams, and a region's team can add any file under its own
folder. So a file is judged before anything opens it: a symlink may point anywhere
(/etc/passwd, /proc/self/environ, /dev/zero), and a FIFO blocks whoever opens it.
A symlink whose target is a regular file inside the same folder (content/ or a
theme) is followed; symlinked folders are never followed.

A region's media are published as they are, on a site that escapes the region's
HTML so that no region can run script there; an HTML, script or SVG file would undo
that. So regional media are limited to passive types, recognised by their first
bytes as well as by their name.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from generator.content import layout

# A text file (Markdown, YAML) larger than this is not content someone wrote.
MAX_TEXT_BYTES = 10 * 1024 * 1024

# Suffix -> (what the file must be, a test of its first bytes).
_PASSIVE = {
    ".png": ("a PNG image", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("a JPEG image", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("a JPEG image", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".gif": ("a GIF image", lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("a WebP image", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ".mp3": ("MP3 audio", lambda head: head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)),
    ".ogg": ("Ogg audio", lambda head: head.startswith(b"OggS")),
    ".opus": ("Opus audio", lambda head: head.startswith(b"OggS")),
    ".m4a": ("M4A audio", lambda head: head[4:8] == b"ftyp"),
    ".pdf": ("a PDF document", lambda head: head.startswith(b"%PDF-")),
}
PASSIVE_MEDIA = ("a region may publish only passive media: images (.png, .jpg, .jpeg, .gif, "
                 ".webp), audio (.mp3, .ogg, .opus, .m4a) and .pdf documents")
SYMLINKED_FOLDER = "a symlink to a folder: the build does not follow symlinked folders"
UNREADABLE_FOLDER = "a folder the build cannot read"
_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFDIR: "a folder"}


class UnsafeFile(OSError):
    """A file the build must not read; the message says why."""


def entry_problem(entry: os.DirEntry, root_real: str, folder_name: str) -> str | None:
    """Why a listed entry is not content that may be read, or None when it may.

    `root_real` is the real path of the folder the entry was listed in (content/ or a
    theme); `folder_name` names it in the message ("content folder").
    """
    if entry.is_file(follow_symlinks=False):
        return None  # the common case, answered without a system call
    if entry.is_symlink():
        if entry.is_dir():
            return SYMLINKED_FOLDER
        return _symlink_problem(entry.path, root_real, folder_name)
    return _not_regular(entry.stat(follow_symlinks=False).st_mode)


def _symlink_problem(path: str, root_real: str, folder_name: str) -> str | None:
    target = os.path.realpath(path)
    if os.path.commonpath([target, root_real]) != root_real:
        return (f"a symlink to a file outside the {folder_name}: the build reads only files "
                "inside it")
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return "a broken symlink: its target does not exist"
    return _not_regular(mode)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
    return f"not a regular file but {kind}: the build reads only regular files"


def regional_media(rel: str) -> bool:
    """Whether `rel` (relative to content/) is a file a region could publish as media."""
    # Where a region's media sit: beside its texts.
    return (rel.startswith(f"{layout.REGIONAL}/") and layout.media_site_path(rel) is not None
            and not rel.endswith(layout.MARKDOWN))


def file_problem(root: Path, rel: str, folder_name: str = "content folder") -> str | None:
    """Why the file `rel` under `root` may not be read, or None: entry_problem for one path."""
    path = os.path.join(root, rel)
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISLNK(mode):
        if os.path.isdir(path):
            return SYMLINKED_FOLDER
        return _symlink_problem(path, os.path.realpath(root), folder_name)
    return _not_regular(mode)


def walk(
    root: Path, folder_name: str, enter: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, str | None]]:
    """Every entry under `root` but folders, in order, as (relative path, problem or None).

    Folders are entered when `enter(relative path)` allows, never through a symlink;
    hidden entries are skipped.
    """
    root_real = os.path.realpath(root)
    found: list[tuple[str, str | None]] = []
    folders = [""]
    while folders:
        prefix = folders.pop()
        try:
            listing = os.scandir(os.path.join(root, prefix) if prefix else root)
        except OSError:
            if prefix:  # as os.walk, an unreadable root lists nothing
                found.append((prefix.rstrip("/"), UNREADABLE_FOLDER))
            continue
        with listing as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                rel = prefix + entry.name
                folder = entry.is_dir(follow_symlinks=False)
                if (folder or entry.is_symlink() and entry.is_dir()) and enter and not enter(rel):
                    continue
                if folder:
                    folders.append(rel + "/")
                else:
                    found.append((rel, entry_problem(entry, root_real, folder_name)))
    return iter(sorted(found))


# A file changed this recently may change again within the clock's resolution (a few ms
# on Linux) without its stamp changing: its stamp stands for nothing yet (git's "racy" files).
SETTLE_NS = 2_000_000_000

Stamp = tuple[int, int, int]  # size, mtime_ns, inode


def settled_stamp(path: str | Path) -> Stamp | None:
    """A file's size, mtime_ns and inode: equal stamps mean equal bytes, as far as a build
    goes. None when the file cannot be statted or changed within the last SETTLE_NS."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not settled(found.st_mtime_ns):
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def settled(mtime_ns: int) -> bool:
    """Whether a file last changed at `mtime_ns` is known by its stamp (see SETTLE_NS)."""
    return mtime_ns <= time.time_ns() - SETTLE_NS


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises UnsafeFile for any other.

    Opened without blocking, so that a FIFO put in place after the listing cannot
    stop the build, and checked on the open file before a byte is read.
    """
    with open_regular(path) as file:
        data = file.read(limit + 1)  # not trusting the size the listing saw
    if len(data) > limit:
        raise UnsafeFile(f"too large: more than {limit:,} bytes")
    return data


def passive_media_problem(path: Path) -> str | None:
    """Why a region may not publish the file at `path`, or None when it may.

    Its name must be one of the passive types and its first bytes must say the same.
    """
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return "a region may not publish SVG images, which can carry script; use .png or .webp"
    expected = _PASSIVE.get(suffix)
    if expected is None:
        return f"{PASSIVE_MEDIA}, not {suffix or 'extensionless'} files"
    kind, matches = expected
    try:
        with open_regular(path) as file:
            head = file.read(16)
    except OSError:
        return f"the file cannot be read to check that it is {kind}"
    if not matches(head):
        return f"the file's content is not {kind}, though its name says so"
    return None


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file (without blocking on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    file = os.fdopen(fd, "rb")
    problem = _not_regular(os.fstat(fd).st_mode)
    if problem:
        file.close()
        raise UnsafeFile(problem)
    return file
