"""One llama.cpp model in this process: loaded lazily, once, and used by one request at a time.

Speed levers, measured in benchmarks/local_model.py (numbers in the module docstring there):
- the prompt's static part (system prompt + few-shot turns) is identical across calls, so llama.cpp
  keeps its KV cache and only evaluates the new user message (~50 tokens/s on 2 cores, so the user
  message is a third of the time); a RAM cache keeps the latest saved state of each prompt family
  (one per language), so the prefix survives French and English requests alternating;
- the answer is decoded under a grammar built from the tool's JSON schema, so it is valid JSON of the
  right shape on the first try, with no code fence and no whitespace padding;
- the JSON keys the schema makes next are drafted and checked in one batch (key_drafting.py), which is
  cheaper than decoding them one token at a time (x1.04–1.16 in benchmark runs); so are the rest of an
  enum value once one choice alone fits, and the rest of a line of the user's message once a value
  starts like it (deliverables copied as initiatives): x1.11 and x1.04 in two side-by-side runs;
- prompt-lookup decoding (drafting any span copied from the context) was measured slower here and
  is off unless OKR_REWRITER_LOOKUP asks for it.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from rewriter.local import checks
from rewriter.local.catalog import LocalModel
from rewriter.local.fair_lock import FairLock
from rewriter.local.key_drafting import KeyDrafter
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
    grammar_first_try: bool = Field(
        default=True,
        description="Check the grammar on the greedy token before masking the whole vocabulary (same output).",
    )
    draft_keys: bool = Field(
        default=True,
        description="Draft the JSON keys the schema makes next and check them in one batch (greedy choices kept).",
    )
    copy_lines: bool = Field(
        default=True,
        description="With draft_keys: draft the rest of a line of the user's message once a value starts like it.",
    )

    @classmethod
    def from_env(cls, model: LocalModel) -> Settings:
        return cls(
            n_threads=_env_int("OKR_REWRITER_THREADS", _cores()),
            n_ctx=_env_int("OKR_REWRITER_CTX", model.n_ctx),
            max_tokens=_env_int("OKR_REWRITER_MAX_TOKENS", 1024),
            prefix_cache_mb=_env_int("OKR_REWRITER_PREFIX_CACHE_MB", 256),
            lookup_tokens=_env_int("OKR_REWRITER_LOOKUP", 0),
            grammar_first_try=_env_int("OKR_REWRITER_GRAMMAR_FIRST_TRY", 1) != 0,
            draft_keys=_env_int("OKR_REWRITER_DRAFT_KEYS", 1) != 0,
            copy_lines=_env_int("OKR_REWRITER_COPY_LINES", 1) != 0,
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


# Prompts sharing their first tokens (the system prompt of one language) share one saved state.
_FAMILY_TOKENS = 64


def as_placeholders(messages: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The messages with each text replaced by a unique placeholder, and the texts by placeholder.

    llama-cpp-python renders the chat template with the messages in it, then tokenizes the whole prompt
    with special tokens on: `<|im_end|>` or `<|im_start|>system` typed in a draft would become control
    tokens, closing the user's turn and opening a system one. The template is rendered around
    placeholders instead, and `tokenize_prompt` puts each text back tokenized as plain text. A
    placeholder carries a fresh random tag, so no draft can contain one.
    """
    tag = uuid.uuid4().hex
    texts: dict[str, str] = {}
    masked = []
    for i, message in enumerate(messages):
        content = message.get("content")
        if isinstance(content, str):
            placeholder = f"<okr-text {tag} {i}>"
            texts[placeholder] = content
            message = {**message, "content": placeholder}
        masked.append(message)
    return masked, texts


def tokenize_prompt(
    tokenize: Callable[[bytes, bool, bool], list[int]], prompt: str, texts: dict[str, str], add_bos: bool
) -> list[int]:
    """Tokens of a prompt rendered around placeholders: the template's parts with special tokens on,
    each message's text with them off (the same tokens as before for text without markers, since
    llama.cpp also tokenizes the text between two control tokens on its own)."""
    if not texts:
        return tokenize(prompt.encode("utf-8"), add_bos, True)
    tokens: list[int] = []
    # Split on a captured group: the placeholders are the odd pieces, the template's parts the even ones.
    pieces = re.split(f"({'|'.join(re.escape(p) for p in texts)})", prompt)
    for i, piece in enumerate(pieces):
        is_text, bos = i % 2 == 1, add_bos and i == 0
        data = (texts[piece] if is_text else piece).encode("utf-8")
        if data or bos:
            tokens += tokenize(data, bos, not is_text)
    return tokens


