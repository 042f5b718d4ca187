"""Debouncing file events: one batch per burst, with a fake clock.

The fake clock counts whole hundredths of a second, so no float rounding
decides whether a batch is due.
"""

from __future__ import annotations

from generator.preview.debounce import Debouncer


class Clock:
    def __init__(self) -> None:
        self.now = 10_000

    def __call__(self) -> float:
        return self.now


def debouncer(clock: Clock) -> Debouncer:
    return Debouncer(quiet=10, longest=100, clock=clock)  # 0.1 s and 1 s


def test_nothing_pending_is_never_due():
    assert debouncer(Clock()).due_in() is None
    assert debouncer(Clock()).take() == ()


def test_a_burst_of_events_is_one_batch_once_quiet():
    clock = Clock()
    events = debouncer(clock)
    # An editor's save: temp file, rename away, write the real file, delete the temp.
    for path in ("a.md.swp", "a.md~", "a.md", "a.md", "a.md~"):
        events.add(path)
        clock.now += 2
    assert events.take() == ()  # only 0.02 s since the last event
    assert events.due_in() == 8
    clock.now += 8
    assert events.take() == ("a.md.swp", "a.md~", "a.md")  # in order, each once
    assert events.due_in() is None


def test_a_steady_stream_still_gives_a_batch_after_longest():
    clock = Clock()
    events = debouncer(clock)
    batches = []
    for number in range(30):  # an event every 0.05 s for 1.5 s
        events.add(f"f{number}")
        clock.now += 5
        batches.append(events.take())
    non_empty = [b for b in batches if b]
    assert len(non_empty) == 1 and len(non_empty[0]) == 20  # due 1 s after the first event


def test_events_after_a_batch_start_the_next_one():
    clock = Clock()
    events = debouncer(clock)
    events.add("a")
    clock.now += 10
    assert events.take() == ("a",)
    events.add("b")
    assert events.due_in() == 10
    clock.now += 50
    assert events.take() == ("b",)
