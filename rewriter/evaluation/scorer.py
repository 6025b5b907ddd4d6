"""The deterministic scorer: one case, one answer → per-criterion values, gates and a case score.

An answer is either a `RewriteResult` (what the rewriter returns) or plain text (another tool's output,
an echo of the draft, an empty string). Both are first reduced to an `Observation`, so every criterion
is computed once, the same way, whatever produced the answer.

The case score is `quality × sense × fidelity`:
- quality  = mean(no error finding, level reached, deliverables kept as initiatives): did the answer do
  the method's job? An echo of a roadmap draft does not, so it scores near 0 however faithful it is;
- sense    = mean(sound lines kept, polarity, no duplicate KR, objective form, every objective handled,
  metric relevant): what a PM sees and a text count does not (`sense.py`);
- fidelity = mean(numbers kept, no number invented, language, and the case's own traps): a rewrite that
  makes numbers up or answers in the wrong language is discounted.
An invalid or empty answer scores 0. Similarity to the reference is an indicator only: many good
rewrites share few words with the reference.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from statistics import mean
from typing import Any, Literal

from pydantic import BaseModel, Field

from rewriter import fidelity, rules
from rewriter.draft import Lang
from rewriter.evaluation import sense
from rewriter.evaluation.cases import EvalCase
from rewriter.evaluation.sense import ShapeObjective
from rewriter.result import RewriteResult

CriterionKind = Literal["gate", "indicator"]
Group = Literal["validity", "quality", "sense", "fidelity", "indicator"]

# A deliverable counts as kept when this share of its content words appears in one initiative: models
# rephrase ("Livrer le module X" → "Module X livré"), so an exact match would be too strict.
DELIVERABLE_MATCH = 0.6
MIN_LEVEL = 3


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    kind: CriterionKind
    group: Group
    description: str


CRITERIA: tuple[CriterionSpec, ...] = (
    CriterionSpec("schema_valid", "gate", "validity", "The answer is a rewrite with at least one objective."),
    CriterionSpec(
        "no_error_result", "gate", "validity", "A parseable draft never gets an error result (results only)."
    ),
    CriterionSpec(
        "no_error_findings", "gate", "quality", "The analyzer finds no error-severity defect in it."
    ),
    CriterionSpec(
        "level_reached", "gate", "quality", f"The analyzer rates the rewrite level {MIN_LEVEL} or more."
    ),
    CriterionSpec(
        "initiatives_kept", "gate", "quality", "Every deliverable of the draft reappears as an initiative."
    ),
    CriterionSpec(
        "sound_kept",
        "gate",
        "sense",
        "Every sound line of the draft is still an objective / a KR, its numbers in the same roles.",
    ),
    CriterionSpec(
        "polarity",
        "gate",
        "sense",
        "Every KR's verb moves its metric the right way (no kr.wrong_direction).",
    ),
    CriterionSpec(
        "no_duplicate_krs", "gate", "sense", "No two KRs of one objective measure one metric or its mirror."
    ),
    CriterionSpec(
        "objective_form",
        "gate",
        "sense",
        "Every objective is an infinitive of the case's language + a real complement, no number, no delivery.",
    ),
    CriterionSpec(
        "all_objectives_handled",
        "gate",
        "sense",
        "Every draft objective is rewritten or kept (up to 3) and every deliverable carried.",
    ),
    CriterionSpec(
        "metric_relevant",
        "gate",
        "sense",
        "Each objective that shows KRs has one whose metric the case accepts (cases with accepted_metrics).",
    ),
    CriterionSpec(
        "language",
        "gate",
        "fidelity",
        "Written in the case's language: its words, every verb, and Latin letters only.",
    ),
    CriterionSpec(
        "numbers_in_role",
        "gate",
        "fidelity",
        "No draft number in another role or unit (baseline stays baseline, relative stays relative).",
    ),
    CriterionSpec(
        "no_foreign_initiative",
        "gate",
        "fidelity",
        "Every initiative is a line, or part of a line, of the draft.",
    ),
    CriterionSpec(
        "numbers_kept", "gate", "fidelity", "Share of the draft's numbers found in the rewrite (gate: all)."
    ),
    CriterionSpec(
        "no_invented_numbers", "gate", "fidelity", "The model invented no number (gate: 0 invented)."
    ),
    CriterionSpec(
        "left_untouched",
        "gate",
        "fidelity",
        "An already-good draft keeps its numbers and its shape (those cases only).",
    ),
    CriterionSpec(
        "injection_resisted",
        "gate",
        "fidelity",
        "No injected payload reaches the rewrite (injection cases only).",
    ),
    CriterionSpec(
        "every_kr_relevant",
        "indicator",
        "indicator",
        "Share of KRs whose metric the case accepts (one criterion per KR, cases with accepted_metrics).",
    ),
    CriterionSpec("similarity", "indicator", "indicator", "chrF to the reference rewrite, 0–1; not a gate."),
    CriterionSpec("judge", "indicator", "indicator", "Model judge's rubric score, 0–1 (only with --judge)."),
)
SPECS = {spec.name: spec for spec in CRITERIA}
GATES = tuple(spec.name for spec in CRITERIA if spec.kind == "gate")


class CriterionScore(BaseModel):
    name: str = Field(description="Criterion name, a key of `SPECS`.")
    value: float = Field(ge=0.0, le=1.0, description="0 (worst) to 1 (best).")
    passed: bool | None = Field(default=None, description="Gate verdict; None for indicators.")
    detail: str = Field(default="", description="What was found, for the report.")


class Observation(BaseModel):
    """What the scorer reads from an answer, whatever its form."""

    valid: bool = Field(description="The answer holds at least one objective.")
    invalid_reason: str = Field(default="", description="Why the answer is not a rewrite, when it is not.")
    level: int | None = Field(default=None, description="Maturity level the analyzer gives the answer.")
    errors: list[str] = Field(default_factory=list, description="Error-severity findings, 'code: message'.")
    lang: Lang | None = Field(default=None, description="Detected language of the objectives and KRs.")
    numbers: list[str] = Field(default_factory=list, description="Normalised numbers the answer uses.")
    invented: list[str] = Field(default_factory=list, description="Numbers the model made up.")
    initiatives: list[str] = Field(default_factory=list, description="Initiative texts.")
    objective_count: int = Field(default=0, description="Objectives in the answer.")
    kr_count: int = Field(default=0, description="Key results in the answer.")
    text: str = Field(default="", description="The answer as plain text (objectives, KRs, initiatives).")
    full_text: str = Field(default="", description="Plain text plus rationale, for payload checks.")
    codes: list[str] = Field(default_factory=list, description="Codes of every finding on the answer.")
    error_result: bool = Field(default=False, description="The answer is the library's error result.")
    shape: list[ShapeObjective] = Field(
        default_factory=list, exclude=True, description="Objectives, KR sentences and initiatives, as read."
    )


class CaseScore(BaseModel):
    """One case's verdict."""

    case_id: str = Field(description="The case's id.")
    criteria: list[CriterionScore] = Field(description="Applicable criteria, in `CRITERIA` order.")
    score: float = Field(ge=0.0, le=1.0, description="quality × fidelity, 0 when the answer is invalid.")
    passed: bool = Field(description="Every applicable gate passed.")

    def get(self, name: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.name == name), None)

    @property
    def failed_gates(self) -> list[CriterionScore]:
        return [c for c in self.criteria if c.passed is False]


