"""Results as rows, CSV, XLSX, JSON, JSONL and Markdown: shared by the batch CLI and the web app downloads.

A row is one key result, flat enough for a spreadsheet filter:

    result_rows(result)      -> [{"objective": …, "key_result": …, "baseline": …, …}, …]
    results_to_csv(results, "out.csv")          # also _xlsx, _json, _jsonl, _markdown
    write_results(results, "out.xlsx")          # format from the extension

Every function takes `RewriteResult`s or batch `BatchRecord`s (which add where each draft came from:
its line or row, its id and its other columns). A result without objectives, or a failed one, still
gives one row carrying its `error`, so a spreadsheet has a line for every input; `needs_input` marks
the rows of a rewrite the model could not complete (code's rewrite, usable, its questions to answer). Files are written to
a temporary name and renamed, so a reader never sees half a file; a new file gets the permissions the user's
umask gives (a replaced one keeps its own), and a write the system refuses raises `OutputError`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rewriter.file_errors import OutputError, output_error
from rewriter.records import BatchRecord
from rewriter.result import KeyResult, Objective, RewriteResult

Exportable = RewriteResult | BatchRecord

# Column order of `result_rows`; `record_rows` puts item, where, id and the input's own columns first.
ROW_COLUMNS = (
    "objective_no",
    "objective",
    "contribution",
    "kr_no",
    "key_result",
    "verb",
    "metric",
    "baseline",
    "target",
    "unit",
    "deadline",
    "run_kpi",
    "initiatives",
    "questions",
    "candidates",
    "parents",
    "level_before",
    "level_after",
    "suggested_metrics",
    "lang",
    "error",
    "needs_input",
    "model",
    "prompt_version",
    "draft",
)
RECORD_COLUMNS = ("item", "where", "id")
# Library metrics listed per draft in `suggested_metrics`: the top ones of each objective, ';'-joined.
SUGGESTED_PER_OBJECTIVE = 3

# Spreadsheets run a cell starting with one of these as a formula ("CSV injection"); drafts often
# start with "- " bullets, which Excel would otherwise show as #NAME?.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _questions(obj_index: int, kr_index: int | None, result: RewriteResult) -> list[str]:
    return [q.text for q in result.questions if q.objective == obj_index and q.kr == kr_index]


def _objective_rows(oi: int, obj: Objective, result: RewriteResult) -> list[dict[str, Any]]:
    rows = []
    krs: list[KeyResult | None] = [*obj.key_results] or [None]
    for ki, kr in enumerate(krs):
        # Initiatives name the KR they should move; one pointing past the last KR goes on the first row.
        initiatives = [
            i.shown
            for i in obj.initiatives
            if i.kr == ki or (ki == 0 and not 0 <= i.kr < len(obj.key_results))
        ]
        questions = _questions(oi, ki if kr else None, result)
        if ki == 0 and kr is not None:
            questions = _questions(oi, None, result) + questions
        rows.append(
            {
                "objective_no": oi + 1,
                "objective": obj.sentence,
                # How the objective moves the parent line it was asked about, in the author's words.
                "contribution": obj.contribution,
                "kr_no": ki + 1 if kr else None,
                "key_result": kr.sentence if kr else None,
                "verb": kr.verb if kr else None,
                "metric": kr.metric if kr else None,
                "baseline": kr.baseline if kr else None,
                "target": kr.target if kr else None,
                "unit": kr.unit if kr else None,
                "deadline": kr.deadline if kr else None,
                "run_kpi": kr.run_kpi if kr else None,
                "initiatives": "\n".join(initiatives),
                "questions": "\n".join(questions),
                # Metrics offered to choose, on the objective's first row: "verb + name", one per line.
                "candidates": "\n".join(f"{c.verb} {c.name}" for c in obj.candidates) if ki == 0 else "",
            }
        )
    return rows


def suggested_metric_ids(draft: str) -> str:
    """Ids of the library metrics suggested for a draft's objectives (best of each first), ';'-joined."""
    from rewriter.library.suggest import suggest_metrics

    try:
        suggestions = suggest_metrics(draft, k=SUGGESTED_PER_OBJECTIVE)
    except ValueError:  # an empty draft: nothing to suggest
        return ""
    ids = dict.fromkeys(s.metric_id for obj in suggestions for s in obj.metrics)
    return ";".join(ids)


def result_rows(result: RewriteResult) -> list[dict[str, Any]]:
    """One row per key result (columns `ROW_COLUMNS`); a failed or empty result gives one row with `error`.

    `initiatives` lists, one per line, the initiatives meant to move that KR; `questions` the open
    questions about it (questions about the objective itself go on its first KR's row).
    """
    common = {
        # What the team contributes to (mission, company objective), as the draft says it, one per line.
        "parents": "\n".join(result.parents),
        "level_before": result.level_before,
        "level_after": result.level_after,
        "suggested_metrics": suggested_metric_ids(result.draft),
        "lang": result.lang,
        "error": result.error,
        # True when the model failed and code's rewrite waits for the PM's answers (a filter in a sheet).
        "needs_input": result.needs_input,
        "model": result.provenance.model if result.provenance else None,
        "prompt_version": result.provenance.prompt_version if result.provenance else None,
        "draft": result.draft,
    }
    rows = [row for oi, obj in enumerate(result.objectives) for row in _objective_rows(oi, obj, result)]
    if not rows:
        rows = [{}]
    return [{column: {**row, **common}.get(column) for column in ROW_COLUMNS} for row in rows]


