"""Suggest outcome metrics for a draft, instantly and without a model: BM25 over the metric library.

Each metric is one document built from its signals (weighted most), names and theme text, in both
languages. A query is the objective, its key results and deliverables, and the draft's context (weighted
less). Words are Snowball-stemmed then accent-folded on both sides, so plurals, feminines, elisions and
missing accents still meet; adjacent content words also make bigram tokens, so a multi-word signal
("paiement en un clic") outranks its words found apart. English fields are also stemmed the French way,
because French drafts borrow English words (churn, checkout, onboarding).
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from rewriter.draft import Draft, Lang
from rewriter.library import MetricLibrary, load_library
from rewriter.library.schema import Direction, Unit

if TYPE_CHECKING:
    import numpy as np
    import Stemmer


__all__ = [
    "ObjectiveSuggestions",
    "Suggestion",
    "query_texts",
    "rank_metrics",
    "suggest_metrics",
    "suggestions_text",
    "warm_up",
]

# Field weights of a metric document: a token is repeated that many times (BM25 saturates repeats, k1).
SIGNAL_WEIGHT, NAME_WEIGHT, THEME_WEIGHT = 3, 2, 1
# Query weights: the objective and its lines point at the metric; context only colours the choice.
OBJECTIVE_WEIGHT, KR_WEIGHT, DELIVERABLE_WEIGHT, CONTEXT_WEIGHT = 1.0, 1.0, 1.0, 0.5
BM25_K1, BM25_B = 1.2, 0.5
MAX_MATCHED = 6
# Snowball leaves a verb and its noun apart (répondre/réponse, livrer/livraison, recruter/recrutement):
# the first letters of a stem make one more, faint, token. Chosen on the dev set (4 letters, 0.2).
PREFIX_LEN, PREFIX_WEIGHT = 4, 0.2

# Where accents are folded. "after" stemming keeps Snowball's accent-aware suffix rules (employée and
# employés meet) but an unaccented draft ("securite", "impayes") stems apart from the library; "before"
# is the reverse. "both" indexes each library word both ways and stems the draft's word as written, then
# folds: an accented draft meets the first stem, an unaccented one the second. Measured in the benchmark.
FoldMode = Literal["before", "after", "both"]
FOLD: FoldMode = "both"

_WORD = re.compile(r"[^\W_]+")
# Numbers, cycles and amounts carry no topic: "T1", "2026", "50k", "24h".
_NOT_A_TOPIC = re.compile(r"\d+[a-z]{0,3}|[tqsh]\d|\d+[a-z]+\d*")


def _words(text: str) -> list[str]:
    return text.split()


# Function words of both languages (drafts mix them), elided articles (l', d', qu', j' are split off by
# the tokenizer), and the words every OKR uses whatever it measures.
_STOP = frozenset(
    _words(
        """
        a à au aux avec ce ces cet cette c d dans de des du elle elles en et eux il ils j je l la le les
        leur leurs lui m ma mais me mes moi mon même n ne ni nos notre nous on ont ou où par pas plus pour
        qu que qui s sa se ses si son sont sur t ta te tes toi ton tous tout toute toutes tu un une vos
        votre vous y est être avoir été sera ont fait faire afin chaque entre sans sous vers chez lors jusqu
        lorsqu puisqu aujourd hui très tres bien mieux moins encore déjà deja ainsi donc car comme an and
        are as at be been but by for from if in into is it its no not of on or our such that the their then
        there these they this those to was we were will with within per via more less better all each every
        up down over than so out us your you objectif objectifs objective objectives kr krs key result
        results résultat résultats resultat resultats clé clés cle cles okr okrs cycle trimestre quarter
        semestre year année annee mois month months augmenter réduire reduire diminuer améliorer ameliorer
        atteindre passer maintenir garder baisser hausser increase reduce decrease improve reach grow raise
        lower cut keep maintain boost drive
        """
    )
)

# Modifiers that say little alone ("nouvelles" recrues, "new" hires, "first" purchase) but much in a pair:
# they make bigram tokens only, so "nouvelles" never points at "nouvelle fonctionnalité" by itself.
_WEAK = frozenset(
    _words(
        """
        nouveau nouvel nouvelle nouveaux nouvelles new premier première premiers premières first meilleur
        meilleure meilleurs meilleures best good bon bonne grand grande top principal principaux main
        """
    )
)


class Suggestion(BaseModel):
    """One metric suggested for an objective, with the draft words that led to it."""

    metric_id: str = Field(description="Id of the metric in the library, e.g. 'cart_abandonment_rate'.")
    name: str = Field(description="The metric's name in the draft's language: 'le taux d'abandon de panier'.")
    direction: Direction = Field(description="Which way a key result should move it: up, down or keep.")
    unit: Unit = Field(description="Unit of its values.")
    family: str = Field(description="Metrics that measure the same thing share a family.")
    vanity: bool = Field(default=False, description="A vanity metric (only listed when asked for).")
    score: float = Field(
        description="BM25 score against the draft (higher is closer; comparable within a draft)."
    )
    rank: int = Field(ge=1, description="1-based rank among this objective's suggestions.")
    matched: list[str] = Field(
        default_factory=list,
        description="Draft words and phrases that matched, as the user wrote them, strongest first: the why.",
    )
    exact: list[str] = Field(
        default_factory=list,
        description="The matched words that matched by their stem or as a phrase, not only by a prefix.",
    )


class ObjectiveSuggestions(BaseModel):
    """The metrics suggested for one objective of the draft."""

    objective: int = Field(description="0-based index of the objective in the draft.")
    text: str = Field(description="The objective's text as written (empty when the draft had KRs only).")
    metrics: list[Suggestion] = Field(
        default_factory=list, description="Suggestions, best first; empty when no word of the draft matched."
    )


# --- Tokens ----------------------------------------------------------------------------------------------


@cache
def _stemmer(lang: Lang) -> Stemmer.Stemmer:
    import Stemmer

    return Stemmer.Stemmer("french" if lang == "fr" else "english")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _stem(word: str, lang: Lang) -> str:
    """The query-side stem of a lowercased word, accents folded per FOLD."""
    if FOLD == "before":
        return _stemmer(lang).stemWord(_fold(word))
    return _fold(_stemmer(lang).stemWord(word))


def _doc_stems(word: str, lang: Lang) -> list[str]:
    """The library-side stems of a word: the query's, and with FOLD "both" the unaccented spelling's too."""
    stem = _stem(word, lang)
    if FOLD != "both":
        return [stem]
    bare = _stemmer(lang).stemWord(_fold(word))
    return [stem] if bare == stem else [stem, bare]


@dataclass(frozen=True)
class _Word:
    """A content word of a text: its stem and where it was written."""

    lower: str
    start: int
    end: int
    weak: bool = False


def _content_words(text: str) -> list[_Word]:
    """Words that carry a topic, in order; elided articles fall off since the tokenizer splits on ' and ’."""
    words: list[_Word] = []
    for m in _WORD.finditer(text):
        lower = m.group().lower()
        if len(lower) < 2 or lower in _STOP or _fold(lower) in _STOP or _NOT_A_TOPIC.fullmatch(lower):
            continue
        words.append(_Word(lower, m.start(), m.end(), lower in _WEAK))
    return words


