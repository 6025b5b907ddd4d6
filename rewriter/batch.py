"""Rewrite many drafts: bounded concurrency, retries, per-item timeout, cache, and a resumable checkpoint.

    records = rewrite_many(drafts, model="openai/gpt-4o-mini", concurrency=8)
    for r in records:
        print(r.label, r.result.to_markdown() if r.ok else r.error)

Every input yields exactly one `BatchRecord`, in input order: a rewrite, or an error with its reason
(`error_kind` says whose problem it is: the input, or a bug). Nothing is dropped. When the model fails
or runs out of time, the draft still gets code's rewrite, flagged `needs_input` (the PM answers its
questions to finish it); the model's reason is in `result.provenance.error`, never in the cache.

Transport retries (429, 5xx, timeouts) are litellm's own: `num_retries` reaches the provider client,
which backs off exponentially and honours Retry-After. A `Routed` model (a litellm Router) applies the
router's retry and cooldown policy instead.

The in-process local model (`local/…`) runs one request at a time: concurrency is capped at 1 for it, and
a batch's calls yield to single rewrites waiting for it (`rewriter.local.fair_lock`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from rewriter import export, llm, prompts, rewriting
from rewriter.draft import Draft, Lang
from rewriter.draft_errors import DraftError
from rewriter.fake_model import FakeModel
from rewriter.file_errors import FileError, OutputError, output_error
from rewriter.files import DraftFile, InputItem
from rewriter.local.fair_lock import background
from rewriter.records import BatchRecord, BatchRun
from rewriter.response_cache import ResponseCache, alias_key, request_key
from rewriter.secrets import redact  # also `batch.redact` for callers from before rewriter.secrets

_T = TypeVar("_T")

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 8
DEFAULT_ITEM_TIMEOUT = 180.0  # seconds for one draft, re-asks and transport retries included
DEFAULT_NUM_RETRIES = 3  # transport retries per model call (rate limits, 5xx, timeouts)


@dataclass
class Progress:
    """Passed to `on_progress` after each item is finished (and, with a checkpoint, on disk)."""

    done: int
    total: int
    ok: int
    failed: int
    cached: int
    record: BatchRecord
    needs_input: int = 0


@dataclass
class Summary:
    """Counts over a batch's records."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    cached: int = 0
    needs_input: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    model_calls: int = 0

    @classmethod
    def of(cls, records: Iterable[BatchRecord]) -> Summary:
        s = cls()
        for r in records:
            s.total += 1
            s.ok += r.ok
            s.cached += r.cached
            s.needs_input += r.needs_input
            if not r.ok:
                s.failed += 1
                kind = r.error_kind or "model"
                s.by_kind[kind] = s.by_kind.get(kind, 0) + 1
            if r.result and r.result.provenance and not r.cached:
                s.model_calls += r.result.provenance.attempts
        return s


