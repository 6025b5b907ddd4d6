"""Number fidelity: the rewrite may only use numbers the user gave, and should keep all of them."""

from __future__ import annotations

from collections.abc import Iterable

from rewriter import rules
from rewriter.render import VALUE_PLACEHOLDER
from rewriter.result import RewriteResult


def _scrub(text: str, allowed: set[str], invented: list[str]) -> str:
    """Replace every number of `text` that is not in `allowed` by the value placeholder."""

    def swap(match: rules.re.Match[str]) -> str:
        value = rules.normalize_number(match.group())
        # "CO2", "p95", "H2": a digit glued to a letter is part of a name, not a value anyone stated.
        glued = match.start() > 0 and text[match.start() - 1].isalpha()
        if value in allowed or glued:
            return match.group()
        invented.append(match.group())
        return VALUE_PLACEHOLDER

    return rules.NUMBER_RE.sub(swap, text)


def _invented(value: str | None, allowed: set[str]) -> bool:
    return value is not None and any(n not in allowed for n in rules.numbers_in(value))


def enforce(result: RewriteResult, draft_numbers: Iterable[str]) -> RewriteResult:
    """Replace invented numbers by placeholders (each becomes a question) and report dropped ones.

    Slot values (baseline, target, deadline) with an invented number are emptied, so the renderer shows
    the slot's placeholder; invented numbers inside free text become `[N]`.
    """
    allowed = set(draft_numbers)
    invented: list[str] = []
    for obj in result.objectives:
        obj.qualifier = _scrub(obj.qualifier, allowed, invented)
        obj.target = _scrub(obj.target, allowed, invented)
        for kr in obj.key_results:
            kr.metric = _scrub(kr.metric, allowed, invented)
            # The unit is a slot too: "% sur 90 jours" must not smuggle in a 90 the draft never gave.
            for slot in ("baseline", "target", "deadline", "unit"):
                value = getattr(kr, slot)
                if _invented(value, allowed):
                    invented.append(value)
                    setattr(kr, slot, None)
        for ini in obj.initiatives:
            ini.text = _scrub(ini.text, allowed, invented)
    result.numbers_replaced = invented
    result.numbers_dropped = dropped(result, allowed)
    return result


def kept_numbers(result: RewriteResult) -> set[str]:
    """Numbers present in the result's slots and initiatives (the rationale does not count)."""
    texts: list[str] = []
    for obj in result.objectives:
        texts += [obj.qualifier, obj.target, obj.draft_text or ""]
        for kr in obj.key_results:
            texts += [kr.metric, kr.baseline or "", kr.target or "", kr.deadline or "", kr.unit or ""]
            texts.append(kr.draft_text or "")
        texts += [ini.text for ini in obj.initiatives]
    texts += result.parents + result.context
    return {n for text in texts for n in rules.numbers_in(text)}


def dropped(result: RewriteResult, draft_numbers: Iterable[str]) -> list[str]:
    kept = kept_numbers(result)
    return sorted({n for n in draft_numbers if n not in kept}, key=lambda n: (len(n), n))
