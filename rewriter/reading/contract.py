"""The reader's contract: every line of a draft with a role and, for measures and facts, its slots.

The rest of the engine reads roles and slots from here and never re-parses the pasted text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["fr", "en"]
Role = Literal["header", "parent", "objective", "key_result", "task", "fact", "aside", "other"]
ROLES: tuple[Role, ...] = ("header", "parent", "objective", "key_result", "task", "fact", "aside", "other")


class Slots(BaseModel):
    """What a measure says, each value as the author wrote it (number with its unit)."""

    metric: str | None = Field(
        default=None, description="Clean noun phrase of what is measured, in the author's words."
    )
    baseline: str | None = Field(
        default=None, description="Today's value with its unit, e.g. '38 min', '4,2 %'."
    )
    target: str | None = Field(default=None, description="The aimed value with its unit.")
    unit: str | None = Field(
        default=None, description="The unit shared by baseline and target, e.g. '%', 'min'."
    )
    scope: list[str] = Field(
        default_factory=list, description="Numbers that bound what is counted ('≥ 2 logins'), never a target."
    )
    deadline: str | None = Field(default=None, description="The deadline as written ('d'ici fin juin').")
    direction: Literal["up", "down"] | None = Field(
        default=None, description="Which way the author wants the metric to move, when the line says it."
    )


class ReadLine(BaseModel):
    """One unit of the draft: a line, a table row or a sentence of prose."""

    text: str = Field(description="The unit exactly as pasted (a substring of the draft).")
    start: int = Field(description="Offset of `text` in the draft.")
    line: int = Field(description="1-based line number in the draft.")
    role: Role = Field(description="What the line is for in the draft.")
    clean: str = Field(description="The text without bullet, label, cue word, emoji or decoration.")
    label: str | None = Field(
        default=None, description="The label or cue that opened the line ('KR1', 'info')."
    )
    rule: str | None = Field(
        default=None, description="Id of the data row that decided the role, if one did."
    )
    slots: Slots | None = Field(default=None, description="Slots of a fact or a key result.")
    facts: list[Slots] = Field(
        default_factory=list,
        description="Every fact a fact line states, one per clause ('46 open reqs, avg time-to-fill 71 days'); "
        "the first is `slots`.",
    )

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class Reading(BaseModel):
    """A draft as read: its units in order, its language and its period."""

    text: str = Field(description="The draft exactly as pasted.")
    lines: list[ReadLine] = Field(default_factory=list, description="Units in draft order.")
    lang: Lang = Field(default="fr", description="The draft's language, decided on its words.")
    period: str | None = Field(
        default=None, description="The cycle the draft is for ('T2 2027'), if it says."
    )

    def of_role(self, *roles: Role) -> list[ReadLine]:
        return [line for line in self.lines if line.role in roles]
