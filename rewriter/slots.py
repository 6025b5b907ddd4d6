"""What the model fills in: slots only. Sentences and questions are rendered by code from them.

Validators here reject answers that break the method (être/avoir or output verbs, no number, wrong
counts); instructor sends the error message back to the model and asks again.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from rewriter import rules

MAX_OBJECTIVES = 3
MIN_KRS = 2
MAX_KRS = 4
# Words a model writes for "unknown" inside a string slot; they mean null.
_UNKNOWN = {"", "null", "none", "n/a", "na", "?", "-", "tbd", "unknown", "inconnu", "à définir", "à mesurer"}


def _choices(table: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """JSON-schema enum of the suggested verbs, both languages (the schema is shared by FR and EN)."""
    return {"enum": [verb for lang in ("fr", "en") for verb in table[lang]]}


class KeyResultSlots(BaseModel):
    verb: str = Field(
        description="Action verb in the infinitive that states a change (Augmenter, Réduire, Faire passer / "
        "Increase, Reduce, Grow). Never être/avoir/be/have, never an output verb such as livrer/launch.",
        json_schema_extra=_choices(rules.KR_VERB_CHOICES),
    )
    metric: str = Field(
        description="What is measured, with its segment, without numbers: e.g. "
        "'le taux d'onboarding complété des nouveaux comptes'."
    )
    baseline: str | None = Field(
        default=None,
        description="Current value exactly as given in the draft; null when the draft does not say.",
    )
    target: str | None = Field(
        default=None, description="Target value from the draft; null when the draft does not give one."
    )
    unit: str | None = Field(
        default=None, description="Unit of baseline and target: '%', 'jours', '€', 'min'…"
    )
    deadline: str | None = Field(
        default=None, description="Deadline exactly as given in the draft (e.g. 'fin T2 2027'); null if none."
    )

    @field_validator("verb")
    @classmethod
    def _verb_is_a_change(cls, verb: str) -> str:
        problem = rules.kr_verb_problem(verb)
        if problem:
            raise ValueError(problem)
        return verb.strip()

    @field_validator("baseline", "target")
    @classmethod
    def _value_is_a_number(cls, value: str | None) -> str | None:
        # A placeholder means "unknown": keep None so the renderer shows the standard one and asks.
        if value is None or value.strip().lower() in _UNKNOWN or rules.find_placeholders(value):
            return None
        if not rules.has_number(value):
            raise ValueError(
                f"'{value}' is not a number: give the number from the draft, or null when it is unknown."
            )
        return value.strip()


class InitiativeSlots(BaseModel):
    text: str = Field(
        description="A deliverable from the draft (feature, project, task), kept as an initiative."
    )
    kr: int = Field(
        default=0, ge=0, description="0-based index of the key result this initiative should move."
    )


class ObjectiveSlots(BaseModel):
    verb: str = Field(
        description="Infinitive verb that opens the objective (Améliorer, Permettre / Make, Help).",
        json_schema_extra=_choices(rules.OBJECTIVE_VERB_CHOICES),
    )
    qualifier: str = Field(description="What changes, qualitatively (e.g. 'l'activation').")
    target: str = Field(
        description="Who or what it is for: the segment or target (e.g. 'des nouveaux clients PME')."
    )
    # minItems/maxItems reach the local model's grammar: the count holds by construction there.
    krs: list[KeyResultSlots] = Field(
        description="2 to 4 key results proving the objective is reached.",
        json_schema_extra={"minItems": MIN_KRS, "maxItems": MAX_KRS},
    )
    # Required (no default) so a grammar-constrained model cannot skip the deliverables.
    initiatives: list[InitiativeSlots] = Field(
        description="Every deliverable of the draft for this objective, kept as an initiative ([] if none).",
    )

    @field_validator("verb")
    @classmethod
    def _objective_verb(cls, verb: str) -> str:
        problem = rules.objective_verb_problem(verb)
        if problem:
            raise ValueError(problem)
        return verb.strip()

    @field_validator("krs")
    @classmethod
    def _kr_count(cls, krs: list[KeyResultSlots]) -> list[KeyResultSlots]:
        if not MIN_KRS <= len(krs) <= MAX_KRS:
            raise ValueError(
                f"give between {MIN_KRS} and {MAX_KRS} key results per objective, not {len(krs)}."
            )
        return krs

    @model_validator(mode="after")
    def _initiatives_point_at_krs(self) -> ObjectiveSlots:
        for ini in self.initiatives:
            if ini.kr >= len(self.krs):
                ini.kr = len(self.krs) - 1
        return self


class RewriteSlots(BaseModel):
    """The model's whole answer."""

    objectives: list[ObjectiveSlots] = Field(
        description="1 to 3 rewritten objectives.",
        json_schema_extra={"minItems": 1, "maxItems": MAX_OBJECTIVES},
    )

    @field_validator("objectives")
    @classmethod
    def _objective_count(cls, objectives: list[ObjectiveSlots], info: ValidationInfo) -> list[ObjectiveSlots]:
        if not objectives:
            raise ValueError("give at least one objective.")
        if len(objectives) > MAX_OBJECTIVES:
            raise ValueError(f"give at most {MAX_OBJECTIVES} objectives, not {len(objectives)}.")
        return objectives


# --------------------------------------------------------------------------------------------------------
# What the model fills in engine v2: only what code cannot read reliably, each answer checked before use.
# --------------------------------------------------------------------------------------------------------
MAX_SEGMENT_WORDS = 8


class ObjectiveSegment(BaseModel):
    segment: str | None = Field(
        default=None,
        description="Whom the objective is for, copied word for word from the draft "
        "('les nouveaux salariés', 'Mid-Market accounts'); null when the draft names nobody.",
    )

    @field_validator("segment")
    @classmethod
    def _unknown_is_null(cls, segment: str | None) -> str | None:
        if segment is None or segment.strip().lower() in _UNKNOWN:
            return None
        return segment.strip().strip("\"'«»“”").strip()


class SegmentSlots(BaseModel):
    """The model's answer: one segment per objective the code could not place, in order."""

    objectives: list[ObjectiveSegment] = Field(
        description="One entry per objective listed, in order.",
        json_schema_extra={"minItems": 1, "maxItems": MAX_OBJECTIVES},
    )

    @field_validator("objectives")
    @classmethod
    def _one_per_objective(cls, objectives: list[ObjectiveSegment]) -> list[ObjectiveSegment]:
        if not objectives:
            raise ValueError("give one entry per objective listed.")
        return objectives
