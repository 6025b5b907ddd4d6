"""Read a batch of drafts from a file: CSV, XLSX, JSONL/JSON or Markdown holding several OKRs.

Reading never calls a model. A problem with the whole file (unreadable, damaged, empty, too big, no
column of drafts) raises `FileError` with a message a user can act on; a problem with one row (malformed
or too deeply nested JSONL line, empty cell, formula without a saved value) becomes an `InputItem`
carrying `error`, so the rest of the batch still runs and the row still gets a record in the output.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

# Both errors are part of this module's API: the readers raise the first, the batch's writers the second.
from rewriter.file_errors import FileError as FileError
from rewriter.file_errors import OutputError as OutputError

Format = Literal["csv", "xlsx", "jsonl", "json", "markdown"]

# 20 MiB holds ~1,000 drafts at the 20,000-character limit, far more than a quarter's OKRs; beyond it
# a file is almost surely not what the user meant (an export with attachments, a log) and would sit
# whole in memory. XLSX is checked on its (compressed) size and on its row count.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000

# Column names that hold the draft, best first; compared after folding case and accents.
DRAFT_COLUMNS = (
    "draft",
    "drafts",
    "brouillon",
    "okr",
    "okrs",
    "text",
    "texte",
    "objective",
    "objectives",
    "objectif",
    "objectifs",
    "content",
    "contenu",
    "description",
)
ID_COLUMNS = ("id", "key", "ref", "reference", "identifiant", "cle")

EXTENSIONS: dict[str, Format] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "markdown",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


class InputItem(BaseModel):
    """One draft to rewrite, with where it came from in the input file."""

    index: int = Field(description="0-based position in the batch; records and outputs follow this order.")
    label: str = Field(
        description="Where the draft is in the file, for people: 'line 4', 'row 3', 'section 2'."
    )
    id: str | None = Field(default=None, description="Value of the file's id column, or a section's heading.")
    text: str = Field(default="", description="The draft text as read.")
    fields: dict[str, str] = Field(
        default_factory=dict, description="The row's other columns (team, owner…), copied to the outputs."
    )
    error: str | None = Field(
        default=None, description="Why this row could not be read; it is then not rewritten."
    )


@dataclass
class DraftFile:
    """What was read from a file, and how (reported to the user so a wrong guess is visible)."""

    path: str
    format: Format
    items: list[InputItem]
    column: str | None = None
    column_reason: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{len(self.items)} draft(s) from {self.path} ({self.format}"]
        if self.encoding:
            parts.append(f", {self.encoding}")
        if self.delimiter:
            parts.append(f", delimiter {self.delimiter!r}")
        parts.append(")")
        if self.column:
            parts.append(f"; draft column {self.column!r} ({self.column_reason})")
        parts += [f"; {note}" for note in self.notes]
        return "".join(parts)


# ---------------------------------------------------------------------------------------- bytes and text


def detect_format(name: str, forced: str | None = None) -> Format:
    if forced:
        if forced not in ("csv", "xlsx", "jsonl", "json", "markdown", "md"):
            raise FileError(
                f"unknown format {forced!r}: use csv, xlsx, jsonl, json or markdown", code="format"
            )
        return "markdown" if forced == "md" else forced  # type: ignore[return-value]
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise FileError(
            f"{name}: Excel 97-2003 (.xls) files are not supported; save it as .xlsx or CSV", code="xls"
        )
    if suffix not in EXTENSIONS:
        raise FileError(
            f"{name}: cannot tell the format from the extension {suffix or '(none)'}; "
            "use .csv, .xlsx, .jsonl, .json or .md, or pass --format",
            code="format",
        )
    return EXTENSIONS[suffix]


def _too_big(name: str | Path, size: int | None, limit: int) -> FileError:
    limit_mb = f"{limit / 1024 / 1024:.0f}"
    if size is None:
        return FileError(
            f"{name} is larger than the {limit_mb} MB limit; split it into several files (e.g. one per department)",
            code="too_big",
            limit_mb=limit_mb,
        )
    return FileError(
        f"{name} is {size / 1024 / 1024:.1f} MB; the limit is {limit_mb} MB. "
        "Split it into several files (e.g. one per department).",
        code="too_big",
        size_mb=f"{size / 1024 / 1024:.1f}",
        limit_mb=limit_mb,
    )


def read_bytes(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing a missing, unreadable or oversized file with a precise message."""
    p = Path(path)
    try:
        if p.is_dir():
            raise FileError(f"{p} is a folder, not a file", code="folder")
        size = p.stat().st_size
        if size > limit:
            raise _too_big(p, size, limit)
        return p.read_bytes()
    except FileNotFoundError:
        raise FileError(f"{p}: no such file", code="missing") from None
    except PermissionError:
        raise FileError(f"{p}: permission denied", code="permission") from None
    except IsADirectoryError:
        raise FileError(f"{p} is a folder, not a file", code="folder") from None
    except OSError as exc:  # a name too long, a link loop, a disk error: said as the system says it
        reason = exc.strerror or type(exc).__name__
        raise FileError(f"{p} cannot be read: {reason}", code="unreadable") from None


