"""The rewrite composed by code: keep what is sound, carry the deliverables, ground new KRs in the library.

Everything here is deterministic and needs no model. A sound draft comes out as it went in (with questions
for what is missing); a roadmap draft gets outcome KRs chosen by the metric library's ranking, verbs from
each metric's direction, values only from numbers the draft states, and its deliverables as initiatives,
verbatim and in draft order. The model step may then fill a few slots (segment, links) on top of this.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rewriter import rules
from rewriter.analysis.soundness import is_sound_kr, is_sound_objective
from rewriter.analysis.wording import objective_form_problem
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.kr_reading import ReadKeyResult, is_change_opening, read_key_result
from rewriter.library import Metric, get_metric
from rewriter.library.suggest import Suggestion, rank_metrics
from rewriter.parsing import strip_row_values
from rewriter.render import METRIC_PLACEHOLDER
from rewriter.result import Initiative, KeyResult, Objective, RewriteResult

MAX_OBJECTIVES = 3
MIN_KRS = 2
# How many ranked candidates are looked at to find metrics of new families.
CANDIDATES = 8
CONTEXT_WEIGHT = 0.5
VERBS: dict[Lang, dict[str, str]] = {
    "fr": {"up": "Augmenter", "down": "Réduire", "keep": "Maintenir"},
    "en": {"up": "Increase", "down": "Reduce", "keep": "Maintain"},
}
# A one-line draft often opens on its cycle: "Au T2, diviser par deux les retours produits."
_LEADING_CYCLE = re.compile(
    r"^\s*(?:(?:au|en|pour|d['’]ici|by|in|for)\s+)?(?:(?:la\s+)?fin\s+(?:du\s+|de\s+)?|end of\s+)?"
    r"(?:[TQSH][1-4](?:\s*20\d\d)?|20\d\d)\s*[,:;–—-]\s*",
    re.IGNORECASE,
)
# Segments as PMs name them inside an objective: "pour les nouveaux salariés", "for Mid-Market accounts".
_SEGMENT = re.compile(
    r"\b(?P<seg>(?:pour|auprès de|aupres de|chez|for|among)\s+(?:les\s+|des\s+|nos\s+|our\s+|the\s+)?"
    r"[\w'’-]+(?:\s+[\w'’-]+){0,4})",
    re.IGNORECASE,
)
_SEGMENT_STOP = re.compile(
    r"\s+(?:d['’]ici|avant|en|au|by|before|in|de|from|à|to|avec|with)\b.*$", re.IGNORECASE
)


@dataclass
class _Plan:
    """One objective of the draft as the composer sees it."""

    source: DraftObjective
    kept: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    ideas: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    measures: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)


def _objectives(draft: Draft) -> list[DraftObjective]:
    """The draft's objectives, a one-liner made into one, past three merged into the third."""
    objectives = [o for o in draft.objectives if o.text or o.key_results]
    if not objectives:
        objectives = [_one_liner(draft)]
    if len(objectives) > MAX_OBJECTIVES:
        head, tail = objectives[: MAX_OBJECTIVES - 1], objectives[MAX_OBJECTIVES - 1 :]
        merged = DraftObjective(text=tail[0].text, line=tail[0].line, key_results=[])
        for extra in tail:
            merged.key_results += list(extra.key_results)
            if extra is not tail[0] and extra.text:
                merged.key_results.append(DraftLine(text=extra.text, line=extra.line or 0))
        objectives = [*head, merged]
    return objectives


def _one_liner(draft: Draft) -> DraftObjective:
    """A draft without labels: a measured sentence is a KR of an objective to write, anything else the objective."""
    lines = [c for c in draft.context if c.text.strip()] or [DraftLine(text=draft.raw.strip(), line=1)]
    objective = DraftObjective(text="", line=None)
    for line in lines:
        text = _LEADING_CYCLE.sub("", line.text).strip()
        text = text[:1].upper() + text[1:]
        if is_change_opening(text):
            objective.key_results.append(DraftLine(text=text, line=line.line))
        elif not objective.text and rules.is_known_verb(rules.leading_verb(text)):
            objective.text, objective.line = text, line.line
    if not objective.text and not objective.key_results:
        objective.text = _LEADING_CYCLE.sub("", lines[0].text).strip()
    return objective


