"""Which lines of a draft are sound and must be kept as written: the rule the engine keeps and the eval checks.

A sound objective has no error finding, is not vague, opens with a known verb and passes the wording rules;
a sound key result opens with a verb of change, names a metric and states a measured number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rewriter import rules
from rewriter.analysis.wording import objective_form_problem
from rewriter.draft import Draft, Lang
from rewriter.kr_reading import ReadKeyResult, is_change_opening, read_key_result

# Error codes about an objective's own wording (not its KR count).
_OBJECTIVE_CODES = ("obj.",)


# "Move all 340 dbt models" carries things, "Move NPS from 30 to 45" a metric: "move" changes a value only
# between two; "Obtenir la validation", "Reach the go-live" are tasks when no value is reached.
_MOVE = re.compile(r"^\s*move\b", re.IGNORECASE)
_MOVE_VALUES = re.compile(
    r"\b(?:from|to|up|down|above|below|under|over|by)\s+(?:(?:the|a|about|around|[<>≥≤~])\s*)*[$€£]?\d"
    # "Move 40% of PMs to condition-based": a share of the work moved is a measure.
    r"|^\s*move\s+\d+(?:[.,]\d+)?\s?%\s+of\b",
    re.IGNORECASE,
)
_ATTAIN = {"obtenir", "atteindre", "reach", "achieve", "get", "obtain", "hit", "attain"}
_STANDARD_NUMBER = re.compile(r"\b[A-Z][A-Z0-9]{1,6}[\s-]?\d+(?:[:.-]\d+)*\b")
_AB_TEST = re.compile(r"^\s*(?:a/b|ab)[\s-]test", re.IGNORECASE)
# "Bring in 2 temp clerks", "Take on 3 apprentices", "Set up 4 hubs": a phrasal verb that staffs or builds.
_PHRASAL_TASK = re.compile(
    r"^\s*(?:bring\s+(?:in|on\s+board)|take\s+on|set\s+up|put\s+in(?:\s+place)?|roll\s+out|stand\s+up|sign\s+up)\b"
    r"(?!.*\b(?:from|to|down|up)\s+[<>≤≥~]?\s*[$€£]?\d)",
    re.IGNORECASE,
)


def is_task_despite_verb(text: str) -> bool:
    """A line whose opening would pass for a change, but which names work to do."""
    if _AB_TEST.match(text) or _PHRASAL_TASK.match(text):
        return True
    if _MOVE.match(text):
        return not _MOVE_VALUES.search(text)
    verb = rules.fold(rules.leading_verb(text))
    # "Get SOC 2 Type II report", "Obtenir l'ISO 27001": a number that names a standard measures nothing.
    unnamed = _STANDARD_NUMBER.sub(" ", text)
    return verb in _ATTAIN and not rules.measure_numbers(unnamed)


def is_sound_kr(text: str) -> bool:
    """A verb of change, a metric and a measured number: the draft's own KR stands."""
    if rules.kr_verb_kind(text) is not None or not is_change_opening(text) or is_task_despite_verb(text):
        return False
    read = read_key_result(text)
    measured = [n for n in read.numbers if n.role != "other"]
    return bool(measured) and len(rules.content_words(f"x {read.metric}")) >= 1


# "We need to get better at …", "On veut que …", "Il faut …": a wish told to a colleague, to be worded as an
# objective, not kept as one.
_WISH = re.compile(
    r"^\s*(?:we\s+(?:really\s+)?(?:need|want|have|must|should|would like)|i\s+(?:want|need|would like)|our\s+(?:goal|aim)\s+is"
    r"|on\s+(?:veut|voudrait|doit|aimerait)|il\s+(?:faut|faudrait)|nous\s+(?:voulons|devons|voudrions|aimerions)"
    r"|je\s+(?:veux|voudrais)|notre\s+(?:but|objectif)\s+est)\b",
    re.IGNORECASE,
)


def is_sound_objective(text: str, lang: Lang, *, vague_ok: bool = False) -> bool:
    """Worded as the method asks, by the analyzer's and the wording rules, with a verb the lexicons know.

    `vague_ok`: a target as generic as "nos clients" is let through (the analyzer only warns about it).
    """
    verb = rules.leading_verb(text)
    return bool(
        text.strip()
        and not _WISH.match(text)
        and rules.is_known_verb(verb)
        and rules.kr_verb_kind(verb) != "state"
        and not rules.objective_task_kind(text)
        and (vague_ok or not rules.is_vague_objective(text))
        and objective_form_problem(text, lang) is None
    )


@dataclass(frozen=True)
class SoundLines:
    """The draft's lines a rewrite keeps: objective indexes, and (objective, kr) pairs with their reading."""

    objectives: list[int]
    krs: list[tuple[int, int, ReadKeyResult]]


def sound_lines(draft: Draft) -> SoundLines:
    from rewriter.analyzer import analyze

    diagnosis = analyze(draft)
    bad_objectives = {
        f.objective for f in diagnosis.errors if f.kr is None and f.code.startswith(_OBJECTIVE_CODES)
    }
    bad_krs = {(f.objective, f.kr) for f in diagnosis.errors if f.kr is not None}
    objectives = [
        oi
        for oi, o in enumerate(draft.objectives)
        if oi not in bad_objectives and is_sound_objective(o.text, _lang(o.text, draft.lang))
    ]
    krs = [
        (oi, ki, read_key_result(k.text))
        for oi, o in enumerate(draft.objectives)
        for ki, k in enumerate(o.key_results)
        if (oi, ki) not in bad_krs and is_sound_kr(k.text)
    ]
    return SoundLines(objectives, krs)


def _lang(text: str, default: Lang) -> Lang:
    from rewriter.language import confident_language

    return confident_language(text) or default
