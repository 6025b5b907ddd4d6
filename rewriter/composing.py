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
from rewriter.analysis.soundness import is_sound_kr, is_sound_objective, is_task_despite_verb
from rewriter.analysis.wording import objective_form_problem
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.kr_reading import ReadKeyResult, is_change_opening, read_key_result, split_deadline
from rewriter.library import Metric, get_metric
from rewriter.library.suggest import Suggestion, rank_metrics
from rewriter.parsing import strip_row_values
from rewriter.reading import rows as reading_rows
from rewriter.reading.measures import read_values
from rewriter.render import METRIC_PLACEHOLDER, OBJECTIVE_PLACEHOLDER
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
    r"(?:[TQSH][1-4](?:\s*20\d\d)?|20\d\d)(?:\s+(?:goal|objectif|objective|okr))?\s*[,:;–—-]\s*",
    re.IGNORECASE,
)
# Segments as PMs name them inside an objective: "pour les nouveaux salariés", "for Mid-Market accounts".
_SEGMENT = re.compile(
    r"\b(?P<seg>(?:pour|auprès de|aupres de|chez|for|among)\s+(?:les\s+|des\s+|nos\s+|our\s+|the\s+)?"
    r"[\w'’-]+(?:\s+[\w'’-]+){0,4})",
    re.IGNORECASE,
)
_SEGMENT_STOP = re.compile(
    r"\s+(?:d['’]ici|avant|en\s+[TQSH]?\d|au|by|before|from|à|to|avec|with|qui|who|\d).*$", re.IGNORECASE
)


@dataclass
class _Plan:
    """One objective of the draft as the composer sees it."""

    source: DraftObjective
    kept: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    ideas: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    measures: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)


def _objectives(draft: Draft, lang: Lang) -> list[DraftObjective]:
    """The draft's objectives, a one-liner made into one; past three, the sound ones stay and the others
    are merged, their lines carried, into the nearest objective kept before them."""
    objectives = [_kr_shaped(o) for o in draft.objectives if o.text or o.key_results]
    if not objectives:
        objectives = [_one_liner(draft)]
    if len(objectives) <= MAX_OBJECTIVES:
        return objectives
    ranked = sorted(
        range(len(objectives)), key=lambda i: (not is_sound_objective(objectives[i].text, lang), i)
    )
    chosen = sorted(ranked[:MAX_OBJECTIVES])
    merged = {
        i: DraftObjective(
            text=objectives[i].text, line=objectives[i].line, key_results=list(objectives[i].key_results)
        )
        for i in chosen
    }
    for i, extra in enumerate(objectives):
        if i in merged:
            continue
        home = merged[max((c for c in chosen if c < i), default=chosen[0])]
        if extra.text:
            home.key_results.append(DraftLine(text=extra.text, line=extra.line or 0))
        home.key_results += list(extra.key_results)
    return [merged[i] for i in chosen]


def _kr_shaped(obj: DraftObjective) -> DraftObjective:
    """An "objective" that is a measured change ("Cut first response time to under 2 minutes") is a KR."""
    text = _LEADING_CYCLE.sub("", obj.text).strip()
    if not is_change_opening(text) or not rules.measure_numbers(text):
        return obj
    if obj.key_results and not {"baseline", "target"} <= {n.role for n in read_key_result(text).numbers}:
        return obj
    # "Cut remakes from 9% to 5% by end of H1." over a line of why: the sentence with its start and aim is
    # the KR, whatever follows it.
    kr = DraftLine(text=text[:1].upper() + text[1:], line=obj.line or 0)
    return DraftObjective(text="", line=obj.line, key_results=[kr, *obj.key_results])


# "objectif T4 :", "Q3 goal -": a label before the sentence; "on veut", "we want", "que": a wish before the KR.
_ONE_LINE_LABEL = re.compile(
    r"^(?:objectifs?|objectives?|goal|okr)(?:\s+[TQSH][1-4])?(?:\s+20\d\d)?\s*[:：\-–—]\s*", re.IGNORECASE
)
_WISH = re.compile(
    r"^(?:(?:au|en|pour la|pour le|this|cette|d'ici)\s+[\wéè]+(?:\s+20\d\d)?\s*[:,]?\s*)?"
    r"(?:on veut|on voudrait|nous voulons|we want|we['’]d like|we aim for|on vise|faire en sorte que|"
    r"s['’]assurer que|make sure(?: that)?|ensure(?: that)?|que)\s+",
    re.IGNORECASE,
)
# "(on est à ~45 % aujourd'hui)", "(vs 18 %)", "up from 12%": where a wished share starts today.
_FROM = re.compile(
    r"(?:up from|down from|contre|vs\.?|au lieu de|\((?:\s*(?:on est à|on en est à|on est autour de|today|"
    r"currently|we['’]re at|we are at|aujourd['’]hui))?)\s*[~≈]?\s*(\d+(?:[.,]\d+)?)\s?%",
    re.IGNORECASE,
)


def _when(prefix: str, lang: Lang) -> str:
    """ "Pour la rentrée 2026 :" → " d'ici la rentrée 2026": the deadline a one-liner states before its wish."""
    found = re.search(
        r"(?:pour|d['’]ici|au|en|by|for)?\s*((?:la\s+|le\s+|l['’])?[\wéèû]+\s+20\d\d|[TQSH][1-4](?:\s*20\d\d)?)",
        prefix,
    )
    if not found:
        return ""
    return f" d'ici {found.group(1)}" if lang == "fr" else f" by {found.group(1)}"


def _wished_kr(text: str, lang: Lang, when: str = "") -> str | None:
    """ "80 % des familles inscrivent … (35 % l'an dernier)" → "Faire passer la part des familles qui … de 35 % à 80 %"."""
    share = _SHARE_FACT.match(text)
    if not share:
        return None
    rest = re.split(r"[,(]", share.group("rest"))[0]
    metric = _share_metric(rest, fr=bool(share.group("fr")))
    if metric is None:
        return None
    before = _FROM.search(text[share.end("n") :])
    base = (
        f"{before.group(1)} %"
        if before
        else ("[base à mesurer]" if lang == "fr" else "[baseline to measure]")
    )
    if lang == "fr":
        return f"Faire passer {metric.strip()} de {base} à {share.group('n')} %{when}"
    return f"Move {metric.strip()} from {base.replace(' %', '%')} to {share.group('n')}%{when}"


def _one_liner(draft: Draft) -> DraftObjective:
    """A draft without labels: a measured sentence is a KR of an objective to write, anything else the objective."""
    lines = [c for c in draft.context if c.text.strip()] or [DraftLine(text=draft.raw.strip(), line=1)]
    objective = DraftObjective(text="", line=None)
    for line in lines:
        text = _WISH.sub("", _ONE_LINE_LABEL.sub("", _LEADING_CYCLE.sub("", line.text).strip())).strip()
        prefix = line.text[: max(0, line.text.find(text[:20]))] if text else ""
        text = text[:1].upper() + text[1:]
        wished = _wished_kr(text, draft.lang, _when(prefix, draft.lang))
        if is_change_opening(text):
            objective.key_results.append(DraftLine(text=text, line=line.line))
        elif wished:
            objective.key_results.append(DraftLine(text=wished, line=line.line))
        elif not objective.text and rules.is_known_verb(rules.leading_verb(text)):
            objective.text, objective.line = text, line.line
    if not objective.text and not objective.key_results:
        objective.text = _LEADING_CYCLE.sub("", lines[0].text).strip()
    return objective


def _plan(obj: DraftObjective) -> _Plan:
    plan = _Plan(source=obj)
    for line in obj.key_results:
        text = strip_row_values(line.text)
        if line.role == "task":
            if re.search(r"[^\W\d_]", text):  # "???", "-": a line with no word carries no deliverable
                plan.deliverables.append(text)
            continue
        if line.role == "key_result" and not is_sound_kr(line.text) and _measured_as_written(text):
            # "Traiter 90 % des demandes en moins de 10 jours": the author's measure with its aim stands as written.
            plan.kept.append((line, read_values(line.text)))
            continue
        if line.role == "key_result" and rules.kr_verb_kind(text) == "output":
            # "Dématérialiser 90 % des factures (contre 55 %)": a share reached by a deliverable, measured.
            plan.measures.append((line, read_values(line.text)))
            continue
        if (_PERSON_LABEL.match(text) and not _owned_kr(text)) or is_task_despite_verb(text):
            # "Julie : publier 2 posts par semaine": a person's task, whatever number it holds.
            plan.deliverables.append(text)
        elif is_sound_kr(line.text):
            plan.kept.append((line, read_values(line.text)))
        elif rules.kr_verb_kind(text) is None and is_change_opening(text) and read_values(text).relative:
            # "Diviser par deux les réclamations": the change is stated in words; the sentence stands.
            plan.kept.append((line, read_values(text)))
        elif rules.kr_verb_kind(text) is None and is_change_opening(text):
            # "Réduire le churn des PME": the right KR without its numbers; kept, values asked.
            plan.ideas.append((line, read_values(text)))
        elif rules.kr_verb_kind(text) != "output" and _measured(line.text):
            # "part de marché de 8 % à 12 %", "NPS : 32": a measure without its verb; the verb is written by code.
            plan.measures.append((line, read_values(line.text)))
        elif re.search(r"[^\W\d_]", text):
            plan.deliverables.append(text)
        # "???", "-": a line with no word carries no deliverable.
    return plan


def _measured_as_written(text: str) -> bool:
    """A line that opens with a verb that is not a state and aims at a measured value.

    "Complete 90 % of repairs within 24 h", "Former 40 soignants (contre 12 l'an dernier)": an output verb
    measures when the line aims at a share or states where it starts.
    """
    verb = rules.leading_verb(text)
    if not rules.is_known_verb(verb) or rules.kr_verb_kind(text) == "state":
        return False
    if rules.kr_verb_kind(text) == "output" and not (
        reading_rows.first_match("measure_sign", text) or reading_rows.first_match("comparative", text)
    ):
        return False
    read = read_values(text)
    return bool(read.target) and len(rules.content_words(f"x {read.metric}")) >= 1