class CheckpointError(FileError):
    """The checkpoint file cannot be used (another input's, corrupted, or exists without --resume)."""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def effective_concurrency(model: llm.Model, concurrency: int) -> int:
    """The concurrency actually used: the in-process local model serves one request at a time."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    if isinstance(model, str) and model.startswith("local/"):
        return 1
    return concurrency


# ---------------------------------------------------------------------------------------- checkpoint


class Checkpoint:
    """An append-only JSONL file of `BatchRecord`s, durable record by record.

    Each record is one `write()` of a whole line on an O_APPEND descriptor, then fsync, before the
    item counts as done: a process killed at any moment leaves complete lines plus at most one torn
    last line, which `load()` drops (truncating the file) so its item is redone. A write the system
    refuses (full disk, read-only folder) raises `OutputError`, whose message says how to go on.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._lock = threading.Lock()
        # After a refused write the file may end in a torn line: no other record may follow it.
        self._failed: OutputError | None = None

    def load(
        self, items: list[InputItem] | None = None, run: BatchRun | None = None
    ) -> dict[int, BatchRecord]:
        """Finished records by index; drops a torn last line; checks the records match `items` and `run`."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise output_error(self.path, exc, what="the checkpoint") from None
        lines = data.split(b"\n")
        # The last segment is empty when the file ends with a newline; otherwise it is a torn write.
        keep = len(data) - len(lines[-1])
        complete = lines[:-1]
        records: dict[int, BatchRecord] = {}
        for number, line in enumerate(complete, start=1):
            if not line.strip():
                continue
            try:
                record = BatchRecord.model_validate_json(line)
            except ValidationError:
                if number == len(complete) and not lines[-1]:
                    # A last line that is complete but unreadable (zero-filled after a power cut): redo it.
                    keep -= len(line) + 1
                    break
                raise CheckpointError(
                    f"{self.path}, line {number}: not a batch record; the file is corrupted or is not "
                    "a checkpoint. Write to another file, or pass --overwrite to start again."
                ) from None
            if items is not None:
                self._check(record, items)
            if run is not None:
                self._check_run(record, run)
            records.setdefault(record.index, record)
        if keep != len(data):
            log.info("dropping a torn last line from %s", self.path)
            try:
                with open(self.path, "r+b") as handle:
                    handle.truncate(keep)
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise output_error(self.path, exc, what="the checkpoint") from None
        return records

    def _check(self, record: BatchRecord, items: list[InputItem]) -> None:
        hint = "Write to another file, or pass --overwrite to start again."
        if record.index >= len(items):
            raise CheckpointError(
                f"{self.path} has a record for item {record.index + 1} but the input has {len(items)}: "
                f"it was written for another input. {hint}"
            )
        if text_sha256(items[record.index].text) != record.draft_sha256:
            raise CheckpointError(
                f"{self.path} was written for another input: its record for {record.label} "
                f"does not match {items[record.index].label} of this input. {hint}"
            )

    def _check_run(self, record: BatchRecord, run: BatchRun) -> None:
        """Refuse a record made with another model, language or prompt: resuming would mix two runs.

        An input error (blank or unreadable draft) depends on no setting, so it never blocks a resume.
        """
        if record.error_kind == "input":
            return
        made = _made_with(record)
        wanted = run.model_dump()
        differs = [name for name, value in made.items() if value != wanted[name]]
        if not differs:
            return
        before = ", ".join(_setting(name, made[name]) for name in differs)
        after = ", ".join(_setting(name, wanted[name]) for name in differs)
        raise CheckpointError(
            f"{self.path} was made with {before} ({record.label} and the other finished drafts); this run "
            f"asks for {after}. Resuming would mix the two in one output: write to another output file, "
            "or pass --overwrite to redo every draft."
        )

    def open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # 0o666 less the umask, as any new file of the user's: not 0o644 whatever the umask says.
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as exc:
            raise output_error(self.path, exc, what="the checkpoint") from None

    def append(self, record: BatchRecord) -> None:
        if self._fd is None:
            self.open()
        assert self._fd is not None
        line = (record.model_dump_json() + "\n").encode("utf-8")
        with self._lock:
            if self._failed is not None:
                raise self._failed
            view = memoryview(line)
            try:
                while view:  # a regular file takes the line in one write; loop only on a short write
                    written = os.write(self._fd, view)
                    view = view[written:]
                os.fsync(self._fd)
            except OSError as exc:
                # A torn line is dropped by the next load(): the records before it are safe to resume from.
                self._failed = output_error(
                    self.path,
                    exc,
                    what="the checkpoint",
                    after="the drafts finished so far are saved in it: make room and run again with --resume",
                )
                raise self._failed from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _made_with(record: BatchRecord) -> dict[str, str | None]:
    """The settings a record names: its `run`, else (older checkpoints) what its result's provenance says."""
    if record.run is not None:
        return record.run.model_dump()
    if record.result is not None and record.result.provenance is not None:
        provenance = record.result.provenance
        return {"model": provenance.model, "prompt_version": provenance.prompt_version}
    return {}


def _setting(name: str, value: str | None) -> str:
    if name == "lang":
        return f"language {value!r}" if value else "each draft's own language"
    return f"{name.replace('_', ' ')} {value!r}"


# ---------------------------------------------------------------------------------------- one item


