"""The keep step: the draft's objectives as the composer takes them, and each one's lines sorted by role.

A one-liner becomes an objective with its KR, a measured "objective" becomes a KR, and past three
objectives the sound ones stay. Under each objective, `plan_of` sorts the lines the reader listed into
sound KRs kept word for word, right KRs without numbers (ideas), measures without a verb, and deliverables
(carried later as initiatives); `kept_kr` and `measure_kr` build KRs from the draft's own lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rewriter import rules
from rewriter.analysis.soundness import is_sound_kr, is_sound_objective, is_task_despite_verb
from rewriter.compose.names import SHARE_FACT, measure_name, metric_of, share_metric, share_within_delay
from rewriter.compose.words import VERBS
from rewriter.draft import Draft, DraftLine, DraftObjective, Lang
from rewriter.kr_reading import (
    ReadKeyResult,
    is_change_opening,
    read_key_result,
    split_deadline,
    words_to_digits,
)
from rewriter.parsing import strip_row_values
from rewriter.reading import rows as reading_rows
from rewriter.reading.measures import read_values
from rewriter.reading.roles import is_measure, person_task, row_start_and_aim, said_change
from rewriter.result import KeyResult

MAX_OBJECTIVES = 3


# A one-line draft often opens on its cycle: "Au T2, diviser par deux les retours produits."
_LEADING_CYCLE = re.compile(
    r"^\s*(?:(?:au|en|pour|d['’]ici|by|in|for)\s+)?(?:(?:la\s+)?fin\s+(?:du\s+|de\s+)?|end of\s+)?"
    r"(?:[TQSH][1-4](?:\s*20\d\d)?|20\d\d)(?:\s+(?:goal|objectif|objective|okr))?\s*[,:;–—-]\s*",
    re.IGNORECASE,
)


@dataclass
class Plan:
    """One objective of the draft as the composer sees it."""

    source: DraftObjective
    kept: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    ideas: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    measures: list[tuple[DraftLine, ReadKeyResult]] = field(default_factory=list)
    deliverables: list[str] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)


def objectives_of(draft: Draft, lang: Lang) -> list[DraftObjective]:
    """The draft's objectives, a one-liner made into one. Past three, every sound objective stays (five sound
    objectives in, five out: the analyzer reports the count); the others fill the places left up to three and
    the rest are merged, their lines carried, into the nearest objective kept before them."""
    objectives = _measures_joined([_kr_shaped(o) for o in draft.objectives if o.text or o.key_results])
    if not objectives:
        objectives = [_one_liner(draft)]
    if len(objectives) <= MAX_OBJECTIVES:
        return objectives
    sound = [i for i, o in enumerate(objectives) if is_sound_objective(o.text, lang)]
    others = [i for i in range(len(objectives)) if i not in sound]
    chosen = sorted(sound + others[: max(0, MAX_OBJECTIVES - len(sound))])
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


def _measures_joined(objectives: list[DraftObjective]) -> list[DraftObjective]:
    """ "• Personnes bloquées : délai de désincarcération < 30 min dans 95 % des cas" after an objective and its
    KRs, alone at its level: a measure with no KR of its own is a KR of the objective above, not an objective."""
    from rewriter.reading.roles import is_measure

    joined: list[DraftObjective] = []
    for obj in objectives:
        # "🎯 Réduire le délai d'attente moyen de 11 à 6 mois" alone under an objective: a measured change, its KR.
        measured = is_measure(obj.text) or not _kr_shaped(obj).text
        if joined and obj.text and not obj.key_results and joined[-1].text and measured:
            home = joined[-1]
            joined[-1] = DraftObjective(
                text=home.text,
                line=home.line,
                key_results=[*home.key_results, DraftLine(text=obj.text, line=obj.line or 0)],
            )
            continue
        joined.append(obj)
    return joined


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
    share = SHARE_FACT.match(text)
    if not share:
        return None
    rest = re.split(r"[,(]", share.group("rest"))[0]
    metric = share_metric(rest, fr=bool(share.group("fr")))
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


# A subject in the first person left in a metric: the line tells what the team wants or did, it names no measure.
_TOLD_BY_US = re.compile(
    r"\b(?:we|we['’]d|we['’]ll|we['’]re|we['’]ve)\b"
    r"|\b(?:on|nous)\s+(?:a|avait|aura|est|veut|voudrait|vise|aimerait|souhaite|fait|compte|voulons|visons|avons"
    r"|sommes|souhaitons|aimerions)\b",
    re.IGNORECASE,
)


# What a measure's name never holds, once the reader cut a line into slots: a clause ("que le délai passe sous",
# "alors qu'on tourne autour de"), a person talking ("we were", "l'on sert"), a doubt ("— pas sûr qu'on ait …").
_CLAUSE_IN_NAME = {
    "fr": re.compile(
        r"\b(?:que|qu['’]|l['’]on|on|nous|alors|pas sûr|pas sure|le but|l['’]objectif|l['’]idée)\b|\s[—–]\s|;|(?:^|\s)(?:les|des|de|à|sous|du)\s*[,;]|[^\W\d_]\s*/\s*\d|(?:^|\s)\.\w",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:we|we['’]\w+|should|so that|not sure|the aim|the goal|our aim|our goal)\b|\s[—–]\s|;|(?:^|\s)(?:the|of|to|under|at)\s*[,;]|[^\W\d_]\s*/\s*\d|(?:^|\s)\.\w",
        re.IGNORECASE,
    ),
}


def reads_as_clause(metric: str, lang: Lang) -> bool:
    """The metric the reader cut from a line is a clause, not a name: the line is better kept as written."""
    return bool(_CLAUSE_IN_NAME[lang].search(metric))


# Where a line joins two measures: " et ", " and ", "; " before a second named measure with its own figure.
_JOIN = re.compile(r"\s+(?:et|and)\s+|\s*;\s+")
_FACTOR = re.compile(
    r"\b(?:divisée?s? par (?:deux|trois|2|3)|halved|doubled|doublée?s?|réduite?s? de moitié)\b", re.I
)


def two_measures(text: str) -> list[str]:
    """ "Taux de décroché : 72 % → 90 % et délai de rappel : 48 h → 24 h", "Reduce no-shows from 12% to 6% and
    cancellations from 9% to 5%": two measures, each with its name and its figures, read one by one; [text] when
    the line holds one ("entre 10 et 15 %", "les retards et les annulations de 20 %")."""
    for join in _JOIN.finditer(text):
        left, right = text[: join.start()].strip(" ,"), text[join.end() :].strip(" ,.")
        if (
            (_FACTOR.search(left) or (rules.measure_numbers(left) and _ENDS_ON_A_VALUE.search(left)))
            and rules.measure_numbers(right)
            and _names_a_measure(left)
            and _names_a_measure(right)
            and not re.match(r"(?:de|à|to|from|par|per|of|pour|for|entre|between)\b", right, re.IGNORECASE)
            and not _WISH_AFTER.match(right)
        ):
            return [left, right]
    return [text]


# "… 72 % → 90 %", "… from 12% to 6%", "… 48 h → 24 h (aujourd'hui 3,9)": the first measure's figures end it.
_ENDS_ON_A_VALUE = re.compile(r"\d\s*(?:%|[^\W\d_]{1,12}(?:/[^\W\d_]+)?)?\s*(?:\([^()]*\))?\s*$")
# "… ; on voudrait descendre à 60 %", "… and the aim is 80 a week": the same measure's aim, not a second one.
_WISH_AFTER = re.compile(
    r"(?:on|nous|we|the aim|the goal|l['’]objectif|le but|l['’]idée|our aim|our goal)\b", re.IGNORECASE
)


def _names_a_measure(part: str) -> bool:
    """A word that is no verb before the part's first figure: "Taux de décroché", "no-shows", "cancellations"."""
    head = re.split(r"\d", part, maxsplit=1)[0]
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]{2,}", head) if not rules.is_known_verb(w)]
    return bool(set(map(str.lower, words)) - _NOT_A_NAME)


