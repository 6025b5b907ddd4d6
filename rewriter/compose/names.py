"""Metric names: a measure's name written to follow a verb, and the library metric a draft's line names.

"des comptes avec MFA" (in %) → "la part des comptes avec MFA", "22 % des inscrits terminent un cours" →
"la part des inscrits qui terminent un cours". The keep, facts and ground steps all word metrics this way,
so it sits below them.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.compose.words import PEOPLE, elides, lower_first
from rewriter.draft import Lang
from rewriter.library import Metric

# "22 % des étudiants inscrits terminent un cours", "Only 11% of account holders have a savings goal".
# "95% of patients seen, treated, admitted or discharged within 4 hours": a list of words stays in the share.
SHARE_FACT = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s?%\s+(?:(?P<fr>des|de nos|de)\s+|(?P<en>of)\s+(?:our\s+|the\s+)?)(?P<rest>(?:[^.;(),]|,(?=\s+[a-zà-ÿ][^,\d]*?(?:,|\s(?:or|and|ou|et)\s)))+)"
    r"(?P<after>[^.;]*)",
    re.IGNORECASE,
)


def share_metric(rest: str, fr: bool) -> str | None:
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
            pronoun = "who" if PEOPLE.search(rules.fold(who)) else "that"
            return f"the share of {who} {pronoun} {what}"
    # "30% of hires from referrals": no verb, the counted things with their kind are the share's name.
    if not fr and len(words) >= 2 and rules.content_words(f"x {rest}"):
        return f"the share of {rest.strip()}"
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


def _headed(name: str) -> str:
    """ "8am phone queue: average wait" → "8am phone queue (average wait)": a heading and what it measures, with no
    colon in a key result; "illegal campfires found on patrol: from roughly a summer" keeps its heading alone,
    what follows the colon being the rest of values read elsewhere."""
    head, colon, tail = [part.strip() for part in [*_HEAD_COLON.split(name, maxsplit=1), "", ""]][:3]
    if not colon or not head or not tail:
        return name
    first = rules.fold(tail.split()[0])
    leftover = first in _TAIL_LEFTOVERS or rules.is_known_verb(first) or not rules.content_words(f"x {tail}")
    if leftover and not re.search(r"\d", tail):
        return head
    if leftover:
        # "Délai … : entre et 4 semaines": a figure the values left behind is the author's; it stays in sight.
        return f"{head} ({tail})"
    if re.search(r"\d", head) and len(head.split()) <= 3:
        # "Ligne 3 : arrêts non planifiés": a numbered place heads the line; the measure is what follows it.
        return f"{tail} ({head[:1].lower() + head[1:] if head[1:2].islower() else head})"
    return f"{head} ({tail})"


# Things measured by a rating: "Avis Google", "Google reviews".
_RATED = frozenset({"avis", "reviews", "ratings", "evaluations", "etoiles", "stars"})


# A colon between a heading and the rest of a metric ("queue: average wait"), not inside a time ("08:30").
_HEAD_COLON = re.compile(r"\s*(:)\s+")
# Words that open what is left after the values of a line were read: no part of a name.
_TAIL_LEFTOVERS = frozenset(
    [
        "from",
        "of",
        "to",
        "by",
        "de",
        "du",
        "des",
        "d",
        "sur",
        "par",
        "per",
        "a",
        "à",
        "au",
        "aux",
        "on",
        "in",
        "at",
        "between",
        "entre",
        "avec",
        "with",
        "for",
        "pour",
    ]
)


def share_within_delay(text: str, unit: str | None) -> re.Match[str] | None:
    """ "Réponse aux e-mails sous 48 h pour les tickets" (in %): a share of things done within a delay, whose
    share is the match's `who`; a share of things done in time goes up, whatever its words say of delays."""
    if unit != "%" or not _DELAY_BOUND.search(text):
        return None
    # "Waiting list for education places under 4 weeks for applicants": the share is of the last "for …".
    found = list(_SHARE_IN_DELAY.finditer(text))
    return found[-1] if found else None


