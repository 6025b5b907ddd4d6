"""Key results read by code: a written KR sentence split into its slots, each number with its role and unit.

The rewrite engine keeps a sound KR as the PM wrote it and needs its slots (verb, metric, baseline, target,
unit, deadline) to ask only for what is missing; the eval scorer reads the draft the same way to check that a
rewrite kept every number in its role. One reader for both, so they can never disagree.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from rewriter import rules

Role = Literal["baseline", "target", "relative", "stated", "other"]
UnitKind = Literal["percent", "points", "time", "currency", "score", "count"]

# Units as PMs write them after a number; the longest spellings first so "min" does not eat "minutes".
_UNITS = (
    r"%|pts?\b|points?\b|pp\b|bps?\b"
    r"|ms\b|secondes?\b|seconds?\b|sec\b|s\b|minutes?\b|mins?\b|mn\b|heures?\b|hours?\b|hrs?\b|h\b"
    r"|jours?\s+ouvr[ée]s\b|(?:working|business)\s+days?\b|jours?\b|j\b|days?\b|semaines?\b|weeks?\b|mois\b|months?\b|ans?\b|years?\b"
    r"|k€|m€|€|eur\b|euros?\b|k\$|m\$|\$|usd\b|£"
    r"|/\s?(?:5|10|20|100)\b|sur\s(?:5|10|20|100)\b|out of (?:5|10|100)\b"
    r"|/\s?(?:mois|month|mo|an|year|yr|semaine|week|wk|jour|day|trimestre|quarter)\b"
    r"|millions?\b|milliards?\b|billions?\b"
    r"|(?:kg|t|tonnes?)\s?/\s?(?:ha|h|hab|an|year|yr|jour|j|day)\b(?:\s?/\s?(?:an|year|yr)\b)?"
    r"|tonnes?\b|tons?\b|kg\b|kilos?\b|km\b|kilom[èe]tres?\b|kilometres?\b|miles?\b|m²|m2\b|m³|m3\b"
    r"|litres?\b|liters?\b|[kmg]wh\b|[kmg]w\b|kt\b|t\b|hl\b|ha\b|mg\b|ml\b|cl\b|k\b|m\b"
)
# "2h40": hours and minutes, one value that carries its own unit.
# "6 h 40", "17 min 30": the same with spaces, minutes and seconds.
_NUMBER = r"\d{1,2}\s?h\s?[0-5]\d(?!\d)|\d{1,3}\s?min\s?[0-5]\d(?:\s?s\b)?(?!\d)|\d{1,3}(?:[  \u202f]\d{3}(?!\d))+(?:[.,]\d+)?|[1-9]\d{0,2}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:[.,]\d+)?"
_MENTION = re.compile(
    rf"(?P<cmp>[<>≥≤~±+\-−]|x|×)?\s?(?P<cur>[$€£])?\s?(?P<num>{_NUMBER})(?:\s?(?P<unit>{_UNITS}))?",
    re.IGNORECASE,
)
_RELATIVE_WORDS = re.compile(
    r"\b(?:de moiti[ée]|par (?:deux|2|trois|3)|diviser par|divis[ée]e?s? par|multipli[ée]e?s? par|doubler|tripler"
    r"|by half|halve|halved|double|doubled|triple|tripled|cut in half)\b",
    re.IGNORECASE,
)
# Connectors before a number and the role they give it.
_BEFORE_BASELINE = re.compile(
    r"(?:\bde|\bd['’]|\bfrom|\bdepuis|aujourd['’]hui(?:\s*(?:de|à|:|=))?|actuellement(?:\s*(?:de|à|:))?"
    r"|\bvs\.?|\bversus|\bcontre|\bcurrently(?:\s*(?:at|:))?|\btoday(?:\s*(?:at|:))?|\bbaseline\s*:?"
    r"|\bau lieu de|\binstead of|\bcompared (?:to|with)|\bnow(?:\s*at)?|we['’]re at|we are at|on est à|nous sommes à|on en est à"
    # "Accidents avec arrêt : 0 (on en a eu 3 en 2026)", "… : 70 % (we were 59% in 2026)": what things were.
    r"|on en a eu|on en avait|on en a compté|on a eu|on avait|we had|there were|on était à|on était|we were at"
    r"|we were|l['’]an dernier|l['’]an passé|last year|last quarter|le trimestre dernier)\s*$",
    re.IGNORECASE,
)
_BEFORE_TARGET = re.compile(
    r"(?:\bà|\ba|\bto|\bsous(?:\s+la\s+barre\s+des?)?|\ben dessous de|\bau-dessous de|\bunder|\bbelow|\babove|\bover"
    r"|\bau-dessus de|\bau dessus de|\bmoins de|\bplus de|\bau moins|\bat least|\bat most|\bau plus"
    r"|\batteindre|\breach|\bd['’]au moins|\bjusqu['’]à|\bcible\s*:?|\btarget\s*:?|\bobjectif\s*:?|→|->|=>)"
    r"\s*(?:la |le |les |l['’]|un |une |the |a )?$",
    re.IGNORECASE,
)
_BEFORE_BY = re.compile(r"(?:\bde|\bd['’]|\bby|\bof)\s*$", re.IGNORECASE)
_AFTER_BASELINE = re.compile(
    r"^\s*(?:aujourd['’]hui|today|actuellement|currently|now|en baseline|baseline|actuels?|actuelles?"
    # "Unplanned pool closures: 9 last quarter, aim for zero": a value said with a past period is where it stood.
    r"|last (?:year|quarter|month|season|week)|l['’]an dernier|l['’]an passé|le trimestre dernier"
    r"|la saison dernière|l['’]année dernière|le mois dernier)\b",
    re.IGNORECASE,
)
# Verbs for which "de N" states the level reached, not a change by N ("Atteindre un NPS de 45").
_ABSOLUTE_VERBS = {
    "atteindre",
    "obtenir",
    "porter",
    "amener",
    "reach",
    "achieve",
    "hit",
    "get",
    "attain",
}
_DEADLINE_TAIL = re.compile(
    r"[\s,;(–—-]*\b(?:d['’]ici(?:\s+(?:à|a|la|le|fin|au))?|avant(?:\s+(?:le|la|fin|l['’]))?|au plus tard|pour (?:fin|la fin)"
    r"|à (?:fin|la fin)|a fin|fin|en fin de|by(?: the)? end of|by|before|until|end of|at the end of|in|en|au|pour)"
    r"\s+(?:de |du |d['’]|of )?(?P<when>(?:le |la |l['’])?(?:[TQSH][1-4]\b(?:\s*[-/]?\s*(?:20)?\d{2})?"
    r"|20\d{2}|FY\s?\d{2,4}|EOY|(?:\d{1,2}(?:er)?\s+)?(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août"
    r"|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|april|may|june|july|august"
    r"|september|october|november|december)(?:\s+20\d{2})?"
    # "by Nov 30", "d'ici déc. 2027": a month in short, with its day or year.
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|janv|f[ée]vr?|avr|juil|d[ée]c)\.?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:\s+20\d{2})?(?![\w%])"
    # "d'ici la fin du semestre", "by the end of the season": the end of a named span.
    r"|(?:fin|end)\s+(?:du|de\s+la|de\s+l['’]|de|d['’]|of\s+the|of)\s*(?:semestre|trimestre|ann[ée]e|mois|saison|exercice"
    r"|campagne|cycle|year|quarter|half|month|season|term|school year|programme|program)"
    r"|(?:l['’]ann[ée]e|the year|the quarter|the season|the term|the school year|the half|la saison|ce trimestre"
    r"|this quarter|le trimestre|le semestre|cycle|(?:l['’]|the\s+)?(?:été|ete|hiver|automne|printemps|summer|winter"
    r"|autumn|spring)|la rentrée|la rentree|no[eë]l|christmas|les vacances|the holidays))[^,;]*?)[\s.)]*$",
    re.IGNORECASE,
)


# Openings whose number word belongs to the verb: "Diviser par deux les retours" is a relative change.
_SCALING_PHRASES = (
    "diviser par deux",
    "diviser par 2",
    "diviser par trois",
    "multiplier par deux",
    "multiplier par 2",
)


# "Panier moyen 54 €", "Mean time to detect: 25 min": a metric and where it stands, no verb.
_STATED_LEVEL = re.compile(r"^[^\d:]{2,60}:?\s*[<>≈~]?\s*[$€£]?\d[\d\s.,]*\s*\S{0,4}\s*$")

# Verbs (and openings) that state a change of a metric, or the level it must reach.
CHANGE_VERBS = {
    rules.fold(v)
    for v in (
        *rules.KR_VERB_CHOICES["fr"],
        *rules.KR_VERB_CHOICES["en"],
        *rules.CHANGE_PHRASES,
        *[
            "atteindre",
            "obtenir",
            "ramener",
            "limiter",
            "abaisser",
            "élever",
            "tripler",
            "diviser",
            "multiplier",
            "accélérer",
        ],
        *[
            "raccourcir",
            "booster",
            "gagner",
            "récupérer",
            "stabiliser",
            "garder",
            "tenir",
            "remonter",
            "relever",
            # "descendre sous 3 000 demandes en instance": going under a level is a change.
            "descendre",
            "redescendre",
        ],
        *[
            "reach",
            "achieve",
            "hit",
            "get",
            "boost",
            "halve",
            "triple",
            "move",
            "take",
            "drive",
            "bring",
            "keep",
            "hold",
            "accelerate",
            "expand",
        ],
        *["speed", "shrink", "slash", "minimise", "minimize", "maximise", "maximize", "increase", "lift"],
    )
}


# "Passer de 8 000 à 12 000 …" moves a metric; "Passer sur le nouvel outil" is a task.
_PASSER = re.compile(r"^passer\s+(?:de|d['’]|à|a|sous|au-dessus|en dessous)\b")
# "Passer le taux de complétion de 52 % à 80 %": said for "faire passer" when a metric goes between two
# values; "Passer la certification", "Passer à Kubernetes" name work.
_PASSER_METRIC = re.compile(r"^passer\s+(?:le|la|les|l['’])\s*.*\bde\s+[<>~]?\d[^;]*?\ba\s+[<>~≤≥]?\s?\d")


def is_change_opening(text: str) -> bool:
    """The sentence opens with a verb that moves a metric ("Réduire", "Faire passer", "Reach")."""
    folded = rules.fold(text.strip())
    if folded.startswith("passer "):
        return bool(_PASSER.match(folded) or _PASSER_METRIC.match(folded))
    if folded.startswith(tuple(rules.fold(p) for p in rules.CHANGE_PHRASES)):
        return True
    return rules.fold(rules.leading_verb(text)) in CHANGE_VERBS


class NumberMention(BaseModel):
    """One number as the KR writes it, with the role the sentence gives it."""

    value: str = Field(description="The number normalised as `rules.numbers_in` writes it.")
    role: Role = Field(
        description="baseline, target, relative (a change by N) or other (part of the metric)."
    )
    unit: str | None = Field(default=None, description="The unit written with it ('%', 'jours', '€', '/10').")
    kind: UnitKind = Field(description="What the unit measures, to compare a rewrite with its draft.")
    text: str = Field(description="The mention as written, with its comparator and unit.")
    written: str = Field(description="The number as written ('1,5', '8 000'), for slots shown to the PM.")


class ReadKeyResult(BaseModel):
    """A KR sentence split by code into the slots the renderer and the scorer use."""

    verb: str = Field(description="The opening verb (phrase) as written: 'Réduire', 'Faire passer'.")
    metric: str = Field(description="What is measured: the sentence without verb, values and deadline.")
    baseline: str | None = Field(default=None, description="The starting value as written, None if absent.")
    target: str | None = Field(default=None, description="The value to reach (or the change, if relative).")
    unit: str | None = Field(default=None, description="Unit of the values, as written.")
    deadline: str | None = Field(default=None, description="The deadline as written, None if absent.")
    relative: bool = Field(
        default=False, description="The target is a change by N ('de 10 %', '+10 %'), not a level."
    )
    compared_to: str | None = Field(
        default=None, description="The period a change is measured against, as written ('vs T2 2026')."
    )
    numbers: list[NumberMention] = Field(default_factory=list, description="Every measured number, in order.")


def _other_kind(match: re.Match[str], mentions: list[re.Match[str]], asides: list[tuple[int, int]]) -> bool:
    """ "Launch time under 10 min for 90% of shouts (we averaged 12 min last year)": the figure said aside is in
    another unit than the line's aim, so it is the level of another measure, no start of this one."""
    own = unit_kind(_unit_text(match))
    outside = [
        unit_kind(_unit_text(m))
        for m in mentions
        if not any(start <= m.start() < end for start, end in asides) and _unit_text(m)
    ]
    return own != "count" and bool(outside) and "percent" in outside and own not in outside


