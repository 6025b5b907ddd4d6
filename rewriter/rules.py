"""The method's word-level rules, in one place: verbs, numbers, placeholders.

The slot validators, the analyzer and the eval scorer all call these functions, so a rule changes here
and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata

# Verbs that describe a state, not a change: a KR must never open with them.
STATE_VERBS = {
    "être", "etre", "avoir", "be", "have", "has", "is", "are", "was", "being", "having",
}

# Verbs that describe producing something (output), not its effect (outcome).
OUTPUT_VERBS = {
    # fr
    "livrer", "lancer", "déployer", "deployer", "créer", "creer", "développer", "developper",
    "finaliser", "publier", "organiser", "rédiger", "rediger", "valider", "mettre", "implémenter",
    "implementer", "construire", "réaliser", "realiser", "refondre", "migrer", "intégrer", "integrer",
    "terminer", "achever", "concevoir", "installer", "coder", "sortir", "ouvrir", "recruter",
    "former", "automatiser", "documenter", "préparer", "preparer", "mener", "faire",
    # en
    "deliver", "launch", "ship", "build", "create", "release", "complete", "develop", "implement",
    "deploy", "finish", "publish", "write", "organize", "organise", "migrate", "integrate", "design",
    "roll", "set", "hire", "run", "do", "make", "finalize", "finalise", "validate", "redesign",
}
# Multi-word openings that are changes although their first word is in OUTPUT_VERBS.
CHANGE_PHRASES = ("faire passer", "faire progresser", "faire croître", "faire baisser", "faire évoluer")

# Verbs that only hold a value steady: a run KPI, flagged but not forbidden.
RUN_VERBS = {"maintenir", "garder", "conserver", "préserver", "preserver", "maintain", "keep", "sustain", "stay"}

NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[  \u202f]\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
_PLACEHOLDER = re.compile(r"\[[^\[\]]{1,60}\]")


def fold(text: str) -> str:
    """Lowercase without accents, for lexicon lookups."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def first_word(text: str) -> str:
    words = re.findall(r"[\w'’-]+", text.strip().lower())
    if not words:
        return ""
    word = words[0]
    # "s'assurer", "d'augmenter": keep the verb after the elision.
    for sep in ("'", "’"):
        if sep in word:
            word = word.split(sep, 1)[1]
    return word


def kr_verb_problem(verb_or_sentence: str) -> str | None:
    """Why this KR opening is not a change verb, or None when it is acceptable."""
    text = verb_or_sentence.strip().lower()
    word = first_word(text)
    if not word:
        return "the key result needs an action verb in the infinitive."
    if word in STATE_VERBS or fold(word) in {fold(v) for v in STATE_VERBS}:
        return f"'{word}' describes a state: open the key result with a verb of change (augmenter, réduire / increase, reduce)."
    if text.startswith(CHANGE_PHRASES):
        return None
    if word in OUTPUT_VERBS or fold(word) in _OUTPUT_FOLDED:
        return (
            f"'{word}' describes a deliverable (output): a key result measures its effect; "
            "keep the deliverable as an initiative and use a verb of change (augmenter, réduire / increase, reduce)."
        )
    return None


_OUTPUT_FOLDED = {fold(v) for v in OUTPUT_VERBS}


def objective_verb_problem(verb: str) -> str | None:
    word = first_word(verb)
    if not word:
        return "the objective needs to open with a verb in the infinitive."
    if word in STATE_VERBS:
        return f"'{word}' describes a state: open the objective with an infinitive of intent (améliorer, permettre / improve, enable)."
    return None


def is_run_verb(verb_or_sentence: str) -> bool:
    return fold(first_word(verb_or_sentence)) in {fold(v) for v in RUN_VERBS}


def has_number(text: str) -> bool:
    return bool(NUMBER_RE.search(text))


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(text.strip()))


def find_placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def normalize_number(raw: str) -> str:
    """Canonical form of a written number: '1 000' → '1000', '99,90' → '99.9', '08' → '8'."""
    compact = re.sub(r"[  \u202f]", "", raw).replace(",", ".")
    if "." in compact:
        compact = compact.rstrip("0").rstrip(".") or "0"
    compact = compact.lstrip("0") or "0"
    return "0" + compact if compact.startswith(".") else compact


def numbers_in(text: str) -> list[str]:
    """Numbers written in the text, normalised, placeholders excluded."""
    return [normalize_number(m.group()) for m in NUMBER_RE.finditer(_PLACEHOLDER.sub(" ", text))]
