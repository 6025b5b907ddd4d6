"""Read an organisation's OKR file: which column holds the team, the owner, the parent, the objective, the
key result or the whole draft, and the drafts to analyse, one per objective.

The bytes, encoding, delimiter, sheets, JSON lines and Markdown sections are read by the batch reader
(`rewriter.files.read_drafts`), with its messages (`FileError`). This module only gives the columns their
roles and groups the rows:

- one row per key result, the objective repeated (or left blank under the first row, as merged cells
  export): rows with the same team and objective make one OKR;
- one row per OKR, the whole draft in one cell: each cell is a draft, and each of its objectives an OKR;
- Markdown: each section (`## Team A`) is a draft of that team.

Blank rows are listed, repeated rows are counted once and listed, and a file without a team column is
read as one team; each is said in `SourceInfo.notes`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rewriter import files, rules
from rewriter.audit.models import Note, Role, SourceInfo
from rewriter.audit.texts import note
from rewriter.file_errors import FileError
from rewriter.language import detect_language

# Folded column names (lower case, no accents, letters and digits only) for each role, best first.
EXACT: dict[Role, tuple[str, ...]] = {
    "parent": (
        "objectifentreprise",
        "objectifdelentreprise",
        "objectifsociete",
        "objectifgroupe",
        "objectifstrategique",
        "objectifparent",
        "parent",
        "parentobjective",
        "companyobjective",
        "companyokr",
        "strategicobjective",
        "contribuea",
        "contributesto",
        "alignement",
        "alignment",
        "alignedto",
        "alignesur",
    ),
    "key_result": (
        "resultatcle",
        "resultatscles",
        "resultatcles",
        "keyresult",
        "keyresults",
        "kr",
        "krs",
        "resultat",
    ),
    "objective": (
        "objectif",
        "objective",
        "objectifs",
        "objectives",
        "objectifdequipe",
        "objectifequipe",
        "teamobjective",
        "o",
        "obj",
    ),
    "team": (
        "equipe",
        "team",
        "squad",
        "tribu",
        "tribe",
        "departement",
        "department",
        "service",
        "pole",
        "entite",
        "bu",
        "nomdelequipe",
        "teamname",
        "domaine",
        "domain",
    ),
    "owner": (
        "responsable",
        "owner",
        "porteur",
        "pilote",
        "lead",
        "auteur",
        "author",
        "contact",
        "proprietaire",
        "manager",
        "resp",
    ),
    "draft": ("draft", "drafts", "brouillon", "okr", "okrs", "texte", "text", "contenu", "content"),
    "cycle": ("trimestre", "quarter", "cycle", "periode", "period"),
}
# When no name matches exactly: words a column name may contain, checked in this order of roles.
CONTAINS: dict[Role, tuple[str, ...]] = {
    "parent": ("entreprise", "company", "parent", "strateg", "contribu", "align", "corporate"),
    "key_result": ("resultatcle", "resultatscle", "keyresult"),
    "objective": ("objectif", "objective"),
    "team": ("equipe", "team", "squad", "tribu"),
    "owner": ("responsable", "owner", "porteur"),
    "draft": ("brouillon", "draft"),
    "cycle": ("trimestre", "quarter"),
}
ROLE_ORDER: tuple[Role, ...] = ("parent", "key_result", "objective", "team", "owner", "draft", "cycle")

# A quarter in a file name: "acme-q1-2027", "okr_T3_2026", "2027-Q1".
_NAME_CYCLE = re.compile(r"(?<![a-z0-9])(q|t)([1-4])[\s_.-]*((?:20)?\d{2})(?![0-9])", re.IGNORECASE)
_NAME_CYCLE_YEAR_FIRST = re.compile(r"(?<![0-9])(20\d{2})[\s_.-]*(q|t)([1-4])(?![0-9])", re.IGNORECASE)
# A header line inside a draft that names the team ("Équipe Paiement — T1 2027", "Team: Growth").
_TEAM_LINE = re.compile(
    r"^\s*(?:#+\s*)?(?:okrs?\s+(?:de\s+l['’]|of\s+the\s+)?)?(?:[ée]quipe|team|squad)\s*[:\-–—]?\s*(?P<name>[^—–\-:|(\n]+)",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lower case, accents removed, only letters and digits: how column names and texts are compared."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", plain)


def squash(text: str) -> str:
    """Folded words separated by one space: how two rows are told to be the same."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