_NOT_A_NAME = {"from", "de", "des", "les", "the", "sous", "under", "below", "moins", "plus", "than", "that"}


def _one_measure_a_line(lines: list[DraftLine]) -> list[DraftLine]:
    out: list[DraftLine] = []
    for line in lines:
        parts = two_measures(line.text) if line.role == "key_result" else [line.text]
        out += [line.model_copy(update={"text": part}) for part in parts]
    return out


def plan_of(obj: DraftObjective) -> Plan:
    """The objective's lines sorted by role and wording into kept KRs, ideas, measures and deliverables."""
    plan = Plan(source=obj)
    for line in _one_measure_a_line(obj.key_results):
        text = strip_row_values(line.text)
        if line.role == "task":
            if re.search(r"[^\W\d_]", text):  # "???", "-": a line with no word carries no deliverable
                plan.deliverables.append(text)
                if cells := _cells(text, line.text):
                    plan.cells[text] = cells
            continue
        if (
            line.role == "key_result"
            and row_start_and_aim(line.text)
            and rules.is_known_verb(rules.leading_verb(text))
            and not is_change_opening(text)
            and (aim := read_values(line.text).target)
            and rules.normalize_number(aim)
            in {rules.normalize_number(n) for n in rules.measure_numbers(text)}
        ):
            # "Renouveler 1,2 % du linéaire par an | 0,6 % | 1,2 %": the cell says the measure and its aim in the
            # author's words; it stands, its start from the row.
            plan.kept.append((line.model_copy(update={"text": text}), read_values(line.text)))
            continue
        if line.role == "key_result" and row_start_and_aim(line.text) and not is_sound_kr(text):
            # "Offer-to-enrolment conversion | 31% | 36%": the row's cells say the measure, whatever word opens it.
            plan.measures.append((line, read_values(line.text)))
            continue
        if line.role == "key_result" and not is_sound_kr(line.text) and _measured_as_written(text):
            # "Traiter 90 % des demandes en moins de 10 jours": the author's measure with its aim stands as written.
            plan.kept.append((line, read_values(line.text)))
            continue
        if line.role == "key_result" and rules.kr_verb_kind(text) == "output":
            # "Dématérialiser 90 % des factures (contre 55 %)": a share reached by a deliverable, measured.
            plan.measures.append((line, read_values(line.text)))
            continue
        if person_task(text) or is_task_despite_verb(text):
            # "Julie : publier 2 posts par semaine": a person's task, whatever number it holds.
            plan.deliverables.append(text)
        elif is_sound_kr(line.text):
            plan.kept.append((line, read_values(line.text)))
        elif rules.kr_verb_kind(text) is None and is_change_opening(text) and read_values(text).relative:
            # "Diviser par deux les réclamations": the change is stated in words; the sentence stands.
            plan.kept.append((line, read_values(text)))
        elif (
            rules.kr_verb_kind(text) is None
            and is_change_opening(text)
            and not (words_to_digits(text) != text and rules.measure_numbers(words_to_digits(text)))
        ):
            # "Réduire le churn des PME": the right KR without its numbers; kept, values asked.
            plan.ideas.append((line, read_values(text)))
        elif reading_rows.row("zero_lead").search(text.strip(" .")):
            # "No more missed insulin doses": a count whose aim is none, measured from today's level.
            plan.measures.append((line, read_values(line.text)))
        elif worded := said_change(text):
            # "Fewer unplanned vessel trips per turbine", "dossiers en attente : réduire": the way is said, the
            # verb is the method's, the metric named to follow it.
            read = read_values(worded)
            way_lang: Lang = "fr" if rules.fold(read.verb) in ("reduire", "augmenter") else "en"
            plan.ideas.append((line, read.model_copy(update={"metric": measure_name(read.metric, way_lang)})))
        elif _TOLD_BY_US.search(re.sub(r"\([^()]*\)?", " ", read_values(line.text).metric)):
            # "We'd like to bring that down for the three flagship projects to 9 months": a wish told in the
            # first person names its measure elsewhere; cut into slots it reads as nonsense, so it stands as said.
            plan.kept.append((line, read_values(line.text)))
        elif rules.kr_verb_kind(text) != "output" and (
            # "Moins de trois exclusions par semaine": a count said in words is measured like one in digits.
            is_measure(words_to_digits(line.text))
            # "Part … : la moitié (un tiers aujourd'hui)": an aim and a start said in words.
            or (reading_rows.row("said_aim_said_today").search(text) and read_values(text).baseline)
            or reading_rows.row("zero_after_colon").search(text)
            or reading_rows.row("zero_lead").search(text.strip(" ."))
        ):
            # "part de marché de 8 % à 12 %", "NPS : 32": a measure without its verb; the verb is written by code.
            plan.measures.append((line, read_values(line.text)))
        elif re.search(r"[^\W\d_]", text):
            plan.deliverables.append(text)
        # "???", "-": a line with no word carries no deliverable.
    # A table row's cells were folded into one line ("… — aujourd'hui 76 % — cible 88 %"): there is no sentence
    # to keep word for word, so its KR is written from its slots, in the draft's order among the kept ones.
    # So is a line with a labelled aside ("… (today : 38 % des écoutes)"): a label never reaches a sentence.
    rewritten = [item for item in plan.kept if _rewritten(item[0].text)]
    plan.ideas = rewritten + plan.ideas
    plan.kept = [item for item in plan.kept if not _rewritten(item[0].text)]
    return plan


