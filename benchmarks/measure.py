"""Timing for benchmarks/run: one command's wall time, its peak memory, our build command.

The peak memory is the sum of the proportional set size (Pss, from
/proc/<pid>/smaps_rollup) over the process and all its descendants, sampled
every 50 ms: a page shared by forked workers counts once in all, as physical
memory does, not once per process as RSS would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SUMMARY_SITES = re.compile(r"(\d+) sites?\b")
SUMMARY_PAGES = re.compile(r"(\d+) pages")


@dataclass(frozen=True)
class Run:
    seconds: float
    stdout: str
    peak_kib: int = 0


class CommandFailed(Exception):
    pass


def _process_tree(root: int) -> list[int]:
    """The root and its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # The command name may hold spaces and parentheses; fields follow the last ')'.
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, ()))
    return tree


def tree_pss_kib(root: int) -> int:
    total = 0
    for pid in _process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue  # the process ended between the scan and the read
    return total


class MemorySampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, tree_pss_kib(self.pid))
            self.done.wait(self.interval)


def timed(command: list[str], cwd: Path, sample_memory: bool = False) -> Run:
    """Run `command` to the end; its wall time and, when asked, its peak memory (Pss)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(process.pid) if sample_memory else None
    if sampler:
        sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if sampler:
        sampler.done.set()
        sampler.join()
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(command)}\nexit {process.returncode}\n"
                            f"{stderr.strip()[-3000:]}")
    return Run(seconds, stdout, sampler.peak_kib if sampler else 0)


class Generator:
    """`python -m generator build`, quiet, with an explicit cache folder."""

    def __init__(self, repo: Path, themes: Path, today: str):
        self.repo, self.themes, self.today = repo, themes, today

    def command(self, content: Path, out: Path, cache: Path, region: str | None) -> list[str]:
        command = [sys.executable, "-m", "generator", "build", "--content", str(content),
                   "--themes", str(self.themes), "--out", str(out), "--today", self.today,
                   "--cache", str(cache), "--quiet"]
        return command + (["--region", region] if region else [])

    def build(self, content: Path, out: Path, cache: Path, region: str | None = None,
              sample_memory: bool = False) -> Run:
        return timed(self.command(content, out, cache, region), self.repo, sample_memory)


def summary_counts(stdout: str, out: Path) -> tuple[int, int]:
    """Sites and pages from the build's last line, else counted in the output folder."""
    last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    sites, pages = SUMMARY_SITES.search(last), SUMMARY_PAGES.search(last)
    if sites and pages:
        return int(sites[1]), int(pages[1])
    return (sum(1 for site in out.iterdir() if (site / "search").is_dir()),
            count_html(out))


def count_html(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def search_bytes(out: Path) -> dict[str, int]:
    """Bytes of every site's search index: the files under <site>/search/."""
    return {site.name: sum(f.stat().st_size for f in (site / "search").rglob("*") if f.is_file())
            for site in sorted(out.iterdir()) if (site / "search").is_dir()}
