"""One llama.cpp model in this process: loaded lazily, once, and used by one request at a time.

Speed levers, measured in benchmarks/local_model.py (numbers in the module docstring there):
- the prompt's static part (system prompt + few-shot turns) is identical across calls, so llama.cpp
  keeps its KV cache and only evaluates the new user message; a small RAM cache of saved states keeps
  that prefix for each language even when French and English requests alternate;
- the answer is decoded under a grammar built from the tool's JSON schema, so it is valid JSON of the
  right shape on the first try, with no code fence and no whitespace padding;
- prompt-lookup decoding drafts tokens by copying spans already in the context (JSON keys, the draft's
  deliverables and numbers) and verifies them in one batch, which is cheaper than one token at a time.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from rewriter.local import checks
from rewriter.local.catalog import LocalModel
from rewriter.local.weights import LocalModelError, ensure_weights

if TYPE_CHECKING:
    from llama_cpp import Llama, LlamaGrammar

LLAMA_CMAKE_ARGS = "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise LocalModelError(f"{name}={raw!r} is not an integer") from None


def _cores() -> int:
    # The affinity mask is what a container or `taskset` really grants; cpu_count() ignores it.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Settings(BaseModel):
    """How a model is run; every field can be set from the environment (see `from_env`)."""

    n_threads: int = Field(ge=1, description="CPU threads for generation and prompt evaluation.")
    n_ctx: int = Field(ge=256, description="Context size in tokens: prompt plus answer.")
    max_tokens: int = Field(ge=1, description="Answer length cap when the request gives none.")
    prefix_cache_mb: int = Field(
        ge=0,
        description="RAM for saved KV states of earlier prompts (0 disables); keeps each language's prefix.",
    )
    lookup_tokens: int = Field(
        ge=0, description="Tokens drafted per step by prompt-lookup decoding (0 disables it)."
    )

    @classmethod
    def from_env(cls, model: LocalModel) -> Settings:
        return cls(
            n_threads=_env_int("OKR_REWRITER_THREADS", _cores()),
            n_ctx=_env_int("OKR_REWRITER_CTX", model.n_ctx),
            max_tokens=_env_int("OKR_REWRITER_MAX_TOKENS", 1024),
            prefix_cache_mb=_env_int("OKR_REWRITER_PREFIX_CACHE_MB", 256),
            lookup_tokens=_env_int("OKR_REWRITER_LOOKUP", 0),
        )


class Generation(BaseModel):
    """One answer from the model, with what the provider reports as usage."""

    text: str = Field(description="The generated text (JSON when a schema constrained it).")
    prompt_tokens: int = Field(description="Tokens in the prompt, cached prefix included.")
    completion_tokens: int = Field(description="Tokens generated.")
    finish_reason: str = Field(description="'stop', or 'length' when max_tokens cut the answer.")
    duration_s: float = Field(description="Wall time of the generation, seconds.")


class PromptLookup:
    """Draft the next tokens by finding the last few generated tokens earlier in the context.

    llama-cpp-python's own LlamaPromptLookupDecoding returns the *first* match of a 2-gram; in a JSON
    answer the useful match is the *most recent* one (the previous key result's keys) or a longer
    n-gram from the draft, so this searches 3-, 2-, then 1-grams from the end.
    """

    def __init__(self, num_pred_tokens: int, max_ngram: int = 3) -> None:
        self.num_pred_tokens = num_pred_tokens
        self.max_ngram = max_ngram

    def __call__(self, input_ids: np.ndarray[Any, Any], /, **kwargs: Any) -> np.ndarray[Any, Any]:
        n = input_ids.shape[0]
        for size in range(min(self.max_ngram, n - 1), 0, -1):
            windows = np.lib.stride_tricks.sliding_window_view(input_ids[:-1], size)
            hits = np.nonzero(np.all(windows == input_ids[-size:], axis=1))[0]
            if hits.size:
                start = int(hits[-1]) + size
                return input_ids[start : start + self.num_pred_tokens]
        return np.array([], dtype=np.intc)


class Engine:
    """A lazily loaded llama.cpp model; `chat` is serialised by a lock (one request at a time)."""

    def __init__(self, model: LocalModel, settings: Settings | None = None) -> None:
        self.model = model
        self.settings = settings or Settings.from_env(model)
        self.load_s: float | None = None
        self._llama: Llama | None = None
        self._grammars: dict[str, LlamaGrammar] = {}
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._llama is not None

    def _load(self) -> Llama:
        if self._llama is not None:
            return self._llama
        checks.check_cpu()
        path = ensure_weights(self.model)
        checks.check_memory(self.model, self.settings.n_ctx)
        try:
            from llama_cpp import Llama, LlamaRAMCache
            from llama_cpp.llama_speculative import LlamaDraftModel
        except ImportError as exc:
            raise LocalModelError(
                f"the embedded model needs llama-cpp-python ({exc}). Install it with `make setup`, or "
                f"CMAKE_ARGS=\"{LLAMA_CMAKE_ARGS}\" pip install 'okr-rewriter[local]'"
            ) from exc
        draft: LlamaDraftModel | None = None
        if self.settings.lookup_tokens:
            draft = type("_Lookup", (PromptLookup, LlamaDraftModel), {})(self.settings.lookup_tokens)
        start = time.perf_counter()
        llama = Llama(
            model_path=str(path),
            n_ctx=self.settings.n_ctx,
            n_threads=self.settings.n_threads,
            n_threads_batch=self.settings.n_threads,
            chat_format=self.model.chat_format,
            draft_model=draft,
            verbose=False,
        )
        if self.settings.prefix_cache_mb:
            llama.set_cache(LlamaRAMCache(capacity_bytes=self.settings.prefix_cache_mb << 20))
        self.load_s = time.perf_counter() - start
        self._llama = llama
        return llama

    def load(self) -> float:
        """Load now (e.g. at app start) and return the load time in seconds."""
        with self._lock:
            self._load()
        return self.load_s or 0.0

    def forget(self) -> None:
        """Drop the KV cache and every saved prefix: the next prompt is evaluated from scratch."""
        with self._lock:
            if self._llama is not None:
                self._llama.reset()
                if self._llama.cache is not None:
                    self._llama.set_cache(type(self._llama.cache)(self._llama.cache.capacity_bytes))

    def _grammar(self, schema: dict[str, Any]) -> LlamaGrammar:
        from llama_cpp import LlamaGrammar

        # Not sort_keys: the converter emits properties in the order given, and that order (the
        # response model's field order, the few-shot answers' order) is the one the model should write.
        key = json.dumps(schema)
        if key not in self._grammars:
            try:
                self._grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
            except Exception as exc:  # the converter raises bare Exceptions on unsupported schema features
                raise LocalModelError(f"cannot turn the tool's JSON schema into a grammar: {exc}") from exc
        return self._grammars[key]

    def chat(
        self,
        messages: list[dict[str, Any]],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int | None = None,
        temperature: float = 0.0,
        stop: list[str] | None = None,
        seed: int | None = None,
    ) -> Generation:
        """Generate one answer; with `schema`, the answer is JSON that the schema accepts."""
        with self._lock:
            llama = self._load()
            grammar = self._grammar(schema) if schema is not None else None
            start = time.perf_counter()
            try:
                response: Any = llama.create_chat_completion(
                    messages=messages,  # type: ignore[arg-type]
                    grammar=grammar,
                    max_tokens=max_tokens or self.settings.max_tokens,
                    temperature=temperature,
                    stop=stop or [],
                    seed=seed,
                )
            except ValueError as exc:
                if "exceed context window" in str(exc):
                    raise LocalModelError(
                        f"the prompt does not fit in local/{self.model.name}'s {self.settings.n_ctx}-token "
                        f"context ({exc}); shorten the draft or raise OKR_REWRITER_CTX"
                    ) from exc
                raise
            duration = time.perf_counter() - start
        choice = response["choices"][0]
        usage = response.get("usage") or {}
        return Generation(
            text=choice["message"].get("content") or "",
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            finish_reason=choice.get("finish_reason") or "stop",
            duration_s=duration,
        )


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def use_engine(engine: Engine) -> None:
    """Serve `engine.model` with this engine from now on (custom settings, benchmarks)."""
    with _engines_lock:
        _engines[engine.model.name] = engine


def engine_for(model: LocalModel) -> Engine:
    """The process-wide engine for a model, created on first use (loading waits for the first request)."""
    with _engines_lock:
        if model.name not in _engines:
            _engines[model.name] = Engine(model)
        return _engines[model.name]
