"""The eval harness: run each case through the rewrite flow (replaying cached answers), score, compare.

It reuses the rewriter's own steps (`prepare`, `build_messages`, `finish`), so what is scored is exactly
what a user gets; only the model call goes through the replay cache. A draft code rewrites alone (sound
lines kept, every segment found) makes no call and caches nothing; a model failure is scored as the composed
result it leaves, and counted apart (`model_failures`) since the result itself does not show it.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from rewriter import llm, prompts
from rewriter.evaluation.cache import CacheEntry, ResponseCache, request_key, slug
from rewriter.evaluation.cases import EvalCase
from rewriter.evaluation.scorer import (
    CRITERIA,
    GATES,
    CaseScore,
    plain_text,
    reference_result,
    score,
    with_judge,
)
from rewriter.result import RewriteResult, Usage

DEFAULT_TOLERANCE = 0.05
# Compared against the baseline; indicators (similarity, judge) are reported but never fail a run.
GATED_METRICS = ("pass_rate", "score", *GATES)


class CaseRun(BaseModel):
    """One case's run: the answer, where it came from, and its score (None when skipped)."""

    case: EvalCase = Field(description="The case as loaded.")
    result: RewriteResult | None = Field(default=None, description="The rewrite, None when skipped.")
    score: CaseScore | None = Field(default=None, description="The scorer's verdict, None when skipped.")
    asked_model: bool = Field(
        default=False,
        description="Code could not fill every slot, so the draft needed a model answer; False: no model call.",
    )
    cached: bool = Field(default=False, description="The model answer was replayed from the cache.")
    skipped: str | None = Field(default=None, description="Why the case was not run (time budget).")
    duration_s: float = Field(
        default=0.0, description="Model wall time, as recorded when the answer was made."
    )
    attempts: int = Field(default=0, description="Model calls, re-asks included.")
    judge_error: str | None = Field(default=None, description="Why the judge gave no verdict, if so.")


class CriterionSummary(BaseModel):
    name: str = Field(description="Criterion name.")
    kind: str = Field(description="'gate' or 'indicator'.")
    applicable: int = Field(description="Scored cases the criterion applies to.")
    rate: float = Field(description="Mean value over those cases, 0–1.")
    pass_rate: float | None = Field(default=None, description="Share of those cases passing the gate.")


class Summary(BaseModel):
    cases: int = Field(description="Cases selected.")
    scored: int = Field(description="Cases scored (not skipped).")
    passed: int = Field(description="Cases passing every gate.")
    pass_rate: float = Field(description="passed / scored.")
    score: float = Field(description="Mean case score, 0–1.")
    criteria: dict[str, CriterionSummary] = Field(description="Per-criterion rates, in CRITERIA order.")

    def metric(self, name: str) -> float | None:
        if name in ("pass_rate", "score"):
            return float(getattr(self, name))
        found = self.criteria.get(name)
        return found.rate if found else None


class Delta(BaseModel):
    metric: str = Field(description="'pass_rate', 'score' or a criterion name.")
    baseline: float = Field(description="Baseline value over the cases both runs scored.")
    current: float = Field(description="This run's value over the same cases.")
    regressed: bool = Field(description="current < baseline − tolerance (gated metrics only).")


class Comparison(BaseModel):
    baseline_file: str = Field(description="Path of the baseline compared against.")
    tolerance: float = Field(description="Largest allowed drop, absolute, on a 0–1 scale.")
    common_cases: int = Field(description="Cases scored in both runs.")
    deltas: list[Delta] = Field(description="One per metric.")

    @property
    def regressions(self) -> list[Delta]:
        return [d for d in self.deltas if d.regressed]


class RunReport(BaseModel):
    model: str = Field(description="Model evaluated.")
    judge: str | None = Field(default=None, description="Judge model, if any.")
    prompt_version: str = Field(description="Prompt files' hash during the run.")
    started: str = Field(description="UTC start time.")
    duration_s: float = Field(description="Wall time of the whole run.")
    cache_hits: int = Field(description="Model answers replayed.")
    cache_misses: int = Field(description="Model answers requested for real.")
    code_only: int = Field(default=0, description="Cases code rewrote alone: no model call, nothing cached.")
    model_failures: int = Field(
        default=0, description="Cases whose model call gave no usable answer (the composed result is scored)."
    )
    summary: Summary = Field(description="Aggregates over scored cases.")
    runs: list[CaseRun] = Field(description="Every selected case, in order.")
    comparison: Comparison | None = Field(
        default=None, description="Against the baseline, when there is one."
    )


