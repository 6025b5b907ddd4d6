"""The structure of a draft: which units are objectives, which are key results under them, which are context.

Works on the units of `units.py`; the roles step has already set aside the lines rows decide (headers, parents,
facts, asides): those are `fixed` and always context. The structure never raises on odd text: what it cannot
place becomes context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from rewriter import rules
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.language import detect_language
from rewriter.reading import rows
from rewriter.reading.units import Unit

Kind = Literal["objective", "kr", "context", "kr_section", "objective_section", "other_section"]

_OBJ_LABEL = rows.row("objective_label").regex
_KR_LABEL = rows.row("key_result_label").regex
_KR_FOR_OBJECTIVE = rows.row("key_result_for_objective").regex
_KR_SECTION = rows.row("key_result_section").regex
_OBJ_SECTION = rows.row("objective_section").regex
_OTHER_SECTION = rows.row("other_section").regex
# One-line form: "Objectif : Lancer la v2 — KR : Livrer la feature A ; KR2 : …".
_INLINE_KR = re.compile(
    r"\s*(?:[—–|;,]|\s-)\s*(?:krs?|key\s+results?|r[ée]sultats?\s+cl[ée]s?)\s*\d*(?:\.\d+)?\s*[:：]\s*",
    re.IGNORECASE,
)
# An outline number ("1.2 Réduire …") opens an item only before a capital: "7.4 mishandled bags" is a value.
_BULLET = re.compile(
    r"^(?P<marker>=>|->|[-•*–—·▪◦●○►▸→+]|\d{1,2}(?:\.\d{1,2})+\.?(?=\s+[A-ZÀ-Ý«\"“(])|\d{1,2}[.)]|[a-zA-Z][.)])\s+"
)
_CHECKBOX = re.compile(r"^\[[ xX]\]\s*")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s*")
_CONTEXT_CUES = re.compile(
    r"^(?:aujourd['’]hui|actuellement|contexte|context|constat|today|currently|note|nb|n\.b\.|pour info|rappel"
    r"|cible|audience|segment|persona|pour qui|for whom|users?|utilisateurs cibles"
    r"|problème|probleme|problem|hypoth[èe]se|hypothesis|owner|responsable|équipe|equipe|team|source|données"
    r"|data|pourquoi|why|fyi|cycle|période|periode|period|sponsor|budget|ctx|cf\.?)\b"
    # "We lost 4 deals last quarter because …", "On a perdu 3 clients": what happened, told as a fact.
    r"|^(?:we|on|nous)\s+(?:lost|had|saw|got|received|missed|were|a perdu|a eu|avons perdu|avons eu|avait|a vu"
    r"|a reçu|a manqué|était)\b",
    re.IGNORECASE,
)
_HEADER_WORDS = re.compile(
    r"^(?:okrs?|roadmap|plan|team|équipe|equipe|squad|tribe)\b(?!\s*\d{1,2}\b)", re.IGNORECASE
)
_QUOTES = "\"'“”«»‘’ "

_COLUMN_NAMES: list[tuple[str, re.Pattern[str]]] = [
    (str(row.role).replace("key_result", "kr"), row.regex) for row in rows.section("column")
]


@dataclass
class Item:
    """One classified piece of a line; several when a line holds an objective and its KRs."""

    kind: Kind
    text: str
    line: int
    style: tuple[str, int]  # (marker kind, indent): lines of one style are siblings
    after_blank: bool = False
    labelled: bool = False


def _clean(text: str) -> str:
    text = text.replace("**", "").replace("__", "").strip()
    text = _CHECKBOX.sub("", text)
    return _unquote(_unquote(text).rstrip(".;"))


def _unquote(text: str) -> str:
    """A line quoted whole loses its quotes; one ending on a quoted word ("… push "irriguer demain"") keeps them."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    for quote in set(_QUOTES.strip()):
        # A lone quote left at one end (a cell copied with half its quotes) goes too.
        if text.count(quote) == 1 and (text.startswith(quote) or text.endswith(quote)):
            text = text.strip(quote).strip()
    return text


