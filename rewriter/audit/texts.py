"""Every text the audit adds, in French and English: notes on the file, the report's words, finding names.

Both languages hold the same keys (a unit test checks it). Texts from the file are never in here.
"""

from __future__ import annotations

from typing import Any

from rewriter.analysis.messages import FINDINGS
from rewriter.audit.models import Note
from rewriter.draft import Lang

# Notes on the file: (French, English), formatted with the note's values.
NOTES: dict[str, tuple[str, str]] = {
    "file.one_team": (
        "Le fichier n'a pas de colonne d'équipe : tout le fichier est lu comme une seule équipe. "
        "Nommez la colonne avec --team-column si elle existe sous un autre nom.",
        "The file has no team column: the whole file is read as one team. "
        "Name the column with --team-column if it exists under another name.",
    ),
    "file.blank_rows": (
        "{count} ligne(s) vide(s), ignorée(s).",
        "{count} blank row(s), skipped.",
    ),
    "file.duplicates": (
        "{count} ligne(s) en double (même équipe, même objectif, même résultat clé) : comptée(s) une fois.",
        "{count} duplicate row(s) (same team, objective and key result): counted once.",
    ),
    "file.unreadable": (
        "{count} ligne(s) illisible(s), ignorée(s).",
        "{count} unreadable row(s), skipped.",
    ),
    "file.no_team_rows": (
        "{count} ligne(s) sans équipe : regroupée(s) sous « (sans équipe) ».",
        "{count} row(s) with no team: grouped under “(no team)”.",
    ),
    "file.cycle": (
        "Cycle : {cycle} (lu dans {source_fr}) ; c'est l'échéance des résultats clés qui n'en donnent pas.",
        "Cycle: {cycle} (read from {source_en}); it is the deadline of key results that give none.",
    ),
    "file.cycle_name": (
        "Trimestre : {cycle}, d'après le nom du fichier. Chaque résultat clé doit dire son échéance ; "
        "pour prendre la fin du trimestre comme échéance de ceux qui n'en donnent pas, passez --cycle « {cycle} ».",
        "Quarter: {cycle}, from the file name. Each key result should state its deadline; to take the end of "
        "the quarter as the deadline of those that give none, pass --cycle '{cycle}'.",
    ),
    "file.no_cycle": (
        "Le fichier ne dit pas son trimestre (ni colonne, ni nom de fichier) : les résultats clés sans "
        "échéance sont signalés. Pour prendre la fin du trimestre comme échéance, passez --cycle « T1 2027 ».",
        "The file does not say its quarter (no column, not in its name): key results without a deadline "
        "are flagged. To take the end of the quarter as their deadline, pass --cycle 'Q1 2027'.",
    ),
    "file.company": (
        "{count} objectif(s) d'entreprise lu(s) dans {name}.",
        "{count} company objective(s) read from {name}.",
    ),
}
_SOURCES = {
    "option": ("l'option --cycle", "the --cycle option"),
    "column": ("la colonne du trimestre", "the quarter column"),
    "file name": ("le nom du fichier", "the file name"),
}

NO_TEAM: dict[Lang, str] = {"fr": "(sans équipe)", "en": "(no team)"}
WHOLE_ORG: dict[Lang, str] = {"fr": "Toute l'organisation", "en": "Whole organisation"}


def note(code: str, rows: list[str] | None = None, **values: Any) -> Note:
    fr, en = NOTES[code]
    source = str(values.get("source", ""))
    values.setdefault("source_fr", _SOURCES.get(source, (source, source))[0])
    values.setdefault("source_en", _SOURCES.get(source, (source, source))[1])
    return Note(code=code, text_fr=fr.format(**values), text_en=en.format(**values), rows=rows or [])