def _owned_kr(text: str) -> bool:
    """ "Léa : faire passer le NPS de 30 à 45": a KR with its owner, a start and an aim, not a task."""
    rest = re.split(r"\s?:|\s[-–]", text, maxsplit=1)[-1].strip()
    roles = {n.role for n in read_key_result(rest).numbers}
    return is_sound_kr(rest) and {"baseline", "target"} <= roles


def _measured(text: str) -> bool:
    """A KR line that states values of a metric without a verb of change ("Taux de transformation : 11 %")."""
    if rules.is_known_verb(rules.leading_verb(text)) and not rules.fold(text).startswith(("taux", "part")):
        return False
    read = read_key_result(text)
    # "MTTR < 1h ?": with no verb, the first word is the metric's, not a verb's.
    metric = read.metric if rules.is_known_verb(read.verb) else f"{read.verb} {read.metric}"
    if not any(n.role != "other" for n in read.numbers) or not rules.content_words(f"x {metric}"):
        return False
    # "Go live sur les 38 cinémas", "Partenariat avec 2 cabinets", "visite 360": a bare count of what is
    # delivered is no measure; a unit, a start and an aim, a "NPS : 32" or a measure's name makes one.
    head = rules.fold(metric.split()[0]) if metric.split() else ""
    if _ROLLOUT.match(rules.fold(metric)):
        return False  # "Go live to 5% of customers in March": a rollout plan, its shares are steps
    return bool(
        read.unit
        or (read.baseline and read.target)
        # "2,000 trial sign-ups in the launch month": a count that opens the line is the measure stated.
        or re.match(r"\s*[~≈<>≥≤]?\s*\d", text)
        or re.search(r"[:→<>≤≥=]|->", text)
        or head in _MEASURE_HEADS
        or re.fullmatch(r"[A-Z]{2,6}s?", metric.split()[0])
    )


_ROLLOUT = re.compile(r"(?:go[- ]live|mise en (?:prod|ligne|service)|soft launch|roll-?out|launch|release)\b")

# The first word of a measure named without a verb ("Nombre de clients actifs 1 200").
_MEASURE_HEADS = {
    *["taux", "part", "nombre", "nb", "delai", "temps", "duree", "score", "note", "volume", "chiffre"],
    *["churn", "cout", "panier", "retention", "conversion", "satisfaction", "marge", "ratio", "moyenne"],
    *["rate", "share", "number", "count", "time", "revenue", "cost", "margin", "average", "median"],
    *["mediane", "pourcentage", "percentage", "uptime", "disponibilite", "frequence", "frequency"],
}


def _assign_facts(facts: list[str], sources: list[DraftObjective]) -> dict[int, list[str]]:
    """Each fact goes to the objective it shares most words with (the only one when there is one)."""
    out: dict[int, list[str]] = {}
    for fact in facts:
        words = {rules.stem(w) for w in rules.content_words(f"x {fact}")}
        scores = [
            len(
                words
                & {
                    rules.stem(w)
                    for t in [o.text, *(k.text for k in o.key_results)]
                    for w in rules.content_words(f"x {t}")
                }
            )
            for o in sources
        ]
        if len(sources) == 1 or max(scores, default=0) > 0:
            out.setdefault(id(sources[scores.index(max(scores))]), []).append(fact)
    return out


def _facts(draft: Draft) -> list[str]:
    """Lines that state today's values: the draft's context lines with a number in them."""
    # "K-factor actuel : 0,12 ; coût d'acquisition payant : 14 €": one fact per value.
    parts = [
        part.strip(" ()")
        for c in draft.context
        for part in re.split(
            r"\s?;\s(?!\s*(?:on vis|on voudr|on veut|we aim|we want|target|cible|objectif))"
            # "la clôture prend 9 jours et on corrige 40 bulletins par mois": two facts, two measures.
            r"|,?\s(?:et|and)\s(?=(?:on|nous|we)\s(?!vis|voudr|veut|aim|want|would|need)\w+\s+(?:\w+\s+){0,3}\d)",
            c.text,
        )
    ]
    return [part for part in parts if rules.measure_numbers(part)]


def _metric_of(text: str, lang: Lang) -> Metric | None:
    from rewriter.analysis.direction import match_metric

    return match_metric(text, lang) or _acronym_metric(text, lang)


def _acronym_metric(text: str, lang: Lang) -> Metric | None:
    """ "MTTR < 1h", "CSAT 4,2/5": an acronym that is one metric's own signal names that metric."""
    from rewriter.library import load_library

    for acronym in re.findall(r"\b([A-Z]{3,6})s?\b", text):
        owners = [
            m
            for m in load_library().metrics
            if acronym in (m.signals_fr if lang == "fr" else m.signals_en) or acronym in m.signals_en
        ]
        if len(owners) == 1:
            return owners[0]
    return None


def _candidates(plan: _Plan, draft: Draft, lang: Lang) -> list[Suggestion]:
    # A measured KR counts by its metric: its verb ("Get", "Réduire") says nothing about which metric it is.
    measured = [read.metric for _, read in (*plan.kept, *plan.ideas, *plan.measures)]
    texts = [plan.source.text, *measured, *plan.deliverables]
    texts = [t for t in texts if t.strip()]
    context = [c.text for c in draft.context]
    weights = [1.0] * len(texts) + [CONTEXT_WEIGHT] * len(context)
    if not texts and not context:
        return []
    return rank_metrics(tuple(texts + context), lang, CANDIDATES, weights=tuple(weights))  # type: ignore[arg-type]


def _baseline_for(
    metric: Metric, facts: list[str], lang: Lang, either_way: bool = False
) -> tuple[str, str | None, str | None] | None:
    """Values the draft states for this metric ("Today, cart abandonment is 71%", "40 % …, on vise 60 %"):
    baseline, unit and, when the line also says what is aimed at, target."""
    for fact in facts:
        fact_lang = _language_of(fact, lang)
        ranked = rank_metrics((fact,), fact_lang, 5, distinct_families=False)  # type: ignore[arg-type]
        if metric.id not in {s.metric_id for s in ranked} or not _names_it(metric, fact, fact_lang):
            continue
        # "30 % des actions échouent hors ligne" is no baseline for the share of actions that succeed.
        if _runs_opposite(metric, fact, lang) and not either_way:
            continue
        numbers = read_key_result(_TODAY.sub("", fact)).numbers
        # "1 recrue sur 5" is not a percentage: a value is taken only in the metric's own unit.
        # A count is taken only from a line that names the metric itself: "4 200 appels par mois" is no rate.
        if not numbers or metric.unit == "count" or any(n.kind != _KINDS.get(metric.unit) for n in numbers):
            continue
        if len(numbers) == 1:
            return numbers[0].written, numbers[0].unit, None
        if len(numbers) == 2 and _AIM.search(fact[fact.find(numbers[0].text) + len(numbers[0].text) :]):
            return numbers[0].written, numbers[0].unit or numbers[1].unit, numbers[1].written
    return None


# "… 40 % …, on vise 60 %", "we aim for 60%": the second value of a fact is the target.
_AIM = re.compile(
    r"\b(?:on vise|vis(?:er|ons)|cible|objectif|on veut|on voudrait|voudrions|souhait\w*|aimerait|we aim|aim for"
    r"|we want|we['’]d like|would like|target|goal)\b",
    re.I,
)


def _language_of(text: str, default: Lang) -> Lang:
    from rewriter.language import confident_language

    return confident_language(text) or default


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


_NAME_FILLER = {
    "taux",
    "part",
    "nombre",
    "delai",
    "temps",
    "duree",
    "moyen",
    "moyenne",
    "median",
    "mediane",
    "rate",
    "share",
    "number",
    "time",
    "average",
    "mean",
}


def _top_for(fact: str, lang: Lang) -> str | None:
    ranked = rank_metrics((fact,), lang, 1, distinct_families=False)  # type: ignore[arg-type]
    return ranked[0].metric_id if ranked else None


def _names_it(metric: Metric, fact: str, lang: Lang) -> bool:
    """The fact names the metric itself, not only a neighbour ("factures en papier" is no billing error rate)."""
    name = metric.name_fr if lang == "fr" else metric.name_en
    words = {rules.stem(w) for w in rules.content_words(f"x {name}") if rules.fold(w) not in _NAME_FILLER}
    # "38 % des appels sont des rappels (facture, relevé compteur)": the aside says why, not what is counted.
    said = {rules.stem(w) for w in rules.content_words(f"x {re.sub(r'[(][^)]*(?:[)]|$)', ' ', fact)}")}
    shared = len(words & said)
    if shared >= 2 and _SHARE_FACT.search(fact) and shared * 2 < len(words):
        # "22% of mobile users who search for a hotel end up booking" states its own share: two words of
        # "the share of hotel guests who book again within a year" do not make it that metric.
        return False
    return shared >= min(2, len(words)) or (shared >= 1 and _top_for(fact, lang) == metric.id)


_TODAY = re.compile(
    r"^\s*(?:aujourd['’]hui|today|currently|actuellement|à ce jour|en ce moment)\s*,?\s*", re.I
)


_LEAVING = re.compile(
    r"\b(?:arret\w*|quitt\w*|abandonn\w*|resili\w*|desabonn\w*|partent|perd\w*|stop\w*|quit\w*|leav\w*"
    r"|left|cancel\w*|churn\w*|drop\w*|lose|lost)\b"
)


def _runs_opposite(metric: Metric, fact: str, lang: Lang) -> bool:
    from rewriter.analysis.direction import metric_direction

    text = _TODAY.sub("", _FACT_LABEL.sub("", fact))
    share = _SHARE_FACT.search(text)
    if share:
        text = _share_metric(share.group("rest"), fr=bool(share.group("fr"))) or text
    way = metric_direction(text, lang)
    if way in ("up", "down") and metric.direction in ("up", "down") and way != metric.direction:
        return True
    # "38 % des donateurs arrêtent leur don" counts those who leave: no baseline for those who stay.
    leaving = _LEAVING.search(rules.fold(text))
    name = rules.fold(metric.name_fr if lang == "fr" else metric.name_en)
    return bool(leaving) and not _LEAVING.search(name) and metric.direction == "up"


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
        target=found[2] if found else None,
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


