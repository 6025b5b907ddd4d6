"""The one seam for model calls: litellm for transport, instructor for structured output and re-asks.

Every provider is a litellm model string; the embedded model registers itself as the `local/`
provider, and `FakeModel` stands in for tests. Keys come from each provider's usual environment
variables, read by litellm, or from an `api_key` argument; every message this module lets out has
them masked (`rewriter.secrets`), since providers echo a refused key in their error text.

litellm and instructor are imported by the functions that call a model, not with this module: they take
seconds to import, and a draft kept by code (a sound one) never calls a model.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import fnmatch
import os
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from rewriter import secrets
from rewriter.fake_model import FakeModel
from rewriter.result import Usage

# Read when litellm is imported (by the first model call): its price map comes from the package, not the web.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")

DEFAULT_MODEL = "local/qwen2.5-coder-1.5b"
MODEL_ENV = "OKR_REWRITER_MODEL"
ALLOWED_MODELS_ENV = "OKR_REWRITER_ALLOWED_MODELS"


@dataclass(frozen=True)
class Routed:
    """A `litellm.Router` and the model group to ask, usable wherever a model string is.

    The router spreads calls over the group's deployments (several servers or keys), retries and
    cools down failing ones; the seam stays single because the router is just another transport.
    """

    router: Any  # a litellm.Router; typed loosely so this module never builds one at import time
    group: str

    @property
    def name(self) -> str:
        return self.group

    def completion(self, **request: Any) -> Any:
        return self.router.completion(**{**request, "model": self.group})

    async def acompletion(self, **request: Any) -> Any:
        return await self.router.acompletion(**{**request, "model": self.group})


Model = str | FakeModel | Routed


class ModelCallError(RuntimeError):
    """The model could not produce a valid answer; the message says why, for the user."""

    def __init__(self, message: str, *, attempts: int = 0, usage: Usage | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage or Usage()


@dataclass
class Completion(Generic[T]):
    value: T
    model: str
    usage: Usage
    duration_s: float
    attempts: int


def resolve_model(model: Model | None = None) -> Model:
    """The argument, else `$OKR_REWRITER_MODEL`, else the embedded default."""
    if model is not None and model != "":
        return model
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def model_name(model: Model) -> str:
    return model if isinstance(model, str) else model.name


class ModelNotAllowedError(ValueError):
    """A client asked the web app for a model the operator did not allow; nothing was called."""

    def __init__(self, model: str, allowed: tuple[str, ...]) -> None:
        self.model = model
        self.allowed = allowed
        super().__init__(
            f"the model {model!r} is not allowed on this server; allowed: {', '.join(allowed)} "
            f"(the operator lists them in {ALLOWED_MODELS_ENV})"
        )


def allowed_models() -> tuple[str, ...]:
    """The models a web client may ask for: `$OKR_REWRITER_ALLOWED_MODELS`, comma-separated.

    Unset or blank, it is the embedded `local/…` models plus `$OKR_REWRITER_MODEL`: a client then
    cannot spend the operator's cloud keys on a model nobody chose. Entries are exact names or
    shell-style patterns (`openai/*`, or `*` for any model). The server's default model is always
    allowed, since an empty model setting calls it anyway. Read at each call, so a test or a restart
    with a new value takes effect without a rebuild.
    """
    entries = [e.strip() for e in os.environ.get(ALLOWED_MODELS_ENV, "").split(",") if e.strip()]
    if not entries:
        from rewriter.local.catalog import MODELS

        entries = [m.litellm_name for m in MODELS.values()]
    default = model_name(resolve_model(None))
    return tuple(dict.fromkeys([default, *entries]))


def is_allowed(model: str, allowed: tuple[str, ...] | None = None) -> bool:
    """True when `model` ("" meaning the server's default) matches an entry of the allow-list."""
    name = model.strip()
    if not name:
        return True
    return any(fnmatch.fnmatchcase(name, entry) for entry in allowed or allowed_models())


def check_allowed(model: str | None) -> None:
    """Raise `ModelNotAllowedError` unless a client may ask for `model`; "" or None is the server's default.

    Only the web app calls this: the Python API and the CLI run on the operator's own keys.
    """
    allowed = allowed_models()
    if model is not None and not is_allowed(model, allowed):
        raise ModelNotAllowedError(model.strip(), allowed)


_stack_lock = threading.Lock()


def import_model_stack() -> None:
    """Import litellm and instructor now (seconds); every model call does it first, a server at its start.

    One thread at a time: the first calls of two threads (the web app's concurrent rewrites) must not
    import the same packages at once. Its exceptions module too: that import creates instructor's retry
    logger, which logs the provider's error text, so `secrets.guard_logs()` finds it before the first call.
    """
    with _stack_lock:
        import instructor.core.exceptions  # noqa: F401
        import litellm  # noqa: F401


def _set_up(model: Model, params: dict[str, Any]) -> None:
    """What every model call needs first: quiet litellm, known keys, redacting log filters."""
    # litellm prints "Give Feedback / Get Help" and "LiteLLM.Info" banners on stdout after any provider
    # error: noise for a library user, and corrupted output for `--json`.
    import litellm

    litellm.suppress_debug_info = True
    secrets.remember(params.get("api_key"))
    if isinstance(model, Routed):
        # A router's deployments carry their own keys ("os.environ/…" names a variable, masked anyway).
        for deployment in getattr(model.router, "model_list", None) or []:
            key = (deployment.get("litellm_params") or {}).get("api_key")
            if isinstance(key, str) and not key.startswith("os.environ/"):
                secrets.remember(key)
    secrets.guard_logs()


def _transport(model: Model, *, is_async: bool) -> Callable[..., Any]:
    if isinstance(model, FakeModel | Routed):
        return model.acompletion if is_async else model.completion
    if model.startswith("local/"):
        from rewriter.local import register

        register()
    import litellm

    return litellm.acompletion if is_async else litellm.completion


def _retry_policy(num_retries: int) -> dict[str, int]:
    """litellm's retries per kind of failure: only those that may pass on a second try get `num_retries`.

    A refused key (401 AuthenticationError, 403 PermissionDeniedError or a bare 403 APIError), a bad
    request or an unknown model gets the same answer every time: retrying only multiplies the
    requests that carry the key, and the wait. Kinds left out of the policy count as DefaultRetries.
    The provider's own client still retries 408/409/429/5xx and connection errors itself, Retry-After
    honoured (litellm hands it `num_retries` as its max_retries).
    """
    return {
        "TimeoutErrorRetries": num_retries,
        "RateLimitErrorRetries": num_retries,
        "InternalServerErrorRetries": num_retries,
        "ServiceUnavailableErrorRetries": num_retries,
        "AuthenticationErrorRetries": 0,
        "BadRequestErrorRetries": 0,
        "ContentPolicyViolationErrorRetries": 0,
        "NotFoundErrorRetries": 0,
        "DefaultRetries": 0,
    }


def _transport_params(model: Model, params: dict[str, Any]) -> dict[str, Any]:
    """`params` plus the retry policy litellm applies to `num_retries` (plain model strings only:
    a router has its own retry settings, a FakeModel none)."""
    retries = params.get("num_retries")
    if isinstance(model, str) and isinstance(retries, int) and retries > 0 and "retry_policy" not in params:
        return {**params, "retry_policy": _retry_policy(retries)}
    return params


# ---------------------------------------------------------------------------------------- the model loop

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _close_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    """Cancel what still runs on the model loop (litellm's logging worker waits on its queue forever),
    then stop and close it, so no pending task is left to be garbage-collected at exit."""

    async def cancel_the_rest() -> None:
        # A cancelled task may start others as it unwinds (the logging worker drains its queue): repeat.
        for _ in range(5):
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if not others:
                return
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

    if loop.is_closed() or not thread.is_alive():
        return
    # Exiting anyway: a task that will not stop must not turn the exit into an error.
    with contextlib.suppress(Exception):
        asyncio.run_coroutine_threadsafe(cancel_the_rest(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    if not thread.is_alive():
        loop.close()


def _model_loop() -> asyncio.AbstractEventLoop:
    """The process's one event loop for async model calls, in a daemon thread, started on first use.

    litellm binds process-wide async state to the loop that uses it: one logging worker task draining
    one queue, and cached HTTP clients. Several loops calling it at once (two web batches, each an
    `asyncio.run` in its own thread) take the worker from each other, and the pending worker task left
    behind is garbage-collected: "Task was destroyed but it is pending!" in the log, and logging
    callbacks awaited twice. So the calls all run here, and callers' loops only await their result.
    """
    global _loop
    with _loop_lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="okr-rewriter-models", daemon=True)
            thread.start()
            atexit.register(_close_loop, loop, thread)
            _loop = loop
        return _loop


def _forget_loop() -> None:
    # A forked child has the loop object but not its thread: it starts its own on first use.
    global _loop
    _loop = None


os.register_at_fork(after_in_child=_forget_loop)


async def on_model_loop(coroutine: Coroutine[Any, Any, R]) -> R:
    """Run `coroutine` on the process's model loop and await its result; cancelling the caller cancels it.

    Every async model call of this module runs there. Code that also calls litellm's async API itself,
    in the same process, should run it there too: litellm's logging worker follows the last loop that
    used it and drops the previous loop's worker task while it is pending.
    """
    loop = _model_loop()
    if asyncio.get_running_loop() is loop:
        return await coroutine
    return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, loop))


