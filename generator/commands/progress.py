"""Progress of a long build on a terminal, and the line that ends every build."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class SiteProgress:
    """Rewrites one status line per finished site; silent unless `stream` is a terminal."""

    stream: TextIO
    enabled: bool
    done: int = 0
    sites: int = 0
    pages: int = 0
    started: float = field(default_factory=time.perf_counter)

    def begin(self) -> None:
        """Say what happens before the first site is done, which is most of a one-site build."""
        if self.enabled:
            self.stream.write("loading content, rendering national texts …")
            self.stream.flush()

    def __call__(self, site: str, pages: int, sites: int) -> None:
        self.done += 1
        self.sites = sites
        self.pages += pages
        if not self.enabled:
            return
        seconds = time.perf_counter() - self.started
        line = (f"[{self.done}/{self.sites}] {site}: {pages} pages; "
                f"{self.pages} pages in {seconds:.1f} s")
        # \r and erase-line: one line that counts up, not a screenful of them.
        end = "\n" if self.done == self.sites else ""
        self.stream.write(f"\r\033[K{line}{end}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and (self.done == 0 or self.done < self.sites):
            self.stream.write("\n")  # a build that stopped early leaves its line standing


def summary_line(sites: int, pages: int, warnings: int, seconds: float) -> str:
    return (f"{sites} {'site' if sites == 1 else 'sites'}, {pages} pages, "
            f"{warnings} {'warning' if warnings == 1 else 'warnings'}, {seconds:.2f} s")
