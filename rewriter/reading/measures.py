"""Fourth step of reading: the slots of a key result, each number in its role.

The values come from `kr_reading.read_key_result`; numbers inside a scope row ("≥ 2 logins", "les plus de
60 ans", "sous 48 h pour 90 %") are scope, so a baseline or target read from them is dropped, never shown.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.kr_reading import ReadKeyResult, keeps_its_unit, read_key_result, split_deadline
from rewriter.reading import rows
from rewriter.reading.contract import Slots


def scopes(text: str) -> list[str]:
    """The scope phrases of a line, as written."""
    return [text[start:end].strip() for start, end in rows.scope_spans(text)]


_CLOCK = re.compile(r"[~≈]?\s*\d{1,3}\s?(?:h|:|min|mn)\s?\d{2}(?:\s?(?:s|sec|min))?")


def _split_value(value: str) -> tuple[str, str | None]:
    """'62 °C' → ('62', '°C'); '30%' → ('30', '%')."""
    value = value.strip().lstrip("<>≤≥ ")
    if _CLOCK.fullmatch(value):
        return value, None  # "~3h20", "5:40": a duration written as a clock is one value
    number = re.match(rows.NUMBER, value)
    if not number:
        return value, None
    # "75 % (cible OMS)": a remark in brackets says where the value comes from; it is no part of the unit.
    rest = re.sub(r"\s*\([^()]*\)\s*$", "", value[number.end() :]).strip()
    if re.match(r"(?:in|sur|out of)\s\d|:\d", rest):
        return value, None  # "1 in 4", "12:1": a ratio is one value, written whole
    if re.match(r"(?:au|en|in|on|at|du|pour|l['’]an|last|this)\b", rest, re.IGNORECASE):
        return number.group(0).strip(), None  # "3 au S1", "31 en 2025": when it was counted, no unit
    return number.group(0).strip(), rest or None


# Cells of a table row folded after the key result by the structure step ("… — aujourd'hui 120 g — cible 80 g").
_ROW_CELLS = re.compile(
    r"^(?P<metric>.*?)(?:\s+—\s+(?:aujourd'hui|today)\s+(?P<baseline>[^—]+?))?(?:\s+—\s+(?:cible|target)\s+"
    r"(?P<target>[^—]+?))?(?:\s+—\s+(?:d'ici|by end of)\s+(?P<deadline>[^—]+?))?\s*$"
)


def _from_cells(text: str) -> ReadKeyResult | None:
    """A table row's key result: the metric from its cell, start, aim and deadline from theirs, never re-read."""
    cells = _ROW_CELLS.match(text)
    if not cells or not any(cells.group(g) for g in ("baseline", "target", "deadline")):
        return None
    read = read_key_result(cells.group("metric"))
    # The metric cell is the author's name of the measure, numbers included ("RDV à 7 jours", "over £500").
    own = read_values(cells.group("metric"))
    # "Réduire le taux d'erreurs de 2,8 % à 1 % | 2,8 % | 1 %": a cell that says its values already names the
    # metric without them; otherwise the cell is the author's name of the measure, numbers included.
    named = own.metric if own.baseline and own.target else _named_before(cells.group("metric"), read.verb)
    update: dict[str, object] = {"relative": False, "metric": named}
    units = []
    aim_cell = cells.group("target") or ""
    told = read_key_result(f"x {aim_cell}") if not cells.group("baseline") and aim_cell else None
    if told and told.baseline and told.target:
        # "| 15 (vs 4 aujourd'hui) |", "| 600 contre 410 l'an dernier |": the aim's cell says today's level too.
        update.update({"baseline": told.baseline, "target": told.target})
        if told.unit:
            update["unit"] = told.unit
        if cells.group("deadline"):
            update["deadline"] = cells.group("deadline").strip()
        return read.model_copy(update=update)
    for slot in ("baseline", "target"):
        if cells.group(slot) and rules.numbers_in(cells.group(slot)):
            value, unit = _split_value(cells.group(slot))
            bound = re.match(r"\s*([<>≤≥])", cells.group(slot))
            # "| Démarque connue | 2,9 % | < 2 % |": the aim is a ceiling, said as one.
            update[slot] = f"{bound.group(1)}{value}" if bound and slot == "target" else value
            units.append(unit)
    unit = next((u for u in reversed(units) if u), None)
    if unit:
        update["unit"] = unit
    if cells.group("deadline"):
        update["deadline"] = cells.group("deadline").strip()
    return read.model_copy(update=update)


