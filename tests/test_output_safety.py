"""The output folder under stress: two builds at once, a killed build, a folder that
can't be written. Each site folder is always wholly the old build or wholly the new one."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_args, tree_bytes

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
LEFTOVERS = (".new-", ".old-", ".staging-")  # what a killed build may leave in the output


def _two_versions(root: Path) -> tuple[Path, Path]:
    """Content A (the basic fixture) and B, in which every page of every site differs."""
    a, b = root / "content-a", root / "content-b"
    shutil.copytree(FIXTURES / "basic", a)
    shutil.copytree(FIXTURES / "basic", b)
    site = b / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("name: ", "name: Nya ", 1),
                    encoding="utf-8")
    return a, b


def _cli(*args: object) -> list[str]:
    return [sys.executable, "-m", "generator", *map(str, args)]


def _tops(out: Path) -> dict[str, dict[str, bytes]]:
    """Each top-level entry's files; hidden entries (work of a build) are not in it."""
    return {top.name: tree_bytes(top) if top.is_dir() else {"": top.read_bytes()}
            for top in sorted(out.iterdir()) if not top.name.startswith(".")}


@contextlib.contextmanager
def _held_lock(out: Path):
    """The output folder's lock, held as another build process holds it."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"4242 build\n")
        yield
    finally:
        os.close(fd)


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    a, b = _two_versions(tmp_path)
    out = tmp_path / "out"
    subprocess.run(_cli(*build_args(a, out)), cwd=REPO, check=True, capture_output=True)
    before = _tops(out)
    with _held_lock(out):
        build = subprocess.Popen(_cli(*build_args(b, out)), cwd=REPO, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first_line = build.stderr.readline()
        time.sleep(0.5)
        assert _tops(out) == before  # nothing written while the other build runs
        assert build.poll() is None
    out_text, err = build.communicate(timeout=60)
    assert first_line == f"waiting for another build of {out}/ to finish (pid 4242)\n"
    assert build.returncode == 0, err
    fresh = tmp_path / "fresh"
    subprocess.run(_cli(*build_args(b, fresh)), cwd=REPO, check=True, capture_output=True)
    assert tree_bytes(out) == tree_bytes(fresh)
    assert sorted(p.name for p in out.iterdir()) == ["alfa", "beta", "index.html", "nationell",
                                                     "static"]


def test_two_builds_at_once_end_as_one_of_them(tmp_path):
    a, b = _two_versions(tmp_path)
    refs = {}
    for name, content in (("a", a), ("b", b)):
        subprocess.run(_cli(*build_args(content, tmp_path / name)), cwd=REPO, check=True,
                       capture_output=True)
        refs[name] = tree_bytes(tmp_path / name)
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        builds = [subprocess.Popen(_cli(*build_args(content, out)), cwd=REPO, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                  for content in (a, b)]
        results = [(build.wait(timeout=60), build.stderr.read()) for build in builds]
        assert [code for code, _ in results] == [0, 0], results
        assert tree_bytes(out) in (refs["a"], refs["b"])


def test_the_preview_refuses_an_output_folder_another_build_holds(content, tmp_path):
    out = tmp_path / "out"
    args = build_args(content, out)
    args[0] = "serve"
    with _held_lock(out):
        served = subprocess.run(_cli(*args, "--region", "alfa", "--port", "0"), cwd=REPO,
                                capture_output=True, text=True, timeout=30)
    assert served.returncode == 1
    assert served.stderr == (f"error: another build (pid 4242) is writing to {out}/; "
                             "stop it or choose another --out\n")
    assert sorted(p.name for p in out.iterdir()) == [".lock"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    before = tree_bytes(out)
    for leftover in (".staging-x1/alfa/index.html", ".new-alfa-1a2b3c4d/index.html",
                     ".new-index.html-1a2b3c4d", ".old-beta-1a2b3c4d/index.html"):
        (out / leftover).parent.mkdir(parents=True, exist_ok=True)
        (out / leftover).write_text("half a build")
    assert run(*build_args(content, out)).code == 0
    assert tree_bytes(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["alfa", "beta", "index.html", "nationell",
                                                     "static"]


def test_an_old_site_set_aside_by_a_killed_swap_is_put_back(tmp_path):
    from generator.engine import folder_swap

    # The two-rename swap (systems without an atomic exchange) killed between its renames.
    out = tmp_path / "out"
    (out / ".old-alfa-1a2b3c4d").mkdir(parents=True)
    (out / ".old-alfa-1a2b3c4d/index.html").write_text("old")
    (out / ".new-alfa-1a2b3c4d").mkdir()
    (out / ".new-alfa-1a2b3c4d/index.html").write_text("new")
    folder_swap.remove_leftovers(out)
    assert tree_bytes(out) == {"alfa/index.html": b"old"}


def test_the_two_rename_swap_where_no_exchange_exists(content, tmp_path, run, monkeypatch):
    from generator.engine import folder_swap

    def no_exchange(one, other):
        raise folder_swap._NoExchange

    monkeypatch.setattr(folder_swap, "exchange", no_exchange)
    a, b = _two_versions(tmp_path)
    out = tmp_path / "out"
    assert run(*build_args(a, out)).code == 0
    assert run(*build_args(b, out)).code == 0
    assert run(*build_args(b, tmp_path / "fresh")).code == 0
    assert tree_bytes(out) == tree_bytes(tmp_path / "fresh")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_failed_swap_undoes_the_swaps_before_it(tmp_path, run, monkeypatch):
    from generator.engine import folder_swap

    a, b = _two_versions(tmp_path)
    out = tmp_path / "out"
    assert run(*build_args(a, out)).code == 0
    before = tree_bytes(out)
    real = folder_swap.exchange

    def failing(one, other):
        if Path(other).name == "beta":
            raise OSError(5, "Input/output error", str(other))
        real(one, other)

    monkeypatch.setattr(folder_swap, "exchange", failing)
    result = run(*build_args(b, out))
    assert result.code == 1
    assert result.err == (f"error: cannot write {out}/beta: Input/output error; "
                          f"every site in {out}/ was left as it was\n")
    assert tree_bytes(out) == before


def _obeying_permissions() -> dict:
    """Popen arguments for a child that file permissions bind: as root, one without the
    capabilities that let root ignore them (the bounding set loses them at exec)."""
    if os.geteuid() != 0:
        return {}

    def drop_overrides() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return {"preexec_fn": drop_overrides}


def _writable_again(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def test_an_output_folder_that_cannot_be_written_leaves_every_site_as_it_was(tmp_path):
    a, b = _two_versions(tmp_path)
    out = tmp_path / "out"
    subprocess.run(_cli(*build_args(a, out)), cwd=REPO, check=True, capture_output=True)
    locked = out / "beta" / "sok"
    locked.chmod(0o555)
    before = tree_bytes(out)
    try:
        built = subprocess.run(_cli(*build_args(b, out)), cwd=REPO, capture_output=True,
                               text=True, timeout=60, **_obeying_permissions())
    finally:
        _writable_again(out)
    assert tree_bytes(out) == before
    assert built.returncode == 1
    assert built.stderr == (f"error: cannot write {locked}: Permission denied; "
                            f"every site in {out}/ was left as it was\n")
    assert sorted(p.name for p in out.iterdir()) == ["alfa", "beta", "index.html",
                                                     "nationell", "static"]


def test_the_default_cache_in_a_folder_that_cannot_be_written_is_one_warning(tmp_path, run):
    a, _ = _two_versions(tmp_path)
    here = tmp_path / "here"  # the current folder, where .cache/ would go
    here.mkdir()
    here.chmod(0o555)
    args = [arg for arg in build_args(a, tmp_path / "out") if arg != "--no-cache"]
    try:
        built = subprocess.run(_cli(*args), cwd=here, capture_output=True, text=True,
                               timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)},
                               **_obeying_permissions())
    finally:
        _writable_again(here)
    assert built.returncode == 0, built.stderr
    assert built.stderr == (".cache:1: warning: cannot write the cache: Permission denied; "
                            "the build goes on without it\n")
    assert not (here / ".cache").exists()
    assert run(*build_args(a, tmp_path / "uncached")).code == 0
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "uncached")


# A build that kills itself at the given step: after the n-th site swap, or after
# deleting the n-th swapped-out old site.
_KILLED_AT = """
import os, signal, sys
from generator.commands.main import main
from generator.engine import folder_swap
step, n = sys.argv[1], int(sys.argv[2])
real = getattr(folder_swap, step)
done = []
def killing(*args):
    real(*args)
    done.append(args)
    if len(done) == n:
        os.kill(os.getpid(), signal.SIGKILL)