_LABELLED_ASIDE = re.compile(
    r"\(\s*(?:today|aujourd['’]hui|actuellement|currently|now|baseline|base|réf\.?|ref\.?)\s*:", re.IGNORECASE
)


def _rewritten(text: str) -> bool:
    """A KR line that cannot stand word for word: a folded table row, or a line with a labelled aside."""
    return strip_row_values(text) != text or bool(_LABELLED_ASIDE.search(text))


_CELL = re.compile(r"\s+—\s+(?P<what>cible|target|d'ici|by end of)\s+(?P<value>[^—]+?)(?=\s+—|$)")


def _cells(task: str, folded: str) -> str | None:
    """A table row's aim and date cells for its deliverable, as the author wrote them: "by Aug 20", "4 stages"."""
    cells = [
        m.group("value").strip()
        for m in _CELL.finditer(folded[len(task) :])
        if re.search(r"[^\W_]", m.group("value")) and m.group("value").strip() not in ("—", "–", "-")
    ]
    return ", ".join(cells) or None


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


def kept_kr(line: DraftLine, read: ReadKeyResult, lang: Lang, kept: bool) -> KeyResult:
    """A KR from the draft's line with its values in their roles; `kept` keeps its sentence word for word."""
    metric = metric_of(line.text, lang)
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
    r"\s*(?::\s*)?(?P<how>divis(?:[ée]e?s?|er)|multipli(?:[ée]e?s?|er)|divided|multiplied)\s+(?:par|by)\s+(?P<n>\d+)"
    r"(?:\s+(?=[(]))?",
    re.IGNORECASE,
)