_NEAR_LEFT = re.compile(
    rf"\s*[:：]?\s*\b(?:{rules.NEAR}|au plus|au maximum|at most|maximum)\s*$", re.IGNORECASE
)


# ", sans chiffre pour l'instant", "- no figure yet": the author says the value is unknown; no word of the metric.
_NO_FIGURE_YET = re.compile(
    r"\s*[,;–—-]?\s*(?:sans chiffre|pas (?:encore )?de chiffre|chiffre à définir|no (?:figure|number|target) yet"
    r"|(?:figure|number|target) tbd)(?:\s+pour l['’]instant|\s+pour le moment|\s+for now)?\s*\.?\s*$",
    re.IGNORECASE,
)


_NONE_TODAY = re.compile(
    r"\s*\(\s*(?:aujourd['’]hui|actuellement|today|currently|now)\s*,?\s*(?:personne|aucune?|rien|nobody|no one|none"
    r"|zéro|zero)\b[^()\d]*\)\s*\.?\s*$",
    re.IGNORECASE,
)


# A remark with a figure at the end of a line: in brackets, or after a spaced dash.
_END_REMARK = re.compile(
    r"\s*(?:\((?P<paren>[^()]*\d[^()]*)\)|\s[—–]\s+(?P<dash>[^()—–]*\d[^()—–]*?))\s*\.?\s*$"
)


_DELAY_IN_CONDITION = re.compile(
    r"\b(?:sous|under|within|en moins de|in under|in less than|dans les|moins de)\s+\d", re.IGNORECASE
)


def _share_for(text: str) -> str:
    """ "15 h d'activité pour 50 % des allocataires (contre 12 % aujourd'hui)" → "Part des allocataires avec 15 h
    d'activité : 50 % (contre 12 % aujourd'hui)" (row `condition_for_a_share`); other lines as they are."""
    line = _LABEL_LEAD.sub("", text.strip(" -–—•*·"))
    ratio = rows.row("share_in_a_ratio").search(line)
    if ratio is not None:
        # "4 chantiers sur 5 livrés à la date contractuelle" → "Part des chantiers livrés … : 4 sur 5".
        said = {k: ratio.group(k) or ratio.group(f"{k}2") for k in ("part", "ratio", "whole", "who")}
        french = said["ratio"] == "sur"
        who, condition = said["who"], ratio.group("condition").strip(" ,")
        named = f"Part des {who} {condition}" if french else f"The share of {who} {condition}"
        # "9 in 10" reads as a number and a place after a colon; "9 out of 10" as the ratio it is.
        share = f"{said['part']} {'out of' if said['ratio'] == 'in' else said['ratio']} {said['whole']}"
        return f"{named} : {share}{ratio.group('rest') or ''}"
    match = rows.row("condition_for_a_share").search(line)
    if match is None:
        return text
    condition = match.group("condition").strip(" ,")
    if match.group("share") and _DELAY_IN_CONDITION.search(condition):
        return text  # "Réponse sous 48 h pour 90 % des courriers": a share within a delay, read as such
    if not condition.split()[0].isupper():  # "Au moins un contact", not "SMS" or "DELD"
        condition = condition[:1].lower() + condition[1:]
    who = (match.group("who") or match.group("who2")).strip(" ,")
    share = match.group("share") or f"{match.group('part')} {match.group('ratio')} {match.group('whole')}"
    french = not re.search(r"\b(?:for|of|out of|in)\b", match.group(0)[len(match.group("condition")) :])
    named = f"Part des {who} avec {condition}" if french else f"Share of {who} with {condition}"
    rest = match.group("rest") or ""
    if "%" in share and "%" not in rest:
        # "(we averaged 12 min last year)": a remark about the delay, not the share, is no start of it; the
        # rewrite shows it beside the context.
        rest = ""
    return f"{named} : {share}{rest}"