def read_stream(
    stream: io.BufferedIOBase | Any, name: str = "<stdin>", *, limit: int = MAX_FILE_BYTES
) -> bytes:
    """Read at most `limit` bytes from a stream; one byte more means the input is too big."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_big(name, None, limit)
    return bytes(data)


def decode(data: bytes, name: str = "input", encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 / latin-1.

    Spreadsheet exports on Windows are cp1252 (a superset of latin-1 for printable text); a file that
    is valid in neither, or that holds control characters once decoded, is refused rather than
    turned into mojibake that would then be sent to a model.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise FileError(
                f"{name} cannot be read as {encoding}: {exc}", code="encoding", encoding=encoding
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileError(
                f"{name} starts with a UTF-16 mark but is not valid UTF-16: {exc.reason}",
                code="encoding",
                encoding="UTF-16",
            ) from None
    if b"\x00" in data[:8192]:
        raise FileError(f"{name} contains NUL bytes: it looks like a binary file, not text", code="binary")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FileError(
                f"{name} starts with a UTF-8 mark but byte {exc.start + 3} (0x{data[exc.start + 3]:02x}) "
                "is not valid UTF-8; re-save it as UTF-8",
                code="not_utf8",
                position=exc.start + 3,
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and not _CONTROL.search(text):
            return text, "cp1252"
        bad = data[utf8_error.start]
        raise FileError(
            f"{name}: byte {utf8_error.start} (0x{bad:02x}) is not valid UTF-8, and the file is not "
            "latin-1/Windows-1252 text either; re-save it as UTF-8 (or pass --encoding)",
            code="not_utf8",
            position=utf8_error.start,
        ) from None


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------- columns

# A draft is at least a sentence ("Objectif : Lancer la v2"), often several lines; a label (a team, an
# owner, a quarter, an id) is a word or three. A column holds drafts when most of its filled cells do.
DRAFT_MIN_WORDS = 4


def looks_like_draft(cell: str) -> bool:
    """A cell long enough to be a draft: several lines, or a sentence of `DRAFT_MIN_WORDS` words or more."""
    text = cell.strip()
    return "\n" in text or len(text.split()) >= DRAFT_MIN_WORDS


def _holds_drafts(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and 2 * sum(map(looks_like_draft, filled)) >= len(filled)


def choose_column(
    headers: list[str], rows: list[list[str]], wanted: str | None, name: str
) -> tuple[int, str]:
    """(index, reason) of the column holding the drafts: the one asked for, a known name, or the wordiest
    of the columns whose cells look like drafts; never a column of short labels (teams, owners)."""
    if not headers:
        raise FileError(f"{name} has no columns", code="no_columns")
    listed = ", ".join(repr(h) for h in headers)
    if wanted is not None:
        for i, header in enumerate(headers):
            if header.strip() == wanted.strip():
                return i, "chosen with --column"
        for i, header in enumerate(headers):
            if _fold(header) == _fold(wanted) and _fold(wanted):
                return i, "chosen with --column"
        if wanted.isdigit() and 1 <= int(wanted) <= len(headers):
            return int(wanted) - 1, "chosen with --column (by number)"
        raise FileError(
            f"{name} has no column {wanted!r}; its columns are {listed}",
            code="no_such_column",
            columns=headers,
            column=wanted,
        )
    folded = [_fold(h) for h in headers]
    for known in DRAFT_COLUMNS:
        if known in folded:
            return folded.index(known), "detected by name; pass --column to choose another"
    sample = rows[:200]
    cells = [[r[i] for r in sample if i < len(r)] for i in range(len(headers))]
    totals = [sum(map(len, column)) for column in cells]
    if not any(totals):
        raise FileError(
            f"{name}: every column is empty in the first rows; columns are {listed}",
            code="columns_empty",
            columns=headers,
        )
    drafts = [i for i in range(len(headers)) if _holds_drafts(cells[i])]
    if not drafts:
        # Rewriting "Paiement" or "Hélène" would only make up OKRs: say what was found and how to point.
        examples = "; ".join(
            f"{h!r}: {next((c.strip() for c in cells[i] if c.strip()), '')!r}" for i, h in enumerate(headers)
        )
        raise FileError(
            f"{name}: no column looks like OKR drafts (the first cells are short labels: {examples}); "
            "name the draft column with --column NAME, or head it draft, brouillon or okr",
            code="no_draft_column",
            columns=headers,
        )
    if len(headers) == 1:
        return 0, "the only column"
    best = max(drafts, key=lambda i: totals[i])
    return best, (
        "detected as the column with the most text of those whose cells look like drafts; "
        "pass --column to choose another"
    )


def _id_column(headers: list[str], draft_col: int) -> int | None:
    folded = [_fold(h) for h in headers]
    for known in ID_COLUMNS:
        if known in folded and folded.index(known) != draft_col:
            return folded.index(known)
    return None


@dataclass
class _Row:
    """A data row of a table: where it is, its cells as text, and which of them are unknown formulas."""

    label: str
    cells: list[str]
    # Columns holding a formula whose value the file does not store (saved by a program that does not
    # compute formulas): their text is "", which must not read as a blank cell.
    unsaved: frozenset[int] = frozenset()


UNSAVED_FORMULA = "formula without a saved value: open and save the file in Excel or LibreOffice"


def _items_from_table(
    headers: list[str], rows: list[_Row], column: str | None, name: str
) -> tuple[list[InputItem], str, str, list[str]]:
    """(items, draft column, why that column, notes on the file) of a table's data rows."""
    headers = [h.strip() or f"column {i + 1}" for i, h in enumerate(headers)]
    col, reason = choose_column(headers, [r.cells for r in rows], column, name)
    id_col = _id_column(headers, col)
    items: list[InputItem] = []
    unknown: dict[str, int] = {}
    for row in rows:
        cells = row.cells + [""] * (len(headers) - len(row.cells))
        text = cells[col]
        fields = {h: cells[i] for i, h in enumerate(headers) if i not in (col, id_col)}
        item = InputItem(
            index=len(items),
            label=row.label,
            id=(cells[id_col].strip() or None) if id_col is not None else None,
            text=text,
            fields=fields,
        )
        if col in row.unsaved:
            item.error = f"{row.label}: the draft cell (column {headers[col]!r}) is a {UNSAVED_FORMULA}"
        elif not text.strip():
            item.error = (
                f"{row.label}: the draft cell is empty (column {headers[col]!r}); write the draft there"
            )
        for i in sorted(row.unsaved - {col}):
            if i < len(headers):
                unknown[headers[i]] = unknown.get(headers[i], 0) + 1
        items.append(item)
    notes = [
        f"column {header!r}: {count} formula cell(s) without a saved value, read as empty "
        "(open and save the file in Excel or LibreOffice to store their values)"
        for header, count in unknown.items()
    ]
    return items, headers[col], reason, notes


