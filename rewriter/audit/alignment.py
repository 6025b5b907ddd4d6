"""Alignment: which team objectives hang from a company objective, which do not, and which company
objectives no team works towards.

Parents come from the file's parent column (or a draft's "Contribue à" line). Company objectives come from
a separate file (`--company`), or from rows of the main file that name a parent and no team objective.
A team's parent matches a company objective when their words are the same (case, accents and punctuation
aside), when one contains the other ("O1 – Fidéliser les PME" and "Fidéliser les PME"), when they share
the same code ("O1", "CO2"), or when they share most of their meaningful words.
"""

from __future__ import annotations

import re
from pathlib import Path

from rewriter import files, rules
from rewriter.audit.models import Alignment, FindingRef, OKRAudit, ParentUse
from rewriter.audit.source import detect_roles, rows_of, squash
from rewriter.audit.texts import FINDING_MEANINGS, finding_fix

PARENT_SAME_WORDS = 0.6
_CODE = re.compile(r"^\s*([A-Z]{0,3}\d{1,2})\s*[:.)\-–—]\s*", re.IGNORECASE)


def _code(text: str) -> str | None:
    match = _CODE.match(text)
    return match.group(1).upper() if match else None


def _without_code(text: str) -> str:
    return _CODE.sub("", text, count=1)


def same_parent(a: str, b: str) -> bool:
    """Whether two spellings name one company objective."""
    ka, kb = squash(_without_code(a)), squash(_without_code(b))
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    code_a, code_b = _code(a), _code(b)
    if code_a and code_b:
        return code_a == code_b
    if code_a and not kb.strip():
        return False
    if len(ka) >= 12 and len(kb) >= 12 and (ka in kb or kb in ka):
        return True
    sa, sb = rules.metric_stems(a), rules.metric_stems(b)
    union = sa | sb
    return len(union) >= 2 and len(sa & sb) / len(union) >= PARENT_SAME_WORDS and len(sa & sb) >= 2


def read_company(path: str | Path, data: bytes | None = None) -> list[str]:
    """The company objectives of a file: one per distinct objective (or parent, or draft first line)."""
    found = files.read_drafts(path, data=data)
    if found.format == "markdown":
        return _distinct(item.text.strip().splitlines()[0] for item in found.items if item.text.strip())
    headers, rows = rows_of(found)
    roles = detect_roles(headers, {})
    column = roles.get("objective") or roles.get("parent") or roles.get("draft") or found.column
    texts = []
    for _, cells, _ in rows:
        value = (cells.get(column or "") or "").strip()
        if value:
            texts.append(value.splitlines()[0].strip())
    return _distinct(texts)


def _distinct(texts: object) -> list[str]:
    out: list[str] = []
    for text in texts:  # type: ignore[attr-defined]
        if not any(same_parent(text, seen) for seen in out):
            out.append(text)
    return out


def check_alignment(okrs: list[OKRAudit], company: list[str]) -> Alignment:
    """The alignment of the file, and an `align.no_parent` finding on each OKR without a parent."""
    has_parents = bool(company) or any(o.parent for o in okrs)
    if not has_parents:
        return Alignment(has_parents=False)
    uses = [ParentUse(text=text, declared=True) for text in company]
    unknown: list[str] = []
    orphans: list[str] = []
    for okr in okrs:
        if not okr.parent:
            orphans.append(okr.id)
            okr.findings.append(_no_parent())
            continue
        use = next((u for u in uses if same_parent(okr.parent, u.text)), None)
        if use is None:
            use = ParentUse(text=okr.parent, declared=False)
            uses.append(use)
            if company:
                unknown.append(okr.parent)
        use.okrs.append(okr.id)
        if okr.team not in use.teams:
            use.teams.append(okr.team)
    unused = [u.text for u in uses if u.declared and not u.okrs]
    return Alignment(has_parents=True, orphans=orphans, parents=uses, unused=unused, unknown=unknown)


def _no_parent() -> FindingRef:
    fr, en = FINDING_MEANINGS["align.no_parent"]
    return FindingRef(
        code="align.no_parent",
        severity="warning",
        kr=None,
        message_fr=fr,
        message_en=en,
        suggestion_fr=finding_fix("align.no_parent", "fr"),
        suggestion_en=finding_fix("align.no_parent", "en"),
    )