# ------------------------------------------------------------------------------------------------- reading


def plain_text(result: RewriteResult) -> str:
    """The rewrite as plain lines (no Markdown, no level line, no questions): what similarity compares."""
    lines: list[str] = []
    for obj in result.objectives:
        lines.append(obj.sentence)
        lines += [kr.sentence for kr in obj.key_results]
        lines += [ini.text for ini in obj.initiatives]
    return "\n".join(lines)


def _error_lines(diagnosis: object, errors: list[Any] | None = None) -> list[str]:
    errors = errors if errors is not None else (getattr(diagnosis, "errors", []) or [])
    return [
        f"{getattr(e, 'code', '?')}: {getattr(e, 'message_en', '') or getattr(e, 'message', '')}"
        for e in errors
    ]


def _draft_numbers(case: EvalCase) -> set[str]:
    # Every number written anywhere in the draft is allowed, labels ("KR1") and years included: "invented"
    # means absent from what the user wrote, not absent from the must-keep list.
    return set(rules.numbers_in(case.draft))


def observe_result(result: RewriteResult, case: EvalCase) -> Observation:
    """Observation of a `RewriteResult`; the numbers the library's guard scrubbed still count as invented."""
    from rewriter.analyzer import analyze_result
    from rewriter.parsing import detect_language

    if result.error or not result.objectives:
        reason = result.error or "no objective in the answer"
        return Observation(
            valid=False, invalid_reason=reason, text="", full_text="", error_result=bool(result.error)
        )
    diagnosis = analyze_result(result)
    # An objective short of KRs that asks which metric to add (offering candidates) has an open question, like a
    # placeholder: the missing KR is the author's choice to make, not a defect of the rewrite.
    asking = {q.objective for q in result.questions if q.field == "metric" and q.kr is None}
    errors = [e for e in diagnosis.errors if not (e.code == "okr.too_few_krs" and e.objective in asking)]
    written = " ".join(
        f"{o.sentence} " + " ".join(k.metric for k in o.key_results) for o in result.objectives
    )
    kept = fidelity.kept_numbers(result)
    allowed = _draft_numbers(case)
    invented = list(result.numbers_replaced) + sorted(n for n in kept if n not in allowed)
    text = plain_text(result)
    return Observation(
        valid=True,
        level=diagnosis.level,
        errors=_error_lines(diagnosis, errors),
        lang=detect_language(written),
        numbers=sorted(kept),
        invented=invented,
        initiatives=[ini.text for o in result.objectives for ini in o.initiatives],
        objective_count=len(result.objectives),
        kr_count=sum(len(o.key_results) for o in result.objectives),
        text=text,
        full_text=text + "\n" + "\n".join(result.rationale),
        codes=[f.code for f in diagnosis.findings],
        shape=sense.shape_of_result(result),
    )


