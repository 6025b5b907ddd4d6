"""One batch input's outcome as a record: what `rewrite_many` returns, the checkpoint stores and exports write."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rewriter.draft import Lang
from rewriter.result import RewriteResult

ErrorKind = Literal["input", "model", "timeout", "internal"]


class BatchRun(BaseModel):
    """The settings a record was made with, besides its draft: `--resume` refuses to mix two of them."""

    model: str = Field(description="Name of the model asked (litellm model string or router group).")
    lang: Lang | None = Field(
        default=None, description="Language asked for; None means each draft's own language."
    )
    prompt_version: str = Field(description="Content hash of the prompt files used.")


class BatchRecord(BaseModel):
    """The outcome of one input item: a result, or an error with its reason. One JSONL line each."""

    index: int = Field(description="0-based position of the item in the input.")
    label: str = Field(description="Where the item was in the input: 'line 4', 'row 3', 'item 2'.")
    id: str | None = Field(default=None, description="The item's id from the input, if it had one.")
    fields: dict[str, str] = Field(
        default_factory=dict, description="The input row's other columns, as read."
    )
    draft_sha256: str = Field(description="sha256 of the draft text; --resume checks it against the input.")
    error_kind: ErrorKind | None = Field(
        default=None,
        description="None when rewritten (also when flagged needs_input); else input (bad draft) or "
        "internal (a bug: please report it). model and timeout appear only in records written before "
        "a model failure left code's rewrite.",
    )
    error: str | None = Field(
        default=None, description="Why the item has no rewrite, for a person to act on."
    )
    error_code: str | None = Field(
        default=None,
        description="Stable code of an unusable draft ('draft.empty', 'draft.language'…, see "
        "rewriter.draft_errors), so the error can be said in another language; None otherwise.",
    )
    error_params: dict[str, str | int] = Field(
        default_factory=dict, description="The values the error_code's message is filled with."
    )
    cached: bool = Field(default=False, description="True when the result came from the response cache.")
    duration_s: float = Field(default=0.0, description="Wall time spent on the item, seconds.")
    result: RewriteResult | None = Field(
        default=None,
        description="The rewrite; result.needs_input says the model could not complete it "
        "(result.provenance.error says why).",
    )
    run: BatchRun | None = Field(
        default=None,
        description="Model, language and prompt version the record was made with; None in checkpoints "
        "written before they were recorded.",
    )

    @property
    def ok(self) -> bool:
        """The draft got a rewrite (perhaps flagged `needs_input`)."""
        return self.error is None and self.result is not None and self.result.ok

    @property
    def needs_input(self) -> bool:
        """Rewritten by code alone because the model failed: usable, but the PM must answer its questions."""
        return self.ok and self.result is not None and self.result.needs_input
