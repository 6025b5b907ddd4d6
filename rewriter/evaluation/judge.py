"""Optional model judge: any litellm model grades a rewrite against the rubric in `prompts/judge.md`.

It goes through the project's one model seam (`llm.structured`), so a judge answer is schema-checked and
re-asked like a rewrite. Its score is an indicator in the report, never a gate: judges drift, the
deterministic criteria do not.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from rewriter import llm, prompts

JUDGE_PROMPT = "judge.md"
RubricCriterion = Literal["outcome", "measurable", "faithful", "initiatives", "clear"]
RUBRIC: tuple[RubricCriterion, ...] = ("outcome", "measurable", "faithful", "initiatives", "clear")
MAX_GRADE = 2


class Grade(BaseModel):
    criterion: RubricCriterion = Field(description="Rubric criterion being graded.")
    score: int = Field(ge=0, le=MAX_GRADE, description="0 fails, 1 partly met, 2 fully met.")
    reason: str = Field(description="One sentence explaining the score.")


class JudgeVerdict(BaseModel):
    """The judge's answer: one grade per rubric criterion."""

    grades: list[Grade] = Field(description="Exactly one grade for each of: " + ", ".join(RUBRIC) + ".")

    @field_validator("grades")
    @classmethod
    def _one_per_criterion(cls, grades: list[Grade]) -> list[Grade]:
        names = [g.criterion for g in grades]
        missing = [c for c in RUBRIC if c not in names]
        if missing or len(names) != len(set(names)):
            raise ValueError(
                f"give exactly one grade per criterion; missing {missing or 'none'}, no duplicates."
            )
        return grades

    @property
    def value(self) -> float:
        """Mean grade scaled to 0–1."""
        return sum(g.score for g in self.grades) / (MAX_GRADE * len(self.grades))

    def summary(self) -> str:
        return "; ".join(f"{g.criterion} {g.score}/{MAX_GRADE}: {g.reason}" for g in self.grades)


def judge_messages(draft: str, rewrite: str, reference: str) -> list[dict[str, Any]]:
    from rewriter.rewriting import as_data

    # The draft and the rewrite are data: delimiters inside them are defused as for the rewrite prompt.
    content = prompts.render(
        JUDGE_PROMPT, draft=as_data(draft), rewrite=as_data(rewrite), reference=as_data(reference)
    )
    return [{"role": "user", "content": content}]


def judge(messages: list[dict[str, Any]], model: llm.Model) -> llm.Completion[JudgeVerdict]:
    """Grade once; raises `llm.ModelCallError` when the judge gives no valid verdict."""
    return llm.structured(messages, JudgeVerdict, model=model, max_retries=2)
