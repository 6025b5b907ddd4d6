"""The facts step: the figures the author states about today become KRs in the author's words.

`stated_facts` takes the context lines that hold a value, `assign_facts` gives each to the objective it
speaks of, and `fact_kr` writes the KR: the metric named from the line ("la part des inscrits qui terminent
un cours", "le délai pour ouvrir un compte"), the stated value as its baseline, a target only when the line
aims at one. The ground step reads the same facts for a library metric's baseline.
"""

from __future__ import annotations

import re

from rewriter import rules
from rewriter.compose.names import SHARE_FACT, measure_name, share_metric
from rewriter.compose.words import VERBS, elides, lower_first
from rewriter.draft import Draft, DraftObjective, Lang
from rewriter.kr_reading import read_key_result
from rewriter.reading import rows as reading_rows
from rewriter.result import KeyResult
from rewriter.text_hygiene import speaks_to_the_tool

# "info :", "contexte :", "rappel :": a label that marks a line as context, no word of what it measures.
FACT_LABEL = re.compile(
    r"^\s*(?:info|note|nb|n\.b\.|contexte|context|ctx|fyi|constat|rappel)\s*[:：-]\s*", re.IGNORECASE
)


# "Aujourd'hui,", "Currently": when the value stands, no word of what it measures.
TODAY = re.compile(
    r"^\s*(?:aujourd['’]hui|today|currently|actuellement|à ce jour|en ce moment)\s*,?\s*", re.I
)


# "… 40 % …, on vise 60 %", "we aim for 60%": the second value of a fact is the target.
AIM = re.compile(
    r"\b(?:on vise|vis(?:er|ons)|cible|objectif|on veut|on voudrait|voudrions|souhait\w*|aimerait|we aim|aim for"
    r"|we want|we['’]d like|would like|target|goal)\b",
    re.I,
)


def assign_facts(facts: list[str], sources: list[DraftObjective]) -> dict[int, list[str]]:
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


def _unwrapped(part: str) -> str:
    """A fact without the brackets around it or left unbalanced at its ends; "(enquête 2026)" inside it stays."""
    part = part.strip()
    while part.startswith("(") and part.endswith(")"):
        part = part[1:-1].strip()
    if part.startswith("(") and part.count("(") > part.count(")"):
        part = part[1:].strip()
    if part.endswith(")") and part.count(")") > part.count("("):
        part = part[:-1].strip()
    return part


def stated_facts(draft: Draft) -> list[str]:
    """Lines that state today's values: the draft's context lines with a number in them."""
    # "K-factor actuel : 0,12 ; coût d'acquisition payant : 14 €": one fact per value.
    parts = [
        _unwrapped(part)
        for c in draft.context
        # A header's cycle ("OKRs 2026/27") or an aside's remark ("budget 38 M$, 40 % cofinancé") states no
        # level of what the team moves: the reader said so, and nothing re-reads them as facts.
        if c.role not in ("header", "aside")
        # "Our crew looks after about 1,200 km of gas mains": how big the patch is, shown, never a KR's start.
        and not reading_rows.row("size_of_the_patch").search(c.text)
        for part in re.split(
            r"\s?;\s(?!\s*(?:on vis|on voudr|on veut|we aim|we want|target|cible|objectif))"
            # "la clôture prend 9 jours et on corrige 40 bulletins par mois": two facts, two measures.
            r"|,?\s(?:et|and)\s(?=(?:on|nous|we)\s(?!vis|voudr|veut|aim|want|would|need)\w+\s+(?:\w+\s+){0,3}\d)",
            c.text,
        )
    ]
    # "la moitié des dossiers arrivent incomplets", "two thirds of callers hang up": a share said in words is a
    # figure the author gave, as much as a number.
    in_words = reading_rows.row("share_in_words")
    facts = [part for part in parts if rules.measure_numbers(part) or in_words.search(part)]
    # "today: 46 open engineering reqs, avg time-to-fill 71 days, offer acceptance 64%": the reader read one
    # fact per clause; each is a fact of its own ("avg time-to-fill : 71 days"), to start the KR it measures.
    from rewriter.reading.facts import fact_clauses

    for line in draft.reading.lines if draft.reading else []:
        # A long sentence that states one figure among words ("On a 480 inscrits mais seulement la moitié vient
        # …, et on sait par le CROUS …"): its clause that reads is the fact.
        if line.role == "fact" and (len(line.facts) > 1 or (line.facts and len(line.clean) > _SHORT_FACT)):
            clauses = [_unwrapped(clause) for clause, _ in fact_clauses(line.clean)]
            facts = [f for f in facts if f != _unwrapped(line.clean)] + clauses
    return facts