def unit_kind(unit: str | None, value_text: str = "") -> UnitKind:
    folded = rules.fold(f"{unit or ''} {value_text}")
    if "%" in folded:
        return "percent"
    if re.search(r"\d{1,2}h[0-5]\d", folded):
        return "time"
    if re.search(r"\b(?:pts?|points?|pp|bps?)\b", folded):
        return "points"
    if re.search(r"[€$£]|\b(?:eur|euros?|usd|k€|m€)\b", folded):
        return "currency"
    if re.search(r"/\s?(?:5|10|20|100)\b|\bsur (?:5|10|20|100)\b|out of", folded):
        return "score"
    if re.search(r"/\s?[a-z]", rules.fold(unit or "")):
        # "5,400/month" counts tickets in a month: the period is no duration to compare with "3 jours".
        return "count"
    if re.search(
        r"\b(?:ms|s|sec|secondes?|seconds?|min|mins?|mn|minutes?|h|hrs?|heures?|hours?|j|jours?|days?|semaines?"
        r"|weeks?|mois|months?|ans?|years?)\b",
        folded,
    ):
        return "time"
    return "count"


def keeps_its_unit(start_unit: str | None, aim_unit: str | None) -> bool:
    """Whether a start keeps its own unit: "≤ 72 h (aujourd'hui 9 jours)" is 9 days, not 9 hours."""
    if not start_unit or not aim_unit or unit_kind(start_unit) != "time" or unit_kind(aim_unit) != "time":
        return False
    return rules.time_unit_key(start_unit) != rules.time_unit_key(aim_unit)


