"""Third step of reading: the slots of a fact — the metric in the author's words and today's value.

"info : délai moyen d'attente en mairie 38 min" has lost its cue in the roles step; here its first measured
clause is cut from what follows, lead-in words ("aujourd'hui", "on a mesuré que", "seuls") go, and the first
fact shape of `rows.yaml` that matches gives the metric phrase and the value with its unit.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.language import detect_language
from rewriter.reading import rows
from rewriter.reading.contract import Slots

# Clauses of one line: "taux de valorisation = 61 %, 23 % des apports …" states two facts; the first is read.
_CLAUSE = re.compile(
    r"\s*(?:;|,(?=\s)|\s[—–-]\s|\.\s|\(|\bdont\b|\bwith\b|\bavec\b|\bmais\b|\bbut\b"
    # "… 47 jours entre la commande et la mise en service, et 23 % …": "et" opens a clause when a figure follows.
    r"|\b(?:et|and)\s(?=(?:\w+\s){0,2}[<>~]?\d))\s*"
)
_TRAILING = re.compile(
    r"(?:\s+(?:aujourd'hui|aujourd’hui|today|actuellement|actuel(?:le)?s?|currently|current|en moyenne|on average"
    r"|par|per|a|an|chaque|each|every|environ|about|estimée?|mesurée?)\b\.?)+\s*$"
    r"|\s*[<>≥≤]\s*[$€£]?\d[\d  .,]*\s*\S*\s*$"
    r"|\s+(?:de|d['’]|du|des|of|à|au|from|in|at|for)\s*$",  # "liste de" left when its value was read
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:le |la |les |l'|l’|un |une |des |du |de |d'|d’|the |our |notre |nos |of |of the )", re.I
)


def _clauses(text: str) -> list[str]:
    """The clauses of a line that hold a measured number, in order."""
    # "la vente directe (marché + paniers) fait 40 %": an aside without a figure is no clause of its own.
    text = re.sub(r"\s*\([^()\d]*\)", "", text)
    # "teens (13–17) make up 4 %": a band of ages in brackets names who is counted, it opens no clause.
    text = re.sub(r"\((\d{1,3}\s?[-–]\s?\d{1,3}(?:\s?(?:ans|years|yo))?)\)", r"⟨\1⟩", text)
    # "11 % d'élèves absentéistes (plus de 4 demi-journées non justifiées par mois)": a bracket that says which
    # ones are counted defines the metric; it opens no fact of its own.
    text = re.sub(
        r"\(((?:plus de|moins de|more than|over|at least|au moins|under|≥|>|<)\s*\d[^()]*)\)", r"⟨\1⟩", text
    )
    pieces, start = [], 0
    for match in _CLAUSE.finditer(text):
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    pieces = [p.replace("⟨", "(").replace("⟩", ")") for p in pieces]
    # "…, contre 30 jours chez la coop voisine": a figure of someone else, said to compare, is no fact of the team.
    pieces = [p for p in pieces if not _COMPARED.match(p.strip())]
    return [p.strip(" .") for p in pieces if rules.measure_numbers(p) or rows.row("share_in_words").search(p)]


_COMPARED = re.compile(
    r"(?:contre|vs\.?|versus|against|compared (?:to|with)|comparé à|par rapport à|alors que|whereas|while)\b",
    re.IGNORECASE,
)


def without_lead_in(text: str) -> str:
    """The fact without the words that open it before its metric ("aujourd'hui", "on a compté", "seuls")."""
    for _ in range(3):
        before = text
        for row in rows.section("lead_in"):
            match = row.search(text)
            if match and match.start() == 0:
                text = text[match.end() :].lstrip(" ,")
        if text == before:
            break
    return text


# "Délai moyen de traitement constaté": the participle says the value was observed; "prévue et constatée" names
# a gap between two values and keeps it.
_TOLD_PARTICIPLE = re.compile(
    r"(?<!\bet)(?<!\bou)(?<!\band)\s+(?:constat|observ|relev)ée?s?\s*$", re.IGNORECASE
)


def clean_metric(metric: str) -> str:
    """The metric as a noun phrase: no leading article, no trailing 'aujourd'hui', bound or dangling word."""
    metric = re.sub(r"\s*\([^()]*\)", "", metric).strip(" :,-–—")  # "(marché + paniers)": an aside
    for _ in range(3):
        before = metric
        metric = _TOLD_PARTICIPLE.sub("", _TRAILING.sub("", metric)).strip(" :,-–—")
        for row in rows.section("trailing_time"):
            metric = row.regex.sub("", metric).strip(" :,-–—")
        metric = _LEADING.sub("", metric).strip()
        if metric == before:
            break
    return with_relative(metric)


# Words after which a verb-looking word is a noun ("demandes de paiement"), not the verb of a clause.
_NOT_A_SUBJECT = {
    *[
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "en",
        "a",
        "au",
        "aux",
        "par",
        "pour",
        "sur",
        "qui",
        "que",
    ],
    *[
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "who",
        "that",
        "which",
        "per",
        "and",
        "et",
    ],
}
_FR_PLURAL_VERBS = {"ont", "sont", "font", "vont", "peuvent", "doivent", "viennent", "reviennent", "partent"}
_FR_PLURAL_VERBS |= {"sortent", "attendent", "prennent", "restent", "repartent", "rendent", "perdent"}
_PEOPLE = {
    *["members", "people", "patients", "customers", "users", "residents", "students", "pupils", "families"],
    *["tenants", "visitors", "staff", "volunteers", "clients", "parents", "children", "drivers", "employees"],
    *[
        "donors",
        "callers",
        "applicants",
        "learners",
        "subscribers",
        "passengers",
        "adults",
        "carers",
        "teens",
    ],
}


