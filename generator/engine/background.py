"""One step of a build made in a forked process while the build goes on, so that a long
step that nothing needs until late (the national search part's indexing) runs on
the second core instead of holding up the first.
"""

from __future__ import annotations

import multiprocessing
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
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        if not fork:
            self._value = make()
            return
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(make, theirs), daemon=True)
        self._process.start()
        theirs.close()
        self._connection = ours

    def result(self) -> T:
        if self._connection is not None:
            try:
                status, value = self._connection.recv()
            except EOFError:
                raise RuntimeError("a background step stopped without an answer") from None
            if status != "ok":
                raise RuntimeError(f"a background step failed:\n{value}")
            self._value = value
            self._stop(answered=True)
        return self._value  # type: ignore[return-value]

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop(answered=False)

    def _stop(self, answered: bool) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if answered:
                self._process.join(timeout=5)  # it has sent all it had; it is ending
            if self._process.is_alive():
                self._process.kill()  # its answer is not wanted, or it hangs
            self._process.join()
            self._process = None


def _run(make: Callable[[], object], connection: Connection) -> None:
    try:
        connection.send(("ok", make()))
    except BaseException:  # the parent raises it, with this traceback
        connection.send(("failed", traceback.format_exc()))
    finally:
        connection.close()