# "de J+12 à J+6", "J+12 -> J+6": an arrow links two values even without "de" (a lone "J+30" names a window).
_DAY_VALUES = re.compile(
    r"(?:(?P<pre>\b(?:de|from)\s+)|(?=[JD]\s?\+\s?\d{1,3}\s*(?:->|→)))[JD]\s?\+\s?(?P<a>\d{1,3})"
    r"(?P<to>\s+(?:à|to)\s+|\s*(?:->|→)\s*)[JD]\s?\+\s?(?P<b>\d{1,3})\b"
)


def _leading_verb_phrase(text: str) -> tuple[str, str]:
    """(verb as written, rest of the sentence)."""
    stripped = text.strip()
    lowered = rules.fold(stripped)
    for phrase in (*_SCALING_PHRASES, *rules.CHANGE_PHRASES):
        if lowered.startswith(rules.fold(phrase) + " "):
            return stripped[: len(phrase)], stripped[len(phrase) :].strip()
    if " " in rules.leading_verb(stripped):
        return (
            "",
            stripped,
        )  # "Hold time for release: from 72h to 48h": a measure's name opens the line, no verb
    match = re.match(r"\s*([^\W\d_][\w'’-]*)", stripped)
    if not match:
        return "", stripped
    return match.group(1), stripped[match.end() :].strip()


# "in the quarterly survey from 3.1 to 4.0": a start and an aim after the tail make it part of the metric.
_FROM_TO = re.compile(
    r"\b(?:from|de|d['’])\s*[<>~]?\s?[$€£]?\d[^\n]{0,30}?\s(?:to|à)\s+[<>~]?\s?[$€£]?\d", re.I
)


def split_deadline(text: str) -> tuple[str, str | None]:
    remark = _TRAILING_REMARK.search(text)
    if remark and _DEADLINE_TAIL.search(text[: remark.start()]):
        # "… accessibles UFR d'ici fin 2027 (obligation légale, on est en retard)": the deadline comes before a
        # remark with no figure, which is no word of the metric.
        text = text[: remark.start()]
    match = _DEADLINE_TAIL.search(text)
    while match and (values := _FROM_TO.search(text, match.start())):
        match = _DEADLINE_TAIL.search(text, values.end())
    if not match:
        return text, None
    deadline = text[match.start() :].strip(" ,;()–—-.").strip()
    if re.search(r"(?:→|->|⇒)\s*(?:max\.?|min\.?|maximum|minimum|≤|<|≥|>)?\s*[$€£]?\d", deadline):
        return text, None  # "5 in Q2 → max 1": the cycle dates the start; the aim follows the arrow
    if re.search(
        r"[:：]\s*(?:(?:under|below|over|above|less than|more than|fewer than|moins de|plus de|sous|au moins|at least"
        r"|max\.?|min\.?)\s+)?[<>~≈]?\s*[$€£]?\d",
        deadline,
        re.IGNORECASE,
    ):
        # "Taux de remplissage des gîtes en novembre : 31 %": the month says what is counted; a value follows.
        return text, None
    deadline = re.sub(r"^(?:d['’]ici|by|before|until|avant|pour)\s+", "", deadline, flags=re.IGNORECASE)
    return text[: match.start()].rstrip(" ,;(–—-"), deadline or None


# A remark in brackets at the end of a line, with no figure: "(obligation légale, on est en retard)".
_TRAILING_REMARK = re.compile(r"\s*\((?P<remark>[^()\d]{3,})\)\s*\.?\s*$")


