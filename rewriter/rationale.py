"""Why the rewrite changed what it changed, rendered by code from the two diagnoses.

A defect counts as fixed when the draft's diagnosis has it and the rewrite's does not, so every line
here is a checked statement, and the model spends no tokens writing prose.
"""

from __future__ import annotations

from rewriter.analyzer import Diagnosis
from rewriter.draft import Lang
from rewriter.result import RewriteResult

# code → what the rewrite did about it, (fr, en). Codes that share a fix share a sentence.
_FIXES: dict[str, tuple[str, str]] = {
    "obj.is_task": (
        "L'objectif exprime le changement attendu au lieu du projet ou de la livraison.",
        "The objective states the change wanted instead of the project or release.",
    ),
    "obj.not_infinitive": (
        "L'objectif commence par un verbe à l'infinitif.",
        "The objective opens with an infinitive verb.",
    ),
    "obj.is_metric": (
        "L'objectif est qualitatif ; les chiffres sont portés par les résultats clés.",
        "The objective is qualitative; the numbers live in the key results.",
    ),
    "obj.too_vague": (
        "L'objectif nomme une cible (segment, canal) pour forcer un choix.",
        "The objective names a target (segment, channel) to force a choice.",
    ),
    "obj.missing": (
        "Un objectif a été formulé pour les résultats clés qui n'en avaient pas.",
        "An objective was written for key results that had none.",
    ),
    "kr.output_verb": (
        "Les livrables deviennent des initiatives ; les résultats clés mesurent leur effet.",
        "Deliverables become initiatives; the key results measure their effect.",
    ),
    "kr.state_verb": (
        "Les résultats clés décrivent un changement, pas un état (ni être ni avoir).",
        "Key results describe a change, not a state (no be or have).",
    ),
    "kr.no_verb": (
        "Chaque résultat clé commence par un verbe de changement.",
        "Every key result opens with a verb of change.",
    ),
    "kr.no_number": (
        "Chaque résultat clé porte un indicateur chiffré.",
        "Every key result carries a measurable number.",
    ),
    "kr.no_baseline": (
        "Valeur de départ, cible et échéance sont explicites ; celles que le brouillon ne donne pas sont posées en questions.",
        "Baseline, target and deadline are explicit; those the draft does not give are asked as questions.",
    ),
    "kr.run_kpi": (
        "Les indicateurs à maintenir sont signalés comme KPI de santé, distincts des changements visés.",
        "Metrics to hold steady are flagged as health KPIs, apart from the changes sought.",
    ),
    "kr.unrelated": (
        "Chaque résultat clé mesure l'objectif auquel il est rattaché.",
        "Each key result measures the objective it belongs to.",
    ),
    "okr.too_few_krs": (
        "Chaque objectif a au moins deux résultats clés qui le prouvent sous des angles différents.",
        "Each objective has at least two key results proving it from different angles.",
    ),
    "okr.too_many_krs": (
        "Les résultats clés sont ramenés à quatre au plus par objectif.",
        "Key results are cut to four at most per objective.",
    ),
    "okr.redundant_krs": (
        "Les résultats clés qui mesuraient la même chose sont regroupés.",
        "Key results that measured the same thing are merged.",
    ),
    "draft.too_many_objectives": (
        "Les objectifs sont ramenés à trois au plus.",
        "Objectives are cut to three at most.",
    ),
    "draft.mixed_languages": (
        "La réécriture est dans une seule langue.",
        "The rewrite uses a single language.",
    ),
}
_SAME_FIX = {"kr.no_target": "kr.no_baseline", "kr.no_deadline": "kr.no_baseline"}

_NOTES: dict[str, tuple[str, str]] = {
    "kept": (
        "Les chiffres du brouillon sont repris tels quels.",
        "The draft's numbers are kept as given.",
    ),
    "replaced": (
        "Des chiffres absents du brouillon ont été retirés et deviennent des questions.",
        "Numbers that were not in the draft were removed and become questions.",
    ),
    "sound": (
        "Le brouillon suivait déjà la méthode : il est gardé tel quel, avec des questions sur ce qui manque.",
        "The draft already followed the method: it is kept as written, with questions on what is missing.",
    ),
    "library": (
        "Les nouveaux résultats clés viennent de la bibliothèque d'indicateurs, choisis d'après les mots du "
        "brouillon ; leurs valeurs restent à préciser.",
        "The new key results come from the metric library, chosen from the draft's words; their values are "
        "yours to set.",
    ),
    "fallback": (
        "Le modèle n'a pas pu compléter la réécriture : elle vient des règles et de la bibliothèque "
        "d'indicateurs. Répondez aux questions pour la terminer.",
        "The model could not complete the rewrite: it comes from the rules and the metric library. Answer the "
        "questions to finish it.",
    ),
}


def explain(before: Diagnosis, after: Diagnosis, result: RewriteResult, lang: Lang) -> list[str]:
    """One sentence per kind of defect the rewrite removed, then notes on the numbers."""
    pick = 0 if lang == "fr" else 1
    remaining = {_SAME_FIX.get(f.code, f.code) for f in after.findings if f.severity != "info"}
    lines: list[str] = []
    for finding in before.findings:
        code = _SAME_FIX.get(finding.code, finding.code)
        if code in _FIXES and code not in remaining:
            sentence = _FIXES[code][pick]
            if sentence not in lines:
                lines.append(sentence)
    if not lines and not before.errors:
        lines.append(_NOTES["sound"][pick])
    if any(k.source == "library" for o in result.objectives for k in o.key_results):
        lines.append(_NOTES["library"][pick])
    if result.needs_input:
        lines.append(_NOTES["fallback"][pick])
    if result.numbers_replaced:
        lines.append(_NOTES["replaced"][pick])
    elif not result.numbers_dropped and any(
        k.baseline or k.target for o in result.objectives for k in o.key_results
    ):
        lines.append(_NOTES["kept"][pick])
    return lines
