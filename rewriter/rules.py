"""The method's word-level rules, in one place: verbs, numbers, placeholders.

The slot validators, the analyzer and the eval scorer all call these functions, so a rule changes here
and nowhere else. The word lists they read live in `library/words/` (verbs.yaml, words.yaml, topics.yaml),
loaded once at import under the names this module always had.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from rewriter.library import load_yaml

_WORDS_DIR = Path(__file__).resolve().parent / "library" / "words"


@cache
def _word_file(name: str) -> dict[str, Any]:
    """One file of library/words/, parsed once."""
    data = load_yaml((_WORDS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"library/words/{name}.yaml: expected a mapping at the top")
    return data


def _node(file: str, keys: tuple[str, ...]) -> Any:
    node: Any = _word_file(file)
    for key in keys:
        node = node[key]
    return node


def _entries(file: str, *keys: str) -> list[str]:
    """The list at `keys`; under a language split (fr:, en:), the languages' lists one after the other."""
    node = _node(file, keys)
    items = [w for part in node.values() for w in part] if isinstance(node, dict) else list(node)
    # YAML reads a bare `on` or `no` as a boolean: an entry that is not a string was left unquoted.
    odd = [w for w in items if not isinstance(w, str)]
    if odd:
        raise ValueError(f"library/words/{file}.yaml {'/'.join(keys)}: quote {odd}")
    return items


def _words(file: str, *keys: str) -> set[str]:
    return set(_entries(file, *keys))


def _phrases(file: str, *keys: str) -> tuple[str, ...]:
    """An ordered list, for prefix tests and for the choices offered in this order."""
    return tuple(_entries(file, *keys))


def _by_lang(file: str, *keys: str) -> dict[str, tuple[str, ...]]:
    return {lang: _phrases(file, *keys, lang) for lang in _node(file, keys)}


# Verbs that describe a state, not a change: a KR must never open with them.
STATE_VERBS = _words("verbs", "state")

# Verbs that describe producing something (output), not its effect (outcome).
OUTPUT_VERBS = _words("verbs", "output")
# Multi-word openings that are changes although their first word is in OUTPUT_VERBS.
CHANGE_PHRASES = _phrases("verbs", "change_phrases")

# Verbs that only hold a value steady: a run KPI, flagged but not forbidden.
RUN_VERBS = _words("verbs", "run")

NUMBER_RE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[  \u202f]\d{3}(?!\d))+(?:[.,]\d+)?"  # 1 000 / 12 500,5 (French grouping)
    r"|(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])(?:\.\d+)?"  # 6,500 / 1,250,000.5 (English grouping)
    r"|\d+(?:[.,]\d+)?"
)
# A comma followed by groups of exactly three digits is a thousands separator ('6,500' = 6500); a
# French decimal comma has other lengths ('4,5', '99,90'). '0,125' stays a decimal.
_COMMA_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_PLACEHOLDER = re.compile(r"\[[^\[\]]{1,60}\]")


