"""Calibrate the audit's score on the blind ratings' calibration half; measure overlaps on labelled pairs.

Usage: python scripts/calibrate_audit.py [--heldout] [--fit]

Prints, for the weights in rewriter/audit/scoring.py, the Spearman correlation between the score and the mean
of the two blind raters on the calibration half (OKRs whose team name hashes to it: calibration.half_of), the
raters' agreement with each other, and the overlap precision and recall on the labelled pairs. `--fit` prints
weights fitted on the calibration half (to copy into scoring.WEIGHTS by hand, rounded). `--heldout` adds the
held-out half's figures: report them, never tune on them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rewriter.audit import audit, calibration, scoring  # noqa: E402
from rewriter.audit.overlaps import context_of, pairs, same_texts  # noqa: E402

DATA = ROOT / "evals" / "audit"
FILES = {
    "acme-q1-2027.csv": {"company": DATA / "acme-company-objectives.csv"},
    "globex-q1-2027.csv": {},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--heldout", action="store_true", help="also print the held-out half's figures")
    parser.add_argument("--fit", action="store_true", help="fit weights on the calibration half")
    parser.add_argument("--show", type=int, default=0, help="print the N calibration OKRs farthest off")
    args = parser.parse_args()
    reports = {name: audit(DATA / name, **options) for name, options in FILES.items()}  # type: ignore[arg-type]
    ratings = calibration.load_ratings([DATA / "ratings-r1.jsonl", DATA / "ratings-r2.jsonl"])
    items = calibration.rated(reports, ratings)
    cal = [r for r in items if r.half == "calibration"]
    held = [r for r in items if r.half == "heldout"]
    print(
        f"rated OKRs matched: {len(items)} of {len(ratings)} (calibration {len(cal)}, held-out {len(held)})"
    )
    weights = {k: float(v) for k, v in scoring.WEIGHTS.items()}
    print(
        f"calibration half: Spearman {calibration.correlation(cal, weights):.3f} "
        f"(raters' agreement {calibration.rater_agreement(cal):.3f})"
    )
    if args.show:
        scorer = calibration.score_with(weights)
        worst = sorted(cal, key=lambda r: -abs(scorer(r) - r.rating))[: args.show]
        for r in worst:
            shown = {k: round(v, 2) for k, v in r.features.items() if v}
            print(f"  {scorer(r):5.1f} vs {r.rating:5.1f}  {r.team} | {r.objective} | {shown}")
    if args.fit:
        fitted = calibration.fit(cal, weights)
        print(f"fitted on the calibration half: Spearman {calibration.correlation(cal, fitted):.3f}")
        print("  " + ", ".join(f"{k}: {round(v)}" for k, v in fitted.items()))
    if args.heldout:
        print(
            f"held-out half: Spearman {calibration.correlation(held, weights):.3f} "
            f"(raters' agreement {calibration.rater_agreement(held):.3f}); "
            f"all {len(items)}: raters' agreement {calibration.rater_agreement(items):.3f}"
        )
    contexts = {name: context_of(report.okrs) for name, report in reports.items()}
    grouped = {name: pairs(report.overlaps) for name, report in reports.items()}
    halves = ["dev", "heldout"] if args.heldout else ["dev"]
    for half in halves:

        def in_half(row: dict[str, str], half: str = half) -> bool:
            return calibration.pair_half(row) == half

        def pairwise(row: dict[str, str]) -> bool:
            return same_texts(row["text_a"], row["text_b"], contexts[row["file"]]) is not None

        def in_report(row: dict[str, str]) -> bool:
            a, b = sorted((row["text_a"], row["text_b"]))
            return (a, b) in grouped[row["file"]]

        for name, predict in (("in the report", in_report), ("pairwise", pairwise)):
            found = calibration.overlap_pairs(DATA / "overlaps.jsonl", predict, keep=in_half)
            print(
                f"overlaps, {half} pairs ({found.total}), {name}: precision {found.precision:.2f} "
                f"({found.true_positive}/{found.predicted}), recall {found.recall:.2f} "
                f"({found.true_positive}/{found.labelled_same})"
            )


if __name__ == "__main__":
    main()
