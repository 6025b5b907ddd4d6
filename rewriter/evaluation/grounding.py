"""Scores the ground step on held-out objectives: is each metric shown as a KR one a coach would accept?

The objectives (`evals/grounding/*.jsonl`) were written blind by helpers who never saw the metric library:
each holds one team's objective as written, its lines, a context line, a parent, and the trade. Judgments
(`evals/grounding/judgments.jsonl`) say, for one objective and one library metric, whether the metric `fits`
(a demanding coach would accept it as a KR's metric), is `wrong` (the right trade, another aim) or
`off_trade` (a metric of another kind of organisation). They were given by blind judges who saw the
objective and the metric's name, never the library's signals or the engine.

`pool` lists the (objective, metric) pairs that still need a judgment: every metric the engine shows or
offers, and the ranking's top, so that a change of ranking can be judged before it is measured.
Files named `sealed-*` or listed as sealed are only scored: their text is never printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rewriter.library import get_metric
from rewriter.result import RewriteResult

Row = dict[str, Any]
VERDICTS = ("fits", "wrong", "off_trade")


def draft_text(row: Row) -> str:
    """The draft as its team would paste it: the parent above, the objective, its lines, the context line."""
    label = "Objectif" if row["lang"] == "fr" else "Objective"
    sep = " : " if row["lang"] == "fr" else ": "
    parts = []
    if row.get("parent"):
        parts.append(str(row["parent"]))
    parts.append(f"{label}{sep}{row['objective']}")
    parts.extend(f"- {line}" for line in row.get("lines", []))
    parts.extend(str(c) for c in row.get("context", []))
    return "\n".join(parts)


def load_rows(paths: Iterable[Path]) -> list[Row]:
    rows: list[Row] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["_file"] = path.name
                rows.append(row)
    return rows


def load_judgments(path: Path) -> dict[tuple[str, str], str]:
    """(objective id, metric id) → verdict; the last judgment of a pair wins."""
    found: dict[tuple[str, str], str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                if j.get("verdict") in VERDICTS:
                    found[(j["id"], j["metric_id"])] = j["verdict"]
    return found


def shown_metrics(result: RewriteResult) -> list[str]:
    """Library metrics the rewrite shows as KRs (a KR worded from the library, not the author's own)."""
    return [
        k.metric_id for o in result.objectives for k in o.key_results if k.metric_id and k.source == "library"
    ]


def own_metrics(result: RewriteResult) -> list[str]:
    """Library metrics the author's own KRs were read as ("Réduire les chutes des résidents" is the library's
    resident fall rate): the author's words shown, the library's meaning behind them."""
    return [
        k.metric_id for o in result.objectives for k in o.key_results if k.metric_id and k.source != "library"
    ]


def offered_metrics(result: RewriteResult) -> list[str]:
    """Library metrics the rewrite offers to choose, best first."""
    out: list[str] = []
    for o in result.objectives:
        for c in getattr(o, "candidates", []):
            if c.metric_id not in out:
                out.append(c.metric_id)
    return out


@dataclass
class GroundingScore:
    objectives: int = 0
    shown: int = 0
    shown_fit: int = 0
    shown_off_trade: int = 0
    shown_unjudged: int = 0
    grounded: int = 0  # objectives with at least one library KR that fits
    any_kr: int = 0  # objectives with at least one KR that is not a placeholder
    filler_krs: int = 0
    placeholder_objectives: int = 0
    offered_objectives: int = 0
    offered: int = 0
    offered_fit: int = 0
    offered_off_trade: int = 0
    recall_hits: int = (
        0  # objectives with a fitting metric judged somewhere, and one in the shown+offered top 5
    )
    recall_base: int = 0
    # The same, the author's own KRs read as library metrics counted first: a measure the author named and the
    # engine kept is surfaced too, in the author's words.
    recall_hits_own: int = 0
    unjudged: set[tuple[str, str]] = field(default_factory=set)
    seconds: list[float] = field(default_factory=list)

    def report(self, name: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a}/{b} ({a / b:.2f})" if b else f"{a}/0"

        ms = statistics.median(self.seconds) * 1000 if self.seconds else 0.0
        return "\n".join(
            [
                f"== {name}: {self.objectives} objectives (median {ms:.0f} ms per rewrite, no model)",
                f"  precision of metrics shown as KRs: {ratio(self.shown_fit, self.shown - self.shown_unjudged)}"
                f" (unjudged {self.shown_unjudged})",
                f"  off-trade metrics shown as KRs: {self.shown_off_trade}",
                f"  objectives with a fitting library KR: {ratio(self.grounded, self.objectives)}",
                f"  objectives with at least one KR: {ratio(self.any_kr, self.objectives)}",
                f"  Recall@5 of shown + offered metrics: {ratio(self.recall_hits, self.recall_base)}",
                f"  Recall@5 counting the author's own KRs read as library metrics first:"
                f" {ratio(self.recall_hits_own, self.recall_base)}",
                f"  objectives offered candidates: {self.offered_objectives}; offered metrics {self.offered}:"
                f" fit {self.offered_fit}, off-trade {self.offered_off_trade}",
                f"  filler KRs: {self.filler_krs}; '[objectif à formuler]' objectives: {self.placeholder_objectives}",
                f"  pairs still to judge: {len(self.unjudged)}",
            ]
        )


def score(
    rows: list[Row], judged: dict[tuple[str, str], str], rewrite: Callable[[str], RewriteResult]
) -> GroundingScore:
    s = GroundingScore()
    fitting: dict[str, set[str]] = {}
    for (oid, fit_id), given in judged.items():
        if given == "fits":
            fitting.setdefault(oid, set()).add(fit_id)
    for row in rows:
        start = time.perf_counter()
        result = rewrite(draft_text(row))
        s.seconds.append(time.perf_counter() - start)
        s.objectives += 1
        shown = shown_metrics(result)
        offered = offered_metrics(result)
        krs = [k for o in result.objectives for k in o.key_results]
        s.filler_krs += sum("[" in k.metric for k in krs)
        s.any_kr += any("[" not in k.metric for k in krs)
        s.placeholder_objectives += any(o.qualifier.startswith("[") for o in result.objectives)
        s.offered_objectives += bool(offered)
        fit_here = False
        for mid in shown:
            s.shown += 1
            verdict = judged.get((row["id"], mid))
            if verdict is None:
                s.shown_unjudged += 1
                s.unjudged.add((row["id"], mid))
            elif verdict == "fits":
                s.shown_fit += 1
                fit_here = True
            elif verdict == "off_trade":
                s.shown_off_trade += 1
        s.grounded += fit_here
        for mid in offered:
            s.offered += 1
            verdict = judged.get((row["id"], mid))
            if verdict is None:
                s.unjudged.add((row["id"], mid))
            s.offered_fit += verdict == "fits"
            s.offered_off_trade += verdict == "off_trade"
        own = own_metrics(result)
        s.unjudged |= {(row["id"], mid) for mid in own if (row["id"], mid) not in judged}
        if fitting.get(row["id"]):
            s.recall_base += 1
            s.recall_hits += bool(set((shown + offered)[:5]) & fitting[row["id"]])
            s.recall_hits_own += bool(set((own + shown + offered)[:5]) & fitting[row["id"]])
    return s


def pool_rows(
    rows: list[Row], judged: dict[tuple[str, str], str], extra: set[tuple[str, str]], k: int
) -> list[Row]:
    """Pairs to judge: the ranking's top k per objective (any trade) and `extra`, minus those judged."""
    from rewriter.library.suggest import suggest_metrics
    from rewriter.library.trades import trades_of
    from rewriter.parsing import parse

    wanted: list[tuple[str, str]] = []
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        draft = parse(draft_text(row))
        for obj in suggest_metrics(draft, k, any_trade=True):
            wanted.extend((row["id"], s.metric_id) for s in obj.metrics)
        # The ranking within the draft's trades reaches deeper: its top is pooled too.
        for obj in suggest_metrics(draft, k, domains=trades_of(draft.raw)):
            wanted.extend((row["id"], s.metric_id) for s in obj.metrics)
    wanted.extend(sorted(extra))
    out: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for oid, mid in wanted:
        if (oid, mid) in judged or (oid, mid) in seen or oid not in by_id:
            continue
        seen.add((oid, mid))
        row, metric = by_id[oid], get_metric(mid)
        out.append(
            {
                "id": oid,
                "metric_id": mid,
                "trade": row["trade"],
                "lang": row["lang"],
                "draft": draft_text(row),
                "metric": metric.name_fr if row["lang"] == "fr" else metric.name_en,
            }
        )
    return out


def _rules_only(text: str) -> RewriteResult:
    from rewriter import llm
    from rewriter.rewriting import finish, prepare

    return finish(None, prepare(text), llm.resolve_model("code"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rewriter.evaluation.grounding", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, help="held-out objectives (JSONL)")
    parser.add_argument("--judgments", type=Path, default=Path("evals/grounding/judgments.jsonl"))
    parser.add_argument("--pool", type=Path, help="write the pairs still to judge to this JSONL file")
    parser.add_argument("--pool-k", type=int, default=6, help="ranking depth pooled per objective")
    args = parser.parse_args(argv)
    judged = load_judgments(args.judgments)
    for path in args.files:
        rows = load_rows([path])
        result = score(rows, judged, _rules_only)
        print(result.report(path.name))
        if args.pool:
            pairs = pool_rows(rows, judged, result.unjudged, args.pool_k)
            with args.pool.open("a", encoding="utf-8") as out:
                for pair in pairs:
                    out.write(json.dumps(pair, ensure_ascii=False) + "\n")
            print(f"  {len(pairs)} pairs written to {args.pool}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