@lru_cache(maxsize=8192)  # called ~200 times per analysis, mostly on the same few words
def fold(text: str) -> str:
    """Lowercase without accents, for lexicon lookups."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def first_word(text: str) -> str:
    words = re.findall(r"[\w'’-]+", text.strip().lower())
    if not words:
        return ""
    word = words[0]
    # "s'assurer", "d'augmenter": keep the verb after the elision.
    for sep in ("'", "’"):
        if sep in word:
            word = word.split(sep, 1)[1]
    return word


def kr_verb_problem(verb_or_sentence: str) -> str | None:
    """Why this KR opening is not a change verb, or None when it is acceptable."""
    text = verb_or_sentence.strip().lower()
    word = first_word(text)
    if not word:
        return "the key result needs an action verb in the infinitive."
    kind = kr_verb_kind(text)
    if kind == "state":
        return (
            f"'{word}' describes a state: open the key result with a verb of change "
            "(augmenter, réduire / increase, reduce)."
        )
    if kind == "output":
        return (
            f"'{word}' describes a deliverable (output): a key result measures its effect; "
            "keep the deliverable as an initiative and use a verb of change "
            "(augmenter, réduire / increase, reduce)."
        )
    return None


_OUTPUT_FOLDED = {fold(v) for v in OUTPUT_VERBS}


def objective_verb_problem(verb: str) -> str | None:
    word = first_word(verb)
    if not word:
        return "the objective needs to open with a verb in the infinitive."
    if word in STATE_VERBS:
        return (
            f"'{word}' describes a state: open the objective with an infinitive of intent "
            "(améliorer, permettre / improve, enable)."
        )
    # Same lexicons as the analyzer's obj.is_task and obj.not_infinitive, so a slot it accepts stays clean.
    lead = fold(leading_verb(verb))
    if lead in FEATURE_VERBS or lead in PROJECT_VERBS:
        return (
            f"'{word}' describes a delivery or a project: open the objective with the change it brings "
            "(améliorer, permettre / improve, enable) and keep the deliverable as an initiative."
        )
    if not (is_infinitive(lead, "fr") or is_infinitive(lead, "en")):
        return f"'{word}' is not a verb: open the objective with an infinitive (améliorer, permettre / improve, enable)."
    return None


def is_run_verb(verb_or_sentence: str) -> bool:
    return fold(first_word(verb_or_sentence)) in {fold(v) for v in RUN_VERBS}


def has_number(text: str) -> bool:
    return bool(NUMBER_RE.search(text))


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(text.strip()))


def find_placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def normalize_number(raw: str) -> str:
    """Canonical form of a written number: '1 000' → '1000', '99,90' → '99.9', '6,500' → '6500', '08' → '8'."""
    compact = re.sub(r"[  \u202f]", "", raw)
    compact = compact.replace(",", "") if _COMMA_GROUPED.fullmatch(compact) else compact.replace(",", ".")
    if "." in compact:
        compact = compact.rstrip("0").rstrip(".") or "0"
    compact = compact.lstrip("0") or "0"
    return "0" + compact if compact.startswith(".") else compact


def numbers_in(text: str) -> list[str]:
    """Numbers written in the text, normalised, placeholders excluded."""
    return [normalize_number(m.group()) for m in NUMBER_RE.finditer(_PLACEHOLDER.sub(" ", text))]


# ---------------------------------------------------------------------------------------------------------
# Analyzer rules. Kept here beside the slot rules so a word list changes in one place only.
# ---------------------------------------------------------------------------------------------------------
VerbKind = Literal["state", "output"]
_STATE_FOLDED = {fold(v) for v in STATE_VERBS}


def kr_verb_kind(verb_or_sentence: str) -> VerbKind | None:
    """'state' for être/avoir/be/have, 'output' for a deliverable verb, None for a verb of change."""
    text = verb_or_sentence.strip().lower()
    word = fold(first_word(text))
    if not word:
        return None
    if word in _STATE_FOLDED:
        return "state"
    if text.startswith(CHANGE_PHRASES) or fold(text).startswith(_CHANGE_FOLDED):
        return None
    if word in _OUTPUT_FOLDED:
        # "Launch time under 10 min", "Build time from 12 to 4 min": a measure's name, its first word no verb.
        return None if " " in leading_verb(verb_or_sentence) else "output"
    return None


_CHANGE_FOLDED = tuple(fold(p) for p in CHANGE_PHRASES)
_RUN_FOLDED = {fold(v) for v in RUN_VERBS}

# Phrases that hold a value under or over a threshold: a run KPI even when the verb is one of change.
_RUN_PHRASES = re.compile(
    r"\bne (?:pas|jamais) (?:dépasser|depasser|descendre|passer (?:sous|en dessous)|baisser|tomber)"
    r"|\b(?:not|never) (?:exceed|drop below|fall below|go (?:below|above))",
    re.IGNORECASE,
)


def is_run_kpi(sentence: str) -> bool:
    """A key result that only holds a value steady (health metric), not a change."""
    return is_run_verb(leading_verb(sentence)) or bool(_RUN_PHRASES.search(sentence))


# --- Numbers that measure something, as opposed to dates, cycles and identifiers -------------------------

_MONTHS = (
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
CYCLE = re.compile(r"\b(?P<kind>[TQSH])\s?(?P<num>[1-4])(?:\s*[-/ ]?\s*(?P<year>(?:20)?\d{2}))?\b")
_CYCLE_YEAR_FIRST = re.compile(r"\b(?P<year>20\d{2})\s*[-/ ]?\s*(?P<kind>[TQSH])(?P<num>[1-4])\b")
_DATE_MASKS = [
    # Clock times that bound what is counted: a range "7:30–9:00", "06:00-09:00", or one said after "after",
    # "before" or in brackets ("after 08:30", "(00:45)", "8am"). "leaves at 8:40" may be the measure itself.
    re.compile(r"\b\d{1,2}[:h]\d{2}\s*[-–]\s*\d{1,2}[:h]\d{2}\b"),
    re.compile(
        r"(?:(?<=\bafter )|(?<=\bbefore )|(?<=\buntil )|(?<=\bavant )|(?<=\baprès )|(?<=\())"
        r"\d{1,2}:\d{2}\b"
    ),
    re.compile(r"\b\d{1,2}\s?(?:am|pm)\b", re.IGNORECASE),
    CYCLE,
    _CYCLE_YEAR_FIRST,
    re.compile(r"\bFY\s?\d{2,4}\b", re.IGNORECASE),
    # dd/mm(/yyyy), but not a score out of 5, 10, 20 or 100 ("8/10")
    re.compile(r"\b\d{1,2}[/-](?!(?:5|10|20|100)\b)\d{1,2}(?:[/-]\d{2,4})?\b"),
    re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),
    re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\b", re.IGNORECASE),
    # "by Sept 30", "before June 15th": the English order, month first.
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:%|k\b|[.,]\d))", re.IGNORECASE),
    # "the 2026-27 season", "l'année 2026/27": a span of years, its second year written short.
    re.compile(r"\b(?:19|20)\d{2}\s?[-/–]\s?\d{2}\b(?!\s*%)"),
    re.compile(r"\b(?:19|20)\d{2}\b"),
    re.compile(r"\b[JDM]\s?\+\s?\d+\b"),
    re.compile(
        r"\b(?:dans les|dans|sous|within|in the (?:next|first)|over the next|sur les|au cours des|les"
        r"|the (?:next|first))"
        r"\s+\d+\s+(?:prochains?\s+|premiers?\s+|next\s+|first\s+)?"
        r"(?:jours?|semaines?|mois|trimestres?|ans|années?|days?|weeks?|months?|quarters?|years?)\b",
        re.IGNORECASE,
    ),
]
_IDENTIFIERS = re.compile(
    r"(?:\b(?:v|version|module|phase|étape|etape|lot|sprint|feature|release|step|kr|okr|o|niveau|level|tier|wave"
    r"|vague|batch|jalon|milestone|chapitre|partie|part|n°|no\.|top|cat|category|catégorie|categorie|grade|band"
    r")\s?|#)\d+(?:\.\d+)*\b"
    # "Year 2 pupils", "Ward 7": a small number naming a class or a place; "last year 7,100" is a value.
    r"|(?<!last )(?<!this )(?<!next )\b(?:year|ward|class|classe|ks|key stage)\s?\d{1,2}(?![\d.,])"
    # "46 in autumn 1": a school's half-terms are named by their season and a number.
    r"|\b(?:autumn|spring|summer)\s?[12](?![\d.,%])",
    re.IGNORECASE,
)


_METRIC_WINDOW = re.compile(
    r"\b(?:taux|churn|usage|r[ée]tention|retention|r[ée]achat|activation|conversion|adoption|renouvellement"
    # "Entreprises créées encore actives à 3 ans": a survival is read at an age, which names it.
    r"|actives?|en activité|survie|pérennes?)\b"
    r"[^,;()\d]{0,40}?\bà\s(?P<n>\d+\s?(?:jours|j|mois|semaines|ans|années))\b"
    r"|\b(?P<d>\d+-(?:day|week|month)|[DJM]\d{1,3})\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=2048)
def mask_dates(text: str) -> str:
    """The text with dates, cycles, durations of a deadline and identifiers ('v2', 'module 1') blanked."""
    for pattern in [*_DATE_MASKS, _IDENTIFIERS]:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    for match in list(_METRIC_WINDOW.finditer(text)):
        group = "n" if match.group("n") else "d"
        text = _blank(text, *match.span(group))
    return text


def value_way(start: str, aim: str) -> str | None:
    """ "up" or "down" from a start to an aim ("62" → "80", "1 in 4" → "1 in 10"); None when they do not compare."""
    band = re.match(r"\s*(?:entre|between)\s+(\S+)\s+(?:et|and)\s+(\S+)", start, re.IGNORECASE)
    # "3 à 4 semaines", "3 to 4 weeks": a band told without "entre", its unit said once at its end.
    told = re.match(r"\s*(\d+(?:[.,]\d+)?)\s*(?:à|to|-|–)\s*(\d+(?:[.,]\d+)?)(\s*[^\W\d_].*)?$", start)
    if told and not band:
        unit = told.group(3) or ""
        ways = {value_way(told.group(1) + unit, aim), value_way(told.group(2) + unit, aim)}
        return ways.pop() if len(ways) == 1 else None
    aimed = re.match(r"\s*(\d+(?:[.,]\d+)?)\s*(?:à|to|-|–)\s*(\d+(?:[.,]\d+)?)(\s*[^\W\d_].*)?$", aim)
    if aimed:
        # "de 10 jours à 4–5 jours": an aim told as a band below the start is down, above it up.
        unit = aimed.group(3) or ""
        # "10" said before "4–5 jours": the start takes the aim's unit.
        said = start if re.search(r"[^\W\d_]", start) else f"{start}{unit}"
        ways = {value_way(said, aimed.group(1) + unit), value_way(said, aimed.group(2) + unit)}
        return ways.pop() if len(ways) == 1 else None
    if band:
        # "entre 40 et 50 min" → "25 min": an aim below the whole band is down, above it up.
        ways = {value_way(band.group(1), aim), value_way(band.group(2), aim)}
        return ways.pop() if len(ways) == 1 else None
    low, high = _level(start), _level(aim)
    # "about a third" → "60 %": a share said in words compares with a share, whose unit may be said apart.
    if low is None and high is not None and high <= 100:
        low = _WORD_SHARES.get(_NEAR_WORDS.sub("", start.strip().lower()))
    if high is None and low is not None and low <= 100:
        high = _WORD_SHARES.get(_NEAR_WORDS.sub("", aim.strip().lower()))
    if low is None and high is None:
        # "un tiers" → "la moitié": two shares said in words compare as shares.
        low = _WORD_SHARES.get(_NEAR_WORDS.sub("", start.strip().lower()))
        high = _WORD_SHARES.get(_NEAR_WORDS.sub("", aim.strip().lower()))
    if low is None or high is None:
        return None
    return "up" if high > low else "down" if high < low else None


# A share said in words, in percent: only to tell which way a start and an aim go, never shown as a number.
_WORD_SHARES = {
    **{"la moitié": 50.0, "une moitié": 50.0, "half": 50.0, "a half": 50.0},
    **{"un tiers": 100 / 3, "a third": 100 / 3, "deux tiers": 200 / 3, "two thirds": 200 / 3},
    **{"un quart": 25.0, "a quarter": 25.0, "trois quarts": 75.0, "three quarters": 75.0},
}
# Words that say a value is near ("about a third", "environ 10 par mois"): never part of a value's number or of a
# metric's name. One list, read by the readers of values and names.
NEAR = r"(?:about|around|roughly|nearly|almost|approx\.?|environ|à peu près|près de)"
_NEAR_WORDS = re.compile(rf"^(?:{NEAR}\s+)?(?:les\s+|the\s+)?")


# "6 h 40", "17 min 30", "2h40": a duration in two units, read in the larger one.
_TWO_UNIT_DURATION = re.compile(
    r"^\s*[~≈]?\s*(\d{1,3})\s?(h|min|mn)\s?([0-5]\d)\s*(?:s|sec|min)?\s*$", re.IGNORECASE
)
_DURATION_UNIT = re.compile(
    r"\d\s*(h|heures?|hours?|min|minutes?|mn|j|jours?|days?|sem|semaines?|weeks?|mois|months?)\b",
    re.IGNORECASE,
)
_MINUTES = {"h": 60, "j": 1440, "d": 1440, "s": 10080, "w": 10080, "mo": 43200}


def time_unit_key(unit: str) -> str:
    """The key of a unit of time in `_MINUTES`: "heures" → "h", "jours" → "j", "mois" → "mo", "min" → "mi"."""
    folded = unit.lower()
    return (
        "mo"
        if folded.startswith(("mois", "month"))
        else folded[:2]
        if folded.startswith("mi")
        else folded[:1]
    )


def _level(value: str) -> float | None:
    """A value as a number: "62", "4,5", and a ratio as its fraction ("1 in 4" → 0.25, "12:1" → 12)."""
    clock = re.fullmatch(r"\s*[~≈]?\s*(\d{1,2}):([0-5]\d)\s*", value)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))  # "9:40" → "3:00": minutes and seconds
    two = _TWO_UNIT_DURATION.match(value)
    if two:
        whole, unit, part = two.groups()
        return (int(whole) + int(part) / 60) * (60 if unit.lower() == "h" else 1)
    numbers = [float(n.replace(",", ".")) for n in numbers_in(value) if re.fullmatch(r"[\d.,]+", n)]
    unit = _DURATION_UNIT.search(value)
    if unit and len(numbers) == 1:
        # "9 jours" → "72 h": durations compare in minutes, whichever unit each is said in.
        return numbers[0] * _MINUTES.get(time_unit_key(unit.group(1)), 1)
    if re.search(r"\d\s*(?:in|sur|out of|:)\s*\d", value) and len(numbers) == 2 and numbers[1]:
        return numbers[0] / numbers[1]
    return numbers[0] if len(numbers) == 1 else None


def measure_numbers(text: str) -> list[str]:
    """Numbers that quantify something: dates, cycles and identifiers left out."""
    return numbers_in(mask_dates(text))


_NUMBER_WORDS = re.compile(
    r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent|mille|moitié|moitie"
    r"|doubler|tripler|quadrupler|diviser par|multiplier par|double|triple"
    r"|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|hundred|thousand|half|twice|halve"
    r"|doubl(?:e|ing)|tripl(?:e|ing))\b",
    re.IGNORECASE,
)


def has_quantity(text: str) -> bool:
    """A key result states a quantity: a number, a number word ('doubler') or a placeholder ('[X]%')."""
    return bool(measure_numbers(text)) or bool(_NUMBER_WORDS.search(text)) or bool(find_placeholders(text))


# --- Baseline, target, deadline ---------------------------------------------------------------------------

_NUM = r"(?:\[[^\[\]]{1,60}\]|[<>≥≤~+-]?\s?[$€£]?\d+(?:[.,]\d+)?(?:[  \u202f]\d{3})*)"
_BASELINE_VALUE = [
    re.compile(
        rf"\b(?:de|d['’]|depuis)\s*(?:la |le |l['’]|un |une )?(?P<v>{_NUM})"
        r"(?=[^\d\[\n]{0,30}?\s(?:à|->|→)\s+(?:plus de |moins de |au moins |au-dessus de |la |le |l['’])?"
        r"[<>≥≤~]?\s?[$€£]?[\d\[])",
        re.IGNORECASE,
    ),
    re.compile(rf"\bfrom\s+(?P<v>{_NUM})", re.IGNORECASE),
    re.compile(rf"(?P<v>{_NUM})\s*(?:%|[a-zA-Z€$]{{0,4}})\s*(?:→|->|=>|➜|⇒)"),
    re.compile(
        rf"\b(?:vs\.?|versus|contre|aujourd['’]hui|actuellement|currently|today|baseline|compared (?:to|with)"
        rf"|instead of|au lieu de|par rapport à|now)\s*(?:de\s|of\s|at\s|à\s|a\s|:\s*|=\s*)?(?P<v>{_NUM})",
        re.IGNORECASE,
    ),
    # "time is 9 hours, target 1 hour": a stated level followed by a target is the starting point.
    re.compile(
        rf"\b(?:is|are|est|sont)\s+(?:de\s|à\s|at\s)?(?P<v>{_NUM})"
        r"(?=[^\n]{0,40}?\b(?:target|cible|objectif|goal)\b)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?P<v>{_NUM})\s*(?:%|[a-zA-Z€$]{{0,4}})\s*"
        r"(?:aujourd['’]hui|today|currently|actuellement|en baseline"
        r"|baseline|now|actuel(?:le)?s?)",
        re.IGNORECASE,
    ),
]
_BASELINE_REFERENCE = re.compile(
    r"\b(?:vs\.?|versus|baseline|précédent|precedent|previous|last (?:quarter|year|month|cycle)"
    r"|l['’]an dernier"
    r"|n-1|yoy|year over year|aujourd['’]hui|actuellement|currently|today)\b",
    re.IGNORECASE,
)
_BASELINE_PLACEHOLDER = re.compile(r"\[[^\]]*\b(?:base|baseline|actuel|current)[^\]]*\]", re.IGNORECASE)
_DEADLINE_PLACEHOLDER = re.compile(
    r"\[[^\]]*\b(?:échéance|echeance|deadline|date|délai|delai)[^\]]*\]", re.IGNORECASE
)
_DEADLINE = re.compile(
    rf"\b(?:d['’]ici|avant (?:le|la|fin)|au plus tard|jusqu['’](?:à|au|en)|deadline|échéance|echeance"
    rf"|by (?:the )?end"
    rf"|by (?:{_MONTHS}|q[1-4]|h[1-2]|eoy|20\d\d)|before|until|end of|fin (?:du|de|d['’])|fin [TQSH][1-4]|eoy"
    rf"|trimestre|quarter|semestre|quarterly|trimestriel|cette année|this year|next (?:qbr|review|survey)"
    rf"|prochain(?:e)? (?:qbr|enquête|enquete|revue|trimestre|cycle)|{_MONTHS})\b",
    re.IGNORECASE,
)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _mask_baselines(text: str) -> tuple[str, bool]:
    """The text with baseline values blanked, and whether any baseline value was found."""
    found = False
    for pattern in _BASELINE_VALUE:
        for match in list(pattern.finditer(text)):
            found = True
            text = _blank(text, *match.span("v"))
    return text, found


def has_baseline(text: str) -> bool:
    """The key result says where the metric starts: 'de 40% à 60%', 'vs 25% aujourd'hui', '[base…]'."""
    masked = mask_dates(text)
    _, found = _mask_baselines(masked)
    return found or bool(_BASELINE_REFERENCE.search(text)) or bool(_BASELINE_PLACEHOLDER.search(text))