def _check_rows(count: int, name: str) -> None:
    if count > MAX_ROWS:
        raise FileError(
            f"{name} has more than {MAX_ROWS:,} rows; split it into several files",
            code="too_many_rows",
            limit=f"{MAX_ROWS:,}",
        )


class _DataRows:
    """The data rows of a table, where a blank row counts only once a non-blank row follows it.

    A blank row between two drafts is a row the user sees in the spreadsheet, so it gets an error row
    rather than vanishing; blank rows after the last draft are the padding spreadsheets leave (often
    thousands of formatted empty rows) and are not rows. Pending blank rows are bounded by MAX_ROWS:
    past it, any later draft would exceed the limit anyway.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[_Row] = []
        self._blank: list[_Row] = []
        self._overflow = False

    def add(self, label: str, cells: list[str], unsaved: frozenset[int] = frozenset()) -> None:
        row = _Row(label, cells, unsaved)
        if unsaved or any(cell.strip() for cell in cells):
            _check_rows(len(self.rows) + len(self._blank) + self._overflow + 1, self.name)
            self.rows += self._blank
            self._blank.clear()
            self.rows.append(row)
        elif len(self.rows) + len(self._blank) < MAX_ROWS:
            self._blank.append(row)
        else:
            self._overflow = True


# ---------------------------------------------------------------------------------------- CSV


def sniff_delimiter(text: str) -> str:
    """`;`, `,` or tab: the one giving the most columns, consistently, over the first records."""
    best, best_score = ",", (-1.0, 0)
    for delimiter in (";", ",", "\t"):
        try:
            records = [r for r in _take(csv.reader(io.StringIO(text), delimiter=delimiter), 100) if r]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        if width < 2:
            continue
        consistent = sum(1 for r in records if len(r) == width) / len(records)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _take(rows: Iterator[list[str]], n: int) -> Iterator[list[str]]:
    for i, row in enumerate(rows):
        if i >= n:
            return
        yield row


def _no_rows(name: str, headers: list[str]) -> FileError:
    return FileError(
        f"{name} has a header row ({', '.join(headers)}) but no data rows", code="no_rows", columns=headers
    )


def read_csv(text: str, name: str, column: str | None = None, delimiter: str | None = None) -> DraftFile:
    if not text.strip():
        raise FileError(f"{name} is empty", code="empty")
    delimiter = delimiter or sniff_delimiter(text)
    # A draft cell may legitimately exceed csv's 128 KiB default field limit only up to the file limit.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = _DataRows(name)
    headers: list[str] | None = None
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            if headers is None:
                if any(cell.strip() for cell in record):
                    headers = record
                continue
            # An empty line is a row too: a one-column file writes a blank draft cell as one.
            table.add(f"line {start}", record)
    except csv.Error as exc:
        raise FileError(
            f"{name}, line {reader.line_num}: malformed CSV ({exc})",
            code="malformed_csv",
            line=reader.line_num,
        ) from None
    if headers is None:
        raise FileError(f"{name} is empty", code="empty")
    if not table.rows:
        raise _no_rows(name, headers)
    items, col, reason, notes = _items_from_table(headers, table.rows, column, name)
    return DraftFile(name, "csv", items, column=col, column_reason=reason, delimiter=delimiter, notes=notes)


# ---------------------------------------------------------------------------------------- XLSX

# What a damaged workbook raises from openpyxl and the zip, inflate and XML layers under it: the XML
# parsers' errors are SyntaxErrors (ElementTree's ParseError, lxml's XMLSyntaxError), openpyxl's own
# checks ValueError, KeyError or TypeError, a truncated or corrupt member EOFError or zlib.error.
_DAMAGED_XLSX: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    SyntaxError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
)
_RESAVE = "open it in Excel or LibreOffice and save it again as .xlsx, or export it as CSV"


def _damaged(name: str, part: str, exc: BaseException) -> FileError:
    kind = type(exc).__name__
    if kind == "error":  # zlib.error, binascii.error: the module says what failed
        kind = f"{type(exc).__module__}.{kind}"
    detail = " ".join(f"{kind}: {exc}".split())
    if len(detail) > 160:
        detail = detail[:159] + "…"
    return FileError(f"{name} is damaged: {part} cannot be read ({detail}); {_RESAVE}", code="damaged_xlsx")


def _open_workbook(data: bytes, name: str, *, data_only: bool) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, InvalidFileException) as exc:
        raise FileError(
            f"{name} is not a readable .xlsx workbook ({type(exc).__name__}: {exc}); {_RESAVE}",
            code="damaged_xlsx",
        ) from None
    except _DAMAGED_XLSX as exc:
        raise _damaged(name, "its workbook structure", exc) from None


def _sheet_title(book: Any, sheet: str | None, name: str) -> str:
    if sheet is not None and sheet not in book.sheetnames:
        raise FileError(
            f"{name} has no sheet {sheet!r}; its sheets are {', '.join(book.sheetnames)}",
            code="no_sheet",
            sheet=sheet,
            sheets=", ".join(book.sheetnames),
        )
    if not book.sheetnames:
        raise FileError(f"{name} has no sheet", code="empty")
    return str(sheet if sheet is not None else book.sheetnames[0])


def _sheet_rows(book: Any, title: str, name: str) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values; the sheet's XML is parsed as it is read, so damage shows up here."""
    try:
        rows = book[title].iter_rows(values_only=True)
    except _DAMAGED_XLSX as exc:
        raise _damaged(name, f"the sheet {title!r}", exc) from None
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _DAMAGED_XLSX as exc:
            raise _damaged(name, f"the sheet {title!r}", exc) from None
        yield values


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet of the workbook holds a formula: a scan of the raw XML, many times faster than a
    parse, that spares most files the second read. A file that cannot be scanned is read in full."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                    continue
                with archive.open(member) as xml:
                    tail = b""
                    while chunk := xml.read(1 << 20):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return True
    return False


