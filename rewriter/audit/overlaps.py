"""Overlaps: objectives or key results of different teams that chase the same metric or say the same thing.

Two lines are the same when
- both name one metric of the library (`direction.metric_identity`: a family such as churn or activation;
  churn and retention are one metric chased from both ends), or
- both state the same baseline and the same target, and share a word that says what is measured (an
  acronym counts as the words it stands for: NRR and "net revenue retention"), or
- they share most of what they measure: at least `MIN_SHARED` word stems (verbs, numbers, dates and filler
  words left out) and a Jaccard overlap of `SAME_WORDS` or more, or
- they share `MIN_RARE` words that are rare in the file (in at most `RARE_LINES` of its lines), one of them
  an acronym that names the thing measured: "incidents" and "DPI", "place d'aval" and "EHPAD", "DM
  stériles" and "dispositifs médicaux stériles". Rare words alone are not enough: "retour à domicile"
  of new mothers and of operated patients share two rare words and no goal. Names of places and people
  (capitalised words) never count: two teams of one site share its name without sharing a goal.

Precision comes first: a coach acts on each overlap listed (who owns this metric?), so a doubtful pair is
left out; words every team uses ("délai", "taux", "satisfaction") never make an overlap alone. Tasks are
not compared: two teams delivering things is not an overlap of results.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rewriter import rules
from rewriter.analysis import direction
from rewriter.audit.models import OKRAudit, Overlap, OverlapItem
from rewriter.draft import Lang
from rewriter.language import detect_language
from rewriter.library import load_library
from rewriter.reading.measures import read_measure

Kind = Literal["objective", "key_result"]
Reason = Literal["same_metric", "same_words"]

SAME_WORDS = 0.7
MIN_SHARED = 3
MIN_RARE = 2
RARE_LINES = 3

_ACRONYM = re.compile(r"\b(?=[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z])[A-Z][A-Z0-9]{1,5}s?\b")
_PROPER = re.compile(r"(?<![\w'’])[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)*")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+")
_LINKS = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "l",
        "la",
        "le",
        "les",
        "of",
        "the",
        "and",
        "et",
        "en",
        "a",
        "à",
        "au",
        "aux",
        "to",
        "for",
        "pour",
        "on",
        "sur",
        "in",
        "par",
        "per",
    ]
)


@dataclass(frozen=True)
class Line:
    """One objective or key result, with what it measures."""

    okr: str
    team: str
    kind: Kind
    text: str
    family: str | None
    stems: frozenset[str]
    acronyms: frozenset[str] = frozenset()
    initials: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    values: tuple[str, str] | None = None


@dataclass
class Context:
    """How many lines of the file each stem appears in: rare words say more than common ones."""

    lines: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Context:
        counts: Counter[str] = Counter()
        for line in lines:
            counts.update(line.stems)
        return cls(counts)

    def rare(self, stem: str) -> bool:
        return self.lines.get(stem, 0) <= RARE_LINES


def _initials(text: str) -> frozenset[str]:
    """Initials of every run of 2 to 6 words (linking words skipped): 'dossier patient informatisé' → DPI."""
    words = [w for w in _WORD.findall(text) if rules.fold(w) not in _LINKS]
    out = set()
    for size in range(2, 7):
        for start in range(len(words) - size + 1):
            out.add("".join(w[0] for w in words[start : start + size]).upper())
    return frozenset(out)


def _number(value: str | None) -> str | None:
    if not value:
        return None
    found = rules.numbers_in(value)
    return found[0] if found else None


@lru_cache(maxsize=16384)
def _read(text: str, lang: Lang, kind: Kind) -> Line:
    return _read_line(text, lang, kind)


def _read_line(text: str, lang: Lang, kind: Kind) -> Line:
    family = None
    values = None
    if kind == "key_result" and (rules.has_quantity(text) or rules.kr_verb_kind(text) is None):
        family = direction.metric_identity(text, lang).family
        slots = read_measure(text)
        baseline, target = _number(slots.baseline), _number(slots.target)
        if baseline and target and baseline != target:
            values = (baseline, target)
    proper = {rules.stem(w) for m in _PROPER.finditer(text) for w in m.group(0).split("-")}
    # The first word opens the sentence: capitalised as a verb, not as a name.
    first = _WORD.search(text)
    if first:
        proper.discard(rules.stem(first.group(0)))
    acronyms = frozenset(a.rstrip("s") if len(a) > 2 else a for a in _ACRONYM.findall(text))
    return Line(
        okr="",
        team="",
        kind=kind,
        text=text,
        family=family,
        stems=frozenset(rules.metric_stems(text)),
        acronyms=acronyms,
        initials=_initials(text),
        proper=frozenset(proper),
        values=values,
    )


def line_of(okr: str, team: str, kind: Kind, text: str, lang: Lang | None = None) -> Line:
    read = _read(text, lang or detect_language(text), kind)
    return Line(
        okr,
        team,
        kind,
        text,
        read.family,
        read.stems,
        read.acronyms,
        read.initials,
        read.proper,
        read.values,
    )


def _acronym_links(a: Line, b: Line) -> int:
    """Acronyms of one line spelled out in the other (NRR / net revenue retention)."""
    return len(a.acronyms & b.initials) + len(b.acronyms & a.initials)


def same(a: Line, b: Line, context: Context | None = None) -> Reason | None:
    """Whether two lines chase one thing, and why; None when they do not, or when in doubt."""
    if a.family is not None and a.family == b.family:
        return "same_metric"
    shared = a.stems & b.stems
    links = _acronym_links(a, b)
    if a.values is not None and a.values == b.values and (shared or links):
        return "same_metric"
    if len(shared) >= MIN_SHARED and len(shared) / len(a.stems | b.stems) >= SAME_WORDS:
        return "same_words"
    if context is not None:
        named = links + len(a.acronyms & b.acronyms)
        rare = [s for s in shared if context.rare(s) and s not in a.proper and s not in b.proper]
        if named and len(rare) + links >= MIN_RARE:
            return "same_words"
    return None


def _kind(text: str) -> Kind:
    return "key_result" if rules.has_quantity(text) else "objective"


def same_texts(text_a: str, text_b: str, context: Context | None = None) -> Reason | None:
    """Whether two texts, objectives or key results, chase one thing (for labelled pairs)."""
    a = line_of("a", "a", _kind(text_a), text_a)
    b = line_of("b", "b", _kind(text_b), text_b)
    if a.kind != b.kind:
        # An objective and a key result: compared as measures.
        a = line_of("a", "a", "key_result", text_a)
        b = line_of("b", "b", "key_result", text_b)
    return same(a, b, context)


def lines_of(okrs: Iterable[OKRAudit]) -> list[Line]:
    out = []
    for okr in okrs:
        if okr.objective:
            out.append(line_of(okr.id, okr.team, "objective", okr.objective, okr.lang))
        for kr in okr.key_results:
            if not kr.is_task:
                out.append(line_of(okr.id, okr.team, "key_result", kr.text, okr.lang))
    return out


def context_of(okrs: Iterable[OKRAudit]) -> Context:
    """The document frequencies of a whole file's lines (tasks included: they are lines of the file too)."""
    lines = lines_of(okrs)
    return Context.of(lines)