def has_target(text: str) -> bool:
    """Once baselines, dates and identifiers are set aside, a value (or placeholder) to reach remains."""
    masked, _ = _mask_baselines(mask_dates(text))
    masked = _BASELINE_PLACEHOLDER.sub(" ", _DEADLINE_PLACEHOLDER.sub(" ", masked))
    return bool(numbers_in(masked)) or bool(find_placeholders(masked)) or bool(_NUMBER_WORDS.search(masked))


def has_deadline(text: str) -> bool:
    """A date, a cycle ('fin T2 2027', 'Q3'), a window ('à J+45', 'dans les 4 semaines') or a placeholder."""
    if _DEADLINE.search(text) or _DEADLINE_PLACEHOLDER.search(text):
        return True
    return any(p.search(text) for p in _DATE_MASKS)


_FISCAL_YEAR = re.compile(r"\bFY\s?(?P<year>\d{2}|\d{4})\b", re.IGNORECASE)


def find_cycle(text: str) -> str | None:
    """The first cycle named in the text, normalised ('Q3 2026', 'T1 2027', 'H1', 'FY2027'), or None."""
    fiscal = _FISCAL_YEAR.search(text)
    if fiscal:
        year = fiscal.group("year")
        return f"FY{'20' + year if len(year) == 2 else year}"
    for pattern in (_CYCLE_YEAR_FIRST, CYCLE):
        match = pattern.search(text)
        if match:
            year = match.group("year") or ""
            if len(year) == 2:
                year = "20" + year
            return f"{match.group('kind')}{match.group('num')} {year}".strip()
    return None