# "More …", "Fewer …", "Moins de 1 …": a measure's opening word that says its way, with a bound number or not.
_WAY_LEAD = re.compile(
    r"^(?P<word>more|fewer|less|plus de|plus d['’]|moins de|moins d['’]|davantage de|davantage d['’])\s*"
    r"(?P<bound>(?:than\s+)?[<>]?\s*\d[\d  ,.]*\s+)?",
    re.IGNORECASE,
)


_TOLD_WAY = re.compile(
    r"\b(?:(?P<down>ramen|rédui|redui|abaiss|diminu|baiss)\w*|(?P<up>port[ée]|augment[ée]|relev[ée]|élev[ée]))\w*\s+à\s"
    # "Return rate down to 5%", "NPS up from 30": the English adverb says the way.
    r"|\b(?P<down_en>down)\s+(?:to|from|below|under)\b|\b(?P<up_en>up)\s+(?:from|above|over)\b",
    re.IGNORECASE,
)


# "25 new tap accounts", "40 nouveaux adhérents": a count of things to add, not the level to reach.
_NEW_COUNT = re.compile(
    r"(?<![\d.,])(?P<n>\d[\d\u00a0\u202f ,.]*?)\s+(?:new|additional|extra|more|nouveaux|nouvelles|supplémentaires)\b",
    re.IGNORECASE,
)
_BELOW_WORDS = (
    "under",
    "below",
    "sous",
    "au-dessous",
    "en dessous",
    "en-dessous",
    "moins",
    "at most",
    "au plus",
)
_HELD_VALUE = re.compile(r"([$€£]?\d[\d\u00a0\u202f ,.]*?)\s?(%|[^\W\d_]+)?$")