_SCALED = re.compile(
    r"\s*(?P<how>divis[ée]e?s?|multipli[ée]e?s?|divided|multiplied)\s+(?:par|by)\s+(?P<n>\d+)(?:\s+(?=[(]))?",
    re.IGNORECASE,
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
    signed = re.match(r"\s*([+\-−])", target or "") if read.relative and not baseline else None
    if baseline and target:
        verb = "Faire passer" if lang == "fr" else "Move"
    elif signed:
        # "conso élec -10% vs T3 2026", "+30% organic traffic": the sign says which way the change runs.
        verb = VERBS[lang]["up" if signed.group(1) == "+" else "down"]
    else:
        # "Churn mensuel 7,5 %": with no verb, the first word read as one is the metric's head.
        said = read.metric if rules.is_known_verb(read.verb) else f"{read.verb} {read.metric}"
        way = metric_direction(said, lang) or (metric.direction if metric else None)
        verb = VERBS[lang][way] if way else ("Porter" if lang == "fr" else "Bring")
    scaled = _SCALED.search(line.text)
    if scaled and not (baseline and target and target != scaled.group("n")):
        # "Réclamations divisées par 2 (1 400/mois aujourd'hui)": the change is the aim, today's level the start.
        down = rules.fold(scaled.group("how")).startswith(("divis", "halv", "cut"))
        metric_words = re.sub(
            r"\s*(?:divis|multipli)\w*\s+(?:par|by)\s*$", "", _SCALED.sub(" ", f"{read.verb} {read.metric}")
        )
        return KeyResult(
            verb=VERBS[lang]["down" if down else "up"],
            metric=_measure_name(metric_words, lang, read.unit),
            baseline=baseline if baseline != scaled.group("n") else None,
            target=f"{'÷' if down else 'x'}{scaled.group('n')}",
            unit=read.unit,
            deadline=read.deadline,
            source="draft",
            metric_id=metric.id if metric else None,
        )
    name = _measure_name(f"{read.verb} {read.metric}", lang, read.unit)
    # "conso élec -10% vs T3 2026": the period compared with is said aside, after the metric.
    name = re.sub(r"\s+((?:vs\.?|versus)\s+[^()]+)$", r" (\1)", name)
    share = _SHARE_FACT.match(line.text.strip())
    # The deadline is already a slot of the KR: "… go through e-billing by Q4" must not say it twice.
    shared = (
        _share_metric(split_deadline(share.group("rest"))[0], fr=bool(share.group("fr"))) if share else None
    )
    if share and shared and (lang == "fr") == bool(share.group("fr")):
        # "100% of invoices go through e-billing": the share is the metric, its number the aim.
        name = shared.rstrip(" .")
        baseline, target = (baseline, target) if baseline and target else (None, share.group("n"))
        verb = "Faire passer" if lang == "fr" else "Move"
    return KeyResult(
        verb=verb,
        metric=name,
        baseline=baseline,
        target=target,
        unit="%" if share and shared else read.unit,
        deadline=read.deadline,
        source="draft",
        metric_id=metric.id if metric else None,
    )


_PARTICIPLE = re.compile(
    r"\s+(?:ramen[ée]e?s?|port[ée]e?s?|pass[ée]e?s?|r[ée]duite?s?|augment[ée]e?s?|brought|reduced|raised)$",
    re.I,
)


_STATED_WORDS = re.compile(
    r",?\s*\b(?:we want|we aim for|on veut|on vise|target|cible|objectif|today|aujourd['’]hui|currently|actuellement"
    r"|actuel|actuelle|actuels|actuelles|current)\b"
    r"|\s+\b(?:is|are|est|sont)\b(?=\s*(?:,|$))",
    re.IGNORECASE,
)


_SINGULAR_X = {
    "taux",
    "prix",
    "temps",
    "delais",
    "delai",
    "poids",
    "cours",
    "rates",
    "sales",
    "revenus",
    "process",
}


def _measure_name(text: str, lang: Lang, unit: str | None = None) -> str:
    """The metric of a verbless measure, written to follow a verb: "part de marché" → "la part de marché",
    "des comptes avec MFA" (in %) → "la part des comptes avec MFA", "postes renouvelés" → "le nombre de …"."""
    name = _PARTICIPLE.sub("", text.strip(" :→-")).strip()
    # "Store rating is 4.1 today, we want 4.5": the words around the values are not the metric.
    name = _STATED_WORDS.sub(" ", name)
    # "MTTR < 1h ?": the PM's doubt is a question to ask, not a word of the metric.
    name = re.sub(r"\s+", " ", re.sub(r"\s*\?+", " ", name)).strip(" ,;:")
    first = rules.fold(name.split()[0]) if name.split() else ""
    # "taux", "prix", "délais" are not counts of things: only a real plural of people or objects gets "le nombre de".
    plural = (
        first.endswith(("s", "x"))
        and not re.match(r"^(?:d['’]|de$)", first)
        and first not in _SINGULAR_X
        # "NPS syndics", "CSAT", "KPIs" aside: an acronym's last letter is no plural.
        and not re.fullmatch(r"[A-Z]{2,6}", name.split()[0])
    )
    if lang != "fr":
        if unit == "%" and plural and not re.match(r"^(?:the|share|rate|part)\b", name, re.IGNORECASE):
            return f"the share of {name}"
        return _lower_first(name)
    if unit == "%" and re.match(r"^des\s", name, re.IGNORECASE):
        return f"la part {_lower_first(name)}"
    if plural and not re.match(r"^(?:le|la|les|l['’]|un|une|des|du|notre|nos)\b", name, re.IGNORECASE):
        return f"la part de {_lower_first(name)}" if unit == "%" else f"le nombre de {_lower_first(name)}"
    if re.match(r"^(?:le|la|les|l['’]|un|une|des|du|notre|nos)\b", name, re.IGNORECASE):
        return _lower_first(name)
    if re.match(r"^(?:d['’]|de\s)", name, re.IGNORECASE):
        return f"le nombre {name}"
    feminine = re.match(
        r"^(?:part|note|durée|satisfaction|proportion|valeur|marge|conso|facture|\w+(?:tion|sion|ité|ance|ence|ure|ude))\b",
        name,
        re.IGNORECASE,
    )
    article = "l'" if _elides(name) else ("la " if feminine else "le ")
    return f"{article}{_lower_first(name)}"


# French words with a mute h take "l'"; English loanwords ("health score", "hotline") keep "le".
_MUTE_H = re.compile(
    r"^h(?:abit|[ôo]p|[ôo]tel|eure|oraire|ygi[èe]n|umain|umeur|istor|[ée]berg|[ée]rit|armon|onor|ospital|ospitalis"
    r"|uile|iver|abill|erbe|[ée]sit|[ée]t[ée]rog|omog|orizon)",
    re.IGNORECASE,
)


def _elides(word: str) -> bool:
    first = word[:1].lower()
    return first in "aeiouyéèêàâîô" or (first == "h" and bool(_MUTE_H.match(word)))


# "22 % des étudiants inscrits terminent un cours", "Only 11% of account holders have a savings goal".
_SHARE_FACT = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s?%\s+(?:(?P<fr>des|de nos|de)\s+|(?P<en>of)\s+(?:our\s+|the\s+)?)(?P<rest>[^.;(),]+)"
    r"(?P<after>[^.;]*)",
    re.IGNORECASE,
)
# "Taux d'abandon de panier : 72 %", "Time to hire is currently 58 days", "'Where is my order?' calls: 4,200 per month".
_LEVEL_FACT = re.compile(
    r"^(?:aujourd['’]hui,?\s*|today,?\s*|currently,?\s*|actuellement,?\s*)?(?P<metric>[^:\d][^:]{2,80}?)"
    r"\s*(?::|\bis\b(?:\s+currently)?|\best\b(?:\s+actuellement)?(?:\s+de)?|\bare\b|\bd[ée]passe(?:nt)?\b|\bexceeds?\b"
    r"|\batteint\b|\bavoisine\b|\btourne autour de\b|\bstands at\b|\bhovers around\b)\s*(?P<value>[<>~]?\s?[$€£]?\d[\d\s.,]*\s*\S{0,8})"
    r"(?P<tail>[^.;()]*)",
    re.IGNORECASE,
)


_FACT_LABEL = re.compile(
    r"^\s*(?:info|note|nb|n\.b\.|contexte|context|ctx|fyi|constat|rappel)\s*[:：-]\s*", re.IGNORECASE
)


def _share_metric(rest: str, fr: bool) -> str | None:
    """ "clients ont une épargne programmée" → "la part des clients qui ont une épargne programmée"."""
    words = rest.strip().split()
    for i, word in enumerate(words[1:], 1):
        folded = rules.fold(word.strip(",")).lower()
        is_verb = (
            folded.endswith(("ent", "ont")) if fr else folded in rules.EN_VERBS or folded in _EN_FACT_VERBS
        )
        if is_verb and not (fr and folded.endswith("ment")):
            who_words = words[:i]
            if not fr and who_words and who_words[-1].lower() == "to":
                who_words = who_words[:-1]  # "new hires to say …": the infinitive is the verb
            # "faire en sorte que 80 % des ordonnances soient prêtes": the wish's subjunctive states a fact.
            verb = _INDICATIVE.get(folded, words[i]) if fr else words[i]
            who, what = " ".join(who_words), " ".join([verb, *words[i + 1 :]])
            if fr:
                return f"la part des {who} qui {what}"
            pronoun = "who" if _PEOPLE.search(rules.fold(who)) else "that"
            return f"the share of {who} {pronoun} {what}"
    return None


_INDICATIVE = {"soient": "sont", "aient": "ont", "fassent": "font", "puissent": "peuvent"}

