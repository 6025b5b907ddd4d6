"""First step of reading: the pasted text cut into units — lines, table rows, sentences of prose.

Each unit keeps its exact place in the draft, and a `body`: the text the later steps read, with emoji bullets
turned into plain bullets and table cells joined by tabs (the structure step reads tab rows as a spreadsheet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rewriter import rules
from rewriter.reading import rows

UnitKind = Literal["line", "table_head", "table_row", "table_rule", "sentence"]

# Emoji and the symbols teams use as bullets (✅ 🎯 📈 ➡️ 1️⃣ ★); joiners and variation selectors go with them.
EMOJI = re.compile(
    "(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u23e9-\u23fa\u25a0-\u25ff]"
    "|\\d\ufe0f?\u20e3)[\ufe0f\u200d\U0001f3fb-\U0001f3ff]*"
)
_LEADING_EMOJI = re.compile(rf"^(?P<indent>\s*)(?:[-*•]\s*)?(?:{EMOJI.pattern}\s*)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
# A sentence ends on . ! ? followed by a space and a capital, a digit or an opening mark.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"“(])")
# Abbreviations whose period ends no sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:M|Mme|Dr|p|env|etc|cf|ex|vs|n°|no|art|St|approx|min|max|resp|nb|i\.e|e\.g|janv|févr|fév|avr|juil|sept|oct|nov|déc"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|dec)\.)$",
    re.I,
)
PROSE_MIN_CHARS = 160


@dataclass(frozen=True)
class Unit:
    """One unit of the draft and where it stands."""

    text: str
    start: int
    line: int
    kind: UnitKind
    body: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _table_cells(raw: str) -> list[str]:
    inner = raw.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _is_table_line(raw: str) -> bool:
    stripped = raw.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


# "Objectif 🎯 Finir nos chantiers", "KR2 📈 Taux de …": an emoji right after a label stands for its colon.
_LABEL_THEN_EMOJI = re.compile(
    rf"^(?P<label>\s*(?:[-*•]\s*)?(?:objectifs?|objectives?|goal|okr\s?#?\d{{0,2}}|kr\s?#?\d{{0,2}}|o\d{{1,2}})\s*)"
    rf"(?:{EMOJI.pattern}\s*)+(?=[^\W\d_])",
    re.IGNORECASE,
)


def plain_body(raw: str) -> str:
    """The line with a leading emoji turned into a bullet and other emoji removed, indentation kept."""
    raw = _LABEL_THEN_EMOJI.sub(lambda m: f"{m.group('label').rstrip()} : ", raw)
    lead = _LEADING_EMOJI.match(raw)
    if lead and lead.end() < len(raw.rstrip()):
        raw = f"{lead.group('indent')}- {raw[lead.end() :]}"
    return EMOJI.sub("", raw).rstrip()


def _sentences(raw: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a line of prose; the line itself when it holds one sentence."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(raw):
        before = raw[start : match.start()]
        if _ABBREVIATION.search(before):
            continue
        pieces.append((start, before))
        start = match.end()
    pieces.append((start, raw[start:]))
    split: list[tuple[int, str]] = []
    for offset, text in _clause_pieces(pieces):
        means = _MEANS.search(text)
        if means and rules.measure_numbers(text[: means.start()]) and len(text[: means.start()].split()) >= 5:
            # "We will get that to 98% by the end of 2027 by moving two vans to the eastern depot": the aim, then
            # the means the team will use, read as two units.
            split += [
                (offset, text[: means.start()]),
                (offset + means.start() + 1, text[means.start() + 1 :]),
            ]
        else:
            split.append((offset, text))
    return [(offset, text) for offset, text in split if text.strip()]


def _clause_pieces(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A sentence that says an aim and a figure in two clauses is read as two units: "Second, we need to keep our
    volunteers: 9 of our 41 members left in 2026" (the aim, then today's figure), "Last winter our median time was
    74 minutes; we'd like to bring that under 60" (today's figure, then the aim)."""
    from rewriter.reading import rows

    out: list[tuple[int, str]] = []
    for offset, text in pieces:
        colon = re.search(r"\s*[:;]\s+", text)
        if colon:
            left, right = text[: colon.start()], text[colon.end() :]
            wished_left = rows.first_match("wish", left) and not rules.measure_numbers(left)
            figure_right = rules.measure_numbers(right) or rows.row("share_in_words").search(right)
            figure_left = rules.measure_numbers(left) and re.search(
                r"\b(?:was|were|is|are|était|étaient|est|sont)\b", left
            )
            # (only an aim said of "that", "it", "ça": the pronoun reads back to the figure before it)
            wished_right = _AIM_AFTER.match(right) and re.search(
                r"\b(?:that|it|this|ça|cela)\b", right, re.IGNORECASE
            )
            if (wished_left and figure_right) or (figure_left and wished_right):
                out += [(offset, left), (offset + colon.end(), right)]
                continue
        out.append((offset, text))
    return out