def _style(raw_line: str) -> tuple[str, int, str]:
    """(marker kind, indent, text without marker) for one line."""
    expanded = raw_line.replace("\t", "    ")
    indent = len(expanded) - len(expanded.lstrip())
    body = expanded.strip()
    heading = _HEADING.match(body)
    if heading:
        return f"h{len(heading.group('hashes'))}", indent, body[heading.end() :]
    bullet = _BULLET.match(body)
    if bullet:
        marker = bullet.group("marker")
        kind = "num" if marker[0].isdigit() else "alpha" if marker[0].isalpha() else "bullet"
        if kind == "num" and marker.rstrip(".").count(".") >= 1:
            kind = "subnum"
        return kind, indent, body[bullet.end() :]
    return "plain", indent, body


def _classify_text(body: str) -> tuple[Kind, str, bool]:
    """(kind, cleaned text, labelled) for a line without its marker."""
    stripped = body.replace("**", "").strip().lstrip(_QUOTES)
    if _KR_SECTION.match(stripped):
        return "kr_section", "", True
    if _OBJ_SECTION.match(stripped):
        # The title's text is kept for the cycle it may name ("Objectifs commerciaux S2 2026").
        return "objective_section", _clean(stripped), True
    if _OTHER_SECTION.match(stripped):
        return "other_section", "", True
    kr = _KR_LABEL.match(stripped) or _KR_FOR_OBJECTIVE.match(stripped)
    if kr:
        return "kr", _clean(stripped[kr.end() :]), True
    obj = _OBJ_LABEL.match(stripped)
    if obj:
        return "objective", _clean(stripped[obj.end() :]), True
    return "context", _clean(stripped), False


def _split_inline(kind: Kind, text: str) -> list[tuple[Kind, str]]:
    """'Lancer la v2 — KR : Livrer A ; Livrer B' → the objective, then one KR per piece."""
    parts = _INLINE_KR.split(text)
    if kind != "objective" or len(parts) < 2:
        return [(kind, text)]
    pieces: list[tuple[Kind, str]] = [("objective", _clean(parts[0]))]
    for part in parts[1:]:
        for kr in re.split(r"\s*;\s*", part):
            if _clean(kr):
                pieces.append(("kr", _clean(kr)))
    return pieces


def classify(units: list[Unit], fixed: Mapping[int, tuple[str, str]]) -> list[Item]:
    """Items of the units, numbered by unit (1-based).

    `fixed` maps a unit to the role rows gave it and its clean text: objectives and key results become items
    of that kind, every other role is context whatever the unit says.
    """
    items: list[Item] = []
    columns: dict[str, int] | None = None
    bodies = [u.body for u in units]
    # A spreadsheet pasted as ';'-separated text: its header row names the columns.
    first = next((b for b in bodies if b.strip()), "")
    semicolons = first.count(";") >= 1 and bool(_column_map(first.replace(";", "\t")))
    marked = _objective_marks(units)
    for index, unit in enumerate(units):
        number = index + 1
        blank = index > 0 and unit.line - units[index - 1].line > 1
        raw_line = unit.body
        if unit.kind == "table_rule" or not raw_line.strip():
            continue
        if number in fixed:
            role, clean = fixed[number]
            if role == "objective":
                items.append(Item("objective", clean, number, ("plain", 0), blank, True))
            elif role in ("key_result", "task"):
                items.append(Item("kr", clean, number, ("plain", 0), blank, True))
            else:
                items.append(Item("context", _clean(_style(raw_line)[2]), number, ("fixed", 0), blank, False))
            continue
        if semicolons and ";" in raw_line:
            raw_line = raw_line.replace(";", "\t")
        if "\t" in raw_line.strip() or unit.kind == "table_row":
            # A table's data rows never name columns, even when a cell says "KR".
            header = _column_map(raw_line) if unit.kind != "table_row" else None
            if header:
                columns = header
            elif unit.kind != "table_head":
                items.extend(_row_items(raw_line, number, columns, blank))
            continue
        marker, indent, body = _style(raw_line)
        kind, cleaned, labelled = _classify_text(body)
        if kind == "context" and number in marked and cleaned:
            kind, labelled = "objective", True
        for piece_kind, piece in _split_inline(kind, cleaned):
            items.append(Item(piece_kind, piece, number, (marker, indent), blank, labelled))
    return items


