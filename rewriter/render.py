"""Sentences, questions and Markdown rendered by code from slots, so the templates hold by construction."""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.draft import Lang
from rewriter.kr_reading import read_key_result
from rewriter.result import KeyResult, Objective, Question, RewriteResult

VALUE_PLACEHOLDER = "[N]"

PLACEHOLDERS: dict[Lang, dict[str, str]] = {
    "fr": {
        "baseline": "[base à mesurer]",
        "target": "[cible à définir]",
        "deadline": "[échéance à définir]",
        "segment": "[segment à préciser]",
    },
    "en": {
        "baseline": "[baseline to measure]",
        "target": "[target to set]",
        "deadline": "[deadline to set]",
        "segment": "[segment to specify]",
    },
}

QUESTIONS: dict[Lang, dict[str, str]] = {
    "fr": {
        "baseline": "Quelle est la valeur actuelle de « {metric} » ?",
        "target": "Quelle valeur visez-vous pour « {metric} » ?",
        "deadline": "À quelle date mesurer « {metric} » ?",
        "segment": "Pour quel segment (utilisateurs, marché, canal) l'objectif « {objective} » vaut-il ?",
        "value": "Quel chiffre mettre à la place de [N] dans « {metric} » ?",
        "metric": "Quel indicateur prouverait que « {objective} » est atteint ?",
        "choose": "Quel indicateur prouverait que « {objective} » est atteint ? Choisissez une proposition "
        "ou écrivez le vôtre.",
        "another": "Quel autre indicateur prouverait, sous un autre angle, que « {objective} » est atteint ?",
        "choose_another": "Quel autre indicateur prouverait, sous un autre angle, que « {objective} » est "
        "atteint ? Choisissez une proposition ou écrivez le vôtre.",
        "parent": "Comment l'objectif « {objective} » fait-il avancer « {parent} » ?",
    },
    "en": {
        "baseline": "What is the current value of “{metric}”?",
        "target": "What value do you aim for on “{metric}”?",
        "deadline": "By when should “{metric}” be measured?",
        "segment": "Which segment (users, market, channel) is the objective “{objective}” for?",
        "value": "Which number replaces [N] in “{metric}”?",
        "metric": "Which metric would prove “{objective}” is reached?",
        "choose": "Which metric would prove “{objective}” is reached? Pick a suggestion or write your own.",
        "another": "Which other metric would prove, from another angle, that “{objective}” is reached?",
        "choose_another": "Which other metric would prove, from another angle, that “{objective}” is reached? "
        "Pick a suggestion or write your own.",
        "parent": "How does “{objective}” move “{parent}” forward?",
    },
}

LEVELS: dict[Lang, dict[int, str]] = {
    "fr": {1: "features", 2: "projets", 3: "outcomes", 4: "stratégique"},
    "en": {1: "features", 2: "projects", 3: "outcomes", 4: "strategic"},
}