def _is_formula(written: Any) -> bool:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    return (isinstance(written, str) and written.startswith("=")) or isinstance(
        written, ArrayFormula | DataTableFormula
    )


def read_xlsx(data: bytes, name: str, column: str | None = None, sheet: str | None = None) -> DraftFile:
    """The drafts of one sheet: cells as their saved values, as Excel shows them.

    A formula's value is the one saved in the file. A file saved by a program that does not compute
    formulas (a script, an export tool) stores none; such a cell is told apart from an empty one by a
    second read of the sheet with its formulas, so the row says what to do instead of "empty".
    """
    values_book = _open_workbook(data, name, data_only=True)
    try:
        formulas_book = _open_workbook(data, name, data_only=False) if _has_formulas(data) else None
        try:
            title = _sheet_title(values_book, sheet, name)
            headers: list[str] | None = None
            table = _DataRows(name)
            rows = _sheet_rows(values_book, title, name)
            # Two reads of the same XML: the same rows and cells, side by side.
            written_rows = _sheet_rows(formulas_book, title, name) if formulas_book else itertools.repeat(())
            for number, (values, written) in enumerate(zip(rows, written_rows, strict=False), start=1):
                cells = [_cell(v) for v in values]
                unsaved = frozenset(
                    i
                    for i, (v, w) in enumerate(zip(values, written, strict=False))
                    if v is None and _is_formula(w)
                )
                if headers is None:
                    if any(c.strip() for c in cells):
                        headers = cells
                    continue
                table.add(f"row {number}", cells, unsaved)
        finally:
            if formulas_book is not None:
                formulas_book.close()
    finally:
        values_book.close()
    if headers is None:
        raise FileError(f"{name}: the sheet {title!r} is empty", code="empty", sheet=title)
    if not table.rows:
        raise _no_rows(name, headers)
    items, col, reason, notes = _items_from_table(headers, table.rows, column, name)
    return DraftFile(name, "xlsx", items, column=col, column_reason=reason, notes=notes)