def read_values(text: str) -> ReadKeyResult:
    """`_read_banded`, with a word that said the value was near left out of the metric ("Réparations de sacs :
    environ 10 par mois"), and a closing remark read apart (section `remark` of the rows)."""
    text = _share_for(_NO_FIGURE_YET.sub("", text))
    none = _NONE_TODAY.search(text)
    if none and none.start() > 0:
        # "au moins 2 par mois (aujourd'hui personne ne déclare)": today's level said in a word is zero.
        read = read_values(text[: none.start()])
        if read.metric and read.target and not read.baseline:
            return read.model_copy(update={"baseline": "0"})
    remark = _END_REMARK.search(text)
    if remark and remark.start() > 0:
        inner = (remark.group("paren") or remark.group("dash")).strip()
        told = rows.row("told_level_remark").search(inner)
        if told or rows.first_match("benchmark", inner):
            # "Churn abonnés mensuels sous 5 % (il est à 8,5 %)", "Tenant satisfaction with repairs up to 80%
            # (sector median is 74%)": the line without its remark says the metric and the aim.
            read = read_values(text[: remark.start()])
            if read.metric and (read.target or read.baseline):
                start = (
                    (told.group("value") or told.group("dated") or told.group("year_value")).strip()
                    if told
                    else ""
                )
                if read.unit == "%":
                    start = re.sub(r"(?<=\d)\s+%", "%", start)  # one way of writing a share in one sentence
                if start and read.target and not read.baseline:
                    read = read.model_copy(update={"baseline": start})
                elif start and read.baseline and not read.target:
                    # "Délai … : entre 2 et 4 semaines (aujourd'hui 7 semaines)": with today's level told aside,
                    # the line's own value is the aim.
                    aim = re.sub(r"^(?:entre|between)\s+(\S+)\s+(?:et|and)\s+", r"\1–", read.baseline)
                    if read.unit and read.unit not in aim:
                        aim = f"{aim} {read.unit}"
                    read = read.model_copy(update={"baseline": start, "target": aim})
                return read
    read = _read_banded(text)
    cleaned = _NEAR_LEFT.sub("", read.metric)
    return read if cleaned == read.metric else read.model_copy(update={"metric": cleaned})


def _read_banded(text: str) -> ReadKeyResult:
    """`_read_told_band`, with a band written with a dash ("à 4–5 jours au lieu de 10") read as one value: its high
    end stands in while the line is read, and the band as written is the slot where that end lands."""
    dash = rows.row("dash_band").search(text)
    if dash is None or rows.scope_spans(text):
        return _read_told_band(text)
    unit = dash.group("unit") or ""
    read = _read_told_band(text[: dash.start()] + dash.group("high") + unit + text[dash.end() :])
    written = dash.group(0).strip()
    for slot in ("target", "baseline"):
        value = getattr(read, slot)
        if value and rules.numbers_in(value)[:1] == [dash.group("high")]:
            return read.model_copy(update={slot: written})
    return _read_told_band(text)


def _read_told_band(text: str) -> ReadKeyResult:
    """`_read_values`, with a band of today's level ("aujourd'hui entre 40 et 50 min", "Délai : entre 15 et 20
    jours") read as one value: its low end stands in for it, and it is the baseline as written when that is where
    the low end lands (a band said with no aim is where the measure stands)."""
    stood_in = rows.band_stood_in(text)
    if stood_in is None or rows.scope_spans(text):
        return _read_values(text)
    banded, band = stood_in
    read = _read_values(banded)
    told = f"{band.group('word').lower()} {band.group('low')} {band.group('and')} {band.group('high')}"
    told_row = band.re is rows.row("told_band").regex
    if told_row:
        # "(currently 3 to 4 weeks)": the cue is no part of the value; the band keeps its own unit.
        told = (
            f"{band.group('low')} {band.group('and')} {band.group('high')}{band.group('unit') or ''}".strip()
        )
    said = rules.numbers_in(read.baseline or "")
    if read.baseline == band.group("low") or (told_row and said[:1] == [band.group("low")]):
        # "3 semaines" read from the stand-in is the band's low end with its unit: the band as written stands.
        return read.model_copy(update={"baseline": told})
    aimed = re.search(r"(?:\bà|\bto|→|->|cible|target|objectif)\s*$", text[: band.start()], re.IGNORECASE)
    if read.target == band.group("low") and read.baseline is None and not aimed:
        before = _LABEL_LEAD.sub("", text[: band.start()].strip(" -–—•*·"))
        if (
            not told_row
            and ":" not in before
            and not _MEASURED_WHEN.search(text)
            and not _TOLD_LEAD.match(text)
        ):
            # "Taux d'occupation des postes à quai entre 70 et 75 %": a band said right after the measure, with no
            # word of today, is the range the team aims at; after a colon ("Délai : entre 15 et 20 jours") it
            # tells where the measure stands.
            unit = band.group("unit") or ""
            return read.model_copy(
                update={"target": f"{band.group('low')}–{band.group('high')}{unit}".strip()}
            )
        return read.model_copy(update={"baseline": told, "target": None})
    return _read_values(text)