# A list item's mark ("- ", "◦ ", "2) "): what opens an item, not a word of it.
ITEM_MARK = re.compile(r"^\s*(?:[-*•◦▪·+>]|\d+[.)])\s*")


def _objective_marks(units: list[Unit]) -> set[int]:
    """Numbers of the lines an objective mark opens ("🎯 Fidéliser les clients"), when the draft gives the mark
    to fewer than half of its lines."""
    mark = rows.row("objective_mark")
    marked = {n for n, unit in enumerate(units, 1) if unit.kind == "line" and mark.search(unit.text)}
    labelled = rows.row("objective_label")
    if any(
        n not in marked and labelled.search(ITEM_MARK.sub("", unit.body)) for n, unit in enumerate(units, 1)
    ):
        # "🌱 Objectif : Une équipe stable" then "🎯 Turnover ÷2": the draft labels its objectives; 🎯 marks aims.
        return set()
    lines = sum(1 for unit in units if unit.kind in ("line", "sentence"))
    return marked if 2 * len(marked) < lines else set()


def _column_map(raw_line: str) -> dict[str, int] | None:
    """Column roles when the row is a spreadsheet header ('Objectif<TAB>KR<TAB>Cible'), else None."""
    cells = [_clean(c) for c in raw_line.split("\t")]
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for role, pattern in _COLUMN_NAMES:
            if role not in roles and pattern.match(cell):
                roles[role] = index
                break
    # "| | 2026 | Cible 2027 |": a head with no name over the first column, values after it: the first column
    # names the key results.
    if (
        cells
        and not cells[0]
        and ("baseline" in roles or "target" in roles)
        and not {"kr", "metric"} & set(roles)
    ):
        roles["kr"] = 0
    # "| KR | Indicateur | …": the KR column holds labels, the metric column the key result itself.
    if "metric" in roles:
        roles["kr"] = roles.pop("metric")
    # "| KR | Current | Goal | DRI |": a goal after the key result and its start is the value to reach.
    objective = roles.get("objective")
    if (
        objective is not None
        and "target" not in roles
        and objective > roles.get("kr", objective)
        and objective > roles.get("baseline", objective)
    ):
        roles["target"] = roles.pop("objective")
    return roles if "kr" in roles or "task" in roles or len(roles) >= 2 else None