_EN_FACT_VERBS = {
    "are",
    "were",
    "have",
    "use",
    "say",
    "leave",
    "call",
    "pay",
    "buy",
    "return",
    "book",
    "read",
    "open",
    "renew",
    "finish",
    "complete",
    "reach",
    "get",
    "wait",
    "drop",
    "abandon",
    *[
        "fail",
        "succeed",
        "churn",
        "convert",
        "click",
        "sign",
        "log",
        "visit",
        "come",
        "arrive",
        "cancel",
        "upgrade",
        "stay",
        "remain",
        "need",
        "want",
        "give",
        "go",
        "pass",
        "end",
        "receive",
        "start",
        "take",
        "answer",
        "respond",
    ],
}


# "on reçoit environ 1 800 tickets par mois", "we get about 300 calls a week".
_VOLUME_FACT = re.compile(
    r"(?:on reçoit|nous recevons|on traite|we get|we receive|we handle)\s+(?:environ|à peu près|about|around|roughly)?\s*"
    r"(?P<n>\d{1,3}(?:[  \u202f,]\d{3})*|\d+)\s+(?P<what>[a-zéèêà'’-]+(?:\s(?!par\b|per\b|a\b|chaque\b)[a-zéèêà'’-]+)?)"
    r"(?P<per>\s+(?:par|per|a|chaque)\s+(?:mois|semaine|jour|an|month|week|day|year))?",
    re.IGNORECASE,
)
# "on corrige en moyenne 40 bulletins par mois": work redone, counted; to bring down.
_REWORK_FACT = re.compile(
    r"(?:on|nous)\s+(?P<verb>corrige|corrigeons|relance|relançons|rembourse|remboursons|annule|annulons|refait"
    r"|refaisons|ressaisit|ressaisissons|rejette|rejetons|perd|perdons)\s+(?:environ|à peu près|en moyenne|près de)?\s*"
    r"(?P<n>\d{1,3}(?:[  \u202f]\d{3})*|\d+)\s+(?P<what>[a-zéèêà'’-]+(?:\s(?!par\b|chaque\b)[a-zéèêà'’-]+)?)"
    r"(?P<per>\s+(?:par|chaque)\s+(?:mois|semaine|jour|an|trimestre))?",
    re.IGNORECASE,
)
_REWORK_INFINITIVE = {
    "corrig": "corriger", "relan": "relancer", "rembours": "rembourser", "annul": "annuler", "refai": "refaire",
    "ressais": "ressaisir", "rejet": "rejeter", "perd": "perdre",
}  # fmt: skip
# "la clôture de paie prend 9 jours ouvrés", "le compte d'un salarié parti reste actif 12 jours",
# "month-end close takes 9 days": a duration the draft states; shorter is better.
_DURATION_FACT = re.compile(
    r"^(?P<what>[^.;:\d]{3,70}?)\s+(?P<verb>prend|prennent|dure|durent"
    r"|reste(?:nt)?\s+(?P<state>[a-zéèêà]+)|takes?|lasts?|stays?\s+(?P<state_en>[a-z]+))"
    r"\s+(?:en moyenne\s+|environ\s+|encore\s+|about\s+|around\s+|on average\s+|still\s+|up to\s+|jusqu['’]à\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>jours? ouvr[ée]s|jours?|semaines?|heures?|h\b|minutes?|min\b|mois"
    r"|business days|working days|days?|weeks?|hours?|months?)",
    re.IGNORECASE,
)


# "it takes 12 days on average to onboard a supplier", "il faut 3 semaines pour ouvrir un compte".
_TAKES_TO = re.compile(
    r"\b(?:it takes|it took|il faut|on met|nous mettons)\s+(?:on average\s+|about\s+|around\s+|en moyenne\s+|environ\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>jours? ouvr[ée]s|jours?|semaines?|heures?|mois|business days|working days"
    r"|days?|weeks?|hours?|months?)\s+(?:on average\s+|en moyenne\s+)?(?:to|pour|à)\s+(?P<what>[^.;,()]{3,60})",
    re.IGNORECASE,
)


# "un dossier met en moyenne 21 jours à être indemnisé": the time until something is done.
_MET_TO_BE = re.compile(
    r"^(?P<what>[^.;:\d]{3,60}?)\s+met(?:tent)?\s+(?:en moyenne\s+|environ\s+)?(?P<n>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>jours? ouvr[ée]s|jours?|semaines?|heures?|mois)\s+(?:en moyenne\s+)?(?:à|a)\s+(?:être|etre)\s+"
    r"(?P<done>[a-zéèêà]+)",
    re.IGNORECASE,
)


# "it takes 23 minutes on average from counter queue to car keys": the time between two moments.
_TAKES_FROM_TO = re.compile(
    r"\b(?:it takes|it took|il faut|on met)\s+(?:on average\s+|about\s+|around\s+|en moyenne\s+|environ\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>minutes?|min|heures?|hours?|jours?|days?|semaines?|weeks?)"
    r"\s+(?:on average\s+|en moyenne\s+)?(?:from|entre|de)\s+(?P<start>[^.;,()]{3,40}?)\s+(?:to|et|à|a)\s+"
    r"(?P<end>[^.;,()]{3,40}?)(?=\s+(?:at|in|à|a|dans|pour|for)\s|[.;,()]|$)",
    re.IGNORECASE,
)


def _duration_kr(fact: str, lang: Lang) -> KeyResult | None:
    span = _TAKES_FROM_TO.search(fact)
    if span:
        start, end = span.group("start").strip(), span.group("end").strip()
        name = f"le délai entre {start} et {end}" if lang == "fr" else f"the time from {start} to {end}"
        return KeyResult(
            verb=VERBS[lang]["down"],
            metric=name,
            baseline=span.group("n"),
            unit=span.group("unit"),
            source="draft",
        )
    met = _MET_TO_BE.search(_TODAY.sub("", fact.strip())) if lang == "fr" else None
    if met:
        what = _lower_first(met.group("what").strip())
        joined = f"qu'{what}" if _elides(what) else f"que {what}"
        return KeyResult(
            verb=VERBS[lang]["down"],
            metric=f"le délai avant {joined} soit {met.group('done')}",
            baseline=met.group("n"),
            unit=met.group("unit"),
            source="draft",
        )
    takes = _TAKES_TO.search(fact)
    if takes:
        what = takes.group("what").strip()
        name = f"le délai pour {what}" if lang == "fr" else f"the time it takes to {what}"
        return KeyResult(
            verb=VERBS[lang]["down"],
            metric=name,
            baseline=takes.group("n"),
            unit=takes.group("unit"),
            source="draft",
        )
    found = _DURATION_FACT.search(_TODAY.sub("", fact.strip()))
    if not found:
        return None
    what = found.group("what").strip()
    state = found.group("state") or found.group("state_en")
    if lang == "fr":
        if state:
            name = f"la durée pendant laquelle {_lower_first(what)} reste {state}"
        else:
            article = re.match(r"(le|les|la|l['’])\s*", what, re.IGNORECASE)
            joined = (
                {"le": "du ", "les": "des ", "la": "de la "}.get(article.group(1).lower(), "de l'")
                + what[article.end() :]
                if article
                else f"de {what}"
            )
            name = f"la durée {joined}"
    else:
        name = (
            f"the time {_lower_first(what)} stays {state}"
            if state
            else f"the time {_lower_first(what)} takes"
        )
    return KeyResult(
        verb=VERBS[lang]["down"],
        metric=name,
        baseline=found.group("n"),
        unit=found.group("unit"),
        source="draft",
    )


