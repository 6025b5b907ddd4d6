"""Which way a key result moves its metric, and which way that metric should move.

The verb gives the first direction ("Réduire", "Raise", "Faire passer de 4 % à 2 %"); the metric gives the
second, from the metric library when the KR names one of its metrics, else from the head words of
`library/words/directions.yaml` ("le temps de résolution" runs down, "le taux de résolution" up), with
negations flipping it ("les clients qui ne consultent pas"). Precision comes first: a rule that cannot
tell returns None, because a wrong-direction finding is an error the rewriter re-asks on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from rewriter import rules
from rewriter.draft import Lang
from rewriter.library import Metric, MetricLibrary, load_library, load_yaml

__all__ = [
    "DirectionProblem",
    "MetricIdentity",
    "Vanity",
    "direction_problem",
    "kr_direction_problem",
    "match_metric",
    "metric_direction",
    "metric_identity",
    "metric_text",
    "vanity_metric",
    "verb_direction",
]

Way = Literal["up", "down"]
VerbWay = Literal["up", "down", "keep", "better"]
_WORDS_FILE = Path(__file__).resolve().parents[1] / "library" / "words" / "directions.yaml"
# Share of a library metric's name words a KR must contain to name that metric.
NAME_COVERAGE = 0.75
# Jaccard of two KRs' word sets to count as one measure (same share as okr.redundant_krs).
SAME_WORDS = 0.8
_TIME_UNITS = {
    "ms": 0.001, "s": 1, "sec": 1, "seconde": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "heure": 3600,
    "hour": 3600, "hr": 3600, "j": 86400, "jour": 86400, "day": 86400, "semaine": 604800, "week": 604800,
    "mois": 2592000, "month": 2592000, "an": 31536000, "annee": 31536000, "year": 31536000,
}  # fmt: skip
_MULTIPLIERS = {"k": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6, "md": 1e9, "bn": 1e9, "milliard": 1e9}
_VALUE = re.compile(
    r"[<>≥≤~]?\s?[$€£]?\s?(?P<num>"
    + rules.NUMBER_RE.pattern
    + r")(?P<ord>(?:e|er|re|ème|eme|th|st|nd|rd)\b)?"
    r"\s?(?P<mult>k|K|M|Md|bn|millions?|milliards?)?\b\s?[$€£%]?\s?(?P<unit>[a-zA-Zéè]+)?"
)
_PAIR_START = re.compile(r"(?:\bde|\bd['’]|\bfrom)\s*(?:la |le |l['’])?(?=[<>≥≤~$€£]?\s?\d)", re.IGNORECASE)
_PAIR_MIDDLE = re.compile(
    r"\s*(?:à|a|to|->|→|=>)\s*(?:plus de |moins de |more than |less than |at least |la |le |l['’])?"
    r"(?=[<>≥≤~$€£]?\s?\d)",
    re.IGNORECASE,
)
_ARROW = re.compile(r"\s*(?:->|→|=>)\s*(?=[<>≥≤~$€£]?\s?\d)")
# Where the metric ends: its values, a deadline, a comment.
_METRIC_END = re.compile(
    r"\s(?:de|d['’]|from)\s*(?:la |le |l['’])?[<>≥≤~+-]?\s?[$€£]?(?:\d|\[)"
    r"|\s(?:à|to|sous|under|below|above|over|au-dessus de|en dessous de|moins de|plus de|at least)\s"
    r"(?:la barre de |la barre des |le seuil de )?[<>]?\s?[$€£]?\d"
    r"|\s(?:d['’]ici|avant fin|avant la fin|jusqu['’]|through|until|pour fin|en \d|in \d)\b"
    r"|\sby\s+(?:end|the end|q[1-4]|h[12]|fy|\d|\[|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)"
    r"|\s?[(:;]|\s[—–]\s|\s-\s|\s(?:vs|contre|versus)\b|\s?\[",
    re.IGNORECASE,
)
_RELATIVE_CHANGE = re.compile(
    r"^\s*(?:de|d['’]|by|of)?\s*[-+]?\d[\d.,]*\s*(?:%|pts?|points?)?\s*", re.IGNORECASE
)
_NUMBER_WORD = re.compile(
    r"^\s*(?:deux|trois|quatre|cinq|dix|two|three|four|five|ten|\d+)\b\s*", re.IGNORECASE
)


# --- The word lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    kind: str
    way: Way | None
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass
class _Lexicon:
    """Every entry of directions.yaml, folded and tokenised, by language."""

    entries: dict[Lang, list[_Entry]] = field(default_factory=dict)
    # Where an entry may start, as positions in `entries`: by its first word, and for a one-word entry
    # ending in "*" by that word as a prefix. A token looks up only these instead of every entry.
    by_word: dict[Lang, dict[str, list[int]]] = field(default_factory=dict)
    by_prefix: dict[Lang, dict[str, list[int]]] = field(default_factory=dict)
    verbs: dict[Lang, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    thresholds: dict[Lang, list[tuple[str, Way]]] = field(default_factory=dict)
    engagement: dict[Lang, set[str]] = field(default_factory=dict)
    antonyms: dict[tuple[str, ...], tuple[tuple[str, ...], int]] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    ratios: set[str] = field(default_factory=set)
    reach: dict[Lang, list[tuple[str, ...]]] = field(default_factory=dict)


def _tokens(text: str) -> list[str]:
    """Folded words; "don't" reads as "do not" so the negation is a word of its own."""
    text = re.sub(r"n['’]t\b", " not", rules.fold(text))
    text = re.sub(r"(?<=\w)-to-(?=\w)", " ", text)  # "trial-to-paid conversion" is one compound
    return re.findall(r"[^\W\d_]+", text)


def _entries(kind: str, way: Way | None, words: list[str]) -> list[_Entry]:
    out = []
    for word in words:
        tokens = tuple(_tokens(word.rstrip("*")))
        if tokens:
            out.append(_Entry(kind, way, tokens, word.endswith("*")))
    return out


@cache
def _lexicon() -> _Lexicon:
    data = load_yaml(_WORDS_FILE.read_text(encoding="utf-8"))
    lex = _Lexicon()
    for lang in ("fr", "en"):
        entries: list[_Entry] = []

        def add(kind: str, way: Way | None, words: list[str]) -> None:
            entries.extend(_entries(kind, way, words))  # noqa: B023 - called within this iteration

        for way in ("up", "down"):
            add("measure", way, data["measures"].get(way, {}).get(lang, []))
            add("counted", way, data["counted"].get(way, {}).get(lang, []))
            add("modifier", way, data["modifiers"].get(way, {}).get(lang, []))
        add("engaging", "up", data["engaging"][lang])
        add("remedy", "up", data["remedies"][lang])
        add("neg_next", None, data["negators_next"][lang])
        add("neg_rest", None, data["negators_rest"][lang])
        add("rank", None, data["ranks"][lang])
        add("relative", None, data["relatives"][lang])
        add("breaker", None, data["breakers"][lang])
        add("filler", None, data["fillers"][lang])
        add("article", None, data["articles"][lang])
        add("article", None, data["particles"][lang])
        add("word", None, data["neutral"][lang])
        # Longest first: "faux positif" before "positif", "taux de rebond" before "taux".
        entries.sort(key=lambda e: -len(e.tokens))
        lex.entries[lang] = entries
        by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            starts = by_prefix if entry.prefix and len(entry.tokens) == 1 else by_word
            starts.setdefault(entry.tokens[0], []).append(position)
        lex.by_word[lang], lex.by_prefix[lang] = by_word, by_prefix
        verbs = [
            (tuple(_tokens(v)), way) for way, by_lang in data["verbs"].items() for v in by_lang.get(lang, [])
        ]
        lex.verbs[lang] = sorted(verbs, key=lambda v: -len(v[0]))
        lex.thresholds[lang] = [
            (rules.fold(t), way) for way in ("down", "up") for t in data["thresholds"][way][lang]
        ]
        lex.engagement[lang] = {rules.fold(w) for w in data["engagement"][lang]}
    for group in data["synonyms"]:
        for word in group[1:]:
            lex.synonyms[_ending_stem(rules.fold(word))] = _ending_stem(rules.fold(group[0]))
    lex.ratios = {rules.fold(w) for by_lang in data["ratios"].values() for w in by_lang}
    for reach_lang in ("fr", "en"):
        lang_key: Lang = "fr" if reach_lang == "fr" else "en"
        lex.reach[lang_key] = sorted(
            (tuple(_tokens(w)) for w in data.get("reach", {}).get(reach_lang, [])), key=lambda t: -len(t)
        )
    for good, bad in data["antonyms"]:
        canon = tuple(_ending_stem(t) for t in _tokens(good))
        lex.antonyms[canon] = (canon, 1)
        lex.antonyms[tuple(_ending_stem(t) for t in _tokens(bad))] = (canon, -1)
    return lex


def _matches_word(token: str, word: str, prefix: bool) -> bool:
    if prefix:
        return token.startswith(word)
    return token == word or (token[: len(word)] == word and token[len(word) :] in ("s", "x", "es"))


_PLURAL_ENDINGS = (1, 2)  # "s" or "x", "es": what `_matches_word` lets a word's token add


def _starting(lex: _Lexicon, lang: Lang, token: str) -> list[int]:
    """The positions of the entries that may start at `token`, in list order: every entry that
    `_annotate_cached` would match there is among them (the word itself, its singular, a prefix)."""
    by_word, by_prefix = lex.by_word[lang], lex.by_prefix[lang]
    found = list(by_word.get(token, ()))
    for cut in _PLURAL_ENDINGS:
        if len(token) > cut:
            found += by_word.get(token[:-cut], ())
    for end in range(1, len(token) + 1):
        found += by_prefix.get(token[:end], ())
    return sorted(set(found))


# --- Reading a metric ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    kind: str  # an _Entry kind, or "word" for a word no list names
    way: Way | None
    tokens: tuple[str, ...]


def _annotate(text: str, lang: Lang) -> list[_Item]:
    return list(_annotate_cached(text, lang))


@lru_cache(maxsize=4096)
def _annotate_cached(text: str, lang: Lang) -> tuple[_Item, ...]:
    """Memoised: one analysis reads each KR several times (direction, identity, duplicates, the rewrite's check)."""
    tokens = _tokens(text)
    lex = _lexicon()
    entries = lex.entries[lang]
    items: list[_Item] = []
    i = 0
    while i < len(tokens):
        for entry in (entries[p] for p in _starting(lex, lang, tokens[i])):
            n = len(entry.tokens)
            window = tokens[i : i + n]
            if len(window) == n and all(
                _matches_word(t, w, entry.prefix and k == n - 1) if k == n - 1 else t == w
                for k, (t, w) in enumerate(zip(window, entry.tokens, strict=True))
            ):
                items.append(_Item(entry.kind, entry.way, tuple(window)))
                i += n
                break
        else:
            items.append(_Item("word", None, (tokens[i],)))
            i += 1
    return tuple(items)


_CONTENT = {"word", "measure", "counted", "modifier", "engaging", "remedy", "rank"}


@dataclass
class _Chunk:
    items: list[_Item]
    opener: str = ""  # "relative", "neg_next", "breaker" or "" for the first


def _chunks(items: list[_Item]) -> list[_Chunk]:
    chunks = [_Chunk([])]
    for item in items:
        if item.kind in ("breaker", "relative") or (item.kind == "neg_next" and chunks[-1].items):
            chunks.append(_Chunk([], item.kind))
            if item.kind == "neg_next":
                chunks[-1].items.append(item)
            continue
        chunks[-1].items.append(item)
    return chunks


def _flip(way: Way) -> Way:
    return "down" if way == "up" else "up"


def _first_way(items: list[_Item], kinds: set[str], negated: bool = False) -> Way | None:
    """The first direction among these kinds, a negation before it flipping it ('engaging' only negated)."""
    pending = False
    for item in items:
        if item.kind == "neg_rest":
            negated = not negated
        elif item.kind == "neg_next":
            pending = True
        elif item.kind in kinds and item.way and (item.kind != "engaging" or negated or pending):
            flipped = negated != pending
            return _flip(item.way) if flipped else item.way
        elif item.kind in _CONTENT and pending and item.kind != "word":
            pending = False
    return None


def _head(chunks: list[_Chunk], lang: Lang) -> tuple[int, _Item] | None:
    """The chunk and word naming the metric: French puts it first, English last ("response time")."""
    for index, chunk in enumerate(chunks):
        if chunk.opener == "relative":
            return None
        content = [it for it in chunk.items if it.kind in _CONTENT]
        nouns = [it for it in content if it.kind not in ("modifier", "engaging", "remedy")] or content
        if lang == "en" and len(nouns) > 1:
            # "invoices paid", "inventories closed": a participle after the noun is not the head.
            nouns = [it for it in nouns if not it.tokens[-1].endswith("ed")] or nouns
        if nouns:
            return index, (nouns[0] if lang == "fr" else nouns[-1])
    return None


def _metric_way(text: str, lang: Lang) -> Way | None:
    items = _annotate(text, lang)
    chunks = _chunks(items)
    found = _head(chunks, lang)
    if found is None:
        return None
    index, head = found
    chunk = chunks[index]
    if head.kind == "rank":
        return None
    if head.kind == "measure" and head.way:
        # "la durée d'une session", "time per visit" count engagement: the time measure then runs up.
        for item in items[items.index(head) + 1 :]:
            if item.kind in ("filler", "article") or item.tokens in (("de",), ("d",), ("par",), ("per",)):
                continue
            if item.kind == "word" and item.tokens[0] in ("passe", "spent"):
                continue
            if any(_matches_word(item.tokens[-1], w, False) for w in _lexicon().engagement[lang]):
                return "up"
            break
        return head.way
    # Words qualifying the head decide before it: "fraudes bloquées", "renewals that fail", "sans erreur".
    following = chunks[index + 1 :]
    extra: list[_Item] = []
    starts_negated = following and [it.kind for it in following[0].items if it.kind != "article"][:1] == [
        "neg_next"
    ]
    if following and (following[0].opener == "neg_next" or starts_negated):
        extra = following[0].items
    elif following and following[0].opener == "relative":
        extra = [it for c in following for it in c.items]
    kinds = {"modifier", "engaging"} | (
        {"remedy"} if head.kind == "counted" and head.way == "down" else set()
    )
    way = _first_way(chunk.items, kinds)
    if way is None and extra:
        way = _first_way(extra, {"counted", "modifier", "engaging"})
    if way is None and head.kind == "counted" and following and following[0].opener == "breaker":
        # "réclamations des familles traitées sous 5 jours": a participle after a complement still says what
        # becomes of the head's things.
        complement = following[0].items
        if complement and complement[0].kind == "word":
            way = _first_way(complement[1:], kinds)
    if way:
        return way
    if head.kind == "counted" and head.way:
        before = chunk.items[: chunk.items.index(head)]
        negated = any(it.kind in ("neg_next", "neg_rest") for it in before)
        return _flip(head.way) if negated else head.way
    return None


# --- Reading the KR's opening ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opening:
    way: VerbWay | Literal["compare"] | None
    verb: str  # the verb as written
    rest: str  # the text after it


_SKIP = {"nous", "allons", "voulons", "we", "will", "to", "s", "se"}


def _opening(text: str, lang: Lang) -> _Opening:
    words = [(m, rules.fold(m.group())) for m in re.finditer(r"[^\W\d_]+", text)]
    start = 0
    while start < len(words) - 1 and words[start][1] in _SKIP:
        start += 1
    folded = [w for _, w in words[start:]]
    for tokens, way in _lexicon().verbs[lang]:
        if tuple(folded[: len(tokens)]) == tokens:
            first, last = words[start][0], words[start + len(tokens) - 1][0]
            rest = text[last.end() :]
            return _Opening(way, text[first.start() : last.end()], rest)  # type: ignore[arg-type]
    if not words:
        return _Opening(None, "", text)
    return _Opening(None, words[start][0].group(), text[words[start][0].end() :])


def _value(match: re.Match[str]) -> tuple[float, str | None, bool] | None:
    """A written value as (number, time unit or None, is an ordinal)."""
    try:
        number = float(rules.normalize_number(match.group("num")))
    except ValueError:
        return None
    mult = (match.group("mult") or "").lower()
    number *= _MULTIPLIERS.get(mult, _MULTIPLIERS.get(mult.rstrip("s"), 1.0))
    unit = rules.fold(match.group("unit") or "")
    unit = unit if unit in _TIME_UNITS else unit.rstrip("s") if unit.rstrip("s") in _TIME_UNITS else ""
    return number, unit or None, bool(match.group("ord"))


def _compare(a: tuple[float, str | None, bool], b: tuple[float, str | None, bool]) -> Way | None:
    if a[2] or b[2]:
        return None  # "de la 4e à la 1re place": a rank runs the other way
    x, y = a[0], b[0]
    if a[1] and b[1]:
        x, y = x * _TIME_UNITS[a[1]], y * _TIME_UNITS[b[1]]
    if x == y:
        return None
    return "up" if y > x else "down"


def values_way(text: str) -> Way | None:
    """Direction of the first "de A à B" / "from A to B" / "A → B" in the text, None when unclear."""
    for start in [*_PAIR_START.finditer(text), *_ARROW.finditer(text)]:
        if start.re is _ARROW:
            before = list(_VALUE.finditer(text[: start.start()]))
            if not before or before[-1].end() < start.start() - 1:
                continue
            a_match = before[-1]
            b_at = start.end()
        else:
            first = _VALUE.match(text, start.end())
            if first is None:
                continue
            a_match = first
            # The unit group may have swallowed "à"/"to": retry right after the number.
            middle = _PAIR_MIDDLE.match(text, a_match.end())
            if middle is None and a_match.group("unit"):
                middle = _PAIR_MIDDLE.match(text, a_match.start("unit"))
                a_match = _VALUE.match(text[: a_match.start("unit")], start.end()) or a_match
            if middle is None:
                continue
            b_at = middle.end()
        b_match = _VALUE.match(text, b_at)
        a, b = _value(a_match), _value(b_match) if b_match else None
        if a and b:
            return _compare(a, b)
    return None


def _threshold_way(rest: str, lang: Lang) -> Way | None:
    folded = rules.fold(rest)
    for phrase, way in _lexicon().thresholds[lang]:
        if re.search(rf"(?<!\w){re.escape(phrase)}\s*(?:la |le |les |l')?[<>]?\s?[$€£]?\d", folded):
            return way
    return None


def verb_direction(kr_text: str, lang: Lang) -> VerbWay | None:
    """How the KR's opening moves its metric: up, down, keep, better (follows the metric) or None."""
    opening = _opening(kr_text, lang)
    if opening.way == "compare":
        return values_way(opening.rest) or _threshold_way(opening.rest, lang)
    return opening.way


def metric_text(kr_text: str, lang: Lang) -> str:
    """What the KR measures, as written: the words after its verb, values and deadline cut off."""
    rest = _opening(kr_text, lang).rest
    rest = _NUMBER_WORD.sub("", _RELATIVE_CHANGE.sub("", rest, count=1), count=1)
    end = _METRIC_END.search(" " + rest)
    text = (" " + rest)[: end.start()] if end else rest
    return text.strip(" ,.;:-–—")


# --- The metric library ----------------------------------------------------------------------------------


def _ending_stem(token: str) -> str:
    """Plural and feminine endings only: the library match must not confuse conversion and conversation."""
    if len(token) > 3 and token[-1] in "sx":
        token = token[:-1]
    if len(token) >= 5 and token.endswith("e"):
        token = token[:-1]
    return token


def _light_stem(token: str) -> str:
    token = _ending_stem(token)
    return _lexicon().synonyms.get(token, token)


@dataclass(frozen=True)
class _Shape:
    stems: frozenset[str]
    head: str | None
    sign: int  # -1 when an odd number of negations qualify it


def _shape(text: str, lang: Lang) -> _Shape:
    items = _annotate(text, lang)
    stems: set[str] = set()
    sign = 1
    for item in items:
        if item.kind in ("neg_next", "neg_rest"):
            sign = -sign
        elif item.kind in _CONTENT:
            stems.update(_light_stem(t) for t in item.tokens)
    found = _head(_chunks(items), lang)
    head = _light_stem(found[1].tokens[-1]) if found else None
    return _Shape(frozenset(stems), head, sign)


@dataclass
class _Index:
    library: MetricLibrary
    # Each language's names are read on the first KR in that language: a French draft never reads the English.
    shapes: dict[Lang, list[tuple[Metric, _Shape]]] = field(default_factory=dict)

    def of(self, lang: Lang) -> list[tuple[Metric, _Shape]]:
        found = self.shapes.get(lang)
        if found is None:
            found = self.shapes[lang] = [
                (m, _shape(m.name_fr if lang == "fr" else m.name_en, lang)) for m in self.library.metrics
            ]
        return found


_INDEXES: dict[int, _Index] = {}


def _index(library: MetricLibrary) -> _Index:
    index = _INDEXES.get(id(library))
    if index is None or index.library is not library:
        index = _INDEXES[id(library)] = _Index(library)
    return index


def _match(text: str, lang: Lang, library: MetricLibrary | None) -> tuple[Metric, bool] | None:
    """The library metric the metric text names, and whether a negation turns it into its mirror."""
    kr = _shape(text, lang)
    if not kr.stems or kr.head is None:
        return None
    scored: list[tuple[float, int, Metric, _Shape]] = []
    for metric, name in _index(library or load_library()).of(lang):
        common = len(name.stems & kr.stems)
        if not common or kr.head not in name.stems:
            continue
        coverage = common / len(name.stems)
        # One shared word names a metric only when the name has no other ("le NPS"): "le délai" alone
        # is not "le délai de livraison", "la part des factures payées" is not "le nombre de factures saisies".
        if coverage >= NAME_COVERAGE and (common >= 2 or len(name.stems) == 1):
            scored.append((coverage, common, metric, name))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], -s[1]))
    best = scored[0]
    rivals = [s for s in scored[1:] if s[:2] == best[:2] and s[2].family != best[2].family]
    if any(s[2].direction != best[2].direction for s in rivals):
        return None  # two metrics fit as well and disagree: no guess
    if best[3].sign != kr.sign:
        return None  # a negation somewhere ("closed without a ticket"): the name's words mean something else
    return best[2], False