# --- Verbs: which word opens a sentence, is it an infinitive ---------------------------------------------

# Words that may come before the verb of an objective or KR without changing what the verb is.
_LEADING_SKIP = _words("words", "leading_skip")


def words(text: str) -> list[str]:
    """Lower-case words, elisions split ("l'activation" → "l", "activation")."""
    return re.findall(r"[^\W\d_]+", text.lower())


# "Take-up rate", "Follow-up visits", "Roll-out": a verb joined to its particle by a hyphen is a noun.
_PHRASAL_NOUN = re.compile(
    r"^[^\w]*([^\W\d_]+-(?:up|off|out|in|over|down|back|on|through|away)s?)\b", re.IGNORECASE
)


_NOUN_MODIFIERS = _words("verbs", "noun_modifiers_en")
_MEASURE_HEADS = _words("verbs", "measure_heads_en")


def leading_verb(text: str) -> str:
    """The word that should be the verb: adverbs, 'se', 'ne' and 'we will' skipped."""
    phrasal = _PHRASAL_NOUN.match(text)
    if phrasal:
        return phrasal.group(1).lower()
    tokens = words(text)
    if tokens and tokens[0] in _NOUN_MODIFIERS and any(t in _MEASURE_HEADS for t in tokens[1:3]):
        # "Offer acceptance rate from 64% to 80%", "Lead time down to 5 days": a measure's name, no verb.
        return " ".join(tokens[: 1 + next(i for i, t in enumerate(tokens[1:3], 1) if t in _MEASURE_HEADS)])
    for token in tokens[:4]:
        if token not in _LEADING_SKIP:
            return token
    return tokens[0] if tokens else ""


