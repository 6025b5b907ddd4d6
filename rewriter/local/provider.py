"""The `local/` litellm provider: OpenAI-style chat requests answered by the embedded llama.cpp model.

instructor (Mode.TOOLS) sends one tool whose `parameters` is the response model's JSON schema and a
`tool_choice` naming it; we decode under a grammar built from that schema and answer with a tool call,
so instructor parses and validates it exactly as it would an OpenAI answer. Re-asks arrive as an
assistant tool call followed by a `tool` message holding the validation error; we flatten those into
plain turns the model's chat template understands.
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from typing import Any

import litellm
from litellm import CustomLLM
from litellm.llms.custom_llm import CustomLLMError
from litellm.types.utils import ChatCompletionMessageToolCall, Function, Message, ModelResponse, Usage

from rewriter.local import catalog
from rewriter.local.engine import engine_for
from rewriter.local.weights import LocalModelError

PROVIDER = "local"


def _text(content: Any) -> str:
    """Message content as plain text: OpenAI allows a list of typed parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return str(content)


def flatten_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """OpenAI messages → role/content pairs any chat template renders.

    An assistant tool call becomes its arguments as content (the same shape as the few-shot answers),
    and a tool result becomes a user turn, so a re-ask reads as "your answer" then "what was wrong".
    Unchanged messages stay byte-identical, which keeps the static prefix reusable in the KV cache.
    """
    flat: list[dict[str, str]] = []
    for message in messages:
        role = message.get("role", "user")
        content = _text(message.get("content"))
        if role == "assistant" and message.get("tool_calls"):
            calls = [c.get("function", {}).get("arguments", "") for c in message["tool_calls"]]
            content = "\n".join(c if isinstance(c, str) else json.dumps(c, ensure_ascii=False) for c in calls)
        elif role in {"tool", "function"}:
            role = "user"
        elif role == "developer":
            role = "system"
        flat.append({"role": role, "content": content})
    return flat


def chosen_tool(optional_params: dict[str, Any]) -> dict[str, Any] | None:
    """The function the answer must call, or None for a plain text answer."""
    tools = [t for t in optional_params.get("tools") or [] if t.get("type", "function") == "function"]
    choice = optional_params.get("tool_choice")
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        for tool in tools:
            if tool["function"]["name"] == name:
                return dict(tool["function"])
        raise CustomLLMError(status_code=400, message=f"tool_choice names {name!r}, which is not in tools")
    if len(tools) == 1:
        return dict(tools[0]["function"])
    # One grammar can only force one schema; an "auto" choice among several tools is not supported.
    raise CustomLLMError(
        status_code=400,
        message="local/ models answer with one tool: pass a single tool or a tool_choice naming one",
    )


def _response_schema(optional_params: dict[str, Any]) -> dict[str, Any] | None:
    """A JSON schema from `response_format` (json_schema, or json_object with a schema), if any."""
    fmt = optional_params.get("response_format")
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        return schema if isinstance(schema, dict) else {"type": "object"}
    if fmt.get("type") == "json_object":
        schema = fmt.get("schema")
        return schema if isinstance(schema, dict) else {"type": "object"}
    return None


class LocalProvider(CustomLLM):
    """litellm custom handler for `local/<name>` (sync and async; no streaming)."""

    def completion(
        self,
        model: str,
        messages: list[dict[str, Any]],
        api_base: str | None = None,
        custom_prompt_dict: dict[str, Any] | None = None,
        model_response: ModelResponse | None = None,
        print_verbose: Any = None,
        encoding: Any = None,
        api_key: str | None = None,
        logging_obj: Any = None,
        optional_params: dict[str, Any] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> ModelResponse:
        params = optional_params or {}
        try:
            spec = catalog.get(model)
        except catalog.UnknownModelError as exc:
            raise CustomLLMError(status_code=404, message=str(exc)) from None
        tool = chosen_tool(params)
        schema = tool.get("parameters", {"type": "object"}) if tool is not None else _response_schema(params)
        stop = params.get("stop")
        try:
            answer = engine_for(spec).chat(
                flatten_messages(messages),
                schema=schema,
                max_tokens=params.get("max_tokens") or params.get("max_completion_tokens"),
                temperature=float(params.get("temperature") or 0.0),
                stop=[stop] if isinstance(stop, str) else stop,
                seed=params.get("seed"),
            )
        except LocalModelError as exc:
            # 503: the request was fine, the local model cannot serve it until the user acts on the message.
            raise CustomLLMError(status_code=503, message=str(exc)) from exc

        response = model_response if model_response is not None else ModelResponse()
        if tool is not None:
            call = ChatCompletionMessageToolCall(
                id=f"call_{uuid.uuid4().hex[:24]}",
                type="function",
                function=Function(name=tool["name"], arguments=answer.text),
            )
            response.choices[0].message = Message(role="assistant", content=None, tool_calls=[call])
            finish: Any = "tool_calls" if answer.finish_reason == "stop" else answer.finish_reason
        else:
            response.choices[0].message = Message(role="assistant", content=answer.text)
            finish = answer.finish_reason
        response.choices[0].finish_reason = finish
        response.model = f"{PROVIDER}/{spec.name}"
        # ModelResponse declares `usage` only through __getattr__/extra fields, so mypy cannot see it.
        usage = Usage(
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            total_tokens=answer.prompt_tokens + answer.completion_tokens,
        )
        setattr(response, "usage", usage)  # noqa: B010
        return response

    async def acompletion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        # The model runs one request at a time behind the engine's lock; a worker thread keeps the
        # event loop (web app, batch) responsive while it generates.
        return await asyncio.to_thread(self.completion, *args, **kwargs)

    def streaming(self, *args: Any, **kwargs: Any) -> Any:
        raise CustomLLMError(status_code=400, message="local/ models do not stream; call without stream=True")

    async def astreaming(self, *args: Any, **kwargs: Any) -> Any:
        raise CustomLLMError(status_code=400, message="local/ models do not stream; call without stream=True")


_handler = LocalProvider()
_register_lock = threading.Lock()


def register() -> None:
    """Route `local/<name>` to the embedded model. Idempotent; other custom providers are kept.

    If something already registered a `local` handler (a test double, say), it is left in place.
    """
    with _register_lock:
        if any(entry.get("provider") == PROVIDER for entry in litellm.custom_provider_map):
            return
        litellm.custom_provider_map.append({"provider": PROVIDER, "custom_handler": _handler})