setattr(folder_swap, step, killing)
sys.exit(main(sys.argv[3:]))
"""


def _built_versions(tmp_path):
    """Both versions' content, the sites of each as built, and an output folder holding
    version a's build."""
    a, b = _two_versions(tmp_path)
    refs = []
    for name, content in (("a", a), ("b", b)):
        subprocess.run(_cli(*build_args(content, tmp_path / name)), cwd=REPO, check=True,
                       capture_output=True)
        refs.append(_tops(tmp_path / name))
    out = tmp_path / "out"
    shutil.copytree(tmp_path / "a", out)
    return a, b, refs, out


@pytest.mark.parametrize(("step", "n", "new"), [
    ("exchange", 1, {"alfa"}),
    ("exchange", 3, {"alfa", "beta", "index.html"}),
    ("remove", 2, {"alfa", "beta", "index.html", "nationell"}),
])
def test_a_build_killed_between_two_swaps_leaves_each_site_old_or_new(tmp_path, step, n, new):
    a, b, refs, out = _built_versions(tmp_path)
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT, step, str(n),
                             *build_args(b, out)], cwd=REPO, capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = _tops(out)
    assert set(after) == set(refs[0])
    for top, files in after.items():  # static/ is the same in both versions
        assert files == refs[1 if top in new else 0][top], top
    assert any(p.name.startswith(LEFTOVERS) for p in out.iterdir())
    subprocess.run(_cli(*build_args(b, out)), cwd=REPO, check=True, capture_output=True)
    assert _tops(out) == refs[1]
    assert sorted(p.name for p in out.iterdir()) == sorted(refs[1])