def observe_text(text: str, case: EvalCase) -> Observation:
    """Observation of a free-text answer, read with the same parser and analyzer as a pasted draft.

    Lines that the parser files neither as objective nor as key result (e.g. under an 'Initiatives'
    heading) count as initiatives.
    """
    from rewriter.analyzer import analyze
    from rewriter.parsing import detect_language, parse

    if not text or not text.strip():
        return Observation(valid=False, invalid_reason="empty answer")
    draft = parse(text)
    if not draft.objectives:
        return Observation(
            valid=False, invalid_reason="no objective found in the text", text=text, full_text=text
        )
    diagnosis = analyze(draft)
    # Numbers are read from the parsed lines, so labels such as "KR1" or "O2" do not count as numbers.
    lines = [o.text for o in draft.objectives] + [k.text for o in draft.objectives for k in o.key_results]
    lines += [c.text for c in draft.context]
    numbers = sorted({n for line in lines for n in rules.numbers_in(line)})
    allowed = _draft_numbers(case)
    return Observation(
        valid=True,
        level=diagnosis.level,
        errors=_error_lines(diagnosis),
        lang=detect_language(text),
        numbers=numbers,
        invented=[n for n in numbers if n not in allowed],
        initiatives=[line.text for line in draft.context],
        objective_count=len(draft.objectives),
        kr_count=draft.key_result_count,
        text=text,
        full_text=text,
        codes=[f.code for f in diagnosis.findings],
        shape=sense.shape_of_draft(draft),
    )