LABELS: dict[Lang, dict[str, str]] = {
    "fr": {
        "objective": "Objectif",
        "krs": "Résultats clés",
        "initiatives": "Initiatives",
        "questions": "Questions à trancher",
        "rationale": "Pourquoi ces changements",
        "level": "Niveau du brouillon : {before} ({before_name}) → niveau atteint : {after} ({after_name})",
        "run": "KPI de run : à suivre, pas un changement",
        "dropped": "Chiffres du brouillon absents de la réécriture",
        "replaced": "Chiffres inventés par le modèle, remplacés par des questions",
        "error": "Réécriture impossible",
        "parents": "Contribue à",
        "context": "Contexte du brouillon",
        "candidates": "Indicateurs possibles (à choisir)",
        "contribution": "Contribue à « {parent} »",
    },
    "en": {
        "objective": "Objective",
        "krs": "Key results",
        "initiatives": "Initiatives",
        "questions": "Open questions",
        "rationale": "Why these changes",
        "level": "Draft level: {before} ({before_name}) → level reached: {after} ({after_name})",
        "run": "run KPI: a health metric, not a change",
        "dropped": "Numbers of the draft missing from the rewrite",
        "replaced": "Numbers invented by the model, replaced by questions",
        "error": "No rewrite",
        "parents": "Contributes to",
        "context": "Context from the draft",
        "candidates": "Possible metrics (to choose)",
        "contribution": "Contributes to “{parent}”",
    },
}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def format_value(value: str | None, unit: str | None, lang: Lang, slot: str) -> str:
    if value is None or not value.strip():
        return PLACEHOLDERS[lang][slot]
    value = value.strip()
    unit = (unit or "").strip()
    if not unit or unit.lower() in value.lower() or not re.fullmatch(r"[<>≤≥~≈]?\s*[$€£]?[\d\s.,+-]+", value):
        return value
    if unit in ("k", "K", "M", "m", "bn", "Md") and re.search(r"[$€£]", value):
        return f"{value}{unit}"  # "$14.2M": a currency's multiplier sticks to its number
    if re.fullmatch(r"/\s?\d+", unit):
        unit = unit.replace(" ", "")  # "14 / 120" → "14/120"
    # "from 3 days to 1 day": a unit of time read from the other value takes this value's number.
    if _SINGULAR_TIME.fullmatch(unit) and not re.fullmatch(r"[<>≤≥~≈]?\s*[01](?:[.,]\d+)?", value):
        unit = f"{unit}s"
    # "from 4–5 days to 1 day": and a plural unit of time takes one number's singular.
    plural = re.fullmatch(r"(?P<one>(?:working |business )?(?:" + _SINGULAR_TIME.pattern + r"))s", unit, re.I)
    if plural and re.fullmatch(r"[<>≤≥~≈]?\s*1", value) and "mois" not in unit.lower():
        unit = plural.group("one")
    # "≥ 7/10", "45 %": a score's base and a percent stick to their number.
    return f"{value}{unit}" if unit == "%" or re.fullmatch(r"/\s?\d+", unit) else f"{value} {unit}"


_SINGULAR_TIME = re.compile(
    r"second|minute|hour|day|week|month|year|seconde|heure|jour|semaine|année|journée", re.IGNORECASE
)


_RELATIVE = re.compile(r"^\s*(?P<sign>[+\-−x×÷])\s*(?P<value>\d.*)$")
# A target that opens on a preposition, conjunction or relative ("sans se déplacer", "pendant leur premier mois",
# "qui nous écrivent", "of new SMB accounts", "without waiting") already says how it attaches: no "pour"/"for".
_PREPOSITION = re.compile(
    r"^(?:pour|auprès|aupres|chez|dans|sur|parmi|des|du|de|à|au|aux|en|sans|pendant|avant|après|apres|dès"
    r"|contre|avec|par|lors|qui|quand|for|among|on|in|at|across|with|to|of|from|without|through|by|into"
    r"|after|before|during|against|within|via|when|who|whose)\b",
    re.IGNORECASE,
)
METRIC_PLACEHOLDER: dict[Lang, str] = {"fr": "[indicateur à choisir]", "en": "[metric to choose]"}
OBJECTIVE_PLACEHOLDER: dict[Lang, str] = {"fr": "[objectif à formuler]", "en": "[objective to write]"}
_KEPT_ADDITIONS: dict[Lang, dict[str, str]] = {
    "fr": {"baseline": " (aujourd'hui {value})", "deadline": " d'ici {value}"},
    "en": {"baseline": " (today {value})", "deadline": " by {value}"},
}


def _kept_sentence(kr: KeyResult, lang: Lang) -> str:
    """The PM's own sentence, with the values they answered since appended (never rewritten)."""
    text = _clean(kr.draft_text or "")
    read = read_key_result(text)
    # A start the sentence already says ("Passer de 23 coupures … à moins de 10") is not said twice.
    said = set(rules.numbers_in(kr.baseline or "")) <= set(rules.numbers_in(text))
    if kr.baseline and not read.baseline and not said:
        text += _KEPT_ADDITIONS[lang]["baseline"].format(
            value=format_value(kr.baseline, kr.unit, lang, "baseline")
        )
    if kr.deadline and not read.deadline and not rules.has_deadline(text) and kr.deadline_answered:
        text += _KEPT_ADDITIONS[lang]["deadline"].format(value=_clean(kr.deadline))
    return text[:1].upper() + text[1:]


