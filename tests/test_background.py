"""A build step made in a forked process (engine/background.py), and the store written from
one."""

from __future__ import annotations

import os
import time

import pytest

from generator.engine.background import Background
from generator.store_file import StoreFile


def test_a_forked_step_answers_what_it_made():
    with Background(lambda: (os.getpid(), b"x" * 3_000_000), fork=True) as step:
        pid, data = step.result()
    assert pid != os.getpid() and data == b"x" * 3_000_000
    assert step.result()[1] == data  # asked again: the same answer


def test_without_fork_the_step_is_made_at_once_here():
    made = []
    step = Background(lambda: made.append(os.getpid()) or "done", fork=False)
    assert made == [os.getpid()] and step.result() == "done"


def test_a_failed_step_raises_its_traceback_here():
    def fail() -> None:
        raise ValueError("no such part")

    with Background(fail, fork=True) as step, pytest.raises(RuntimeError, match="no such part"):
        step.result()


def test_a_step_whose_answer_is_not_wanted_is_stopped(tmp_path):
    marker = tmp_path / "pid"

    def slow() -> None:
        marker.write_text(str(os.getpid()))
        time.sleep(60)

    with Background(slow, fork=True) as step:
        while not marker.exists() or not marker.read_text():
            time.sleep(0.01)
    pid = int(marker.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped, no zombie left
        os.kill(pid, 0)
    with pytest.raises(RuntimeError, match="stopped"):
        step.result()


def test_rows_pending_at_the_fork_are_written_once_by_the_parent(tmp_path):
    store = StoreFile.open(tmp_path, version="test")
    store.put("stage", "parent", b"1")

    def child() -> None:
        store.put("stage", "child", b"2")
        store.flush()

    with Background(child, fork=True) as step:
        step.result()
    store.flush()
    rows = store._connection().execute("SELECT key, value FROM results").fetchall()
    store.close()
    assert sorted(rows) == [("child", b"2"), ("parent", b"1")]