# "Taux d'abandon de panier : 72 %", "Time to hire is currently 58 days", "'Where is my order?' calls: 4,200 per month".
_LEVEL_FACT = re.compile(
    r"^(?:aujourd['’]hui,?\s*|today,?\s*|currently,?\s*|actuellement,?\s*)?(?P<metric>[^:\d][^:]{2,80}?)"
    r"\s*(?::|\bis\b(?:\s+currently)?|\best\b(?:\s+actuellement)?(?:\s+de)?|\bare\b|\bd[ée]passe(?:nt)?\b|\bexceeds?\b"
    r"|\batteint\b|\bavoisine\b|\btourne autour de\b|\bstands at\b|\bhovers around\b)\s*(?P<value>[<>~]?\s?[$€£]?\d[\d\s.,]*\s*\S{0,8})"
    r"(?P<tail>[^.;()]*)",
    re.IGNORECASE,
)


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
    met = _MET_TO_BE.search(TODAY.sub("", fact.strip())) if lang == "fr" else None
    if met:
        what = lower_first(met.group("what").strip())
        joined = f"qu'{what}" if elides(what) else f"que {what}"
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
    found = _DURATION_FACT.search(TODAY.sub("", fact.strip()))
    if not found:
        return None
    what = found.group("what").strip()
    state = found.group("state") or found.group("state_en")
    if lang == "fr":
        if state:
            name = f"la durée pendant laquelle {lower_first(what)} reste {state}"
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
            f"the time {lower_first(what)} stays {state}" if state else f"the time {lower_first(what)} takes"
        )
    return KeyResult(
        verb=VERBS[lang]["down"],
        metric=name,
        baseline=found.group("n"),
        unit=found.group("unit"),
        source="draft",
    )