# Short names of the findings, for the heat map's columns and the defects' titles; audit-only codes too.
FINDING_NAMES: dict[str, tuple[str, str]] = {
    "kr.output_verb": ("KR = tâche", "KR is a task"),
    "kr.state_verb": ("KR = état (être/avoir)", "KR is a state (be/have)"),
    "kr.no_verb": ("KR sans verbe", "KR without a verb"),
    "kr.no_number": ("KR sans chiffre", "KR without a number"),
    "kr.no_baseline": ("Sans point de départ", "No baseline"),
    "kr.no_target": ("Sans cible", "No target"),
    "kr.no_deadline": ("Sans échéance", "No deadline"),
    "kr.run_kpi": ("KPI de run", "Run KPI"),
    "kr.unrelated": ("KR hors sujet", "Unrelated KR"),
    "kr.wrong_direction": ("Mauvais sens", "Wrong direction"),
    "kr.vanity": ("Indicateur de vanité", "Vanity metric"),
    "kr.reach_only": ("Audience seule", "Reach only"),
    "kr.duplicate": ("KR en double", "Duplicate KR"),
    "okr.redundant_krs": ("KR redondants", "Redundant KRs"),
    "okr.too_few_krs": ("Trop peu de KR", "Too few KRs"),
    "okr.too_many_krs": ("Trop de KR", "Too many KRs"),
    "obj.missing": ("Objectif manquant", "Missing objective"),
    "obj.not_infinitive": ("Objectif sans verbe", "Objective without a verb"),
    "obj.is_task": ("Objectif = livraison", "Objective is a delivery"),
    "obj.is_metric": ("Objectif = chiffre", "Objective is a metric"),
    "obj.too_vague": ("Objectif vague", "Vague objective"),
    "draft.too_many_objectives": ("Plus de 3 objectifs", "More than 3 objectives"),
    "draft.mixed_languages": ("Langues mêlées", "Mixed languages"),
    "draft.unparseable": ("Illisible", "Unreadable"),
    "align.no_parent": ("Sans objectif d'entreprise", "No company objective"),
}
# What a finding means in general (the analyzer's own messages quote one line's values).
FINDING_MEANINGS: dict[str, tuple[str, str]] = {
    "kr.output_verb": (
        "Le résultat clé décrit un livrable (livrer, lancer, déployer…), pas un changement observable.",
        "The key result describes a deliverable (deliver, launch, ship…), not an observable change.",
    ),
    "kr.state_verb": (
        "Le résultat clé commence par être ou avoir : un état, pas un changement.",
        "The key result opens with be or have: a state, not a change.",
    ),
    "kr.wrong_direction": (
        "Le verbe fait aller l'indicateur dans le mauvais sens (augmenter un taux d'abandon…).",
        "The verb moves the metric the wrong way (increase an abandonment rate…).",
    ),
    "kr.vanity": (
        "Indicateur de vanité : il compte une activité, pas la valeur créée.",
        "Vanity metric: it counts activity, not the value created.",
    ),
    "kr.reach_only": (
        "Le résultat clé ne compte qu'une audience (abonnés, vues, téléchargements), pas ce qu'elle fait.",
        "The key result only counts reach (followers, views, downloads), not what that audience does.",
    ),
    "kr.duplicate": (
        "Deux résultats clés d'un objectif mesurent le même indicateur (ou son inverse).",
        "Two key results of one objective measure the same metric (or its mirror).",
    ),
    "okr.redundant_krs": (
        "Deux résultats clés d'un objectif mesurent la même chose.",
        "Two key results of one objective measure the same thing.",
    ),
    "okr.too_few_krs": (
        "Moins de 2 résultats clés pour l'objectif : il en faut 2 à 3 (4 au plus).",
        "Fewer than 2 key results for the objective: it needs 2 to 3 (4 at most).",
    ),
    "okr.too_many_krs": (
        "Plus de 4 résultats clés pour l'objectif : le focus se perd.",
        "More than 4 key results for the objective: focus is lost.",
    ),
    "obj.is_task": (
        "L'objectif décrit une livraison ou un projet, pas le changement attendu.",
        "The objective describes a delivery or a project, not the change it should bring.",
    ),
    "draft.too_many_objectives": (
        "L'équipe a plus de 3 objectifs ce trimestre : les priorités se diluent.",
        "The team has more than 3 objectives this quarter: priorities get diluted.",
    ),
    "align.no_parent": (
        "L'objectif ne dit pas à quel objectif d'entreprise il contribue.",
        "The objective does not say which company objective it contributes to.",
    ),
}
FINDING_FIXES: dict[str, tuple[str, str]] = {
    "kr.no_deadline": (
        "Donnez à chaque résultat clé son échéance (« d'ici fin mars 2027 »), ou ajoutez au fichier une "
        "colonne Trimestre : sa fin devient l'échéance des résultats clés qui n'en donnent pas.",
        "Give each key result its deadline (“by end of March 2027”), or add a Quarter column to the file: its "
        "end becomes the deadline of the key results that give none.",
    ),
    "kr.vanity": (
        "Mesurez ce que l'activité change pour l'utilisateur ou le client (conversion, rétention, usage) "
        "plutôt que le volume d'activité.",
        "Measure what the activity changes for the user or customer (conversion, retention, usage) rather "
        "than the volume of activity.",
    ),
    "kr.reach_only": (
        "Mesurez ce que l'audience fait ensuite : inscriptions, achats, dons, visites, réutilisation.",
        "Measure what the audience does next: sign-ups, purchases, donations, visits, repeat use.",
    ),
    "kr.duplicate": (
        "Gardez-en un seul et prouvez l'objectif sous un autre angle (usage, qualité, valeur).",
        "Keep only one and prove the objective from another angle (usage, quality, value).",
    ),
    "okr.redundant_krs": (
        "Fusionnez-les, ou mesurez un autre aspect de l'objectif.",
        "Merge them, or measure another aspect of the objective.",
    ),
    "okr.too_few_krs": (
        "Ajoutez des résultats clés qui prouvent l'objectif sous un autre angle (usage, qualité, valeur).",
        "Add key results that prove the objective from another angle (usage, quality, value).",
    ),
    "align.no_parent": (
        "Rattachez l'objectif à l'objectif d'entreprise qu'il fait avancer, ou demandez-vous s'il compte ce "
        "trimestre.",
        "Link the objective to the company objective it moves, or ask whether it matters this quarter.",
    ),
}