FR_VERBS_IR_RE = _words("verbs", "infinitives", "fr")
# Words ending in -er that are not infinitives, frequent at the start of a line.
FR_ER_NON_VERBS = _words("verbs", "non_verbs", "fr")
EN_VERBS = _words("verbs", "infinitives", "en")
_EN_NON_VERB_SUFFIXES = _phrases("verbs", "en_non_verb_suffixes")


def is_infinitive(word: str, lang: str) -> bool:
    """Whether the word can be the infinitive opening an objective or a key result.

    French infinitives are a closed form (-er, -ir, -re, -oir): -er words are verbs unless listed as
    nouns, the rarer -ir/-re/-oir verbs must be in the lexicon. English imperatives have no form of
    their own, so an unknown English word is given the benefit of the doubt unless its suffix marks a
    noun, a gerund or a participle.
    """
    word = word.lower()
    folded = fold(word)
    if not folded:
        return False
    if lang == "fr":
        known = FR_VERBS_IR_RE | _OUTPUT_FOLDED | _STATE_FOLDED | _RUN_FOLDED
        if word in known or folded in known:
            return True
        return folded.endswith("er") and len(folded) > 3 and folded not in FR_ER_NON_VERBS
    if folded in EN_VERBS or folded in _OUTPUT_FOLDED or folded in _STATE_FOLDED:
        return True
    if folded in _EN_NON_VERBS or len(folded) < 2:
        return False
    # An imperative never ends in a plural or third-person -s ("Notes", "Sales"), save -ss/-us/-is verbs.
    if folded.endswith("s") and not folded.endswith(("ss", "us", "is")):
        return False
    return not folded.endswith(_EN_NON_VERB_SUFFIXES)


