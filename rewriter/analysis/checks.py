"""The checks: one function per part of the draft, each returning the defects it sees, in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

from rewriter import rules
from rewriter.analysis import direction
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.language import confident_language

MAX_OBJECTIVES = 3
MIN_KRS = 2
MAX_KRS = 4
# Share of measured words two KRs must have in common to count as one measure: REDUNDANT_SAME_VALUES
# when they also state the same numbers, REDUNDANT_WORDS alone otherwise.
REDUNDANT_SAME_VALUES = 0.6
REDUNDANT_WORDS = 0.8


@dataclass
class RawFinding:
    """A defect before its text is filled in: code, position, and the values its message quotes."""

    code: str
    objective: int | None = None
    kr: int | None = None
    text_line: DraftLine | None = None
    values: dict[str, str] = field(default_factory=dict)


def check_draft(draft: Draft) -> list[RawFinding]:
    if not any(o.text or o.key_results for o in draft.objectives):
        return [RawFinding("draft.unparseable")]
    out: list[RawFinding] = []
    for oi, obj in enumerate(draft.objectives):
        obj_line = DraftLine(text=obj.text, line=obj.line) if obj.line else None
        out += check_objective(oi, obj, obj_line, _lang(obj.text, draft.lang))
        out += check_kr_count(oi, obj, obj_line)
        for ki, kr in enumerate(obj.key_results):
            out += check_key_result(oi, ki, kr, _lang(kr.text, draft.lang), draft.cycle)
        out += check_redundancy(oi, obj, draft.lang)
        out += check_unrelated(oi, obj)
    if len(draft.objectives) > MAX_OBJECTIVES:
        extra = draft.objectives[MAX_OBJECTIVES]
        where = DraftLine(text=extra.text, line=extra.line) if extra.line else None
        out.append(
            RawFinding(
                "draft.too_many_objectives", text_line=where, values={"count": str(len(draft.objectives))}
            )
        )
    out += check_languages(draft)
    return out


def _lang(text: str, default: Lang) -> Lang:
    """A line's own language when it is clear: an English KR in a French draft is read as English."""
    return confident_language(text) or default


def check_objective(oi: int, obj: DraftObjective, where: DraftLine | None, lang: Lang) -> list[RawFinding]:
    text = obj.text.strip()
    if not text:
        return [RawFinding("obj.missing", objective=oi)]
    verb = rules.leading_verb(text)
    if rules.is_metric_objective(text, lang):
        return [RawFinding("obj.is_metric", oi, None, where)]
    if not rules.is_infinitive(verb, lang):
        return [RawFinding("obj.not_infinitive", oi, None, where, {"verb": verb})]
    if rules.objective_task_kind(text):
        return [RawFinding("obj.is_task", oi, None, where, {"verb": verb})]
    if rules.is_vague_objective(text):
        return [RawFinding("obj.too_vague", oi, None, where)]
    return []


def check_kr_count(oi: int, obj: DraftObjective, where: DraftLine | None) -> list[RawFinding]:
    count = len(obj.key_results)
    if count < MIN_KRS:
        return [RawFinding("okr.too_few_krs", oi, None, where, {"count": str(count)})]
    if count > MAX_KRS:
        return [RawFinding("okr.too_many_krs", oi, None, where, {"count": str(count)})]
    return []


def check_key_result(oi: int, ki: int, kr: DraftLine, lang: Lang, cycle: str | None) -> list[RawFinding]:
    text = kr.text
    out: list[RawFinding] = []

    def add(code: str, **values: str) -> None:
        out.append(RawFinding(code, oi, ki, kr, values))

    kind = rules.kr_verb_kind(text)
    verb = rules.first_word(text)
    if kind == "state":
        add("kr.state_verb", verb=verb)
    elif kind == "output":
        add("kr.output_verb", verb=verb)
    elif not rules.is_infinitive(rules.leading_verb(text), lang):
        add("kr.no_verb")
    run = rules.is_run_kpi(text)
    if run:
        add("kr.run_kpi")
    if not rules.has_quantity(text):
        add("kr.no_number")
    elif kind is None:
        # Baseline and target only matter once the KR measures a change; a task gets rewritten anyway.
        if not run and not rules.has_baseline(text):
            add("kr.no_baseline")
        if not rules.has_target(text):
            add("kr.no_target")
    if kind is None and not cycle and not rules.has_deadline(text):
        add("kr.no_deadline")
    if kind is None and rules.has_quantity(text):
        out += check_metric(oi, ki, kr, lang)
    return out


_EXPECTED = {"up": ("augmenter", "go up"), "down": ("baisser", "go down")}