def _bigram(a: str, b: str) -> str:
    return f"{a}_{b}"


def _doc_tokens(phrase: str, langs: Sequence[Lang]) -> list[str]:
    """Tokens of one library phrase: unigram and bigram stems, once per distinct stemming."""
    words = _content_words(phrase)
    tokens: list[str] = []
    for lang in langs:
        stems = [_doc_stems(w.lower, lang) for w in words]
        tokens.extend(s for w, variants in zip(words, stems, strict=True) if not w.weak for s in variants)
        tokens.extend(_bigram(a, b) for va, vb in itertools.pairwise(stems) for a in va for b in vb)
    tokens.extend([_prefix(t) for t in tokens if _has_prefix(t)])
    # One phrase stemmed several ways often gives the same stems: count them once.
    return list(dict.fromkeys(tokens))


def _has_prefix(token: str) -> bool:
    """A unigram stem long enough to have a shorter prefix (not a bigram, not a prefix token itself)."""
    return len(token) > PREFIX_LEN and "_" not in token and not token.startswith("~")


def _prefix(stem: str) -> str:
    return "~" + stem[:PREFIX_LEN]


@dataclass
class _Query:
    """Weighted tokens of a query, and for each token the draft text it came from (for `matched`)."""

    weights: dict[str, float] = field(default_factory=dict)
    surfaces: dict[str, list[str]] = field(default_factory=dict)

    def add(self, token: str, weight: float, surface: str) -> None:
        self.weights[token] = self.weights.get(token, 0.0) + weight
        seen = self.surfaces.setdefault(token, [])
        if surface not in seen:
            seen.append(surface)