def measure_kr(line: DraftLine, read: ReadKeyResult, lang: Lang) -> KeyResult:
    """A measure stated without a verb, given one: from its values' direction, else its metric's."""
    from rewriter.analysis.direction import metric_direction

    if (in_digits := words_to_digits(line.text)) != line.text:
        # "Moins de trois exclusions de cours par semaine": the count said in words is the aim.
        line, read = line.model_copy(update={"text": in_digits}), read_values(in_digits)
    held = reading_rows.row("hold_after_colon").search(
        strip_row_values(line.text).strip()
    ) or reading_rows.row("held_participle").search(strip_row_values(line.text).strip())
    if held:
        # "Customer complaints per million units: keep under 3": a run measure held within its bound.
        # "ne pas dépasser 2 500 m³": a ceiling said with a verb holds the measure below it.
        below = bool(held.groupdict().get("bound2")) or rules.fold(held.group("bound") or "").startswith(
            _BELOW_WORDS
        )
        number, unit = _HELD_VALUE.match(held.group("value").strip()).groups()  # type: ignore[union-attr]
        return KeyResult(
            verb="Maintenir" if lang == "fr" else "Keep",
            metric=measure_name(held.group("what"), lang, unit),
            target=("<" if below else ">") + number.strip(),
            unit=unit,
            deadline=read.deadline,
            run_kpi=True,
            source="draft",
        )
    none_left = reading_rows.row("zero_lead").search(strip_row_values(line.text).strip(" ."))
    if none_left:
        # "Zéro course supprimée faute de conducteur sur les lignes 1 à 4": the count of those, down to zero.
        what = none_left.group("what").strip()
        start = None
        bracket = re.search(r"\s*\(([^()]*)\)", what)
        if bracket and rules.measure_numbers(bracket.group(1)):
            # "(we had 5 last year)", "(12 en 2026)": today's level in brackets is the KR's start, not its name.
            numbers = re.findall(r"\d[\d  ,.]*\d|\d", bracket.group(1))
            start = next((n for n in numbers if rules.measure_numbers(n)), None)
            what = (what[: bracket.start()] + what[bracket.end() :]).strip()
        what, deadline = split_deadline(what)
        what = _plural_head(what, lang)
        of = (
            ("d'" if re.match(r"[aeiouyhéèêàâîôû]", what, re.IGNORECASE) else "de ")
            if lang == "fr"
            else "of "
        )
        return KeyResult(
            verb=VERBS[lang]["down"],
            metric=f"le nombre {of}{what}" if lang == "fr" else f"the number {of}{what}",
            baseline=start,
            target="0",
            deadline=deadline,
            source="draft",
        )

    metric = metric_of(line.text, lang)
    baseline, target = read.baseline, read.target
    signed = re.match(r"\s*([+\-−])", target or "") if read.relative and not baseline else None
    added = _NEW_COUNT.search(line.text)
    if (
        added
        and baseline
        and target
        and rules.normalize_number(added.group("n")) == rules.normalize_number(target)
    ):
        # "25 new tap accounts (currently 41 accounts)": 25 more, on top of today's 41 — a change, not a level.
        target = f"+{target}"
    change = (
        re.match(r"\s*([+\-−])\s?\d", target or "")
        if baseline and not re.match(r"\s*[+\-−]", baseline)
        else None
    )
    if added and baseline and target and target.startswith("+"):
        verb = VERBS[lang]["up"]
    elif change:
        # "| Panier moyen | 18,40 € | +10 % |": a signed aim on an unsigned start is a change, its sign the way.
        verb = VERBS[lang]["up" if change.group(1) == "+" else "down"]
    elif baseline and target:
        # "Install lead time | 18 days | 10 days": the values say which way the measure must go.
        way = rules.value_way(baseline, target)
        verb = VERBS[lang][way] if way else ("Faire passer" if lang == "fr" else "Move")
    elif signed:
        # "conso élec -10% vs T3 2026", "+30% organic traffic": the sign says which way the change runs.
        verb = VERBS[lang]["up" if signed.group(1) == "+" else "down"]
    else:
        # "Churn mensuel 7,5 %": with no verb, the first word read as one is the metric's head.
        said = read.metric if rules.is_known_verb(read.verb) else f"{read.verb} {read.metric}"
        told = _TOLD_WAY.search(line.text)
        # "Taux de retour ramené à 5 %": the participle says which way the author wants the measure to go.
        way = (
            ("down" if told.group("down") or told.group("down_en") else "up")
            if told
            else "up"
            if share_within_delay(said, read.unit)
            else metric_direction(said, lang) or (metric.direction if metric else None)
        )
        if not way and target and re.fullmatch(r"0\s?%?", target.strip()):
            way = "down"  # "backlog older than 7 days = 0": down to none
        if not way and target and target.strip()[:1] in "<≤>≥":
            # "Taux de rupture sur le top 200 < 2 %": a ceiling is reached by going down, a floor by going up.
            way = "down" if target.strip()[0] in "<≤" else "up"
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
            metric=measure_name(metric_words, lang, read.unit),
            baseline=baseline if baseline != scaled.group("n") else None,
            target=f"{'÷' if down else 'x'}{scaled.group('n')}",
            unit=read.unit,
            deadline=read.deadline,
            source="draft",
            metric_id=metric.id if metric else None,
        )
    # "| Réduire les tronçons acier non protégés | 37 km | 10 km |": a cell that opens on a verb of change names
    # its metric after the verb; the verb is no word of the metric.
    opened = bool(read.verb) and is_change_opening(f"{read.verb} {read.metric}")
    # "séjours de 3 nuits ou plus : +20 %": the percent is the change's, the measure is still a count.
    name_unit = None if read.relative and signed else read.unit
    name = measure_name(read.metric if opened else f"{read.verb} {read.metric}", lang, name_unit)
    lead = _WAY_LEAD.match(strip_row_values(line.text).strip())
    if lead:
        # "More payment plans set up online – 40% today", "Moins de 1 bulletin rectificatif pour 100 bulletins":
        # the opening word says the way; a number right after it is a bound to reach.
        down = rules.fold(lead.group("word")).startswith(("moins", "fewer", "less"))
        verb = VERBS[lang]["down" if down else "up"]
        rest = strip_row_values(line.text).strip()[lead.end() :]
        if lead.group("bound") and target:
            rest = rest.replace(lead.group("bound"), "", 1).strip()
            target = f"{'<' if down else '>'}{target}"
        rest = re.split(r"\s+[–—-]\s+|\s*\(|\s+(?:by|d['’]ici|avant)\s", rest, maxsplit=1)[0].strip(" ,.")
        if lead.group("bound"):
            rest = _plural_head(rest, lang)  # "moins de 1 bulletin rectificatif" counts bulletins
        counted = any(rules.fold(w).endswith(("s", "x")) for w in rest.split()[:3])
        if "%" in f"{read.unit} {baseline} {target}" and counted:
            # "More payment plans set up online – 40% today": a percent of things is their share.
            rest = f"la part des {rest}" if lang == "fr" else f"the share of {rest}"
        name = measure_name(rest, lang, read.unit)
    if added and target and target.startswith("+"):
        # "Increase tap accounts by 25": the things counted, no longer "new" once the change says how many more.
        name = re.sub(r"\b(?:new|additional|extra|nouveaux|nouvelles|supplémentaires)\s+", "", name, count=1)
    name = re.sub(r"\s+(?:up|down)$", "", name)  # "NPS up from 30 to 45": the way went to the verb
    # "Average wait for an appointment down to 3 days in all 9 clinics": the way went to the verb, the scope stays.
    name = re.sub(r"\s(?:up|down)(?=\s+(?:in|for|at|across|on|among|within)\b)", "", name)
    # "conso élec -10% vs T3 2026": the period compared with is said aside, after the metric.
    name = re.sub(r"\s+((?:vs\.?|versus)\s+[^()]+)$", r" (\1)", name)
    surveyed = reading_rows.row("share_after_source").search(strip_row_values(line.text).strip())
    if surveyed:
        # "Questionnaire climat scolaire : 75 % d'élèves qui se disent en sécurité": the share of those people, the
        # survey that measures it said after.
        who, source = surveyed.group("who").strip(), surveyed.group("source").strip()
        part_of = f"la part des {who}" if lang == "fr" else f"the share of {who}"
        name = f"{part_of} ({source[:1].lower()}{source[1:]})"
    share = SHARE_FACT.match(line.text.strip())
    # The deadline is already a slot of the KR: "… go through e-billing by Q4" must not say it twice.
    shared = (
        share_metric(split_deadline(share.group("rest"))[0], fr=bool(share.group("fr"))) if share else None
    )
    if share and shared and (lang == "fr") == bool(share.group("fr")):
        # "100% of invoices go through e-billing": the share is the metric, its number the aim.
        name = shared.rstrip(" .")
        baseline, target = (baseline, target) if baseline and target else (None, share.group("n"))
        way = rules.value_way(baseline, target) if baseline and target else None
        verb = VERBS[lang][way] if way in ("up", "down") else ("Faire passer" if lang == "fr" else "Move")
    if (
        baseline
        and target
        and target.startswith(("+", "-", "−"))
        and (read.unit or "").lower() in ("pts", "pt", "points", "point")
        and re.search(rf"(?<![\d.,]){re.escape(baseline)}\s?%", line.text)
    ):
        # "Taux de retour : +15 pts (55 % aujourd'hui)": points are the change's, the start is a percent.
        baseline = f"{baseline} %"
    return KeyResult(
        verb=verb,
        metric=name,
        baseline=baseline,
        target=target,
        unit="%" if share and shared else read.unit,
        deadline=read.deadline,
        compared_to=read.compared_to,
        source="draft",
        metric_id=metric.id if metric else None,
    )


# Words that end a count's head noun phrase: what follows says of what, where or why.
_HEAD_END = re.compile(
    r"\s(?:de|du|des|d['’]|sur|pour|à|au|aux|en|par|avec|dans|faute|chez|of|on|in|at|for|with|due|per|without|sans"
    r"|a|an|each|every)\b"
    r"|\s*\(",
    re.IGNORECASE,
)


def _plural_head(what: str, lang: Lang) -> str:
    """ "course supprimée faute de conducteur" → "courses supprimées faute de conducteur": a count names many."""
    cut = _HEAD_END.search(what)
    head, tail = (what[: cut.start()], what[cut.start() :]) if cut else (what, "")
    words = head.split()
    if lang == "fr":
        words = [
            w
            if w[-1:].lower() in "sxz" or not w[-1:].isalpha()
            else w + ("x" if w.lower().endswith("au") else "s")
            for w in words
        ]
    elif words and words[-1][-1:].isalpha() and not words[-1].lower().endswith("s"):
        words[-1] += "s"
    return " ".join(words) + tail