def _lower_first(text: str) -> str:
    """ "Month-end close" → "month-end close"; an acronym ("LTIs", "FPY", "NPS") keeps its capitals."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


# "15 % de repas jetés", "12 % des colis livrés en retard": a share named by what happens to the things.
_PARTICIPLE_SHARE = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s?%\s+(?:de|des|d['’])\s*(?P<what>[a-zéèêà]+[sx])\s+"
    r"(?P<done>[a-zéèêà]+(?:és|ées|is|ies|us|ues|ts|tes)\b(?:\s+(?:en|à|au|par|sans)\s+[a-zéèêà]+)?)",
    re.IGNORECASE,
)
# "1 recrue sur 5 quitte l'entreprise avant la fin de sa période d'essai".
_RATIO_FACT = re.compile(
    r"(?P<n>\d+)\s+(?P<who>[a-zéèêà-]+?)s?\s+sur\s+(?P<m>\d+)\s+(?P<verb>[a-zéèêà]+)\s+(?P<rest>[^.;]+)",
    re.IGNORECASE,
)


def _plural_verb(verb: str) -> str:
    """ "quitte" → "quittent", "a" → "ont", "est" → "sont": the verb after "la part des … qui"."""
    return {"a": "ont", "est": "sont", "fait": "font", "va": "vont"}.get(
        verb, f"{verb}nt" if verb.endswith("e") else verb
    )


def _fact_kr(fact: str, lang: Lang) -> KeyResult | None:
    """A KR on the metric a context line states ("Seulement 22 % des inscrits terminent un cours"), its value as baseline."""
    from rewriter.analysis.direction import metric_direction

    fact = _FACT_LABEL.sub("", fact)
    share = _SHARE_FACT.search(fact)
    metric = _share_metric(share.group("rest"), fr=bool(share.group("fr"))) if share else None
    if share and (lang == "fr") != bool(share.group("fr")):
        return None
    if share and metric:
        aim = _AIM.search(share.group("after")) and re.search(r"(\d+(?:[.,]\d+)?)\s?%", share.group("after"))
        return KeyResult(
            verb="Faire passer" if lang == "fr" else "Move",
            metric=metric.rstrip(" ."),
            baseline=share.group("n"),
            target=aim.group(1) if aim else None,
            unit="%",
            source="draft",
        )
    duration = _duration_kr(fact, lang)
    if duration:
        return duration
    rework = _REWORK_FACT.search(fact)
    if rework and lang == "fr":
        infinitive = next(
            v for k, v in _REWORK_INFINITIVE.items() if rules.fold(rework.group("verb")).startswith(k)
        )
        per = f" {rework.group('per').strip()}" if rework.group("per") else ""
        return KeyResult(
            verb=VERBS[lang]["down"],
            metric=f"le nombre de {rework.group('what')} à {infinitive}{per}",
            baseline=rework.group("n"),
            source="draft",
        )
    wasted = _PARTICIPLE_SHARE.search(fact)
    if wasted and lang == "fr":
        return KeyResult(
            verb="Faire passer",
            metric=f"la part des {wasted.group('what')} {wasted.group('done')}",
            baseline=wasted.group("n"),
            unit="%",
            source="draft",
        )
    volume = _VOLUME_FACT.search(fact)
    if volume:
        per = f" {volume.group('per').strip()}" if volume.group("per") else ""
        name = (
            f"le volume de {volume.group('what')}{per}"
            if lang == "fr"
            else f"the volume of {volume.group('what')}{per}"
        )
        return KeyResult(
            verb="Faire passer" if lang == "fr" else "Move",
            metric=name,
            baseline=volume.group("n"),
            source="draft",
        )
    ratio = _RATIO_FACT.search(fact)
    if ratio and lang == "fr":
        verb = _plural_verb(ratio.group("verb"))
        name = f"la part des {ratio.group('who')}s qui {verb} {ratio.group('rest').strip()}".replace(
            "ss ", "s "
        )
        return KeyResult(
            verb="Faire passer",
            metric=name,
            baseline=f"{ratio.group('n')} sur {ratio.group('m')}",
            source="draft",
        )
    level = _LEVEL_FACT.match(fact.strip())
    if not level:
        return None
    read = read_key_result(f"x {level.group('value')}")
    numbers = [n for n in read.numbers if n.role != "other"]
    if len(numbers) != 1:
        return None
    raw = level.group("metric").strip(" ,")
    value = level.group("value").strip()
    at = value.find(numbers[0].text)
    tail = (value[at + len(numbers[0].text) :] if at >= 0 else "") + (level.group("tail") or "")
    per_match = re.match(r"^(?:par|per|chaque|a|an)\s+\w+", tail.strip(" ."), re.IGNORECASE)
    head = raw.split()[0] if lang == "fr" else raw.split()[-1]
    plural = rules.fold(head).endswith(("s", "x"))
    if (
        plural
        and numbers[0].kind == "count"
        and not re.search(r"\b(?:nombre|number|taux|rate|part|share)\b", raw, re.I)
    ):
        raw = f"le nombre de {raw}" if lang == "fr" else f"the number of {raw}"
    name = _measure_name(raw, lang) if lang == "fr" or not raw.startswith(("'", '"', "“")) else raw
    if per_match:
        name = f"{name} {per_match.group(0)}"
    way = metric_direction(name, lang)
    verb = VERBS[lang][way] if way in ("up", "down") else ("Faire passer" if lang == "fr" else "Move")
    rest = fact[level.end() :]
    aim_word = _AIM.search(rest)
    aim = re.search(rf"({_NUMBER_TEXT})", rest[aim_word.end() :]) if aim_word else None
    return KeyResult(
        verb=verb,
        metric=name,
        baseline=numbers[0].written,
        target=aim.group(1) if aim else None,
        unit=numbers[0].unit,
        source="draft",
    )


_NUMBER_TEXT = r"\d{1,3}(?:[  \u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


_SEGMENT_LABEL = re.compile(
    r"^(?:cible|audience|segment|persona|pour qui|for whom|target users?|utilisateurs cibles)\s*[:：-]\s*(?P<seg>.{3,80})$",
    re.IGNORECASE,
)


def _segment(plan: _Plan, metric: Metric | None, draft: Draft, lang: Lang) -> str:
    """Who the objective is for, as the draft names it; empty when it names nobody (a question follows)."""
    # A note to the team ("(note pour l'équipe : …)") names its reader, not the objective's segment.
    notes = [
        c.text for c in draft.context if not c.text.lstrip().startswith("(") and not _FACT_LABEL.match(c.text)
    ]
    texts = [plan.source.text, *(line.text for line, _ in (*plan.kept, *plan.ideas)), *notes]
    for note in notes:
        # "Cible : les techniciens de maintenance", "Audience: field sales reps": the PM said whom it is for.
        labelled = _SEGMENT_LABEL.match(note)
        if labelled and _language_of(labelled.group("seg"), lang) == lang:
            return labelled.group("seg").strip(" .")
    for text in texts:
        for match in _SEGMENT.finditer(text):
            segment = _SEGMENT_STOP.sub("", match.group("seg")).strip(" ,.;:")
            if len(segment.split()) >= 2 and is_people(segment) and _language_of(segment, lang) == lang:
                return segment
    if metric:
        for segment in metric.segments_fr if lang == "fr" else metric.segments_en:
            # "le samedi" is when, not for whom: a library segment names people or a place.
            placed = re.match(
                r"^(?:sur|dans|en|aux?|chez|parmi|on|in|at|among|across)\b", segment, re.IGNORECASE
            )
            if any(rules.fold(segment) in rules.fold(t) for t in texts) and (placed or is_people(segment)):
                return segment
    return ""


# Words that match many metrics and prove none: a candidate found only through them is a guess.
_WEAK_WORDS = {
    "appli",
    "app",
    "application",
    "applications",
    "ecran",
    "ecrans",
    "screen",
    "screens",
    "data",
    "donnees",
    "marketing",
    "program",
    "programme",
    "campagne",
    "campaign",
    "projet",
    "project",
    "client",
    "clients",
    "utilisateur",
    "utilisateurs",
    "user",
    "users",
    "outil",
    "tool",
    "plateforme",
    "platform",
    "site",
    "page",
    # Generic business words and prepositions: any metric could be about them.
    *["avant", "apres", "before", "after", "pendant", "during", "sans", "without", "avec", "with"],
    *["employees", "employee", "salaries", "collaborateurs", "team", "teams", "equipe", "equipes"],
    *["process", "processus", "performance", "production", "technique", "technical", "nouveau", "nouvelle"],
    *["service", "services", "produit", "produits", "product", "products", "interactive", "interactives"],
    *["logements", "logement", "module", "systeme", "system", "solution", "offre", "offer", "reseau"],
    *["tech", "profils", "profiles", "digital", "numerique", "global", "interne", "internal"],
    *["mobile", "mobiles", "web", "ios", "android", "online", "ligne"],
    # Words with several meanings across trades: a homonym alone must not pick the metric ("drivers" of
    # forklifts are not couriers, a WMS "entrepôt" is no data warehouse, "Be the best place to work" no
    # placement, a canteen "réservation" no library loan, "droit social" no welfare benefit, an accountant's
    # "collecte des pièces" no cash collection).
    *["time", "temps", "last", "first", "dernier", "premier", "cost", "costs", "cout", "couts", "work"],
    *["travail", "place", "places", "critical", "critique", "critiques", "zero", "region", "social"],
    *["sociale", "droit", "droits", "portail", "portal", "store", "stores", "drivers", "driver", "cabinet"],
    *["entrepot", "entrepots", "warehouse", "reservation", "reservations", "dossier", "dossiers", "click"],
    *[
        "collect",
        "collecte",
        "collectes",
        "agence",
        "agences",
        "agency",
        "agencies",
        "ops",
        "operations",
        "efficace",
        "efficaces",
    ],
    *["efficacite", "efficient", "efficiency", "performant", "performants", "performante", "nombre"],
    *["number", "taux", "rate", "additional", "public", "publics", "paiement", "paiements", "payment"],
    *["payments", "go live", "temps reel", "real time", "real-time", "network", "networks", "handling"],
    *[
        "qr code",
        "adherents",
        "adherentes",
        "members",
        "membres",
        "turnaround",
        "pickup",
        "locker",
        "lockers",
        # A crown order of a dental lab is no warehouse order, a pool's booked slot no hotel booking.
        *["reserve", "reserves", "reservee", "reservees", "reserver"],
        # Joint accounts are no joint selling; a lift technician's visit no fibre installation.
        *["joint", "technicien", "techniciens", "technician", "technicians", "visite", "visites"],
        "order",
        "orders",
        "commande",
        "commandes",
    ],
}
# A second metric is kept only when the ranking scores it at least this share of the first.
SECOND_METRIC_SHARE = 0.5


def _meaningful(matched: list[str]) -> list[str]:
    """Matched draft words that say what is measured: no delivery word, no generic noun, no verb.

    "Réserver", "Organiser", "Ship", "Train" matched a metric's signals but say nothing of the outcome;
    a phrase counts unless it opens on a delivery verb ("version tablette" does, "Go live" does not).
    """
    words = [
        rules.fold(w)
        for w in matched
        if not _delivery_word(w) or (" " in w and rules.fold(w.split()[0]) in _DELIVERY_WORDS)
    ]
    return [
        w for w in words if len(w) >= 3 and w not in _WEAK_WORDS and (" " in w or not rules.is_known_verb(w))
    ]


LAUNCH_METRIC = "product_feature_adoption_rate"


def _said(plan: _Plan, facts: list[str]) -> str:
    """What the objective line and its stated facts say, folded: where a metric's topic must show."""
    return rules.fold(" ".join([plan.source.text, *facts]))


def _telling(metric: Metric, words: list[str]) -> bool:
    """Evidence that names the metric: two words, a phrase, or one word its name or theme says.

    One shared word is often a homonym: "mandats" of an estate agent are not direct-debit mandates,
    "agences" of a carrier are not letting agencies, "alertes" of a farm app are not incident alerts.
    """
    # "data-driven" is a compound, as specific as a phrase.
    if any(" " in w or "-" in w for w in words) or len({rules.stem(w) for w in words}) >= 2:
        return True
    own = " ".join([metric.name_fr, metric.name_en, metric.theme_fr.text, metric.theme_en.text])
    named = {rules.stem(w) for w in rules.content_words(f"x {own}")}
    return any(rules.stem(w) in named for w in words)


