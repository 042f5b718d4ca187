"""Writing a build: the only module that touches the output folder.

A build is written into a staging folder inside the output folder and swapped
in only when every file was written, so a failed build leaves the last good
site in place. Only the top-level entries a build produces are replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, error


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, with '/'
    origin: str  # what produced it, named when two outputs claim one path
    data: bytes | None = None
    source: Path | None = None  # a file copied as it is


def find_conflicts(outputs: list[Output]) -> list[Diagnostic]:
    """Two outputs that claim one path (e.g. an alias equal to a page) are an error."""
    seen: dict[str, Output] = {}
    problems = []
    for output in outputs:
        first = seen.setdefault(output.path, output)
        if first is not output:
            problems.append(error(output.origin, 1,
                                  f"writes {output.path}, which {first.origin} writes too"))
    return problems


def write_output(out_dir: Path, outputs: list[Output]) -> None:
    """Write `outputs` under `out_dir`, replacing each top-level entry they touch as a whole."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    trash = staging.with_name(staging.name.replace(".staging-", ".old-"))
    try:
        for output in outputs:
            target = staging / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if output.source is not None:
                shutil.copyfile(output.source, target)
            else:
                target.write_bytes(output.data or b"")
        trash.mkdir()
        for top in sorted(p.name for p in staging.iterdir()):
            if os.path.lexists(out_dir / top):
                os.rename(out_dir / top, trash / top)
            os.rename(staging / top, out_dir / top)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
