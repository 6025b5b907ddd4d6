"""HTML and text for the web form: the diagnosis against the draft's lines, the result, the questions.

Pure functions from library objects to strings, so the app stays layout and wiring, and what a user
sees is unit-tested without a browser. Every piece of user text is escaped before it is wrapped in HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from rewriter import batch, draft_errors, files
from rewriter.analyzer import Diagnosis, Finding
from rewriter.draft import Lang
from rewriter.file_messages import row_message
from rewriter.library.suggest import ObjectiveSuggestions
from rewriter.render import LABELS, LEVELS, PLACEHOLDERS, contribution_label, format_value
from rewriter.result import KeyResult, Objective, Question, RewriteResult
from rewriter.text_hygiene import without_bidi

# Interface strings. Both languages must hold the same keys (a unit test checks it).
UI: dict[Lang, dict[str, str]] = {
    "fr": {
        "title": "OKR rewriter",
        "tagline": "Collez un brouillon d'OKR : le diagnostic s'affiche tout de suite, "
        "puis la réécriture transforme la roadmap en résultats mesurables, sans inventer de chiffre.",
        "tab_rewrite": "Réécrire",
        "tab_batch": "Lot",
        "draft": "Brouillon d'OKR",
        "draft_placeholder": "Objectif : Lancer la v2\nKR : Livrer la feature A\nKR : Mettre en production B",
        "examples": "Exemples",
        "rewrite": "Réécrire",
        "diagnosis": "Diagnostic",
        "result": "Réécriture",
        "questions": "Questions à trancher",
        "questions_help": "Répondez pour remplacer les champs à compléter ; la réécriture se met à jour "
        "sans nouvel appel au modèle.",
        "apply": "Appliquer les réponses",
        "markdown": "Markdown (bouton copier en haut à droite)",
        "download_md": "↓ Markdown",
        "download_csv": "↓ CSV",
        "download_xlsx": "↓ XLSX",
        "download_json": "↓ JSON",
        "copy": "Copier le Markdown",
        "settings": "Réglages",
        "model": "Modèle",
        "model_info": "Modèle embarqué par défaut, autre modèle local, ou tout nom de modèle litellm "
        "(la clé est lue dans l'environnement du serveur).",
        "out_lang": "Langue de la réécriture",
        "out_lang_auto": "Celle du brouillon",
        "ui_lang": "Langue",
        "batch_file": "Fichier (CSV « ; » ou « , », XLSX, JSONL, Markdown)",
        "batch_column": "Colonne du brouillon",
        "batch_preview": "Aperçu",
        "batch_run": "Réécrire le lot",
        "batch_results": "Résultats (une ligne par ligne du fichier)",
        "tab_audit": "Audit",
        "audit_help": "Déposez les OKR de toute l'organisation (une ligne par résultat clé, ou un OKR par cellule) : "
        "le rapport montre la maturité par équipe, les défauts fréquents, les chevauchements, l'alignement et "
        "les résultats clés qui sont des tâches. Sans modèle de langue, en quelques secondes.",
        "audit_file": "OKR du trimestre (CSV, XLSX, JSONL, Markdown)",
        "audit_previous": "Trimestre précédent (facultatif)",
        "audit_run": "Auditer",
        "audit_empty": "Le rapport apparaîtra ici.",
        "audit_done": "{teams} équipe(s), {objectives} objectif(s), {key_results} résultat(s) clé(s) · score médian "
        "{median} · {seconds} s",
        "audit_no_file": "Déposez d'abord le fichier des OKR du trimestre.",
        "audit_previous_problem": "Trimestre précédent : {problem}",
        "download_html": "↓ Rapport HTML",
        "status_ok": "réécrit",
        "status_kept_row": "gardé tel quel",
        "status_needs_input_row": "à compléter",
        "status_error": "erreur ({kind})",
        "empty_diagnosis": "Le diagnostic apparaît ici dès que vous collez un brouillon.",
        "empty_result": "La réécriture apparaîtra ici.",
        "working": "Réécriture en cours… {seconds} s",
        "working_hint": "Les règles et la bibliothèque d'indicateurs réécrivent d'abord ; le modèle {model} "
        "n'est appelé que pour ce qu'elles ne trouvent pas (de quelques secondes à une minute sur ce poste).",
        "failed": "Le modèle n'a pas donné de réécriture valide.",
        "status_kept": "Brouillon déjà solide : gardé tel quel, sans appel au modèle — répondez aux questions.",
        "status_kept_complete": "Brouillon déjà solide : gardé tel quel, sans appel au modèle.",
        "status_needs_input": "Établi par les règles en {seconds} s ({calls}, sans réponse valide)",
        "status_rewritten": "Réécrit en {seconds} s ({calls})",
        "status_no_call": "sans appel au modèle",
        "status_call_one": "{model}, 1 appel",
        "status_call_many": "{model}, {n} appels",
        "status_library_one": "{n} KR sur {total} vient de la bibliothèque d'indicateurs",
        "status_library_many": "{n} KR sur {total} viennent de la bibliothèque d'indicateurs",
        "status_from_draft_one": "{n} KR repris de votre brouillon",
        "status_from_draft_many": "{n} KR repris de votre brouillon",
        "status_to_choose_one": "{n} indicateur à choisir",
        "status_to_choose_many": "{n} indicateurs à choisir",
        "status_initiatives_one": "l'initiative est le livrable de votre brouillon",
        "status_initiatives_many": "les {n} initiatives sont les livrables de votre brouillon",
        "status_answer": "répondez aux questions pour compléter",
        "needs_input": "Le modèle n'a pas pu terminer la réécriture : voici la version établie par les règles "
        "et la bibliothèque d'indicateurs. Répondez aux questions pour la compléter.",
        "source_kept": "gardé du brouillon",
        "source_draft": "repris du brouillon",
        "source_library": "indicateur suggéré",
        "level": "Niveau {level} · {name}",
        "level_of_objective": "Objectif {index} : niveau {level} ({name})",
        "findings_count": "{errors} erreur(s), {warnings} avertissement(s), {infos} remarque(s)",
        "general": "Sur l'ensemble du brouillon",
        "no_findings": "Aucun défaut relevé.",
        "suggested_metrics": "Indicateurs suggérés",
        "suggest_help": "Des indicateurs de résultat de la bibliothèque, trouvés par les mots du brouillon.",
        "suggest_objective": "Objectif {index}",
        "suggest_none": "Aucun indicateur de la bibliothèque ne correspond à ces mots.",
        "suggest_matched": "d'après",
        "direction_up": "à augmenter",
        "direction_down": "à réduire",
        "direction_keep": "à maintenir",
        "line": "ligne",
        "verb": "Verbe",
        "metric": "Métrique",
        "baseline": "Base",
        "target": "Cible",
        "deadline": "Échéance",
        "segment": "Segment",
        "value": "Chiffre",
        "parent": "Contribution",
        "moves": "fait bouger",
        "chips_help": "Cliquez sur un indicateur pour l'ajouter comme résultat clé, ou écrivez le vôtre "
        "dans les questions.",
        "chip_title": "Ajouter ce résultat clé",
        "provenance": "{calls} · {seconds} s · prompt {version}",
        "provenance_no_call": "Sans appel au modèle : règles et bibliothèque d'indicateurs.",
        "batch_done": "{ok} réécriture(s), {errors} erreur(s) sur {total} ligne(s).",
        "batch_done_input": "{ok} réécriture(s) dont {flagged} à compléter, {errors} erreur(s) sur {total} "
        "ligne(s).",
        "batch_progress": "Ligne {done}/{total}",
        "col_where": "Ligne",
        "col_id": "id",
        "col_status": "Statut",
        "col_objective": "Objectif",
        "col_krs": "Résultats clés",
        "col_questions": "Questions",
        "batch_read": "{count} brouillon(s) lus dans {name} ({format}), colonne « {column} ».",
        "error_empty_file": "Choisissez d'abord un fichier.",
        "error_no_column": "Choisissez la colonne qui contient les brouillons.",
        "error_no_result": "Lancez d'abord une réécriture.",
        "error_batch_rows": "Ce fichier contient {count} brouillons ; le formulaire en réécrit au plus {limit} "
        "par lot (réglage {env} du serveur). Découpez-le, ou réécrivez-le en ligne de commande : "
        "okr-rewriter batch.",
        "error_unknown_model": "Modèle local inconnu : « {model} » ; modèles locaux : {known}.",
        # A batch file that cannot be read, or results that cannot be written: one key per
        # `rewriter.file_errors.FileProblem`, naming the upload by its own name, never the server's path.
        "file_format": "{name} : format non reconnu. Envoyez un fichier .csv, .xlsx, .jsonl, .json ou .md.",
        "file_xls": "{name} : les fichiers Excel 97-2003 (.xls) ne sont pas pris en charge ; "
        "enregistrez-le en .xlsx ou en CSV.",
        "file_missing": "{name} est introuvable : envoyez-le à nouveau.",
        "file_folder": "{name} est un dossier, pas un fichier.",
        "file_permission": "{name} ne peut pas être lu (accès refusé) : envoyez-le à nouveau.",
        "file_unreadable": "{name} ne peut pas être lu : envoyez-le à nouveau.",
        "file_too_big": "{name} dépasse la limite de {limit_mb} Mo : découpez-le en plusieurs fichiers "
        "(par exemple un par direction).",
        "file_encoding": "{name} ne peut pas être lu en {encoding} : enregistrez-le en UTF-8.",
        "file_binary": "{name} contient des octets nuls : c'est un fichier binaire, pas du texte.",
        "file_not_utf8": "{name} : l'octet {position} n'est valide ni en UTF-8 ni en Windows-1252 ; "
        "enregistrez le fichier en UTF-8.",
        "file_empty": "{name} est vide.",
        "file_no_rows": "{name} a une ligne d'en-tête ({columns}) mais aucune ligne de brouillon.",
        "file_too_many_rows": "{name} a plus de {limit} lignes : découpez-le en plusieurs fichiers.",
        "file_malformed_csv": "{name}, ligne {line} : CSV mal formé ; vérifiez cette ligne ou enregistrez "
        "à nouveau le fichier depuis le tableur.",
        "file_damaged_xlsx": "{name} n'est pas un classeur .xlsx lisible (fichier endommagé) : ouvrez-le "
        "dans Excel ou LibreOffice et enregistrez-le à nouveau, ou exportez-le en CSV.",
        "file_no_sheet": "{name} n'a pas de feuille « {sheet} » ; ses feuilles : {sheets}.",
        "file_invalid_json": "{name} n'est pas un JSON valide : vérifiez-le dans un éditeur, ou envoyez "
        "vos brouillons en CSV.",
        "file_too_deep": "{name} est imbriqué trop profondément pour être lu : il doit contenir une liste "
        "de brouillons (textes ou objets).",
        "file_json_shape": "{name} doit contenir une liste JSON de brouillons (textes ou objets).",
        "file_no_usable_line": "Aucune ligne de {name} n'est un brouillon utilisable : chaque ligne doit "
        "être un objet JSON avec un champ de brouillon, ou un texte.",
        "file_no_columns": "{name} n'a aucune colonne.",
        "file_no_such_column": "{name} n'a pas de colonne « {column} » ; ses colonnes : {columns}.",
        "file_columns_empty": "Toutes les colonnes de {name} sont vides dans les premières lignes "
        "({columns}).",
        "file_no_draft_column": "Aucune colonne de {name} ne ressemble à des brouillons d'OKR (colonnes : "
        "{columns}) : choisissez la colonne qui contient les brouillons.",
        "file_no_fields": "{name} ne contient pas d'objets JSON, donc pas de champ « {column} ».",
        "file_usage": "{name} : ce réglage ne s'applique pas à ce fichier.",
        "file_checkpoint": "Le fichier de reprise {name} est inutilisable.",
        "file_output_format": "{name} : format de résultats non pris en charge.",
        "file_output_folder": "Le serveur n'a pas pu écrire les résultats : un dossier porte le nom {name}. "
        "Prévenez l'administrateur.",
        "file_output_permission": "Le serveur n'a pas pu écrire les résultats ({name}) : accès refusé. "
        "Prévenez l'administrateur.",
        "file_output_full": "Le disque du serveur est plein : les résultats ({name}) n'ont pas pu être "
        "écrits. Réessayez plus tard ou prévenez l'administrateur.",
        "file_output_unwritable": "Le serveur n'a pas pu écrire les résultats ({name}). "
        "Prévenez l'administrateur.",
    },
    "en": {
        "title": "OKR rewriter",
        "tagline": "Paste a draft OKR set: the diagnosis shows at once, then the rewrite turns the roadmap "
        "into measurable outcomes, without inventing a number.",
        "tab_rewrite": "Rewrite",
        "tab_batch": "Batch",
        "draft": "Draft OKRs",
        "draft_placeholder": "Objective: Launch v2\nKR: Ship feature A\nKR: Release B",
        "examples": "Examples",
        "rewrite": "Rewrite",
        "diagnosis": "Diagnosis",
        "result": "Rewrite",
        "questions": "Open questions",
        "questions_help": "Answer to fill the placeholders; the rewrite updates without a new model call.",
        "apply": "Apply answers",
        "markdown": "Markdown (copy button at the top right)",
        "download_md": "↓ Markdown",
        "download_csv": "↓ CSV",
        "download_xlsx": "↓ XLSX",
        "download_json": "↓ JSON",
        "copy": "Copy as Markdown",
        "settings": "Settings",
        "model": "Model",
        "model_info": "The embedded default, another local model, or any litellm model string "
        "(the key is read from the server's environment).",
        "out_lang": "Language of the rewrite",
        "out_lang_auto": "The draft's",
        "ui_lang": "Language",
        "batch_file": "File (CSV with ';' or ',', XLSX, JSONL, Markdown)",
        "batch_column": "Draft column",
        "batch_preview": "Preview",
        "batch_run": "Rewrite the batch",
        "batch_results": "Results (one row per row of the file)",
        "tab_audit": "Audit",
        "audit_help": "Drop the OKRs of the whole organisation (one row per key result, or one OKR per cell): the "
        "report shows maturity per team, common defects, overlaps, alignment and the key results that are "
        "tasks. No language model, a few seconds.",
        "audit_file": "This quarter's OKRs (CSV, XLSX, JSONL, Markdown)",
        "audit_previous": "Last quarter (optional)",
        "audit_run": "Audit",
        "audit_empty": "The report will appear here.",
        "audit_done": "{teams} team(s), {objectives} objective(s), {key_results} key result(s) · median score "
        "{median} · {seconds} s",
        "audit_no_file": "Drop this quarter's OKR file first.",
        "audit_previous_problem": "Last quarter: {problem}",
        "download_html": "↓ HTML report",
        "status_ok": "rewritten",
        "status_kept_row": "kept as written",
        "status_needs_input_row": "needs input",
        "status_error": "error ({kind})",
        "empty_diagnosis": "The diagnosis shows here as soon as you paste a draft.",
        "empty_result": "The rewrite will show here.",
        "working": "Rewriting… {seconds} s",
        "working_hint": "The rules and the metric library rewrite first; the model {model} is only asked "
        "for what they cannot find (a few seconds to a minute on this machine).",
        "failed": "The model gave no valid rewrite.",
        "status_kept": "Draft already sound: kept as written, no model call — answer the questions.",
        "status_kept_complete": "Draft already sound: kept as written, no model call.",
        "status_needs_input": "Built by the rules in {seconds} s ({calls}, no valid answer)",
        "status_rewritten": "Rewritten in {seconds} s ({calls})",
        "status_no_call": "no model call",
        "status_call_one": "{model}, 1 call",
        "status_call_many": "{model}, {n} calls",
        "status_library_one": "{n} of {total} KRs comes from the metric library",
        "status_library_many": "{n} of {total} KRs come from the metric library",
        "status_from_draft_one": "{n} KR from your draft",
        "status_from_draft_many": "{n} KRs from your draft",
        "status_to_choose_one": "{n} metric to choose",
        "status_to_choose_many": "{n} metrics to choose",
        "status_initiatives_one": "the initiative is your draft's deliverable",
        "status_initiatives_many": "the {n} initiatives are your draft's deliverables",
        "status_answer": "answer the questions to complete it",
        "needs_input": "The model could not finish the rewrite: here is the version built from the rules and "
        "the metric library. Answer the questions to complete it.",
        "source_kept": "kept from your draft",
        "source_draft": "from your draft",
        "source_library": "suggested metric",
        "level": "Level {level} · {name}",
        "level_of_objective": "Objective {index}: level {level} ({name})",
        "findings_count": "{errors} error(s), {warnings} warning(s), {infos} note(s)",
        "general": "On the whole draft",
        "no_findings": "No defect found.",
        "suggested_metrics": "Suggested metrics",
        "suggest_help": "Outcome metrics from the library, found from the draft's words.",
        "suggest_objective": "Objective {index}",
        "suggest_none": "No metric of the library matches these words.",
        "suggest_matched": "from",
        "direction_up": "to increase",
        "direction_down": "to reduce",
        "direction_keep": "to hold",
        "line": "line",
        "verb": "Verb",
        "metric": "Metric",
        "baseline": "Baseline",
        "target": "Target",
        "deadline": "Deadline",
        "segment": "Segment",
        "value": "Number",
        "parent": "Contribution",
        "moves": "moves",
        "chips_help": "Click a metric to add it as a key result, or write your own in the questions.",
        "chip_title": "Add this key result",
        "provenance": "{calls} · {seconds} s · prompt {version}",
        "provenance_no_call": "No model call: rules and metric library.",
        "batch_done": "{ok} rewrite(s), {errors} error(s) out of {total} row(s).",
        "batch_done_input": "{ok} rewrite(s), {flagged} of them needing input, {errors} error(s) out of "
        "{total} row(s).",
        "batch_progress": "Row {done}/{total}",
        "col_where": "Row",
        "col_id": "id",
        "col_status": "Status",
        "col_objective": "Objective",
        "col_krs": "Key results",
        "col_questions": "Questions",
        "batch_read": "{count} draft(s) read from {name} ({format}), column “{column}”.",
        "error_empty_file": "Choose a file first.",
        "error_no_column": "Choose the column that holds the drafts.",
        "error_no_result": "Run a rewrite first.",
        "error_batch_rows": "This file holds {count} drafts; the form rewrites at most {limit} per batch "
        "(the server's {env}). Split it, or rewrite it from the command line: okr-rewriter batch.",
        "error_unknown_model": "Unknown local model '{model}'; known models: {known}.",
        "file_format": "{name}: unknown format. Send a .csv, .xlsx, .jsonl, .json or .md file.",
        "file_xls": "{name}: Excel 97-2003 (.xls) files are not supported; save it as .xlsx or CSV.",
        "file_missing": "{name} cannot be found: send it again.",
        "file_folder": "{name} is a folder, not a file.",
        "file_permission": "{name} cannot be read (permission denied): send it again.",
        "file_unreadable": "{name} cannot be read: send it again.",
        "file_too_big": "{name} is over the {limit_mb} MB limit: split it into several files "
        "(e.g. one per department).",
        "file_encoding": "{name} cannot be read as {encoding}: save it as UTF-8.",
        "file_binary": "{name} contains NUL bytes: it is a binary file, not text.",
        "file_not_utf8": "{name}: byte {position} is valid neither in UTF-8 nor in Windows-1252; "
        "save the file as UTF-8.",
        "file_empty": "{name} is empty.",
        "file_no_rows": "{name} has a header row ({columns}) but no draft rows.",
        "file_too_many_rows": "{name} has more than {limit} rows: split it into several files.",
        "file_malformed_csv": "{name}, line {line}: malformed CSV; check that line or save the file again "
        "from the spreadsheet.",
        "file_damaged_xlsx": "{name} is not a readable .xlsx workbook (the file is damaged): open it in "
        "Excel or LibreOffice and save it again, or export it as CSV.",
        "file_no_sheet": "{name} has no sheet '{sheet}'; its sheets: {sheets}.",
        "file_invalid_json": "{name} is not valid JSON: check it in an editor, or send your drafts as CSV.",
        "file_too_deep": "{name} is nested too deeply to be read: it should hold a list of drafts "
        "(texts or objects).",
        "file_json_shape": "{name} should hold a JSON list of drafts (texts or objects).",
        "file_no_usable_line": "No line of {name} is a usable draft: each line should be a JSON object "
        "with a draft field, or a text.",
        "file_no_columns": "{name} has no columns.",
        "file_no_such_column": "{name} has no column '{column}'; its columns: {columns}.",
        "file_columns_empty": "Every column of {name} is empty in the first rows ({columns}).",
        "file_no_draft_column": "No column of {name} looks like OKR drafts (columns: {columns}): choose "
        "the column that holds the drafts.",
        "file_no_fields": "{name} holds no JSON objects, so it has no field '{column}'.",
        "file_usage": "{name}: this setting does not apply to this file.",
        "file_checkpoint": "The checkpoint {name} cannot be used.",
        "file_output_format": "{name}: results format not supported.",
        "file_output_folder": "The server could not write the results: a folder is named {name}. "
        "Tell the administrator.",
        "file_output_permission": "The server could not write the results ({name}): permission denied. "
        "Tell the administrator.",
        "file_output_full": "The server's disk is full: the results ({name}) could not be written. "
        "Try again later or tell the administrator.",
        "file_output_unwritable": "The server could not write the results ({name}). Tell the administrator.",
    },
}

SEVERITY_NAME: dict[Lang, dict[str, str]] = {
    "fr": {"error": "erreur", "warning": "attention", "info": "remarque"},
    "en": {"error": "error", "warning": "warning", "info": "note"},
}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# Matches the renderer's placeholders ("[base à mesurer]", "[N]") and the method's "[X]%" style.
PLACEHOLDER_RE = re.compile(r"\[[^\[\]<>]{1,60}\]")

ANSWER_HINTS: dict[Lang, dict[str, str]] = {
    "fr": {
        "baseline": "ex. 30 %",
        "target": "ex. 60 %",
        "deadline": "ex. fin T2 2027",
        "segment": "ex. les nouveaux comptes PME",
        "value": "ex. 3",
        "metric": "ex. le délai moyen de traitement d'une demande",
        "parent": "ex. moins de pannes, donc plus de trajets assurés",
    },
    "en": {
        "baseline": "e.g. 30%",
        "target": "e.g. 60%",
        "deadline": "e.g. end of Q2 2027",
        "segment": "e.g. new SMB accounts",
        "value": "e.g. 3",
        "metric": "e.g. the average time to process a request",
        "parent": "e.g. fewer breakdowns, so more trips run",
    },
}


def t(lang: Lang, key: str, **values: Any) -> str:
    """Interface string `key` in `lang`, formatted with `values`."""
    text = UI[lang][key]
    return text.format(**values) if values else text


def esc(text: str) -> str:
    """HTML-escaped text without bidi controls: a U+202E in a draft must not reorder what the page shows."""
    return html.escape(without_bidi(text), quote=True)


def highlight(text: str) -> str:
    """Escaped text with every placeholder wrapped in <mark>, so what is left to fill stands out."""
    return PLACEHOLDER_RE.sub(lambda m: f'<mark class="okr-ph">{m.group(0)}</mark>', esc(text))


def level_name(level: int, lang: Lang) -> str:
    return LEVELS[lang].get(level, "?")


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: _SEVERITY_RANK.get(f.severity, 3))


def _finding_html(finding: Finding, lang: Lang) -> str:
    # A coloured badge with a word, not an emoji: emoji fonts are missing on many Linux desktops.
    badge = SEVERITY_NAME[lang].get(finding.severity, finding.severity)
    suggestion = finding.suggestion(lang)
    tip = f'<div class="okr-tip">→ {esc(suggestion)}</div>' if suggestion else ""
    return (
        f'<div class="okr-finding okr-{esc(finding.severity)}" data-code="{esc(finding.code)}">'
        f'<span class="okr-sev okr-sev-{esc(finding.severity)}">{esc(badge)}</span>'
        f"<div><span>{esc(finding.message(lang))}</span>"
        f' <code class="okr-code">{esc(finding.code)}</code>{tip}</div></div>'
    )


def diagnosis_html(text: str, diagnosis: Diagnosis, lang: Lang) -> str:
    """Level and reasons, then each non-blank line of the draft with the findings that point at it."""
    findings = list(diagnosis.findings)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    parts = [
        '<div class="okr-diagnosis">',
        f'<div class="okr-level okr-level-{diagnosis.level}">'
        f"{esc(t(lang, 'level', level=diagnosis.level, name=level_name(diagnosis.level, lang)))}</div>",
    ]
    per_objective = diagnosis.objective_levels
    if len(per_objective) > 1:
        items = "".join(
            f"<li>{esc(t(lang, 'level_of_objective', index=i, level=lv, name=level_name(lv, lang)))}</li>"
            for i, lv in enumerate(per_objective, 1)
        )
        parts.append(f'<ul class="okr-objective-levels">{items}</ul>')
    why = diagnosis.reasons(lang)
    if why:
        parts.append('<ul class="okr-reasons">' + "".join(f"<li>{esc(r)}</li>" for r in why) + "</ul>")
    summary = t(
        lang, "findings_count", errors=counts["error"], warnings=counts["warning"], infos=counts["info"]
    )
    parts.append(f'<p class="okr-counts">{esc(summary)}</p>')

    lines = text.splitlines()
    by_line: dict[int, list[Finding]] = {}
    general: list[Finding] = []
    for finding in findings:
        if finding.line is not None and 1 <= finding.line <= len(lines):
            by_line.setdefault(finding.line, []).append(finding)
        else:
            general.append(finding)
    if general:
        parts.append(
            f'<div class="okr-general"><div class="okr-general-title">{esc(t(lang, "general"))}</div>'
        )
        parts.extend(_finding_html(f, lang) for f in _sorted(general))
        parts.append("</div>")
    parts.append('<ol class="okr-lines">')
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        attached = _sorted(by_line.get(number, []))
        worst = attached[0].severity if attached else "ok"
        parts.append(
            f'<li class="okr-line okr-line-{esc(worst)}" value="{number}">'
            f'<span class="okr-ln" title="{esc(t(lang, "line"))} {number}">{number}</span>'
            f'<span class="okr-text">{esc(line.strip())}</span>'
        )
        parts.extend(_finding_html(f, lang) for f in attached)
        parts.append("</li>")
    parts.append("</ol>")
    if not findings:
        parts.append(f'<p class="okr-none">{esc(t(lang, "no_findings"))}</p>')
    parts.append("</div>")
    return "".join(parts)


def diagnosis_dict(diagnosis: Diagnosis, lang: Lang) -> dict[str, Any]:
    """The diagnosis as plain JSON for API clients, messages in `lang`."""
    return {
        "level": diagnosis.level,
        "level_name": level_name(diagnosis.level, lang),
        "objective_levels": diagnosis.objective_levels,
        "reasons": diagnosis.reasons(lang),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "line": f.line,
                "objective": f.objective,
                "kr": f.kr,
                "message": f.message(lang),
                "suggestion": f.suggestion(lang),
            }
            for f in diagnosis.findings
        ],
    }


def md_text(text: str) -> str:
    """Text shown as Markdown without being read as Markdown: markup characters escaped, bidi controls dropped."""
    return re.sub(r"([\\`*_{}\[\]()#+!|<>])", r"\\\1", without_bidi(text))


def suggestions_html(results: Sequence[ObjectiveSuggestions], lang: Lang) -> str:
    """The "Suggested metrics" section of the diagnosis panel: per objective, metrics and the words behind them."""
    if not results:
        return ""
    parts = [
        '<div class="okr-suggestions">',
        f'<div class="okr-subtitle">{esc(t(lang, "suggested_metrics"))}</div>',
        f'<p class="okr-hint">{esc(t(lang, "suggest_help"))}</p>',
    ]
    for obj in results:
        title = t(lang, "suggest_objective", index=obj.objective + 1)
        text = f" · {esc(obj.text)}" if obj.text else ""
        parts.append(f'<div class="okr-suggest-objective"><div class="okr-o-label">{esc(title)}{text}</div>')
        if not obj.metrics:
            parts.append(f'<p class="okr-none">{esc(t(lang, "suggest_none"))}</p></div>')
            continue
        parts.append('<ol class="okr-suggest-list">')
        for s in obj.metrics:
            words = "".join(f'<span class="okr-word">{esc(w)}</span>' for w in s.matched)
            parts.append(
                f'<li class="okr-suggestion" data-metric="{esc(s.metric_id)}">'
                f'<span class="okr-metric-name">{esc(s.name)}</span> '
                f'<span class="okr-direction">{esc(t(lang, "direction_" + s.direction))}</span>'
                f'<div class="okr-why">{esc(t(lang, "suggest_matched"))} {words}</div></li>'
            )
        parts.append("</ol></div>")
    parts.append("</div>")
    return "".join(parts)


def suggestions_dict(results: Sequence[ObjectiveSuggestions], lang: Lang) -> dict[str, Any]:
    """The suggestions as plain JSON for API clients; `lang` is the language of the metric names."""
    return {"lang": lang, "objectives": [r.model_dump(mode="json") for r in results]}


def note_html(message: str) -> str:
    """A note above a panel: something the user must know before reading it."""
    return f'<p class="okr-note okr-draft-note" role="status">{esc(message)}</p>'


def placeholder_html(message: str) -> str:
    return f'<div class="okr-empty">{esc(message)}</div>'


def _slot(label: str, value: str | None, placeholder: str) -> str:
    shown = value if value and value.strip() else placeholder
    return (
        f'<span class="okr-slot"><span class="okr-slot-label">{esc(label)}</span> {highlight(shown)}</span>'
    )


def _source_badge(source: str, kept: bool, lang: Lang) -> str:
    """Where a line comes from, so the PM sees at once what is theirs and what is a suggestion to check."""
    key = "source_kept" if kept else {"draft": "source_draft", "library": "source_library"}.get(source)
    if key is None:
        return ""
    kind = "kept" if kept else source
    return f' <span class="okr-source okr-source-{kind}">{esc(t(lang, key))}</span>'


def _slot_value(value: str | None, unit: str | None, result_lang: Lang, slot: str) -> str:
    # French sets a (no-break) space before '%': the slot reads as the sentence above it does.
    shown = format_value(value, unit, result_lang, slot)
    return re.sub(r"(?<=\d)%", "\u00a0%", shown) if result_lang == "fr" else shown


def _kr_html(index: int, kr: KeyResult, result_lang: Lang, lang: Lang) -> str:
    holders = PLACEHOLDERS[result_lang]
    run = f' <em class="okr-run">({esc(LABELS[lang]["run"])})</em>' if kr.run_kpi else ""
    source = _source_badge(kr.source, kr.draft_text is not None, lang)
    slots = "".join(
        (
            _slot(t(lang, "verb"), kr.verb, ""),
            _slot(t(lang, "metric"), kr.metric, ""),
            _slot(t(lang, "baseline"), _slot_value(kr.baseline, kr.unit, result_lang, "baseline"), ""),
            _slot(t(lang, "target"), _slot_value(kr.target, kr.unit, result_lang, "target"), ""),
            _slot(t(lang, "deadline"), kr.deadline, holders["deadline"]),
        )
    )
    return (
        f'<li class="okr-kr"><div class="okr-sentence"><span class="okr-tag">KR{index}</span> '
        f"{highlight(kr.sentence)}{run}{source}</div>"
        f'<div class="okr-slots">{slots}</div></li>'
    )


def _candidates_html(index: int, obj: Objective, lang: Lang) -> str:
    """The metrics offered for an objective as chips (its verb and name); a click adds the KR (`CHIPS_JS`)."""
    if not obj.candidates:
        return ""
    chips = []
    for c in obj.candidates:
        title = t(lang, "chip_title")
        if c.matched:
            title += f" · {t(lang, 'suggest_matched')} {', '.join(c.matched)}"
        chips.append(
            f'<button type="button" class="okr-chip" data-objective="{index}" data-metric="{esc(c.metric_id)}"'
            f' title="{esc(title)}"><span class="okr-chip-plus" aria-hidden="true">+</span>'
            f"{esc(c.verb)} {esc(c.name)}</button>"
        )
    label = esc(LABELS[lang]["candidates"])
    return (
        f'<div class="okr-candidates"><div class="okr-subtitle">{label}</div>'
        f'<div class="okr-chips" role="group" aria-label="{label}">{"".join(chips)}</div>'
        f'<p class="okr-hint">{esc(t(lang, "chips_help"))}</p></div>'
    )


# The result panel's script (gr.HTML's js_on_load): a click on a chip sends which objective and which metric;
# a click anywhere else sends nothing. The chip is disabled at once so a double click adds one KR.
CHIPS_JS = """
element.addEventListener('click', (event) => {
  const chip = event.target instanceof Element ? event.target.closest('button.okr-chip') : null;
  if (!chip || chip.disabled) return;
  chip.disabled = true;
  trigger('click', {objective: Number(chip.dataset.objective), metric: chip.dataset.metric});
});
"""


def chip_choice(result: RewriteResult, data: Any) -> tuple[int, str] | None:
    """The (objective, metric id) a chip click sent, when that metric is still offered in `result`, else None.

    The data comes from the browser: anything but a current candidate is ignored, never added as a KR.
    """
    if not isinstance(data, dict):
        return None
    index, metric = data.get("objective"), data.get("metric")
    if isinstance(index, float) and index.is_integer():
        index = int(index)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(result.objectives):
        return None
    offered = {c.metric_id for c in result.objectives[index].candidates}
    return (index, metric) if isinstance(metric, str) and metric in offered else None


def _contribution_html(obj: Objective, lang: Lang) -> str:
    """How the objective moves the parent line it was asked about, as the author answered; nothing before."""
    if not (obj.unlinked_parent and obj.contribution):
        return ""
    label = contribution_label(obj.unlinked_parent, lang)
    return (
        f'<p class="okr-contribution"><span class="okr-contribution-label">{esc(label)}</span>'
        f"{'&nbsp;:' if lang == 'fr' else ':'} {esc(obj.contribution)}</p>"
    )


def result_html(result: RewriteResult, lang: Lang) -> str:
    """The rewrite as cards: objective, KRs with their slots, initiatives → KR, rationale, notes."""
    lab = LABELS[lang]
    if result.error:
        return (
            f'<div class="okr-result okr-failed"><strong>{esc(t(lang, "failed"))}</strong>'
            f"<p>{esc(result.error)}</p></div>"
        )
    parts = ['<div class="okr-result">']
    if result.needs_input:
        # The model's own error stays in provenance and logs: the PM gets a usable result and what to do next.
        parts.append(f'<p class="okr-note okr-needs-input" role="status">{esc(t(lang, "needs_input"))}</p>')
    # What the team contributes to, and today's figures the rewrite does not already state, as the draft says.
    for key, css, lines in (
        ("parents", "okr-parents", result.parents),
        ("context", "okr-facts", result.context),
    ):
        if lines:
            items = "".join(f"<li>{esc(line)}</li>" for line in lines)
            parts.append(
                f'<div class="okr-from-draft {css}"><div class="okr-subtitle">{esc(lab[key])}</div>'
                f"<ul>{items}</ul></div>"
            )
    for oi, obj in enumerate(result.objectives, 1):
        kept = _source_badge("draft", True, lang) if obj.draft_text else ""
        parts.append(
            f'<section class="okr-objective"><div class="okr-o-label">{esc(lab["objective"])} {oi}{kept}</div>'
            f'<h3 class="okr-o-sentence">{highlight(obj.sentence)}</h3>'
            f"{_contribution_html(obj, lang)}"
            f'<div class="okr-subtitle">{esc(lab["krs"])}</div><ol class="okr-krs">'
        )
        parts.extend(_kr_html(ki, kr, result.lang, lang) for ki, kr in enumerate(obj.key_results, 1))
        parts.append("</ol>")
        parts.append(_candidates_html(oi - 1, obj, lang))
        if obj.initiatives:
            parts.append(
                f'<div class="okr-subtitle">{esc(lab["initiatives"])}</div><ul class="okr-initiatives">'
            )
            for ini in obj.initiatives:
                parts.append(
                    f"<li>{esc(ini.shown)} <span class='okr-link'>→ {esc(t(lang, 'moves'))} "
                    f"<span class='okr-tag'>KR{ini.kr + 1}</span></span></li>"
                )
            parts.append("</ul>")
        parts.append("</section>")
    if result.rationale:
        parts.append(f'<div class="okr-subtitle">{esc(lab["rationale"])}</div><ul class="okr-rationale">')
        parts.extend(f"<li>{esc(line)}</li>" for line in result.rationale)
        parts.append("</ul>")
    for key, numbers in (("replaced", result.numbers_replaced), ("dropped", result.numbers_dropped)):
        if numbers:
            parts.append(f'<p class="okr-note">{esc(lab[key])} : {esc(", ".join(numbers))}</p>')
    if result.level_after is not None:
        line = lab["level"].format(
            before=result.level_before,
            before_name=level_name(result.level_before, lang),
            after=result.level_after,
            after_name=level_name(result.level_after, lang),
        )
        parts.append(f'<p class="okr-levels">{esc(line)}</p>')
    if result.provenance:
        parts.append(f'<p class="okr-provenance">{esc(provenance_text(result, lang))}</p>')
    parts.append("</div>")
    return "".join(parts)


def seconds_text(seconds: float, lang: Lang) -> str:
    """A duration as the page's language writes it: "1,5" in French, "1.5" in English."""
    text = f"{seconds:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "fr" else text