@dataclass
class _Settings:
    model: llm.Model
    lang: Lang | None
    timeout: float | None
    max_retries: int
    params: dict[str, Any]
    cache: ResponseCache | None
    prompt_version: str

    @property
    def run(self) -> BatchRun:
        return BatchRun(model=llm.model_name(self.model), lang=self.lang, prompt_version=self.prompt_version)


def _base(item: InputItem) -> dict[str, Any]:
    return {
        "index": item.index,
        "label": item.label,
        "id": item.id,
        "fields": item.fields,
        "draft_sha256": text_sha256(item.text),
    }


async def _rewrite_item(item: InputItem, s: _Settings) -> BatchRecord:
    start = time.perf_counter()

    def record(**values: Any) -> BatchRecord:
        return BatchRecord(
            **_base(item), run=s.run, duration_s=round(time.perf_counter() - start, 3), **values
        )

    if item.error:
        return record(error_kind="input", error=item.error)
    key = None
    if s.cache is not None:
        # Fast path: the alias (draft + code version) names the rendered request's key without
        # parsing and analysing the draft again; it is only a memo of `request_key` below.
        alias = alias_key(
            model=llm.model_name(s.model),
            prompt_version=s.prompt_version,
            params=s.params,
            draft=item.text,
            lang=s.lang,
        )
        key = s.cache.resolve(alias)
        hit = s.cache.get(key) if key else None
        if hit is not None:
            return record(result=hit, cached=True)
    try:
        # Prepared here, not inside the timed call: a timeout then still has code's rewrite to give.
        target = rewriting.prepare(item.text, s.lang)
    except (ValueError, TypeError) as exc:  # the draft itself is unusable (empty, too long, binary, German)
        coded = exc if isinstance(exc, DraftError) else None
        return record(
            error_kind="input",
            error=f"{item.label}: {exc}",
            error_code=coded.code if coded else None,
            error_params=coded.params if coded else {},
        )
    if s.cache is not None and target.needs_model:
        key = request_key(
            model=llm.model_name(s.model),
            prompt_version=s.prompt_version,
            messages=target.messages or [],
            params={"lang": target.lang, **s.params},
            draft=item.text,
        )
        s.cache.alias(alias, key)
        hit = s.cache.get(key)
        if hit is not None:
            return record(result=hit, cached=True)
    secret = s.params.get("api_key")
    try:
        result = await asyncio.wait_for(
            rewriting.arewrite(target, model=s.model, lang=s.lang, max_retries=s.max_retries, **s.params),
            s.timeout,
        )
    except TimeoutError:
        # Like any model failure: code's rewrite, flagged, with the reason kept in its provenance.
        late = llm.ModelCallError(
            f"no valid answer within {s.timeout:g} s; the request was cancelled", attempts=1
        )
        return record(result=rewriting.finish(late, target, s.model))
    except Exception as exc:  # a bug must cost one row, not the batch: the row says what happened
        log.debug("unexpected error on %s", item.label, exc_info=True)
        return record(
            error_kind="internal", error=redact(f"{item.label}: {type(exc).__name__}: {exc}", secret)
        )
    if not result.ok:
        result.error = redact(result.error or "unknown error", secret)
        return record(error_kind="model", error=f"{item.label}: {result.error}", result=result)
    if result.provenance is not None and result.provenance.error:
        result.provenance.error = redact(result.provenance.error, secret)
    # A failed model step may pass on a re-run: only the model's answers are worth caching (code's
    # own rewrite of a draft that needs no model is recomputed, never served stale from an older code).
    if s.cache is not None and key is not None and not result.needs_input:
        await asyncio.to_thread(s.cache.put, key, result)
    return record(result=result)


# ---------------------------------------------------------------------------------------- the batch


def as_items(drafts: Iterable[str | Draft | InputItem]) -> list[InputItem]:
    """Input items numbered by position, whatever was given (texts, parsed drafts, items from a file)."""
    items = []
    for i, draft in enumerate(drafts):
        if isinstance(draft, InputItem):
            items.append(draft.model_copy(update={"index": i}))
        elif isinstance(draft, Draft):
            items.append(InputItem(index=i, label=f"item {i + 1}", text=draft.raw))
        elif isinstance(draft, str):
            items.append(InputItem(index=i, label=f"item {i + 1}", text=draft))
        else:
            items.append(
                InputItem(
                    index=i,
                    label=f"item {i + 1}",
                    error=f"item {i + 1}: expected the draft as text, got {type(draft).__name__}",
                )
            )
    return items