# "15 % de repas jetés", "12 % des colis livrés en retard": a share named by what happens to the things.
_PARTICIPLE_SHARE = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s?%\s+(?:de|des|d['’])\s*(?P<what>[a-zéèêà]+[sx])\s+"
    r"(?P<done>[a-zéèêà]+(?:és|ées|is|ies|us|ues|ts|tes)\b(?:\s+(?:en|à|au|par|sans)\s+[a-zéèêà]+)?)",
    re.IGNORECASE,
)


# "1 recrue sur 5 quitte l'entreprise avant la fin de sa période d'essai".
_RATIO_FACT = re.compile(
    r"(?P<n>\d+)\s+(?P<who>[a-zéèêà-]+?)s?\s+sur\s+(?P<m>\d+)\s+"
    r"(?:(?P<verb>(?!(?:en|de|du|des|à|au|aux|sur|dans|par|pour|avec|sans|chez|parmi|entre|dont|selon)\b)"
    r"[a-zéèêà]+)\s+)?(?P<rest>[^.;]+)",
    re.IGNORECASE,
)


# "on a perdu", "nous avons accueilli" right before a ratio: what was done to the things counted.
_DONE_BEFORE = re.compile(
    r"\b(?:on a|on en a|nous avons|ils ont)\s+(?P<done>[a-zéèêàû]+[éiut])\s*$", re.IGNORECASE
)


def _plural_verb(verb: str) -> str:
    """ "quitte" → "quittent", "a" → "ont", "est" → "sont": the verb after "la part des … qui"."""
    return {"a": "ont", "est": "sont", "fait": "font", "va": "vont"}.get(
        verb, f"{verb}nt" if verb.endswith("e") else verb
    )


def fact_kr(fact: str, lang: Lang) -> KeyResult | None:
    """A KR on the metric a context line states ("Seulement 22 % des inscrits terminent un cours"), its value as baseline;
    None when no words name what is measured (a KR "Move  from 14,200" says nothing)."""
    if reading_rows.row("others_figure").search(FACT_LABEL.sub("", fact).strip()):
        return None  # "customer contract SLA: 4h", "national average 62 %": a figure to compare with, shown as context
    kr = _stated_kr(fact, lang)
    return kr if kr is not None and re.search(r"[^\W\d_]{2,}", kr.metric) else None


def _stated_kr(fact: str, lang: Lang) -> KeyResult | None:
    from rewriter.reading.facts import without_lead_in

    fact = FACT_LABEL.sub("", fact)
    whole = _part_of_a_whole_kr(fact, lang)
    if whole is not None:
        return whole
    if not rules.measure_numbers(fact):
        return _read_fact_kr(fact, lang)  # a share said in words ("un tiers des appels sont abandonnés")
    if _told_in_the_past(fact):
        # "Abandons : on en a eu 57 l'an dernier": the reader's past-value rows name the measure and its level.
        read = _read_fact_kr(fact, lang)
        if read is not None:
            return read
    told = _fact_kr(fact, lang)
    if told is not None and told.metric.count("(") != told.metric.count(")"):
        # "la vente directe (marché + paniers) fait 40 %" read as "le marché + paniers)": the reader's fact
        # shapes read it whole.
        told = _read_fact_kr(fact, lang) or told
    bare = without_lead_in(fact)
    if bare == fact:
        return told
    lead = set(rules.words(fact[: len(fact) - len(bare)]))
    head = rules.content_words(f"x {told.metric}")[:1] if told is not None else []
    if told is None or lead & {rules.fold(w) for w in rules.words(" ".join(head))}:
        # "On a compté 64 chutes au dernier trimestre" read as "le compté": the reader's lead-in rows cut who
        # told it and when, and the fact is read again without them.
        return _fact_kr(bare, lang) or told
    return told


def _part_of_a_whole_kr(fact: str, lang: Lang) -> KeyResult | None:
    """ "teens (13–17) make up roughly 4% of active card holders": a KR on the part's share of the whole, as the
    reader's fact row reads it."""
    from rewriter.reading import rows as reading_rows
    from rewriter.reading.facts import fact_clauses

    for clause, slots in fact_clauses(fact):
        if not reading_rows.row("part_of_a_whole").search(clause.strip(" .")) or not slots.metric:
            continue
        share = "la part des" if lang == "fr" else "the share of"
        if lang == "fr" and re.match(r"(?:moins|plus) de\s", slots.metric):
            share = "la part des personnes de"  # "moins de 30 ans parmi les spectateurs"
        return KeyResult(
            verb="Faire passer" if lang == "fr" else "Move",
            metric=f"{share} {slots.metric}",
            baseline=slots.baseline,
            unit="%",
            source="draft",
        )
    return None


def _fact_kr(fact: str, lang: Lang) -> KeyResult | None:
    from rewriter.analysis.direction import metric_direction

    share = SHARE_FACT.search(fact)
    metric = share_metric(share.group("rest"), fr=bool(share.group("fr"))) if share else None
    if share and (lang == "fr") != bool(share.group("fr")):
        return None
    if share and metric:
        aim = AIM.search(share.group("after")) and re.search(r"(\d+(?:[.,]\d+)?)\s?%", share.group("after"))
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
        # "3 livreurs sur 10 en intérim": no verb, the rest qualifies whom it counts.
        verb = f"qui {_plural_verb(ratio.group('verb'))} " if ratio.group("verb") else ""
        # "on a perdu 23 licenciés sur 71": what happened to them names the share ("des licenciés perdus").
        done = _DONE_BEFORE.search(fact[: ratio.start()])
        done_to = f"{done.group('done')}s " if done and not verb else ""
        name = f"la part des {ratio.group('who')}s {done_to}{verb}{ratio.group('rest').strip()}".replace(
            "ss ", "s "
        )
        return KeyResult(
            verb="Faire passer",
            metric=name,
            baseline=f"{ratio.group('n')} sur {ratio.group('m')}",
            source="draft",
        )
    level = _LEVEL_FACT.match(fact.strip())
    if not level or reading_rows.row("label_colon_value_things").search(fact.strip()):
        # "Données 2026 : 312 cambriolages …": the label before the colon is no metric; the reader's shape says so.
        return _read_fact_kr(fact, lang)
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
        raw = f"le nombre de {lower_first(raw)}" if lang == "fr" else f"the number of {lower_first(raw)}"
    name = measure_name(raw, lang) if lang == "fr" or not raw.startswith(("'", '"', "“")) else raw
    if per_match:
        name = f"{name} {per_match.group(0)}"
    way = metric_direction(name, lang)
    verb = VERBS[lang][way] if way in ("up", "down") else ("Faire passer" if lang == "fr" else "Move")
    rest = fact[level.end() :]
    aim_word = AIM.search(rest)
    aim = re.search(rf"({_NUMBER_TEXT})", rest[aim_word.end() :]) if aim_word else None
    return KeyResult(
        verb=verb,
        metric=name,
        baseline=numbers[0].written,
        target=aim.group(1) if aim else None,
        unit=numbers[0].unit,
        source="draft",
    )


_SHORT_FACT = 100


def _told_in_the_past(text: str) -> bool:
    """A value the measure had, as the reader's rows read it ("X : on était à 54 %", "X was 19 min in March")."""
    return any(reading_rows.row(r).search(text.strip()) for r in ("past_value", "past_value_after_colon"))


def _read_fact_kr(fact: str, lang: Lang) -> KeyResult | None:
    """A fact only the reader's fact shapes read ("Dress returns 46%", "SAIDI 92 min", "Taux de fraude estimé à
    12 %"): its metric phrase in the author's words, its one value the baseline."""
    from rewriter.analysis.direction import metric_direction
    from rewriter.reading.facts import read_fact

    # A short line that names a measure: a long one is a remark or an instruction ("… also say the target is
    # 99%"), and a metric phrase that opens on a verb is no measure's name.
    if len(fact) > _SHORT_FACT or speaks_to_the_tool(fact):
        return None
    slots = read_fact(fact)
    if slots is None or not slots.metric or not slots.baseline:
        return None
    if rules.is_known_verb(rules.leading_verb(slots.metric)):
        return None
    if reading_rows.row("share_in_words").regex.fullmatch(slots.baseline.strip()):
        # "la moitié des dossiers arrivent incomplets": the share of them, today's level in the author's words.
        if len(slots.metric.split()) > 8 or not re.search(r"[^\W\d_]{3,}", slots.metric):
            return None
        name = f"la part des {slots.metric}" if lang == "fr" else f"the share of {slots.metric}"
        way = metric_direction(name, lang)
        verb = VERBS[lang][way] if way in ("up", "down") else ("Faire passer" if lang == "fr" else "Move")
        return KeyResult(verb=verb, metric=name, baseline=slots.baseline.strip(), unit="%", source="draft")
    numbers = [n for n in read_key_result(f"x {slots.baseline}").numbers if n.role != "other"]
    if len(numbers) != 1 or len(slots.metric.split()) > 8:
        return None
    name = measure_name(slots.metric, lang, numbers[0].unit)
    way = metric_direction(name, lang)
    verb = VERBS[lang][way] if way in ("up", "down") else ("Faire passer" if lang == "fr" else "Move")
    return KeyResult(
        verb=verb, metric=name, baseline=numbers[0].written, unit=numbers[0].unit, source="draft"
    )


_NUMBER_TEXT = r"\d{1,3}(?:[  \u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


_WINDOW = re.compile(r"\b(?:[JDM]\s?\d{1,3}|\d{1,3}\s?(?:jours|days|j))\b", re.IGNORECASE)


def has_window(fact: str) -> bool:
    """ "Rétention à J30 : 18 %": the PM's wording carries the window the library's name would lose."""
    return bool(_WINDOW.search(FACT_LABEL.sub("", fact).split(":")[0]))


# What a metric's name never holds: a bracket left open or closed alone, a time said of the figure, a verb of
# being or having ("qui étaient numériques", "were late").
_NOT_A_NAME = re.compile(
    r"^[^(]*\)|\([^)]*$|\b(?:l['’]an dernier|l['’]année dernière|la saison dernière|last year|last season"
    r"|étaient|était|avaient|avait|sont|ont|were|was|are|had)\b",
    re.IGNORECASE,
)


def reads_as_a_name(metric: str) -> bool:
    """A fact's metric, as the PM worded it, reads as a measure's name: a KR may be worded with it."""
    return bool(re.search(r"[^\W\d_]{3,}", metric)) and not _NOT_A_NAME.search(metric)
