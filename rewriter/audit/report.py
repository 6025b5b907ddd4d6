"""Assemble the audit: read the file, diagnose and score each OKR, then teams, defects, overlaps, alignment."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

from rewriter.audit import scoring
from rewriter.audit.alignment import check_alignment, read_company, same_parent
from rewriter.audit.comparison import compare
from rewriter.audit.models import (
    AuditReport,
    DefectStat,
    Example,
    OKRAudit,
    Summary,
    TeamAudit,
)
from rewriter.audit.okrs import diagnose
from rewriter.audit.overlaps import find_overlaps
from rewriter.audit.source import OrgFile, read_org
from rewriter.audit.texts import FINDING_NAMES, NO_TEAM, WHOLE_ORG, finding_fix, note
from rewriter.draft import Lang

MAX_OBJECTIVES = 3
EXAMPLES = 2


def lower_median(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def score_okrs(okrs: list[OKRAudit], weights: dict[str, int] | None = None) -> None:
    """Set each OKR's score and reasons from its findings."""
    for okr in okrs:
        okr.score, okr.reasons = scoring.score(okr_features(okr), weights)


def okr_features(okr: OKRAudit) -> scoring.Features:
    """The criteria's shares of an OKR, from its findings."""
    on_objective = [f.code for f in okr.findings if f.kr is None]
    return scoring.features(on_objective, [set(k.codes) for k in okr.key_results], okr.level)


def _teams(okrs: list[OKRAudit]) -> list[TeamAudit]:
    by_team: dict[str, list[OKRAudit]] = {}
    for okr in okrs:
        by_team.setdefault(okr.team, []).append(okr)
    teams = []
    for name, members in by_team.items():
        levels = Counter(o.level for o in members)
        findings: Counter[str] = Counter(f.code for o in members for f in o.findings)
        team_findings = []
        if len(members) > MAX_OBJECTIVES:
            team_findings.append("draft.too_many_objectives")
            findings["draft.too_many_objectives"] += 1
        teams.append(
            TeamAudit(
                name=name,
                owners=sorted({o.owner for o in members if o.owner}),
                objectives=len(members),
                key_results=sum(len(o.key_results) for o in members),
                level=lower_median([o.level for o in members]),
                levels=dict(sorted(levels.items())),
                median_score=float(statistics.median(o.score for o in members)),
                findings=dict(findings.most_common()),
                task_krs=sum(1 for o in members for k in o.key_results if k.is_task),
                team_findings=team_findings,
            )
        )
    return teams


def _example_text(okr: OKRAudit, kr: int | None) -> str:
    if kr is not None and kr < len(okr.key_results):
        return okr.key_results[kr].text
    return okr.objective


def _defects(okrs: list[OKRAudit], teams: list[TeamAudit], lang: Lang) -> list[DefectStat]:
    """Each finding's frequency, with examples from the teams where it is most frequent (one per team)."""
    counts: Counter[str] = Counter()
    okr_sets: dict[str, set[str]] = {}
    team_sets: dict[str, set[str]] = {}
    for okr in okrs:
        for finding in okr.findings:
            counts[finding.code] += 1
            okr_sets.setdefault(finding.code, set()).add(okr.id)
            team_sets.setdefault(finding.code, set()).add(okr.team)
    for team in teams:
        for code in team.team_findings:
            counts[code] += 1
            team_sets.setdefault(code, set()).add(team.name)
            okr_sets.setdefault(code, set())
    order = {team.name: i for i, team in enumerate(teams)}
    by_name = {team.name: team for team in teams}
    out = []
    for code, count in counts.most_common():
        # The teams where the defect is most frequent first: the examples a coach would start from.
        ranked = sorted(team_sets[code], key=lambda name: (-by_name[name].findings.get(code, 0), order[name]))
        examples: list[Example] = []
        for name in ranked[:EXAMPLES]:
            if code in by_name[name].team_findings:
                words = "objectifs" if lang == "fr" else "objectives"
                examples.append(Example(team=name, okr="", text=f"{by_name[name].objectives} {words}"))
                continue
            found = next(
                (
                    (okr, f.kr)
                    for okr in okrs
                    if okr.team == name
                    for f in okr.findings
                    if f.code == code and _example_text(okr, f.kr)
                ),
                None,
            )
            if found is not None:
                examples.append(Example(team=name, okr=found[0].id, text=_example_text(*found)))
        fr, en = FINDING_NAMES.get(code, (code, code))
        out.append(
            DefectStat(
                code=code,
                count=count,
                okrs=len(okr_sets.get(code, ())),
                teams=len(team_sets.get(code, ())),
                examples=examples,
                name_fr=fr,
                name_en=en,
                fix_fr=finding_fix(code, "fr"),
                fix_en=finding_fix(code, "en"),
            )
        )
    return out