# A level told in words or as a band ("la moitié", "two thirds", "entre 40 et 50", "between 15 and 20").
_TOLD_LEVEL = re.compile(r"(?:entre|between)\s+\d|[^\W\d_][^\d]*$", re.IGNORECASE)


# Verbs that say the aim as a factor of today's level.
_FACTOR_VERBS = {"double", "triple", "halve", "doubler", "tripler", "diviser", "quadrupler"}


def render_key_result(kr: KeyResult, lang: Lang) -> str:
    if kr.draft_text:
        return _kept_sentence(kr, lang)
    verb = _clean(kr.verb)
    verb = verb[:1].upper() + verb[1:]
    metric = _clean(kr.metric)
    base = format_value(kr.baseline, kr.unit, lang, "baseline")
    target = format_value(kr.target, kr.unit, lang, "target")
    deadline = _clean(kr.deadline) if kr.deadline else PLACEHOLDERS[lang]["deadline"]
    # "Due: by March" in a table cell: the sentence says "by" once.
    deadline = re.sub(r"^(?:by|before|until|d['’]ici|avant|pour|en|in)\s+", "", deadline, flags=re.IGNORECASE)
    if kr.target is None and rules.fold(verb.split()[0] if verb.split() else "") in _FACTOR_VERBS:
        # "Double MTBF on the finishing stands": the verb says the aim; only today's level is asked.
        today = "aujourd'hui" if lang == "fr" else "today"
        by = "d'ici" if lang == "fr" else "by"
        return f"{verb} {metric} ({today} {base}) {by} {deadline}"
    relative = _RELATIVE.match(kr.target or "")
    # "+12 → +30" with a baseline is a level (an NPS); a signed target alone is a change ("+10 %"), "x2" always.
    # "+25" on top of an unsigned start ("41 accounts today") is 25 more, never a level of +25.
    added = relative and relative.group("sign") == "+" and not re.match(r"\s*[+\-−]", kr.baseline or "")
    if relative and (kr.baseline is None or relative.group("sign") in "x×÷" or added):
        # "+10 %" stays a change by 10 %, never a level of 10 %; "÷2" ("divisées par 2") a division.
        sign = relative.group("sign")
        # A factor has no unit: "÷2", not "÷2 /mois".
        value = (
            relative.group("value")
            if sign in "x×÷"
            else format_value(relative.group("value"), kr.unit, lang, "target")
        )
        change = f"÷{value}" if sign == "÷" else f"×{value}" if sign in "x×" else value
        compared = f" {_clean(kr.compared_to)}" if kr.compared_to else ""
        if (kr.unit == "%" and kr.baseline and "%" not in kr.baseline) or (
            kr.baseline and "%" in kr.baseline and kr.unit != "%"
        ):
            # "Ridership up 25% (avg 4,100 weekday boardings)": the percent is the change's, the start a count;
            # "+15 pts (55 % aujourd'hui)": the points are the change's, the start a percent.
            base = _clean(kr.baseline)
        if lang == "fr":
            by = f": {change}" if sign in "x×÷" else f"de {change}"
            return f"{verb} {metric} {by}{compared} (aujourd'hui {base}) d'ici {deadline}"
        # English sets no space before a colon ("recurring orders: ×2"), French does ("commandes : ×2").
        by = f": {change}" if sign in "x×÷" else f" by {change}"
        return f"{verb} {metric}{by}{compared} (today {base}) by {deadline}"
    held = _bound_in_words(target, lang, _HELD_WORDS) if kr.run_kpi else target
    target = _bound_in_words(target, lang, _BOUND_WORDS)
    if kr.baseline and _TOLD_LEVEL.match(kr.baseline.strip()) and not kr.run_kpi:
        # "un tiers", "entre 40 et 50 min": a level said in words or as a band reads "de un tiers à …" badly
        # ("reduce by a third"): it is said as today's level beside the aim, with its unit.
        unit = (kr.unit or "").strip()
        base = base[:1].lower() + base[1:] if re.match(r"[A-ZÀ-Ý][a-zà-ÿ]", base) else base
        if re.search(r"\d\s*$", base) and unit and unit.lower() not in base.lower():
            base = f"{base}{unit}" if unit == "%" else f"{base} {unit}"
        if lang == "fr":
            return f"{verb} {metric} (aujourd'hui {base}) à {target} d'ici {deadline}"
        return f"{verb} {metric} (today {base}) to {target} by {deadline}"
    if lang == "fr":
        if kr.run_kpi:
            return f"{verb} {metric} {held} (aujourd'hui {base}) jusqu'à {deadline}"
        return f"{verb} {metric} de {base} à {target} d'ici {deadline}"
    if kr.run_kpi:
        return f"{verb} {metric} {held} (today {base}) through {deadline}"
    return f"{verb} {metric} from {base} to {target} by {deadline}"