def _resolve_cache(cache: bool | str | Path | ResponseCache, model: llm.Model) -> ResponseCache | None:
    if isinstance(cache, ResponseCache):
        return cache
    if cache is False:
        return None
    if cache is True:
        # A fake model's answers are whatever the test queued: caching them would hide the queue.
        return None if isinstance(model, FakeModel) else ResponseCache()
    return ResponseCache(cache)


async def arewrite_many(
    drafts: Iterable[str | Draft | InputItem],
    *,
    model: llm.Model | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    cache: bool | str | Path | ResponseCache = True,
    on_progress: Callable[[Progress], None] | None = None,
    lang: Lang | None = None,
    timeout: float | None = DEFAULT_ITEM_TIMEOUT,
    num_retries: int = DEFAULT_NUM_RETRIES,
    max_retries: int = rewriting.MAX_RETRIES,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    **params: Any,
) -> list[BatchRecord]:
    """Rewrite every draft; one `BatchRecord` per input, in input order.

    - `concurrency`: requests in flight at once (1 for the in-process `local/` model, whatever is asked).
    - `cache`: True for the default on-disk cache (`$OKR_REWRITER_CACHE`…), a folder, a `ResponseCache`,
      or False. Successful results only; a `FakeModel` is not cached unless a cache is given explicitly.
    - `timeout`: seconds per item, re-asks and retries included; None for no limit.
    - `num_retries`: transport retries per call, done by litellm (rate limits, 5xx, timeouts).
    - `checkpoint`: a JSONL file receiving each record as soon as it is done; with `resume=True`, items
      already in it are not redone (a torn last line is dropped and its item redone). Without
      `resume`, an existing non-empty checkpoint is an error rather than silently mixed into.
    - `params`: passed to the model call (`api_base`, `temperature`…).
    """
    items = as_items(drafts)
    chosen = llm.resolve_model(model)
    workers = effective_concurrency(chosen, concurrency)
    if workers < concurrency:
        log.info("%s runs in-process, one request at a time: concurrency %d → 1", chosen, concurrency)
    settings = _Settings(
        model=chosen,
        lang=lang,
        timeout=timeout,
        max_retries=max_retries,
        params={"num_retries": num_retries, **params},
        cache=_resolve_cache(cache, chosen),
        prompt_version=prompts.prompt_version(),
    )
    records: list[BatchRecord | None] = [None] * len(items)
    sink: Checkpoint | None = None
    if checkpoint is not None:
        sink = Checkpoint(checkpoint)
        if not resume and sink.path.exists() and sink.path.stat().st_size > 0:
            raise CheckpointError(
                f"{sink.path} already exists; pass --resume to continue it, or --overwrite to start again"
            )
        for index, finished in sink.load(items, settings.run).items():
            records[index] = finished
        sink.open()
    pending = deque(item for item in items if records[item.index] is None)
    counts = Summary.of(r for r in records if r is not None)
    done = counts.total
    unwritable: list[OutputError] = []

    async def worker() -> None:
        nonlocal done
        while pending:
            item = pending.popleft()
            record = await _rewrite_item(item, settings)
            if sink is not None:
                try:
                    await asyncio.to_thread(sink.append, record)
                except OutputError as exc:
                    # The batch stops (the drafts in flight finish, no new one starts) and says so once,
                    # rather than as a group of the same error from every worker.
                    unwritable.append(exc)
                    pending.clear()
                    return
            records[item.index] = record
            done += 1
            counts.ok += record.ok
            counts.failed += not record.ok
            counts.cached += record.cached
            counts.needs_input += record.needs_input
            if on_progress is not None:
                on_progress(
                    Progress(
                        done, len(items), counts.ok, counts.failed, counts.cached, record, counts.needs_input
                    )
                )

    try:
        # A batch's calls to the embedded model yield to a person's single rewrite between rows.
        with background():
            async with asyncio.TaskGroup() as group:
                for _ in range(min(workers, len(pending)) or 0):
                    group.create_task(worker())
    finally:
        if sink is not None:
            sink.close()
    if unwritable:
        raise unwritable[0]
    return [r for r in records if r is not None]


