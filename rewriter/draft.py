"""The parsed draft: what the PM pasted, split into objectives, key results and context."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rewriter.reading.contract import Reading

Lang = Literal["fr", "en"]


class DraftLine(BaseModel):
    """One meaningful line of the pasted text, with its position for diagnostics."""

    text: str = Field(description="The line's text with bullets, numbering and labels stripped.")
    line: int = Field(description="1-based line number in the pasted text.")
    role: str | None = Field(
        default=None, description="The reader's role for the line ('key_result', 'task', 'fact', …), if read."
    )


class DraftObjective(BaseModel):
    """An objective as written in the draft, with the key results listed under it."""

    text: str = Field(description="The objective's text as written, label stripped.")
    line: int | None = Field(
        default=None, description="1-based line number, or None when the paste had KRs but no objective line."
    )
    key_results: list[DraftLine] = Field(
        default_factory=list, description="Key result lines listed under this objective, in order."
    )


class Draft(BaseModel):
    """A draft OKR set after parsing; the rewriter and the analyzer both start from it."""

    raw: str = Field(description="The text exactly as pasted.")
    objectives: list[DraftObjective] = Field(
        default_factory=list, description="Objectives found, in order of appearance."
    )
    context: list[DraftLine] = Field(
        default_factory=list,
        description="Lines that are neither objective nor key result (facts, headers); their numbers count as facts.",
    )
    lang: Lang = Field(default="fr", description="Detected language of the draft.")
    cycle: str | None = Field(
        default=None,
        description="Cycle named in the draft, e.g. 'T1 2027' or 'Q3 2026', used as the default deadline.",
    )
    parents: list[DraftLine] = Field(
        default_factory=list,
        description="Lines above the team (mission, North Star, company objective): shown, never rewritten.",
    )
    reading: Reading | None = Field(
        default=None, description="Every unit of the draft with its role and slots, as the reader read it."
    )

    @property
    def key_result_count(self) -> int:
        return sum(len(o.key_results) for o in self.objectives)