# ASCII spellings of arrows and comparators, read as their one-character signs (same length, so the same
# positions): otherwise the ">" of "32 -> 45" is taken for the comparator of 45. A comparator keeps its first
# place, to start the mention; an arrow its last, so the mention after it starts after the whole arrow.
_ASCII_SIGNS = re.compile(r"->|=>|>=|<=|=<")
_SIGN_OF = {"->": " →", "=>": " ⇒", ">=": "≥ ", "<=": "≤ ", "=<": "≤ "}
_MEASURED_KINDS = ("percent", "points", "currency", "score")


_ORDINAL = re.compile(r"(?:e|ème|eme|er|ère|re|nd|nde|st|rd|th)\b", re.IGNORECASE)


def _mentions(text: str) -> list[re.Match[str]]:
    """Number mentions that measure something (dates, cycles, identifiers and metric windows set aside)."""
    masked = _ASCII_SIGNS.sub(lambda m: _SIGN_OF[m.group(0)], rules.mask_dates(text))
    found = []
    for match in _MENTION.finditer(masked):
        # The comparator group may swallow the hyphen of a word ("e-mail"): only a real sign counts.
        if match.group("cmp") in ("x", "X") and match.start() > 0 and masked[match.start() - 1].isalpha():
            continue
        # A number glued to a letter before it names the metric ("p95 latency", "B2B"), it measures nothing.
        if match.start("num") == match.start() > 0 and masked[match.start() - 1].isalpha():
            continue
        # "Day-30 retention", "J-7": a count glued by a hyphen to a word names the metric's window.
        if match.group("cmp") in ("-", "−") and match.start() > 0 and masked[match.start() - 1].isalpha():
            continue
        # "avant la 10e minute", "the 3rd visit", "1er rendez-vous": an ordinal names a place, it is no value.
        if _ORDINAL.match(masked, match.end("num")):
            continue
        found.append(match)
    return [m for m in found if not _is_window(masked, m, found)]


def _is_window(masked: str, match: re.Match[str], found: list[re.Match[str]]) -> bool:
    """ "activation rate 7d -> 45%": a day or week count glued to its letter names the metric's window.

    Only when the values are in another unit: in "lead time 10d -> 5d" the same spelling is the baseline.
    """
    before = masked[: match.start()]
    # "Orders picked within 2h: 70% -> 90%": a time limit the share is counted in.
    within = re.search(r"\b(?:within|en moins de|in less than|under)\s*$", before, re.IGNORECASE)
    glued = re.match(r"[dwj](?!\w)", masked[match.end("num") :], re.IGNORECASE)
    timed = unit_kind(_unit_text(match), match.group(0)) == "time"
    if not (glued or (within and timed)):
        return False
    if not within and (
        _BEFORE_BASELINE.search(before) or _BEFORE_TARGET.search(before) or _BEFORE_BY.search(before)
    ):
        return False
    return any(
        other is not match and unit_kind(_unit_text(other), other.group(0)) in _MEASURED_KINDS
        for other in found
    )


# "Key Result #2 :", "KR1.2", "KR :": a label naming the line, no word of the metric.
_KR_LABEL = re.compile(
    r"^\s*(?:key\s+results?|kr|r[ée]sultats?\s+cl[ée]s?|rc)[\s#-]*\d+(?:[.\-]\d+)*\s*(?:[:：.)–—-]\s*|\s+|$)"
    r"|^\s*(?:key\s+results?|krs?|r[ée]sultats?\s+cl[ée]s?)\s*[:：–—-]\s*",
    re.IGNORECASE,
)
# "(vs 9 aujourd'hui)", "(actuellement 71)", "(was $1.7M)", "(baseline 5,400/month)": where the metric stands
# today, written aside. Its number is the baseline and the aside is no part of the metric's name.
_ASIDE = re.compile(r"\s*\((?P<inner>[^()]*)(?:\)|$)")
_TODAY_CUE = re.compile(
    r"\b(?:vs\.?|versus|contre|actuellement|aujourd['’]hui|currently|today|was|were|baseline|base|now|current"
    r"|actuel(?:le)?s?|[ée]tai(?:t|ent)|en ce moment|at the moment|right now|last (?:quarter|year|month)"
    r"|l['’]an dernier|l['’]ann[ée]e derni[èe]re|le trimestre dernier|point de d[ée]part|starting point|t0"
    r"|pour m[ée]moire|for reference|pour rappel"
    # "(dernière enquête : 5,8)", "(last survey: 61%)": where the latest measure put it.
    r"|derni[èe]re?s? (?:enqu[êe]te|mesure|relev[ée]|[ée]valuation|audit|inspection|comptage|campagne de mesure)"
    r"|last (?:survey|count|audit|inspection|measurement|reading)"
    # "(mesurée en février : 18 min)", "(measured in March: 41%)": when it was last measured.
    r"|mesur[ée]e?s? (?:en|au|in|le)\s+\S+|measured (?:in|on|last)\s+\S+"
    r"|on (?:en )?est (?:à|a)|nous sommes (?:à|a)|we['’]re at|we are at"
    r"|on en a eu|on en avait|on a eu|on avait|we had|there were)(?!\w)"
    r"|^\s*(?:de|d['’]|from|depuis)(?!\w)"
    # "(12 en 2026)", "(61% in 2026)": a number dated by a past year is where the metric stood.
    r"|^\s*[~≈]?\s*[$€£]?\d[\d  ,.]*\s*\S{0,12}\s+(?:en|in)\s+20\d\d\s*$"
    # "(4 au T2)", "(9 in Q3)": a number dated by a past quarter or half is where the metric stood.
    r"|^\s*[~≈]?\s*[$€£]?\d[\d  ,.]*\s*\S{0,12}\s+(?:au|en|in)\s+[TQSH][1-4](?:\s*20\d\d)?\s*$",
    re.IGNORECASE,
)
# "from 3 days to same day": an aim written in words; the number before it is then the start.
_WORD_TARGET = re.compile(
    r"\s*(?:to|à|a|→|->|=>|jusqu['’]à)\s*(?:the\s+)?(?P<word>same[- ]day|next[- ]day|le jour m[êe]me|jour m[êe]me"
    r"|le lendemain|z[ée]ro|none|aucune?|real[- ]time|temps r[ée]el|instantan[ée]e?|instant(?:ly)?)(?!\w)",
    re.IGNORECASE,
)
# Numbers said in words after a bound ("below five a month"): read as the numbers they are.
_NUMBER_WORDS = {
    **dict(zip(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], range(1, 11), strict=True)),
    **dict(zip(["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"], range(1, 11), strict=True)),
    "une": 1, "eleven": 11, "onze": 11, "twelve": 12, "douze": 12, "fifteen": 15, "quinze": 15, "twenty": 20,
    "vingt": 20, "thirty": 30, "trente": 30, "fifty": 50, "cinquante": 50, "hundred": 100, "cent": 100,
}  # fmt: skip
_WORD_BOUND = re.compile(
    # "at least two visits", "au moins une fois par mois" say who is counted: only a ceiling is read.
    r"\b(?P<bound>below|under|fewer than|less than|sous|moins de|pas plus de)\s+"
    r"(?P<word>" + "|".join(_NUMBER_WORDS) + r")\b(?![-'’])(?!\s+(?:fois|times)\b)",
    re.IGNORECASE,
)
# "une par mois", "two a week", "trois par an": a count said in words, then how often.
_WORD_RATE = re.compile(
    r"(?<![\w'’-])(?<!au moins )(?<!at least )(?<!plus d['’])(?P<word>" + "|".join(_NUMBER_WORDS) + r")\s+"
    r"(?=(?:[^\W\d_]+\s+){0,3}?(?:par|per|a|an)\s+"
    r"(?:mois|semaine|jour|an|année|month|week|day|year|trimestre|quarter)\b)",
    re.IGNORECASE,
)