def test_a_build_killed_at_any_moment_leaves_each_site_old_or_new(tmp_path):
    """kill -9 of the build's main process after a random delay, a few dozen times, going
    back and forth between two versions: afterwards every site folder (and the chooser's
    index.html and static/) is byte for byte the one version or the other, and the next
    build removes what the killed one left."""
    a, b, refs, out = _built_versions(tmp_path)
    started = time.perf_counter()
    subprocess.run(_cli(*build_args(b, out, "--jobs", "2")), cwd=REPO, check=True,
                   capture_output=True)
    window = time.perf_counter() - started  # a whole build in a fresh process
    chooser = random.Random(16)
    outcomes = {"old": 0, "new": 0, "mixed": 0, "leftovers": 0, "lock file": 0, "finished": 0}
    runs = 30
    for attempt in range(runs):
        before = _tops(out)
        target = 0 if before["alfa"] == refs[1]["alfa"] else 1  # the other version
        build = subprocess.Popen(_cli(*build_args((a, b)[target], out, "--jobs", "2")),
                                 cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Half of the kills anywhere, half late, where the swaps and the clean-up are.
        late = attempt % 4 >= 2
        time.sleep(chooser.uniform(window * 0.6 if late else 0.05, window * 1.1))
        if build.poll() is not None:
            outcomes["finished"] += 1
        with contextlib.suppress(ProcessLookupError):
            os.kill(build.pid, signal.SIGKILL)
        build.wait()
        after = _tops(out)
        assert set(after) == set(refs[0]), attempt
        for top, files in after.items():
            assert files in (refs[0][top], refs[1][top]), (
                f"run {attempt}: {top} is neither the old build nor the new one")
        swapped = {top for top in after if after[top] != before[top]}
        at_target = all(after[top] == refs[target][top] for top in after)
        outcomes["new" if at_target else "mixed" if swapped else "old"] += 1
        outcomes["leftovers"] += any(p.name.startswith(LEFTOVERS) for p in out.iterdir())
        outcomes["lock file"] += (out / ".lock").exists()
    subprocess.run(_cli(*build_args(b, out)), cwd=REPO, check=True, capture_output=True)
    assert _tops(out) == refs[1]
    assert sorted(p.name for p in out.iterdir()) == sorted(refs[1])
    print(f"\n{runs} killed builds in {time.perf_counter() - started:.0f} s "
          f"(window {window:.2f} s): {outcomes}")