def with_relative(metric: str) -> str:
    """ "adhérents utilisent l'extranet" → "adhérents qui utilisent l'extranet", "members renew after their first
    year" → "members who renew …": the verb of the author's sentence, kept as a relative clause of the noun phrase
    so the metric reads after "la part des" / "the share of"."""
    # "clients actifs y domicilient leur salaire": the clitic goes with its verb.
    tokens = re.sub(r"\s(y|en)\s(?=\w+ent\b)", r" \1_", metric).split()
    for i in range(1, len(tokens)):
        word, before = (
            rules.fold(tokens[i].split("_")[-1]).strip(",."),
            rules.fold(tokens[i - 1]).strip(",.'’"),
        )
        if before in _NOT_A_SUBJECT or not re.search(r"[^\W\d_]", before):
            continue
        plural_before = before.endswith(("s", "x")) or tokens[i - 1].isupper() or before == "ans"
        if not plural_before:
            continue
        french = word in _FR_PLURAL_VERBS or (
            # "-ement" is a noun's ending ("hébergement", "paiement"), not a verb's.
            re.fullmatch(r"[a-z]{3,}ent", word) is not None
            and not word.endswith("ement")
            and rules.is_infinitive(word[:-3] + "er", "fr")
        )
        english = word in rules.EN_VERBS and not word.endswith("s") and len(word) > 2
        if french or english:
            joiner = "qui" if french else ("who" if before in _PEOPLE else "that")
            return " ".join([*tokens[:i], joiner, *tokens[i:]]).replace("_", " ")
    return metric


def read_fact(text: str) -> Slots | None:
    """Metric and baseline of a fact line without its cue, from its first clause that reads; else None."""
    return next(iter(read_facts(text)), None)


def read_facts(text: str) -> list[Slots]:
    """Every fact a line states, one per clause that reads ("today: 46 open reqs, avg time-to-fill 71 days")."""
    return [slots for _, slots in fact_clauses(text)]


def fact_clauses(text: str) -> list[tuple[str, Slots]]:
    """Each clause of a line that reads as a fact, as written, with its slots.

    A band of today's level ("entre 15 et 20 jours") is one value: its low end stands in for it while the line
    is cut and read (its "et" cuts no clause), and it is the baseline as written.
    """
    stood_in = rows.band_stood_in(text)
    if stood_in is None:
        return [(clause, slots) for clause in _clauses(text) or [text] if (slots := _read_clause(clause))]
    banded, band = stood_in
    stand_in = f"{band.group('low')}{band.group('unit') or ''}"
    found = []
    for clause, slots in fact_clauses(banded):
        if stand_in in clause and (slots.baseline or "").startswith(band.group("low")):
            clause = clause.replace(stand_in, band.group(0), 1)
            slots = slots.model_copy(update={"baseline": band.group(0).strip()})
        found.append((clause, slots))
    return found


def _without_when(text: str) -> str:
    """The clause without when its figure was measured at its end ("prix moyen 3,10 €/kg au T2 2026")."""
    for row in rows.section("trailing_time"):
        text = row.regex.sub("", text).rstrip(" ,")
    return text


def _read_clause(clause: str) -> Slots | None:
    label, colon, said = clause.partition(":")
    if colon and len(label.split()) <= 3 and rows.opens_with_verb(said.strip()):
        return None  # "Léa : écrire 3 articles par mois": someone's task, no figure of today
    found = rows.first_match("fact_shape", _without_when(without_lead_in(clause)))
    if not found:
        return None
    match = found[1]
    groups = match.groupdict()
    if groups.get("part") and groups.get("whole"):
        # "teens make up 4% of active card holders": the share of the part among the whole.
        part, whole = _LEADING.sub("", groups["part"].strip()), clean_metric(groups["whole"])
        french = detect_language(clause) == "fr"
        metric = f"{part} parmi les {whole}" if french else f"{part} among {whole}"
    else:
        metric = clean_metric(match.group("metric"))
    value = (match.group("value") or match.groupdict().get("value2") or "").strip()
    in_words = rows.row("share_in_words").regex.fullmatch(value)
    if not metric or not rules.content_words(f"x {metric}") or not (rules.measure_numbers(value) or in_words):
        return None
    if rows.first_match("wish", clause):  # "On voudrait passer à 800 inscrits": an aim, no fact of today
        return None
    unit = None if in_words else re.sub(rf"^{rows.NUMBER}", "", value).strip() or None
    return Slots(metric=metric, baseline=value, unit=unit)


# The clauses a figure of others may sit in: a remark in brackets, or a part after a dash, a semicolon or a comma.
_ASIDE_CLAUSE = re.compile(r"\(([^()]*)\)|[^()—–;,]+")


def benchmark_clauses(text: str) -> list[str]:
    """The clauses of the draft that state a figure of others given to compare ("contre 12 j chez nos voisins",
    "national average was 80% last year"), as written: no start nor aim of the team's, yet part of its context."""
    found: list[str] = []
    for line in text.splitlines():
        for match in _ASIDE_CLAUSE.finditer(line):
            clause = (match.group(1) or match.group(0)).strip(" |*-•·")
            if clause and rows.first_match("benchmark", clause) and clause not in found:
                found.append(clause)
    return found