def check_metric(oi: int, ki: int, kr: DraftLine, lang: Lang) -> list[RawFinding]:
    """A measured KR's metric: moved the wrong way, or a vanity metric (counts activity, not value)."""
    out = []
    problem = direction.direction_problem(kr.text, lang)
    if problem:
        expected_fr, expected_en = _EXPECTED[problem.expected]
        values = {"verb": problem.verb, "metric": problem.metric}
        values |= {"expected_fr": expected_fr, "expected_en": expected_en}
        out.append(RawFinding("kr.wrong_direction", oi, ki, kr, values))
    vanity = direction.vanity_metric(kr.text, lang)
    if vanity:
        values = {
            "metric": vanity.text,
            "alternatives_fr": " ; ".join(m.name_fr for m in vanity.alternatives),
            "alternatives_en": "; ".join(m.name_en for m in vanity.alternatives),
        }
        out.append(RawFinding("kr.vanity", oi, ki, kr, values))
    elif (reach := direction.reach_only(kr.text, lang)) is not None:
        out.append(RawFinding("kr.reach_only", oi, ki, kr, {"metric": reach}))
    return out


def check_redundancy(oi: int, obj: DraftObjective, lang: Lang) -> list[RawFinding]:
    """Two KRs of one objective that measure one thing: kr.duplicate or okr.redundant_krs, once per pair.

    kr.duplicate (an error) when one is the other's mirror (churn and retention, "qui consultent" and
    "qui ne consultent pas"), or when the library puts two differently worded KRs in one family;
    okr.redundant_krs (a warning) for KRs that share most words, as before.
    """
    out = []
    # Only KRs that measure a change: two deliveries of different features share words but not a measure.
    is_measured = [not rules.kr_verb_kind(kr.text) and rules.has_quantity(kr.text) for kr in obj.key_results]
    measured = [
        rules.metric_stems(kr.text) if m else set()
        for kr, m in zip(obj.key_results, is_measured, strict=True)
    ]
    identities = [
        direction.metric_identity(kr.text, _lang(kr.text, lang)) if m else None
        for kr, m in zip(obj.key_results, is_measured, strict=True)
    ]
    values = [set(rules.measure_numbers(kr.text)) for kr in obj.key_results]

    def redundant(i: int, j: int) -> bool:
        a, b = measured[i], measured[j]
        overlap = len(a & b) / len(a | b) if a and b else 0.0
        same_values = bool(values[i]) and values[i] == values[j]
        return overlap >= REDUNDANT_WORDS or (same_values and overlap >= REDUNDANT_SAME_VALUES)

    def duplicate(i: int, j: int) -> bool:
        a, b = identities[i], identities[j]
        if a is None or b is None or not a.same_metric(b):
            return False
        return a.mirrors(b) or (a.family is not None and not redundant(i, j))

    for j in range(len(obj.key_results)):
        twin = next((i for i in range(j) if duplicate(i, j)), None)
        if twin is not None:
            out.append(RawFinding("kr.duplicate", oi, j, obj.key_results[j], {"other": str(twin + 1)}))
        close = next((i for i in range(j) if i != twin and redundant(i, j) and not duplicate(i, j)), None)
        if close is not None:
            out.append(RawFinding("okr.redundant_krs", oi, j, obj.key_results[j], {"other": str(close + 1)}))
    return out


def check_unrelated(oi: int, obj: DraftObjective) -> list[RawFinding]:
    """A measured KR whose theme is foreign to its objective (hosting costs under activation).

    The objective's themes are the reference; when it names none, the other KRs' themes stand in.
    Tasks are left out: they are rewritten anyway, and a task is often the means of the objective.
    """
    obj_words = rules.metric_stems(obj.text)
    out = []
    for ki, kr in enumerate(obj.key_results):
        if rules.kr_verb_kind(kr.text) or not rules.has_quantity(kr.text):
            continue
        kr_themes = rules.topics(kr.text)
        reference = rules.topics(obj.text) or set().union(
            *(rules.topics(other.text) for k, other in enumerate(obj.key_results) if k != ki)
        )
        if not kr_themes or not reference or rules.metric_stems(kr.text) & obj_words:
            continue
        if not kr_themes & rules.related_topics(reference):
            out.append(RawFinding("kr.unrelated", oi, ki, kr))
    return out


def check_languages(draft: Draft) -> list[RawFinding]:
    """Both languages clearly present among objectives and KRs; anglicisms alone do not count."""
    seen: dict[Lang, tuple[int | None, int | None, DraftLine]] = {}
    for oi, obj in enumerate(draft.objectives):
        lines: list[tuple[int | None, DraftLine]] = []
        if obj.text and obj.line:
            lines.append((None, DraftLine(text=obj.text, line=obj.line)))
        lines += list(enumerate(obj.key_results))
        for ki, line in lines:
            lang = confident_language(line.text)
            if lang and lang not in seen:
                seen[lang] = (oi, ki, line)
    if len(seen) < 2:
        return []
    minority: Lang = "en" if draft.lang == "fr" else "fr"
    first_oi, first_ki, line = seen[minority]
    return [RawFinding("draft.mixed_languages", first_oi, first_ki, line)]