def _plan(obj: DraftObjective) -> _Plan:
    plan = _Plan(source=obj)
    for line in obj.key_results:
        text = strip_row_values(line.text)
        if is_sound_kr(line.text):
            plan.kept.append((line, read_key_result(line.text)))
        elif rules.kr_verb_kind(text) is None and is_change_opening(text):
            # "Réduire le churn des PME": the right KR without its numbers; kept, values asked.
            plan.ideas.append((line, read_key_result(text)))
        elif rules.kr_verb_kind(text) != "output" and _measured(line.text):
            # "part de marché de 8 % à 12 %", "NPS : 32": a measure without its verb; the verb is written by code.
            plan.measures.append((line, read_key_result(line.text)))
        else:
            plan.deliverables.append(text)
    return plan


def _measured(text: str) -> bool:
    """A KR line that states values of a metric without a verb of change ("Taux de transformation : 11 %")."""
    if rules.is_known_verb(rules.leading_verb(text)) and not rules.fold(text).startswith(("taux", "part")):
        return False
    read = read_key_result(text)
    return any(n.role != "other" for n in read.numbers) and len(rules.content_words(f"x {read.metric}")) >= 1


def _facts(draft: Draft) -> list[str]:
    """Lines that state today's values: the draft's context lines with a number in them."""
    return [c.text for c in draft.context if rules.measure_numbers(c.text)]


def _metric_of(text: str, lang: Lang) -> Metric | None:
    from rewriter.analysis.direction import match_metric

    return match_metric(text, lang)


def _candidates(plan: _Plan, draft: Draft, lang: Lang) -> list[Suggestion]:
    texts = [plan.source.text, *(line.text for line in plan.source.key_results), *plan.deliverables]
    texts = [t for t in texts if t.strip()]
    context = [c.text for c in draft.context]
    weights = [1.0] * len(texts) + [CONTEXT_WEIGHT] * len(context)
    if not texts and not context:
        return []
    return rank_metrics(tuple(texts + context), lang, CANDIDATES, weights=tuple(weights))  # type: ignore[arg-type]


def _baseline_for(metric: Metric, facts: list[str], lang: Lang) -> tuple[str, str | None] | None:
    """A value the draft states for this metric ("Today, cart abandonment is 71%"), with its unit."""
    for fact in facts:
        ranked = rank_metrics((fact,), lang, 3, distinct_families=False)  # type: ignore[arg-type]
        if metric.id not in {s.metric_id for s in ranked}:
            continue
        numbers = [n for n in read_key_result(fact).numbers if n.role != "other"]
        # "1 recrue sur 5" is not a percentage: a value is taken only in the metric's own unit.
        if len(numbers) == 1 and numbers[0].kind == _KINDS.get(metric.unit, numbers[0].kind):
            return numbers[0].written, numbers[0].unit
    return None


_KINDS = {
    "%": "percent",
    "currency": "currency",
    "days": "time",
    "hours": "time",
    "minutes": "time",
    "seconds": "time",
    "score": "score",
    "points": "points",
    "count": "count",
}


def _unit(metric: Metric, lang: Lang) -> str | None:
    return {
        "%": "%",
        "days": "jours" if lang == "fr" else "days",
        "hours": "h",
        "minutes": "min",
        "seconds": "s",
        "currency": "€",
        "points": "pts",
    }.get(metric.unit)


def _library_kr(metric: Metric, facts: list[str], lang: Lang) -> KeyResult:
    found = _baseline_for(metric, facts, lang)
    return KeyResult(
        verb=VERBS[lang][metric.direction],
        metric=metric.name_fr if lang == "fr" else metric.name_en,
        baseline=found[0] if found else None,
        unit=(found[1] if found and found[1] else _unit(metric, lang)),
        source="library",
        metric_id=metric.id,
    )


def _kept_kr(line: DraftLine, read: ReadKeyResult, lang: Lang, kept: bool) -> KeyResult:
    metric = _metric_of(line.text, lang)
    return KeyResult(
        verb=read.verb,
        metric=read.metric,
        baseline=read.baseline,
        target=read.target,
        unit=read.unit,
        deadline=read.deadline,
        source="draft",
        draft_text=line.text if kept else None,
        metric_id=metric.id if metric else None,
    )


