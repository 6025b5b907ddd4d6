"""The KRs' default deadline: the end of the draft's cycle, else the year its header names."""

from __future__ import annotations

import re

from rewriter.draft import Draft, Lang

_YEAR = re.compile(r"\b(20\d\d)\b")


_LABEL_YEAR = re.compile(
    r"^(?i:objectifs?|objectives?|okrs?|goals?)\b[^:\n]{0,40}\b(20\d\d)\b[^:\n\d]{0,20}:", re.M
)


_MONTH = (
    r"(?:jan|janv|janvier|january|feb|févr?|fév|février|february|mar|mars|march|apr|avr|avril|april|may|mai|jun|juin"
    r"|june|jul|juil|juillet|july|aug|août|aout|august|sept?|septembre|september|oct|octobre|october|nov|novembre"
    r"|november|dec|déc|décembre|december)\.?"
)
# "Sept 2026 – Aug 2027", "de septembre 2026 à juin 2027": a span of months ends with its second month.
_MONTH_SPAN = re.compile(
    rf"\b20\d\d\s*(?:–|—|-|to|until|à|au|→|jusqu['’]à|jusqu['’]en)\s*(?P<month>{_MONTH})\s+(?P<year>20\d\d)\b",
    re.IGNORECASE,
)


_OBJECTIVE_YEAR = re.compile(
    r"\b(?:en|in|pour|for|d['’]ici|by|durant|during)\s+(20\d\d)\s*[.!]?$", re.IGNORECASE
)


_WISH_YEAR = re.compile(r"\b(?:en|in|pour|for|d['’]ici|by|cette année|this year)\s+(20\d\d)\b", re.IGNORECASE)


def _period_end(text: str) -> str | None:
    """The year a header's period ends in: "2026-2027" and "2026/27" end in 2027, "Sept 2026 – Aug 2027" in
    "Aug 2027"."""
    span = _MONTH_SPAN.search(text)
    if span:
        return f"{span.group('month')} {span.group('year')}"
    season = re.search(r"\b(20\d\d)\s?[/-]\s?(20\d\d|\d\d)\b", text)
    if season:
        end = season.group(2)
        return end if len(end) == 4 else f"20{end}"
    year = _YEAR.search(text)
    return year.group(1) if year else None


def default_deadline(draft: Draft, lang: Lang) -> str | None:
    """The cycle's end ("fin T2 2027"); the year a header names ("OKR groupe — année 2027") when no cycle is.

    Only header lines date the draft: a fact's year ("taux de rebut 2026 : 3,4 %") is when it was measured.
    """
    cycle = draft.cycle
    if not cycle:
        if draft.reading is not None:
            headers = [line.text for line in draft.reading.of_role("header")]
        else:
            headers = [c.text for c in draft.context if len(c.text) < 80]
        years = [y for y in map(_period_end, headers) if y]
        # "Objectif de l'asso pour 2027 : …": the year said in a line's label, before its colon.
        years += [m.group(1) for m in _LABEL_YEAR.finditer(draft.raw)]
        # "Garantir une réponse homogène sur tout le département en 2027": the year the objective names.
        years += [m.group(1) for o in draft.objectives if (m := _OBJECTIVE_YEAR.search(o.text))]
        # "Notre priorité pour 2027, c'est de faire adopter plus": the year the wish's lead names.
        if draft.reading is not None:
            wishes = [
                line.text for line in draft.reading.of_role("objective") if line.rule == "wish_sentence"
            ]
            years += [m.group(1) for text in wishes if (m := _WISH_YEAR.search(text))]
        # "Chiffres 2026 (rapport annuel) :" above "Objectif 2027 : …": a header dating the figures is older than
        # the plan; the latest year said is the cycle's.
        latest = max((int(_YEAR.findall(y)[-1]) for y in years if _YEAR.search(y)), default=None)
        cycle = next((y for y in years if latest and y.endswith(str(latest))), years[0] if years else None)
    if not cycle:
        return None
    return f"fin {cycle}" if lang == "fr" else f"end of {cycle}"