def find_overlaps(okrs: list[OKRAudit], lang: Lang = "fr") -> list[Overlap]:
    """Groups of lines from at least two teams that chase one thing, largest groups first."""
    lines = lines_of(okrs)
    context = Context.of(lines)
    parent = list(range(len(lines)))
    reason: dict[int, Reason] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int, why: Reason) -> None:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[rj] = ri
            if reason.get(rj) == "same_metric":
                reason[ri] = "same_metric"
        if why == "same_metric" or ri not in reason:
            reason[ri] = why

    by_family: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.family:
            by_family[line.family].append(i)
    for members in by_family.values():
        if len({lines[i].team for i in members}) >= 2:
            for j in members[1:]:
                join(members[0], j, "same_metric")
    for i, j in _candidates(lines, context):
        line, other = lines[i], lines[j]
        if other.team == line.team or (line.family and line.family == other.family):
            continue
        why = same(line, other, context)
        if why is not None:
            join(i, j, why)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(lines)):
        groups[root(i)].append(i)
    out = []
    for head, members in groups.items():
        teams = {lines[i].team for i in members}
        if len(members) < 2 or len(teams) < 2:
            continue
        why = reason.get(head, "same_words")
        items = [
            OverlapItem(team=lines[i].team, okr=lines[i].okr, kind=lines[i].kind, text=lines[i].text)
            for i in members
        ]
        out.append(Overlap(reason=why, metric=_name(lines, members, lang), items=items))
    out.sort(key=lambda o: (-len(o.teams), -len(o.items), o.metric))
    return out


def _candidates(lines: list[Line], context: Context) -> set[tuple[int, int]]:
    """Pairs of lines that may be the same, without comparing every line with every other one.

    Two lines with a Jaccard overlap of at least t share one of the n − ⌈t·n⌉ + 1 rarest stems of each
    (prefix filtering); the other rules need a rare stem, an acronym or the same figures in common.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    probes: list[list[str]] = []
    for i, line in enumerate(lines):
        ordered = sorted(line.stems, key=lambda stem: (context.lines.get(stem, 0), stem))
        prefix = ordered[: len(ordered) - math.ceil(SAME_WORDS * len(ordered)) + 1] if ordered else []
        keys = [f"stem:{stem}" for stem in prefix]
        keys += [f"rare:{stem}" for stem in ordered if context.rare(stem)]
        keys += [f"acronym:{acronym}" for acronym in line.acronyms]
        if line.values is not None:
            keys.append(f"values:{line.values[0]}>{line.values[1]}")
        probes.append(keys + [f"acronym:{initial}" for initial in line.initials])
        for key in keys:
            postings[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, keys in enumerate(probes):
        for key in keys:
            for j in postings.get(key, ()):
                if j != i:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _name(lines: list[Line], members: list[int], lang: Lang) -> str:
    """What the group chases: the library metric's name, else its shortest line."""
    family = next((lines[i].family for i in members if lines[i].family), None)
    if family is not None and sum(1 for i in members if lines[i].family == family) >= 2:
        metric = next((m for m in load_library().metrics if m.family == family), None)
        if metric is not None:
            return metric.name_fr if lang == "fr" else metric.name_en
    return min((lines[i].text for i in members), key=len)


def pairs(overlaps: Iterable[Overlap]) -> set[tuple[str, str]]:
    """Every pair of lines (texts) of different teams that the overlaps put together."""
    out = set()
    for overlap in overlaps:
        for a in overlap.items:
            for b in overlap.items:
                if a.team != b.team and a.text < b.text:
                    out.add((a.text, b.text))
    return out