def finding_name(code: str, lang: Lang) -> str:
    fr, en = FINDING_NAMES.get(code, (code, code))
    return fr if lang == "fr" else en


def finding_meaning(code: str, lang: Lang) -> str:
    if code in FINDING_MEANINGS:
        fr, en = FINDING_MEANINGS[code]
        return fr if lang == "fr" else en
    text = FINDINGS.get(code)
    if text is None:
        return code
    return text.message_fr if lang == "fr" else text.message_en


def finding_fix(code: str, lang: Lang) -> str:
    if code in FINDING_FIXES:
        fr, en = FINDING_FIXES[code]
        return fr if lang == "fr" else en
    text = FINDINGS.get(code)
    if text is None:
        return ""
    return text.suggestion_fr if lang == "fr" else text.suggestion_en


# The report's own words.
UI: dict[Lang, dict[str, str]] = {
    "fr": {
        "title": "Audit des OKR",
        "subtitle": "{name} · {cycle}",
        "generated": "Rapport établi sans modèle de langue : lecteur et analyseur d'okr-rewriter.",
        "nav_glance": "En bref",
        "nav_maturity": "Maturité",
        "nav_heatmap": "Défauts par équipe",
        "nav_defects": "Défauts fréquents",
        "nav_overlaps": "Chevauchements",
        "nav_alignment": "Alignement",
        "nav_tasks": "KR-tâches",
        "nav_comparison": "Trimestre précédent",
        "nav_okrs": "Tous les OKR",
        "nav_file": "Le fichier",
        "glance": "L'organisation en bref",
        "teams": "équipes",
        "objectives": "objectifs",
        "col_objectives": "Objectifs",
        "col_teams": "Équipes",
        "score_word": "score",
        "tasks_count": "{n} tâche(s)",
        "key_results": "résultats clés",
        "median_score": "score médian",
        "score_out_of": "/100",
        "levels_of_objectives": "Niveau de maturité des objectifs",
        "level_n": "Niveau {level} · {name}",
        "level_short": "N{level}",
        "takeaways": "À retenir",
        "take_roadmap": "{n} équipe(s) sur {total} écrivent encore des roadmaps (niveau 1 ou 2) : {teams}.",
        "take_roadmap_none": "Aucune équipe n'en est au niveau 1 ou 2 : toutes écrivent des résultats.",
        "take_defect": "Défaut le plus fréquent : {name} ({count} fois, dans {teams} équipe(s)).",
        "take_tasks": "{n} résultat(s) clé(s) sur {total} sont des tâches ({share} %).",
        "take_overlaps": "{n} chevauchement(s) entre équipes à arbitrer.",
        "take_orphans": "{n} objectif(s) sans objectif d'entreprise.",
        "take_unused": "{n} objectif(s) d'entreprise sans aucune équipe pour y contribuer.",
        "take_comparison": "Depuis le trimestre précédent : {up} équipe(s) en progrès, {down} en recul ; "
        "score médian {before} → {after}.",
        "take_best": "Meilleurs scores : {teams}.",
        "maturity": "Maturité par équipe",
        "maturity_help": "Chaque barre compte les objectifs de l'équipe par niveau ; l'équipe est au niveau "
        "que la moitié de ses objectifs atteint. Trié du moins au plus mûr.",
        "heatmap": "Défauts par équipe",
        "heatmap_help": "Nombre de fois où chaque défaut apparaît dans les OKR de l'équipe ; plus la case "
        "est foncée, plus il est fréquent.",
        "team": "Équipe",
        "level": "Niveau",
        "score": "Score",
        "defects": "Les défauts les plus fréquents",
        "defects_help": "Chacun avec deux exemples tirés du fichier et la correction que la méthode propose.",
        "defect_count": "{count} fois · {okrs} objectif(s) · {teams} équipe(s)",
        "fix": "Correction",
        "examples": "Exemples",
        "overlaps": "Chevauchements entre équipes",
        "overlaps_help": "Des équipes différentes poursuivent le même indicateur ou disent la même chose : "
        "décidez qui porte quoi, ou partagez le résultat clé explicitement.",
        "overlap_same_metric": "Même indicateur : {metric}",
        "overlap_same_words": "Même sujet",
        "no_overlaps": "Aucun chevauchement trouvé entre équipes.",
        "alignment": "Alignement",
        "alignment_none": "Le fichier ne nomme aucun objectif d'entreprise : l'alignement ne peut pas être "
        "vérifié. Ajoutez une colonne « Objectif entreprise » (ou --parent-column).",
        "orphans": "Objectifs sans objectif d'entreprise",
        "no_orphans": "Chaque objectif d'équipe est rattaché à un objectif d'entreprise.",
        "parents": "Objectifs d'entreprise et équipes qui y contribuent",
        "unused": "Objectifs d'entreprise auxquels aucune équipe ne contribue",
        "no_unused": "Chaque objectif d'entreprise a au moins une équipe qui y contribue.",
        "unknown": "Objectifs parents absents de la liste de l'entreprise (faute de frappe ?)",
        "contributors": "{n} objectif(s) · {teams}",
        "tasks": "Résultats clés qui sont des tâches",
        "tasks_help": "Ces lignes décrivent un livrable, pas un changement : la réécriture les garde comme "
        "initiatives et propose des résultats mesurables.",
        "tasks_command": "Pour les réécrire d'un coup, sans quitter votre poste :",
        "tasks_download": "Télécharger ces OKR à réécrire (CSV)",
        "no_tasks": "Aucun résultat clé n'est une tâche.",
        "comparison": "Par rapport au trimestre précédent",
        "comparison_file": "Comparé à {name}. Une équipe progresse (ou recule) quand elle passe d'une roadmap "
        "(niveaux 1-2) à des résultats (niveaux 3-4), ou l'inverse, ou quand son score médian change de 20 points "
        "ou plus.",
        "moved_up": "Équipes en progrès",
        "moved_down": "Équipes en recul",
        "no_moves": "Aucune.",
        "new_teams": "Nouvelles équipes : {teams}.",
        "gone_teams": "Équipes absentes ce trimestre : {teams}.",
        "defects_change": "Défauts qui progressent ou reculent",
        "per_100": "pour 100",
        "before": "Avant",
        "after": "Après",
        "okrs": "Tous les OKR, équipe par équipe",
        "okrs_help": "Le score part de 100 ; chaque critère manqué retire des points, proportionnellement à la "
        "part des résultats clés concernés. Dépliez une équipe pour voir ses OKR et les raisons.",
        "objective": "Objectif",
        "parent": "Contribue à",
        "owner": "Responsable",
        "no_objective": "(objectif manquant)",
        "reasons": "Points perdus",
        "no_reasons": "Rien à redire selon la méthode.",
        "weights": "Comment le score est calculé",
        "weight": "Poids",
        "criterion": "Critère",
        "file": "Le fichier",
        "file_read": "{rows} ligne(s) lue(s) · format {format}{encoding}{delimiter} · {shape}",
        "shape_kr_rows": "une ligne par résultat clé",
        "shape_okr_cells": "un OKR complet par cellule",
        "shape_sections": "une section Markdown par OKR",
        "columns": "Colonnes reconnues",
        "role_team": "équipe",
        "role_owner": "responsable",
        "role_parent": "objectif parent",
        "role_objective": "objectif",
        "role_key_result": "résultat clé",
        "role_draft": "brouillon",
        "role_cycle": "trimestre",
        "rows_listed": "Lignes concernées",
        "and_more": "… et {n} autre(s)",
        "print": "Imprimer",
        "kr_short": "KR",
        "task": "tâche",
    },
    "en": {
        "title": "OKR audit",
        "subtitle": "{name} · {cycle}",
        "generated": "Report made without a language model: okr-rewriter's reader and analyzer.",
        "nav_glance": "At a glance",
        "nav_maturity": "Maturity",
        "nav_heatmap": "Defects by team",
        "nav_defects": "Common defects",
        "nav_overlaps": "Overlaps",
        "nav_alignment": "Alignment",
        "nav_tasks": "Task KRs",
        "nav_comparison": "Last quarter",
        "nav_okrs": "All OKRs",
        "nav_file": "The file",
        "glance": "The organisation at a glance",
        "teams": "teams",
        "objectives": "objectives",
        "col_objectives": "Objectives",
        "col_teams": "Teams",
        "score_word": "score",
        "tasks_count": "{n} task(s)",
        "key_results": "key results",
        "median_score": "median score",
        "score_out_of": "/100",
        "levels_of_objectives": "Maturity level of the objectives",
        "level_n": "Level {level} · {name}",
        "level_short": "L{level}",
        "takeaways": "Takeaways",
        "take_roadmap": "{n} team(s) of {total} still write roadmaps (level 1 or 2): {teams}.",
        "take_roadmap_none": "No team is at level 1 or 2: every team writes outcomes.",
        "take_defect": "Most common defect: {name} ({count} times, in {teams} team(s)).",
        "take_tasks": "{n} key result(s) of {total} are tasks ({share} %).",
        "take_overlaps": "{n} overlap(s) between teams to settle.",
        "take_orphans": "{n} objective(s) with no company objective.",
        "take_unused": "{n} company objective(s) with no team contributing.",
        "take_comparison": "Since last quarter: {up} team(s) moved up, {down} moved down; median score "
        "{before} → {after}.",
        "take_best": "Best scores: {teams}.",
        "maturity": "Maturity by team",
        "maturity_help": "Each bar counts the team's objectives by level; the team is at the level half of its "
        "objectives reach. Sorted from least to most mature.",
        "heatmap": "Defects by team",
        "heatmap_help": "Times each defect appears in the team's OKRs; the darker the cell, the more often.",
        "team": "Team",
        "level": "Level",
        "score": "Score",
        "defects": "The most common defects",
        "defects_help": "Each with two examples from the file and the fix the method suggests.",
        "defect_count": "{count} times · {okrs} objective(s) · {teams} team(s)",
        "fix": "Fix",
        "examples": "Examples",
        "overlaps": "Overlaps between teams",
        "overlaps_help": "Different teams chase the same metric or say the same thing: decide who owns what, "
        "or share the key result explicitly.",
        "overlap_same_metric": "Same metric: {metric}",
        "overlap_same_words": "Same subject",
        "no_overlaps": "No overlap found between teams.",
        "alignment": "Alignment",
        "alignment_none": "The file names no company objective: alignment cannot be checked. Add a "
        "'Company objective' column (or --parent-column).",
        "orphans": "Objectives with no company objective",
        "no_orphans": "Every team objective hangs from a company objective.",
        "parents": "Company objectives and the teams contributing",
        "unused": "Company objectives no team contributes to",
        "no_unused": "Every company objective has at least one team contributing.",
        "unknown": "Parents missing from the company's list (a typo?)",
        "contributors": "{n} objective(s) · {teams}",
        "tasks": "Key results that are tasks",
        "tasks_help": "These lines describe a deliverable, not a change: the rewrite keeps them as initiatives "
        "and proposes measurable key results.",
        "tasks_command": "To rewrite them all at once, on your own machine:",
        "tasks_download": "Download these OKRs to rewrite (CSV)",
        "no_tasks": "No key result is a task.",
        "comparison": "Compared with last quarter",
        "comparison_file": "Compared with {name}. A team moves up (or down) when it goes from a roadmap "
        "(levels 1-2) to outcomes (levels 3-4), or back, or when its median score changes by 20 points or more.",
        "moved_up": "Teams that moved up",
        "moved_down": "Teams that moved down",
        "no_moves": "None.",
        "new_teams": "New teams: {teams}.",
        "gone_teams": "Teams missing this quarter: {teams}.",
        "defects_change": "Defects that grew or shrank",
        "per_100": "per 100",
        "before": "Before",
        "after": "After",
        "okrs": "Every OKR, team by team",
        "okrs_help": "The score starts at 100; each criterion missed takes points off, in proportion to the "
        "share of key results concerned. Open a team to see its OKRs and the reasons.",
        "objective": "Objective",
        "parent": "Contributes to",
        "owner": "Owner",
        "no_objective": "(missing objective)",
        "reasons": "Points lost",
        "no_reasons": "Nothing to fault against the method.",
        "weights": "How the score is computed",
        "weight": "Weight",
        "criterion": "Criterion",
        "file": "The file",
        "file_read": "{rows} row(s) read · format {format}{encoding}{delimiter} · {shape}",
        "shape_kr_rows": "one row per key result",
        "shape_okr_cells": "a whole OKR per cell",
        "shape_sections": "one Markdown section per OKR",
        "columns": "Columns recognised",
        "role_team": "team",
        "role_owner": "owner",
        "role_parent": "parent objective",
        "role_objective": "objective",
        "role_key_result": "key result",
        "role_draft": "draft",
        "role_cycle": "quarter",
        "rows_listed": "Rows concerned",
        "and_more": "… and {n} more",
        "print": "Print",
        "kr_short": "KR",
        "task": "task",
    },
}


def t(lang: Lang, key: str, **values: Any) -> str:
    text = UI[lang][key]
    return text.format(**values) if values else text