def _count(lang: Lang, key: str, n: int, **values: Any) -> str:
    """`key_one` or `key_many` by `n`: the strings need real plurals, not "appel(s)"."""
    return t(lang, f"{key}_{'one' if n == 1 else 'many'}", n=n, **values)


def _calls(lang: Lang, model: str, attempts: int) -> str:
    return t(lang, "status_no_call") if attempts == 0 else _count(lang, "status_call", attempts, model=model)


def provenance_text(result: RewriteResult, lang: Lang) -> str:
    """The result's footer: which model answered and how often, or that code did it all alone."""
    p = result.provenance
    if p is None:
        return ""
    if p.attempts == 0:
        return t(lang, "provenance_no_call")
    calls = _calls(lang, p.model, p.attempts)
    return t(
        lang, "provenance", calls=calls, seconds=seconds_text(p.duration_s, lang), version=p.prompt_version
    )


def rewrite_status(result: RewriteResult, lang: Lang, *, seconds: float, model: str) -> str:
    """What the rewrite did, in the page's language, for the line above the result.

    A sound draft gets its own sentence; the model's technical error never shows here (it stays in
    provenance). A rewrite, or the rules' version after a model failure, says where its KRs come from and
    what became of the draft's deliverables, so the PM knows what to check first.
    """
    if result.error:
        return t(lang, "failed")
    if result.kept_as_is:
        return t(lang, "status_kept" if result.questions else "status_kept_complete")
    attempts = result.provenance.attempts if result.provenance else 0
    # On a model failure the banner in the result says why; this line only tells what was built.
    head = t(
        lang,
        "status_needs_input" if result.needs_input else "status_rewritten",
        seconds=seconds_text(seconds, lang),
        calls=_calls(lang, model, attempts),
    )
    krs = [kr for o in result.objectives for kr in o.key_results]
    library = sum(1 for kr in krs if kr.source == "library")
    from_draft = sum(1 for kr in krs if kr.source == "draft")
    to_choose = sum(1 for kr in krs if kr.source == "code" and PLACEHOLDER_RE.search(kr.metric))
    initiatives = sum(len(o.initiatives) for o in result.objectives)
    parts = []
    if library:
        parts.append(_count(lang, "status_library", library, total=len(krs)))
    if from_draft:
        parts.append(_count(lang, "status_from_draft", from_draft))
    if to_choose:
        parts.append(_count(lang, "status_to_choose", to_choose))
    clauses = [", ".join(parts)] if parts else []
    if initiatives:
        clauses.append(_count(lang, "status_initiatives", initiatives))
    if result.questions:
        clauses.append(t(lang, "status_answer"))
    if not clauses:
        return head + "."
    # French sets a space before ':' and ';', English does not.
    colon, semicolon = (" :", " ; ") if lang == "fr" else (":", "; ")
    return f"{head}{colon} {semicolon.join(clauses)}."


