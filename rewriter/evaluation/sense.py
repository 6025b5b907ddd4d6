"""Sense criteria: what a product manager sees in a rewrite and a text count does not.

Each criterion reads the draft (parsed, its KRs read by `kr_reading`) and the answer reduced to a `Shape`
(objective sentences, KR sentences, initiatives), and returns a verdict with the evidence. The rules they
apply (wording, direction, duplicates) live in the analyzer; this module only compares draft and answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rewriter import rules
from rewriter.analysis.soundness import sound_lines
from rewriter.analysis.wording import foreign_script, objective_form_problem, verb_language_problem
from rewriter.draft import Draft, Lang
from rewriter.kr_reading import NumberMention, ReadKeyResult, read_key_result
from rewriter.result import RewriteResult

# A sound KR is still there when this share of its metric's words is in one KR of the answer.
KEPT_METRIC_SHARE = 0.5
# A sound objective is still there when its verb opens one objective and this share of its words follows.
KEPT_OBJECTIVE_SHARE = 0.6


@dataclass(frozen=True)
class ShapeKR:
    sentence: str
    verb: str
    metric: str


@dataclass(frozen=True)
class ShapeObjective:
    sentence: str
    krs: list[ShapeKR] = field(default_factory=list)
    initiatives: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    detail: str
    value: float | None = None


def shape_of_result(result: RewriteResult) -> list[ShapeObjective]:
    return [
        ShapeObjective(
            sentence=o.sentence,
            krs=[ShapeKR(k.sentence, k.verb, k.metric) for k in o.key_results],
            initiatives=[i.text for i in o.initiatives],
        )
        for o in result.objectives
    ]


def shape_of_draft(draft: Draft) -> list[ShapeObjective]:
    """A free-text answer read like a pasted draft: context lines count as initiatives of the last objective."""
    shapes = []
    for o in draft.objectives:
        krs = []
        for k in o.key_results:
            read = read_key_result(k.text)
            krs.append(ShapeKR(k.text, read.verb, read.metric))
        shapes.append(ShapeObjective(o.text, krs, []))
    if shapes and draft.context:
        last = shapes[-1]
        shapes[-1] = ShapeObjective(last.sentence, last.krs, [c.text for c in draft.context])
    return shapes


def _stems(text: str) -> set[str]:
    return {rules.stem(w) for w in rules.content_words(f"x {text}")}


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def _numbers_kept(draft: ReadKeyResult, answer: ReadKeyResult, sentence: str) -> bool:
    """Every measured number of the draft's KR is in the answer's KR, in the same role and unit."""
    return all(
        any(
            got.value == want.value and _same_role(want.role, got.role) and _same_unit(want, got, sentence)
            for got in answer.numbers
        )
        for want in draft.numbers
        if want.role != "other"
    )


# ------------------------------------------------------------------------------------------------ criteria


def sound_kept(draft: Draft, shape: list[ShapeObjective]) -> Verdict:
    sound = sound_lines(draft)
    if not sound.objectives and not sound.krs:
        return Verdict(True, "no sound line in the draft")
    lost: list[str] = []
    answer_krs = [(k, read_key_result(k.sentence)) for o in shape for k in o.krs]
    for oi, ki, read in sound.krs:
        text = draft.objectives[oi].key_results[ki].text
        metric = _stems(read.metric)
        if not any(
            _numbers_kept(read, got, k.sentence)
            and _share(metric, _stems(k.metric) | _stems(got.metric)) >= KEPT_METRIC_SHARE
            for k, got in answer_krs
        ):
            demoted = any(rules.fold(text)[:40] in rules.fold(i) for o in shape for i in o.initiatives)
            lost.append(
                f"KR “{text}”" + (" demoted to an initiative" if demoted else " lost or its numbers moved")
            )
    for text in dict.fromkeys(draft.objectives[oi].text for oi in sound.objectives):
        verb = rules.fold(rules.leading_verb(text))
        words = _stems(text)
        if not any(
            rules.fold(rules.leading_verb(o.sentence)) == verb
            and _share(words, _stems(o.sentence)) >= KEPT_OBJECTIVE_SHARE
            for o in shape
        ):
            lost.append(f"objective “{text}” reworded or dropped")
    total = len({draft.objectives[oi].text for oi in sound.objectives}) + len(sound.krs)
    value = 1 - len(lost) / total
    return Verdict(not lost, "; ".join(lost[:4]) or f"{total} sound line(s) kept", value)


def numbers_in_role(draft: Draft, shape: list[ShapeObjective]) -> Verdict:
    """No number of the draft used in another role or unit: a baseline stays a baseline, +10 % stays relative."""
    draft_mentions: dict[str, list[NumberMention]] = {}
    for source in draft.objectives:
        for line in source.key_results:
            for n in read_key_result(line.text).numbers:
                draft_mentions.setdefault(n.value, []).append(n)
    context_kinds: dict[str, set[str]] = {}
    for text in [c.text for c in draft.context] + [o.text for o in draft.objectives]:
        for n in read_key_result(text).numbers:
            context_kinds.setdefault(n.value, set()).add(n.kind)
    wrong: list[str] = []
    for answer in shape:
        for k in answer.krs:
            for n in read_key_result(k.sentence).numbers:
                if n.role == "other":
                    continue
                fromkr = draft_mentions.get(n.value, [])
                if fromkr and fromkr[0].role != "other":
                    same = any(_same_role(m.role, n.role) and _same_unit(m, n, k.sentence) for m in fromkr)
                    if not same:
                        was = fromkr[0]
                        wrong.append(
                            f"{n.value}: {was.role} {was.kind} in the draft, {n.role} {n.kind} in “{k.sentence}”"
                        )
                elif n.value in context_kinds and n.kind not in context_kinds[n.value] | {"count", "score"}:
                    wrong.append(
                        f"{n.value}: {'/'.join(sorted(context_kinds[n.value]))} in the draft, {n.kind} in “{k.sentence}”"
                    )
    return Verdict(not wrong, "; ".join(wrong[:3]) or "every number in its role")


def _same_role(draft: str, answer: str) -> bool:
    return draft == answer or (draft == "stated" and answer in ("baseline", "target"))


# Time units by the span they count, FR and EN spellings together: "3 jours" → "3 semaines" moves the number.
_TIME_SPANS = {
    "ms": "ms", "s": "s", "sec": "s", "seconde": "s", "second": "s", "min": "min", "mn": "min",
    "minute": "min", "h": "h", "hr": "h", "heure": "h", "hour": "h", "j": "d", "jour": "d", "day": "d",
    "semaine": "w", "week": "w", "mois": "mo", "month": "mo", "an": "y", "annee": "y", "year": "y",
}  # fmt: skip


def _time_span(unit: str | None) -> str | None:
    words = rules.fold(unit or "").split()
    word = words[0] if words else ""
    return _TIME_SPANS.get(word) or (_TIME_SPANS.get(word[:-1]) if word.endswith("s") else None)


def _same_unit(draft: NumberMention, answer: NumberMention, sentence: str) -> bool:
    """Same kind of unit; a unit moved into the metric's words ("notée sur 10") still counts as kept."""
    if draft.kind == answer.kind == "time":
        spans = (_time_span(draft.unit), _time_span(answer.unit))
        return None in spans or spans[0] == spans[1]
    if draft.kind == answer.kind or (draft.kind == "count" and not draft.unit):
        return True
    return (
        answer.kind == "count" and bool(draft.unit) and rules.fold(draft.unit or "") in rules.fold(sentence)
    )


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", rules.fold(text))