def _row_items(raw_line: str, number: int, columns: dict[str, int] | None, blank: bool) -> list[Item]:
    """Items of one spreadsheet row; merged objective cells arrive empty and mean 'same objective'."""
    cells = [_clean(c) for c in raw_line.split("\t")]
    style = ("row", 0)
    if columns and "kr" in columns:
        items = []
        obj_col = columns.get("objective")
        # "| O1 | Créer une section féminine U15 | …": a bare label points back to an objective said above.
        if (
            obj_col is not None
            and obj_col < len(cells)
            and cells[obj_col]
            and not _BARE_OBJ.match(cells[obj_col].strip())
        ):
            # "| O1 Des bus qui passent à l'heure | | |": the objective's label is no word of it.
            kind, cleaned, labelled = _classify_text(cells[obj_col])
            said = cleaned if kind == "objective" and labelled and cleaned else cells[obj_col]
            items.append(Item("objective", said, number, style, blank, True))
        kr_text = cells[columns["kr"]] if columns["kr"] < len(cells) else ""
        kind, cleaned, labelled = _classify_text(kr_text)
        if (
            kind == "objective"
            and labelled
            and cleaned
            and not any(c for i, c in enumerate(cells) if i != columns["kr"])
        ):
            # "| **O1 – Remettre à niveau la protection cathodique** | | |": a labelled objective heads its rows.
            return [Item("objective", cleaned, number, style, blank, True)]
        # "| Objectif | Faire revenir les lecteurs | … |": a first column of labels says which row is which.
        if kr_text and 0 not in columns.values() and _bare_label(cells[0]) == "objective":
            return [Item("objective", kr_text, number, style, blank, True)]
        if kr_text:
            named = _aim_said_twice(kr_text, cells, columns)
            items.append(Item("kr", named + _row_values(cells, columns, kr_text), number, style, blank, True))
        task_col = columns.get("task")
        if task_col is not None and task_col != columns["kr"] and task_col < len(cells) and cells[task_col]:
            # "| Objectif | Action | Mesure | Pilote |": the action's cell is a deliverable of its own, kept.
            items.append(Item("kr", cells[task_col], number, style, blank, True))
        return items
    if columns and "task" in columns:
        # "| Self-service password reset | Tom | Done |": the deliverable's cell is the item; owner and status
        # cells are no deliverables of their own.
        task = cells[columns["task"]] if columns["task"] < len(cells) else ""
        return (
            [Item("kr", task + _row_values(cells, columns, task), number, style, blank, True)] if task else []
        )
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if not filled:
        return []
    first_kind, first_text, labelled = _classify_text(filled[0][1])
    bare_label = _bare_label(filled[0][1])
    if bare_label and len(filled) > 1:
        # "O1<TAB>Améliorer…", "KR1<TAB>Réduire…": the label has a cell of its own.
        items = [Item(bare_label, filled[1][1], number, style, blank, True)]
        return items + [Item("kr", c, number, style, blank, True) for _, c in filled[2:]]
    if labelled and first_kind in ("objective", "kr"):
        items = [Item(first_kind, first_text, number, style, blank, True)]
        items += [Item("kr", c, number, style, blank, True) for _, c in filled[1:]]
        return items
    if filled[0][0] == 0:
        items = [Item("objective", filled[0][1], number, style, blank, True)]
        return items + [Item("kr", c, number, style, blank, True) for _, c in filled[1:]]
    return [Item("kr", c, number, style, blank, True) for _, c in filled]


_BARE_OBJ = re.compile(r"^(?:o|obj\.?|objectifs?|objectives?|okr|goal)\s?\d*$", re.IGNORECASE)
_BARE_KR = re.compile(r"^(?:krs?|key\s+results?|r[ée]sultats?\s+cl[ée]s?)\s?[\d.]*$", re.IGNORECASE)


def _bare_label(cell: str) -> Kind | None:
    if _BARE_OBJ.match(cell):
        return "objective"
    if _BARE_KR.match(cell):
        return "kr"
    return None


# The verbs that only say a level is to be reached ("Atteindre 95 % …", "Passer sous les 18 …", "Raise … to 4.2/5").
_REACH = re.compile(
    r"^(?:atteindre|passer\s+(?:sous|à|au-dessus)|arriver\s+à|monter\s+à|descendre\s+(?:sous|à)|ramener|porter"
    r"|reach|raise|get|bring|hit|lift|push)\b",
    re.IGNORECASE,
)


def _aim_said_twice(kr_text: str, cells: list[str], columns: dict[str, int]) -> str:
    """ "Atteindre 95 % d'analyses reçues sous 24 h | 81 % | 95 %": a cell that says its aim with a verb, the aim's
    column saying it again, names its measure without them ("analyses reçues sous 24 h"); other cells as they are."""
    from rewriter.reading.measures import read_values

    index = columns.get("target")
    aim = rules.numbers_in(cells[index]) if index is not None and index < len(cells) else []
    if not aim or "baseline" not in columns:
        return kr_text
    own = read_values(kr_text)
    if own.baseline or not own.target or rules.numbers_in(own.target)[:1] != aim[:1]:
        return kr_text
    if not _REACH.match(kr_text) or not own.metric:
        return (
            kr_text  # "Hire 2 more examiners | 0 | 2": a count of things done is a task, whatever its cells
        )
    named = re.sub(r"^(?:d['’]\s*|de\s+|des\s+)", "", own.metric).strip()
    return named[:1].upper() + named[1:] if named else kr_text