# ------------------------------------------------------------------------------------------------ one case


def _completion_from(entry: CacheEntry, value: BaseModel) -> llm.Completion[Any]:
    usage = Usage(prompt_tokens=entry.prompt_tokens, completion_tokens=entry.completion_tokens)
    return llm.Completion(value, entry.model, usage, entry.duration_s, entry.attempts)


def _retry_exhausted(exc: llm.ModelCallError) -> bool:
    """A final "no valid answer" is a property of the prompt and model, worth replaying; a timeout is not."""
    from instructor.core.exceptions import InstructorRetryException

    return isinstance(exc.__cause__, InstructorRetryException)


class Runner:
    """Runs cases against one model, through the cache."""

    def __init__(
        self,
        model: llm.Model,
        cache: ResponseCache,
        *,
        judge: llm.Model | None = None,
        max_retries: int | None = None,
        time_budget_s: float | None = None,
    ) -> None:
        from rewriter.rewriting import MAX_RETRIES

        self.model = model
        self.name = llm.model_name(model)
        self.cache = cache
        self.judge = judge
        self.max_retries = MAX_RETRIES if max_retries is None else max_retries
        self.time_budget_s = time_budget_s
        self.started = time.monotonic()
        self.version = prompts.prompt_version()

    def _over_budget(self) -> bool:
        return self.time_budget_s is not None and time.monotonic() - self.started > self.time_budget_s

    def run_case(self, case: EvalCase) -> CaseRun:
        from rewriter.rewriting import RESPONSE_MODEL, finish, prepare

        prepared = prepare(case.draft)
        messages = prepared.messages
        context = {"draft": prepared.draft, "lang": prepared.lang}
        outcome: llm.Completion[Any] | llm.ModelCallError | None = None
        cached = False
        if messages is not None:
            key = request_key(
                kind="rewrite",
                model=self.name,
                prompt_version=self.version,
                case=case.id,
                params={"max_retries": self.max_retries},
                schema=RESPONSE_MODEL.model_json_schema(),
                messages=messages,
            )
            entry = self.cache.get(self.name, key)
            if entry is not None:
                if entry.error is not None:
                    outcome = llm.ModelCallError(entry.error, attempts=entry.attempts)
                    cached = True
                elif entry.output is not None:
                    try:
                        # Re-validated with today's validators: an answer they would reject is a miss.
                        value = RESPONSE_MODEL.model_validate(entry.output, context=context)
                        outcome = _completion_from(entry, value)
                        cached = True
                    except ValidationError:
                        outcome = None
            if outcome is None:
                self.cache.misses += 1
                if self._over_budget():
                    return CaseRun(
                        case=case, asked_model=True, skipped="time budget spent before a real model call"
                    )
                outcome = self._call(case, key, messages, context)
            else:
                self.cache.hits += 1
        result = finish(outcome, prepared, self.model)
        if result.provenance is not None and isinstance(outcome, llm.Completion):
            result.provenance.model = self.name
        run = CaseRun(
            case=case,
            result=result,
            score=score(case, result),
            asked_model=messages is not None,
            cached=cached,
            duration_s=result.provenance.duration_s if result.provenance else 0.0,
            attempts=result.provenance.attempts if result.provenance else 0,
        )
        if self.judge is not None and run.score is not None:
            self._judge(run)
        return run

    def _call(
        self, case: EvalCase, key: str, messages: list[dict[str, Any]], context: dict[str, Any]
    ) -> llm.Completion[Any] | llm.ModelCallError:
        from rewriter.rewriting import RESPONSE_MODEL

        try:
            completion = llm.structured(
                messages, RESPONSE_MODEL, model=self.model, max_retries=self.max_retries, context=context
            )
        except llm.ModelCallError as exc:
            if _retry_exhausted(exc):
                self.cache.put(
                    self._entry("rewrite", self.name, case, key, None, str(exc), exc.usage, exc.attempts, 0)
                )
            return exc
        self.cache.put(
            self._entry(
                "rewrite",
                self.name,
                case,
                key,
                completion.value.model_dump(mode="json"),
                None,
                completion.usage,
                completion.attempts,
                completion.duration_s,
            )
        )
        return completion

    def _entry(
        self,
        kind: str,
        model: str,
        case: EvalCase,
        key: str,
        output: dict[str, Any] | None,
        error: str | None,
        usage: Usage,
        attempts: int,
        duration_s: float,
    ) -> CacheEntry:
        return CacheEntry.model_validate(
            {
                "key": key,
                "kind": kind,
                "model": model,
                "case": case.id,
                "prompt_version": self.version,
                "output": output,
                "error": error,
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "attempts": attempts,
                "duration_s": round(duration_s, 3),
            }
        )

    def _judge(self, run: CaseRun) -> None:
        from rewriter.evaluation.judge import JudgeVerdict, judge, judge_messages

        assert self.judge is not None and run.score is not None
        name = llm.model_name(self.judge)
        rewrite_text = run.result.to_markdown() if run.result is not None else ""
        reference_text = reference_result(run.case).to_markdown()
        messages = judge_messages(run.case.draft, rewrite_text, reference_text)
        key = request_key(
            kind="judge",
            model=name,
            prompt_version=self.version,
            case=run.case.id,
            schema=JudgeVerdict.model_json_schema(),
            messages=messages,
        )
        entry = self.cache.get(name, key)
        verdict: JudgeVerdict | None = None
        if entry is not None and entry.output is not None:
            try:
                verdict = JudgeVerdict.model_validate(entry.output)
            except ValidationError:
                verdict = None
        if verdict is None:
            try:
                completion = judge(messages, self.judge)
            except llm.ModelCallError as exc:
                run.judge_error = str(exc)
                return
            verdict = completion.value
            self.cache.put(
                self._entry(
                    "judge",
                    name,
                    run.case,
                    key,
                    verdict.model_dump(mode="json"),
                    None,
                    completion.usage,
                    completion.attempts,
                    completion.duration_s,
                )
            )
        run.score = with_judge(run.score, verdict.value, verdict.summary())


