"""Whom an objective is for: the segment the draft names, else one of the grounding metric's segments.

Part of the objective step; `is_people` is also the test the model's answer for a segment must pass.
"""

from __future__ import annotations

import itertools
import re

from rewriter import rules
from rewriter.compose.facts import FACT_LABEL
from rewriter.compose.plan import Plan
from rewriter.compose.words import PEOPLE, language_of
from rewriter.draft import Draft, Lang
from rewriter.library import Metric

# Segments as PMs name them inside an objective: "pour les nouveaux salariés", "for Mid-Market accounts".
_SEGMENT = re.compile(
    r"\b(?P<seg>(?:pour|auprès de|aupres de|chez|for|among)\s+(?:les\s+|des\s+|nos\s+|our\s+|the\s+)?"
    r"[\w'’-]+(?:\s+[\w'’-]+){0,4})",
    re.IGNORECASE,
)


_SEGMENT_STOP = re.compile(
    r"\s+(?:d['’]ici|avant|en\s+[TQSH]?\d|au|by|before|from|à|to|avec|with|qui|who|\d).*$", re.IGNORECASE
)


_SEGMENT_LABEL = re.compile(
    r"^(?:cible|audience|segment|persona|pour qui|for whom|target users?|utilisateurs cibles)\s*[:：-]\s*(?P<seg>.{3,80})$",
    re.IGNORECASE,
)


def segment_of(plan: Plan, metric: Metric | None, draft: Draft, lang: Lang) -> str:
    """Who the objective is for, as the draft names it; empty when it names nobody (a question follows)."""
    # A note to the team ("(note pour l'équipe : …)") names its reader, not the objective's segment.
    notes = [
        c.text for c in draft.context if not c.text.lstrip().startswith("(") and not FACT_LABEL.match(c.text)
    ]
    texts = [plan.source.text, *(line.text for line, _ in (*plan.kept, *plan.ideas)), *notes]
    for note in notes:
        # "Cible : les techniciens de maintenance", "Audience: field sales reps": the PM said whom it is for.
        labelled = _SEGMENT_LABEL.match(note)
        if labelled and language_of(labelled.group("seg"), lang) == lang:
            return labelled.group("seg").strip(" .")
    for text in texts:
        for match in _SEGMENT.finditer(text):
            segment = _SEGMENT_STOP.sub("", match.group("seg")).strip(" ,.;:")
            if len(segment.split()) >= 2 and is_people(segment) and language_of(segment, lang) == lang:
                return segment
    if metric:
        for segment in metric.segments_fr if lang == "fr" else metric.segments_en:
            # "le samedi" is when, not for whom: a library segment names people or a place.
            placed = re.match(
                r"^(?:sur|dans|en|aux?|chez|parmi|on|in|at|among|across)\b", segment, re.IGNORECASE
            )
            if any(rules.fold(segment) in rules.fold(t) for t in texts) and (placed or is_people(segment)):
                return segment
    return ""


_SHORT_GRAMMAR = {"les", "des", "the", "our", "nos", "aux", "for", "par", "sur", "and", "une", "qui", "who"}


def names_a_segment(qualifier: str, draft: Draft) -> bool:
    """The theme already says whom it is for, in the draft's words ("l'autonomie des nouveaux salariés")."""
    words = [rules.fold(w) for w in rules.words(qualifier)]
    source = rules.fold(draft.raw)
    # "new hires" is a pair too: a short adjective counts, a grammar word does not.
    pairs = [
        f"{a} {b}"
        for a, b in itertools.pairwise(words)
        if (len(a) > 3 or (len(a) == 3 and a not in _SHORT_GRAMMAR)) and len(b) > 3
    ]
    return any(re.search(rf"\b{re.escape(p)}\b", source) for p in pairs) and bool(
        PEOPLE.search(rules.fold(qualifier))
    )


# Words that read as verbs but open a segment ("managers", "partenaires" are nouns; "les" is no verb).
_PEOPLE_VERBS_OK = {
    "les",
    "des",
    "nos",
    "our",
    "the",
    "managers",
    "partenaires",
    "partners",
    "users",
    "clients",
}


def is_people(segment: str) -> bool:
    """Names people or organisations: a known word, or a plural noun right after the article ("pour les PME").

    A label ("KR1 : …"), a sentence opening on a verb ("Paramétrer les emplacements") or a header ("People team
    H1 2027") is no segment.
    """
    folded = rules.fold(segment)
    first = folded.split()[0] if folded.split() else ""
    if (
        ":" in segment
        or re.search(r"\d", segment)
        or (rules.is_known_verb(first) and first not in _PEOPLE_VERBS_OK)
    ):
        return False
    if PEOPLE.search(folded):
        return True
    words = folded.split()
    article = next((i for i, w in enumerate(words) if w in {"les", "des", "nos", "our", "the"}), None)
    noun = words[article + 1] if article is not None and article + 1 < len(words) else ""
    return len(noun) > 3 and (noun.endswith(("s", "x")) or noun.isupper())