def match_metric(text: str, lang: Lang, library: MetricLibrary | None = None) -> Metric | None:
    """The library metric a KR (or its metric text) names, precision first; None when unsure."""
    found = _match(metric_text(text, lang) or text, lang, library)
    return found[0] if found else None


def metric_direction(
    text: str, lang: Lang, library: MetricLibrary | None = None
) -> Literal["up", "down", "keep"] | None:
    """Which way the metric should move: from the library when matched, else from its head words.

    When both speak and disagree ("the share of renewals that fail" matched to the renewal rate), the
    words around the metric say something its name does not: no verdict rather than a wrong one.
    """
    words_way = _metric_way(text, lang)
    found = _match(text, lang, library)
    if not found:
        return words_way
    metric, mirrored = found
    if metric.direction == "keep":
        return "keep"
    library_way = _flip(metric.direction) if mirrored else metric.direction
    return library_way if words_way in (None, library_way) else None


# --- The verdicts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectionProblem:
    """A measured KR whose verb moves its metric the wrong way."""

    verb: str
    metric: str
    expected: Way


def direction_problem(
    kr_text: str, lang: Lang, library: MetricLibrary | None = None
) -> DirectionProblem | None:
    opening = _opening(kr_text, lang)
    moves = verb_direction(kr_text, lang)
    if moves not in ("up", "down"):
        return None
    text = metric_text(kr_text, lang)
    should = metric_direction(text, lang, library) if text else None
    if should not in ("up", "down") or should == moves:
        return None
    return DirectionProblem(verb=opening.verb, metric=text, expected=should)