# ------------------------------------------------------------------------------------------------ aggregates


def summarize(runs: Iterable[CaseRun]) -> Summary:
    runs = list(runs)
    scored = [r.score for r in runs if r.score is not None]
    criteria: dict[str, CriterionSummary] = {}
    for spec in CRITERIA:
        values = [c for s in scored if (c := s.get(spec.name)) is not None]
        if not values:
            continue
        gate = spec.kind == "gate"
        criteria[spec.name] = CriterionSummary(
            name=spec.name,
            kind=spec.kind,
            applicable=len(values),
            rate=round(mean(c.value for c in values), 4),
            pass_rate=round(mean(1.0 if c.passed else 0.0 for c in values), 4) if gate else None,
        )
    passed = sum(1 for s in scored if s.passed)
    return Summary(
        cases=len(runs),
        scored=len(scored),
        passed=passed,
        pass_rate=round(passed / len(scored), 4) if scored else 0.0,
        score=round(mean(s.score for s in scored), 4) if scored else 0.0,
        criteria=criteria,
    )


def baseline_payload(report: RunReport, previous: dict[str, Any] | None, tolerance: float) -> dict[str, Any]:
    """The baseline file's content: per-case values (so a subset run can be compared) and the summary.

    A subset run merges into the previous baseline instead of erasing the other cases.
    """
    cases: dict[str, Any] = dict((previous or {}).get("cases", {}))
    for run in report.runs:
        if run.score is None:
            continue
        cases[run.case.id] = {
            "score": run.score.score,
            "passed": run.score.passed,
            "criteria": {c.name: c.value for c in run.score.criteria},
            "prompt_version": report.prompt_version,
        }
    return {
        "model": report.model,
        "prompt_version": report.prompt_version,
        "recorded": report.started,
        "tolerance": tolerance,
        "summary": _summary_of_values(cases, list(cases)),
        "cases": dict(sorted(cases.items())),
    }