def record_rows(record: BatchRecord) -> list[dict[str, Any]]:
    """`result_rows` of a batch record, preceded by where the draft came from and the input's columns."""
    head: dict[str, Any] = {"item": record.index + 1, "where": record.label, "id": record.id, **record.fields}
    tail = {"cached": record.cached}
    if record.result is not None:
        rows = result_rows(record.result)
        if record.error:
            for row in rows:
                row["error"] = record.error
    else:
        rows = [dict.fromkeys(ROW_COLUMNS)]
        rows[0]["error"] = record.error
    return [{**head, **row, **tail} for row in rows]


def rows_of(items: Iterable[Exportable]) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) for results or records; columns are the union of the rows' keys, in order."""
    rows: list[dict[str, Any]] = []
    for item in items:
        rows.extend(record_rows(item) if isinstance(item, BatchRecord) else result_rows(item))
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns), rows


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _guard(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """A new empty file next to `target`, opened for writing, with the mode `target` will have.

    Not `tempfile.mkstemp`: its files are 0600 whatever the umask, and the rename would hand that mode
    on to an output meant to be shared like any other file the user writes. A new output gets 0666 less
    the umask; a replaced one keeps its own mode.
    """
    try:
        kept: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        kept = None
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        if kept is not None:
            os.fchmod(fd, kept)
        return fd, tmp
    raise FileExistsError(f"no free temporary name beside {target}")


def check_writable(path: str | Path) -> None:
    """Raise `OutputError` now if `path` cannot be written: a folder in its place, its folder read-only or
    impossible to make (a file in the way). A batch checks before its first draft rather than after its last."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(
            f"{target} is a folder, not a file: name the output file "
            f"(e.g. {target / ('rewrites' + (target.suffix or '.csv'))})",
            code="output_folder",
            filename=str(target),
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temporary_beside(target)
        os.close(fd)
        tmp.unlink()
    except OSError as exc:
        raise output_error(target, exc) from None


def _atomic_write(path: str | Path, write: Callable[[io.BufferedWriter], object]) -> Path:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temporary_beside(target)
    except OSError as exc:
        raise output_error(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(target, exc) from None
        raise
    return target


def results_csv(items: Iterable[Exportable], *, delimiter: str = ",", formula_guard: bool = True) -> str:
    """CSV text, one row per key result. `formula_guard` prefixes `'` to cells a spreadsheet would run."""
    columns, rows = rows_of(items)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = [_cell(row.get(c)) for c in columns]
        writer.writerow([_guard(c) for c in cells] if formula_guard else cells)
    return out.getvalue()


def results_to_csv(
    items: Iterable[Exportable], path: str | Path, *, delimiter: str = ",", formula_guard: bool = True
) -> Path:
    """Write `results_csv` as UTF-8 with a BOM: without it Excel reads UTF-8 as Windows-1252."""
    text = results_csv(items, delimiter=delimiter, formula_guard=formula_guard)
    return _atomic_write(path, lambda h: h.write(b"\xef\xbb\xbf" + text.encode("utf-8")))


def results_xlsx(items: Iterable[Exportable]) -> bytes:
    """An .xlsx workbook with one sheet of rows; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    columns, rows = rows_of(items)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("rewrites")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        cells = []
        for name in columns:
            value = _cell(row.get(name))
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=…" stays text: openpyxl would otherwise store a formula
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def results_to_xlsx(items: Iterable[Exportable], path: str | Path) -> Path:
    data = results_xlsx(items)
    return _atomic_write(path, lambda h: h.write(data))


def _as_dict(item: Exportable) -> dict[str, Any]:
    return item.model_dump(mode="json")


def results_json(items: Iterable[Exportable]) -> str:
    """A JSON array of the full results (or records), every field kept."""
    return json.dumps([_as_dict(i) for i in items], ensure_ascii=False, indent=2) + "\n"


def results_to_json(items: Iterable[Exportable], path: str | Path) -> Path:
    text = results_json(items)
    return _atomic_write(path, lambda h: h.write(text.encode("utf-8")))


def results_to_jsonl(items: Iterable[Exportable], path: str | Path) -> Path:
    """One JSON object per line, in the order given."""
    lines = "".join(i.model_dump_json() + "\n" for i in items)
    return _atomic_write(path, lambda h: h.write(lines.encode("utf-8")))


def results_markdown(items: Iterable[Exportable]) -> str:
    """A Markdown document: each result under a `#` heading naming where its draft came from."""
    parts = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, BatchRecord):
            title = item.label + (f" — {item.id}" if item.id else "")
            if item.result is not None and item.result.ok:
                body = item.result.to_markdown()
            else:
                body = f"**Error** ({item.error_kind or 'model'}): {item.error}\n"
        else:
            title = f"Draft {n}"
            body = item.to_markdown()
        parts.append(f"# {title}\n\n{body}")
    return "\n".join(parts)


def results_to_markdown(items: Iterable[Exportable], path: str | Path) -> Path:
    text = results_markdown(items)
    return _atomic_write(path, lambda h: h.write(text.encode("utf-8")))


WRITERS: dict[str, Callable[[Iterable[Exportable], str | Path], Path]] = {
    ".csv": results_to_csv,
    ".xlsx": results_to_xlsx,
    ".json": results_to_json,
    ".jsonl": results_to_jsonl,
    ".md": results_to_markdown,
    ".markdown": results_to_markdown,
}


def write_results(items: Iterable[Exportable], path: str | Path) -> Path:
    """Write in the format named by the extension (.csv, .xlsx, .json, .jsonl, .md)."""
    suffix = Path(path).suffix.lower()
    if suffix not in WRITERS:
        raise ValueError(f"cannot write {suffix or 'files without an extension'}: use {', '.join(WRITERS)}")
    return WRITERS[suffix](items, path)