# ---------------------------------------------------------------------------------------- JSON lines


# A row of drafts is an object of texts, two or three levels deep at most; past this a value is not a row
# (and Python's own parser gives up around a thousand levels, a JSON bomb's depth).
MAX_JSON_DEPTH = 32


@dataclass
class _Malformed:
    """A JSONL line that is not JSON: its row says why."""

    reason: str


@dataclass
class _TooDeep:
    """A line or item nested deeper than MAX_JSON_DEPTH: not a row of drafts."""

    holder: str  # "a line", "an item"


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` levels in `value`, counted without recursion."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Iterable[Any] = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _row_value(value: Any, holder: str) -> Any:
    return _TooDeep(holder) if _deeper_than(value, MAX_JSON_DEPTH) else value


def _items_from_objects(
    entries: list[tuple[str, Any]], column: str | None, name: str
) -> tuple[list[InputItem], str | None, str]:
    keys: list[str] = []
    for _, value in entries:
        if isinstance(value, dict):
            keys += [str(k) for k in value if str(k) not in keys]
    col: str | None = None
    reason = ""
    if keys:
        sample = [[_cell(v.get(k)) for k in keys] for _, v in entries if isinstance(v, dict)]
        index, reason = choose_column(keys, sample, column, name)
        col = keys[index]
    elif column is not None:
        raise FileError(
            f"{name} holds no JSON objects, so it has no field {column!r}", code="no_fields", column=column
        )
    id_key = None
    if col is not None:
        found = _id_column(keys, keys.index(col))
        id_key = keys[found] if found is not None else None
    items: list[InputItem] = []
    for label, value in entries:
        item = InputItem(index=len(items), label=label)
        if isinstance(value, _Malformed):
            item.error = f"{label}: invalid JSON ({value.reason}); the line was skipped"
        elif isinstance(value, _TooDeep):
            item.error = f"{label}: nested too deeply (more than {MAX_JSON_DEPTH} levels); {value.holder} holds one draft"
        elif isinstance(value, str):
            item.text = value
            if not value.strip():
                item.error = f"{label}: the draft is empty"
        elif isinstance(value, dict) and col is not None:
            if col not in value:
                item.error = f"{label}: no {col!r} field; fields are {', '.join(map(str, value))}"
            else:
                item.text = value[col] if isinstance(value[col], str) else _cell(value[col])
                if not item.text.strip():
                    item.error = f"{label}: the {col!r} field is empty; write the draft there"
            item.id = (_cell(value.get(id_key)) or None) if id_key else None
            item.fields = {str(k): _text_of(v) for k, v in value.items() if k not in (col, id_key)}
        else:
            item.error = f"{label}: expected a JSON object or string, got {type(value).__name__}"
        items.append(item)
    return items, col, reason


def _text_of(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _json_line(line: str) -> Any:
    """The value of one JSONL line, or why it is not a row."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return _Malformed(f"{exc.msg} at column {exc.colno}")
    except RecursionError:  # Python's parser recurses once per level: thousands of '[' exhaust it
        return _TooDeep("a line")
    except ValueError as exc:  # a valid number Python refuses to convert (over 4,300 digits)
        return _Malformed("a number with too many digits" if "digits" in str(exc) else str(exc))
    return _row_value(value, "a line")


def read_jsonl(text: str, name: str, column: str | None = None) -> DraftFile:
    entries: list[tuple[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        entries.append((f"line {number}", _json_line(line)))
        _check_rows(len(entries), name)
    if not entries:
        raise FileError(f"{name} is empty", code="empty")
    items, col, reason = _items_from_objects(entries, column, name)
    if all(item.error for item in items):
        raise FileError(
            f"{name}: no line is a usable draft; first problem: {items[0].error}", code="no_usable_line"
        )
    return DraftFile(name, "jsonl", items, column=col, column_reason=reason)


def read_json(text: str, name: str, column: str | None = None) -> DraftFile:
    if not text.strip():
        raise FileError(f"{name} is empty", code="empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(
            f"{name}, line {exc.lineno} column {exc.colno}: invalid JSON ({exc.msg})",
            code="invalid_json",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise FileError(
            f"{name} is nested too deeply to be read (thousands of levels); "
            "it should be an array of drafts, as texts or objects",
            code="too_deep",
        ) from None
    except ValueError as exc:  # a valid number Python refuses to convert (over 4,300 digits)
        raise FileError(f"{name}: invalid JSON ({exc})", code="invalid_json") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise FileError(
                f"{name}: expected a JSON array of drafts (or an object holding one array)", code="json_shape"
            )
        data = lists[0]
    if not isinstance(data, list) or not data:
        raise FileError(f"{name}: expected a non-empty JSON array of drafts", code="json_shape")
    _check_rows(len(data), name)
    entries = [(f"item {i}", _row_value(v, "an item")) for i, v in enumerate(data, 1)]
    items, col, reason = _items_from_objects(entries, column, name)
    return DraftFile(name, "json", items, column=col, column_reason=reason)


# ---------------------------------------------------------------------------------------- Markdown


def split_markdown(text: str) -> list[tuple[int, str | None, str, str]]:
    """Sections of a Markdown file holding several OKR drafts: (first line, heading, preamble, body).

    A file is split on thematic breaks (`---`) when it has any; otherwise on the highest heading level
    that occurs at least twice (`## Team A`, `## Team B`), the heading staying in its draft. Text before
    the first section (a title such as "OKR T1 2027") is returned as the preamble, repeated for every
    section so each draft keeps the cycle it names. A file with neither is one draft.
    """
    lines = text.splitlines()
    in_fence = False
    breaks: list[int] = []
    headings: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        if _THEMATIC_BREAK.match(line):
            breaks.append(i)
        elif match := _HEADING.match(line):
            headings.append((i, len(match.group(1)), match.group(2).strip()))
    sections: list[tuple[int, str | None, str, str]] = []
    if breaks:
        bounds = [-1, *breaks, len(lines)]
        for start, end in itertools.pairwise(bounds):
            body = "\n".join(lines[start + 1 : end])
            heading = next((h for i, _, h in headings if start < i < end), None)
            sections.append((start + 2, heading, "", body))
        return sections
    for level in range(1, 7):
        starts = [(i, h) for i, lvl, h in headings if lvl == level]
        if len(starts) >= 2:
            preamble = "\n".join(lines[: starts[0][0]]).strip()
            ends = [i for i, _ in starts[1:]] + [len(lines)]
            for (start, heading), end in zip(starts, ends, strict=True):
                sections.append((start + 1, heading, preamble, "\n".join(lines[start:end])))
            return sections
    return [(1, None, "", text)]


def read_markdown(text: str, name: str) -> DraftFile:
    if not text.strip():
        raise FileError(f"{name} is empty", code="empty")
    items: list[InputItem] = []
    sections = split_markdown(text)
    for number, (line, heading, preamble, body) in enumerate(sections, start=1):
        content = [x for x in body.splitlines() if x.strip() and not _HEADING.match(x)]
        label = f"section {number} (line {line})" if len(sections) > 1 else "the file"
        draft = f"{preamble}\n\n{body.strip()}" if preamble else body.strip()
        item = InputItem(index=len(items), label=label, id=heading, text=draft)
        if not content:
            if not body.strip():
                continue  # blank space between two breaks is not a draft
            item.error = f"{label}{f' {heading!r}' if heading else ''} has a heading but no OKR text"
        items.append(item)
        _check_rows(len(items), name)
    if not items:
        raise FileError(f"{name} is empty", code="empty")
    return DraftFile(name, "markdown", items)


# ---------------------------------------------------------------------------------------- entry points


def read_drafts(
    path: str | Path,
    *,
    column: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    data: bytes | None = None,
) -> DraftFile:
    """Read every draft of a file. `data` gives the bytes directly (stdin, an upload) under the name `path`."""
    name = str(path)
    # A missing file is said so whatever its extension: "no such file" before "cannot tell the format".
    raw = read_bytes(path) if data is None else data
    kind = detect_format(name, format)
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(name, len(raw), MAX_FILE_BYTES)
    if not raw.strip():
        raise FileError(f"{name} is empty", code="empty")
    if kind == "xlsx":
        return read_xlsx(raw, name, column, sheet)
    text, used = decode(raw, name, encoding)
    if kind == "csv":
        found = read_csv(text, name, column, delimiter="\t" if name.lower().endswith(".tsv") else None)
    elif kind == "jsonl":
        found = read_jsonl(text, name, column)
    elif kind == "json":
        found = read_json(text, name, column)
    else:
        if column is not None:
            raise FileError(
                f"{name} is Markdown/text: it has no columns, so --column does not apply", code="usage"
            )
        found = read_markdown(text, name)
    found.encoding = used
    return found


def drafts_from_texts(texts: Iterable[str]) -> list[InputItem]:
    """Items for plain strings (the library API): labelled 'item 1', 'item 2'…"""
    return [InputItem(index=i, label=f"item {i + 1}", text=t) for i, t in enumerate(texts)]
