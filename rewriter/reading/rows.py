"""The reader's rules as data rows (`rows.yaml`): each row a pattern with its examples and counter-examples."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from rewriter.library import load_yaml

ROWS_FILE = Path(__file__).with_name("rows.yaml")
SECTIONS = (
    "decoration",
    "header",
    "parent",
    "cue",
    "offer",
    "marker",
    "aside",
    "comparative",
    "scope",
    "lead_in",
    "fact_shape",
    "trailing_time",
    "said_value",
    "rate",
    "units",
    "label",
    "section",
    "column",
    "measure_sign",
    "wish",
    "header_part",
    "plan",
    "aim",
    "told_fact",
    "measure_wish",
    "share_for",
    "remark",
    "benchmark",
    "outcome",
)
# A separator after a label: ":", "-", "–", "—", ".", ")", "=", "/", "->", "=>".
SEP = r"\s*(?:=>|->|[:：\-–—.)=/])\s*"
# A number as drafts write it: a sign, a currency, French or English grouping, a decimal part.
NUMBER = r"[<>≤≥~≈]?\s*[$€£]?\d[\d\u00a0\u202f ]*(?:[.,]\d+)?"


class Example(BaseModel):
    """A text the row must match, with the groups it must read from it (empty: matching is enough)."""

    text: str = Field(description="The example as a draft would hold it.")
    groups: dict[str, str] = Field(default_factory=dict, description="Expected values of named groups.")


class Row(BaseModel):
    """One rule of the reader."""

    section: str = Field(description="Which decision the row takes part in (see rows.yaml).")
    id: str = Field(description="Stable name of the rule, recorded on the lines it decides.")
    pattern: str = Field(description="Python regex, matched case-insensitively.")
    role: str | None = Field(default=None, description="The role a cue row announces, when it has one.")
    examples: list[Example] = Field(description="Texts the row must match.")
    counter: list[str] = Field(default_factory=list, description="Texts the row must not match.")
    no_verb: bool = Field(
        default=False, description="The row applies only to a line that does not open with a known verb."
    )
    prose_only: bool = Field(
        default=False,
        description="A fact shape that reads the value of a line already known to be a fact, and is no sign "
        "that a line states one.",
    )
    wording: dict[str, str] = Field(
        default_factory=dict,
        description="For an outcome row: the objective in the method's form, per language; {rest} is the "
        "author's words the row read.",
    )

    @property
    def regex(self) -> re.Pattern[str]:
        # Rows are read hundreds of thousands of times a corpus: the pattern is expanded once per row.
        return _expanded(self.pattern)

    def search(self, text: str) -> re.Match[str] | None:
        if self.no_verb and opens_with_verb(text):
            return None
        if "low" not in self.regex.groupindex:
            return self.regex.search(text)
        return next(self.finditer(text), None)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The row's matches; a range (groups `low` and `high`) only where it goes up: "lignes 1 à 4", not "ligne 3
        à 2 par semaine", where 3 names the line and 2 is the aim."""
        for match in self.regex.finditer(text):
            groups = match.groupdict()
            if groups.get("low") and groups.get("high") and int(groups["low"]) >= int(groups["high"]):
                continue
            yield match


@cache
def _expanded(raw: str) -> re.Pattern[str]:
    """A row's pattern with its placeholders ({sep}, {value}, {rated}, …) filled in, compiled."""
    pattern = raw.replace("{sep}", SEP)
    if "{value}" in pattern:
        pattern = pattern.replace("{value}", value_pattern())
    if "{rated}" in pattern:
        pattern = pattern.replace("{rated}", f"{value_pattern()}(?:{rate_pattern()})?")
    if "{rated_bare}" in pattern:
        # A value that opens its fact ("14 chutes par mois"): what it counts is the metric, not the value's.
        pattern = pattern.replace("{rated_bare}", f"{value_pattern()}(?:{rate_pattern(counted=False)})?")
    if "{said}" in pattern:
        pattern = pattern.replace("{said}", row("share_in_words").pattern)
    if "{per}" in pattern:
        pattern = pattern.replace("{per}", row("per_words").pattern)
    return _compiled(pattern)