def status_html(message: str, *, busy: bool = False, hint: str = "", problem: bool = False) -> str:
    """The line above a result: what is happening, what was done, or (`problem`) why nothing was done."""
    spinner = '<span class="okr-spinner" aria-hidden="true"></span>' if busy else ""
    extra = f'<div class="okr-hint">{esc(hint)}</div>' if hint else ""
    role = ' role="alert"' if problem else ' role="status" aria-live="polite"'
    busy_class = " okr-busy" if busy else ""
    problem_class = " okr-problem" if problem else ""
    return f'<div class="okr-status{busy_class}{problem_class}"{role}>{spinner}{esc(message)}{extra}</div>'


def question_label(question: Question, lang: Lang) -> str:
    """Where the answer goes, short: "O1 · KR2 · Base"; the question itself goes in the field's help."""
    where = f"O{question.objective + 1}" + (f" · KR{question.kr + 1}" if question.kr is not None else "")
    return f"{where} · {t(lang, question.field)}"


def question_hint(question: Question, lang: Lang) -> str:
    return ANSWER_HINTS[lang][question.field]


# Answers keyed as `RewriteResult.answer` wants them: (objective, kr or None, field) → text.
Answers = dict[tuple[int, int | None, str], str]


def answers_from(questions: Sequence[Question], values: Sequence[str | None]) -> Answers:
    """The form's values keyed as `RewriteResult.answer` wants them; blank answers are left out."""
    return {
        (q.objective, q.kr, q.field): value.strip()
        for q, value in zip(questions, values, strict=False)
        if value and value.strip()
    }