def measure_name(text: str, lang: Lang, unit: str | None = None) -> str:
    """The metric of a verbless measure, written to follow a verb: "part de marché" → "la part de marché",
    "des comptes avec MFA" (in %) → "la part des comptes avec MFA", "postes renouvelés" → "le nombre de …"."""
    name = _headed(_PARTICIPLE.sub("", text.strip(" :→-")).strip())
    # "Store rating is 4.1 today, we want 4.5": the words around the values are not the metric.
    name = _STATED_WORDS.sub(" ", name)
    # "MTTR < 1h ?": the PM's doubt is a question to ask, not a word of the metric.
    name = re.sub(r"\s+", " ", re.sub(r"\s*\?+", " ", name)).strip(" ,;:")
    shared = share_within_delay(name, unit)
    if shared:
        # "Réponse aux e-mails sous 48 h pour 90 % des tickets": the share is of the tickets, the delay says which
        # count; "la réponse … pour les tickets" would measure an answer, not a share.
        thing = (name[: shared.start()] + name[shared.end() :]).strip(" ,")
        thing = re.sub(r"^(?:(?:le|la|les|the)\s+|l['’]\s*)", "", thing, flags=re.IGNORECASE)
        who = shared.group("who").strip()
        # "délai … 5 jours max", "zones rurales moins de 20 min": the delay follows its noun with "de".
        thing = (
            re.sub(
                r"(?<=[^\W\d_])(?<!\ben)(?<!\bde)(?<!\bsous)(?<!\bdans)\s+(?=\d+\s*\w+\s+(?:max|au plus|ou moins)\b"
                r"|moins de\s+\d)",
                " de ",
                thing,
            )
            if lang == "fr"
            else thing
        )
        if lang == "fr":
            return f"la part des {who} avec {lower_first(thing)}"
        return f"the share of {who} with {lower_first(thing)}"
    first = rules.fold(name.split()[0]) if name.split() else ""
    if first in _RATED:
        # "Avis Google : 4,3 → 4,7": reviews are measured by their rating, never counted by a "nombre d'avis".
        return f"la note des {lower_first(name)}" if lang == "fr" else f"the rating of {lower_first(name)}"
    # "taux", "prix", "délais" are not counts of things: only a real plural of people or objects gets "le nombre de".
    plural = (
        first.endswith(("s", "x"))
        and not (
            lang != "fr" and first.endswith("ss")
        )  # "awareness", "business": no plural ("pass" is French)
        and not re.match(r"^(?:d['’]|de$)", first)
        and first not in _SINGULAR_X
        # "NPS syndics", "CSAT", "KPIs" aside: an acronym's last letter is no plural.
        and not re.fullmatch(r"[A-Z]{2,6}", name.split()[0])
    )
    if lang != "fr":
        # An English noun phrase ends on its head ("hardship fund decisions").
        head = rules.fold(name.split()[-1]) if name.split() else ""
        timed = unit and _TIME_UNIT_EN.fullmatch(unit.strip()) and not _TIME_UNIT_EN.fullmatch(head)
        # Only a bare compound ("reimbursement decisions") is timed here: "time to decision on …", "MTTR for P1
        # incidents", "average queue at tills" already name a time, or name it before their last word.
        timed = timed and not _TIMED_OR_PHRASE.search(name)
        if timed and head.endswith("s") and not head.endswith(("ss", "us", "is")) and len(name.split()) <= 6:
            # "Hardship fund decisions: 3 to 4 weeks → 5 working days" times each decision, it does not count them.
            return f"the time taken for {lower_first(name)}"
        if unit == "%" and re.match(r"^of\s", name, re.IGNORECASE):
            return f"the share {lower_first(name)}"  # "95% of patients seen within 4 hours"
        if unit == "%" and plural and not re.match(r"^(?:the|share|rate|part)\b", name, re.IGNORECASE):
            return f"the share of {lower_first(name)}"
        return lower_first(name)
    if unit == "%" and re.match(r"^des\s", name, re.IGNORECASE):
        return f"la part {lower_first(name)}"
    if plural and not re.match(r"^(?:le|la|les|l['’]|un|une|des|du|notre|nos)\b", name, re.IGNORECASE):
        if unit == "%":
            return f"la part des {lower_first(name)}"
        if unit and _QUANTITY_UNIT.fullmatch(unit.strip()) and not _QUANTITY_UNIT.fullmatch(first):
            # "Pertes : de 1,2 t à 0,8 t" weighs losses, it does not count them ("Tonnes collectées : 300 t → 380 t"
            # still counts tonnes).
            return f"les {lower_first(name)}"
        if unit and _TIME_UNIT.fullmatch(unit.strip()) and not _TIME_UNIT.fullmatch(first):
            # "Changements de format : 40 min → 25 min" times each changeover, it does not count them.
            return f"la durée des {lower_first(name)}"
        return f"le nombre d'{lower_first(name)}" if elides(name) else f"le nombre de {lower_first(name)}"
    if re.match(r"^(?:le|la|les|l['’]|un|une|des|du|notre|nos)\b", name, re.IGNORECASE):
        return lower_first(name)
    if re.match(r"^(?:d['’]|de\s)", name, re.IGNORECASE):
        return f"le nombre {name}"
    article = "l'" if elides(name) else rules.french_article(name, elide=False)
    return f"{article}{lower_first(name)}"