# "we'd like to bring that under 60", "on voudrait descendre à 45": an aim said after today's figure.
_AIM_AFTER = re.compile(
    r"(?:and\s+|et\s+)?(?:we['’]d (?:also )?like to|we want to|we aim to|we hope to|we need to|the aim is to"
    r"|on voudrait|on veut|on aimerait|on vise|nous voulons|nous visons|l['’]objectif est de)\b",
    re.IGNORECASE,
)


# "… by moving two vans", "… en déplaçant deux équipes": the means that follow an aim in a sentence of prose.
_MEANS = re.compile(r"\s(?:by (?!the\b)[a-z]+ing|en (?!attendant\b)[a-zéèêàç]+ant)\b", re.IGNORECASE)


def _is_prose(line: str) -> bool:
    """A long line, or an unbulleted line of two or more full sentences ("On voudrait passer à 800 inscrits d'ici
    juin. Et que 70 % d'entre eux reviennent."): its sentences are read one by one."""
    if len(line) >= PROSE_MIN_CHARS:
        return True
    if _BULLET_OR_LABEL.match(line) or rows.first_match("label", line) or not _FULL_STOP.search(line):
        return False
    pieces = _sentences(line)
    return len(pieces) >= 2 and all(len(text.split()) >= PROSE_MIN_WORDS for _, text in pieces)


_BULLET_OR_LABEL = re.compile(r"^\s*(?:[-*•·+>]|\d+[.)]|(?:[^\W\d_][\w'’-]*\s?){1,3}\d*\s?[:：])")
PROSE_MIN_WORDS = 5
# "MTTR < 1h ? (actuellement ~3h20)": a question mark ends no sentence of prose inside a short line.
_FULL_STOP = re.compile(r"\.\s+[A-ZÀ-ÝÉ]")


def split_units(text: str) -> list[Unit]:
    """The draft's units in order; blank lines give none."""
    units: list[Unit] = []
    offset = 0
    lines = text.split("\n")
    in_table = False
    for number, raw in enumerate(lines, 1):
        line_start = offset
        offset += len(raw) + 1
        content = raw.rstrip("\r")
        if not content.strip():
            in_table = False
            continue
        lead = len(content) - len(content.lstrip())
        stripped = content.strip()
        at = line_start + lead
        if _is_table_line(content):
            following = lines[number] if number < len(lines) else ""
            if _TABLE_RULE.match(content):
                units.append(Unit(stripped, at, number, "table_rule", ""))
            elif not in_table and _TABLE_RULE.match(following):
                units.append(Unit(stripped, at, number, "table_head", "\t".join(_table_cells(content))))
            else:
                cells = [plain_body(c).strip() for c in _table_cells(content)]
                units.append(Unit(stripped, at, number, "table_row", "\t".join(cells)))
            in_table = True
            continue
        in_table = False
        pieces = _sentences(stripped) if _is_prose(stripped) else [(0, stripped)]
        if len(pieces) == 1:
            units.append(Unit(stripped, at, number, "line", plain_body(content)))
            continue
        for piece_offset, piece in pieces:
            piece = piece.rstrip()
            units.append(Unit(piece, at + piece_offset, number, "sentence", plain_body(piece).strip()))
    return units