# A line that opens on a cue of context ("info :", "Note:", "Contexte —") tells where things stand.
_TOLD_LEAD = re.compile(
    r"^\W*(?:info|note|nb|contexte|context|constat|rappel|pour mémoire|fyi|état des lieux|situation|baseline)\b",
    re.IGNORECASE,
)


def _read_values(text: str) -> ReadKeyResult:
    """A key result's reading with its start and aim as a comparative row states them, scope numbers left out.

    `read_key_result` reads most lines well; where a row says how the line compares two values ("de 62 °C à
    55 °C", "from 1,450 to 600 per week", "400 contre 310 aujourd'hui"), the row's reading wins.
    """
    from_cells = _from_cells(text)
    if from_cells is not None:
        return from_cells
    read = _from_named_values(text) or _read_compared(text)
    wished = rows.row("wished_of_measure").search(f"{read.verb} {read.metric}".strip())
    if wished:
        # "We'd also like the annual volunteer survey score to move from 6.4 to 8": the score is the metric, and
        # no word of the wish is a verb of change.
        what = (wished.group("what") or wished.group("what_fr")).strip()
        read = read.model_copy(update={"metric": what, "verb": ""})
    unwished = _WISHED_AFTER.sub("", read.metric)
    if unwished != read.metric:
        # "Le délai moyen avant adoption est de 74 jours pour un chien ; on aimerait descendre à 45 jours": the
        # wish says the aim, the verb "est" said the level; neither is a word of the metric.
        read = read.model_copy(update={"metric": _LEVEL_VERB.sub("", unwished).strip(" ,;")})
    aside = re.search(r"\(([^()]*\d[^()]*)\)", text)
    told = rules.measure_numbers(aside.group(1)) if aside else []
    if read.relative and read.target and not read.baseline and len(told) == 1:
        # "Diviser par deux le nombre de chutes la nuit (on en compte 6 par mois environ)", "Ridership up 25% over
        # the old route (avg 4,100 weekday boardings)": the change is the aim, the figure said aside where things
        # stand.
        metric = re.sub(r"\s*\([^()]*\)", "", read.metric).strip()
        same = rules.normalize_number(told[0]) == rules.normalize_number(read.target)
        written = re.search(r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?", aside.group(1))  # type: ignore[union-attr]
        start = written.group(0) if written else told[0]
        read = read.model_copy(
            update={"baseline": start, "target": None if same else read.target, "metric": metric}
        )
    delay = rows.row("delay_after_share").search(text)
    if delay and delay.group("bound") not in read.metric and read.unit == "%":
        # "Taux de réponse aux avis : 100 % sous 24 h": the delay says which answers count; the metric keeps it.
        read = read.model_copy(update={"metric": f"{read.metric} {delay.group('bound')}"})
    return read


_WISHED_AFTER = re.compile(
    r"\s*[;,]\s*(?:et\s+|and\s+)?(?:on|nous|we)\s*(?:['’]d)?\s+(?:aimerait|aimerions|voudrait|voudrions|veut|vise|visons"
    r"|souhaite|souhaitons|would like(?: to)?|like to|want(?: to)?|aim(?: to| for)?|hope(?: to)?)(?:\s+[^\W\d_][\w'’-]*){0,2}"
    r"(?:\s+(?:à|a|to))?\s*$",
    re.IGNORECASE,
)
_LEVEL_VERB = re.compile(
    r"\s+(?:est|sont|était|étaient|is|are|was|were)(?=\s+(?:pour|for|de|du|des|of|chez|in|at|en moyenne|on average)\b"
    r"|\s*$)"
)


# "Non-conformités relevées aux contrôles qualité : moins de 3 par site et par mois", "sorties dynamiques : 55 %
# sur le semestre": the metric named before a colon, its values after it. Only a head of words (no label, no
# value of its own apart from a scope) and a tail that opens on a value or a comparison.
_NAMED_VALUES = re.compile(
    r"^(?P<head>[^:：]*[^\W\d_][^:：]*?)\s*[:：]\s*(?P<tail>(?:(?:reduce|cut|bring(?: it)?(?: down)?|raise|increase|grow|lower|drop"
    r"|improve|réduire|ramener|baisser|augmenter|porter|faire passer|diminuer|up|down|en hausse|en baisse)\s+)?(?:de |from |passer de |\+ ?|- ?|−|<|>|≤|≥|moins de |plus de "
    r"|under |over |below |above |fewer than |less than |au moins |at least |pas plus de |no more than |au plus |at most "
    r"|viser |visé |objectif |cible |target |aim for |aim |~|≈)?[$€£]?\d.*)$",
    re.IGNORECASE,
)
# A bound in the metric's name ("de plus de 500 €", "en moins d'1 minute", "> 12 months") is no value of its own.
_BOUND = re.compile(
    r"(?:plus d[e'’]|moins d[e'’]|au moins|over|under|more than|less than|above|below|sous|within|dans les|[<>≥≤]"
    # "… à 6 mois", "at 12 months": when the measure is taken, no value of its own.
    r"|\bà(?=\s*\d+\s*(?:mois|jours|semaines|ans)\b)|\bat(?=\s*\d+\s*(?:months|days|weeks|years)\b))"
    r"\s*[$€£]?\d",
    re.I,
)
_LABEL_LEAD = re.compile(
    r"^(?:kr|o|okr|obj|objectif|objective|key result|résultat clé|rc)\s*[\d.]*\s*[:：\-–—)]\s*", re.IGNORECASE
)
_LABEL_HEAD = re.compile(
    r"^(?:kr|o|okr|obj|objectif|objective|key result|résultat clé|rc|kpi)\s*[\d.]*$", re.I
)
# What may follow the values and belongs to the metric's name: a rate's base ("par site et par mois", "/ mois").
_RATE_BASE = re.compile(r"^(?:par|per|pour|/)\s.*$|^/\s*\w+$", re.IGNORECASE)


_ZERO_WORD = re.compile(r"(?P<sep>[:：]\s*)(?:zéro|zero|aucune?|none|nil)\b", re.IGNORECASE)
_MEASURED_WHEN = re.compile(
    r"\b(?:aujourd['’]hui|today|actuellement|currently|now|en 20\d\d|in 20\d\d|l['’]an (?:dernier|passé)|last year)\b"
    r"|\(\s*20\d\d\s*\)",
    re.IGNORECASE,
)
# Words about when a value was taken ("420 last year → 550 this year"), which name no measure of their own.
_TIME_WORDS = frozenset(
    [
        "last",
        "this",
        "next",
        "year",
        "week",
        "month",
        "quarter",
        "today",
        "now",
        "an",
        "annee",
        "dernier",
        "derniere",
        "cette",
        "cet",
        "ce",
        "aujourd",
        "hui",
        "en",
        "in",
        "fin",
        "end",
        "semaine",
        "mois",
        "trimestre",
        "of",
        "the",
        "l",
        "la",
        "le",
        "de",
        "du",
    ]
)


def _from_named_values(text: str) -> ReadKeyResult | None:
    """The reading of a "metric : values" line, the metric from before the colon; None for another shape."""
    # "Lost-time injuries: zero": a value said in a word.
    text = _ZERO_WORD.sub(r"\g<sep>0", _LABEL_LEAD.sub("", text.strip()))
    split = _NAMED_VALUES.match(text)
    if not split:
        return None
    head, tail = split.group("head").strip(" -–—•*"), split.group("tail").strip()
    if head.count("(") != head.count(")"):
        return None  # "Availability ≥ 92% (FY26: 86%)": the colon is inside a remark, not after a name
    words = re.findall(r"[^\W\d_]{2,}", head)
    # "Taux de fréquence 2026": a year dates it; "Réinscriptions U13-U17": a digit glued to a letter names a group.
    own = rules.numbers_in(rules.GLUED_NAME_NUMBER.sub("", re.sub(r"\b20\d\d\b", " ", head)))
    if not words or _LABEL_HEAD.match(head) or len(own) > len(_BOUND.findall(head)):
        return None
    read = _read_compared(f"x {tail}")
    if not (read.baseline or read.target):
        return None
    told = _TODAY_IN_WORDS.search(tail)
    if (
        read.target
        and not read.baseline
        and told
        and _said_in_words(_NEAR.sub("", told.group("said").strip()))
    ):
        # "Élèves inscrits dans au moins 1 ensemble : 100 % (aujourd'hui à peu près les deux tiers)": today's
        # level said in words in the aside; the figure is the aim.
        read = read.model_copy(update={"baseline": told.group("said").strip()})
    elif (
        read.target and not read.baseline and (_MEASURED_WHEN.search(tail) or re.search(r"\b20\d\d\b", head))
    ):
        # "Consultations prénatales ≥ 4 : 31 % aujourd'hui", "Taux de fréquence 2026 : 4,1", "écart : 6,5 pts en
        # 2026": a level measured today or in a year is where the metric stands, not where it must go.
        read = read.model_copy(update={"baseline": read.target, "target": None, "deadline": None})
    if read.baseline and read.deadline and re.match(r"(?:en|in)\s+20\d\d\b", read.deadline.strip()):
        # "2 500 participants (1 400 en 2025)": the year dates the start, it is no deadline.
        read = read.model_copy(update={"deadline": None})
    leftover = re.sub(r"^x\b\s*", "", read.metric).strip(" ,;()")
    # "… : passer de 62 % à 75 %": the change's verb after the colon names no measure of its own.
    said = {
        w
        for w in re.findall(r"[^\W\d_]+", rules.fold(leftover))
        if w not in _TIME_WORDS
        and not (w == rules.fold(rules.leading_verb(leftover)) and rules.is_known_verb(w))
    }
    if len(words) == 1 and said:
        # "Julie : 2 posts par semaine": one word before the colon and the measure's noun after it is a name.
        return None
    # "Taux de fréquence 2026 : 4,1": the year dates the value, it is no word of the metric.
    metric = re.sub(r"\s*\(?\b20\d\d\b\)?", "", head).strip() or head
    if leftover and (_RATE_BASE.match(leftover) or rows.row("within_delay_for_share").search(tail)):
        # "Délai entre orientation et premier colis : 5 jours max pour 90 % des familles": the delay and whose
        # share it is belong to the metric's name; the share is the aim.
        # "… : entre 5 et 10 par logement, on veut moins de 3": the rate's base ends at the clause's comma.
        metric = f"{metric} {leftover.split(',')[0].strip()}"
    verb = rules.leading_verb(metric)
    if rules.is_known_verb(verb) and metric.lower().startswith(verb.lower()):
        metric = metric[len(verb) :].strip()
    else:
        verb = ""
    return read.model_copy(update={"verb": verb, "metric": metric})


def _metric_colon(text: str) -> int:
    """Where the colon after a metric's name stands, or -1: not a clock's ("00:45"), not inside parentheses."""
    depth = 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ":" and depth == 0 and (at + 1 == len(text) or text[at + 1].isspace()):
            return at
    return -1


def _compared_after_colon(text: str) -> tuple[rows.Row, re.Match[str]] | None:
    """ "Délai moyen de raccordement des installations de 36 à 250 kVA : 9 mois aujourd'hui → 5 mois": the values
    said after the metric's colon are its start and aim; numbers before it name what is measured."""
    colon = _metric_colon(text)
    if colon <= 0 or not rules.measure_numbers(text[:colon]):
        return None
    for row in rows.section("comparative"):
        match = row.regex.search(text, colon + 1)
        if match:
            return row, match
    return None


# "about a third", "environ la moitié": a value said in words, told as near.
_NEAR = re.compile(rf"^{rules.NEAR}\s+(?:(?:les|la|the)\s+(?=\w+\s+(?:tiers|quarts)\b))?", re.IGNORECASE)


_TODAY_IN_WORDS = re.compile(
    r"\(\s*(?:aujourd['’]hui|today|currently|actuellement|now)\s*:?\s*(?P<said>[^()\d]{3,60})\)",
    re.IGNORECASE,
)


def _said_in_words(value: str) -> bool:
    return bool(rows.row("share_in_words").regex.fullmatch(_NEAR.sub("", value.strip())))


def _read_compared(text: str) -> ReadKeyResult:
    """The line's values read by `read_key_result`, a comparative row's reading winning where one matches."""
    read = read_key_result(text)
    found = _compared_after_colon(text) or rows.first_match("comparative", text)
    if not found:
        return read
    _, match = found
    if any(start < match.end() and match.start() < end for start, end in rows.scope_spans(text)):
        # "6 000 enfants de 6 à 12 ans formés": an age band is who is counted, not a start and an aim.
        return read
    groups = {k: v for k, v in match.groupdict().items() if v}
    # A row may state its shapes as alternatives: `baseline2`/`target2` are the second shape's groups.
    baseline, base_unit = _split_value(groups.get("baseline") or groups.get("baseline2") or "")
    target, target_unit = _split_value(groups.get("target") or groups.get("target2") or "")
    if rules.numbers_in(baseline) and not rules.numbers_in(target) and not groups.get("target"):
        # "cut changeover time, which is 55 minutes on average": today's level said, no aim.
        if read.target and set(rules.numbers_in(read.target)) == set(rules.numbers_in(baseline)):
            metric = _TODAY_CLAUSE.sub("", read.metric).strip(" ,")
            return read.model_copy(
                update={
                    "baseline": baseline,
                    "target": None,
                    "unit": base_unit or read.unit,
                    "metric": metric,
                }
            )
        return read
    if not (rules.numbers_in(baseline) or _said_in_words(baseline)) or not (
        rules.numbers_in(target) or _said_in_words(target)
    ):
        return read
    if any(re.fullmatch(r"(?:19|20)\d\d", v.strip()) for v in (baseline, target)):
        return read  # "de 15 % par rapport à 2026": a year compared with is no start nor aim
    if _said_in_words(baseline) or _said_in_words(target):
        # "Faire passer de la moitié à 80 % la part des enfants …": words left where the values were said.
        rest = f"{text[: match.start()]} {text[match.end() :]}".strip()
        if read.verb and rest.lower().startswith(read.verb.lower()):
            rest = rest[len(read.verb) :]
        metric, deadline = split_deadline(re.sub(r"\s+", " ", rest).strip(" :,.-"))
        return read.model_copy(
            update={
                "baseline": baseline,
                "target": target,
                "unit": target_unit or base_unit,
                "relative": False,
                "metric": metric,
                "deadline": deadline or read.deadline,
            }
        )
    deadline = read.deadline
    values = set(rules.numbers_in(f"{baseline} {target}"))
    if deadline and values & set(rules.numbers_in(deadline)):
        # "de 23 chutes au T4 2026 à moins de 12 au T2 2027": the deadline is what follows the aim.
        deadline = split_deadline(text[match.end() :])[1]
    # Neither value carries a unit: one read elsewhere on the line ("CDD ≥ 6 mois") is not theirs.
    unit = target_unit or base_unit
    if keeps_its_unit(base_unit, target_unit):
        baseline = f"{baseline} {base_unit}"
    elif (
        not base_unit
        and read.baseline
        and re.search(r"[^\W\d_]", read.baseline)
        and rules.numbers_in(read.baseline) == rules.numbers_in(baseline)
    ):
        baseline = read.baseline  # "de 1 jour à 4 heures": the row kept no unit of the start; the line did
    update: dict[str, object] = {
        "baseline": baseline,
        "target": target,
        "unit": unit,
        "relative": False,
        "deadline": deadline,
    }
    changed = next(
        (m for m in read.numbers if m.role == "relative" and rules.numbers_in(target)[:1] == [m.value]), None
    )
    if changed is not None and changed.text[:1] in "+-−":
        # "+15 pts (55 % aujourd'hui)": the aim is a change from today's level, said with its sign.
        update.update({"relative": True, "target": f"{changed.text[:1]}{target}"})
    colon = _metric_colon(text)
    if 0 < colon < match.start() and rules.measure_numbers(text[:colon]):
        # "Délai moyen de raccordement des installations de 36 à 250 kVA : 9 mois → 5 mois": the metric is named
        # whole before its colon, its own numbers with it.
        head = text[:colon].strip()
        verb = (
            read.verb if rules.is_known_verb(read.verb) and head.lower().startswith(read.verb.lower()) else ""
        )
        update["metric"] = head[len(verb) :].strip()
        update["verb"] = verb
        return read.model_copy(update=update)
    after = (groups.get("after") or "").strip(" ,;")
    if after and re.search(r"[^\W\d_]{3,}", after):
        # "Average wait time < 15 min at all 4 branches (FY26: 31 min)": what follows the aim names where it is
        # measured; it stays with the metric's name.
        update["metric"] = f"{_named_before(text[: match.start()], read.verb)} {after}".strip()
        if (
            read.target
            and read.target[:1] in "<>≤≥"
            and rules.numbers_in(read.target) == rules.numbers_in(target)
        ):
            update["target"] = read.target  # "< 15 min": the bound is the aim's
        return read.model_copy(update=update)
    named = _named_before(text[: match.start()], read.verb)
    # "Part des chantiers avec plus de 2 semaines de retard de 38 % à 10 %": the metric keeps its own numbers;
    # "Nombre de mises en isolement : de 58 à moins de 30 sur le semestre": the values' words left behind in
    # the metric ("… : à sur le semestre") are no part of its name.
    named_numbers, read_numbers = set(rules.numbers_in(named)), set(rules.numbers_in(read.metric))
    leftover = _LEFTOVER.search(read.metric) and not read_numbers - named_numbers
    # "from 1 in 4 to 1 in 10": the values' own numbers left in the metric say it was read wrong.
    stray = (read_numbers - named_numbers) & set(rules.numbers_in(f"{baseline} {target}"))
    if named and (named_numbers - read_numbers or leftover or stray):
        update["metric"] = named
    return read.model_copy(update=update)


_TODAY_CLAUSE = re.compile(
    r",?\s*(?:which is|which stands at|that is|qui est (?:de|à|aujourd'hui de|aujourd'hui à|actuellement de)"
    r"|currently at|aujourd'hui à)\b.*$",
    re.IGNORECASE,
)


# What reading the values out of a line can leave in its metric: a colon, two prepositions in a row.
_LEFTOVER = re.compile(
    r"\s:\s|:\s*(?:à|de|to|from)\b|\b(?:à|de|to|from)\s+(?:à|sur|de|to|from|on|by)\b|\s:$"
    # "taux de saisie 1,9 % contre 1,2 % visé": the word that said which value is aimed is no word of the metric.
    r"|\s(?:visée?s?|ciblée?s?|attendue?s?|prévue?s?|targeted|target|planned|expected)$"
)


def _named_before(head: str, verb: str) -> str:
    """The metric as the author named it before the comparison, without the verb and the trailing colon."""
    head = head.strip()
    if verb and head.lower().startswith(verb.lower()):
        head = head[len(verb) :]
    head = head.strip(" :—–-,").strip()
    # "Applications returned … down from 1 in 4": the way is the verb's, not a word of the metric.
    return re.sub(r"\s+(?:up|down|en hausse|en baisse)$", "", head, flags=re.IGNORECASE)


# "Moins de trois exclusions", "Fewer than 5 falls": a bound word opens the line, it is no word of the metric.
_BOUND_WORDS = frozenset(
    ["moins", "plus", "fewer", "less", "more", "under", "over", "below", "above", "zero", "zéro"]
)


def read_measure(text: str) -> Slots:
    read = read_values(text)
    bounds = scopes(text)
    bound_numbers = {n for b in bounds for n in rules.numbers_in(b)}

    def kept(value: str | None) -> str | None:
        if value and set(rules.numbers_in(value)) & bound_numbers and text.count(value) < 2:
            return None
        return value

    direction = rules.value_way(read.baseline, read.target) if read.baseline and read.target else None
    # "délai pour un RDV non urgent ≤ 72 h": with no verb, the first word is the metric's.
    bound_word = rules.fold(read.verb).lower() in _BOUND_WORDS
    named = not read.verb or rules.is_known_verb(read.verb) or bound_word
    metric = read.metric if named else f"{read.verb} {read.metric}"
    return Slots(
        metric=metric.strip() or None,
        baseline=_with_unit(kept(read.baseline), read.unit, text),
        target=_with_unit(kept(read.target), read.unit, text),
        unit=read.unit,
        scope=bounds,
        deadline=read.deadline,
        direction=direction,
    )


def _with_unit(value: str | None, unit: str | None, text: str) -> str | None:
    """The value with its unit as the line writes it ("31 %", "6,5 pts", "410 k"): the contract's slots."""
    if not value or not unit or unit in value:
        return value
    for joined in (f"{value} {unit}", f"{value}{unit}", f"{value}\u00a0{unit}"):
        if joined in text:
            return joined
    return value