class _Meter:
    """Counts attempts and sums usage over every call instructor makes, re-asks included."""

    def __init__(self) -> None:
        self.attempts = 0
        self.usage = Usage()

    def record(self, response: Any) -> None:
        self.attempts += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.usage.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


def _metered(fn: Callable[..., Any], meter: _Meter) -> Callable[..., Any]:
    def call(**kwargs: Any) -> Any:
        response = fn(**kwargs)
        meter.record(response)
        return response

    return call


def _ametered(fn: Callable[..., Awaitable[Any]], meter: _Meter) -> Callable[..., Awaitable[Any]]:
    async def call(**kwargs: Any) -> Any:
        response = await fn(**kwargs)
        meter.record(response)
        return response

    return call


@cache
def _prepared(response_model: type[T]) -> type[T]:
    """The response model wrapped once for instructor.

    instructor wraps a plain model in a new class on every call, so its schema cache never hits and
    the JSON schema is rebuilt each time (about 10 ms of CPU per call, measured in benchmarks/batch.py).
    """
    import instructor

    wrapped: type[T] = instructor.openai_schema(response_model)
    return wrapped


# The validation context of the call in progress (per thread and per asyncio task). It is not handed
# to instructor as `context=`: instructor then renders every message as a Jinja template, which would
# rewrite or break a draft containing "{{" or "{%" (the draft is data, it must reach the model as is).
_validation: ContextVar[dict[str, Any] | None] = ContextVar("okr_rewriter_validation", default=None)