def _row_values(cells: list[str], columns: dict[str, int], kr_text: str) -> str:
    """Baseline / target / deadline columns folded into the KR text, in words the analyzer reads."""
    lang = detect_language(kr_text)
    words = {
        "fr": {"baseline": "aujourd'hui", "target": "cible", "deadline": "d'ici"},
        "en": {"baseline": "today", "target": "target", "deadline": "by end of"},
    }[lang]
    extra = []
    for role in ("baseline", "target", "deadline"):
        index = columns.get(role)
        if index is not None and index < len(cells) and cells[index]:
            extra.append(f"{words[role]} {cells[index]}")
    return (" — " + " — ".join(extra)) if extra else ""


_ROW_VALUES = re.compile(r"\s+—\s+(?:aujourd'hui|cible|d'ici|today|target|by end of)\s.*$")


def strip_row_values(text: str) -> str:
    """A spreadsheet KR without the baseline/target/deadline cells `_row_values` appended to it."""
    return _ROW_VALUES.sub("", text)


def _is_context(text: str) -> bool:
    """Facts and headers: a context cue, a header word, a line opening on a cycle or a number, a stated fact."""
    return bool(
        not text
        or _CONTEXT_CUES.match(text)
        or _HEADER_WORDS.match(text)
        or _LEADING_CYCLE.match(text)
        or _HEADER_LINE.search(text)
        or _TEAM_LINE.match(text)
        or (_FACT.search(text) and not rules.is_known_verb(rules.leading_verb(text)))
        or _stated_figure(text)
    )


def _stated_figure(text: str) -> bool:
    """ "Average wait 72 minutes", "DNA rate 13%": a measure named with today's value and no verb of change
    (a fact-shape row of rows.yaml), not an item, wherever it stands."""
    # "Backlog 3,800 claims; new claims processed in 34 days on average": each clause states a figure.
    first = re.split(r"\s*;\s*", text, maxsplit=1)[0]
    found = rows.first_match("fact_shape", first)
    return found is not None and not found[0].prose_only and not rules.is_known_verb(rules.leading_verb(text))


# "People team H1 2027", "Squad Paiement — T3": a team and a cycle, no verb.
_TEAM_LINE = re.compile(
    r"^[\w'’ &/-]{2,40}\s(?:team|squad|tribe)$|^(?:team|squad|tribe)\s[\w'’ &/-]{2,40}$", re.I
)
_HEADER_LINE = re.compile(
    r"^(?=.*\b(?:team|[ée]quipe|squad|tribe|roadmap|okrs?|objectifs|objectives|goals)\b)"
    r"(?=.*\b(?:[TQSH][1-4]|20\d\d)\b)[^:]{0,60}$",
    re.IGNORECASE,
)
# "Cloud bill: $48k per month", "Time to hire is currently 58 days": a fact about today, not an item.
_FACT = re.compile(
    r"^[^:]{2,60}:\s*[<>≈~]?\s*[$€£]?\d"
    r"|\b(?:is|are|was|were|est|sont|était|reste|stands at|currently|actuellement|aujourd['’]hui|today)\b[^.]*\d",
    re.IGNORECASE,
)


_LEADING_CYCLE = re.compile(r"^(?:[TQSH][1-4]\b|FY\s?\d|\d)", re.IGNORECASE)


# "Support & Qualité S2 2026": a short title ending on the cycle, whose first word is no verb of the draft.
_TITLE_WITH_CYCLE = re.compile(r"^[^:.]{0,50}\b(?:[TQSH][1-4]\s?20\d\d|FY\s?\d{2,4}|20\d\d)$", re.IGNORECASE)


_DASHED_TITLE = re.compile(
    r"^[^:.]{2,50}\s[—–-]\s(?:[TQSH][1-4](?:\s?20\d\d)?|20\d\d|FY\s?\d{2,4})(?:\s*\([^)]*\))?$", re.IGNORECASE
)


def _is_item_like(text: str, lang: Lang) -> bool:
    """An unlabelled line reads as an objective or KR: it opens with an infinitive."""
    if _is_context(text):
        return False
    verb = rules.leading_verb(text)
    if _TITLE_WITH_CYCLE.match(text) and len(text.split()) <= 6 and not rules.is_infinitive(verb, lang):
        return False
    # "Plant 2 Quality — Q3", "DevRel — 2027": a name dashed to its cycle; "Plant" or "DevRel" is no verb here.
    if _DASHED_TITLE.match(text) and not rules.is_known_verb(verb):
        return False
    # A known verb of the other language still opens an item: mixed drafts are reported, not dropped.
    return rules.is_infinitive(verb, lang) or rules.is_known_verb(verb)


