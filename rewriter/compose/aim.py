"""The aim step: an objective that names what it wants to move gives a KR in the author's own words.

"Réduire les accidents de trajet" → "Réduire le nombre d'accidents de trajet de [base] à [cible] d'ici …",
"Cut customer complaints" → "Reduce the number of customer complaints from [baseline] to [target] by …".
The rows `aim_down` and `aim_up` (reading/rows.yaml) say which objectives name a measure and which way it
should move; a KR of the draft that already measures it makes this one unnecessary.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.compose.names import measure_name
from rewriter.compose.words import VERBS, elides, lower_first
from rewriter.draft import Lang
from rewriter.reading.rows import first_match
from rewriter.result import KeyResult

_DIRECTION = {"aim_down": "down", "aim_up": "up"}
# Determiners before the measured noun; "de nouveaux adhérents" counts new members, said as "nouveaux adhérents".
_LEAD = re.compile(
    r"^(?:le nombre d['’]|le nombre de\b|the number of\b|plus de\b|plus d['’]|davantage de\b|more\b|des\b|les\b"
    r"|nos\b|our\b|the\b|de(?=\s+nouve)|d['’]|de\b)\s*",
    re.IGNORECASE,
)
_EN_MEASURE_HEAD = re.compile(
    r"\b(?:times?|delays?|rates?|costs?|spend|waste|churn|attrition|turnover|absenteeism|attendance|footfall"
    r"|ridership|turnout|membership|participation|revenue|consumption|emissions|mortality|wait(?:ing)?|duration"
    r"|lead times?|response times?|backlogs?|queues?)$",
    re.IGNORECASE,
)


def aim_of(text: str) -> tuple[str, str] | None:
    """(direction, what) when the objective names the measure it wants to move, else None."""
    found = first_match("aim", text.strip())
    if found is None:
        return None
    row, match = found
    what = match.group("what").strip(" ,.")
    return (_DIRECTION[row.id], what) if what else None


def aim_metric(what: str, lang: Lang) -> str:
    """The measure's name, to follow a verb: "les accidents de trajet" → "le nombre d'accidents de trajet"."""
    bare = _LEAD.sub("", what, count=1).strip()
    first = bare.split()[0] if bare.split() else ""
    if lang == "fr":
        plural = rules.fold(first).endswith(("s", "x")) and rules.fold(first) not in _FR_SINGULAR
        if plural:
            return f"le nombre d'{lower_first(bare)}" if elides(bare) else f"le nombre de {lower_first(bare)}"
        return measure_name(what, lang)
    # "wait times at DMV offices": the head is the last word before the first preposition.
    head = re.split(r"\s(?:at|in|for|of|on|per|across|among|within|by|from)\s", bare, maxsplit=1)[0]
    if _EN_MEASURE_HEAD.search(head):
        return f"the {lower_first(bare)}"
    return f"the number of {lower_first(bare)}"


# French measure heads that end in s or x and are no plurals ("le taux", "le temps", "les délais" aside).
# So are amounts and durations in the plural ("les délais", "les coûts"): they are levels, not counts.
_FR_SINGULAR = {"taux", "temps", "prix", "poids", "cours", "recours", "delais", "couts", "frais", "depenses"}
_FR_SINGULAR |= {"emissions", "recettes", "charges", "pertes", "revenus", "gains"}


def aim_kr(text: str, lang: Lang) -> KeyResult | None:
    """A KR on the measure the objective names, in the author's words, with its values to ask."""
    found = aim_of(text)
    if found is None:
        return None
    direction, what = found
    metric = aim_metric(what, lang)
    if len(metric.split()) < 2:
        return None
    # Worded by code from the objective's own words: no line of the draft holds it as written.
    return KeyResult(verb=VERBS[lang][direction], metric=metric, source="code")


def same_measure(a: KeyResult, b: KeyResult) -> bool:
    """Two KRs measure the same thing when half the content words of the shorter metric are the other's."""
    words_a = {rules.stem(w) for w in rules.content_words(f"x {a.metric}")} - _COUNT_WORDS
    words_b = {rules.stem(w) for w in rules.content_words(f"x {b.metric}")} - _COUNT_WORDS
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) * 2 >= min(len(words_a), len(words_b))


_COUNT_WORDS = {rules.stem(w) for w in ["nombre", "number", "taux", "rate", "part", "share"]}