# "9 last quarter, aim for zero": the aim said as a word is the aim's value.
_ZERO_AIM = re.compile(
    r"\b(?P<cue>aim for|aiming for|target|cible|objectif|on vise)\s*:?\s*(?:zero|zéro)\b", re.I
)


# Words a metric's name never ends on once its values are read: a preposition that led to a value ("… de"), the
# bound of a delay read as the aim ("decisions within"), the way said after the name ("down", "back", "en hausse"),
# a word that said the value was near ("environ", "about").
_LEFT_AT_THE_END = re.compile(
    r"\s+(?:de|d['’]|à|to|from|by|within|in under|in less than|under|sous|en moins de|dans un délai de|up|down|back"
    rf"|en hausse|en baisse|maxi|max|au maximum|at most|{rules.NEAR})$",
    re.IGNORECASE,
)
_NEAR_IN_BRACKETS = re.compile(rf"\s*\(\s*{rules.NEAR}\s*\)", re.IGNORECASE)


def words_to_digits(text: str) -> str:
    """ "Moins de deux interventions par mois" → "Moins de 2 interventions par mois": a count said in words after a
    ceiling or before how often it happens, written as the number it is (to decide a line's role)."""
    text = _WORD_BOUND.sub(lambda m: f"{m.group('bound')} {_NUMBER_WORDS[m.group('word').lower()]}", text)
    text = _ZERO_AIM.sub(r"\g<cue> 0", text)
    return _WORD_RATE.sub(lambda m: f"{_NUMBER_WORDS[m.group('word').lower()]} ", text)


# "Food rescued up 40%": the way said in words before a change.
_WAY_BY = re.compile(
    r"(?<=\s)(?P<way>up|down|en hausse de|en baisse de)\s+(?=\d[\d.,]*\s?(?:%|pts?\b|points?\b))",
    re.IGNORECASE,
)
# "-10% vs T3 2026": a signed change against a period, not a level.
_VERSUS_PERIOD = re.compile(r"\s*(?:vs\.?|versus|par rapport [àa]|compared (?:to|with)|contre)(?!\w)", re.I)
_COMPARATORS = "<>≥≤"


def _pull_asides(text: str) -> tuple[str, list[str], list[str]]:
    """The text without its asides on today's level, those asides, closed, in their order, and the asides that
    restate the change ("(x2 vs 2025-26)"): no level of today, and no deadline either."""
    asides: list[str] = []
    changes: list[str] = []

    def pull(match: re.Match[str]) -> str:
        inner = match.group("inner").strip()
        if re.match(r"(?:[x×÷]\s?\d|[+\-−]\s?\d)", inner):
            changes.append(f"({inner})")
            return ""
        if _TODAY_CUE.search(inner) and _mentions(inner):
            asides.append(f"({inner})")
            return ""
        return match.group(0)

    return _ASIDE.sub(pull, text).strip(), asides, changes


# The reader's scope rows that name who or what is counted by a band of numbers, never a start and an aim.
_BAND_SCOPES = (
    "age_range",
    "people_of_an_age",
    "numbered_range",
    "tenure_window",
    "waiting_longer_than",
    "events_longer_than",
    "distance_bound",
    "within_delay_for_share",
    "stay_length",
    "window_days",
    "time_of_day",
    "frequency",
    "opening_hours",
)