# A bound said in words, placed so that no preposition follows "à" / "to" ("à 7/10 au moins", "to 2% or less").
_BOUND_WORDS: dict[Lang, dict[str, str]] = {
    "fr": {"<": "moins de {v}", "≤": "{v} au plus", ">": "plus de {v}", "≥": "{v} au moins", "": "{v}"},
    "en": {"<": "less than {v}", "≤": "{v} or less", ">": "more than {v}", "≥": "{v} or more", "": "{v}"},
}


# A level held: "Maintenir X sous 3", "Keep X above 70%"; a value with no bound is held at it.
_HELD_WORDS: dict[Lang, dict[str, str]] = {
    "fr": {
        "<": "sous {v}",
        "≤": "à {v} au plus",
        ">": "au-dessus de {v}",
        "≥": "à {v} au moins",
        "": "à {v}",
    },
    "en": {"<": "under {v}", "≤": "at {v} or less", ">": "above {v}", "≥": "at {v} or more", "": "at {v}"},
}


def _bound_in_words(value: str, lang: Lang, words: dict[Lang, dict[str, str]]) -> str:
    """ "<2%" → "moins de 2%", "≥ 85" → "85 or more": a bound said in the sentence's words, not its sign."""
    match = re.match(r"\s*([<>≤≥]?)\s*(\d.*)$", value)
    if not match or match.group(1) not in words[lang]:
        return words[lang][""].format(v=value) if "" in words[lang] else value
    return words[lang][match.group(1)].format(v=match.group(2))


def segment_text(target: str, lang: Lang) -> str:
    """The objective's segment with its preposition ("pour les nouveaux salariés"); a placeholder if none."""
    target = _clean(target)
    if not target:
        return ("pour " if lang == "fr" else "for ") + PLACEHOLDERS[lang]["segment"]
    if _PREPOSITION.match(target):
        return target
    return ("pour " if lang == "fr" else "for ") + target


def render_objective(obj: Objective, lang: Lang) -> str:
    if obj.draft_text:
        text = _clean(obj.draft_text)
        if _clean(obj.target) and rules.fold(_clean(obj.target)) not in rules.fold(text):
            text = f"{text} {segment_text(obj.target, lang)}"
        return text[:1].upper() + text[1:]
    # A target given with its own wording (the eval's references, a cloud model's answer) is kept as written.
    segment = segment_text(obj.target, lang) if obj.needs_segment else _clean(obj.target)
    text = _clean(f"{obj.verb} {obj.qualifier} {segment}")
    return text[:1].upper() + text[1:]


