"""Fourth step of reading: the slots of a key result, each number in its role.

The values come from `kr_reading.read_key_result`; numbers inside a scope row ("≥ 2 logins", "les plus de
60 ans", "sous 48 h pour 90 %") are scope, so a baseline or target read from them is dropped, never shown.
"""

from __future__ import annotations

from rewriter import rules
from rewriter.kr_reading import read_key_result
from rewriter.reading import rows
from rewriter.reading.contract import Slots


def scopes(text: str) -> list[str]:
    """The scope phrases of a line, as written."""
    found = []
    for row in rows.section("scope"):
        found += [m.group(0).strip() for m in row.regex.finditer(text)]
    return found


def read_measure(text: str) -> Slots:
    read = read_key_result(text)
    bounds = scopes(text)
    bound_numbers = {n for b in bounds for n in rules.numbers_in(b)}

    def kept(value: str | None) -> str | None:
        if value and set(rules.numbers_in(value)) & bound_numbers and text.count(value) < 2:
            return None
        return value

    direction = None
    if read.baseline and read.target:
        try:
            low = float(rules.numbers_in(read.baseline)[0].replace(",", "."))
            high = float(rules.numbers_in(read.target)[0].replace(",", "."))
            direction = "up" if high > low else "down" if high < low else None
        except (IndexError, ValueError):
            direction = None
    return Slots(
        metric=read.metric or None,
        baseline=kept(read.baseline),
        target=kept(read.target),
        unit=read.unit,
        scope=bounds,
        deadline=read.deadline,
        direction=direction,
    )