@dataclass
class SourceDraft:
    """One draft to analyse: its team, owner, parent and text, and the rows it comes from."""

    team: str
    text: str
    rows: list[str]
    owner: str = ""
    parent: str = ""
    # Key result rows: one OKR, its objective and key results as the cells hold them. Whole-draft cells
    # and sections: `text` is read by the reader, and each of its objectives is an OKR.
    from_rows: bool = False
    objective: str = ""
    krs: list[str] = field(default_factory=list)


@dataclass
class OrgFile:
    """What was read: the drafts to analyse and how the file was read."""

    drafts: list[SourceDraft]
    info: SourceInfo
    # Rows that only name a parent (a company objective listed with no team objective under it).
    declared_parents: list[str] = field(default_factory=list)


def detect_roles(
    headers: Sequence[str], chosen: dict[Role, str | None], name: str = "the file"
) -> dict[Role, str]:
    """Role → header: the columns named by the caller, then exact names, then names containing a cue word."""
    roles: dict[Role, str] = {}
    listed = ", ".join(repr(h) for h in headers)
    taken: set[str] = set()
    for role, wanted in chosen.items():
        if wanted is None:
            continue
        found = _find_header(headers, wanted)
        if found is None:
            raise FileError(
                f"{name} has no column {wanted!r}; its columns are {listed}",
                code="no_such_column",
                columns=list(headers),
                column=wanted,
            )
        roles[role] = found
        taken.add(found)
    folded = {h: fold(h) for h in headers}
    for role in ROLE_ORDER:
        if role in roles:
            continue
        for name in EXACT[role]:
            match = next((h for h in headers if h not in taken and folded[h] == name), None)
            if match is not None:
                roles[role] = match
                taken.add(match)
                break
    for role in ROLE_ORDER:
        if role in roles:
            continue
        for cue in CONTAINS[role]:
            match = next((h for h in headers if h not in taken and cue in folded[h]), None)
            if match is not None:
                roles[role] = match
                taken.add(match)
                break
    return roles


def _find_header(headers: Sequence[str], wanted: str) -> str | None:
    for header in headers:
        if header.strip() == wanted.strip():
            return header
    for header in headers:
        if fold(header) == fold(wanted) and fold(wanted):
            return header
    if wanted.isdigit() and 1 <= int(wanted) <= len(headers):
        return headers[int(wanted) - 1]
    return None


def cycle_in_name(path: str) -> str | None:
    """The quarter a file name says ('acme-q1-2027.csv' → 'Q1 2027', 'okr_t3_26' → 'T3 2026')."""
    stem = Path(path).stem
    found = rules.find_cycle(stem.replace("_", " ").replace("-", " "))
    if found:
        return found
    match = _NAME_CYCLE.search(stem)
    if match:
        letter, number, year = match.groups()
        return f"{letter.upper()}{number} {year if len(year) == 4 else '20' + year}"
    match = _NAME_CYCLE_YEAR_FIRST.search(stem)
    if match:
        year, letter, number = match.groups()
        return f"{letter.upper()}{number} {year}"
    return None


def team_in_draft(text: str) -> str | None:
    """The team a draft names on a header line of its own ('Équipe Paiement — T1 2027')."""
    for line in text.splitlines()[:3]:
        match = _TEAM_LINE.match(line)
        if match:
            name = match.group("name").strip(" .*#")
            name = re.sub(r"\s+(?:T|Q)[1-4]\s*\d{4}.*$", "", name).strip()
            if name and len(name) <= 60:
                return name
    return None