def _summary_of_values(cases: dict[str, Any], ids: list[str]) -> dict[str, float]:
    """pass_rate, score and each criterion's mean value over `ids`, from stored per-case values."""
    rows = [cases[i] for i in ids if i in cases]
    if not rows:
        return {}
    out = {
        "pass_rate": round(mean(1.0 if r["passed"] else 0.0 for r in rows), 4),
        "score": round(mean(r["score"] for r in rows), 4),
    }
    for spec in CRITERIA:
        values = [r["criteria"][spec.name] for r in rows if spec.name in r["criteria"]]
        if values:
            out[spec.name] = round(mean(values), 4)
    return out


def compare(report: RunReport, baseline: dict[str, Any], baseline_file: str, tolerance: float) -> Comparison:
    """Compare on the cases both runs scored, so a `--cases` subset is judged against the same subset."""
    base_cases: dict[str, Any] = baseline.get("cases", {})
    current: dict[str, Any] = {
        r.case.id: {
            "score": r.score.score,
            "passed": r.score.passed,
            "criteria": {c.name: c.value for c in r.score.criteria},
        }
        for r in report.runs
        if r.score is not None
    }
    common = sorted(set(base_cases) & set(current))
    before = _summary_of_values(base_cases, common)
    after = _summary_of_values(current, common)
    deltas = []
    for metric in (*GATED_METRICS, *(s.name for s in CRITERIA if s.kind == "indicator")):
        if metric not in before or metric not in after:
            continue
        regressed = metric in GATED_METRICS and after[metric] < before[metric] - tolerance - 1e-9
        deltas.append(
            Delta(metric=metric, baseline=before[metric], current=after[metric], regressed=regressed)
        )
    return Comparison(
        baseline_file=baseline_file, tolerance=tolerance, common_cases=len(common), deltas=deltas
    )


# ------------------------------------------------------------------------------------------------ whole run


def evaluate(
    cases: list[EvalCase],
    runner: Runner,
    *,
    progress: Callable[[Iterable[EvalCase]], Iterable[EvalCase]] | None = None,
) -> RunReport:
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.monotonic()
    runs = []
    for case in progress(cases) if progress else cases:
        try:
            runs.append(runner.run_case(case))
        except ValueError as exc:  # a draft the rewriter refuses (empty, too long): scored as no answer
            result = RewriteResult(lang=case.lang, draft=case.draft, error=str(exc))
            runs.append(CaseRun(case=case, result=result, score=score(case, result)))
        except Exception as exc:  # one crashing case must not throw away an hour-long run
            log(f"{case.id}: {type(exc).__name__}: {exc}")
            result = RewriteResult(lang=case.lang, draft=case.draft, error=f"{type(exc).__name__}: {exc}")
            runs.append(CaseRun(case=case, result=result, score=score(case, result)))
    return RunReport(
        model=runner.name,
        judge=llm.model_name(runner.judge) if runner.judge is not None else None,
        prompt_version=runner.version,
        started=started,
        duration_s=round(time.monotonic() - t0, 2),
        cache_hits=runner.cache.hits,
        cache_misses=runner.cache.misses,
        code_only=sum(1 for r in runs if r.result is not None and not r.asked_model and not r.result.error),
        model_failures=sum(1 for r in runs if model_error(r)),
        summary=summarize(runs),
        runs=runs,
    )


def model_error(run: CaseRun) -> str | None:
    """Why the model gave no usable answer, when it did not: the result hides it from the PM, not the report."""
    provenance = run.result.provenance if run.result is not None else None
    return provenance.error if provenance is not None else None


def load_baseline(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_baseline(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def baseline_path(evals_dir: Path, model: str) -> Path:
    return evals_dir / "baselines" / f"{slug(model)}.json"


def reference_text(case: EvalCase) -> str:
    return plain_text(reference_result(case))


def log(message: str) -> None:
    print(message, file=sys.stderr)
