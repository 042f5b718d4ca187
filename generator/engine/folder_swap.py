"""Swapping a whole top-level entry of the output folder (a site folder, the chooser's
index.html or static/) for a new one in a single step, and cleaning up after a killed build.

On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: the new folder and the
old trade names atomically, so at every instant the name holds either the whole
old tree or the whole new one, even if the process is killed, and the old tree
ends up under the new one's temporary name, from where it is removed (or swapped
back if a later swap of the same build fails). Where the system has no such
call (other systems, a few file systems) two renames do it: old aside to
`.old-<name>-<id>`, new into place. Between them the name is missing for a moment;
if a build is killed right there, the next build puts the old tree back.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

NEW = ".new-"  # .new-<name>-<id>: a new tree being written, or an old one swapped out
OLD = ".old-"  # .old-<name>-<id>: an old tree set aside by the two-rename swap
STAGING = ".staging-"  # what builds before this scheme staged into
LEFTOVERS = (NEW, OLD, STAGING)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class _NoExchange(Exception):
    """The system or file system cannot exchange two names atomically."""


def _load_renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(one: Path, other: Path) -> None:
    """Give `one` the name `other` and `other` the name `one`, atomically; both must exist.

    Raises _NoExchange where that is impossible, OSError for other failures.
    """
    if _renameat2 is None:
        raise _NoExchange
    if _renameat2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other),
                  _RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        raise _NoExchange
    raise OSError(code, os.strerror(code), str(other))


def swap(new: Path, target: Path, aside: Path) -> None:
    """Put `new` in place of `target`; the old tree, if any, ends up at `new`'s path.

    Calling it again with the same paths undoes it. `aside` is the name the
    two-rename fallback parks the old tree under for a moment.
    """
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if not os.path.lexists(new):  # undoing a swap that had no old tree
        os.rename(target, new)
        return
    try:
        exchange(new, target)
        return
    except _NoExchange:
        pass
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)
        raise
    os.rename(aside, new)


def remove_leftovers(out_dir: Path) -> None:
    """Remove what killed builds left in `out_dir`: half-written new trees, old trees
    swapped out. An old tree set aside whose name is now missing is put back."""
    for entry in sorted(out_dir.iterdir()):
        if not entry.name.startswith(LEFTOVERS):
            continue
        if entry.name.startswith(OLD):
            name = entry.name[len(OLD):].rpartition("-")[0]
            if name and not os.path.lexists(out_dir / name):
                os.rename(entry, out_dir / name)  # killed between the two renames of a swap
                continue
        remove(entry)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def check_replaceable(tree: Path) -> None:
    """Raise PermissionError unless every folder in `tree` can be emptied by this process,
    so that swapping it out leaves nothing behind that cannot be removed."""
    if tree.is_symlink() or not tree.is_dir():
        return
    for folder, _, _ in os.walk(tree):
        if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), folder)