def assemble(raw: str, items: list[Item], units: list[Unit], lang: Lang) -> Draft:
    """Objectives with their key results, and context, from the items; line numbers are unit numbers."""
    objectives: list[DraftObjective] = []
    opened_by: list[Item | None] = []
    context: list[DraftLine] = []
    section: Kind | None = None
    obj_style: tuple[str, int] | None = None
    kr_style: tuple[str, int] | None = None

    def new_objective(item: Item) -> None:
        nonlocal obj_style, kr_style
        # A spreadsheet repeats the objective on every row of its KRs: one objective, not one per row.
        if item.style[0] == "row" and objectives and objectives[-1].text == item.text:
            return
        objectives.append(DraftObjective(text=item.text, line=item.line))
        opened_by.append(item)
        # "🎯 Objective: …" then a table, then "✅ Refresh the script": a labelled objective's bullet is no
        # marker its siblings share; the next objective says its label too.
        obj_style, kr_style = (("labelled", item.style[1]) if item.labelled else item.style), None

    def add_kr(item: Item) -> None:
        nonlocal kr_style
        if not objectives:
            objectives.append(DraftObjective(text="", line=None))
            opened_by.append(None)
        objectives[-1].key_results.append(DraftLine(text=item.text, line=item.line))
        kr_style = kr_style or item.style

    parents = _parents(items)
    bodies = [u.body for u in units]
    for index, item in enumerate(items):
        if item.style[0] == "fixed":
            context.append(DraftLine(text=item.text, line=item.line))
            if _OTHER_SECTION.match(item.text.replace("**", "").strip()):
                section = "other_section"  # "Contexte (bilan 2026) :" still opens a list of context lines
            continue
        if item.kind in ("kr_section", "objective_section", "other_section"):
            section = item.kind
            continue
        if item.kind == "objective":
            new_objective(item)
            section = None
            continue
        if item.kind == "kr":
            home = (
                _KR_FOR_OBJECTIVE.match(bodies[item.line - 1].strip().lstrip("-*• ")) if item.text else None
            )
            if home and 1 <= int(home.group("objective")) <= len(objectives):
                objectives[int(home.group("objective")) - 1].key_results.append(
                    DraftLine(text=item.text, line=item.line)
                )
            elif item.text:
                add_kr(item)
            continue
        # Unlabelled line: its place in the structure decides.
        if not item.text:
            continue
        is_heading = item.style[0].startswith("h")
        bulleted = item.style[0] not in ("plain",) and not is_heading
        if index in parents and section != "other_section" and not _is_context(item.text):
            new_objective(item)
            continue
        if (
            bulleted
            and not objectives
            and section != "other_section"
            and not _is_context(item.text)
            and not _is_item_like(item.text, lang)
        ):
            # "- Rollout du SSO", "- Julie : publier 2 posts": the first item of a list with no objective
            # is a deliverable (or, over deeper lines, the objective), never context to lose.
            deeper = index + 1 < len(items) and items[index + 1].style[1] > item.style[1]
            (new_objective if deeper else add_kr)(item)
            continue
        if section == "other_section" or not (_is_item_like(item.text, lang) or (bulleted and objectives)):
            context.append(DraftLine(text=item.text, line=item.line))
            continue
        if section == "kr_section" and not is_heading:
            add_kr(item)
        elif (
            (
                section == "objective_section"
                and bool(objectives and objectives[-1].text)
                and not _nested_under(item, obj_style)
            )
            or not objectives
            or _starts_new_objective(item, obj_style, kr_style, bool(objectives[-1].key_results))
        ):
            new_objective(item)
        else:
            add_kr(item)
    first, last = [*opened_by, None, None][:2]
    listed_first = first is None or (
        not first.labelled and first.style[0] not in ("plain",) and not _heading(first)
    )
    if (
        len(objectives) == 2
        and not objectives[1].key_results
        and last is not None
        and last.labelled
        and listed_first
    ):
        # "▪ Mandats exclusifs : +30 %" … "▪ Objectif : devenir l'agence n°1", "- Former l'équipe …" then
        # "=> Objectif : Payer les bonnes personnes": an objective said after its list is the list's objective,
        # the list's first item one of its lines, not a second objective.
        head = [DraftLine(text=objectives[0].text, line=objectives[0].line)] if objectives[0].line else []
        objectives[1].key_results = sorted(head + objectives[0].key_results, key=lambda kr: kr.line or 0)
        objectives = objectives[1:]
    return Draft(raw=raw, objectives=objectives, context=context)