def questions_for(objectives: list[Objective], lang: Lang) -> list[Question]:
    """One question per placeholder left in the result."""
    asks = QUESTIONS[lang]
    questions: list[Question] = []
    for oi, obj in enumerate(objectives):
        if (
            not _clean(obj.target) and not obj.draft_text and obj.needs_segment
        ) or VALUE_PLACEHOLDER in obj.sentence:
            field = "segment" if not _clean(obj.target) else "value"
            questions.append(
                Question(
                    objective=oi,
                    field=field,
                    text=asks[field].format(objective=obj.sentence, metric=obj.sentence),
                )
            )
        if len(obj.key_results) < MIN_KRS:
            # Fewer KRs than the method's two: the PM chooses the missing measure (from the offered candidates
            # or their own), rather than reading a "[metric to choose]" KR.
            # With one KR already there, the question is for a second angle, not for a first measure.
            if obj.key_results:
                key = "choose_another" if obj.candidates else "another"
            else:
                key = "choose" if obj.candidates else "metric"
            questions.append(
                Question(objective=oi, field="metric", text=asks[key].format(objective=obj.sentence))
            )
        if obj.unlinked_parent and not obj.contribution:
            text = asks["parent"].format(objective=obj.sentence, parent=_clean(obj.unlinked_parent))
            questions.append(Question(objective=oi, field="parent", text=text))
        for ki, kr in enumerate(obj.key_results):
            metric = _clean(kr.metric)
            for field in ("baseline", "target", "deadline"):
                if getattr(kr, field) is None:
                    questions.append(
                        Question(objective=oi, kr=ki, field=field, text=asks[field].format(metric=metric))
                    )
            if METRIC_PLACEHOLDER[lang] in kr.metric:
                text = asks["metric"].format(objective=obj.sentence)
                questions.append(Question(objective=oi, kr=ki, field="value", text=text))
            elif VALUE_PLACEHOLDER in kr.metric:
                questions.append(
                    Question(objective=oi, kr=ki, field="value", text=asks["value"].format(metric=metric))
                )
    return questions


def rerender(result: RewriteResult) -> RewriteResult:
    """Recompute every sentence and question from the slots."""
    for obj in result.objectives:
        obj.sentence = render_objective(obj, result.lang)
        for kr in obj.key_results:
            kr.run_kpi = rules.is_run_verb(kr.verb)
            kr.sentence = render_key_result(kr, result.lang)
    result.questions = questions_for(result.objectives, result.lang)
    return result


def apply_answers(result: RewriteResult, answers: dict[tuple[int, int | None, str], str]) -> RewriteResult:
    """Copy of the result with the user's answers in the slots, keyed by (objective, kr, field)."""
    # Imported here: the compose package renders its objectives with this module.
    from rewriter.compose.align import linked_since

    filled = result.model_copy(deep=True)
    for (oi, ki, field), raw in answers.items():
        value = raw.strip()
        if not value or oi >= len(filled.objectives):
            continue
        obj = filled.objectives[oi]
        if ki is None:
            if field == "metric":
                _add_chosen(obj, value, filled.lang)
                if not obj.contribution and linked_since(obj, filled.draft, filled.lang):
                    obj.unlinked_parent = None  # the chosen measure is the parent's: nothing left to ask
            elif field == "segment":
                obj.target = value
            elif field == "parent" and obj.unlinked_parent:
                obj.contribution = value
            elif field == "value":
                obj.qualifier = obj.qualifier.replace(VALUE_PLACEHOLDER, value, 1)
                obj.target = obj.target.replace(VALUE_PLACEHOLDER, value, 1)
            continue
        if ki >= len(obj.key_results):
            continue
        kr = obj.key_results[ki]
        if field in ("baseline", "target", "deadline"):
            setattr(kr, field, value)
            if field == "deadline":
                kr.deadline_answered = True
        elif field == "value":
            placeholder = METRIC_PLACEHOLDER[filled.lang]
            kr.metric = kr.metric.replace(
                placeholder if placeholder in kr.metric else VALUE_PLACEHOLDER, value, 1
            )
    return rerender(filled)


# The method's lower bound of KRs per objective: below it, the result asks which measure to add.
MIN_KRS = 2
_NEUTRAL_VERB: dict[Lang, str] = {"fr": "Faire passer", "en": "Move"}