def read_key_result(text: str) -> ReadKeyResult:
    """Slots of a KR sentence; never raises — what it cannot place stays in `metric`."""
    text = _KR_LABEL.sub("", text, count=1)
    # "CSAT 92%+": a share with a plus after it is a floor to reach.
    text = re.sub(r"(?<![\w≥>])(\d+(?:[.,]\d+)?\s?%)\s?\+(?=\s|$)", r"≥\1", text)
    # "backlog older than 7 days = 0": an equals sign before the value says where the measure must be.
    text = re.sub(r"\s=\s*(?=[<>≤≥]?\s*\d)", " to ", text) if re.search(r"\s=\s*\d", text) else text
    # "below five a month", "moins de trois par semaine": a bound said in words is a number like any other.
    text = _WORD_BOUND.sub(lambda m: f"{m.group('bound')} {_NUMBER_WORDS[m.group('word').lower()]}", text)
    text = _ZERO_AIM.sub(r"\g<cue> 0", text)
    # "Food rescued up 40% (tonnes)", "fréquentation en hausse de 8 %": the way said in words is the change's sign.
    text = _WAY_BY.sub(lambda m: "+" if rules.fold(m.group("way")) in ("up", "en hausse de") else "-", text)
    verb, rest = _leading_verb_phrase(text)
    # "de J+12 à J+6": close-day values, read as days (a lone "J+30" stays a metric window).
    rest = _DAY_VALUES.sub(
        lambda m: f"{m.group('pre') or ''}{m.group('a')} jours {m.group('to').strip()} {m.group('b')} jours",
        rest,
    )
    compared_to = None
    from rewriter.reading import rows as reading_rows

    if compared := reading_rows.row("change_compared_to").search(rest):
        # "-25 % par rapport au printemps 2026": the period compared with is no deadline and no metric word.
        compared_to = compared.group("reference").strip(" ()")
        rest = (rest[: compared.start("reference")] + rest[compared.end("reference") :]).rstrip()
    # Asides come out before the deadline is split ("d'ici fin T3 (vs 12 %)" would take the aside in the
    # deadline) and go back at the end of the body, where their spans are known.
    rest, asides, changes = _pull_asides(rest)
    body, deadline = split_deadline(rest)
    change_spans: list[tuple[int, int]] = []
    for change in changes:
        # The change restated stays in the metric's words, its numbers no start nor aim.
        body = f"{body} " if body else body
        change_spans.append((len(body), len(body) + len(change)))
        body += change
    aside_spans: list[tuple[int, int]] = []
    for aside in asides:
        body = f"{body} " if body else body
        aside_spans.append((len(body), len(body) + len(aside)))
        body += aside
    absolute = rules.fold(verb).lower() in _ABSOLUTE_VERBS
    changing = is_change_opening(text)
    mentions = _mentions(body)
    aside_firsts = {
        next(i for i, m in enumerate(mentions) if start <= m.start() < end)
        for start, end in aside_spans
        if any(start <= m.start() < end for m in mentions)
    }
    roles: list[Role] = []
    dropped_aims: list[tuple[int, int]] = []
    word_target: re.Match[str] | None = None
    from rewriter.reading import rows

    # "Coupures non programmées de plus de 12 h": a scope row may need the word read as the verb to see its noun.
    lead = f"{verb} " if verb and not body.startswith(verb) else ""
    scope_spans = [
        (start - len(lead), end - len(lead))
        for start, end in rows.scope_spans(lead + body, _BAND_SCOPES)
        if end > len(lead)
    ]
    for i, match in enumerate(mentions):
        before = body[max(0, match.start() - 40) : match.start()]
        after = body[match.end() : match.end() + 30]
        cmp = (match.group("cmp") or "").strip()
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        between = body[match.end() : following.start()] if following else ""
        if any(start <= match.start() < end for start, end in scope_spans + change_spans):
            roles.append("other")  # "enfants de 6 à 12 ans", "lignes 1 à 4": who or what is counted
        elif re.search(
            r"\b(?:day|jour|week|semaine|month|mois|mois n°|étape|step|cat|category|catégorie|grade|band|tier"
            r"|level|niveau|phase|lot)\s*$",
            (lead + body[: match.start()])[-40:],
            re.IGNORECASE,
        ) or (
            re.fullmatch(r"\d{1,2}", match.group(0).strip())
            and re.search(
                r"(?<!last )(?<!this )(?<!next )\b(?:year|ward|class|classe|ligne|line|route|ks|key stage|room|salle|autumn|spring"
                r"|pavillon|bâtiment|building|secteur|sector|zone|quai|platform|terminal|gate|unit|unité)\s*$",
                (lead + body[: match.start()])[-40:],
                re.IGNORECASE,
            )
        ):
            # "on day 1", "Cat 2 mean response", "Year 2 pupils", "Ward 7": a number that names, part of the metric.
            roles.append("other")
        elif (
            re.search(r"\b(?:per|pour|par|for every)\s*$", before, re.IGNORECASE)
            and re.match(r"\s+[^\W\d_]{3,}", after)
            and "%" not in match.group(0)  # "sous 4 h pour 95 % des tickets": a share, no rate's base
            and not re.search(r"(?:divis|multipli)\w*\s+par\s*$", before, re.IGNORECASE)
        ):
            # "fraud losses per 1,000 active cards": the rate's base is part of the metric.
            roles.append("other")
        elif unknown_aim := _UNKNOWN_AIM.match(body, match.end()):
            # "Churn mensuel 7,5% → ?": the value is where the metric stands; the aim is still to set.
            dropped_aims.append(unknown_aim.span())
            roles.append("baseline")
        elif i in aside_firsts and _other_kind(match, mentions, aside_spans):
            roles.append("other")
        elif i in aside_firsts:
            roles.append("baseline")
        elif word_target is None and (found := _WORD_TARGET.match(body, match.end())):
            word_target = found
            roles.append("baseline")
        elif (
            not changing
            and len(mentions) == 1
            and cmp in ("+", "-", "−", "±")
            and (unit_kind(_unit_text(match)) in ("percent", "points") or _VERSUS_PERIOD.match(after))
        ):
            # "conso élec -10% vs T3 2026": with no verb, a signed share is still a change, not a level.
            roles.append("relative")
        elif len(mentions) == 1 and re.search(
            r"\b(?:up|down|en hausse|en baisse|rising|falling)\s+(?:from|de|depuis)\s*$",
            before,
            re.IGNORECASE,
        ):
            roles.append("baseline")  # "Pupils who enjoy reading: up from 54%": the way and where it starts
        elif not changing and len(mentions) == 1 and _AFTER_BASELINE.match(after):
            # "More payment plans set up online – 40% today": where the measure stands, its aim unsaid.
            roles.append("baseline")
        elif (
            not changing
            and len(mentions) == 1
            and (_STATED_LEVEL.match(text) or not rules.is_known_verb(verb))
        ):
            # "Panier moyen 54 €", "KR : 1,5 million d'acheteurs": a level with no verb, start or aim unsaid.
            roles.append("stated")
        elif (
            _AFTER_BASELINE.match(after)
            # "de 3 % aujourd'hui à 2 %": after a baseline, "aujourd'hui à" leads to the target, not a start.
            or (
                not (roles and roles[-1] == "baseline")
                and re.search(
                    r"(?:aujourd['’]hui|actuellement|vs\.?|versus|contre|currently|today|baseline|au lieu de|we['’]re at"
                    r"|we are at|on est à|nous sommes à|on en est à|\bwas|\bwere|était|étaient"
                    r"|instead of|on en a eu|on en avait|on a eu|on avait|we had|there were|l['’]an dernier"
                    r"|l['’]an passé|last year|last quarter)\s*(?:de|à|:|=|at)?\s*$",
                    before,
                    re.IGNORECASE,
                )
            )
            or (
                following
                and re.fullmatch(
                    r"\s*(?:[\w%/]+\s*){0,3}?\s*(?:à|a|to|→|->|=>|➜|⇒)\s*"
                    # "from 1,900 per month to fewer than 600": the bound after "to" still leads to the aim.
                    r"(?:fewer than|less than|more than|under|below|over|above|at least|at most)?\s*",
                    between,
                    re.IGNORECASE,
                )
            )
            # "de 58 jours à [cible à définir]": a placeholder target still makes the first value the start.
            or re.match(r"\s*(?:à|a|to|→|->)\s*\[", after, re.IGNORECASE)
        ):
            roles.append("baseline")
        elif i > 0 and roles[-1] == "baseline" and re.search(r"(?:à|to|→|->|=>|➜|⇒)\s*\S{0,12}$", before):
            roles.append("target")
        elif cmp in ("+", "-", "−", "±", "x", "×") and not _BEFORE_TARGET.search(before):
            roles.append("relative")
        elif _BEFORE_TARGET.search(before) or cmp in ("<", ">", "≥", "≤"):
            roles.append("target")
        elif _BEFORE_BY.search(before) and not absolute:
            roles.append("relative")
        else:
            roles.append("target" if not any(r == "target" for r in roles) else "other")
    roles = _one_target(body, mentions, roles)
    numbers = [
        NumberMention(
            value=rules.normalize_number(m.group("num")),
            role=role,
            unit=_unit_text(m),
            kind=unit_kind(_unit_text(m), m.group(0)),
            text=re.sub(r"\s{2,}", " ", m.group(0).strip()),
            written=m.group("num"),
        )
        for m, role in zip(mentions, roles, strict=True)
    ]
    baseline = next((n for n in numbers if n.role == "baseline"), None)
    target = next((n for n in numbers if n.role in ("target", "relative", "stated")), None)
    # "sous 4 min (vs 9 aujourd'hui)", "de 5 à 3 jours": the unit written once, with the target, is the
    # baseline's too, whichever comes first.
    if baseline and target and target.role == "target" and baseline.unit is None and target.unit:
        baseline.unit, baseline.kind = target.unit, target.kind
    relative = bool(target and target.role == "relative") or bool(_RELATIVE_WORDS.search(f"{verb} {body}"))
    unit = next((n.unit for n in (target, baseline) if n and n.unit), None)
    target_text = _value_text(target) if target else (word_target.group("word") if word_target else None)
    if baseline and target and target.role == "target" and target_text and target_text[0] in _COMPARATORS:
        # "≥ 85/100 (actuellement 71)": from a start, the move says which way; "de 71 à ≥ 85" is no slot.
        target_text = target_text[1:]
    dropped = [
        span
        for i, span in enumerate(aside_spans)
        if any(span[0] <= mentions[j].start() < span[1] for j in aside_firsts)
    ]
    if word_target:
        dropped.append(word_target.span())
    dropped += dropped_aims
    baseline_text = _value_text(baseline)
    if baseline and target and keeps_its_unit(baseline.unit, target.unit):
        baseline_text = f"{baseline_text} {baseline.unit}"
    return ReadKeyResult(
        verb=verb,
        metric=_metric_text(body, mentions, roles, dropped),
        baseline=baseline_text,
        target=target_text,
        unit=unit,
        deadline=deadline,
        relative=relative,
        compared_to=compared_to,
        numbers=numbers,
    )


