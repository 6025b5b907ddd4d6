"""The score of one OKR, 0–100, from the analyzer's findings: 100 minus the weighted criteria it misses.

Each criterion has a weight, the points it costs at full share. An objective's defect counts in full; a key
result's defect counts by the share of the OKR's key results that have it (two task KRs out of four cost
half the weight), so the number of key results does not multiply the penalty. The weights are documented
in docs/audit.md with how they were calibrated against blind ratings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rewriter.audit.models import ScoreReason

# Criterion → (finding codes that count for it, whether it is measured per key result).
CRITERIA: dict[str, tuple[tuple[str, ...], bool]] = {
    "roadmap": ((), False),
    "objective_is_delivery": (("obj.is_task",), False),
    "objective_form": (("obj.not_infinitive", "obj.is_metric"), False),
    "objective_vague": (("obj.too_vague",), False),
    "objective_missing": (("obj.missing", "draft.unparseable"), False),
    "kr_is_task": (("kr.output_verb",), True),
    "kr_is_state": (("kr.state_verb",), True),
    "kr_no_verb": (("kr.no_verb",), True),
    "kr_no_number": (("kr.no_number",), True),
    "kr_no_baseline": (("kr.no_baseline",), True),
    "kr_no_target": (("kr.no_target",), True),
    "kr_no_deadline": (("kr.no_deadline",), True),
    "kr_run_kpi": (("kr.run_kpi",), True),
    "kr_vanity": (("kr.vanity", "kr.reach_only"), True),
    "kr_wrong_direction": (("kr.wrong_direction",), True),
    "kr_duplicate": (("kr.duplicate", "okr.redundant_krs"), True),
    "kr_unrelated": (("kr.unrelated",), True),
    "no_key_result": ((), False),
    "kr_count": (("okr.too_few_krs", "okr.too_many_krs"), False),
    "no_parent": (("align.no_parent",), False),
}

# Points each criterion costs at full share. Set by judgment from the method, then calibrated on the
# calibration half of the blind ratings (scripts/calibrate_audit.py); docs/audit.md gives the figures.
WEIGHTS: dict[str, int] = {
    "roadmap": 20,
    "objective_is_delivery": 15,
    "objective_form": 10,
    "objective_vague": 8,
    "objective_missing": 30,
    "kr_is_task": 55,
    "kr_is_state": 25,
    "kr_no_verb": 5,
    "kr_no_number": 45,
    "kr_no_baseline": 25,
    "kr_no_target": 8,
    "kr_no_deadline": 35,
    "kr_run_kpi": 5,
    "kr_vanity": 12,
    "kr_wrong_direction": 15,
    "kr_duplicate": 8,
    "kr_unrelated": 8,
    "no_key_result": 50,
    "kr_count": 10,
    "no_parent": 12,
}

# Why points were lost: (French, English), formatted with n (key results concerned) and total.
REASONS: dict[str, tuple[str, str]] = {
    "roadmap": (
        "niveau {level} : une roadmap déguisée, pas un résultat",
        "level {level}: a roadmap in disguise, not an outcome",
    ),
    "objective_is_delivery": (
        "l'objectif décrit une livraison ou un projet",
        "the objective describes a delivery or a project",
    ),
    "objective_form": (
        "l'objectif n'est pas une intention (pas de verbe, ou un chiffre)",
        "the objective is not an intent (no verb, or a number)",
    ),
    "objective_vague": (
        "l'objectif est vague (ni segment ni canal)",
        "the objective is vague (no segment or channel)",
    ),
    "objective_missing": ("pas d'objectif lisible", "no readable objective"),
    "kr_is_task": ("{n} KR sur {total} décrivent un livrable", "{n} KR of {total} describe a deliverable"),
    "kr_is_state": (
        "{n} KR sur {total} décrivent un état (être/avoir)",
        "{n} KR of {total} state a state (be/have)",
    ),
    "kr_no_verb": ("{n} KR sur {total} sans verbe d'action", "{n} KR of {total} without an action verb"),
    "kr_no_number": ("{n} KR sur {total} sans chiffre", "{n} KR of {total} without a number"),
    "kr_no_baseline": ("{n} KR sur {total} sans point de départ", "{n} KR of {total} without a baseline"),
    "kr_no_target": ("{n} KR sur {total} sans cible", "{n} KR of {total} without a target"),
    "kr_no_deadline": ("{n} KR sur {total} sans échéance", "{n} KR of {total} without a deadline"),
    "kr_run_kpi": (
        "{n} KR sur {total} maintiennent un KPI de run",
        "{n} KR of {total} hold a run KPI steady",
    ),
    "kr_vanity": (
        "{n} KR sur {total} comptent un indicateur de vanité",
        "{n} KR of {total} count a vanity metric",
    ),
    "kr_wrong_direction": (
        "{n} KR sur {total} font aller l'indicateur dans le mauvais sens",
        "{n} KR of {total} move the metric the wrong way",
    ),
    "kr_duplicate": ("{n} KR sur {total} répètent un autre KR", "{n} KR of {total} repeat another KR"),
    "kr_unrelated": (
        "{n} KR sur {total} ne mesurent pas cet objectif",
        "{n} KR of {total} do not measure this objective",
    ),
    "no_key_result": ("aucun résultat clé", "no key result"),
    "kr_count": ("nombre de KR hors de 2 à 4", "number of KRs outside 2 to 4"),
    "no_parent": ("rattaché à aucun objectif d'entreprise", "linked to no company objective"),
}
CRITERION_NAMES: dict[str, tuple[str, str]] = {
    "roadmap": (
        "Objectif de niveau 1 ou 2 (features, projets)",
        "Objective at level 1 or 2 (features, projects)",
    ),
    "objective_is_delivery": ("Objectif = livraison ou projet", "Objective is a delivery or project"),
    "objective_form": ("Objectif sans verbe, ou chiffré", "Objective without a verb, or a number"),
    "objective_vague": ("Objectif vague", "Vague objective"),
    "objective_missing": ("Objectif manquant ou illisible", "Objective missing or unreadable"),
    "kr_is_task": ("KR = tâche (output)", "KR is a task (output)"),
    "kr_is_state": ("KR = état (être/avoir)", "KR is a state (be/have)"),
    "kr_no_verb": ("KR sans verbe d'action", "KR without an action verb"),
    "kr_no_number": ("KR non mesurable (sans chiffre)", "KR not measurable (no number)"),
    "kr_no_baseline": ("KR sans point de départ", "KR without a baseline"),
    "kr_no_target": ("KR sans cible", "KR without a target"),
    "kr_no_deadline": ("KR sans échéance (ni date ni cycle)", "KR without a deadline (no date, no cycle)"),
    "kr_run_kpi": ("KR qui maintient un KPI de run", "KR holding a run KPI steady"),
    "kr_vanity": ("Indicateur de vanité", "Vanity metric"),
    "kr_wrong_direction": ("Indicateur dans le mauvais sens", "Metric moved the wrong way"),
    "kr_duplicate": ("KR en double dans l'objectif", "Duplicate KR within the objective"),
    "kr_unrelated": ("KR qui ne mesure pas l'objectif", "KR that does not measure the objective"),
    "no_key_result": ("Aucun résultat clé", "No key result"),
    "kr_count": ("1 seul KR, ou plus de 4", "Only 1 KR, or more than 4"),
    "no_parent": (
        "Sans objectif d'entreprise (quand le fichier en nomme)",
        "No company objective (when the file names them)",
    ),
}


@dataclass(frozen=True)
class Features:
    """How much of each criterion an OKR has: 0..1, the share of its key results for per-KR criteria."""

    values: dict[str, float]
    counts: dict[str, int]
    total_krs: int
    level: int = 3


def features(codes_on_objective: Iterable[str], codes_per_kr: list[set[str]], level: int = 3) -> Features:
    """The criteria's shares from an OKR's findings (codes on the objective, each key result's codes) and its
    maturity level (1 features, 2 projects: a roadmap in disguise)."""
    on_objective = set(codes_on_objective)
    total = len(codes_per_kr)
    values: dict[str, float] = {}
    counts: dict[str, int] = {}
    for criterion, (codes, per_kr) in CRITERIA.items():
        if criterion == "roadmap":
            values[criterion] = 1.0 if level <= 2 else 0.0
            continue
        if criterion == "no_key_result":
            values[criterion] = 1.0 if total == 0 else 0.0
            continue
        if per_kr:
            n = sum(1 for kr_codes in codes_per_kr if kr_codes & set(codes))
            counts[criterion] = n
            values[criterion] = n / total if total else 0.0
        else:
            values[criterion] = 1.0 if on_objective & set(codes) else 0.0
    return Features(values, counts, total, level)


def score(found: Features, weights: dict[str, int] | None = None) -> tuple[int, list[ScoreReason]]:
    """(score, reasons): 100 minus each criterion's weight times its share, never below 0."""
    weights = WEIGHTS if weights is None else weights
    reasons: list[ScoreReason] = []
    lost = 0.0
    for criterion, share in found.values.items():
        weight = weights.get(criterion, 0)
        if not share or not weight:
            continue
        points = weight * share
        lost += points
        fr, en = REASONS[criterion]
        values = {"n": found.counts.get(criterion, 0), "total": found.total_krs, "level": found.level}
        reasons.append(
            ScoreReason(
                criterion=criterion,
                points=round(points),
                share=round(share, 3),
                text_fr=fr.format(**values),
                text_en=en.format(**values),
            )
        )
    reasons.sort(key=lambda r: -r.points)
    return max(0, round(100 - lost)), [r for r in reasons if r.points > 0]


def raw_score(values: dict[str, float], weights: dict[str, float]) -> float:
    """The unrounded, unclamped score: for calibration."""
    return 100 - sum(weights.get(c, 0) * v for c, v in values.items())