def rows_of(found: files.DraftFile) -> tuple[list[str], list[tuple[str, dict[str, str], str | None]]]:
    """(headers, [(row label, {header: cell}, the reader's error)]) of a table or JSON file."""
    headers: list[str] = []
    if found.column is not None:
        headers.append(found.column)
    rows = []
    for item in found.items:
        cells = dict(item.fields)
        if found.column is not None:
            cells[found.column] = item.text
        if item.id is not None:
            cells.setdefault("id", item.id)
        for name in cells:
            if name not in headers:
                headers.append(name)
        rows.append((item.label, cells, item.error))
    return headers, rows


def _read(path: str | Path, data: bytes | None, column: str | None, **options: str | None) -> files.DraftFile:
    return files.read_drafts(path, column=column, data=data, **options)


def read_org(
    path: str | Path,
    *,
    data: bytes | None = None,
    team_column: str | None = None,
    owner_column: str | None = None,
    parent_column: str | None = None,
    objective_column: str | None = None,
    kr_column: str | None = None,
    column: str | None = None,
    cycle: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    format: str | None = None,
) -> OrgFile:
    """Read an organisation's OKR file into drafts to analyse; `FileError` when the file cannot be read."""
    name = str(path)
    options = {"encoding": encoding, "sheet": sheet, "format": format}
    chosen: dict[Role, str | None] = {
        "team": team_column,
        "owner": owner_column,
        "parent": parent_column,
        "objective": objective_column,
        "key_result": kr_column,
        "draft": column,
    }
    wanted = column or objective_column or kr_column
    try:
        found = _read(path, data, wanted, **options)
    except FileError as exc:
        if exc.code != "no_draft_column" or not exc.columns:
            raise
        # A table of short cells (one key result per row, short objectives): read it by its roles.
        roles = detect_roles(exc.columns, chosen, name)
        text_column = roles.get("objective") or roles.get("key_result") or roles.get("draft")
        if text_column is None:
            raise
        found = _read(path, data, text_column, **options)
    if found.format == "markdown":
        return _from_sections(found, name, cycle)
    headers, rows = rows_of(found)
    roles = detect_roles(headers, chosen, name)
    info = SourceInfo(
        file=name,
        format=found.format,
        encoding=found.encoding,
        delimiter=found.delimiter,
        shape="kr_rows",
        columns={role: header for role, header in roles.items()},
        rows=len(rows),
    )
    for text in found.notes:
        info.notes.append(Note(code="file.reader_note", text_fr=text, text_en=text))
    if ("objective" in roles and "key_result" in roles and "draft" not in roles) or (
        "key_result" in roles and "objective" not in roles and "draft" not in roles
    ):
        org = _from_kr_rows(rows, roles, info)
    else:
        text_column = roles.get("draft") or roles.get("objective") or found.column
        if text_column is None:
            raise FileError(f"{name}: no column holds objectives or drafts", code="no_draft_column")
        info.columns["draft"] = text_column
        if text_column == roles.get("objective"):
            del info.columns["objective"]
        info.shape = "okr_cells"
        org = _from_cells(rows, roles, text_column, info)
    _set_cycle(org, name, cycle, rows, roles.get("cycle"))
    _say(org)
    return org


def _cell(cells: dict[str, str], header: str | None) -> str:
    return " ".join((cells.get(header) or "").split()) if header else ""


def _multiline(cells: dict[str, str], header: str | None) -> str:
    return (cells.get(header) or "").strip() if header else ""


def _unreadable(label: str, cells: dict[str, str], error: str | None) -> str | None:
    """The reader's reason when it could not read a row at all (not merely an empty draft cell)."""
    if error is None or any(v.strip() for v in cells.values()):
        return None
    return None if "empty" in error else error


