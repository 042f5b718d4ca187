"""The needs_tool marker (tests/tools.py): on a machine without a tool its tests are skipped
naming it, and one line says what was not run; with CI set they fail instead."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = """
import pytest

@pytest.mark.needs_tool("lame")
def test_encodes():
    pass

@pytest.mark.needs_tool("chromium", "java")
def test_browses():
    pass

def test_needs_nothing():
    pass
"""
SUMMARY = ("not run for missing tools: 2 tests need chromium, java, lame; install with: "
           "sudo apt-get install chromium default-jre-headless lame "
           "(make test does it when run as root)")


@pytest.fixture
def machine(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Path:
    """A run of TESTS on a machine whose PATH holds no tool and no Chromium: returns the
    PATH folder, to put tools into."""
    pytester.makeconftest('pytest_plugins = ["tools"]')
    pytester.makepyfile(test_machine=TESTS)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CI", raising=False)
    return bin_dir


def _executable(path: Path) -> str:
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_missing_tools_skip_naming_them_and_one_line_says_what_was_not_run(pytester, machine):
    result = pytester.runpytest("-rs")
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == 0
    skips = sorted(line for line in result.outlines if line.startswith("SKIPPED"))
    assert [line.split(": ", 1)[1] for line in skips] == [
        "needs chromium, java, not installed (sudo apt-get install chromium "
        "default-jre-headless)",
        "needs lame, not installed (sudo apt-get install lame)",
    ]
    assert [line for line in result.outlines if "missing tools" in line] == [SUMMARY]


def test_with_ci_set_a_missing_tool_fails_naming_it(pytester, machine, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "*ERROR at setup of test_encodes*",
        "needs lame, not installed; with CI set a missing tool fails the run: "
        ".ci/system-packages installs it (sudo apt-get install lame)",
    ])
    result.stdout.fnmatch_lines(["needs chromium, java, not installed; with CI set*"])
    assert "missing tools" not in result.stdout.str()


def test_a_tool_on_path_or_chromium_by_path_runs_and_nothing_is_said(pytester, machine,
                                                                      monkeypatch):
    for tool in ("lame", "java"):
        _executable(machine / tool)
    monkeypatch.setenv("CHROMIUM", _executable(machine.parent / "chrome"))
    result = pytester.runpytest()
    result.assert_outcomes(passed=3)
    assert "missing tools" not in result.stdout.str()


def test_chromium_is_found_on_path_when_not_named(pytester, machine, monkeypatch):
    monkeypatch.delenv("CHROMIUM")
    _executable(machine / "chromium")
    result = pytester.runpytest("-rs", "-k", "browses")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*needs java, not installed*"])


@pytest.mark.parametrize("ci", [None, "true"])
def test_with_ci_set_any_skip_fails_the_run(pytester, monkeypatch, ci):
    if ci:
        monkeypatch.setenv("CI", ci)
    else:
        monkeypatch.delenv("CI", raising=False)
    pytester.makeconftest('pytest_plugins = ["tools"]')
    pytester.makepyfile(test_skips="""
        import pytest

        def test_later():
            pytest.skip("not today")

        @pytest.mark.xfail(reason="known")
        def test_known():
            assert False
        """)
    result = pytester.runpytest()
    result.assert_outcomes(skipped=1, xfailed=1)
    if ci:
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.stdout.fnmatch_lines(["CI: 1 skipped, and in CI every test must run:",
                                     "  test_skips.py::test_later: not today"])
    else:
        assert result.ret == pytest.ExitCode.OK
        assert "CI:" not in result.stdout.str()