def _strong(candidate: Suggestion, top: Suggestion, said: str, first: bool, anchored: bool) -> bool:
    """The ranking found this metric from what the draft is about, not from a word it happens to share.

    Under an objective line (`anchored`), the first library KR needs a meaningful word that line or a fact
    says, or a whole phrase of a deliverable; without one, a word of the facts or two of the deliverables.
    Any later one needs two meaningful words or a whole phrase ("panier moyen"): a guess is worse than a
    "metric to choose".
    """
    if candidate.score < SECOND_METRIC_SHARE * top.score:
        return False
    if first and candidate.metric_id == LAUNCH_METRIC and any(_delivery_word(w) for w in candidate.matched):
        # "Lancer la v2 — Livrer la feature A": the method's measure of a launch is whether it is adopted.
        return True
    words = _meaningful(candidate.exact)
    if not _telling(get_metric(candidate.metric_id), words):
        return False
    if first and anchored:
        # Under an objective line, the first grounded KR must be about what that line or a fact names,
        # or be pointed to by a whole phrase of a deliverable ("notifications push"), not by loose words.
        return any(w in said or " " in w for w in words)
    distinct = {rules.stem(w) for w in words}
    if len(distinct) >= 2 or any(" " in w for w in words):
        return True
    return first and any(w in said for w in words)


_METRIC_HEADS = {
    rules.stem(w)
    for w in [
        "churn",
        "attrition",
        "retention",
        "rétention",
        "abandon",
        "conversion",
        "nps",
        "csat",
        "renouvellement",
        "renewal",
        "désabonnement",
        "résiliation",
        "cancellation",
    ]
}


def _repeats(candidate: Suggestion, krs: list[KeyResult]) -> bool:
    """The candidate measures what a KR already measures ("le taux de renouvellement" twice)."""
    name = {
        rules.stem(w) for w in rules.content_words(f"x {candidate.name}") if rules.fold(w) not in _NAME_FILLER
    }
    for kr in krs:
        have = {
            rules.stem(w) for w in rules.content_words(f"x {kr.metric}") if rules.fold(w) not in _NAME_FILLER
        }
        if have and name and len(name & have) / min(len(have), len(name)) >= 0.5:
            return True
        if name & have & _METRIC_HEADS:
            return True  # "churn of SMB accounts" and "the monthly subscriber churn rate" measure one thing
    return False


def _confident(best: Suggestion, plan: _Plan, draft: Draft, krs: list[KeyResult]) -> bool:
    """The top metric was found from what the objective or a stated fact says, not from delivery words.

    When a KR was built from a stated fact, the metric must also share a word with that fact's metric.
    """
    # With no objective line, the draft's lines are all it says about its aim.
    lines = [plan.source.text] if plan.source.text.strip() else [k.text for k in plan.source.key_results]
    said = rules.fold(" ".join([*lines, *(c.text for c in draft.context)]))
    words = _meaningful(best.exact)
    if not any(w in said for w in words) or not _telling(get_metric(best.metric_id), words):
        return False
    facts = [
        rules.fold(k.metric) for k in krs if k.source == "draft" and not k.metric_id and not k.draft_text
    ]
    return not facts or any(w in f for w in words for f in facts)


_DELIVERY_WORDS = {
    "feature",
    "fonctionnalite",
    "nouvelle",
    "nouveau",
    "new",
    "version",
    "release",
    "lancement",
    "launch",
}


def _delivery_word(word: str) -> bool:
    folded = rules.fold(word.split()[0]) if word.split() else ""
    return (
        rules.kr_verb_kind(word) == "output"
        or folded in rules.FEATURE_VERBS | rules.PROJECT_VERBS
        or folded in _DELIVERY_WORDS
    )


_TOPIC_VERBS: dict[Lang, tuple[str, str]] = {"fr": ("Favoriser", "l'usage"), "en": ("Drive", "the use")}
_TOPIC_NOISE = re.compile(
    r"^(?:(?:le|la|les|l['’]|un|une|des|du|notre|nos|the|a|an|our)\s*)?(?:(?:nouvel(?:le)?s?|nouveaux|new)\s+)?"
    r"(?P<thing>(?:feature|fonctionnalit[ée]|version|module|release|lancement|launch|projet|project|refonte)\s+"
    r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+(?:the\s+)?)?)?",
    re.IGNORECASE,
)


_TOPIC_DEADLINE = re.compile(
    r"\s+(?:by|before|until|d['’]ici|avant|pour)\s+[^.;]{0,30}?\d{4}.*$", re.IGNORECASE
)


# A subject starts with an article or a name ("la nouvelle appli", "API v3"), not an adverb ("faster").
_NOUN_START = re.compile(
    r"^(?:(?i:le|la|les|l['’]|un|une|des|du|notre|nos|votre|the|a|an|our|your)\b|[A-Z0-9])"
)


_MIGRATION_VERBS = r"(?:migr|bascul|remplac|replac|switch|move|transfer|port)"
# What a PM's users use: a product, a tool, a channel. "L'usage de la gestion des mandats" means nothing.
_USABLE = re.compile(
    r"\b(?:appli\w*|app|apps|portail|portal|outils?|tools?|modules?|plateformes?|platforms?|fonctionnalit\w*|features?"
    r"|services?|offres?|offers?|parcours|espaces?|site|sites|logiciels?|software|api|carte|cartes|cards?|assistant"
    r"|chatbot|bot|dashboards?|tableaux? de bord|catalogue|catalog|marketplace|programmes?|programs?|abonnements?"
    r"|subscriptions?|formulaires?|forms?|moteur|engine|checklist|widgets?|extensions?|plugins?|sdk|cms|crm|erp"
    r"|self-service|paiements?|payments?|wallet|checkout|messagerie|chat|notifications?|simulateur|configurateur"
    r"|teleconsultation|bornes?|kiosks?|mode|option|declaration en ligne|e-\w+|version|v\d+)\b"
)
# A named tool is the head of the topic ("le SIGB de la médiathèque", "Gainsight"), not a place after it
# ("l'entrepôt de Lyon-Corbas" is no product people use).
_NAMED = re.compile(r"[A-Z][A-Za-z0-9]+\b")
_ARTICLE = re.compile(r"^(?:le|la|les|l['’]|un|une|des|du|notre|nos|the|a|an|our)\s*", re.IGNORECASE)


def _topic_objective(text: str, segment: str, lang: Lang) -> Objective:
    """ "Lancer la nouvelle appli" → "Favoriser l'usage de la nouvelle appli": the draft's subject, an outcome verb."""
    topic = text.strip()
    parts = topic.split(None, 1)
    named_project = _PROJECT_NOUN_HEAD.match(topic)
    if named_project:
        # "Refonte de l'app mobile Cinémas": the project's noun stands for its verb; what it works on is the
        # subject, with the article its "de" held ("du module" → "le module").
        held = {"du": "le ", "des": "les ", "de la": "la ", "de l'": "l'", "de l’": "l'"}
        joined = rules.fold(named_project.group("of")).strip().lower()
        parts = ["Refondre", held.get(joined, "") + named_project.group("rest")]
    from rewriter.language import confident_language

    foreign = confident_language(text) not in (None, lang)
    if (
        foreign
        or not parts
        or not (rules.is_known_verb(parts[0]) or rules.kr_verb_kind(parts[0]) == "output")
    ):
        # "Pass enterprise security reviews …": no delivery verb to take off, so no subject to build on.
        return Objective(verb="", qualifier=OBJECTIVE_PLACEHOLDER[lang], target=segment, source="code")
    topic = parts[1] if len(parts) > 1 else ""
    topic = _TOPIC_DEADLINE.sub("", split_deadline(topic)[0]).strip(" ,.")
    if segment and rules.fold(segment) in rules.fold(topic):
        # The segment is said once, after the qualifier: "… de la campagne de rentrée pour les étudiants".
        topic = topic[: rules.fold(topic).find(rules.fold(segment))].strip()
        topic = re.sub(r"\s+(?:pour|for|auprès de|chez|among)$", "", topic, flags=re.IGNORECASE)
    noise = _TOPIC_NOISE.match(topic)
    # Only a named deliverable is noise ("la nouvelle feature d'épargne" → "épargne"); an article stays.
    if noise and noise.group("thing"):
        topic = topic[noise.end() :].strip() or topic
    if re.match(_MIGRATION_VERBS, rules.fold(parts[0])):
        # "Migrer le SIGB vers Koha": the move is the work; "l'usage du SIGB vers Koha" says nothing.
        topic = re.split(
            r"\s(?:vers|to|sur|onto|into|from|depuis|de\s+\S+\s+(?=vers|à))\s", topic, maxsplit=1
        )[0]
    if (
        not topic
        or not _NOUN_START.match(topic)
        or rules.PROJECT_NOUNS.search(topic)
        or not (_USABLE.search(rules.fold(topic)) or _NAMED.match(_ARTICLE.sub("", topic, count=1)))
    ):
        # "Moderniser la rédaction": a newsroom is not "used"; only a product or a named tool is.
        # "Hire faster": no subject to build on; the placeholder is an honest question, not a made-up phrase.
        return Objective(verb="", qualifier=OBJECTIVE_PLACEHOLDER[lang], target=segment, source="code")
    verb, head = _TOPIC_VERBS[lang]
    if lang == "fr":
        article = re.match(r"^(le|les|la|l['’])\s*", topic, re.IGNORECASE)
        if article is None:
            joined = f"d'{topic}" if _elides(topic) else f"de {topic}"
        else:
            word = article.group(1).lower()
            rest = topic[article.end() :]
            joined = {"le": f"du {rest}", "les": f"des {rest}", "la": f"de la {rest}"}.get(
                word, f"de l'{rest}"
            )
    else:
        joined = f"of {topic}"
    if re.search(r"\s(?:for|pour)\s", topic) and (not segment or segment.startswith("[")):
        # "the new booking app for the Channel crossings": the topic says what it is for; a second
        # "for [segment]" would read twice.
        return Objective(
            verb=verb, qualifier=f"{head} {joined}", target="", source="code", needs_segment=False
        )
    return Objective(verb=verb, qualifier=f"{head} {joined}", target=segment, source="code")


_PROJECT_NOUN_HEAD = re.compile(
    r"^(?:refonte|lancement|d[ée]ploiement|sortie|nouvelle version|redesign|revamp|launch|roll-?out|release)\s+"
    r"(?P<of>de la\s+|de l['’]|du\s+|des\s+|de\s+|d['’]|of the\s+|of\s+)(?P<rest>\S.*)$",
    re.IGNORECASE,
)

