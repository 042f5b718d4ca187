"""One step of a build made in a forked process while the build goes on, so that a long
step that nothing needs until late (a search part's indexing) runs on the second
core instead of holding up the first.

The process is forked directly, not through multiprocessing, which would keep
the step's arguments alive in this process until the end: what only the step
needs (the terms of every national search document) is freed here as soon as
the caller lets go of it, and lives on in the forked process alone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`make()`, in a forked process when `fork`, else at once; `result()` waits for it.

    Used as a context manager: a result never asked for (the build went another
    way) does not leave the process behind.
    """

    def __init__(self, make: Callable[[], T], fork: bool):
        self._value: T | None = None
        self._pid = 0
        self._connection: Connection | None = None
        self._stopped = False
        if not fork:
            self._value = make()
            return
        ours, theirs = multiprocessing.Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # the forked process: make, answer, and end without cleaning up
            ours.close()
            try:
                theirs.send(("ok", make()))
            except BaseException:  # the parent raises it, with this traceback
                theirs.send(("failed", traceback.format_exc()))
            finally:
                os._exit(0)
        theirs.close()
        self._pid, self._connection = pid, ours

    def result(self) -> T:
        if self._stopped:
            raise RuntimeError("a background step was asked for after it was stopped")
        if self._connection is not None:
            try:
                status, value = self._connection.recv()
            except EOFError:
                raise RuntimeError("a background step stopped without an answer") from None
            finally:
                self._stop(answered=True)
            if status != "ok":
                raise RuntimeError(f"a background step failed:\n{value}")
            self._value = value
        return self._value  # type: ignore[return-value]

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop(answered=False)

    def _stop(self, answered: bool) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            self._stopped = not answered
        if self._pid:
            if not answered:  # its answer is not wanted
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
