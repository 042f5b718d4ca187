"""System tools the tests run (Chromium, espeak-ng, lame, Java), as a pytest plugin.

A test that needs one says so with `@pytest.mark.needs_tool("lame")` (or a module's
`pytestmark`). Without the tool it is skipped, with a reason naming it, and the run ends
with one line saying what was not run and how to install it. With CI set a missing
tool fails the test instead: .ci/system-packages installs every tool there, so a
missing one is a broken CI machine, and so is any skipped test, whatever its reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Each tool and the Debian package that provides it, as .ci/system-packages installs them.
PACKAGES = {"chromium": "chromium", "espeak-ng": "espeak-ng", "lame": "lame",
            "java": "default-jre-headless"}
# The browser can be named by path (the node drivers in tests/browser/ read the same
# variable); every other tool is looked up on PATH, where the generator looks too.
CHROMIUM_ENV = "CHROMIUM"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def tool_path(name: str) -> str | None:
    """The executable to run for `name`, or None when this machine lacks it."""
    if name not in PACKAGES:
        raise ValueError(f"unknown tool {name!r}: add it to PACKAGES in tests/tools.py")
    if name == "chromium" and os.environ.get(CHROMIUM_ENV):
        path = os.environ[CHROMIUM_ENV]
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which(name)


def install_hint(tools: list[str]) -> str:
    return "sudo apt-get install " + " ".join(PACKAGES[tool] for tool in tools)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs_tool(*names): the test runs these system tools (see tests/tools.py)")
    # An object per run, not module state: tests/test_tools.py runs pytest inside pytest.
    config.pluginmanager.register(_Tools(), "needs-tool")
    chromium = tool_path("chromium")
    if chromium:
        # The node drivers launch this same browser, wherever it was found.
        os.environ[CHROMIUM_ENV] = chromium


class _Tools:
    def __init__(self) -> None:
        self.missing: dict[str, list[str]] = {}  # test id -> tools it needed and lacked
        self.skipped: dict[str, str] = {}  # test id -> reason, for every skip

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        # tryfirst: decided before any fixture builds a site the test could not use.
        needed = [name for mark in item.iter_markers("needs_tool") for name in mark.args]
        missing = sorted({name for name in needed if tool_path(name) is None})
        if not missing:
            return
        names = ", ".join(missing)
        if in_ci():
            pytest.fail(f"needs {names}, not installed; with CI set a missing tool fails "
                        f"the run: .ci/system-packages installs it ({install_hint(missing)})",
                        pytrace=False)
        self.missing[item.nodeid] = missing
        pytest.skip(f"needs {names}, not installed ({install_hint(missing)})")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._note_skip(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._note_skip(report)

    def _note_skip(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            longrepr = report.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            self.skipped[report.nodeid] = reason.removeprefix("Skipped: ")

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.missing:
            tools = sorted({tool for needed in self.missing.values() for tool in needed})
            count = len(self.missing)
            terminalreporter.write_line(
                f"not run for missing tools: {count} test{'s need' if count != 1 else ' needs'} "
                f"{', '.join(tools)}; install with: {install_hint(tools)} "
                "(make test does it when run as root)", yellow=True, bold=True)
        if in_ci() and self.skipped:
            terminalreporter.write_line(
                f"CI: {len(self.skipped)} skipped, and in CI every test must run:", red=True,
                bold=True)
            for nodeid, reason in sorted(self.skipped.items()):
                terminalreporter.write_line(f"  {nodeid}: {reason}", red=True)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if in_ci() and self.skipped and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def make_image(path: Path, width: int = 640, height: int = 400, fmt: str | None = None) -> Path:
    """A real, small image file the build accepts: a few coloured shapes, drawn with Pillow
    in the format its suffix names (or `fmt`). Different sizes give different bytes."""
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (width, height), (240, 244, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle([width // 8, height // 4, width // 2, height - height // 8], fill=(11, 79, 156))
    draw.ellipse([width // 2, height // 8, width - width // 8, height // 2], fill=(194, 94, 0))
    image.save(path, fmt or {".jpg": "JPEG", ".jpeg": "JPEG"}.get(path.suffix.lower(),
                                                                  path.suffix[1:].upper()))
    return path
