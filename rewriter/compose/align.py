"""The align step: does a team objective say how it moves the line above the team?

A parent line (mission, North Star, company objective) is shown as "Contribue à", never rewritten. An objective
is linked to it when they share a word that says what moves (stemmed; the generic words of
`library/words/alignment.yaml` such as "améliorer", "service", "clients" prove nothing), or when one of its KRs
measures a metric the parent's own words point to. An objective nothing links is asked how it moves the
parent; the answer is the objective's `contribution`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from pathlib import Path

from rewriter import rules
from rewriter.compose.words import language_of
from rewriter.draft import DraftLine, Lang
from rewriter.library import get_metric, load_yaml
from rewriter.library.suggest import rank_metrics
from rewriter.library.trades import trades_of
from rewriter.result import Objective

_WORDS_FILE = Path(__file__).resolve().parents[1] / "library" / "words" / "alignment.yaml"
# How deep in the parent's own ranking a KR's metric links the objective, and how close to the parent's first
# metric it must score: past that, the ranking found it through a word like "avant" or "above".
PARENT_METRICS = 5
PARENT_METRIC_SHARE = 0.5
# "Objectif groupe : …", "County Strategic Plan – Goal 3: …", "Vision 2030 — …": a label this short before
# its separator names the line, it is not what the line says.
_LABEL = re.compile(r"^\s*[(*\s]*(?P<label>[^:：]{1,80}?)\s*[:：]\s*(?P<rest>\S.*)$")
_DASH_LABEL = re.compile(r"^\s*[(*\s]*(?P<label>[^—–]{1,40}?)\s+[—–-]\s+(?P<rest>\S.*)$")
LABEL_WORDS, DASH_LABEL_WORDS = 8, 4
_PLACEHOLDER = re.compile(r"\[[^\[\]]*\]")


@cache
def generic_words() -> frozenset[str]:
    """The words that link nothing (`alignment.yaml`, every group and language), folded."""
    data = load_yaml(_WORDS_FILE.read_text(encoding="utf-8"))
    words = [w for group in data["generic"].values() for part in group.values() for w in part]
    odd = [w for w in words if not isinstance(w, str)]
    if odd:
        raise ValueError(f"library/words/alignment.yaml: quote {odd}")
    return frozenset(rules.fold(w) for w in words)


@cache
def _generic_stems() -> frozenset[str]:
    return frozenset(rules.stem(w) for w in generic_words())


# `rules.stem` keeps six letters: past a few more, a word is another one ("personnalisé" is no "personnes").
INFLECTION_LETTERS = 4


def is_generic(word: str) -> bool:
    """A listed word, or one of its inflections ("services", "clientes"), not a longer word of the same stem."""
    folded = rules.fold(word)
    stem = rules.stem(word)
    return folded in generic_words() or (
        stem in _generic_stems() and len(folded) - len(stem) <= INFLECTION_LETTERS
    )


def parent_statement(line: str) -> str:
    """What a parent line says, its label left out ("Objectif groupe : doubler …" → "doubler …")."""
    text = line.strip().strip("()*").strip()
    for pattern, most in ((_LABEL, LABEL_WORDS), (_DASH_LABEL, DASH_LABEL_WORDS)):
        found = pattern.match(text)
        if found and len(found.group("label").split()) <= most:
            return found.group("rest").strip().rstrip(")*").strip()
    return text


def _stems(texts: Iterable[str]) -> set[str]:
    """Stems of the words that say what moves: no grammar word, no number, no placeholder, no generic word."""
    found: set[str] = set()
    for text in texts:
        # The "x" stands for the opening verb `content_words` leaves out: a parent may open on its noun.
        for word in rules.content_words(f"x {_PLACEHOLDER.sub(' ', text)}"):
            if len(word) >= 3 and not is_generic(word):
                found.add(rules.stem(word))
    return found


def parent_families(parent: str, lang: Lang, domains: Collection[str] | None = None) -> set[str]:
    """Families of the metrics the parent's own words point to: its top-ranked ones, through a meaningful word."""
    statement = parent_statement(parent)
    ranked = rank_metrics([statement], language_of(statement, lang), PARENT_METRICS, domains=domains)
    if not ranked:
        return set()
    top = ranked[0].score
    return {s.family for s in ranked if s.score >= PARENT_METRIC_SHARE * top and _stems(s.exact)}


def is_linked(
    parent: str,
    texts: Sequence[str],
    metric_ids: Iterable[str],
    lang: Lang,
    domains: Collection[str] | None = None,
) -> bool:
    """Whether an objective, by what it says (`texts`: its sentence, its draft line, its KRs' metrics) or by its
    KRs' library metrics, shows how it moves the parent line."""
    if _stems([parent_statement(parent)]) & _stems(texts):
        return True
    families = set()
    for metric_id in metric_ids:
        try:
            families.add(get_metric(metric_id).family)
        except KeyError:
            continue  # a metric named by a reference or a model, not one of the library's
    return bool(families) and bool(families & parent_families(parent, lang, domains))


def parent_asked(
    parents: Sequence[DraftLine],
    line: int | None,
    texts: Sequence[str],
    metric_ids: Sequence[str],
    lang: Lang,
    domains: Collection[str] | None = None,
) -> str | None:
    """The parent line an objective (at `line` of the draft) is asked about, or None when the draft has no parent
    or the objective is linked to one of them. Several parents: the nearest above the objective is asked."""
    if not parents or any(is_linked(p.text, texts, metric_ids, lang, domains) for p in parents):
        return None
    above = [p for p in parents if line is not None and p.line < line]
    return (above[-1] if above else parents[0]).text


def linked_since(objective: Objective, draft: str, lang: Lang) -> bool:
    """Whether a KR the author added since the rewrite (an offered metric, or their own) links the objective to
    the parent line it was asked about: the question then has its answer."""
    if not objective.unlinked_parent:
        return False
    texts = [kr.metric for kr in objective.key_results]
    metric_ids = [kr.metric_id for kr in objective.key_results if kr.metric_id]
    return is_linked(objective.unlinked_parent, texts, metric_ids, lang, set(trades_of(draft)) or None)