def with_named_metrics(result: RewriteResult, answers: Answers) -> tuple[RewriteResult, Answers]:
    """The metrics named in `answers` (a candidate or the author's own) added as KRs of `result`, and the rest.

    A named metric changes what the result asks (its KR has a baseline, a target and a deadline to give), so it
    becomes part of the result the questions are drawn from; the other answers only fill slots on top of it.
    """
    named = {key: value for key, value in answers.items() if key[1] is None and key[2] == "metric"}
    rest = {key: value for key, value in answers.items() if key not in named}
    return (result.answer(named) if named else result), rest


# Styles for the HTML above. Colours work on Gradio's light and dark themes (translucent fills),
# and every block wraps, so the page holds on a ~400px window.
CSS = """
.okr-header h1 { margin: 0 0 .25rem 0; font-size: 1.6rem; }
.okr-header p { margin: 0; opacity: .85; }
.okr-empty, .okr-hint, .okr-provenance, .okr-counts { opacity: .75; font-size: .9rem; }
.okr-diagnosis, .okr-result { line-height: 1.45; overflow-wrap: anywhere; }
.okr-level { display: inline-block; font-weight: 600; padding: .2rem .7rem; border-radius: 999px;
  margin-bottom: .4rem; }
.okr-level-1 { background: rgba(220, 38, 38, .15); }
.okr-level-2 { background: rgba(234, 88, 12, .15); }
.okr-level-3 { background: rgba(22, 163, 74, .15); }
.okr-level-4 { background: rgba(37, 99, 235, .15); }
.okr-reasons, .okr-objective-levels { margin: .2rem 0 .4rem 1.1rem; padding: 0; }
.okr-lines { list-style: none; margin: .4rem 0 0 0; padding: 0; }
.okr-line { border-left: 4px solid rgba(127, 127, 127, .3); padding: .3rem .5rem; margin: .25rem 0;
  border-radius: 4px; background: rgba(127, 127, 127, .06); }
.okr-line-error { border-left-color: #dc2626; }
.okr-line-warning { border-left-color: #ea580c; }
.okr-line-info { border-left-color: #2563eb; }
.okr-ln { display: inline-block; min-width: 1.8em; opacity: .6; font-variant-numeric: tabular-nums; }
.okr-text { font-weight: 500; }
.okr-finding { display: flex; gap: .4rem; margin: .25rem 0 .1rem 1.8em; font-size: .92rem; }
.okr-general .okr-finding { margin-left: 0; }
/* A subdued colour, not opacity: opacity would also fade the source badge inside an objective's label. */
.okr-general-title, .okr-subtitle, .okr-o-label { font-size: .8rem; text-transform: uppercase;
  letter-spacing: .04em; color: var(--body-text-color-subdued, #6b7280); margin-top: .6rem; }
.okr-sev { flex: none; align-self: flex-start; font-size: .7rem; font-weight: 600; text-transform: uppercase;
  letter-spacing: .03em; padding: .05rem .35rem; border-radius: 4px; margin-top: .15rem; color: #fff; }
.okr-sev-error { background: #dc2626; }
.okr-sev-warning { background: #c2410c; }
.okr-sev-info { background: #2563eb; }
.okr-tip { opacity: .85; font-style: italic; }
.okr-code { font-size: .75rem; opacity: .6; }
.okr-objective { border: 1px solid rgba(127, 127, 127, .3); border-radius: 8px; padding: .6rem .8rem;
  margin-bottom: .8rem; }
.okr-o-sentence { margin: .1rem 0 .3rem 0; font-size: 1.1rem; }
.okr-contribution { margin: 0 0 .3rem 0; font-size: .92rem; border-left: 4px solid #94a3b8; padding-left: .5rem; }
.okr-contribution-label { font-weight: 600; }
.okr-krs { list-style: none; padding: 0; margin: .2rem 0; }
.okr-kr { margin: .45rem 0; }
.okr-tag { display: inline-block; font-size: .75rem; font-weight: 600; padding: 0 .35rem; border-radius: 4px;
  background: rgba(37, 99, 235, .15); }
.okr-slots { display: flex; flex-wrap: wrap; gap: .3rem; margin-top: .25rem; }
.okr-slot { font-size: .82rem; border: 1px solid rgba(127, 127, 127, .3); border-radius: 6px;
  padding: .05rem .4rem; }
.okr-slot-label { opacity: .65; }
/* A placeholder is one thing to fill: it does not break across lines ("[base à" / "mesurer]"). */
mark.okr-ph { background: rgba(250, 204, 21, .45); color: inherit; padding: 0 .15rem; border-radius: 3px;
  white-space: nowrap; }
.okr-initiatives, .okr-rationale { margin: .2rem 0 .4rem 1.1rem; padding: 0; }
.okr-link { opacity: .8; font-size: .9rem; white-space: nowrap; }
.okr-run { font-size: .85rem; opacity: .8; }
.okr-source { display: inline-block; font-size: .75rem; font-weight: 600; padding: 0 .4rem; margin-left: .3rem;
  border-radius: 4px; border: 1px solid; text-transform: none; letter-spacing: 0; vertical-align: .05em;
  white-space: nowrap; }
/* Dark text on a light tint (about 7:1), light text on the dark theme. */
.okr-source-kept, .okr-source-draft { background: rgba(22, 163, 74, .12); color: #166534;
  border-color: rgba(22, 163, 74, .45); }
.okr-source-library { background: rgba(234, 88, 12, .12); color: #9a3412; border-color: rgba(234, 88, 12, .45); }
.dark .okr-source-kept, .dark .okr-source-draft { color: #86efac; }
.dark .okr-source-library { color: #fdba74; }
.okr-note { border-left: 4px solid #ea580c; padding-left: .5rem; }
.okr-from-draft { border-left: 4px solid #94a3b8; padding-left: .5rem; margin-bottom: .5rem; }
.okr-from-draft ul { margin: .1rem 0 .2rem 1.1rem; padding: 0; }
.okr-failed { border-left: 4px solid #dc2626; padding: .4rem .6rem; }
.okr-status { padding: .35rem .6rem; border-radius: 6px; background: rgba(127, 127, 127, .08); }
.okr-busy { background: rgba(37, 99, 235, .12); }
.okr-problem { background: rgba(220, 38, 38, .1); border-left: 4px solid #dc2626; }
.okr-suggestions { margin-top: .8rem; border-top: 1px solid rgba(127, 127, 127, .3); padding-top: .3rem; }
.okr-suggest-list { margin: .2rem 0 .5rem 1.3rem; padding: 0; }
.okr-suggestion { margin: .2rem 0; }
.okr-metric-name { font-weight: 500; }
.okr-direction, .okr-why { font-size: .85rem; opacity: .75; }
.okr-candidates { margin: .3rem 0 .4rem 0; }
.okr-chips { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .2rem; }
.okr-chip { font: inherit; font-size: .85rem; line-height: 1.3; text-align: left; color: inherit;
  cursor: pointer; padding: .2rem .7rem; border-radius: 999px; border: 1px dashed rgba(37, 99, 235, .6);
  background: rgba(37, 99, 235, .08); }
.okr-chip:hover, .okr-chip:focus-visible { background: rgba(37, 99, 235, .2); border-style: solid; }
.okr-chip:disabled { opacity: .55; cursor: progress; }
.okr-chip-plus { font-weight: 700; margin-right: .35rem; }
.okr-candidates .okr-hint { margin: .25rem 0 0 0; font-size: .82rem; }
.okr-word { display: inline-block; font-size: .78rem; padding: 0 .35rem; margin: 0 .2rem .1rem 0;
  border-radius: 4px; background: rgba(22, 163, 74, .15); }
.okr-spinner { display: inline-block; width: .9em; height: .9em; margin-right: .45em; vertical-align: -.1em;
  border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%;
  animation: okr-spin .8s linear infinite; }
@keyframes okr-spin { to { transform: rotate(360deg); } }
@media (max-width: 640px) {
  .okr-header h1 { font-size: 1.3rem; }
  .okr-finding { margin-left: .6em; }
}
"""