def no_foreign_initiative(draft: Draft, shape: list[ShapeObjective]) -> Verdict:
    source = " " + " ".join(_tokens(draft.raw)) + " "
    foreign = [i for o in shape for i in o.initiatives if f" {' '.join(_tokens(i))} " not in source]
    return Verdict(
        not foreign, "not in the draft: " + "; ".join(foreign[:3]) if foreign else "all from the draft"
    )


def deliverables_of(draft: Draft) -> list[str]:
    """Task KRs of every objective: what a rewrite must carry as initiatives (spreadsheet columns left out)."""
    from rewriter.parsing import strip_row_values

    return [
        strip_row_values(k.text)
        for o in draft.objectives
        for k in o.key_results
        if rules.kr_verb_kind(k.text) == "output"
    ]


def all_objectives_handled(
    draft: Draft, shape: list[ShapeObjective], kept: Callable[[str, list[str]], bool]
) -> Verdict:
    wanted = min(len([o for o in draft.objectives if o.text or o.key_results]), 3)
    missing = [d for d in deliverables_of(draft) if not kept(d, [i for o in shape for i in o.initiatives])]
    problems = []
    if len(shape) < wanted:
        problems.append(f"{len(shape)} objective(s) for {wanted} in the draft")
    if missing:
        problems.append("deliverables dropped: " + "; ".join(missing[:3]))
    return Verdict(not problems, "; ".join(problems) or f"{len(shape)} objective(s), deliverables carried")


def objective_form(shape: list[ShapeObjective], lang: Lang) -> Verdict:
    bad = [f"“{o.sentence}”: {p}" for o in shape if (p := objective_form_problem(o.sentence, lang))]
    return Verdict(not bad, "; ".join(bad[:3]) or "every objective well formed")


def language_strict(shape: list[ShapeObjective], lang: Lang) -> list[str]:
    """Problems of script and verb language in objectives and KRs (the stop-word check is the scorer's)."""
    problems = []
    for o in shape:
        texts = [o.sentence] + [k.sentence for k in o.krs]
        letters = sorted({ch for t in texts for ch in foreign_script(t)})
        if letters:
            problems.append("letters outside the Latin script: " + "".join(letters))
        for k in o.krs:
            verb_problem = verb_language_problem(k.verb or k.sentence, lang)
            if verb_problem:
                problems.append(verb_problem)
    return problems


def metric_matches(metric: str, accepted: list[list[str]]) -> bool:
    words = _tokens(metric)
    sets: list[list[str]] = [[t for k in group for t in _tokens(k)] for group in accepted]
    return any(
        keywords and all(any(w.startswith(rules.fold(kw)) for w in words) for kw in keywords)
        for keywords in sets
    )


def metric_relevant(shape: list[ShapeObjective], accepted: list[list[str]]) -> Verdict:
    """Each objective that shows KRs shows one on an accepted metric. An objective that shows none (it offers
    metrics to choose and asks for one) shows no wrong metric; `every_kr_relevant` is the stricter indicator."""
    off = [
        o.sentence
        for o in shape
        if o.krs and not any(metric_matches(f"{k.metric} {k.sentence}", accepted) for k in o.krs)
    ]
    value = 1 - len(off) / len(shape) if shape else 0.0
    return Verdict(not off, "no accepted metric under: " + "; ".join(off[:2]) if off else "relevant", value)


def every_kr_relevant(shape: list[ShapeObjective], accepted: list[list[str]]) -> Verdict:
    """The share of KRs whose metric is an accepted one: a right KR beside a wrong one counts the wrong one."""
    krs = [k for o in shape for k in o.krs]
    off = [k.sentence for k in krs if not metric_matches(f"{k.metric} {k.sentence}", accepted)]
    value = 1 - len(off) / len(krs) if krs else 1.0
    return Verdict(not off, "no accepted metric in: " + "; ".join(off[:2]) if off else "relevant", value)
