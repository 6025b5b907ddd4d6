"""How well the metric suggestions find an accepted metric: Recall@5 and MRR on labelled objectives.

A case is one objective as a PM writes it (with its KRs, deliverables and the draft's context) and the
metric ids a reviewer accepts for it. The ranking is the one `suggest_metrics` shows (vanity metrics out,
one metric per family), so the figures describe what users see.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from rewriter.draft import Lang
from rewriter.library import MetricLibrary
from rewriter.library.suggest import query_texts, rank_metrics

__all__ = ["RetrievalCase", "RetrievalScore", "evaluate", "labelled_path", "load_cases", "report"]

RECALL_AT = 5
MRR_DEPTH = 10


def labelled_path() -> Path:
    """The labelled set, `evals/metric_retrieval/objectives.jsonl` of the source checkout."""
    return Path(__file__).resolve().parents[2] / "evals" / "metric_retrieval" / "objectives.jsonl"


class RetrievalCase(BaseModel):
    """One labelled objective."""

    id: str = Field(description="Stable id of the case.")
    lang: Lang = Field(description="Language of the objective.")
    objective: str = Field(description="The objective as written.")
    krs: list[str] = Field(default_factory=list, description="Its key result lines.")
    deliverables: list[str] = Field(default_factory=list, description="Its KR lines that are tasks.")
    context: list[str] = Field(default_factory=list, description="The draft's context lines.")
    accepted: list[str] = Field(min_length=1, description="Metric ids a reviewer accepts for it.")


class CaseResult(BaseModel):
    """Where the first accepted metric came for one case."""

    id: str = Field(description="The case's id.")
    rank: int | None = Field(
        description=f"1-based rank of the first accepted id in the top {MRR_DEPTH}, or None."
    )
    top: list[str] = Field(description=f"The top {RECALL_AT} ids suggested.")
    accepted: list[str] = Field(description="The ids accepted for the case.")


class RetrievalScore(BaseModel):
    """Recall@5 and MRR over a set of cases, with each case's outcome."""

    cases: int = Field(description="Number of cases scored.")
    recall_at_5: float = Field(description="Share of cases with at least one accepted id in the top 5.")
    mrr: float = Field(
        description=f"Mean reciprocal rank of the first accepted id (0 beyond rank {MRR_DEPTH})."
    )
    results: list[CaseResult] = Field(
        default_factory=list, description="One outcome per case, in file order."
    )

    @property
    def misses(self) -> list[CaseResult]:
        return [r for r in self.results if r.rank is None or r.rank > RECALL_AT]


def load_cases(path: Path) -> list[RetrievalCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [RetrievalCase.model_validate(json.loads(line)) for line in lines if line.strip()]


def _result(case: RetrievalCase, library: MetricLibrary | None) -> CaseResult:
    weighted = query_texts(case.objective, case.krs, case.deliverables, case.context)
    ranked = rank_metrics(
        [t for t, _ in weighted], case.lang, MRR_DEPTH, weights=[w for _, w in weighted], library=library
    )
    ids = [s.metric_id for s in ranked]
    rank = next((i + 1 for i, mid in enumerate(ids) if mid in case.accepted), None)
    return CaseResult(id=case.id, rank=rank, top=ids[:RECALL_AT], accepted=case.accepted)


def evaluate(cases: list[RetrievalCase], library: MetricLibrary | None = None) -> RetrievalScore:
    results = [_result(c, library) for c in cases]
    n = len(results) or 1
    hits = sum(1 for r in results if r.rank is not None and r.rank <= RECALL_AT)
    mrr = sum(1.0 / r.rank for r in results if r.rank is not None) / n
    return RetrievalScore(cases=len(results), recall_at_5=hits / n, mrr=mrr, results=results)


def report(score: RetrievalScore, name: str, max_misses: int = 10) -> str:
    lines = [
        f"{name}: {score.cases} objectives, Recall@{RECALL_AT} {score.recall_at_5:.3f}, MRR {score.mrr:.3f}"
    ]
    for miss in score.misses[:max_misses]:
        lines.append(
            f"  miss {miss.id}: accepted {', '.join(miss.accepted)}; top {', '.join(miss.top) or '-'}"
        )
    if len(score.misses) > max_misses:
        lines.append(f"  … and {len(score.misses) - max_misses} more misses")
    return "\n".join(lines)
