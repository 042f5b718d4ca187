"""Archives for static hosting: `python -m generator dist` (`make dist`).

One `<site>.tar.gz` per site folder of a build (its entries start with `<site>/`)
and `chooser.tar.gz` with the region chooser (`index.html`, `static/`), so that
unpacking every archive in one folder gives the build again. The archives are
deterministic: the same build gives the same bytes (sorted entries, one fixed
mtime, no owners, normalised modes, gzip header without a time or name).
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import tempfile
from pathlib import Path

from generator import site_urls
from generator.content import layout
from generator.sites import sites_of

CHOOSER = "chooser"
CHOOSER_ENTRIES = (site_urls.CHOOSER, site_urls.STATIC.rstrip("/"))


def site_names(content: Path) -> list[str]:
    """Every site a full build makes, in build order: the national site, then the regions."""
    region_files = (content / layout.REGIONAL).glob(f"*/{layout.REGION_FILE}")
    return [site.name for site in sites_of(path.parent.name for path in region_files)]


def archive_members(build: Path, name: str) -> list[tuple[str, Path]]:
    """(name in the archive, file) for one site or the chooser, sorted by name."""
    roots = CHOOSER_ENTRIES if name == CHOOSER else (name,)
    members = []
    for root in roots:
        top = build / root
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        members += [(p.relative_to(build).as_posix(), p) for p in files]
    return sorted(members)


def tarball(members: list[tuple[str, Path]], mtime: int) -> bytes:
    """A gzipped tar of `members` whose bytes depend only on names and contents."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for dirname in _parent_dirs(name for name, _ in members):
            tar.addfile(_entry(dirname, tarfile.DIRTYPE, 0o755, mtime))
        for name, path in members:
            data = path.read_bytes()
            info = _entry(name, tarfile.REGTYPE, 0o644, mtime)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    # filename="" and mtime=0 keep the gzip header free of the host's name and clock.
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def write_archives(build: Path, out: Path, names: list[str], mtime: int = 0) -> list[Path]:
    """Write `<name>.tar.gz` into `out` for each name; each file appears whole or not at all."""
    missing = [n for n in names if not archive_members(build, n)]
    if missing:
        raise FileNotFoundError(f"nothing to archive for {', '.join(missing)} in {build}/: "
                                "build it first (make build)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        target = out / f"{name}.tar.gz"
        fd, temp = tempfile.mkstemp(prefix=f".{name}-", dir=out)
        with os.fdopen(fd, "wb") as handle:
            handle.write(tarball(archive_members(build, name), mtime))
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        written.append(target)
    return written


def _entry(name: str, kind: bytes, mode: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.mtime = kind, mode, mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _parent_dirs(names) -> list[str]:
    dirs = set()
    for name in names:
        parts = name.split("/")[:-1]
        dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(dirs)
