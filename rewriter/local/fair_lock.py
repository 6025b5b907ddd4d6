"""The embedded model's lock, fair to people: a single rewrite waits for at most the call in progress.

The in-process model answers one request at a time. With a plain lock, a batch that asks again as soon as
a row is done can take the model back before a person's rewrite, waiting meanwhile, gets it; two web batches
then hold the model for minutes. Here a batch's calls run as background work (`background()`, set by
`rewriter.batch`): whenever the model is free, a waiting interactive request goes first, and requests of the
same kind go in arrival order.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Literal

Priority = Literal["interactive", "background"]

_priority: ContextVar[Priority] = ContextVar("okr_rewriter_model_priority", default="interactive")


def current_priority() -> Priority:
    return _priority.get()


@contextmanager
def background() -> Iterator[None]:
    """Model calls made inside (and in the tasks and threads started from it) yield to interactive ones."""
    token = _priority.set("background")
    try:
        yield
    finally:
        _priority.reset(token)


class FairLock:
    """A lock whose waiters are served interactive first, then in arrival order; `with lock:` as usual."""

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._held = False
        self._tickets = itertools.count()
        self._waiting: dict[Priority, deque[int]] = {"interactive": deque(), "background": deque()}

    def _next(self) -> int | None:
        for queue in self._waiting.values():  # interactive first
            if queue:
                return queue[0]
        return None

    def acquire(self, priority: Priority | None = None) -> None:
        queue = self._waiting[priority or current_priority()]
        with self._changed:
            ticket = next(self._tickets)
            queue.append(ticket)
            try:
                while self._held or self._next() != ticket:
                    self._changed.wait()
            except BaseException:  # interrupted while waiting: the next in line must not wait for us
                queue.remove(ticket)
                self._changed.notify_all()
                raise
            queue.remove(ticket)
            self._held = True

    def release(self) -> None:
        with self._changed:
            if not self._held:
                raise RuntimeError("release of an unlocked FairLock")
            self._held = False
            self._changed.notify_all()

    def locked(self) -> bool:
        return self._held

    def waiting(self) -> int:
        """How many requests wait for the model."""
        with self._changed:
            return sum(len(queue) for queue in self._waiting.values())

    def __enter__(self) -> FairLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()
