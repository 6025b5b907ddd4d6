"""Diagnose each OKR of the file with the analyzer: its findings and maturity level, no model call.

Rows with one key result each are built into the engine's `Draft` directly, as the file structures them:
what the author put in the key result column is a key result (labels and bullets stripped). A whole
draft in a cell, or a Markdown section, is read by the reader (`rewriter.parsing.parse`), and each of
its objectives is an OKR. The file's quarter, when known, is the draft's cycle: a key result with no
deadline of its own is due at the end of the quarter, as a coach reads a quarter's file.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.analysis.levels import objective_level
from rewriter.analyzer import Diagnosis, analyze
from rewriter.audit.models import FindingRef, KeyResultAudit, OKRAudit
from rewriter.audit.source import OrgFile, SourceDraft
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.language import detect_language
from rewriter.parsing import parse

# What opens a cell without being its text: bullets, numbering, "KR1 :", "Objectif 2 -".
_KR_LABEL = re.compile(
    r"^\s*(?:(?:[-*•·▪►✓✔]|\d{1,2}[.)])\s*|(?:KR|RC|R[ée]sultats?\s+cl[ée]s?|Key\s+results?)\s*\d{0,2}\s*[:.)\-–—]\s*)+",
    re.IGNORECASE,
)
_OBJECTIVE_LABEL = re.compile(
    r"^\s*(?:(?:[-*•·▪►]|\d{1,2}[.)])\s*|(?:O|Obj|Objectif|Objective)\s*\d{0,2}\s*[:.)\-–—]\s*)+",
    re.IGNORECASE,
)


def strip_label(text: str, objective: bool = False) -> str:
    pattern = _OBJECTIVE_LABEL if objective else _KR_LABEL
    stripped = pattern.sub("", text, count=1).strip()
    return stripped or text.strip()


def draft_from_rows(objective: str, krs: list[str], cycle: str | None) -> Draft:
    """The `Draft` of one objective and its key result cells, as the file lists them."""
    objective = strip_label(objective, objective=True) if objective else ""
    lines = [strip_label(kr) for kr in krs]
    raw = "\n".join(([objective] if objective else []) + lines)
    lang = detect_language(raw)
    first = 2 if objective else 1
    draft_objective = DraftObjective(
        text=objective,
        line=1 if objective else None,
        key_results=[DraftLine(text=kr, line=first + i, role="key_result") for i, kr in enumerate(lines)],
    )
    own_cycle = rules.find_cycle(raw)
    return Draft(raw=raw, objectives=[draft_objective], lang=lang, cycle=own_cycle or cycle)


def draft_from_text(text: str, cycle: str | None) -> Draft:
    """The reader's `Draft` of a whole draft; the file's quarter when the draft names none."""
    draft = parse(text)
    if draft.cycle is None and cycle:
        draft.cycle = cycle
    return draft


def _finding_ref(f: object) -> FindingRef:
    from rewriter.analyzer import Finding

    assert isinstance(f, Finding)
    return FindingRef(
        code=f.code,
        severity=f.severity,
        kr=f.kr,
        message_fr=f.message_fr,
        message_en=f.message_en,
        suggestion_fr=f.suggestion_fr,
        suggestion_en=f.suggestion_en,
    )


def okr_draft_text(objective: str, krs: list[str], lang: Lang, parent: str = "", team: str = "") -> str:
    """An OKR as a draft `okr-rewriter batch` reads: the objective and its key results, labelled."""
    words = {"fr": ("Équipe", "Contribue à", "Objectif"), "en": ("Team", "Contributes to", "Objective")}[lang]
    lines = []
    if team:
        lines.append(f"{words[0]} {team}")
    if parent:
        lines.append(f"{words[1]} : {parent}")
    lines.append(f"{words[2]} : {objective}" if objective else "")
    lines += [f"- {kr}" for kr in krs]
    return "\n".join(line for line in lines if line)


def _diagnose_one(source: SourceDraft, cycle: str | None, start: int) -> list[OKRAudit]:
    if source.from_rows:
        draft = draft_from_rows(source.objective, source.krs, cycle)
    else:
        draft = draft_from_text(source.text, cycle)
    return _okrs_of(source, draft, analyze(draft), start)


def diagnose(org: OrgFile) -> list[OKRAudit]:
    """Every OKR of the file with its findings and level; scores are set later (they need the alignment)."""
    cycle = org.info.cycle if org.info.cycle_is_deadline else None
    out: list[OKRAudit] = []
    for source in org.drafts:
        out += _diagnose_one(source, cycle, len(out))
    return out


def _okrs_of(source: SourceDraft, draft: Draft, diagnosis: Diagnosis, start: int) -> list[OKRAudit]:
    parent = source.parent or (draft.parents[0].text if draft.parents else "")
    objectives = [o for o in draft.objectives if o.text or o.key_results]
    if not objectives:
        # Nothing read as an objective or key result: one entry, so the row is not lost.
        first = next((x.strip() for x in source.text.splitlines() if x.strip()), "")
        refs = [_finding_ref(f) for f in diagnosis.findings]
        return [
            OKRAudit(
                id=f"O{start + 1}",
                team=source.team,
                owner=source.owner,
                parent=parent,
                objective=first[:200],
                rows=source.rows,
                lang=draft.lang,
                level=1,
                score=0,
                findings=refs,
                draft=source.text,
            )
        ]
    out: list[OKRAudit] = []
    index_of = {id(o): i for i, o in enumerate(draft.objectives)}
    whole = [f for f in diagnosis.findings if f.objective is None and f.code != "draft.too_many_objectives"]
    # A task has no number by nature: what to say about it is that it is a task.
    tasks = {(f.objective, f.kr) for f in diagnosis.findings if f.code == "kr.output_verb"}
    kept = [f for f in diagnosis.findings if not (f.code == "kr.no_number" and (f.objective, f.kr) in tasks)]
    for obj in objectives:
        oi = index_of[id(obj)]
        refs = [_finding_ref(f) for f in kept if f.objective == oi]
        refs += [_finding_ref(f) for f in whole]
        per_kr: list[set[str]] = [set() for _ in obj.key_results]
        for ref in refs:
            if ref.kr is not None and ref.kr < len(per_kr):
                per_kr[ref.kr].add(ref.code)
        key_results = [
            KeyResultAudit(text=kr.text, is_task="kr.output_verb" in codes, codes=sorted(codes))
            for kr, codes in zip(obj.key_results, per_kr, strict=True)
        ]
        krs = [kr.text for kr in obj.key_results]
        out.append(
            OKRAudit(
                id=f"O{start + len(out) + 1}",
                team=source.team,
                owner=source.owner,
                parent=parent,
                objective=obj.text,
                key_results=key_results,
                rows=source.rows,
                lang=draft.lang,
                level=objective_level(obj, draft.lang).level,
                score=100,
                findings=refs,
                draft=okr_draft_text(obj.text, krs, draft.lang, parent),
            )
        )
    return out
