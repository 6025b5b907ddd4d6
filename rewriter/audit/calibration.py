"""Calibrate the score against blind ratings, and measure the overlaps on labelled pairs.

The rated OKRs are split in two by a hash of their team's name, fixed once: the weights are fitted on the
calibration half only, and the Spearman correlation reported is the held-out half's. The two raters'
agreement with each other is the ceiling a score can hope for.

    python scripts/calibrate_audit.py            # figures on the calibration half, fitted weights
    python scripts/calibrate_audit.py --heldout  # and the held-out figures (report them; never tune on them)
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rewriter.audit import scoring
from rewriter.audit.models import AuditReport
from rewriter.audit.source import squash

Half = Literal["calibration", "heldout"]


def half_of(team: str) -> Half:
    """The half a team's OKRs belong to: fixed by the SHA-256 of its folded name."""
    digest = hashlib.sha256(squash(team).encode("utf-8")).digest()
    return "calibration" if digest[0] % 2 == 0 else "heldout"


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    if len(xs) < 2:
        return float("nan")
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else float("nan")


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    return pearson(ranks(xs), ranks(ys))


@dataclass
class Rated:
    """One rated OKR: its features from the audit, the raters' scores, and its half."""

    file: str
    team: str
    objective: str
    features: dict[str, float]
    score: int
    ratings: list[float]
    half: Half

    @property
    def rating(self) -> float:
        return statistics.fmean(self.ratings)


def load_ratings(paths: Sequence[Path]) -> dict[tuple[str, str, str], list[float]]:
    """(file, team, objective) → the raters' scores, in the order of `paths`."""
    out: dict[tuple[str, str, str], list[float]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            key = (row["file"], squash(row["team"]), squash(row["objective"]))
            out.setdefault(key, []).append(float(row["score"]))
    return out


def rated(reports: dict[str, AuditReport], ratings: dict[tuple[str, str, str], list[float]]) -> list[Rated]:
    """The audited OKRs that were rated, with their features, in file order."""
    from rewriter.audit.report import okr_features

    out = []
    for name, report in reports.items():
        for okr in report.okrs:
            key = (name, squash(okr.team), squash(okr.objective))
            if key not in ratings:
                continue
            out.append(
                Rated(
                    file=name,
                    team=okr.team,
                    objective=okr.objective,
                    features=okr_features(okr).values,
                    score=okr.score,
                    ratings=ratings[key],
                    half=half_of(okr.team),
                )
            )
    return out


def score_with(weights: dict[str, float]) -> Callable[[Rated], float]:
    return lambda r: max(0.0, min(100.0, scoring.raw_score(r.features, weights)))


def correlation(items: Sequence[Rated], weights: dict[str, float]) -> float:
    scorer = score_with(weights)
    return spearman([scorer(r) for r in items], [r.rating for r in items])


def fit(
    items: Sequence[Rated],
    prior: dict[str, float],
    *,
    pull: float = 0.05,
    rounds: int = 200,
    step: float = 1.0,
) -> dict[str, float]:
    """Weights that bring 100 − Σ w·x close to the mean rating (least squares), non-negative, pulled
    towards `prior` (ridge, `pull` per point of weight²): coordinate descent, deterministic.

    Criteria no rated OKR shows keep their prior weight: the data says nothing about them.
    """
    weights = dict(prior)
    seen = {c for r in items for c, v in r.features.items() if v}

    def loss(w: dict[str, float]) -> float:
        err = sum((max(0.0, scoring.raw_score(r.features, w)) - r.rating) ** 2 for r in items) / len(items)
        return err + pull * sum((w[c] - prior[c]) ** 2 for c in seen)

    current = loss(weights)
    size = step * 8
    for _ in range(rounds):
        improved = False
        for criterion in sorted(seen):
            for delta in (size, -size):
                trial = dict(weights)
                trial[criterion] = max(0.0, weights[criterion] + delta)
                value = loss(trial)
                if value < current - 1e-9:
                    weights, current, improved = trial, value, True
        if not improved:
            if size <= step / 4:
                break
            size /= 2
    return weights


def rater_agreement(items: Sequence[Rated]) -> float:
    """Spearman between the first and the second rater on the same OKRs."""
    pairs = [r.ratings[:2] for r in items if len(r.ratings) >= 2]
    return spearman([p[0] for p in pairs], [p[1] for p in pairs])


@dataclass
class PairResult:
    total: int
    predicted: int
    true_positive: int
    labelled_same: int

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else float("nan")

    @property
    def recall(self) -> float:
        return self.true_positive / self.labelled_same if self.labelled_same else float("nan")


def pair_half(row: dict[str, str]) -> Literal["dev", "heldout"]:
    """The half a labelled pair belongs to: fixed by the SHA-256 of its two texts."""
    digest = hashlib.sha256(f"{row['text_a']}|{row['text_b']}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "heldout"


def overlap_pairs(
    path: Path,
    predict: Callable[[dict[str, str]], bool],
    keep: Callable[[dict[str, str]], bool] = lambda row: True,
) -> PairResult:
    """Precision and recall of `predict` on labelled pairs ({file, text_a, text_b, same}) that `keep` keeps."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if keep(row)]
    predicted = tp = labelled = 0
    for row in rows:
        guess = predict(row)
        predicted += guess
        labelled += bool(row["same"])
        tp += guess and bool(row["same"])
    return PairResult(len(rows), predicted, tp, labelled)