def batch_columns(found: files.DraftFile) -> list[str]:
    """Columns the user can pick the drafts from: the detected one first, then the file's other columns."""
    if found.column is None:
        return []
    columns = [found.column]
    for item in found.items[:50]:
        columns += [name for name in item.fields if name not in columns]
    return columns


def batch_preview(found: files.DraftFile, lang: Lang, rows: int = 5) -> dict[str, Any]:
    """First rows as they will be rewritten, for a Dataframe: where, id, the draft's start or the read error."""
    headers = ["#", "id", t(lang, "draft")]
    data = []
    for item in found.items[:rows]:
        error = row_message(item.error.removeprefix(f"{item.label}: "), lang) if item.error else ""
        text = error or " ".join(item.text.split())
        data.append(
            [row_label(item.label, lang), item.id or "", text[:160] + ("…" if len(text) > 160 else "")]
        )
    return {"headers": headers, "data": data}


def batch_summary(found: files.DraftFile, lang: Lang) -> str:
    """What was read, named by the file's own name (never the server's upload path)."""
    return t(
        lang,
        "batch_read",
        count=len(found.items),
        name=Path(found.path).name,
        format=found.format,
        column=found.column or "—",
    )


# Pixels, not shares: on a narrow window the table scrolls sideways instead of breaking words letter by letter.
BATCH_COLUMN_WIDTHS: list[str | int] = [72, 48, 120, 190, 256, 94]
# The key results cell is a Markdown list so each KR starts on its own line; the rest is plain text.
BATCH_DATATYPES: list[Literal["str", "markdown"]] = ["str", "str", "str", "str", "markdown", "str"]
PREVIEW_COLUMN_WIDTHS: list[str | int] = [72, 48, 600]


