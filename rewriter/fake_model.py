"""A model that answers from a queue of canned responses and records every request.

It plugs into the same seam as real providers (it is a litellm-shaped completion function), so the
instructor validation and re-ask path runs exactly as in production.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from litellm import ModelResponse


class FakeModelExhausted(RuntimeError):
    """More requests were made than responses were queued."""


class FakeModel:
    """Queue responses with `enqueue()`; read the requests made in `history`.

    A response is a pydantic model or a dict (sent back as the tool call's JSON arguments) or a str
    (sent verbatim, e.g. malformed JSON to exercise error paths).
    """

    def __init__(self, *responses: BaseModel | dict[str, Any] | str, name: str = "fake/model") -> None:
        self.name = name
        self._queue: deque[BaseModel | dict[str, Any] | str] = deque(responses)
        self.history: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def enqueue(self, *responses: BaseModel | dict[str, Any] | str) -> FakeModel:
        with self._lock:
            self._queue.extend(responses)
        return self

    @property
    def pending(self) -> int:
        return len(self._queue)

    def completion(self, **request: Any) -> ModelResponse:
        # Imported here, as by the model seam: importing the library must not import litellm.
        from litellm import ModelResponse

        with self._lock:
            self.history.append(request)
            if not self._queue:
                raise FakeModelExhausted(
                    f"FakeModel got request #{len(self.history)} but has no response queued"
                )
            answer = self._queue.popleft()
        if isinstance(answer, BaseModel):
            arguments = answer.model_dump_json()
        elif isinstance(answer, dict):
            arguments = json.dumps(answer, ensure_ascii=False)
        else:
            arguments = answer
        tools = request.get("tools") or []
        prompt_chars = sum(len(str(m.get("content", ""))) for m in request.get("messages", []))
        usage = {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(arguments) // 4,
            "total_tokens": (prompt_chars + len(arguments)) // 4,
        }
        if tools:
            name = tools[0]["function"]["name"]
            message: dict[str, Any] = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": f"call_{len(self.history)}",
                        "type": "function",
                        "function": {"name": name, "arguments": arguments},
                    }
                ],
            }
        else:
            message = {"role": "assistant", "content": arguments}
        return ModelResponse(
            model=self.name,
            choices=[{"index": 0, "message": message, "finish_reason": "stop"}],
            usage=usage,
        )

    async def acompletion(self, **request: Any) -> ModelResponse:
        return self.completion(**request)