# "90% of patients", "100 % des cas": a share of a population, the line's aim when it also bounds a delay.
_SHARE_OF = re.compile(r"\s*(?:des|du|de la|de l['’]|d['’]|of)\b", re.IGNORECASE)


# The whole a share is taken of, up to the end of its phrase: "des achats", "du temps payé", "of paid time".
_SHARE_BASE = re.compile(
    # ("60 % des produits distribués soient frais" says a state of them, no whole: a verb ends the phrase.)
    r"\s*(?P<base>(?:des|du|de la|de l['’]|d['’]|of)\s*[^\W\d_](?![^,;:()]*\b(?:soient|sont|soit|est|are|is|were|was|be)\b)"
    r"[^\d,;:()\[\]]*?)\s*(?=$|[,;:(]|\s(?:d['’]ici|by|avant|before)\b)",
    re.IGNORECASE,
)


# A metric named before its values: a word of three letters or more ("Part des repas bio de 20 % à 50 % …").
_NAMED_BEFORE = re.compile(r"[^\W\d_]{3,}")


# The article a population takes once its share is gone: "sur 100 % des biens" → "sur les biens".
_ARTICLES = {
    "des": "les",
    "du": "le",
    "de la": "la",
    "de l'": "l'",
    "de l’": "l'",
    "d'": "",
    "d’": "",
    "of": "",
}


