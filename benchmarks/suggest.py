"""Metric suggestion speed and retrieval quality.

Usage: python benchmarks/suggest.py [--runs 200] [--fold before|after]

Prints the one-off cost (library load and BM25 index build), then the median and p90 time of
`suggest_metrics` on a few 3-objective drafts (parsing included) after a warm-up, then Recall@5 and MRR on
the dev set (tests/data/metric_suggest_dev.jsonl, the one tuned on) and on the labelled set
(evals/metric_retrieval/objectives.jsonl) when it exists, then where accents are best folded: for each
mode, how many accented library words an unaccented draft still meets, how many inflection pairs meet,
and the dev set's Recall@5 with every accent removed. `--fold` sets the mode the timings use.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DRAFTS = [
    """OKR équipe Activation – T2 2027
Aujourd'hui 40% des nouveaux comptes terminent l'onboarding.
Objectif 1 : Améliorer l'activation des nouveaux comptes PME
- Faire passer le taux d'onboarding complété de 40% à 60%
- Réduire le temps pour atteindre la première valeur de 3 min à 90 s
- Livrer le nouveau parcours d'accueil
Objectif 2 : Lancer la v2 de l'application mobile
- Mettre en production le mode hors-ligne
- Avoir 10 000 utilisateurs actifs
- Maintenir la note de l'app au-dessus de 4,5
Objectif 3 : Fidéliser les clients ETI du secteur industriel
- Réduire le churn mensuel de 3% à 2%
- Augmenter le NPS
- Réduire les coûts d'hébergement de 20%
""",
    """Objectif : Réduire l'abandon des paniers sur mobile
KR : Lancer le paiement en un clic
KR : Relancer les paniers abandonnés par e-mail
Objectif : Accélérer l'intégration des nouvelles recrues
KR : Refondre le parcours d'onboarding RH
KR : Réduire le délai avant la première contribution
Objectif : Fiabiliser la plateforme
KR : Réduire le nombre d'incidents en production
KR : Passer les déploiements en continu
""",
    """Q3 2026 — Growth team
Context: trial users rarely invite teammates.
Objective 1: Turn more trials into paying customers
- Ship the new pricing page
- Increase trial-to-paid conversion from 8% to 12%
Objective 2: Make support faster
- Cut first response time on tickets
- Launch the help center chatbot
Objective 3: Grow the developer community around our API
- Publish SDKs for Python and Go
- Reduce time to first API call
""",
]


def timings(runs: int) -> tuple[float, float]:
    from rewriter.library.suggest import suggest_metrics

    for draft in DRAFTS:  # warm-up: stem cache, parsing regexes, numpy paths
        suggest_metrics(draft)
    samples: list[float] = []
    for i in range(runs):
        draft = DRAFTS[i % len(DRAFTS)]
        start = time.perf_counter()
        suggest_metrics(draft)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.9 * (len(samples) - 1))]


# Inflections a French draft writes differently from the library (feminine, plural, participle).
PAIRS = [
    ("employée", "employés"),
    ("intégrée", "intégré"),
    ("créées", "créé"),
    ("réduite", "réduit"),
    ("délais", "délai"),
    ("sécurités", "sécurité"),
    ("abonnées", "abonnés"),
    ("livrées", "livré"),
]


def _bare(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold_modes(dev: Path) -> None:
    """Compare where accents are folded on the library's own French words and on the dev set."""
    from rewriter.library import load_library, suggest
    from rewriter.library.retrieval_eval import evaluate, load_cases

    library = load_library()
    words = {
        w.lower
        for m in library.metrics
        for phrase in [*m.signals_fr, m.name_fr, m.theme_fr.text]
        for w in suggest._content_words(phrase)
    }
    accented = sorted(w for w in words if _bare(w) != w)
    cases = load_cases(dev) if dev.is_file() else []
    bare_cases = [
        c.model_copy(
            update={
                "objective": _bare(c.objective),
                "krs": [_bare(t) for t in c.krs],
                "deliverables": [_bare(t) for t in c.deliverables],
                "context": [_bare(t) for t in c.context],
            }
        )
        for c in cases
    ]
    saved = suggest.FOLD
    for mode in ("before", "after", "both"):
        suggest.FOLD = mode
        suggest._stem.cache_clear()
        suggest._INDEXES.clear()
        met = sum(suggest._stem(_bare(w), "fr") in suggest._doc_stems(w, "fr") for w in accented)
        pairs = sum(suggest._stem(a, "fr") in suggest._doc_stems(b, "fr") for a, b in PAIRS)
        line = f"fold {mode:6}: unaccented draft meets {met}/{len(accented)} accented library words, "
        line += f"inflection pairs {pairs}/{len(PAIRS)}"
        if bare_cases:
            score = evaluate(bare_cases)
            line += f", dev set without accents Recall@5 {score.recall_at_5:.3f} MRR {score.mrr:.3f}"
        print(line)
    suggest.FOLD = saved
    suggest._stem.cache_clear()
    suggest._INDEXES.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--fold", choices=["before", "after", "both"], help="where accents are folded (default: module's)"
    )
    args = parser.parse_args()

    from rewriter.library import load_library, suggest
    from rewriter.library.retrieval_eval import evaluate, labelled_path, load_cases, report

    if args.fold:
        suggest.FOLD = args.fold
    start = time.perf_counter()
    library = load_library()
    loaded = time.perf_counter()
    suggest.build_index(library)
    built = time.perf_counter()
    print(
        f"library: {len(library.metrics)} metrics, load {1000 * (loaded - start):.1f} ms, "
        f"index build {1000 * (built - loaded):.1f} ms (once per process); fold accents {suggest.FOLD} stemming"
    )
    median, p90 = timings(args.runs)
    print(
        f"suggest_metrics, 3-objective drafts (parse included), {args.runs} runs: "
        f"median {median:.2f} ms, p90 {p90:.2f} ms"
    )

    dev = ROOT / "tests" / "data" / "metric_suggest_dev.jsonl"
    for name, path in (("dev set", dev), ("labelled set", labelled_path())):
        if path.is_file():
            print(report(evaluate(load_cases(path)), f"{name} ({path.relative_to(ROOT)})"))
        else:
            print(f"{name}: {path.relative_to(ROOT)} does not exist yet")
    if not args.fold:
        fold_modes(dev)


if __name__ == "__main__":
    main()
