"""A stand-in for the embedded model that takes its time: the real `local/` provider and Engine (its lock
included) over a llama.cpp double that sleeps, then answers a null segment.

Requests go through litellm, the local provider, the engine's lock and its worker thread exactly as with
the real weights, so a test or a benchmark sees the queueing a person would see, at the speed it chooses.
`priorities` records, per call, whether it came from a batch ("background") or a single rewrite.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rewriter.local import catalog
from rewriter.local import engine as engine_module
from rewriter.local.engine import Engine
from rewriter.local.fair_lock import current_priority

MODEL = f"local/{catalog.DEFAULT_MODEL}"
NULL_SEGMENT = '{"objectives": [{"segment": null}]}'


class SleepyLlama:
    """Answers every chat completion after `delay` seconds; records who asked."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.priorities: list[str] = []
        self.cache = None

    def create_chat_completion(self, **_: Any) -> dict[str, Any]:
        self.priorities.append(current_priority())
        time.sleep(self.delay)
        return {
            "choices": [{"message": {"content": NULL_SEGMENT}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 10},
        }

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass


@contextmanager
def slow_embedded_model(delay: float) -> Iterator[SleepyLlama]:
    """Serve `MODEL` with a SleepyLlama for the duration; the previous engine comes back afterwards."""
    spec = catalog.get(MODEL)
    llama = SleepyLlama(delay)
    engine = Engine(spec)
    engine._llama = llama  # type: ignore[assignment]
    engine._grammar = lambda schema: None  # type: ignore[method-assign]  # no grammar: the double ignores it
    before = engine_module._engines.get(spec.name)
    engine_module.use_engine(engine)
    try:
        yield llama
    finally:
        if before is None:
            engine_module._engines.pop(spec.name, None)
        else:
            engine_module.use_engine(before)