def is_known_verb(word: str) -> bool:
    """In a verb lexicon of either language: safer than is_infinitive when the language is unsure."""
    folded = fold(word)
    return folded in EN_VERBS or is_infinitive(word, "fr")


_EN_NON_VERBS = _words("verbs", "non_verbs", "en")


# --- Objectives: task, metric, vague -----------------------------------------------------------------------

# Verbs that make an objective a delivery whatever follows ("Lancer la v2").
FEATURE_VERBS = _words("verbs", "feature")
# Verbs that make an objective a project to complete ("Réussir la refonte", "Migrer vers…").
PROJECT_VERBS = _words("verbs", "project")
# Verbs that build something: a task only when the object is a deliverable ("Créer une app").
MAKING_VERBS = _words("verbs", "making")
# "Livrer les clients à l'heure" is a carrier's outcome: a delivery verb aimed at people is not a task.
_PEOPLE = _words("words", "people")
_DELIVERABLES = re.compile(
    r"\b(?:v\d+|version|feature|fonctionnalit[ée]s?|module|app|application|site|page|api|dashboard"
    r"|tableau de bord|outil|tool|syst[èe]me|system|plateforme|platform|campagne|campaign|release|backlog"
    r"|maquettes?|mockups?|prototype|mvp|pipeline ci|sdk|plugin|widget|écran|ecran|screen|landing|refonte"
    r"|migration|projet|project|chantier|programme|program|roadmap|sprint|en production|en ligne|en place"
    r"|to production|live)\b",
    re.IGNORECASE,
)
PROJECT_NOUNS = re.compile(
    r"\b(?:projet|project|refonte|redesign|migration|chantier|programme|program|transformation|rollout|campaign"
    r"|campagne|kickoff|kick-off|séminaire|seminaire|salon|move|bascule|switch"
    r"|déploiement|deploiement|mise en place|expansion|extension|poc|pilot|pilote|mvp|proof of concept|prototype)\b",
    re.IGNORECASE,
)
TaskKind = Literal["feature", "project"]