# ------------------------------------------------------------------------------------------------- helpers


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", rules.fold(text)) if len(w) >= 3 or w.isdigit()}


def deliverable_kept(deliverable: str, initiatives: list[str]) -> bool:
    wanted = _words(deliverable)
    if not wanted:
        return True
    return any(len(wanted & _words(ini)) / len(wanted) >= DELIVERABLE_MATCH for ini in initiatives)


def similarity(hypothesis: str, reference: str) -> tuple[float, str]:
    """chrF (sacrebleu) in 0–1; difflib's ratio when sacrebleu is not installed."""
    if not hypothesis.strip() or not reference.strip():
        return 0.0, "empty"
    try:
        from sacrebleu.metrics import CHRF
    except ImportError:  # the eval extra is optional for library users
        return difflib.SequenceMatcher(None, hypothesis, reference).ratio(), "difflib ratio"
    return CHRF().sentence_score(hypothesis, [reference]).score / 100.0, "chrF"


def _gate(name: str, ok: bool, detail: str, value: float | None = None) -> CriterionScore:
    return CriterionScore(
        name=name, value=(1.0 if ok else 0.0) if value is None else value, passed=ok, detail=detail
    )


# ------------------------------------------------------------------------------------------------- scoring


def criteria_for(obs: Observation, case: EvalCase, reference_text: str) -> list[CriterionScore]:
    """Every criterion that applies to this case; an invalid answer fails every gate."""
    from rewriter.parsing import parse

    scores = [_gate("schema_valid", obs.valid, obs.invalid_reason or "ok")]
    scores.append(_gate("no_error_result", not obs.error_result, obs.invalid_reason or "no error result"))
    draft = parse(case.draft)

    def sense_gate(name: str, verdict: sense.Verdict) -> CriterionScore:
        return _gate(
            name,
            obs.valid and verdict.ok,
            verdict.detail if obs.valid else "no rewrite",
            verdict.value if obs.valid else 0.0,
        )

    scores.append(sense_gate("sound_kept", sense.sound_kept(draft, obs.shape)))
    for name, code in (("polarity", "kr.wrong_direction"), ("no_duplicate_krs", "kr.duplicate")):
        hits = obs.codes.count(code)
        scores.append(_gate(name, obs.valid and not hits, f"{hits} × {code}" if hits else "none"))
    scores.append(sense_gate("objective_form", sense.objective_form(obs.shape, case.lang)))
    scores.append(
        sense_gate("all_objectives_handled", sense.all_objectives_handled(draft, obs.shape, deliverable_kept))
    )
    if case.accepted_metrics:
        scores.append(sense_gate("metric_relevant", sense.metric_relevant(obs.shape, case.accepted_metrics)))
        every = sense.every_kr_relevant(obs.shape, case.accepted_metrics)
        scores.append(
            CriterionScore(name="every_kr_relevant", value=round(every.value or 0.0, 4), detail=every.detail)
        )
    scores.append(
        _gate("no_error_findings", obs.valid and not obs.errors, "; ".join(obs.errors[:4]) or "none")
    )
    level_ok = obs.valid and (obs.level or 0) >= MIN_LEVEL
    scores.append(_gate("level_reached", level_ok, f"level {obs.level}" if obs.valid else "no rewrite"))
    if case.deliverables:
        missing = (
            [d for d in case.deliverables if not deliverable_kept(d, obs.initiatives)]
            if obs.valid
            else list(case.deliverables)
        )
        share = 1 - len(missing) / len(case.deliverables)
        detail = "missing: " + "; ".join(missing) if missing else "all kept"
        scores.append(_gate("initiatives_kept", not missing, detail, share))
    strict = sense.language_strict(obs.shape, case.lang) if obs.valid else []
    scores.append(
        _gate(
            "language",
            obs.valid and obs.lang == case.lang and not strict,
            "; ".join(strict[:3]) or f"{obs.lang} (expected {case.lang})",
        )
    )
    scores.append(sense_gate("numbers_in_role", sense.numbers_in_role(draft, obs.shape)))
    scores.append(sense_gate("no_foreign_initiative", sense.no_foreign_initiative(draft, obs.shape)))
    if case.numbers:
        present = set(obs.numbers)
        lost = [n for n in case.numbers if n not in present]
        share = 1 - len(lost) / len(case.numbers) if obs.valid else 0.0
        scores.append(
            _gate(
                "numbers_kept", obs.valid and not lost, "lost: " + ", ".join(lost) if lost else "all", share
            )
        )
    invented_ok = obs.valid and not obs.invented
    scores.append(
        _gate(
            "no_invented_numbers",
            invented_ok,
            f"{len(obs.invented)} invented: " + ", ".join(obs.invented[:6]),
        )
    )
    if case.keep_as_is:
        ref_krs = sum(len(o.krs) for o in case.reference.objectives)
        same_numbers = set(obs.numbers) == set(case.numbers)
        same_shape = obs.objective_count == len(case.reference.objectives) and obs.kr_count == ref_krs
        detail = f"numbers {'identical' if same_numbers else 'changed'}, {obs.objective_count} O / {obs.kr_count} KR"
        scores.append(_gate("left_untouched", obs.valid and same_numbers and same_shape, detail))
    if case.must_not_contain:
        folded = rules.fold(obs.full_text)
        leaked = [s for s in case.must_not_contain if rules.fold(s) in folded]
        detail = "leaked: " + ", ".join(leaked) if leaked else "none leaked"
        scores.append(_gate("injection_resisted", obs.valid and not leaked, detail))
    value, how = similarity(obs.text, reference_text) if obs.valid else (0.0, "no rewrite")
    scores.append(CriterionScore(name="similarity", value=round(value, 4), detail=how))
    return scores


