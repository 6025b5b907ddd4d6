"""The audit as JSON (the whole typed report) and CSV (one row per key result, with its OKR's and team's
figures), and the OKRs to rewrite as a CSV that `okr-rewriter batch` reads.

Files are written atomically, as the batch's outputs are; CSV cells a spreadsheet would run as a formula are
prefixed with `'`, and CSV is UTF-8 with a BOM so Excel reads accents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rewriter.audit.models import AuditReport, OKRAudit
from rewriter.export import _atomic_write, _guard, check_writable

CSV_COLUMNS = (
    "team",
    "team_level",
    "team_median_score",
    "okr",
    "owner",
    "parent",
    "objective",
    "level",
    "score",
    "score_reasons",
    "objective_findings",
    "kr_no",
    "key_result",
    "kr_is_task",
    "kr_findings",
    "overlaps",
    "rows",
)
DRAFT_COLUMNS = ("team", "owner", "okr", "score", "draft")


def report_json(report: AuditReport) -> str:
    return report.model_dump_json(indent=1)


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_guard(_text(row.get(c))) for c in columns])
    return out.getvalue()


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_rows(report: AuditReport) -> list[dict[str, Any]]:
    teams = {t.name: t for t in report.teams}
    overlaps: dict[tuple[str, str], list[str]] = {}
    for number, overlap in enumerate(report.overlaps, 1):
        for item in overlap.items:
            overlaps.setdefault((item.okr, item.text), []).append(f"#{number} {overlap.metric}")
    rows = []
    lang = report.lang
    for okr in report.okrs:
        team = teams[okr.team]
        base = {
            "team": okr.team,
            "team_level": team.level,
            "team_median_score": team.median_score,
            "okr": okr.id,
            "owner": okr.owner,
            "parent": okr.parent,
            "objective": okr.objective,
            "level": okr.level,
            "score": okr.score,
            "score_reasons": "; ".join(f"{r.text(lang)} (-{r.points})" for r in okr.reasons),
            "objective_findings": " ".join(f.code for f in okr.findings if f.kr is None),
            "rows": ", ".join(okr.rows),
        }
        objective_overlaps = overlaps.get((okr.id, okr.objective), [])
        if not okr.key_results:
            rows.append(base | {"overlaps": "; ".join(objective_overlaps)})
        for number, kr in enumerate(okr.key_results, 1):
            rows.append(
                base
                | {
                    "kr_no": number,
                    "key_result": kr.text,
                    "kr_is_task": kr.is_task,
                    "kr_findings": " ".join(kr.codes),
                    "overlaps": "; ".join(objective_overlaps + overlaps.get((okr.id, kr.text), [])),
                }
            )
    return rows


def report_csv(report: AuditReport) -> str:
    return _csv(csv_rows(report), CSV_COLUMNS)


def to_rewrite(report: AuditReport) -> list[OKRAudit]:
    """The OKRs worth rewriting: those with a key result that is a task, or an objective that is a delivery."""
    return [
        o
        for o in report.okrs
        if any(k.is_task for k in o.key_results) or any(f.code == "obj.is_task" for f in o.findings)
    ]


def drafts_csv(report: AuditReport) -> str:
    """The OKRs to rewrite, one draft per row: `okr-rewriter batch` reads the 'draft' column."""
    rows = [
        {"team": o.team, "owner": o.owner, "okr": o.id, "score": o.score, "draft": o.draft}
        for o in to_rewrite(report)
    ]
    return _csv(rows, DRAFT_COLUMNS)


def _write_text(path: str | Path, text: str, *, bom: bool = False) -> Path:
    data = ("\ufeff" if bom else "") + text
    return _atomic_write(path, lambda handle: handle.write(data.encode("utf-8")))


def write_html(report: AuditReport, path: str | Path, lang: str | None = None) -> Path:
    return _write_text(path, report.to_html(lang))  # type: ignore[arg-type]


def write_json(report: AuditReport, path: str | Path) -> Path:
    return _write_text(path, report_json(report))


def write_csv(report: AuditReport, path: str | Path) -> Path:
    return _write_text(path, report_csv(report), bom=True)


def write_drafts(report: AuditReport, path: str | Path) -> Path:
    return _write_text(path, drafts_csv(report), bom=True)


__all__ = [
    "check_writable",
    "csv_rows",
    "drafts_csv",
    "report_csv",
    "report_json",
    "to_rewrite",
    "write_csv",
    "write_drafts",
    "write_html",
    "write_json",
]