def rewrite_many(
    drafts: Iterable[str | Draft | InputItem],
    *,
    model: llm.Model | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    cache: bool | str | Path | ResponseCache = True,
    on_progress: Callable[[Progress], None] | None = None,
    **options: Any,
) -> list[BatchRecord]:
    """Blocking twin of `arewrite_many` (same options); usable inside a running event loop (Jupyter)."""
    return _blocking(
        lambda: arewrite_many(
            drafts, model=model, concurrency=concurrency, cache=cache, on_progress=on_progress, **options
        )
    )


def _blocking(start: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """Run a coroutine to its end, from plain code or from inside a running event loop (Jupyter)."""

    def run() -> _T:
        return asyncio.run(start())

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    # asyncio.run refuses to nest in a running loop: run the batch on its own loop in a worker thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


# ---------------------------------------------------------------------------------------- file to file


def checkpoint_path(output: str | Path) -> Path:
    """Where records go while a batch runs: the output itself when it is JSONL, else `<output>.partial.jsonl`."""
    out = Path(output)
    return out if out.suffix.lower() == ".jsonl" else out.with_name(out.name + ".partial.jsonl")


@dataclass
class FileBatch:
    """The outcome of `rewrite_file`: what was read, the records in input order, and where they went."""

    source: DraftFile
    records: list[BatchRecord]
    output: Path
    summary: Summary
    seconds: float


async def arewrite_file(
    source: DraftFile,
    output: str | Path,
    *,
    resume: bool = False,
    overwrite: bool = False,
    **options: Any,
) -> FileBatch:
    """Rewrite every draft read from a file into `output` (.jsonl, .csv, .xlsx, .json or .md).

    Records are checkpointed to `checkpoint_path(output)` as they finish (completion order); once
    every item has a record the output is written in input order (replacing a JSONL checkpoint
    atomically, or removing the `.partial.jsonl` one). `options` are those of `arewrite_many`.

    An output that cannot be written raises `OutputError` before any draft is rewritten when the
    system says so at once (a folder in its place, a read-only folder); a disk that fills up on the way
    stops the batch with the finished drafts kept in the checkpoint, to finish with `resume=True`.
    """

    out = Path(output)
    if out.suffix.lower() not in export.WRITERS:
        raise FileError(
            f"cannot write {out.name}: the output must end in {', '.join(export.WRITERS)}",
            code="output_format",
        )
    export.check_writable(out)
    sink = checkpoint_path(out)
    if overwrite:
        try:
            sink.unlink(missing_ok=True)
        except OSError as exc:
            raise output_error(sink, exc, what="the checkpoint") from None
    start = time.perf_counter()
    records = await arewrite_many(source.items, checkpoint=sink, resume=resume, **options)
    # The checkpoint is in completion order; the final file is rewritten in input order, atomically.
    try:
        export.write_results(records, out)
    except OutputError as exc:
        raise OutputError(
            f"{exc}; every draft is finished and saved in {sink}: make room and run again with --resume "
            "to write the output without rewriting anything",
            code=exc.code,
            errno=exc.errno,
            filename=exc.filename,
        ) from None
    if sink != out:
        try:
            sink.unlink(missing_ok=True)
        except OSError as exc:  # the output is written; a leftover checkpoint only asks for --overwrite
            log.warning("could not remove %s: %s", sink, exc.strerror or exc)
    return FileBatch(source, records, out, Summary.of(records), time.perf_counter() - start)


def rewrite_file(
    source: DraftFile,
    output: str | Path,
    *,
    resume: bool = False,
    overwrite: bool = False,
    **options: Any,
) -> FileBatch:
    """Blocking twin of `arewrite_file` (same options); usable inside a running event loop (Jupyter)."""
    return _blocking(lambda: arewrite_file(source, output, resume=resume, overwrite=overwrite, **options))