def _measure_kr(line: DraftLine, read: ReadKeyResult, lang: Lang) -> KeyResult:
    """A measure stated without a verb, given one: from its values' direction, else its metric's."""
    from rewriter.analysis.direction import metric_direction

    metric = _metric_of(line.text, lang)
    baseline, target = read.baseline, read.target
    stated = next((n for n in read.numbers if n.role == "stated"), None)
    if stated and ":" in line.text:
        # "Taux de transformation devis → contrat : 11 %": a status line, where the metric stands today.
        baseline, target = target, None
    if baseline and target:
        verb = "Faire passer" if lang == "fr" else "Move"
    else:
        way = metric_direction(read.metric, lang) or (metric.direction if metric else None)
        verb = VERBS[lang][way] if way else ("Porter" if lang == "fr" else "Bring")
    return KeyResult(
        verb=verb,
        metric=_measure_name(f"{read.verb} {read.metric}", lang),
        baseline=baseline,
        target=target,
        unit=read.unit,
        deadline=read.deadline,
        source="draft",
        metric_id=metric.id if metric else None,
    )


_PARTICIPLE = re.compile(
    r"\s+(?:ramen[ée]e?s?|port[ée]e?s?|pass[ée]e?s?|r[ée]duite?s?|augment[ée]e?s?|brought|reduced|raised)$",
    re.I,
)


def _measure_name(text: str, lang: Lang) -> str:
    """The metric of a verbless measure, written to follow a verb: "part de marché" → "la part de marché"."""
    name = _PARTICIPLE.sub("", text.strip(" :→-")).strip()
    if lang != "fr":
        return name[:1].lower() + name[1:]
    if re.match(r"^(?:le|la|les|l['’]|un|une|des|du|notre|nos)\b", name, re.IGNORECASE):
        return name[:1].lower() + name[1:]
    if re.match(r"^(?:d['’]|de\s)", name, re.IGNORECASE):
        return f"le nombre {name}"
    feminine = re.match(r"^(?:part|note|durée|satisfaction|proportion|valeur|marge)\b", name, re.IGNORECASE)
    article = "l'" if name[:1].lower() in "aeiouyéèh" else ("la " if feminine else "le ")
    return f"{article}{name[:1].lower()}{name[1:]}"


def _segment(plan: _Plan, metric: Metric | None, draft: Draft, lang: Lang) -> str:
    """Who the objective is for, as the draft names it; empty when it names nobody (a question follows)."""
    texts = [plan.source.text, *(c.text for c in draft.context)]
    if metric:
        for segment in metric.segments_fr if lang == "fr" else metric.segments_en:
            if any(rules.fold(segment) in rules.fold(t) for t in texts):
                return segment
    for text in texts:
        match = _SEGMENT.search(text)
        if match:
            segment = _SEGMENT_STOP.sub("", match.group("seg")).strip(" ,.;:")
            if len(segment.split()) >= 2:
                return segment
    return ""


def _names_a_segment(qualifier: str, draft: Draft) -> bool:
    """The theme already says whom it is for, in the draft's words ("l'autonomie des nouveaux salariés")."""
    words = [rules.fold(w) for w in rules.words(qualifier)]
    source = rules.fold(draft.raw)
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words) if len(a) > 3 and len(b) > 3]
    return any(re.search(rf"\b{re.escape(p)}\b", source) for p in pairs) and bool(
        _PEOPLE.search(rules.fold(qualifier))
    )


_PEOPLE = re.compile(
    r"\b(?:salaries|recrues|clients|utilisateurs|usagers|patients|agents|commercants|developpeurs|partenaires"
    r"|vendeurs|acheteurs|abonnes|lecteurs|etudiants|employes|managers|equipes|employees|hires|customers|users"
    r"|patients|agents|merchants|developers|partners|sellers|buyers|subscribers|readers|students|teams)\b"
)