def _prefix_cache(capacity_bytes: int) -> Any:
    """A RAM cache of KV states that keeps only the latest state per prompt family.

    llama-cpp-python saves the whole state after every answer (~40 MB for a 1,400-token prompt on
    the 1.5B); only the latest per language is useful (its system prompt and few-shot turns are the
    reusable prefix), so older ones of the same family are dropped instead of filling the capacity.
    """
    from llama_cpp import LlamaRAMCache

    class PrefixCache(LlamaRAMCache):
        def __setitem__(self, key: Any, value: Any) -> None:
            family = tuple(key[:_FAMILY_TOKENS])
            for older in [k for k in self.cache_state if k[:_FAMILY_TOKENS] == family]:
                del self.cache_state[older]
            super().__setitem__(key, value)

    return PrefixCache(capacity_bytes=capacity_bytes)


def _llama_class() -> type[Llama]:
    """llama_cpp.Llama with overrides that keep speculative drafting and the prefix cache cheap.

    llama-cpp-python 0.3.36 (pinned) keeps a Python copy of the logits, `scores`, that nothing reads
    once sampling happens in llama.cpp: with a draft model it asks for logits of *every* token (a
    ~1000-token prompt = 600 MB) and sizes the array wrong (crash), and each saved prefix state
    copies n_batch × vocab floats (311 MB for Qwen). Here logits are requested only for short batches
    (the drafted tokens being verified) and saved states carry no logits. `generate` also tells a
    drafter with `begin()` (the key drafter) where the answer starts and which schema it follows.
    """
    import ctypes

    from llama_cpp import Llama, LlamaState
    from llama_cpp import llama_cpp as C

    class GreedyGrammarSampler:
        """Greedy decoding under a grammar that checks the grammar on the best token first.

        llama.cpp's grammar sampler tests every vocabulary entry against the grammar at every step
        (150k entries for Qwen; most of the time per token on 2 cores). The model's favourite token is
        almost always allowed, so we test that one token and fall back to the full vocabulary only
        when it is rejected, as llama.cpp's own `common_sampler` does. Same tokens, far fewer checks.
        """

        def __init__(self, llama: Llama, grammar: Any) -> None:
            self.n_vocab = llama._n_vocab
            self.grammar = C.llama_sampler_init_grammar(
                llama._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
            )
            self.one = (C.llama_token_data * 1)()
            self.one_array = C.llama_token_data_array(data=self.one, size=1, selected=-1, sorted=False)
            self.every = (C.llama_token_data * self.n_vocab)()
            self.every_view = np.ctypeslib.as_array(self.every)
            self.every_array = C.llama_token_data_array(
                data=self.every, size=self.n_vocab, selected=-1, sorted=False
            )
            self.ids = np.arange(self.n_vocab, dtype=np.intc)

        def sample(self, ctx: Any, idx: int) -> int:
            logits = np.ctypeslib.as_array(C.llama_get_logits_ith(ctx.ctx, idx), shape=(self.n_vocab,))
            token = int(logits.argmax())
            self.one[0] = C.llama_token_data(token, float(logits[token]), 0.0)
            self.one_array.size, self.one_array.selected = 1, -1
            C.llama_sampler_apply(self.grammar, ctypes.byref(self.one_array))
            if self.one[0].logit == -np.inf:
                self.every_view["id"] = self.ids
                self.every_view["logit"] = logits
                self.every_array.size, self.every_array.selected = self.n_vocab, -1
                C.llama_sampler_apply(self.grammar, ctypes.byref(self.every_array))
                token = int(self.every_view["id"][int(self.every_view["logit"].argmax())])
            C.llama_sampler_accept(self.grammar, token)
            return token

        def __del__(self) -> None:
            C.llama_sampler_free(self.grammar)

    class FastLlama(Llama):
        draft_batch_max = 32
        grammar_first_try = True
        answer_schema: dict[str, Any] | None = None  # the schema of the answer being generated
        answer_source: str | None = None  # the text the answer may copy lines from
        message_texts: dict[str, str] | None = None  # placeholder → message text, for the request under way

        def tokenize(self, text: bytes, add_bos: bool = True, special: bool = False) -> list[int]:
            # The chat handler tokenizes the rendered prompt with special=True: put the messages'
            # texts back as plain text (see as_placeholders).
            if special and self.message_texts:
                return tokenize_prompt(super().tokenize, text.decode("utf-8"), self.message_texts, add_bos)
            return super().tokenize(text, add_bos, special)

        def generate(self, tokens: Any, *args: Any, **kwargs: Any) -> Any:
            begin = getattr(self.draft_model, "begin", None)
            if begin is not None:
                begin(self, self.answer_schema, len(tokens), self.answer_source)
            return (yield from super().generate(tokens, *args, **kwargs))

        def _init_sampler(self, *args: Any, **kwargs: Any) -> Any:
            grammar = kwargs.get("grammar")
            greedy = kwargs.get("temp", 0.8) == 0.0 and not kwargs.get("logits_processor")
            plain = kwargs.get("repeat_penalty", 1.0) == 1.0 and not kwargs.get("frequency_penalty")
            if self.grammar_first_try and grammar is not None and greedy and plain:
                return GreedyGrammarSampler(self, grammar)
            return super()._init_sampler(*args, **kwargs)

        def eval(self, tokens: Any) -> None:
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            # A verification batch needs logits at every position; a prompt batch only at its last.
            every = len(tokens) <= self.draft_batch_max
            for i in range(0, len(tokens), self.n_batch):
                batch = tokens[i : i + self.n_batch]
                n_past = self.n_tokens
                self._batch.set_batch(batch=batch, n_past=n_past, logits_all=every)
                self._ctx.decode(self._batch)
                self.input_ids[n_past : n_past + len(batch)] = batch
                self.n_tokens += len(batch)

        def save_state(self) -> LlamaState:
            size = C.llama_state_get_size(self._ctx.ctx)
            buffer = (ctypes.c_uint8 * int(size))()
            n_bytes = int(C.llama_state_get_data(self._ctx.ctx, buffer, size))
            return LlamaState(
                input_ids=self.input_ids.copy(),
                scores=np.empty((0, self._n_vocab), dtype=np.single),
                n_tokens=self.n_tokens,
                llama_state=ctypes.string_at(buffer, n_bytes),
                llama_state_size=n_bytes,
                seed=self._seed,
            )

        def load_state(self, state: LlamaState) -> None:
            self.input_ids = state.input_ids.copy()
            self.n_tokens = state.n_tokens
            self._seed = state.seed
            data = (ctypes.c_uint8 * state.llama_state_size).from_buffer_copy(state.llama_state)
            if C.llama_state_set_data(self._ctx.ctx, data, state.llama_state_size) != state.llama_state_size:
                raise RuntimeError("failed to restore a saved llama.cpp state")

    return FastLlama