_SHORT_GRAMMAR = {"les", "des", "the", "our", "nos", "aux", "for", "par", "sur", "and", "une", "qui", "who"}


def _names_a_segment(qualifier: str, draft: Draft) -> bool:
    """The theme already says whom it is for, in the draft's words ("l'autonomie des nouveaux salariés")."""
    words = [rules.fold(w) for w in rules.words(qualifier)]
    source = rules.fold(draft.raw)
    # "new hires" is a pair too: a short adjective counts, a grammar word does not.
    pairs = [
        f"{a} {b}"
        for a, b in itertools.pairwise(words)
        if (len(a) > 3 or (len(a) == 3 and a not in _SHORT_GRAMMAR)) and len(b) > 3
    ]
    return any(re.search(rf"\b{re.escape(p)}\b", source) for p in pairs) and bool(
        _PEOPLE.search(rules.fold(qualifier))
    )


# Words that read as verbs but open a segment ("managers", "partenaires" are nouns; "les" is no verb).
_PEOPLE_VERBS_OK = {
    "les",
    "des",
    "nos",
    "our",
    "the",
    "managers",
    "partenaires",
    "partners",
    "users",
    "clients",
}
_PEOPLE = re.compile(
    r"\b(?:salaries|recrues|clients|utilisateurs|usagers|patients|agents|commercants|developpeurs|partenaires"
    r"|vendeurs|acheteurs|abonnes|lecteurs|etudiants|employes|managers|equipes|employees|hires|customers|users"
    r"|patients|agents|merchants|developers|partners|sellers|buyers|subscribers|readers|students|teams"
    r"|techniciens|technicians|commerciaux|conseillers|enseignants|teachers|soignants|medecins|doctors|pme|smb"
    r"|entreprises|companies|cabinets|firms|accounts|comptes|familles|families|parents|citoyens|citizens"
    r"|collaborateurs|recruteurs|recruiters|candidats|candidates|locataires|tenants|assures|voyageurs|travellers"
    r"|team|equipe|staff|personnel|service|artisans|contractors|freelances|independants|retailers|commerces"
    r"|reps|representatives|vendeurs|sellers|drivers|chauffeurs|livreurs|couriers|agences|branches)\b"
)


def is_people(segment: str) -> bool:
    """Names people or organisations: a known word, or a plural noun right after the article ("pour les PME").

    A label ("KR1 : …"), a sentence opening on a verb ("Paramétrer les emplacements") or a header ("People team
    H1 2027") is no segment.
    """
    folded = rules.fold(segment)
    first = folded.split()[0] if folded.split() else ""
    if (
        ":" in segment
        or re.search(r"\d", segment)
        or (rules.is_known_verb(first) and first not in _PEOPLE_VERBS_OK)
    ):
        return False
    if _PEOPLE.search(folded):
        return True
    words = folded.split()
    article = next((i for i, w in enumerate(words) if w in {"les", "des", "nos", "our", "the"}), None)
    noun = words[article + 1] if article is not None and article + 1 < len(words) else ""
    return len(noun) > 3 and (noun.endswith(("s", "x")) or noun.isupper())


def _objective(plan: _Plan, krs: list[KeyResult], draft: Draft, lang: Lang) -> Objective:
    text = plan.source.text.strip()
    # "Fidéliser nos clients" over "Passer de 40 % à 55 % la part des clients qui reviennent": vague is a
    # warning, and the PM's own KRs say what it means; a library theme would guess.
    vague_but_measured = (
        bool(text)
        and rules.is_vague_objective(text)
        and any(k.source == "draft" for k in krs)
        and is_sound_objective(text, lang, vague_ok=True)
    )
    if text and (vague_but_measured or is_sound_objective(text, lang)):
        # "… réduire coûts énergie ??": the PM's doubt marks are no part of the objective; "ce trimestre" is
        # the cycle, said by the KRs' deadlines; ", et que les compagnons …" is a second wish, not the aim.
        text = re.sub(r"\s*[?!]{2,}\s*$", "", text)
        text = _CYCLE_WORDS.sub("", text)
        text = re.split(r",\s*(?:et que|et qu['’]|and that|and we want)\b", text, maxsplit=1)[0].strip(" ,")
        verb = rules.leading_verb(text)
        at = rules.fold(text).find(rules.fold(verb))
        return Objective(
            verb=text[: at + len(verb)],
            qualifier=text[at + len(verb) :].strip(),
            target="",
            draft_text=text,
            source="draft",
        )
    wished = _QUE_WISH.match(text)
    if wished and lang == "fr":
        # "Que les parents n'aient plus à appeler la crèche …": the PM's aim, put in the infinitive as said,
        # is closer to it than any library theme.
        aim = re.sub(r"\s*[?!.]+\s*$", "", text[wished.end() :]).strip()
        # "… plus contents du support cette année": the cycle is the KRs' deadline, not part of the aim.
        aim = _CYCLE_WORDS.sub("", aim)
        reworded = f"Faire en sorte {wished.group('que').lower()}{aim}"
        if is_sound_objective(reworded, lang):
            # The wish says whom it is for ("les parents"): no segment to ask.
            return Objective(
                verb="Faire en sorte",
                qualifier=reworded[len("Faire en sorte ") :],
                target="",
                source="code",
                needs_segment=False,
            )
    # A draft with no objective line that states a change ("Réduire la casse … de 30 %") has said its aim.
    from_kr = None if text else _kr_objective(krs, lang)
    if from_kr is not None:
        return from_kr
    # The objective is what its KRs prove: the first KR tied to a library metric gives the theme.
    grounding = next((k for k in krs if k.metric_id), None)
    top = get_metric(grounding.metric_id) if grounding and grounding.metric_id else None
    # A sound KR of the PM's own says what the objective is about, whatever words its line uses.
    own = grounding is not None and grounding.draft_text is not None
    if top is not None and text and not own and not _about(top, text, lang):
        # "Lancer l'espace locataire" is not about supplier invoices: a theme must be what the line names.
        top = None
    if top is None:
        ranked = _candidates(plan, draft, lang)
        # "Réussir le projet referral": the first candidate the objective line itself names gives the theme.
        pointed = next(
            (
                c
                for c in ranked[:CANDIDATES_LOOKED_AT]
                if text and _about(get_metric(c.metric_id), text, lang, True)
            ),
            None,
        )
        confident = ranked and _confident(ranked[0], plan, draft, krs)
        chosen = pointed or (ranked[0] if confident else None)
        top = get_metric(chosen.metric_id) if chosen else None
    segment = _segment(plan, top, draft, lang)
    if top is None:
        topical = _topic_objective(text, segment, lang)
        usable = topical.verb and objective_form_problem(f"{topical.verb} {topical.qualifier}", lang) is None
        if usable or not ranked:
            return topical
        if not confident:
            # An unrelated theme reads as nonsense to the PM; an objective to write is an honest question.
            return topical
        top = get_metric(ranked[0].metric_id)
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
    if all(objective_form_problem(f"{v} {theme.text}", lang) for v in theme.verbs):
        # "Faciliter la migration vers la nouvelle API" aims at a deliverable: the theme cannot be used as is.
        topical = _topic_objective(text, segment, lang)
        if topical.verb:
            return topical
    if objective_form_problem(f"{verb} {theme.text}", lang) and len(theme.verbs) > 1:
        candidate.verb = theme.verbs[1]
    return candidate


# "ce trimestre", "this year" in an objective: the cycle, which the KRs' deadlines already say.
_CYCLE_WORDS = re.compile(
    r"\s+(?:ce trimestre|cette année|cette annee|this quarter|this year)\b", re.IGNORECASE
)

# "Que les parents …", "On veut que nos clients …": an objective worded as a wish for a state of things.
_QUE_WISH = re.compile(
    r"^(?:(?:on veut|on voudrait|nous voulons|notre (?:objectif|but) est)\s+)?(?P<que>que\s+|qu['’])",
    re.IGNORECASE,
)


def _about(metric: Metric, text: str, lang: Lang, strict: bool = False) -> bool:
    """The line itself points to the metric through a word that is no generic noun ("Recruter plus vite"
    does point to time to hire when the KRs chose it; `strict`, for a metric no KR chose, wants no verb)."""
    ranked = rank_metrics((text,), lang, CANDIDATES, distinct_families=False)  # type: ignore[arg-type]
    for s in ranked:
        if s.metric_id != metric.id:
            continue
        if strict:
            return bool(_meaningful(s.exact)) and _telling(metric, _meaningful(s.exact))
        # A project verb ("Recruter") says what the KRs measure; only shipping verbs and named deliverables do not.
        return any(
            rules.fold(w) not in _WEAK_WORDS
            and rules.fold(w.split()[0]) not in _DELIVERY_WORDS
            and rules.fold(w) not in rules.FEATURE_VERBS
            and len(w) > 3
            for w in s.exact
        )
    return False


def _kr_objective(krs: list[KeyResult], lang: Lang) -> Objective | None:
    """A draft with a measured line and no objective ("Réduire le gaspillage … de 15 % ce trimestre"):
    the change it states, without its numbers, is the objective."""
    for kr in krs:
        verb = rules.fold((kr.verb or "").split(" ")[0])
        # "Porter le nombre de tickets à 500" names a level, not a change an objective can aim at.
        if kr.source != "draft" or not kr.metric or verb not in _OBJECTIVE_CHANGE_VERBS:
            continue
        # "(45 jours aujourd'hui)": a stated value in brackets belongs to the KR, not to the aim.
        metric = re.sub(r"\s*\([^()]*(?:\)|$)|\s*\)", "", kr.metric)
        metric = _KR_PERIOD.sub("", _TOPIC_DEADLINE.sub("", split_deadline(metric)[0])).strip(" ,.")
        # "Diviser par deux le délai …": the objective says the change, its size belongs to the KR.
        said_verb = VERBS[lang]["down"] if verb in ("diviser", "halve") else kr.verb
        sentence = f"{said_verb} {metric}"
        if objective_form_problem(sentence, lang) is None and len(metric.split()) >= 2:
            return Objective(verb=said_verb, qualifier=metric, target="", source="code", needs_segment=False)
    return None