def _lang(okrs: list[OKRAudit]) -> Lang:
    fr = sum(1 for o in okrs if o.lang == "fr")
    return "fr" if 2 * fr >= len(okrs) else "en"


def build(
    org: OrgFile,
    *,
    lang: Lang | None = None,
    company: list[str] | None = None,
    weights: dict[str, int] | None = None,
) -> AuditReport:
    """The report of a file already read (`source.read_org`)."""
    okrs = diagnose(org)
    report_lang: Lang = lang or _lang(okrs)
    for okr in okrs:
        if not okr.team:
            okr.team = WHOLE_ORG[report_lang] if org.info.one_team else NO_TEAM[report_lang]
    declared = list(company or [])
    for parent in org.declared_parents:
        if not any(same_parent(parent, seen) for seen in declared):
            declared.append(parent)
    alignment = check_alignment(okrs, declared)
    score_okrs(okrs, weights)
    teams = _teams(okrs)
    levels = Counter(o.level for o in okrs)
    summary = Summary(
        teams=len(teams),
        objectives=len(okrs),
        key_results=sum(len(o.key_results) for o in okrs),
        levels={level: levels.get(level, 0) for level in (1, 2, 3, 4)},
        team_levels={level: sum(1 for t in teams if t.level == level) for level in (1, 2, 3, 4)},
        median_score=float(statistics.median(o.score for o in okrs)) if okrs else 0.0,
        task_krs=sum(t.task_krs for t in teams),
    )
    return AuditReport(
        lang=report_lang,
        source=org.info,
        summary=summary,
        teams=teams,
        okrs=okrs,
        defects=_defects(okrs, teams, report_lang),
        overlaps=find_overlaps(okrs, report_lang),
        alignment=alignment,
        weights=dict(weights or scoring.WEIGHTS),
        company=declared,
    )


def audit(
    path: str | Path,
    *,
    previous: str | Path | None = None,
    company: str | Path | list[str] | None = None,
    lang: Lang | None = None,
    team_column: str | None = None,
    owner_column: str | None = None,
    parent_column: str | None = None,
    objective_column: str | None = None,
    kr_column: str | None = None,
    column: str | None = None,
    cycle: str | None = None,
    previous_cycle: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    data: bytes | None = None,
    previous_data: bytes | None = None,
    company_data: bytes | None = None,
    weights: dict[str, int] | None = None,
) -> AuditReport:
    """Audit a quarter's OKR file: no model call, deterministic.

    `path` is a CSV, XLSX, JSONL, JSON or Markdown file (or its name, with `data` holding its bytes);
    the team, owner, parent, objective and key result columns are detected or named. `previous` is last
    quarter's file, read the same way; `company` a file of company objectives (or their texts). Raises
    `rewriter.files.FileError` with a message a user can act on when a file cannot be read.
    """
    columns = {
        "team_column": team_column,
        "owner_column": owner_column,
        "parent_column": parent_column,
        "objective_column": objective_column,
        "kr_column": kr_column,
        "column": column,
    }
    org = read_org(path, data=data, cycle=cycle, encoding=encoding, sheet=sheet, **columns)
    declared: list[str] = []
    if isinstance(company, list):
        declared = list(company)
    elif company is not None:
        declared = read_company(company, data=company_data)
        org.info.notes.append(note("file.company", count=len(declared), name=Path(str(company)).name))
    report = build(org, lang=lang, company=declared, weights=weights)
    if previous is not None:
        before_org = read_org(
            previous, data=previous_data, cycle=previous_cycle, encoding=encoding, sheet=sheet, **columns
        )
        before = build(before_org, lang=report.lang, company=declared, weights=weights)
        report.comparison = compare(report, before)
    return report