def objective_task_kind(text: str) -> TaskKind | None:
    """'feature' for a delivery ("Lancer la v2"), 'project' for a project to complete, None otherwise."""
    verb = fold(leading_verb(text))
    if fold(text).startswith(("faire de ", "faire d'", "faire en sorte", "make it ", "make sure")):
        return None
    after = content_words(text)
    if not is_known_verb(verb):
        # "Nouvelle version du back-office", "Refonte du site": a deliverable named instead of an intent.
        if _DELIVERABLES.search(" ".join(text.split()[:4])):
            return "project" if PROJECT_NOUNS.search(text) else "feature"
        return None
    # "Recruter et fidéliser les donneurs": recruiting people from outside the team is growth, not staffing.
    if verb in _RECRUITING and any(word in _PEOPLE for word in after[:3]):
        return None
    # "Réussir le permis du premier coup", "Pass the driving test first time": an exam passed by the people served
    # is their outcome, no project of the team.
    if verb in ("reussir", "pass") and after and after[0] in _EXAMS:
        return None
    # "Livrer plus vite les kits aux familles", "Sortir tous les bus à l'heure": the way a recurring work is done
    # is the aim, not the work; a named deliverable on time ("Ship the v2 on time") stays a delivery.
    head = " ".join(text.split()[:12])
    if _SPEED.search(head) or (_TIMELY.search(head) and not _DELIVERABLES.search(head)):
        return None
    # A project verb stays a project whatever it runs ("Complete the loyalty program relaunch").
    if verb in PROJECT_VERBS:
        return "project"
    if after and after[0] in _OUTCOME_NOUNS:
        return None
    if verb in FEATURE_VERBS:
        return None if after and after[0] in _PEOPLE else "feature"
    # Building is a task when what is built is a deliverable, not when a tool is mentioned in passing.
    if verb in MAKING_VERBS and _DELIVERABLES.search(" ".join(text.split()[:9])):
        return "project" if PROJECT_NOUNS.search(text) else "feature"
    if verb in _STEERING_VERBS and PROJECT_NOUNS.search(text):
        return "project"
    return None


_SPEED = re.compile(
    r"\b(?:plus vite|plus rapidement|plus tôt|faster|more quickly|quicker|sooner)\b", re.IGNORECASE
)
_TIMELY = re.compile(
    r"\b(?:à l['’]heure|on time|sans retard|dans les délais|dans les temps|à temps|in time|sans rupture"
    r"|sans interruption|sans erreur|without (?:delay|shortages?|interruption|errors?))\b",
    re.IGNORECASE,
)
_RECRUITING = frozenset({"recruter", "recruit"})
_EXAMS = frozenset(
    [
        "permis",
        "examen",
        "examens",
        "concours",
        "bac",
        "brevet",
        "diplome",
        "diplomes",
        "cap",
        "test",
        "tests",
        "exam",
        "exams",
        "driving",
        "code",
    ]
)
# "Développer l'usage", "Build adoption": what grows is an outcome, whatever the verb.
_OUTCOME_NOUNS = _words("words", "outcome_nouns")
_STEERING_VERBS = _words("verbs", "steering")


_METRIC_NOUNS = re.compile(
    r"^(?:(?:le|la|les|l['’]|un|une|the|a|our|notre|nos)\s*)?(?:taux|nombre|nb|part|score|nps|csat|ca|chiffre"
    r"|revenu|revenus|mrr|arr|churn|rate|number|share|revenue|conversion|dau|mau|wau|ltv|cac|arpu|gmv|marge"
    r"|margin|délai|delai|temps|time|co[uû]t|cost|volume|%|\d)",
    re.IGNORECASE,
)
_MEASURED = re.compile(
    rf"[<>≥≤]\s*{_NUM}|{_NUM}\s*(?:%|€|k€|m€|k\$|m\$|\$|pts|points|/\s?\d+)|\b(?:de|from)\s+{_NUM}\s*\S*\s+(?:à|to)\s+{_NUM}"
    r"|\b\d+(?:[.,]\d+)?\s*(?:k|m|millions?|milliers?|thousand|million)\b",
    re.IGNORECASE,
)


def is_metric_objective(text: str, lang: str) -> bool:
    """An objective that is a measure ("NPS > 50", "Atteindre 1 M€ de CA"): that is a key result's job."""
    from rewriter.reading import rows

    # "chez nos patients de 50 à 74 ans": who is counted, no start and aim of a measure.
    masked = mask_dates(rows.without_scopes(text))
    if _MEASURED.search(masked):
        return True
    return not is_infinitive(leading_verb(text), lang) and bool(_METRIC_NOUNS.match(text.strip()))


# Words that name no segment, channel or outcome: an objective made only of them is too vague.
_GENERIC = _words("words", "generic")
_STOP = _words("words", "stop")


def content_words(text: str) -> list[str]:
    """Folded words that carry meaning: stop words, numbers and the opening verb left out."""
    tokens = [fold(w) for w in words(mask_dates(text))]
    verb = fold(leading_verb(text))
    if verb in tokens:
        at = tokens.index(verb)
        # "faire passer", "faire baisser": the second verb is part of the opening, not what is measured.
        del tokens[at : at + (2 if fold(text.strip()).startswith(_CHANGE_FOLDED) else 1)]
    return [t for t in tokens if t not in _STOP and len(t) > 1]


def is_vague_objective(text: str) -> bool:
    """Nothing after the verb names a segment, channel or specific outcome ("Acquérir de nouveaux utilisateurs")."""
    meaningful = [w for w in content_words(text) if w not in _GENERIC]
    return not meaningful


def stem(word: str) -> str:
    """Crude shared stem for FR/EN comparison: enough to match 'conversion'/'convertir', 'churn'/'churns'."""
    word = fold(word)
    for suffix in ("ements", "ement", "ations", "ation", "ions", "ion", "ers", "er", "ir", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)][:6]
    return word[:6]


