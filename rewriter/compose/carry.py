"""The carry step: deliverables become initiatives, verbatim, each linked to the KR it serves.

`is_delivery` tells when the objective line itself was a delivery that the rewrite replaced, so it is
carried too; `initiative_links` points each initiative to a KR through the library's ranking.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.draft import Lang
from rewriter.library.suggest import rank_metrics
from rewriter.reading.roles import PERSON_LABEL
from rewriter.result import KeyResult, Objective


def initiative_links(initiatives: list[str], krs: list[KeyResult], lang: Lang) -> list[int]:
    """For each initiative, the KR whose metric its words point to (the library's ranking); the first otherwise."""
    ids = [k.metric_id for k in krs]
    links = []
    for text in initiatives:
        ranked = [s.metric_id for s in rank_metrics((text,), lang, 10, distinct_families=False)]  # type: ignore[arg-type]
        best = next((ids.index(m) for m in ranked if m in ids), None)
        if best is None:
            words = {rules.stem(w) for w in rules.content_words(f"x {text}")}
            overlaps: list[int] = [
                len(words & {rules.stem(w) for w in rules.content_words(f"x {k.metric}")}) for k in krs
            ]
            top = max(overlaps, default=0)
            best = overlaps.index(top) if top else 0
        links.append(best)
    return links


def is_delivery(text: str, objective: Objective) -> bool:
    """The draft's objective line named a delivery or a person's task, and the rewrite replaced it."""
    if not text.strip() or objective.draft_text:
        return False
    # "Hire faster", "Recruter plus vite": a verb and how, no thing delivered: an outcome worded loosely.
    rest = text.strip().split(None, 1)[1] if len(text.split()) > 1 else ""
    if re.fullmatch(
        r"(?:plus |more |much |bien )?[\w'’-]+(?:er|ly|ment|vite|mieux)", rest.strip(), re.IGNORECASE
    ):
        return False
    # "Refresh the FNOL script" replaced by a theme: an action of the author's is never lost, it is carried.
    replaced = (
        objective.source != "draft"
        and rules.is_known_verb(rules.leading_verb(text))
        and rules.fold(text.strip(" .")) not in rules.fold(objective.sentence)
    )
    return bool(
        rules.objective_task_kind(text)
        or rules.kr_verb_kind(text) == "output"
        or PERSON_LABEL.match(text)
        or replaced
    )
