"""The deterministic analyzer: coded findings and a maturity level, with no model call.

The web form shows its diagnosis at once, the rewriter sends its findings as hints and re-asks the model
while an error remains on the answer, and the eval scorer grades rewrites with the same rules.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, Field

from rewriter.analysis.checks import check_draft
from rewriter.analysis.levels import draft_level, objective_level
from rewriter.analysis.messages import FINDINGS, Severity
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.result import RewriteResult

__all__ = ["Diagnosis", "Finding", "analyze", "analyze_result"]


class Finding(BaseModel):
    """One defect of the draft against the method, with where it is and how to fix it."""

    code: str = Field(description="Stable id of the defect, e.g. 'kr.output_verb' or 'obj.too_vague'.")
    severity: Severity = Field(
        description="'error' breaks the method (the rewriter re-asks on it), 'warning' weakens it, 'info' notes."
    )
    message_fr: str = Field(description="What is wrong, in French.")
    message_en: str = Field(description="What is wrong, in English.")
    suggestion_fr: str = Field(description="How to fix it, in French.")
    suggestion_en: str = Field(description="How to fix it, in English.")
    line: int | None = Field(
        default=None, description="1-based line in the pasted text, None for the whole draft."
    )
    span: tuple[int, int] | None = Field(
        default=None, description="Character offsets (start, end) in Draft.raw of the text it points at."
    )
    objective: int | None = Field(default=None, description="0-based index of the objective concerned.")
    kr: int | None = Field(default=None, description="0-based index of the key result within its objective.")
    values: dict[str, str] = Field(
        default_factory=dict, description="The values its wording quotes, e.g. {'verb': 'livrer'}."
    )

    def message(self, lang: Lang) -> str:
        return self.message_fr if lang == "fr" else self.message_en

    def suggestion(self, lang: Lang) -> str:
        return self.suggestion_fr if lang == "fr" else self.suggestion_en


class Diagnosis(BaseModel):
    """The analyzer's verdict on a draft or a rewrite: level, reasons and findings."""

    level: int = Field(
        ge=1,
        le=4,
        description="Maturity of the whole draft: 1 features, 2 projects, 3 outcomes, 4 strategic.",
    )
    objective_levels: list[int] = Field(
        default_factory=list, description="Maturity level of each objective, in order."
    )
    reasons_fr: list[str] = Field(default_factory=list, description="Why that level, in French.")
    reasons_en: list[str] = Field(default_factory=list, description="Why that level, in English.")
    findings: list[Finding] = Field(default_factory=list, description="Every defect found, in reading order.")
    lang: Lang = Field(default="fr", description="Language of the analysed text.")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def reasons(self, lang: Lang) -> list[str]:
        return self.reasons_fr if lang == "fr" else self.reasons_en


def analyze(draft: Draft) -> Diagnosis:
    """Diagnose a parsed draft: coded findings and maturity level, deterministic and fast."""
    raw_findings = check_draft(draft)
    findings = [_finding(draft, rf.code, rf.objective, rf.kr, rf.text_line, rf.values) for rf in raw_findings]
    levels = [objective_level(o, draft.lang) for o in draft.objectives if o.text or o.key_results]
    level, reasons_fr, reasons_en = draft_level(levels)
    return Diagnosis(
        level=level,
        objective_levels=[lv.level for lv in levels],
        reasons_fr=reasons_fr,
        reasons_en=reasons_en,
        findings=findings,
        lang=draft.lang,
    )


def analyze_result(result: RewriteResult) -> Diagnosis:
    """The same rules applied to a rewrite, read from its rendered sentences (rendered from slots if empty)."""
    from rewriter.render import render_key_result, render_objective

    shape = tuple(
        (
            obj.sentence or render_objective(obj, result.lang),
            tuple(kr.sentence or render_key_result(kr, result.lang) for kr in obj.key_results),
        )
        for obj in result.objectives
    )
    # A copy: callers own their diagnosis, the memo keeps its own.
    return _analyze_rendered(shape, result.lang).model_copy(deep=True)


@lru_cache(maxsize=512)
def _analyze_rendered(shape: tuple[tuple[str, tuple[str, ...]], ...], lang: Lang) -> Diagnosis:
    """Memoised on the rendered text: the re-ask check and the final result often render the same rewrite."""
    lines: list[str] = []
    objectives: list[DraftObjective] = []
    for obj_text, kr_texts in shape:
        lines.append(obj_text)
        current = DraftObjective(text=obj_text, line=len(lines))
        for kr_text in kr_texts:
            lines.append(kr_text)
            current.key_results.append(DraftLine(text=kr_text, line=len(lines)))
        objectives.append(current)
    return analyze(Draft(raw="\n".join(lines), objectives=objectives, lang=lang))


def _finding(
    draft: Draft,
    code: str,
    objective: int | None,
    kr: int | None,
    text_line: DraftLine | None,
    values: dict[str, str],
) -> Finding:
    text = FINDINGS[code]
    return Finding(
        code=code,
        severity=text.severity,
        message_fr=text.message_fr.format(**values),
        message_en=text.message_en.format(**values),
        suggestion_fr=text.suggestion_fr.format(**values),
        suggestion_en=text.suggestion_en.format(**values),
        line=text_line.line if text_line else None,
        span=_span(draft.raw, text_line) if text_line else None,
        objective=objective,
        kr=kr,
        values=values,
    )


def _span(raw: str, text_line: DraftLine) -> tuple[int, int] | None:
    """Offsets of the line's text in the raw paste; the whole line when the text was rebuilt (rows, labels)."""
    lines = raw.splitlines(keepends=True)
    if not 1 <= text_line.line <= len(lines):
        return None
    start = sum(len(x) for x in lines[: text_line.line - 1])
    raw_line = lines[text_line.line - 1].rstrip("\r\n")
    probe = text_line.text[:40]
    at = raw_line.find(probe) if probe else -1
    if at < 0:
        return (start, start + len(raw_line))
    end = raw_line.find(text_line.text)
    length = len(text_line.text) if end == at else len(probe)
    return (start + at, start + at + length)