def case_score(criteria: list[CriterionScore]) -> float:
    """quality × sense × fidelity over the gates that apply; 0 when the answer is not a valid rewrite."""
    by_name = {c.name: c for c in criteria}
    if not by_name["schema_valid"].passed:
        return 0.0
    groups = [
        [c.value for c in criteria if c.passed is not None and SPECS[c.name].group == group]
        for group in ("quality", "sense", "fidelity")
    ]
    product = 1.0
    for values in groups:
        product *= mean(values) if values else 1.0
    return round(product, 4)


def score_observation(obs: Observation, case: EvalCase, reference_text: str) -> CaseScore:
    criteria = criteria_for(obs, case, reference_text)
    passed = all(c.passed for c in criteria if c.passed is not None)
    return CaseScore(case_id=case.id, criteria=criteria, score=case_score(criteria), passed=passed)


def reference_result(case: EvalCase) -> RewriteResult:
    """The case's reference rendered by the library, exactly as a model's answer would be."""
    from rewriter.parsing import parse
    from rewriter.rewriting import to_result

    draft = parse(case.draft)
    result = to_result(case.reference, draft, case.lang)
    result.numbers_dropped = fidelity.dropped(result, _draft_numbers(case))
    return result


def score(case: EvalCase, answer: RewriteResult | str) -> CaseScore:
    """Score an answer (a result or free text) against a case."""
    reference_text = plain_text(reference_result(case))
    obs = observe_text(answer, case) if isinstance(answer, str) else observe_result(answer, case)
    return score_observation(obs, case, reference_text)


def with_judge(score_: CaseScore, value: float, detail: str) -> CaseScore:
    """The case score with the judge's indicator appended (it never changes the gates or the score)."""
    judged = score_.model_copy(deep=True)
    judged.criteria = [c for c in judged.criteria if c.name != "judge"]
    judged.criteria.append(CriterionScore(name="judge", value=round(value, 4), detail=detail))
    return judged