def kr_direction_problem(kr_text: str, lang: Lang, library: MetricLibrary | None = None) -> str | None:
    """Why this KR moves its metric the wrong way, or None when it does not (or nobody can tell)."""
    problem = direction_problem(kr_text, lang, library)
    if problem is None:
        return None
    wrong = "down" if problem.expected == "up" else "up"
    return f"'{problem.verb}' moves '{problem.metric}' {wrong}, but this metric should go {problem.expected}."


@dataclass(frozen=True)
class MetricIdentity:
    """What a KR measures, for comparing two KRs: a library family or a set of word stems, and a sign.

    Two KRs with the same key measure one thing; with opposite signs, one is the mirror of the other
    ("clients qui consultent X" and "clients qui ne consultent pas X", churn and retention).
    """

    key: str
    stems: frozenset[str]
    sign: int
    family: str | None = None

    def same_metric(self, other: MetricIdentity) -> bool:
        if self.family or other.family:
            return self.family == other.family
        union = self.stems | other.stems
        return len(union) >= 2 and len(self.stems & other.stems) / len(union) >= SAME_WORDS

    def mirrors(self, other: MetricIdentity) -> bool:
        return self.same_metric(other) and self.sign != other.sign


def metric_identity(kr_text: str, lang: Lang, library: MetricLibrary | None = None) -> MetricIdentity:
    text = metric_text(kr_text, lang) or kr_text
    found = _match(text, lang, library)
    if found:
        metric, mirrored = found
        sign = -1 if metric.direction == "down" else 1
        return MetricIdentity(
            f"family:{metric.family}", frozenset(), -sign if mirrored else sign, metric.family
        )
    lex = _lexicon()
    items = _annotate(text, lang)
    stems: set[str] = set()
    sign = 1
    for item in items:
        if item.kind in ("neg_next", "neg_rest"):
            sign = -sign
        elif tuple(_ending_stem(t) for t in item.tokens) in lex.antonyms:
            canon, polarity = lex.antonyms[tuple(_ending_stem(t) for t in item.tokens)]
            sign *= polarity
            stems.add(" ".join(canon))
        elif item.kind in _CONTENT and not (item.kind == "word" and len(item.tokens[0]) < 2):
            stems.update(rules.stem(t) for t in item.tokens)
    return MetricIdentity("stems:" + " ".join(sorted(stems)), frozenset(stems), sign)