def _add_chosen(obj: Objective, value: str, lang: Lang) -> None:
    """The PM's answer to "which metric?": an offered candidate (by its id or name) or their own words."""
    chosen = next(
        (
            c
            for c in obj.candidates
            if value in (c.metric_id, c.name) or rules.fold(value) == rules.fold(c.name)
        ),
        None,
    )
    deadline = next((k.deadline for k in obj.key_results if k.deadline), None)
    if chosen is not None:
        obj.candidates = [c for c in obj.candidates if c is not chosen]
        obj.key_results.append(
            KeyResult(
                verb=chosen.verb,
                metric=chosen.name,
                unit=chosen.unit,
                deadline=deadline,
                source="library",
                metric_id=chosen.metric_id,
            )
        )
        return
    obj.key_results.append(
        KeyResult(verb=_NEUTRAL_VERB[lang], metric=value, deadline=deadline, source="draft")
    )


def choose_candidate(result: RewriteResult, objective: int, metric_id: str) -> RewriteResult:
    """Copy of the result with the offered metric added as a KR of that objective (no model call)."""
    return apply_answers(result, {(objective, None, "metric"): metric_id})


def contribution_label(parent: str, lang: Lang) -> str:
    """ "Contribue à « Objectif groupe : … »": what an objective's answered contribution is about."""
    return LABELS[lang]["contribution"].format(parent=_clean(parent))


def result_markdown(result: RewriteResult) -> str:
    lab = LABELS[result.lang]
    if result.error:
        return (
            f"**{lab['error']}** : {result.error}\n"
            if result.lang == "fr"
            else f"**{lab['error']}**: {result.error}\n"
        )
    out: list[str] = []
    colon = " :" if result.lang == "fr" else ":"
    for key, lines in (("parents", result.parents), ("context", result.context)):
        if lines:
            out.append(f"**{lab[key]}**{colon} " + " · ".join(lines) + "\n")
    for oi, obj in enumerate(result.objectives, 1):
        out.append(f"## {lab['objective']} {oi} — {obj.sentence}\n")
        if obj.unlinked_parent and obj.contribution:
            out.append(f"{contribution_label(obj.unlinked_parent, result.lang)}{colon} {obj.contribution}\n")
        out.append(f"**{lab['krs']}**\n")
        for ki, kr in enumerate(obj.key_results, 1):
            note = f" *({lab['run']})*" if kr.run_kpi else ""
            out.append(f"{ki}. {kr.sentence}{note}")
        if obj.candidates:
            out.append(f"\n**{lab['candidates']}**\n")
            for c in obj.candidates:
                out.append(f"- {c.verb} {c.name}")
        if obj.initiatives:
            out.append(f"\n**{lab['initiatives']}**\n")
            for ini in obj.initiatives:
                out.append(f"- {ini.shown} → KR {ini.kr + 1}")
        out.append("")
    if result.questions:
        out.append(f"## {lab['questions']}\n")
        for q in result.questions:
            where = f"O{q.objective + 1}" + (f" KR{q.kr + 1}" if q.kr is not None else "")
            out.append(f"- ({where}) {q.text}")
        out.append("")
    if result.rationale:
        out.append(f"## {lab['rationale']}\n")
        out.extend(f"- {line}" for line in result.rationale)
        out.append("")
    for key, numbers in (("replaced", result.numbers_replaced), ("dropped", result.numbers_dropped)):
        if numbers:
            out.append(
                f"> {lab[key]} : {', '.join(numbers)}\n"
                if result.lang == "fr"
                else f"> {lab[key]}: {', '.join(numbers)}\n"
            )
    if result.level_after is not None:
        names = LEVELS[result.lang]
        out.append(
            "_"
            + lab["level"].format(
                before=result.level_before,
                before_name=names[result.level_before],
                after=result.level_after,
                after_name=names.get(result.level_after, "?"),
            )
            + "_"
        )
    return "\n".join(out).strip() + "\n"