_OBJECTIVE_CHANGE_VERBS = {
    *["reduire", "diminuer", "augmenter", "ameliorer", "accelerer", "diviser", "doubler", "limiter"],
    *["reduce", "cut", "increase", "improve", "grow", "raise", "lower", "halve", "double", "speed"],
}
_KR_PERIOD = re.compile(
    r"\s+(?:ce|cette|this|next|le|au|en)\s+(?:trimestre|semestre|mois|année|annee|an|quarter|half|year|month)\b.*$",
    re.IGNORECASE,
)


def _links(initiatives: list[str], krs: list[KeyResult], lang: Lang) -> list[int]:
    """For each initiative, the KR whose metric its words point to (the library's ranking); the first otherwise."""
    ids = [k.metric_id for k in krs]
    links = []
    for text in initiatives:
        ranked = [s.metric_id for s in rank_metrics((text,), lang, 10, distinct_families=False)]  # type: ignore[arg-type]
        best = next((ids.index(m) for m in ranked if m in ids), None)
        if best is None:
            words = {rules.stem(w) for w in rules.content_words(f"x {text}")}
            overlaps: list[int] = [
                len(words & {rules.stem(w) for w in rules.content_words(f"x {k.metric}")}) for k in krs
            ]
            top = max(overlaps, default=0)
            best = overlaps.index(top) if top else 0
        links.append(best)
    return links


_YEAR = re.compile(r"\b(20\d\d)\b")


_LABEL_YEAR = re.compile(
    r"^(?i:objectifs?|objectives?|okrs?|goals?)\b[^:\n]{0,40}\b(20\d\d)\b[^:\n\d]{0,20}:", re.M
)


def _period_end(text: str) -> str | None:
    """The year a header's period ends in: "2026-2027" and "2026/27" end in 2027."""
    season = re.search(r"\b(20\d\d)\s?[/-]\s?(20\d\d|\d\d)\b", text)
    if season:
        end = season.group(2)
        return end if len(end) == 4 else f"20{end}"
    year = _YEAR.search(text)
    return year.group(1) if year else None


def _default_deadline(draft: Draft, lang: Lang) -> str | None:
    """The cycle's end ("fin T2 2027"); the year a header names ("OKR groupe — année 2027") when no cycle is.

    Only header lines date the draft: a fact's year ("taux de rebut 2026 : 3,4 %") is when it was measured.
    """
    cycle = draft.cycle
    if not cycle:
        if draft.reading is not None:
            headers = [line.text for line in draft.reading.of_role("header")]
        else:
            headers = [c.text for c in draft.context if len(c.text) < 80]
        years = [y for y in map(_period_end, headers) if y]
        # "Objectif de l'asso pour 2027 : …": the year said in a line's label, before its colon.
        years += [m.group(1) for m in _LABEL_YEAR.finditer(draft.raw)]
        cycle = years[0] if years else None
    if not cycle:
        return None
    return f"fin {cycle}" if lang == "fr" else f"end of {cycle}"


def objective_sources(draft: Draft, lang: Lang) -> list[DraftObjective]:
    """The draft objectives the rewrite's objectives come from, in the same order."""
    return _objectives(draft, lang)


def compose(draft: Draft, lang: Lang) -> RewriteResult:
    """The deterministic rewrite of a draft: kept lines, carried deliverables, library KRs with placeholders."""
    default_deadline = _default_deadline(draft, lang)
    objectives: list[Objective] = []
    sources = _objectives(draft, lang)
    facts_of = _assign_facts(_facts(draft), sources)
    # One draft's objectives are different outcomes: a metric family proves one of them, not two.
    used: set[str] = set()
    # A one-line draft's sentence is its KR already, not a fact to build another KR from.
    spent = {k.line for o in sources if not o.line for k in o.key_results}
    spent_texts = [c.text for c in draft.context if c.line in spent]
    for source in sources:
        plan = _plan(source)
        facts = [f for f in facts_of.get(id(source), []) if not any(f in t for t in spent_texts)]
        krs = [_kept_kr(line, read, lang, kept=True) for line, read in plan.kept]
        krs += [_kept_kr(line, read, lang, kept=False) for line, read in plan.ideas]
        krs += [_measure_kr(line, read, lang) for line, read in plan.measures]
        families = {get_metric(k.metric_id).family for k in krs if k.metric_id} | used
        candidates = [c for c in _candidates(plan, draft, lang) if c.family not in used]
        starts = {rules.normalize_number(k.baseline) for k in krs if k.baseline}
        for fact in facts:
            # A stated fact is the PM's own measure: it becomes a KR even past two, up to the method's three.
            if len(krs) >= MAX_FACT_KRS:
                break
            stated = rules.measure_numbers(fact)
            if stated and rules.normalize_number(stated[0]) in starts:
                # "47 % of new drivers stop within 30 days" under "Reduce 30-day driver churn from 47%": the
                # PM's KR already starts from that fact.
                continue
            matched = next(
                (
                    c
                    for c in candidates
                    if c.family not in families and _baseline_for(get_metric(c.metric_id), [fact], lang)
                ),
                None,
            )
            if matched and not _has_window(fact):
                families.add(matched.family)
                krs.append(_library_kr(get_metric(matched.metric_id), [fact], lang))
            elif _language_of(fact, lang) == lang and (fact_kr := _fact_kr(fact, lang)) is not None:
                named = None if matched else _metric_of(fact_kr.metric, lang)
                if matched:
                    families.add(matched.family)
                    fact_kr.metric_id = matched.metric_id
                elif named and named.family not in families:
                    # "le temps d'attente en caisse le samedi" is the library's checkout wait, worded by the PM.
                    families.add(named.family)
                    fact_kr.metric_id = named.id
                # "38 % arrêtent" measures the mirror of donor retention: no second KR on that family.
                mirror = next(
                    (
                        c
                        for c in candidates
                        if c.family not in families
                        and _baseline_for(get_metric(c.metric_id), [fact], lang, either_way=True)
                    ),
                    None,
                )
                if mirror:
                    families.add(mirror.family)
                krs.append(fact_kr)
        if len(krs) < MIN_KRS:
            library_krs = 0
            said = _said(plan, facts)
            anchored = bool(plan.source.text.strip())
            # A draft KR the library words differently ("first response time, ?? maybe …") still says the area.
            repeated: set[str] = set()
            sound_aim = bool(source.text.strip()) and is_sound_objective(source.text, lang)
            for rank, suggestion in enumerate(candidates):
                if len(krs) >= MIN_KRS or rank >= CANDIDATES_LOOKED_AT:
                    break
                if suggestion.family in families or _repeats(suggestion, krs):
                    repeated.add(get_metric(suggestion.metric_id).domain)
                    continue
                # One objective is one outcome area: a KR from another domain than its grounded KRs is a
                # neighbour found by a shared word ("checkout" of a web shop and of a store).
                domains = {get_metric(k.metric_id).domain for k in krs if k.metric_id} | repeated
                if domains and get_metric(suggestion.metric_id).domain not in domains:
                    continue
                if not _strong(suggestion, candidates[0], said, not library_krs, anchored):
                    # A weak guess measures nothing relevant: an explicit "metric to choose" is better.
                    continue
                if sound_aim and not _about(get_metric(suggestion.metric_id), source.text, lang):
                    # "Réduire les retours produits" stands as written: a new KR must measure that aim, not
                    # what a deliverable's words ("fiches produit") point to.
                    continue
                families.add(suggestion.family)
                library_krs += 1
                krs.append(_library_kr(get_metric(suggestion.metric_id), facts, lang))
        while len(krs) < MIN_KRS:
            neutral = "Faire passer" if lang == "fr" else "Move"
            krs.append(KeyResult(verb=neutral, metric=METRIC_PLACEHOLDER[lang], source="code"))
        for kr in krs:
            if kr.deadline is None and default_deadline:
                kr.deadline = default_deadline
        used |= families
        objective = _objective(plan, krs, draft, lang)
        objective.key_results = krs
        # An objective that was a delivery ("Lancer la v2", "Julie : publier 2 posts") is carried too.
        carried = ([source.text] if _is_delivery(source.text, objective) else []) + plan.deliverables
        objective.initiatives = [
            Initiative(text=text, kr=kr) for text, kr in zip(carried, _links(carried, krs, lang), strict=True)
        ]
        objectives.append(objective)
    return RewriteResult(lang=lang, draft=draft.raw, objectives=objectives)


MAX_FACT_KRS = 3
# Only the top of the ranking is trusted: past it, a "metric to choose" is asked rather than guessed.
CANDIDATES_LOOKED_AT = 3
_WINDOW = re.compile(r"\b(?:[JDM]\s?\d{1,3}|\d{1,3}\s?(?:jours|days|j))\b", re.IGNORECASE)
_PERSON_LABEL = re.compile(r"^[A-ZÉÈ][\w'’-]+(?:\s[A-ZÉÈ][\w'’-]+)?(?:\s?:|\s[-–])\s+\S", re.UNICODE)


def _has_window(fact: str) -> bool:
    """ "Rétention à J30 : 18 %": the PM's wording carries the window the library's name would lose."""
    return bool(_WINDOW.search(_FACT_LABEL.sub("", fact).split(":")[0]))


def _is_delivery(text: str, objective: Objective) -> bool:
    """The draft's objective line named a delivery or a person's task, and the rewrite replaced it."""
    if not text.strip() or objective.draft_text:
        return False
    # "Hire faster", "Recruter plus vite": a verb and how, no thing delivered: an outcome worded loosely.
    rest = text.strip().split(None, 1)[1] if len(text.split()) > 1 else ""
    if re.fullmatch(
        r"(?:plus |more |much |bien )?[\w'’-]+(?:er|ly|ment|vite|mieux)", rest.strip(), re.IGNORECASE
    ):
        return False
    return bool(
        rules.objective_task_kind(text) or rules.kr_verb_kind(text) == "output" or _PERSON_LABEL.match(text)
    )