# Whose problem a failed row is, as the French page says it (the English names are the API's own).
ERROR_KINDS: dict[Lang, dict[str, str]] = {
    "fr": {"input": "brouillon", "model": "modèle", "timeout": "délai dépassé", "internal": "interne"},
    "en": {},
}
# The file reader names rows in English ("line 4", "row 3", "section 2 (line 9)"); the French page says them
# in French.
_LABEL_WORDS_FR = {"line": "ligne", "row": "ligne", "item": "élément", "section": "section"}
_LABEL_RE = re.compile(r"\b(line|row|item|section) (\d+)")


def row_label(label: str, lang: Lang) -> str:
    """Where a batch row comes from, in the page's language."""
    if lang != "fr":
        return label
    if label == "the file":
        return "le fichier"
    return _LABEL_RE.sub(lambda m: f"{_LABEL_WORDS_FR[m.group(1)]} {m.group(2)}", label)


def _row_status(result: RewriteResult, lang: Lang) -> str:
    # A flagged row is a rewrite the PM still has to complete: "ok" would hide that the model failed.
    if result.needs_input:
        return t(lang, "status_needs_input_row")
    return t(lang, "status_kept_row" if result.kept_as_is else "status_ok")


def row_error(record: batch.BatchRecord, lang: Lang) -> str:
    """Why a batch row has no rewrite, in the page's language, without its place (the table has a column for it)."""
    if record.error_code in draft_errors.MESSAGES:
        return draft_errors.render(record.error_code, lang, record.error_params)
    error = record.error or (record.result.error if record.result else None) or ""
    error = error.removeprefix(f"{record.label}: ")
    # A model's or a bug's reason is technical and stays as written; a file's problem is the user's to fix.
    return row_message(error, lang) if record.error_kind == "input" and error else error