def opens_with_verb(text: str) -> bool:
    """The text opens with a verb; a name in title case ("Clearwater County Water Authority") does not."""
    from rewriter import rules

    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(words) >= 2 and all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words):
        return False
    if re.match(r"^\s*[^\W\d_]+\s+(?:20\d\d|[TQSH][1-4]\b|FY\s?\d)", text):
        return False  # "Plan 2027 – Abattoir de Vitré", "Roadmap Q3": a word dated at once names the plan
    return rules.is_known_verb(rules.leading_verb(text))


_NAME_JOINERS = {"de", "du", "des", "la", "le", "les", "et", "of", "the", "and", "for", "à", "d", "l"}


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _example(value: Any) -> Example:
    if isinstance(value, str):
        return Example(text=value)
    text = value.pop("text")
    return Example(text=text, groups={k: str(v) for k, v in value.items()})


@cache
def all_rows() -> tuple[Row, ...]:
    data = load_yaml(ROWS_FILE.read_text(encoding="utf-8"))
    rows = []
    for section in SECTIONS:
        for raw in data.get(section) or []:
            raw = dict(raw)
            examples = [_example(dict(e) if isinstance(e, dict) else e) for e in raw.pop("examples")]
            rows.append(Row(section=section, examples=examples, **raw))
    return tuple(rows)


@cache
def value_pattern() -> str:
    """A number with the unit it may carry ('38 min', '4,2 %', '7 min 40', '€1.8m', '6h40')."""
    units = "|".join(f"(?:{row.pattern})" for row in section("units"))
    # "la 10e minute", "the 3rd visit": an ordinal is a place, never a value.
    # "Day-30 retention": a count glued by a hyphen to a word names a window, it is no value.
    return rf"(?<!\d)(?<![^\W\d_]-){NUMBER}(?!\d|(?:e|ème|er|ère|nd|st|rd|th)\b)(?:\s?(?:{units}))?(?:\s?\d{{1,2}}(?!\d))?"


@cache
def rate_pattern(counted: bool = True) -> str:
    """What a fact's value is counted per ("/ nuit", "per head"), after its number and unit; `counted=False`
    leaves out the counted noun a rate may follow ("colis / nuit")."""
    pattern = row("per_what").pattern.replace("{per}", row("per_words").pattern)
    return pattern if counted else pattern[pattern.index(")?") + 2 :]


@cache
def section(name: str) -> tuple[Row, ...]:
    return tuple(row for row in all_rows() if row.section == name)


def row(row_id: str) -> Row:
    return _rows_by_id()[row_id]


@cache
def _rows_by_id() -> dict[str, Row]:
    return {r.id: r for r in all_rows()}


def scope_spans(text: str, row_ids: tuple[str, ...] | None = None) -> list[tuple[int, int]]:
    """Where the scope rows (all of them, or those named) find who or what is counted in the text."""
    chosen = [r for r in section("scope") if row_ids is None or r.id in row_ids]
    return [m.span() for r in chosen for m in r.finditer(text)]


def without_scopes(text: str) -> str:
    """The text with its scope phrases blanked: the numbers left can be values."""
    for r in section("scope"):
        for match in reversed(list(r.finditer(text))):
            text = f"{text[: match.start()]} {text[match.end() :]}"
    return text


def first_match(name: str, text: str) -> tuple[Row, re.Match[str]] | None:
    """The first row of a section that matches the text, with its match."""
    for row in section(name):
        match = row.search(text)
        if match:
            return row, match
    return None


def band_stood_in(text: str) -> tuple[str, re.Match[str]] | None:
    """The text with its band of today's level ("entre 40 et 50 min", rows `value_band` and `told_band`) replaced by the band's low
    end and unit, which the readers read as one value, and the band's match; None when the text holds no band."""
    band = row("value_band").search(text)
    told = None if band else row("told_band").search(text)
    band = band or told
    if band is None:
        return None
    stand_in = f"{band.group('low')}{band.group('unit') or ''}"
    # "(currently 3 to 4 weeks)": the cue of today stays, it is what makes the low end a start.
    start = band.start("low") if told else band.start()
    return text[:start] + stand_in + text[band.end() :], band
