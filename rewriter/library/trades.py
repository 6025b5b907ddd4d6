"""The trades a draft works in, read from its words: which domains of the metric library it may draw from.

The rows live in `words/trades.yaml` (a domain, a pattern on folded text, examples and counter-examples).
`trades_of` reads every line of a draft (header, parent, objectives, key results, tasks, facts): a team's
trade shows in its header ("Pôle Population — Mairie de …") as much as in its objective. The ground step
ranks only metrics of those domains, so a metric of another trade is never shown as a key result.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from rewriter.library.schema import Domain

TRADES_FILE = Path(__file__).parent / "words" / "trades.yaml"


class _PatternRow(BaseModel):
    """A row of `words/trades.yaml`: a pattern on folded text, with the texts it must and must not find."""

    pattern: str = Field(description="Python regex matched on folded text (lowercase, no accents).")
    examples: list[str] = Field(min_length=1, description="Texts in which the row must apply.")
    counter: list[str] = Field(default_factory=list, description="Texts in which it must not.")

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


class TradeRow(_PatternRow):
    """One cue of a domain."""

    domain: Domain = Field(description="The metric library's domain the cue names.")


class NotThisTrade(_PatternRow):
    """Words of a trade the library has no metrics for, that would otherwise read as a near trade's cues."""

    id: str = Field(description="Stable name of the row.")
    removes: list[Domain] = Field(min_length=1, description="Domains that are not the draft's trade then.")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _rows(section: str) -> list[dict[str, object]]:
    data = yaml.safe_load(TRADES_FILE.read_text(encoding="utf-8")) or {}
    return list(data.get(section, []))


@cache
def not_this_trade_rows() -> tuple[NotThisTrade, ...]:
    """Every row of `not_this_trade` in `words/trades.yaml`, validated."""
    return tuple(NotThisTrade.model_validate(row) for row in _rows("not_this_trade"))


@cache
def trade_rows() -> tuple[TradeRow, ...]:
    """Every cue row of `words/trades.yaml`, validated."""
    return tuple(TradeRow.model_validate(row) for row in _rows("trades"))


def fold(text: str) -> str:
    """Lowercase, accents removed, curly apostrophes straight: the form trade patterns are written for."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=4096)
def trades_of(text: str) -> dict[str, list[str]]:
    """The domains the text's words name, each with the words that named it, in the order rows are listed."""
    folded = fold(text)
    found: dict[str, list[str]] = {}
    for row in trade_rows():
        hits = [m.group(0) for m in row.regex.finditer(folded)]
        if hits:
            words = found.setdefault(row.domain, [])
            words.extend(h for h in dict.fromkeys(hits) if h not in words)
    for block in not_this_trade_rows():
        if block.regex.search(folded):
            # "vet clinics": the clinic is a vet's, and a hospital's metrics would read as another trade's.
            for domain in block.removes:
                found.pop(domain, None)
    return found


@cache
def function_domains() -> frozenset[str]:
    """Domains every organisation has (`functions` in `words/trades.yaml`): a team's means, not its trade."""
    data = yaml.safe_load(TRADES_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(data.get("functions", []))


@cache
def weak_cues() -> dict[str, frozenset[str]]:
    """Words that name a domain only weakly (`weak_cues` in `words/trades.yaml`): "usagers" of a bus network or
    "résidents" of a care home say people are served, not that the team is a town hall's."""
    data = yaml.safe_load(TRADES_FILE.read_text(encoding="utf-8")) or {}
    return {domain: frozenset(words) for domain, words in (data.get("weak_cues") or {}).items()}


def team_trades(text: str, identity: str) -> dict[str, list[str]]:
    """The domains of a draft (`text`), a function domain kept only when the team's identity lines (header,
    parent, objectives) name it or when the draft names no other trade: "Former les conducteurs de ligne" in
    a dairy's draft is the plant's means, and a training metric is no measure of its outcome."""
    found = trades_of(text)
    functions = function_domains()
    named = trades_of(identity) if identity.strip() else {}
    if any(domain not in functions for domain in found):
        found = {d: words for d, words in found.items() if d not in functions or d in named}
    weak = weak_cues()
    strong = [
        d for d, words in found.items() if d not in functions and not set(words) <= weak.get(d, frozenset())
    ]
    if strong:
        # A domain named only by its weak words is dropped when another trade is named by its own.
        found = {d: words for d, words in found.items() if d in strong or d in functions}
    return found
