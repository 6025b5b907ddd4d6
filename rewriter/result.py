"""The rewrite result: slots, sentences rendered from them, initiatives, questions, provenance."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from rewriter.draft import Lang

QuestionField = Literal["baseline", "target", "deadline", "segment", "value", "metric", "parent"]
Source = Literal["draft", "library", "model", "code"]


class KeyResult(BaseModel):
    verb: str = Field(description="Action verb in the infinitive.")
    metric: str = Field(description="What is measured, with its segment.")
    baseline: str | None = Field(
        default=None, description="Current value; None means a placeholder is shown."
    )
    target: str | None = Field(default=None, description="Target value; None means a placeholder is shown.")
    unit: str | None = Field(default=None, description="Unit of baseline and target.")
    deadline: str | None = Field(default=None, description="Deadline; None means a placeholder is shown.")
    compared_to: str | None = Field(
        default=None, description="For a change by N: the period it is measured against ('vs T2 2026')."
    )
    sentence: str = Field(default="", description="The key result rendered by code from the slots.")
    run_kpi: bool = Field(
        default=False, description="True when the KR only holds a value steady (health metric)."
    )
    source: Source = Field(
        default="model",
        description="Where the KR comes from: the draft (kept), the metric library, the model, or code.",
    )
    draft_text: str | None = Field(
        default=None, description="The draft's own sentence when the KR is kept as written, else None."
    )
    metric_id: str | None = Field(default=None, description="The metric library's id of what it measures.")
    deadline_answered: bool = Field(
        default=False, description="The deadline was given by the PM after the rewrite (shown on a kept KR)."
    )


class Initiative(BaseModel):
    text: str = Field(description="The deliverable, kept from the draft.")
    kr: int = Field(description="0-based index of the key result it is meant to move.")
    cells: str | None = Field(
        default=None,
        description="A table row's aim and date cells for the deliverable, as written ('by Aug 20', '4 stages').",
    )

    @property
    def shown(self) -> str:
        """The deliverable as shown: its text, and its row's aim and date cells in parentheses."""
        return f"{self.text} ({self.cells})" if self.cells else self.text


class Candidate(BaseModel):
    """A library metric offered for an objective when the draft did not prove one well enough to make it a KR."""

    metric_id: str = Field(description="The metric library's id, e.g. 'pub_counter_appointment_wait'.")
    name: str = Field(description="The metric's name in the result's language, written to follow a verb.")
    verb: str = Field(description="The verb of the metric's direction: 'Réduire', 'Increase'.")
    unit: str | None = Field(default=None, description="The unit its values take: '%', 'min', 'jours'.")
    matched: list[str] = Field(
        default_factory=list, description="The draft's words that led to it, as the author wrote them."
    )


class Objective(BaseModel):
    verb: str = Field(description="Infinitive verb opening the objective.")
    qualifier: str = Field(description="What changes, qualitatively.")
    target: str = Field(description="The segment or target the objective is for.")
    sentence: str = Field(default="", description="The objective rendered from its slots.")
    key_results: list[KeyResult] = Field(default_factory=list, description="2 to 4 key results.")
    initiatives: list[Initiative] = Field(
        default_factory=list, description="Deliverables kept as initiatives."
    )
    source: Source = Field(default="model", description="Where the wording comes from.")
    needs_segment: bool = Field(
        default=True, description="False when the qualifier already names whom the objective is for."
    )
    draft_text: str | None = Field(
        default=None, description="The draft's own objective when it is kept as written, else None."
    )
    candidates: list[Candidate] = Field(
        default_factory=list,
        description="Library metrics of the draft's trade offered to choose (at most 5, best first), when fewer "
        "than two KRs could be grounded; choosing one adds its KR (`rewriter.choose_candidate`).",
    )
    unlinked_parent: str | None = Field(
        default=None,
        description="The draft's parent line (mission, North Star, company objective) that nothing in this "
        "objective links to, as written: the result asks how the objective moves it. None when the draft has no "
        "parent line or the objective shares a meaningful word or a metric with one.",
    )
    contribution: str | None = Field(
        default=None,
        description="How the objective moves `unlinked_parent`, in the author's words (the answer to the "
        "'parent' question); None until answered.",
    )


class Question(BaseModel):
    objective: int = Field(description="0-based index of the objective concerned.")
    kr: int | None = Field(
        default=None, description="0-based index of the key result, None for the objective."
    )
    field: QuestionField = Field(description="Which slot the answer fills.")
    text: str = Field(description="The question, in the result's language.")


class Usage(BaseModel):
    prompt_tokens: int = Field(default=0, description="Prompt tokens over all attempts.")
    completion_tokens: int = Field(default=0, description="Completion tokens over all attempts.")


class Provenance(BaseModel):
    model: str = Field(description="litellm model string that produced the answer.")
    prompt_name: str = Field(description="Name of the prompt used.")
    prompt_version: str = Field(description="Content hash of the prompt files.")
    usage: Usage = Field(default_factory=Usage, description="Token usage reported by the provider.")
    duration_s: float = Field(default=0.0, description="Wall time of the model step, seconds.")
    attempts: int = Field(default=1, description="Model calls made, re-asks included.")
    model_slots: list[str] = Field(
        default_factory=list, description="Slots whose value the model's answer filled (e.g. 'O1 segment')."
    )
    error: str | None = Field(
        default=None, description="Why the model step failed (the result is then the deterministic one)."
    )


class RewriteResult(BaseModel):
    lang: Lang = Field(description="Language of the rewrite.")
    draft: str = Field(description="The draft as given.")
    objectives: list[Objective] = Field(default_factory=list, description="The rewritten objectives.")
    questions: list[Question] = Field(default_factory=list, description="One question per placeholder.")
    parents: list[str] = Field(
        default_factory=list,
        description="What the team contributes to (mission, North Star, company objective), as the draft says it.",
    )
    context: list[str] = Field(
        default_factory=list,
        description="The draft's statements of today's figures, as written (cue words cut).",
    )
    rationale: list[str] = Field(default_factory=list, description="Why each change was made.")
    level_before: int = Field(default=1, ge=1, le=4, description="Maturity level of the draft (1–4).")
    level_after: int | None = Field(default=None, description="Maturity level reached by the rewrite.")
    numbers_dropped: list[str] = Field(
        default_factory=list, description="Numbers of the draft found nowhere in the rewrite."
    )
    numbers_replaced: list[str] = Field(
        default_factory=list, description="Numbers the model invented, replaced by placeholders."
    )
    error: str | None = Field(default=None, description="Why no rewrite could be produced, if so.")
    kept_as_is: bool = Field(
        default=False, description="The draft was sound: kept by code, no model call, questions only."
    )
    needs_input: bool = Field(
        default=False,
        description="The model step failed: the result is the deterministic one and waits for the PM's answers.",
    )
    provenance: Provenance | None = Field(default=None, description="Where the answer came from.")

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_markdown(self) -> str:
        from rewriter.render import result_markdown

        return result_markdown(self)

    def answer(self, answers: dict[tuple[int, int | None, str], str]) -> RewriteResult:
        """Fill placeholders from the user's answers, without a model call."""
        from rewriter.render import apply_answers

        return apply_answers(self, answers)