def _from_kr_rows(
    rows: list[tuple[str, dict[str, str], str | None]], roles: dict[Role, str], info: SourceInfo
) -> OrgFile:
    """One row per key result: rows with the same team and objective are one OKR, in order of first row.

    A blank objective (or team) under a filled row continues it, as merged cells export; a row that
    names only a parent declares that company objective.
    """
    team_h, owner_h, parent_h = roles.get("team"), roles.get("owner"), roles.get("parent")
    obj_h, kr_h = roles.get("objective"), roles.get("key_result")
    groups: dict[tuple[str, str], SourceDraft] = {}
    krs: dict[tuple[str, str], list[str]] = {}
    objectives: dict[tuple[str, str], str] = {}
    seen: dict[tuple[str, str, str], str] = {}
    declared: list[str] = []
    last_team = last_objective = last_parent = last_owner = ""
    for label, cells, error in rows:
        reason = _unreadable(label, cells, error)
        if reason is not None:
            info.unreadable_rows.append((label, reason))
            continue
        if not any(v.strip() for v in cells.values()):
            info.blank_rows.append(label)
            continue
        team, owner, parent = _cell(cells, team_h), _cell(cells, owner_h), _cell(cells, parent_h)
        objective, kr = _cell(cells, obj_h), _multiline(cells, kr_h)
        if not objective and not kr:
            if parent and not team:
                declared.append(parent)
            else:
                info.blank_rows.append(label)
            continue
        if not objective and (not team or team == last_team):
            # A key result under the objective above (a merged cell, or a blank repeat).
            team, objective = team or last_team, last_objective
            parent, owner = parent or last_parent, owner or last_owner
        team = team or ("" if team_h is None else last_team)
        key = (squash(team), squash(objective))
        row_key = (*key, squash(kr))
        if row_key in seen:
            info.duplicate_rows.append((label, seen[row_key]))
            continue
        seen[row_key] = label
        if key not in groups:
            groups[key] = SourceDraft(team=team, text="", rows=[], owner=owner, parent=parent, from_rows=True)
            krs[key] = []
            objectives[key] = objective
        group = groups[key]
        group.rows.append(label)
        group.owner = group.owner or owner
        group.parent = group.parent or parent
        krs[key] += [line for line in (x.strip() for x in kr.splitlines()) if line]
        last_team, last_objective, last_parent, last_owner = team, objective, parent, owner
    drafts = []
    for key, group in groups.items():
        group.objective, group.krs = objectives[key], krs[key]
        group.text = _draft_text(objectives[key], krs[key])
        drafts.append(group)
    info.one_team = team_h is None
    return OrgFile(drafts, info, declared)


def _draft_text(objective: str, krs: list[str]) -> str:
    """A draft the reader reads as one objective and its key results, labelled in the draft's language."""
    label_o = "Objective" if detect_language(" ".join([objective, *krs])) == "en" else "Objectif"
    lines = [f"{label_o} : {objective}"] if objective else []
    lines += [f"KR : {kr}" for kr in krs]
    return "\n".join(lines)


def _from_cells(
    rows: list[tuple[str, dict[str, str], str | None]],
    roles: dict[Role, str],
    text_column: str,
    info: SourceInfo,
) -> OrgFile:
    team_h, owner_h, parent_h = roles.get("team"), roles.get("owner"), roles.get("parent")
    drafts: list[SourceDraft] = []
    seen: dict[tuple[str, str], str] = {}
    declared: list[str] = []
    named_in_drafts = 0
    for label, cells, error in rows:
        reason = _unreadable(label, cells, error)
        if reason is not None:
            info.unreadable_rows.append((label, reason))
            continue
        text = (cells.get(text_column) or "").strip()
        team, owner, parent = _cell(cells, team_h), _cell(cells, owner_h), _cell(cells, parent_h)
        if not text:
            if parent and not team:
                declared.append(parent)
            else:
                info.blank_rows.append(label)
            continue
        if not team and team_h is None:
            team = team_in_draft(text) or ""
            named_in_drafts += bool(team)
        key = (squash(team), squash(text))
        if key in seen:
            info.duplicate_rows.append((label, seen[key]))
            continue
        seen[key] = label
        drafts.append(SourceDraft(team=team, text=text, rows=[label], owner=owner, parent=parent))
    info.one_team = team_h is None and named_in_drafts == 0
    if team_h is None and named_in_drafts:
        info.columns["team"] = "(draft header lines)"
    return OrgFile(drafts, info, declared)