@dataclass(frozen=True)
class Vanity:
    """A KR that counts a vanity metric, and the library's better metrics to use instead."""

    metric: Metric
    text: str  # the KR's metric as written
    alternatives: list[Metric]


def reach_only(kr_text: str, lang: Lang) -> str | None:
    """The reach a KR counts when it counts nothing else ("Reach 50k Instagram followers"), as written; None
    when it names none, or a share or rate of it ("le taux de clic sur les vues" measures what viewers do)."""
    tokens = _tokens(metric_text(kr_text, lang) or kr_text)
    if any(t in _lexicon().ratios for t in tokens):
        return None
    for phrase in _lexicon().reach[lang]:
        n = len(phrase)
        if any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1)):
            return " ".join(phrase)
    return None


def vanity_metric(kr_text: str, lang: Lang, library: MetricLibrary | None = None) -> Vanity | None:
    """The vanity metric a KR counts, None when it names none (a share of them is not the count)."""
    lib = library or load_library()
    text = metric_text(kr_text, lang)
    found = _match(text, lang, lib) if text else None
    if not found or not found[0].vanity:
        return None
    if any(t in _lexicon().ratios for t in _tokens(text)):
        return None
    by_id = {m.id: m for m in lib.metrics}
    alternatives = [by_id[a] for a in found[0].alternatives if a in by_id]
    return Vanity(found[0], text, alternatives) if alternatives else None