def _one_target(body: str, mentions: list[re.Match[str]], roles: list[Role]) -> list[Role]:
    """A line aims at one value: past it, a bound ("sous 72 h", "> 350 k€", "under 18", "plus de 2 TD") is
    part of the metric's name, never a second target dropped from the rewrite. A share of a population ("dans
    100 % des cas sous 72 h", "sous 48 h pour 90 % des dossiers") is the aim wherever it stands."""
    aims = [i for i, role in enumerate(roles) if role == "target"]
    if len(aims) < 2:
        return roles
    shares = [i for i in aims if "%" in mentions[i].group(0) and _SHARE_OF.match(body, mentions[i].end())]
    start = next((i for i, role in enumerate(roles) if role == "baseline"), None)
    after_start = [i for i in aims if start is not None and i > start]
    # "en moins de 48 h de 60 % à 90 %": the value reached from the start is the aim, the delay bounds the metric.
    kept = after_start[0] if after_start else shares[0] if shares else aims[0]
    # "de 6,5 à 8 sur 10": a scale written after the aim is read as it was, not as a bound.
    scales = {i for i in aims if re.search(r"\d\s*(?:sur|/|out of)\s*$", body[: mentions[i].start()])}
    return [
        ("other" if i in aims and i != kept and i not in scales else role) for i, role in enumerate(roles)
    ]


_UNKNOWN_AIM = re.compile(
    r"\s*(?:→|->|=>|➜|⇒)\s*(?:\?+|tbd\b|tbc\b|à définir\b|a definir\b|\[[^\]]*\])", re.IGNORECASE
)


def _unit_text(match: re.Match[str]) -> str | None:
    unit, currency = match.group("unit"), match.group("cur")
    if (
        unit
        and currency
        and re.fullmatch(r"\s*(?:k|m|millions?|milliards?|billions?)\s*", unit, re.IGNORECASE)
    ):
        # "$1.7M": the currency written before the number is the unit's too ("1,7 M$"), not lost.
        return f"{unit.strip()}{currency}"
    unit = unit or currency
    return unit.strip() if unit else None


def _value_text(mention: NumberMention | None) -> str | None:
    """The value as a slot holds it: comparator and number, the unit left to the `unit` slot."""
    if mention is None:
        return None
    sign = mention.text[0] if mention.text[:1] in "+-−x×<>≥≤~" else ""
    return f"{sign}{mention.written}" if sign else mention.written


_CONNECTOR = re.compile(
    r"(?:(?:^|\s)(?:au lieu de|au lieu d['’]|instead of|compared (?:to|with)|par rapport [àa]"
    r"|de|d['’]|à|a|to|from|by|of|vs\.?|versus|contre|sous les|sous la barre des?|sous|pas plus de|under|below|above"
    r"|over|au-dessus de"
    r"|en dessous de|au-dessous de|en moins de|in less than|in under|moins de|plus de|au moins|at least|at most|au plus|less than|more than"
    r"|fewer than|no more than|up to|aujourd['’]hui|actuellement|currently|today|jusqu['’]à|atteindre|reach"
    r"|cible\s*:?|target\s*:?)"
    r"|→|->|=>|\()\s*$",
    re.IGNORECASE,
)


def _metric_text(
    body: str, mentions: list[re.Match[str]], roles: list[Role], dropped: list[tuple[int, int]]
) -> str:
    """The body with its values (and the connectors that introduce them) and the `dropped` spans blanked out."""
    spans = list(dropped)
    for match, role in zip(mentions, roles, strict=True):
        if role == "other":
            continue
        start = match.start()
        connector = _CONNECTOR.search(body[:start])
        if connector:
            start = connector.start()
        end = match.end()
        # "44% last year → 60%", "11 % la saison dernière": when the value was taken goes with it.
        tail = re.match(
            r"\s*(?:aujourd['’]hui|today|actuellement|currently|\)|last (?:year|season|quarter|month|winter|summer)"
            r"|l['’]an (?:dernier|passé)|la saison (?:dernière|passée)|l['’]année (?:dernière|passée)"
            r"|(?:en|in) 20\d\d(?:[-/]\d{2,4})?|au \d{1,2}/\d{1,2}(?:/\d{2,4})?)",
            body[end:],
            re.IGNORECASE,
        )
        if tail:
            end += tail.end()
        spans.append((start, end))
    kept = list(body)
    for start, end in spans:
        kept[start:end] = " " * (end - start)
    based: list[str] = []
    for match, role in zip(mentions, roles, strict=True):
        share = _SHARE_OF.match(body, match.end())
        if role == "other" or "%" not in match.group(0) or not share:
            continue
        if not re.search(r"\b(?:for|in|on|at|dans|sur|pour|chez|en)\s*$", body[: match.start()]):
            whole = _SHARE_BASE.match(body, share.start())
            named = re.sub(r"\([^)]*\)", " ", "".join(kept[: match.start()]))
            if (
                whole
                and not based
                and role in ("target", "baseline", "stated")
                and _NAMED_BEFORE.search(named)
            ):
                # "de 20 % à 50 % des achats", "sous 20 % du temps payé": the whole the share is taken of is
                # the metric's base, said after its name, never a dangling "des achats" inside it.
                based.append(whole.group("base").strip())
                kept[whole.start() : whole.end()] = list(" " * (whole.end() - whole.start()))
            continue
        # "done for 90% of patients", "dans 100 % des cas": with the share gone, its "of" / "des" would dangle.
        article = _ARTICLES.get(rules.fold(share.group(0).strip()), "")
        kept[share.start() : share.end()] = list(f" {article}".ljust(share.end() - share.start()))
    text = "".join(kept)
    text = re.sub(r"\(\s*\)", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:=–—-.")
    # "Falls on Ward 7: from 12 to 6 a month": with the values gone, the rate's base follows the name.
    text = re.sub(r"\s*:\s+(?=(?:a|an|per|par|each|every|chaque)\s+\w+$)", " ", text, flags=re.IGNORECASE)
    # "Subscriber renewal rate back to 80% (72% last season)": a bracket whose opening went with the values.
    while text.count(")") > text.count("(") and ")" in text:
        at = text.index(")")
        text = (text[:at] + text[at + 1 :]).strip()
    text = _NEAR_IN_BRACKETS.sub("", text)
    while (trimmed := _LEFT_AT_THE_END.sub("", text).strip()) != text:
        text = trimmed
    if based:
        english = re.match(r"of\b", based[0], re.IGNORECASE)
        text = f"{text} ({'as a % ' if english else 'en % '}{based[0]})"
    return text
