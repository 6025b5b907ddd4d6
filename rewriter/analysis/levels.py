"""Maturity levels (1 features, 2 projects, 3 outcomes, 4 strategic) of each objective and of the draft."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rewriter import rules
from rewriter.draft import DraftObjective, Lang

NAMES = {
    "fr": {1: "features", 2: "projets", 3: "outcomes", 4: "stratégique"},
    "en": {1: "features", 2: "projects", 3: "outcomes", 4: "strategic"},
}
_STRATEGIC = re.compile(
    r"\b(?:devenir|become|leader|r[ée]f[ée]rence|n°\s?1|num[ée]ro (?:1|un)|number one|part de march[ée]"
    r"|market share|north star|s['’]imposer|dominer|dominate|company-wide)\b",
    re.IGNORECASE,
)


@dataclass
class ObjectiveLevel:
    level: int
    reason_fr: str
    reason_en: str


def objective_level(obj: DraftObjective, lang: Lang) -> ObjectiveLevel:
    """Features if the objective is a delivery, projects if it is a project or its KRs are activities,
    strategic if it states a company-level ambition, outcomes otherwise."""
    task = rules.objective_task_kind(obj.text) if obj.text else None
    if task == "feature":
        return ObjectiveLevel(1, "l'objectif est une livraison", "the objective is a delivery")
    if task == "project":
        return ObjectiveLevel(2, "l'objectif est un projet à mener", "the objective is a project to complete")
    krs = obj.key_results
    # A KR is activity when it names a deliverable; an unmeasured outcome ("Reduce churn") is still an outcome.
    activities = [k for k in krs if rules.kr_verb_kind(k.text) == "output"]
    if krs and 2 * len(activities) > len(krs):
        return ObjectiveLevel(
            2,
            "les résultats clés mesurent l'activité, pas le changement",
            "the key results measure activity, not change",
        )
    if obj.text and _STRATEGIC.search(obj.text):
        return ObjectiveLevel(
            4,
            "ambition d'entreprise mesurée par des résultats",
            "company-level ambition measured by outcomes",
        )
    if not krs:
        return ObjectiveLevel(
            3, "intention de changement, sans résultat clé encore", "an intended change, no key result yet"
        )
    return ObjectiveLevel(3, "un changement mesuré par des résultats", "a change measured by outcomes")


def draft_level(levels: list[ObjectiveLevel]) -> tuple[int, list[str], list[str]]:
    """The draft is as mature as its least mature objective; one reason per objective."""
    if not levels:
        return 1, ["aucun objectif reconnu"], ["no objective recognised"]
    fr = [
        f"O{i}: niveau {lv.level} ({NAMES['fr'][lv.level]}) — {lv.reason_fr}"
        for i, lv in enumerate(levels, 1)
    ]
    en = [
        f"O{i}: level {lv.level} ({NAMES['en'][lv.level]}) — {lv.reason_en}" for i, lv in enumerate(levels, 1)
    ]
    return min(lv.level for lv in levels), fr, en