def _from_sections(found: files.DraftFile, name: str, cycle: str | None) -> OrgFile:
    info = SourceInfo(file=name, format=found.format, encoding=found.encoding, shape="sections")
    drafts: list[SourceDraft] = []
    seen: dict[str, str] = {}
    for item in found.items:
        info.rows += 1
        if item.error or not item.text.strip():
            info.blank_rows.append(item.label)
            continue
        key = squash(item.text)
        if key in seen:
            info.duplicate_rows.append((item.label, seen[key]))
            continue
        seen[key] = item.label
        team = team_in_draft(item.id or "") or (item.id or "").strip() or team_in_draft(item.text) or ""
        drafts.append(SourceDraft(team=team, text=item.text, rows=[item.label]))
    info.one_team = not any(d.team for d in drafts)
    if not info.one_team:
        info.columns["team"] = "(section headings)"
    org = OrgFile(drafts, info)
    _set_cycle(org, name, cycle, [], None)
    _say(org)
    return org


def _set_cycle(
    org: OrgFile,
    name: str,
    cycle: str | None,
    rows: list[tuple[str, dict[str, str], str | None]],
    cycle_h: str | None,
) -> None:
    info = org.info
    if cycle:
        info.cycle, info.cycle_source = rules.find_cycle(cycle) or cycle, "option"
        return
    if cycle_h:
        values = Counter(_cell(cells, cycle_h) for _, cells, _ in rows if _cell(cells, cycle_h))
        if values:
            top = values.most_common(1)[0][0]
            info.cycle, info.cycle_source = rules.find_cycle(top) or top, "column"
            return
    from_name = cycle_in_name(name)
    if from_name:
        # Shown as the report's quarter, not taken as every key result's deadline: a key result is read as
        # its team wrote it, and the name of a file is not part of it.
        info.cycle, info.cycle_source, info.cycle_is_deadline = from_name, "file name", False


def _say(org: OrgFile) -> None:
    """The file's oddities as notes, in both languages."""
    info = org.info
    if not org.drafts:
        raise FileError(
            f"{info.file}: no objective or key result found in {info.rows} row(s)", code="no_usable_line"
        )
    if info.one_team:
        info.notes.append(note("file.one_team"))
    if info.blank_rows:
        info.notes.append(note("file.blank_rows", count=len(info.blank_rows), rows=info.blank_rows))
    if info.duplicate_rows:
        pairs = [f"{row} = {first}" for row, first in info.duplicate_rows]
        info.notes.append(note("file.duplicates", count=len(pairs), rows=pairs))
    if info.unreadable_rows:
        info.notes.append(
            note(
                "file.unreadable",
                count=len(info.unreadable_rows),
                rows=[f"{row}: {why}" for row, why in info.unreadable_rows],
            )
        )
    if any(not d.team for d in org.drafts) and not info.one_team:
        missing = [row for d in org.drafts if not d.team for row in d.rows]
        info.notes.append(note("file.no_team_rows", count=len(missing), rows=missing))
    if info.cycle and info.cycle_is_deadline:
        info.notes.append(note("file.cycle", cycle=info.cycle, source=info.cycle_source or ""))
    elif info.cycle:
        info.notes.append(note("file.cycle_name", cycle=info.cycle))
    else:
        info.notes.append(note("file.no_cycle"))