def validation_context() -> dict[str, Any]:
    """The `context` given to the `structured` call whose answer is being validated ({} outside one)."""
    return _validation.get() or {}


@contextmanager
def _validating(context: dict[str, Any] | None) -> Iterator[None]:
    token = _validation.set(context)
    try:
        yield
    finally:
        _validation.reset(token)


def _request(
    model: Model,
    messages: list[dict[str, Any]],
    params: dict[str, Any],
    response_model: type[BaseModel],
    **instructor_args: Any,
) -> dict[str, Any]:
    """The keyword arguments of one instructor call: litellm's params plus instructor's own."""
    request = {"messages": messages, **params, **instructor_args}
    request["response_model"] = _prepared(response_model)
    request["model"] = model_name(model)
    return request


def _reason(exc: BaseException) -> str:
    """The last validation error in plain words ("objectives.0.krs: give between 2 and 4…")."""
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()[:4]
        )
    return f"{type(exc).__name__}: {exc}"


def _failure(exc: Exception, model: Model, meter: _Meter, api_key: str | None = None) -> ModelCallError:
    """The error a caller sees; its message has every key masked, since providers echo a refused one."""
    message = secrets.redact(_explain(exc, model_name(model), meter.attempts), api_key)
    return ModelCallError(message, attempts=meter.attempts, usage=meter.usage)


def _explain(exc: Exception, name: str, attempts: int) -> str:
    from instructor.core.exceptions import InstructorRetryException

    if (
        isinstance(exc, InstructorRetryException)
        and not getattr(exc, "failed_attempts", None)
        and exc.__cause__
    ):
        # No answer was parsed: the call itself failed (HTTP 5xx, timeout…); say so, not "invalid answer".
        exc = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
    if isinstance(exc, InstructorRetryException):
        failed = getattr(exc, "failed_attempts", None) or []
        detail = _reason(failed[-1].exception) if failed else "invalid answer"
        return f"{name} gave no valid answer after {attempts} attempt(s): {detail}"
    return f"{name} failed: {_reason(exc)}"


def structured(
    messages: list[dict[str, Any]],
    response_model: type[T],
    *,
    model: Model | None = None,
    max_retries: int = 2,
    context: dict[str, Any] | None = None,
    **params: Any,
) -> Completion[T]:
    """Ask `model` for a `response_model`; re-ask with the validation error at most `max_retries` times.

    `context` reaches the response model's validators through `validation_context()`.
    """
    import_model_stack()
    import instructor

    chosen = resolve_model(model)
    _set_up(chosen, params)
    meter = _Meter()
    client = instructor.from_litellm(
        _metered(_transport(chosen, is_async=False), meter), mode=instructor.Mode.TOOLS
    )
    request = _request(
        chosen, messages, _transport_params(chosen, params), response_model, max_retries=max_retries
    )
    start = time.perf_counter()
    try:
        with _validating(context):
            value = client.chat.completions.create(**request)
    except Exception as exc:
        raise _failure(exc, chosen, meter, params.get("api_key")) from exc
    return Completion(value, model_name(chosen), meter.usage, time.perf_counter() - start, meter.attempts)


async def astructured(
    messages: list[dict[str, Any]],
    response_model: type[T],
    *,
    model: Model | None = None,
    max_retries: int = 2,
    context: dict[str, Any] | None = None,
    **params: Any,
) -> Completion[T]:
    """Async twin of `structured`; the call itself runs on the process's model loop (see `_model_loop`)."""
    import_model_stack()
    import instructor

    chosen = resolve_model(model)
    _set_up(chosen, params)
    meter = _Meter()
    client = instructor.from_litellm(
        _ametered(_transport(chosen, is_async=True), meter), mode=instructor.Mode.TOOLS, async_client=True
    )
    request = _request(
        chosen, messages, _transport_params(chosen, params), response_model, max_retries=max_retries
    )

    async def call() -> T:
        # Set inside the task that validates: the model loop's tasks do not inherit the caller's context.
        with _validating(context):
            answer: T = await client.chat.completions.create(**request)
            return answer

    start = time.perf_counter()
    try:
        value = await on_model_loop(call())
    except Exception as exc:
        raise _failure(exc, chosen, meter, params.get("api_key")) from exc
    return Completion(value, model_name(chosen), meter.usage, time.perf_counter() - start, meter.attempts)