def _query(texts: Sequence[tuple[str, float]], lang: Lang) -> _Query:
    query = _Query()
    for text, weight in texts:
        words = _content_words(text)
        stems = [_stem(w.lower, lang) for w in words]
        for w, s in zip(words, stems, strict=True):
            if not w.weak:
                query.add(s, weight, text[w.start : w.end])
                if _has_prefix(s):
                    query.add(_prefix(s), weight * PREFIX_WEIGHT, text[w.start : w.end])
        for (wa, sa), (wb, sb) in zip(
            zip(words, stems, strict=True), zip(words[1:], stems[1:], strict=True), strict=False
        ):
            query.add(_bigram(sa, sb), weight, text[wa.start : wb.end])
    return query


# --- Index -----------------------------------------------------------------------------------------------


@dataclass
class _Index:
    library: MetricLibrary
    vocab: dict[str, int]
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vanity: np.ndarray
    domains: np.ndarray
    # token -> {metric: BM25 weight}, filled on first use: `matched` looks up a few metrics per token.
    postings: dict[str, dict[int, float]] = field(default_factory=dict)

    def posting(self, token: str) -> dict[int, float]:
        found = self.postings.get(token)
        if found is None:
            col = self.column(token)
            found = self.postings[token] = (
                dict(zip(col[0].tolist(), col[1].tolist(), strict=True)) if col else {}
            )
        return found

    def column(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(doc ids, BM25 weights) of a token, None when no metric has it."""
        tid = self.vocab.get(token)
        if tid is None:
            return None
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        return self.indices[lo:hi], self.data[lo:hi]


def _metric_document(metric_index: int, library: MetricLibrary) -> list[str]:
    m = library.metrics[metric_index]
    fields: list[tuple[str, Sequence[Lang], int]] = [
        *((s, ("fr",), SIGNAL_WEIGHT) for s in m.signals_fr),
        *((s, ("en", "fr"), SIGNAL_WEIGHT) for s in m.signals_en),
        (m.name_fr, ("fr",), NAME_WEIGHT),
        (m.name_en, ("en", "fr"), NAME_WEIGHT),
        (m.theme_fr.text, ("fr",), THEME_WEIGHT),
        (m.theme_en.text, ("en", "fr"), THEME_WEIGHT),
    ]
    tokens: list[str] = []
    for phrase, langs, weight in fields:
        tokens.extend(_doc_tokens(phrase, langs) * weight)
    return tokens


def build_index(library: MetricLibrary) -> _Index:
    """The BM25 index of a library (built once per process for the default library, see `_default_index`)."""
    # bm25s and numpy are imported by the first ranking, not with this module: a draft that needs no ranking
    # (a sound one) does not pay for them.
    import bm25s
    import numpy as np

    # bm25s sets its own logger to DEBUG at import, which would print on any app or CLI that logs at INFO.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    corpus = [_metric_document(i, library) for i in range(len(library.metrics))]
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    retriever.index(corpus, show_progress=False)
    scores = retriever.scores
    return _Index(
        library=library,
        vocab=dict(retriever.vocab_dict),
        data=np.asarray(scores["data"], dtype=np.float64),
        indices=np.asarray(scores["indices"]),
        indptr=np.asarray(scores["indptr"]),
        vanity=np.array([m.vanity for m in library.metrics], dtype=bool),
        domains=np.array([m.domain for m in library.metrics]),
    )


_INDEXES: dict[int, _Index] = {}


def _index_for(library: MetricLibrary | None) -> _Index:
    library = library or load_library()
    # Keyed by identity: load_library() is cached, so the default library is indexed once per process.
    found = _INDEXES.get(id(library))
    if found is None or found.library is not library:
        found = _INDEXES[id(library)] = build_index(library)
    return found


def warm_up() -> None:
    """Load the library and build its index now (about a second), not on the first draft a user pastes."""
    _index_for(None)


# --- Ranking ---------------------------------------------------------------------------------------------


def _score(index: _Index, query: _Query) -> tuple[np.ndarray, list[str]]:
    """BM25 score of every metric, and the query tokens the library knows."""
    import numpy as np

    scores = np.zeros(len(index.library.metrics), dtype=np.float64)
    known: list[str] = []
    for token, weight in query.weights.items():
        col = index.column(token)
        if col is None:
            continue
        docs, values = col
        scores[docs] += weight * values
        known.append(token)
    return scores, known


def _matched(doc: int, query: _Query, index: _Index, known: list[str], exact: bool = False) -> list[str]:
    """The draft's words that scored for this metric, strongest first; a matched phrase hides its words.

    `exact` leaves out words that matched only by their first letters ("companion" for "company").
    """
    hits: list[tuple[float, str]] = []
    for token in known:
        if exact and token.startswith("~"):
            continue
        value = index.posting(token).get(doc)
        if value is not None:
            hits.append((value * query.weights[token], token))
    hits.sort(key=lambda h: (-h[0], h[1]))
    surfaces: list[str] = []
    for _, token in hits:
        for surface in query.surfaces[token]:
            folded = surface.lower()
            if any(folded in s.lower() for s in surfaces):
                continue
            surfaces = [s for s in surfaces if s.lower() not in folded]
            surfaces.append(surface)
    return surfaces[:MAX_MATCHED]


def _rank(
    weighted: Sequence[tuple[str, float]],
    lang: Lang,
    k: int,
    *,
    exclude_vanity: bool,
    distinct_families: bool,
    library: MetricLibrary | None,
    name_lang: Lang | None = None,
    domains: Collection[str] | None = None,
    leaning: Sequence[tuple[str, float]] = (),
) -> list[Suggestion]:
    import numpy as np

    index = _index_for(library)
    name_lang = name_lang or lang
    query = _query(weighted, lang)
    scores, known = _score(index, query)
    if leaning:
        # A line above the team says which of the metrics the team's words reach matters most to it: it may
        # double a metric's score, never reach a metric alone, and its words are never `matched` (no evidence).
        lean, _ = _score(index, _query(leaning, lang))
        scores += np.minimum(lean, scores)
    if exclude_vanity:
        scores[index.vanity] = 0.0
    if domains is not None:
        scores[~np.isin(index.domains, list(domains))] = 0.0
    candidates = np.flatnonzero(scores > 0)
    # Ties break on file order, so the same draft always gets the same list.
    order = sorted(candidates.tolist(), key=lambda d: (-round(float(scores[d]), 9), d))
    picked: list[Suggestion] = []
    families: set[str] = set()
    for doc in order:
        metric = index.library.metrics[doc]
        if distinct_families and metric.family in families:
            continue
        families.add(metric.family)
        picked.append(
            Suggestion(
                metric_id=metric.id,
                name=metric.name_fr if name_lang == "fr" else metric.name_en,
                direction=metric.direction,
                unit=metric.unit,
                family=metric.family,
                vanity=metric.vanity,
                score=round(float(scores[doc]), 4),
                rank=len(picked) + 1,
                matched=_matched(doc, query, index, known),
                exact=_matched(doc, query, index, known, exact=True),
            )
        )
        if len(picked) >= k:
            break
    return picked


def rank_metrics(
    texts: list[str],
    lang: Lang,
    k: int = 5,
    *,
    exclude_vanity: bool = True,
    distinct_families: bool = True,
    weights: Sequence[float] | None = None,
    library: MetricLibrary | None = None,
    domains: Collection[str] | None = None,
    leaning: Sequence[tuple[str, float]] = (),
) -> list[Suggestion]:
    """The k metrics closest to these texts (one objective's lines), best first; [] when nothing matches.

    `distinct_families` keeps at most one metric per family (a metric and its mirror make one KR);
    `weights` (one per text, default 1.0) lets context count less; `library` defaults to the shipped one;
    `domains`, when given, ranks only metrics of those domains (the draft's trades, `trades.py`);
    `leaning` (text, weight) pairs, a parent line's, reorder the metrics the texts reach (each score at most
    doubled) without reaching any alone, and their words are never in `matched` or `exact`.
    """
    if weights is not None and len(weights) != len(texts):
        raise ValueError("give one weight per text")
    weighted = list(zip(texts, weights or [1.0] * len(texts), strict=True))
    return _rank(
        weighted,
        lang,
        k,
        exclude_vanity=exclude_vanity,
        distinct_families=distinct_families,
        library=library,
        domains=domains,
        leaning=leaning,
    )


def query_texts(
    objective: str, krs: Sequence[str] = (), deliverables: Sequence[str] = (), context: Sequence[str] = ()
) -> list[tuple[str, float]]:
    """One objective's query: its own lines at full weight, the draft's context lines at less."""
    return [
        (objective, OBJECTIVE_WEIGHT),
        *((t, KR_WEIGHT) for t in krs),
        *((t, DELIVERABLE_WEIGHT) for t in deliverables),
        *((t, CONTEXT_WEIGHT) for t in context),
    ]


def suggest_metrics(
    draft: Draft | str,
    k: int = 5,
    *,
    include_vanity: bool = False,
    library: MetricLibrary | None = None,
    names: Lang | None = None,
    domains: Collection[str] | None = None,
    any_trade: bool = False,
) -> list[ObjectiveSuggestions]:
    """Per objective of the draft, its top-k outcome metrics with the words that matched; no model call.

    Words are matched in the draft's language; `names` picks the language of the metric names (default:
    the draft's), so an interface in French can show an English draft's suggestions in French. Only metrics
    of the domains the draft's trade words name are ranked (`trades.py`), unless `domains` or `any_trade`
    says otherwise.
    """
    from rewriter.parsing import parse
    from rewriter.rules import kr_verb_kind

    if isinstance(draft, str):
        draft = parse(draft)
    if domains is None and not any_trade:
        from rewriter.library.trades import trades_of

        # Only the draft's trades: a metric of another trade is never suggested, and a draft whose trade its
        # words do not name gets no suggestion rather than a guess.
        text = draft.raw or "\n".join(
            [*(o.text for o in draft.objectives), *(k.text for o in draft.objectives for k in o.key_results)]
            + [c.text for c in draft.context]
        )
        domains = set(trades_of(text))
    context = [line.text for line in draft.context]
    out: list[ObjectiveSuggestions] = []
    for i, obj in enumerate(draft.objectives):
        lines = [kr.text for kr in obj.key_results]
        deliverables = [t for t in lines if kr_verb_kind(t) == "output"]
        krs = [t for t in lines if kr_verb_kind(t) != "output"]
        weighted = query_texts(obj.text, krs, deliverables, context)
        metrics = _rank(
            weighted,
            draft.lang,
            k,
            exclude_vanity=not include_vanity,
            distinct_families=True,
            library=library,
            name_lang=names,
            domains=domains,
        )
        out.append(ObjectiveSuggestions(objective=i, text=obj.text, metrics=metrics))
    return out


_TEXT = {
    "fr": {
        "objective": "Objectif",
        "sep": " :",
        "none": "aucun indicateur trouvé dans la bibliothèque",
        "matched": "mots",
    },
    "en": {
        "objective": "Objective",
        "sep": ":",
        "none": "no metric of the library matched",
        "matched": "words",
    },
}
_DIRECTION_MARK = {"up": "↑", "down": "↓", "keep": "="}


def suggestions_text(results: Sequence[ObjectiveSuggestions], lang: Lang) -> str:
    """Plain text for a terminal: per objective, its suggestions with the words that matched."""
    text = _TEXT[lang]
    lines: list[str] = []
    for obj in results:
        lines.append(f"{text['objective']} {obj.objective + 1}{text['sep']} {obj.text or '—'}")
        if not obj.metrics:
            lines.append(f"  ({text['none']})")
        for s in obj.metrics:
            lines.append(
                f"  {s.rank}. {s.name} [{s.metric_id}, {_DIRECTION_MARK[s.direction]} {s.unit}]"
                f" — {text['matched']}{text['sep']} {', '.join(s.matched)}"
            )
    return "\n".join(lines) + "\n"