def batch_status(records: Sequence[batch.BatchRecord], lang: Lang) -> str:
    """The Lot tab's summary line: rewrites, how many of them wait for answers, errors."""
    ok = sum(1 for r in records if r.ok)
    flagged = sum(1 for r in records if r.needs_input)
    values = {"ok": ok, "errors": len(records) - ok, "total": len(records)}
    return (
        t(lang, "batch_done_input", flagged=flagged, **values) if flagged else t(lang, "batch_done", **values)
    )


def batch_rows(records: Sequence[batch.BatchRecord], lang: Lang) -> dict[str, Any]:
    """One table row per input row; a failed row says why in its status, so it is read, not dropped."""
    headers = [
        t(lang, h) for h in ("col_where", "col_id", "col_status", "col_objective", "col_krs", "col_questions")
    ]
    data = []
    for record in records:
        result = record.result
        if result is not None and record.ok:
            objectives = "\n".join(o.sentence for o in result.objectives)
            krs = "\n".join(f"- {md_text(kr.sentence)}" for o in result.objectives for kr in o.key_results)
            status, questions = _row_status(result, lang), str(len(result.questions))
        else:
            error = row_error(record, lang)
            kind = ERROR_KINDS[lang].get(record.error_kind or "model", record.error_kind or "model")
            status = f"{t(lang, 'status_error', kind=kind)} : {error}".strip(" :")
            objectives = krs = questions = ""
        data.append([row_label(record.label, lang), record.id or "", status, objectives, krs, questions])
    return {"headers": headers, "data": data}