def _heading(item: Item) -> bool:
    return item.style[0].startswith("h")


def _parents(items: list[Item]) -> set[int]:
    """Unlabelled plain or heading lines directly followed by deeper lines: the objective of a nested list."""
    parents = set()
    for index, (item, following) in enumerate(pairwise(items)):
        if item.kind != "context" or following.kind not in ("context", "kr") or following.line == item.line:
            continue
        # Three words at least: "def main():" followed by an indented line is code, not an objective.
        # "Volunteers" above its bullets on a slide: a short title of words only heads its list too.
        titled = (
            bool(re.fullmatch(r"[^\W\d_][\w'’ &-]*", item.text.strip()))
            and not _SECTION_WORD.match(item.text.strip())
            and following.style[0] not in ("plain", "fixed")
        )
        plain_parent = (item.style[0] == "plain" or item.style[0].startswith("h")) and (
            len(item.text.split()) >= 3 or titled
        )
        deeper = following.style[0] != "fixed" and (
            following.style[1] > item.style[1]
            or (following.style[0] not in ("plain",) and not following.style[0].startswith("h"))
        )
        if plain_parent and deeper:
            parents.add(index)
    return parents


# "KR sécurité", "Actions", "Risques": a list's label, no objective of its own.
_SECTION_WORD = re.compile(
    r"(?:krs?|key results?|r[ée]sultats?|okrs?|objectifs?|objectives?|goals?|actions?|initiatives?|t[âa]ches|tasks?"
    r"|livrables?|deliverables?|notes?|risques?|risks?|questions?|contexte|context|indicateurs?|kpis?|mesures?"
    r"|measures?|metrics?|leviers?|levers?|chantiers?|projets?|projects?|next steps?|prochaines [ée]tapes|todo)\b",
    re.IGNORECASE,
)


def _nested_under(item: Item, obj_style: tuple[str, int] | None) -> bool:
    """An indented line under an objective of an 'Objectifs' list is one of its items, not a sibling.

    "1) Lancer l'offre" then "   - Créer la grille": the bullet belongs to objective 1.
    """
    return obj_style is not None and not item.style[0].startswith("h") and item.style[1] > obj_style[1]


def _starts_new_objective(
    item: Item, obj_style: tuple[str, int] | None, kr_style: tuple[str, int] | None, has_krs: bool
) -> bool:
    """A sibling of the current objective (same marker and indent) after its KRs opens the next one."""
    if item.style[0].startswith("h"):
        return True
    if obj_style is None or not has_krs:
        return False
    if item.style == obj_style and item.style != kr_style:
        return True
    if item.after_blank and item.style == obj_style:
        return True
    return item.style[1] < (kr_style or item.style)[1] and item.style[1] <= obj_style[1]


def find_cycle(draft: Draft, titles: list[str]) -> str | None:
    """Cycle named in a list title, an objective or the context; never a KR's own deadline. The team's own
    titles and objectives speak first: a figure of the context is dated by when it was measured ("1 420 porteurs
    reçus au S1" above "Objectif S2 2027"); and a cycle with its year before one without."""
    texts = titles + [o.text for o in draft.objectives] + [c.text for c in draft.context]
    cycles = [c for c in map(rules.find_cycle, texts) if c]
    return next((c for c in cycles if re.search(r"\d{2}", c)), cycles[0] if cycles else None)