def _objective(plan: _Plan, krs: list[KeyResult], draft: Draft, lang: Lang) -> Objective:
    text = plan.source.text.strip()
    if text and is_sound_objective(text, lang):
        verb = rules.leading_verb(text)
        at = rules.fold(text).find(rules.fold(verb))
        return Objective(
            verb=text[: at + len(verb)],
            qualifier=text[at + len(verb) :].strip(),
            target="",
            draft_text=text,
            source="draft",
        )
    top = next((get_metric(k.metric_id) for k in krs if k.metric_id), None)
    if top is None:
        ranked = _candidates(plan, draft, lang)
        top = get_metric(ranked[0].metric_id) if ranked else None
    segment = _segment(plan, top, draft, lang)
    if top is None:
        return Objective(verb="", qualifier=text or METRIC_PLACEHOLDER[lang], target=segment, source="code")
    theme = top.theme_fr if lang == "fr" else top.theme_en
    draft_verb = rules.fold(rules.leading_verb(text))
    verb = next((v for v in theme.verbs if rules.fold(v) == draft_verb), theme.verbs[0])
    named = _names_a_segment(theme.text, draft)
    candidate = Objective(
        verb=verb,
        qualifier=theme.text,
        target="" if named else segment,
        source="library",
        needs_segment=not named,
    )
    if objective_form_problem(f"{verb} {theme.text}", lang) and len(theme.verbs) > 1:
        candidate.verb = theme.verbs[1]
    return candidate


def _links(initiatives: list[str], krs: list[KeyResult], lang: Lang) -> list[int]:
    """For each initiative, the KR whose metric its words point to (the library's ranking); the first otherwise."""
    ids = [k.metric_id for k in krs]
    links = []
    for text in initiatives:
        ranked = [s.metric_id for s in rank_metrics((text,), lang, 10, distinct_families=False)]  # type: ignore[arg-type]
        best = next((ids.index(m) for m in ranked if m in ids), None)
        if best is None:
            words = {rules.stem(w) for w in rules.content_words(f"x {text}")}
            overlaps = [
                len(words & {rules.stem(w) for w in rules.content_words(f"x {k.metric}")}) for k in krs
            ]
            best = overlaps.index(max(overlaps)) if overlaps and max(overlaps) else 0
        links.append(best)
    return links


_YEAR = re.compile(r"\b(20\d\d)\b")


def _default_deadline(draft: Draft, lang: Lang) -> str | None:
    """The cycle's end ("fin T2 2027"); a year named in a header ("OKR groupe — année 2027") when no cycle is."""
    cycle = draft.cycle
    if not cycle:
        years = [m.group(1) for c in draft.context for m in [_YEAR.search(c.text)] if m and len(c.text) < 80]
        cycle = years[0] if years else None
    if not cycle:
        return None
    return f"fin {cycle}" if lang == "fr" else f"end of {cycle}"


def compose(draft: Draft, lang: Lang) -> RewriteResult:
    """The deterministic rewrite of a draft: kept lines, carried deliverables, library KRs with placeholders."""
    facts = _facts(draft)
    default_deadline = _default_deadline(draft, lang)
    objectives: list[Objective] = []
    for source in _objectives(draft):
        plan = _plan(source)
        krs = [_kept_kr(line, read, lang, kept=True) for line, read in plan.kept]
        krs += [_kept_kr(line, read, lang, kept=False) for line, read in plan.ideas]
        krs += [_measure_kr(line, read, lang) for line, read in plan.measures]
        families = {get_metric(k.metric_id).family for k in krs if k.metric_id}
        if len(krs) < MIN_KRS:
            for suggestion in _candidates(plan, draft, lang):
                if len(krs) >= MIN_KRS:
                    break
                if suggestion.family in families:
                    continue
                families.add(suggestion.family)
                krs.append(_library_kr(get_metric(suggestion.metric_id), facts, lang))
        while len(krs) < MIN_KRS:
            krs.append(KeyResult(verb=VERBS[lang]["up"], metric=METRIC_PLACEHOLDER[lang], source="code"))
        for kr in krs:
            if kr.deadline is None and default_deadline:
                kr.deadline = default_deadline
        objective = _objective(plan, krs, draft, lang)
        objective.key_results = krs
        objective.initiatives = [
            Initiative(text=text, kr=kr)
            for text, kr in zip(plan.deliverables, _links(plan.deliverables, krs, lang), strict=True)
        ]
        objectives.append(objective)
    return RewriteResult(lang=lang, draft=draft.raw, objectives=objectives)