_METRIC_FILLER = _words("words", "metric_filler")


def metric_stems(text: str) -> set[str]:
    """Stems of what a key result measures, for spotting two KRs that measure the same thing."""
    return {stem(w) for w in content_words(text) if w not in _METRIC_FILLER}


# Themes a KR can measure; a KR sharing no theme or word with its objective is likely unrelated to it.
TOPICS: dict[str, tuple[str, ...]] = {
    name: _phrases("topics", "topics", name, "cues") for name in _word_file("topics")["topics"]
}
# Themes that commonly prove one another: activation KRs under a retention objective are related.
_RELATED_TOPICS: dict[str, set[str]] = {
    name: _words("topics", "topics", name, "related") for name in _word_file("topics")["topics"]
}


_TOPIC_PATTERNS = {
    name: re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s") for c in cues) + ")")
    for name, cues in TOPICS.items()
}


def topics(text: str) -> set[str]:
    """Themes the text talks about, from cues matched at the start of a word (folded text)."""
    folded = fold(text)
    return {name for name, pattern in _TOPIC_PATTERNS.items() if pattern.search(folded)}


def related_topics(names: set[str]) -> set[str]:
    """The themes plus those that commonly prove them."""
    out = set(names)
    for name in names:
        out |= _RELATED_TOPICS.get(name, set())
    return out


# Openings offered to the model. The slots' JSON schema lists them as an enum, so a small local model
# decoding under a grammar cannot copy a deliverable verb ("Lancer", "Livrer") back from the draft;
# validation still accepts any verb that passes the rules above.
KR_VERB_CHOICES: dict[str, tuple[str, ...]] = _by_lang("verbs", "choices", "key_result")
OBJECTIVE_VERB_CHOICES: dict[str, tuple[str, ...]] = _by_lang("verbs", "choices", "objective")


# Endings of French nouns that are mostly feminine ("la réussite", "la satisfaction", "la casse").
_FEMININE = re.compile(
    r"(?:ion|t[ée]|ance|ence|ure|ise|ite|ie|[ée]e|ude|ette|elle|esse|sse|[èe]re|ine|ade|ole|nte|rge)$",
    re.IGNORECASE,
)
# Feminine heads the endings miss ("la part", "la note", "la valeur", "la conso").
_FEMININE_WORDS = frozenset(
    {
        "part",
        "note",
        "valeur",
        "conso",
        "facture",
        "proportion",
        "durée",
        "main",
        "surface",
        "vente",
        "ventes",
    }
    | {"place", "marge", "page", "file", "ligne", "zone", "demande", "commande", "réponse", "panne", "perte"}
    | {"semaine", "somme", "moyenne", "prime", "chute", "offre", "tonne", "collecte", "dépense", "fuite"}
    | {"base", "cible", "clientèle", "audience", "course", "liste", "lettre", "marque", "période", "prise"}
    | {"boutique", "clinique", "flotte", "plainte", "population", "langue", "forme", "classe", "consigne"}
    | {
        "démarque",
        "marque",
        "casse",
        "perte",
        "rotation",
        "couverture",
        "attente",
        "occupation",
        "fréquentation",
    }
)


def french_of(rest: str) -> str:
    """ "d'" before a vowel or a mute h, else "de ": "le nombre d'élèves", "le nombre de sorties"."""
    return "d'" if re.match(r"[aeiouyhéèêàâîïôûœ]", rest, re.IGNORECASE) else "de "


# Nouns that end in -s or -x in the singular: "le parcours", "le taux", "le temps".
_SINGULAR_IN_S = frozenset(
    [
        "parcours",
        "temps",
        "taux",
        "prix",
        "poids",
        "accès",
        "acces",
        "recours",
        "secours",
        "concours",
        "discours",
        "cours",
        "corps",
        "choix",
        "bois",
        "mois",
        "repas",
        "processus",
        "succès",
        "succes",
        "jus",
        "bus",
        "campus",
        "virus",
        "stress",
    ]
)


def french_article(rest: str, elide: bool = True, plural: bool = False) -> str:
    """The French definite article of a noun phrase's head: "l'" before a vowel, else "la " or "le ".

    `elide=False`: the caller has decided elision already (an English "health" keeps "le"). `plural=True`: a head
    in the plural takes "les " ("les déchèteries"), a noun that ends in -s in the singular aside ("le parcours").
    """
    head = rest.split()[0] if rest.split() else ""
    if plural and re.search(r"[sx]$", head, re.IGNORECASE) and head.lower() not in _SINGULAR_IN_S:
        return "les "
    if elide and re.match(r"[aeiouyhéèêàâîïôûœ]", head, re.IGNORECASE):
        return "l'"
    return "la " if _FEMININE.search(head) or head.lower() in _FEMININE_WORDS else "le "


# "B2C", "L1", "U13": a digit glued after a letter names something; "1er cycle", "3rd floor": a place in an order.
GLUED_NAME_NUMBER = re.compile(r"(?<=[^\W\d_])\d+")
ORDINAL_NUMBER = re.compile(r"\b\d+(?:er|re|e|ème|eme|nde|de|nd|st|rd|th)\b", re.IGNORECASE)