def metric_of(text: str, lang: Lang) -> Metric | None:
    """The library metric the line names: through its signals, else through an acronym only that metric owns."""
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


# What is left of "pour 90 % des tickets", "dans 95 % des cas", "for 80% of applicants" once the share is read as
# the aim: whose share it is.
_SHARE_IN_DELAY = re.compile(
    # "dans les 7 jours" is the delay itself, not whose share it is.
    r"\s+(?:pour|dans|for|in)\s+(?!(?:les\s+|the\s+)?\d)(?:les\s+|the\s+)?(?:of\s+(?:the\s+)?)?(?P<who>[^\W\d_][^,;:()<]*?)"
    r"(?=\s+(?:sous|en moins de|dans les|within|under|in under|in less than)\s|\s*[<≤]|\s*$)",
    re.IGNORECASE,
)
# Units of time: a plural measured in them is timed, not counted.
_TIME_UNIT = re.compile(
    r"(?:s|sec|secondes?|min|minutes?|mn|h|heures?|j|jours?|semaines?|mois)", re.IGNORECASE
)
_TIMED_OR_PHRASE = re.compile(
    r"\b(?:for|of|on|at|in|to|with|by|per|from|time|times|mttr|mtta|queue|wait|waiting|delay|delays|lead|cycle"
    r"|turnaround|response|processing|duration|age|sla)\b|-",
    re.IGNORECASE,
)
_TIME_UNIT_EN = re.compile(
    r"(?:working |business |calendar )?(?:s|secs?|seconds?|min|mins|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?"
    r"|months?)",
    re.IGNORECASE,
)
# Units of a quantity weighed, poured or paid, never a count of things.
_QUANTITY_UNIT = re.compile(
    r"(?:t|kt|tonnes?|kg|g|mg|hl|l|litres?|ml|cl|m3|m³|[kmg]wh|[kmg]w|€|k€|m€|\$|£|euros?|ha|km)(?:\s?/.*)?",
    re.IGNORECASE,
)
# The delay within which the counted things happen ("sous 48 h", "within 1 hour", "< 30 min").
_DELAY_BOUND = re.compile(
    r"(?:\bsous|\ben moins de|\bdans les|\bwithin|\bunder|\bin under|\bin less than|\bmoins de|<|≤)\s*\d+(?:[.,]\d+)?"
    r"\s*(?:h|heures?|hours?|hrs?|min|minutes?|mn|s|sec|secondes?|seconds?|j|jours?|days?|semaines?|weeks?|mois"
    r"|months?|business hours?|working days?)\b"
    # "5 jours max", "4 weeks at most": the bound said after the delay.
    r"|\b\d+\s*(?:h|heures?|hours?|min|minutes?|j|jours?|days?|semaines?|weeks?)\s+(?:max(?:imum)?|au plus|at most"
    r"|or less|ou moins)\b",
    re.IGNORECASE,
)
