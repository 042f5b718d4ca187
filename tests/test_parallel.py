"""Sites built in parallel processes: the same bytes, all errors, progress on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import FIXTURES, REPO, Run, build_args, tree_bytes, write

from generator.engine import national as national_stage


def test_parallel_build_equals_serial_build(content, tmp_path, run):
    assert run(*build_args(content, tmp_path / "serial", "--jobs", "1")).code == 0
    assert run(*build_args(content, tmp_path / "parallel", "--jobs", "3")).code == 0
    serial, parallel = tree_bytes(tmp_path / "serial"), tree_bytes(tmp_path / "parallel")
    assert len(serial) > 50
    assert serial.keys() == parallel.keys() and serial == parallel


def test_national_texts_in_parallel_workers_equal_one_process(content, tmp_path, run,
                                                              monkeypatch):
    texts = {"national/tandvard/unga.md": "\n[Avgifter](../vard/avgifter.md#saknas)\n",
             "national/vard/avgifter.md": "\n![En bild](finns-inte.png)\n"}

    def both_builds(code: int) -> tuple[Run, Run]:
        monkeypatch.setattr(national_stage, "PARALLEL_MIN_ARTICLES", 1000)
        serial = run(*build_args(content, tmp_path / "serial", "--jobs", "1"))
        monkeypatch.setattr(national_stage, "PARALLEL_MIN_ARTICLES", 1)
        monkeypatch.setattr(national_stage, "_PIECE", 1)  # each rendering sent on its own
        parallel = run(*build_args(content, tmp_path / "parallel", "--jobs", "2"))
        assert serial.code == parallel.code == code
        return serial, parallel

    # An error in each of two runs of articles, one a link across them: every worker's
    # outlines must reach the link index the others render with.
    for rel, added in texts.items():
        (content / rel).write_text((content / rel).read_text(encoding="utf-8") + added,
                                   encoding="utf-8")
    serial, parallel = both_builds(code=1)
    assert len(serial.errors) == 2 and parallel.errors == serial.errors
    for rel in texts:
        (content / rel).write_bytes((FIXTURES / "basic" / rel).read_bytes())
    both_builds(code=0)
    assert tree_bytes(tmp_path / "parallel") == tree_bytes(tmp_path / "serial")


def test_errors_in_two_sites_built_in_parallel_are_all_reported(content, tmp_path, run):
    out = tmp_path / "out"
    assert run(*build_args(content, out)).code == 0
    before = tree_bytes(out)
    for region in ("alfa", "beta"):
        write(content, f"regional/{region}/overlays/vard/avgifter/finns-inte.md", f"""
            ---
            owner: region-{region}
            reviewed: 2026-03-01
            ---
            Text för en plats som inte finns.
            """)
    result = run(*build_args(content, out, "--jobs", "2"))
    assert result.code == 1
    assert sorted(line.split(":")[0].split("/regional/")[1] for line in result.errors) == [
        "alfa/overlays/vard/avgifter/finns-inte.md",
        "beta/overlays/vard/avgifter/finns-inte.md",
    ]
    assert tree_bytes(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def _build_on_terminal(content, out, *extra: str, code: int = 0) -> tuple[str, str]:
    """Run the command with stderr on a pseudo-terminal, as a person would see it."""
    main_end, terminal_end = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "generator", *build_args(content, out, *extra)], cwd=REPO,
        stdout=subprocess.PIPE, stderr=terminal_end, text=True,
    )
    assert process.returncode == code
    os.close(terminal_end)
    shown = b""
    while True:
        try:
            chunk = os.read(main_end, 4096)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main_end)
    return process.stdout, shown.decode()


def test_progress_on_a_terminal_then_one_summary_line(content, tmp_path):
    stdout, terminal = _build_on_terminal(content, tmp_path / "out")
    assert terminal.startswith("loading content, rendering national texts")
    assert "[1/3]" in terminal and "[3/3]" in terminal
    assert terminal.count("\n") == 1  # one line rewritten in place, ended once
    assert stdout.startswith("3 sites, 31 pages, 0 warnings, ")


def test_errors_on_a_terminal_start_on_lines_of_their_own(content, tmp_path):
    write(content, "teams.yml", "teams: [trasig\n")  # the build stops before any site
    _, terminal = _build_on_terminal(content, tmp_path / "out", code=1)
    lines = terminal.replace("\r\n", "\n").split("\n")
    errors = [line for line in lines if ": error: " in line]
    assert errors and all(line.startswith(str(content)) for line in errors)


def test_quiet_shows_no_progress(content, tmp_path):
    stdout, terminal = _build_on_terminal(content, tmp_path / "out", "--quiet")
    assert terminal == ""
    assert stdout.startswith("3 sites, 31 pages, 0 warnings, ")


def test_progress_is_not_written_when_stderr_is_not_a_terminal(content, tmp_path, run):
    result = run(*build_args(content, tmp_path / "out"))
    assert result.err == ""


def test_jobs_must_be_positive(content, tmp_path, run):
    result = run(*build_args(content, tmp_path / "out", "--jobs", "0"))
    assert result.code == 2 and "not a whole number of at least 1" in result.err