class Engine:
    """A lazily loaded llama.cpp model; `chat` is serialised by a fair lock (one request at a time)."""

    def __init__(self, model: LocalModel, settings: Settings | None = None) -> None:
        self.model = model
        self.settings = settings or Settings.from_env(model)
        self.load_s: float | None = None
        self._llama: Llama | None = None
        self._grammars: dict[str, LlamaGrammar] = {}
        # One request at a time, a person's before a batch's (see fair_lock).
        self._lock = FairLock()

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
            from llama_cpp.llama_speculative import LlamaDraftModel
        except ImportError as exc:
            raise LocalModelError(
                f"the embedded model needs llama-cpp-python ({exc}). Install it with `make setup`, or "
                f"CMAKE_ARGS=\"{LLAMA_CMAKE_ARGS}\" pip install 'okr-rewriter[local]'"
            ) from exc
        draft: LlamaDraftModel | None = None
        if self.settings.lookup_tokens:
            draft = type("_Lookup", (PromptLookup, LlamaDraftModel), {})(self.settings.lookup_tokens)
        elif self.settings.draft_keys:
            draft = type("_Keys", (KeyDrafter, LlamaDraftModel), {})()
        start = time.perf_counter()
        llama = _llama_class()(
            model_path=str(path),
            n_ctx=self.settings.n_ctx,
            n_threads=self.settings.n_threads,
            n_threads_batch=self.settings.n_threads,
            chat_format=self.model.chat_format,
            draft_model=draft,
            verbose=False,
        )
        # The constructor turns on logits for every token when given a draft model; FastLlama.eval
        # decides per batch instead, and the scores copy is never read (sampling reads llama.cpp's).
        llama._logits_all = False
        llama.grammar_first_try = self.settings.grammar_first_try  # type: ignore[attr-defined]
        if self.settings.prefix_cache_mb:
            llama.set_cache(_prefix_cache(self.settings.prefix_cache_mb << 20))
        self.load_s = time.perf_counter() - start
        self._llama = llama
        return llama

    def load(self) -> float:
        """Load now (e.g. at app start) and return the load time in seconds."""
        with self._lock:
            self._load()
        return self.load_s or 0.0

    def close(self) -> None:
        """Free the model (it is loaded again on the next request)."""
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None

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
            llama.answer_schema = schema  # type: ignore[attr-defined]
            last = messages[-1] if messages else {}
            copyable = (
                self.settings.copy_lines
                and last.get("role") == "user"
                and isinstance(last.get("content"), str)
            )
            llama.answer_source = last["content"] if copyable else None  # type: ignore[attr-defined]
            masked, llama.message_texts = as_placeholders(messages)  # type: ignore[attr-defined]
            start = time.perf_counter()
            try:
                response: Any = llama.create_chat_completion(
                    messages=masked,  # type: ignore[arg-type]
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
            finally:
                llama.message_texts = None  # type: ignore[attr-defined]
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


@atexit.register
def _close_all() -> None:
    # Freed at interpreter shutdown, llama-cpp-python's __del__ finds its ctypes bindings already torn
    # down and prints a TypeError traceback; closing while they still exist keeps exits quiet.
    for engine in list(_engines.values()):
        engine.close()


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
