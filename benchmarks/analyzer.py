"""Analyzer speed, and the measurement behind "no spaCy": accuracy and start-up cost of both approaches.

Usage: python benchmarks/analyzer.py [--runs 200]

Prints the import time of the analyzer (its one-off load: lexicons and regexes), the median time to
parse and analyse a 3-objective, 9-KR draft after warm-up, and, when spaCy and fr_core_news_sm are
importable (extra `nlp`), their load time and how well each approach tells a French infinitive opening
an objective or KR from a noun ("Réduire…" vs "Réduction…").
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DRAFT = """OKR équipe Activation – T2 2027
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
"""

# Openers of French objectives and KRs, with whether they are infinitives: the decision spaCy was meant
# to help with. Verbs rare in the lexicon and -er/-re nouns are included on purpose.
OPENERS: list[tuple[str, bool]] = [
    ("Réduire le churn mensuel", True),
    ("Accroître la satisfaction", True),
    ("Atteindre un NPS de 50", True),
    ("Obtenir une note de 4,8", True),
    ("Convertir les essais", True),
    ("Fidéliser les restaurants", True),
    ("Permettre aux patients de suivre", True),
    ("Faire passer le taux", True),
    ("Rendre les agences autonomes", True),
    ("Devenir la référence", True),
    ("Conquérir le segment ETI", True),
    ("Maintenir la disponibilité", True),
    ("Séduire les jeunes actifs", True),
    ("Offrir une expérience fluide", True),
    ("Bâtir une communauté", True),
    ("Élargir la base clients", True),
    ("Promouvoir l'offre", True),
    ("Résoudre les tickets", True),
    ("Satisfaire les clients", True),
    ("Recueillir 200 avis", True),
    ("Diminuer les retours", True),
    ("Simplifier la déclaration", True),
    ("Préserver la qualité", True),
    ("Garder le taux", True),
    ("Conduire 20 entretiens", True),
    ("Produire 10 vidéos", True),
    ("Parvenir à 1 000 clients", True),
    ("Ouvrir 3 marchés", True),
    ("Couvrir 80% du territoire", True),
    ("Accueillir 500 visiteurs", True),
    ("Dématérialiser les services", True),
    ("Optimiser l'espace client", True),
    ("Gagner 20% de satisfaction", True),
    ("Générer 40 demandes", True),
    ("Délivrer une analyse", True),
    ("Présenter les insights", True),
    ("Mieux servir les PME", True),
    ("S'imposer comme leader", True),
    ("Entreprendre la refonte", True),
    ("Vendre 300 abonnements", True),
    ("Amélioration de l'onboarding", False),
    ("Nouvelle version du site", False),
    ("Refonte du site vitrine", False),
    ("Croissance du chiffre d'affaires", False),
    ("Taux de conversion : 3%", False),
    ("Nombre de clients actifs", False),
    ("Premier parcours mobile", False),
    ("Dernier trimestre réussi", False),
    ("Chiffre d'affaires de 2 M€", False),
    ("Offre Entreprise lancée", False),
    ("Centre d'aide complet", False),
    ("Membre actif par mois", False),
    ("Notre application mobile", False),
    ("Autre canal de vente", False),
    ("Ordre de priorité", False),
    ("Panier moyen de 45 €", False),
    ("Dossier complet", False),
    ("Lancement de la v2", False),
    ("Mise en production du module", False),
    ("Déploiement du CRM", False),
    ("Augmentation du NPS", False),
    ("Satisfaction client", False),
    ("Objectif ambitieux", False),
    ("Réduction des coûts", False),
    ("Le délai moyen est de 10 minutes", False),
    ("Win rate : +8 points", False),
]


def bench_analyzer(runs: int) -> None:
    start = time.perf_counter()
    from rewriter.analyzer import analyze
    from rewriter.parsing import parse

    load_ms = (time.perf_counter() - start) * 1000
    for _ in range(20):  # warm-up: caches, lazy imports
        analyze(parse(DRAFT))
    draft = parse(DRAFT)
    assert len(draft.objectives) == 3 and draft.key_result_count == 9, draft
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        analyze(parse(DRAFT))
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"analyzer import (load) time: {load_ms:.0f} ms (includes rewriter package imports)")
    print(
        f"parse + analyze, 3 objectives / 9 KRs: median {statistics.median(timings):.2f} ms, "
        f"p95 {sorted(timings)[int(0.95 * len(timings))]:.2f} ms over {runs} runs"
    )


def lexicon_opener_accuracy() -> float:
    from rewriter import rules

    hits = sum(rules.is_infinitive(rules.leading_verb(text), "fr") == label for text, label in OPENERS)
    return hits / len(OPENERS)


def bench_spacy() -> None:
    try:
        t0 = time.perf_counter()
        import spacy

        nlp = spacy.load("fr_core_news_sm")
        load_ms = (time.perf_counter() - t0) * 1000
    except (ImportError, OSError) as exc:
        print(f"spaCy not measured ({exc.__class__.__name__}: install the `nlp` extra to compare)")
        return
    from rewriter import rules

    def spacy_says(text: str) -> bool:
        doc = nlp(text)
        token = next(t for t in doc if t.is_alpha and t.lower_ not in {"mieux", "s", "se"})
        return "Inf" in token.morph.get("VerbForm") or (
            token.pos_ == "VERB" and token.lemma_.lower() == token.lower_
        )

    def combined(text: str) -> bool:
        # spaCy's tag first, the lexicon's answer when spaCy calls a sentence-initial infinitive a noun.
        return spacy_says(text) or rules.is_infinitive(rules.leading_verb(text), "fr")

    spacy_acc = sum(spacy_says(t) == label for t, label in OPENERS) / len(OPENERS)
    combined_acc = sum(combined(t) == label for t, label in OPENERS) / len(OPENERS)
    nlp("Réduire le churn")  # warm-up
    t1 = time.perf_counter()
    for _ in range(20):
        for line in DRAFT.splitlines():
            nlp(line)
    per_draft = (time.perf_counter() - t1) * 1000 / 20
    print(
        f"spaCy fr_core_news_sm load time: {load_ms:.0f} ms; tagging the benchmark draft: {per_draft:.1f} ms"
    )
    print(f"French opener accuracy — spaCy alone: {spacy_acc:.3f}, spaCy or lexicon: {combined_acc:.3f}")


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 200
    bench_analyzer(runs)
    print(
        f"French opener accuracy — lexicon + morphology (used): {lexicon_opener_accuracy():.3f} over {len(OPENERS)} openers"
    )
    bench_spacy()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
