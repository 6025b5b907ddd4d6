"""Direction of a key result: the verb's way against the metric's, mirrors and duplicates, vanity metrics."""

from __future__ import annotations

import pytest

from rewriter.analysis import direction
from rewriter.analyzer import analyze
from rewriter.draft import Lang
from rewriter.library import Metric, MetricLibrary, load_library
from rewriter.parsing import parse


def _metric(mid: str, family: str, name_fr: str, name_en: str, way: str, **extra: object) -> Metric:
    return Metric.model_validate(
        {
            "id": mid,
            "domain": "product",
            "family": family,
            "name_fr": name_fr,
            "name_en": name_en,
            "direction": way,
            "unit": "%",
            "signals_fr": ["a", "b", "c"],
            "signals_en": ["a", "b", "c"],
            "theme_fr": {"text": "l'usage", "verbs": ["Développer"]},
            "theme_en": {"text": "usage", "verbs": ["Grow"]},
            **extra,
        }
    )


LIBRARY = MetricLibrary(
    metrics=[
        _metric(
            "cart_abandonment", "checkout", "le taux d'abandon de panier", "the cart abandonment rate", "down"
        ),
        _metric(
            "checkout_completion",
            "checkout",
            "le taux de finalisation des commandes",
            "the checkout completion rate",
            "up",
        ),
        _metric(
            "weekly_active_users",
            "active_use",
            "la part des utilisateurs actifs chaque semaine",
            "the share of weekly active users",
            "up",
        ),
        _metric(
            "app_downloads",
            "installs",
            "le nombre de téléchargements de l'application",
            "the number of app downloads",
            "up",
            vanity=True,
            alternatives=["weekly_active_users", "checkout_completion"],
        ),
        _metric(
            "followers",
            "audience",
            "le nombre d'abonnés sur les réseaux sociaux",
            "the number of social media followers",
            "up",
            vanity=True,
            alternatives=["weekly_active_users"],
        ),
        _metric(
            "features_shipped",
            "output",
            "le nombre de fonctionnalités livrées",
            "the number of features shipped",
            "up",
            vanity=True,
            alternatives=["weekly_active_users"],
        ),
        _metric(
            "page_views",
            "audience_views",
            "le nombre de pages vues",
            "the number of page views",
            "up",
            vanity=True,
            alternatives=["weekly_active_users"],
        ),
    ]
)


@pytest.fixture(autouse=True)
def _library(monkeypatch: pytest.MonkeyPatch) -> None:
    """The analyzer reads this small library, so the tests do not move with metrics.yaml."""
    monkeypatch.setattr(direction, "load_library", lambda *a, **k: LIBRARY)


WRONG: list[tuple[Lang, str]] = [
    ("en", "Reduce the number of positive survey answers from 300 to 200 by end of Q2"),
    ("fr", "Augmenter la part des utilisateurs qui trouvent des erreurs de 5% à 10% d'ici fin T2"),
    ("en", "Raise the average response time from 2 h to 4 h by end of Q2"),
    ("fr", "Faire passer le taux de conversion de 4 % à 2 % d'ici fin T2"),
    ("fr", "Augmenter la part des clients qui ne consultent pas leur relevé de 20% à 40%"),
    ("fr", "Réduire le taux de résolution au premier contact de 80% à 60%"),
    ("fr", "Augmenter le temps de résolution des tickets de 2 à 4 jours"),
    ("fr", "Réduire la satisfaction des clients de 8 à 6 sur 10"),
    ("fr", "Augmenter le churn mensuel de 3% à 5%"),
    ("fr", "Doubler le nombre de bugs critiques en production"),
    ("fr", "Faire passer le délai de livraison de 2 jours à 4 jours"),
    ("fr", "Augmenter le coût d'acquisition d'un client de 40 € à 60 €"),
    ("fr", "Réduire la rétention à 30 jours de 40% à 30%"),
    ("fr", "Diminuer le NPS de 40 à 30"),
    ("fr", "Augmenter le taux d'abandon de panier de 60% à 70%"),
    ("fr", "Faire passer la part des rendez-vous non honorés de 10% à 18%"),
    ("fr", "Réduire le nombre de bugs corrigés par sprint de 10 à 5"),
    ("en", "Increase the churn rate of paying accounts from 3% to 5%"),
    ("en", "Cut the trial-to-paid conversion rate from 8% to 6%"),
    ("en", "Increase checkout error rate from 1% to 2%"),
    ("en", "Grow the number of customer complaints from 20 to 40 per month"),
    ("en", "Reduce customer satisfaction from 82% to 75%"),
    ("en", "Lower the uptime of the payment API from 99.9% to 99%"),
    ("en", "Increase late deliveries from 5% to 8%"),
    ("en", "Reduce the share of sessions with no errors from 90% to 80%"),
    ("en", "Move median time to first value from 2 days to 5 days"),
    ("en", "Take the cart abandonment rate from 60% to 75%"),
    ("en", "Increase the share of users who don't return after a week from 30% to 40%"),
    ("en", "Reduce the share of renewals completed on time from 90% to 80%"),
]

RIGHT: list[tuple[Lang, str]] = [
    ("fr", "Faire passer le délai de 5 à 3 jours"),
    ("fr", "Réduire le temps de première réponse de 14 h à 4 h"),
    ("fr", "Diviser par deux les retours produits"),
    ("fr", "Réduire la part des clients qui ne consultent pas leur relevé de 40% à 20%"),
    ("fr", "Augmenter la part des clients qui consultent leur relevé de 60% à 80%"),
    ("fr", "Augmenter le temps gagné par dossier de 2 h à 5 h"),
    ("fr", "Diminuer les faux positifs de blocage de 4% à 2%"),
    ("fr", "Faire passer la part des fraudes bloquées avant paiement de 62% à 80%"),
    ("fr", "Faire passer la part de premières paies validées sans erreur de 70% à 90%"),
    ("fr", "Augmenter la durée moyenne d'une session de lecture de 5 à 8 min"),
    ("fr", "Réduire la durée moyenne du cycle de vente de 52 à 40 jours"),
    ("fr", "Passer de 6 à 2 incidents majeurs par trimestre"),
    ("fr", "Faire passer le NPS de 32 à plus de 50 d'ici fin 2027"),
    ("fr", "Réduire la part des recrues qui partent avant la fin de la période d'essai de 20% à 10%"),
    ("fr", "Faire baisser le désabonnement mensuel de 4% à 2,5%"),
    ("fr", "Faire passer le délai moyen de remboursement de 4,2 jours à 3 jours"),
    ("fr", "Faire passer le trafic de 8 000 à 12 000 visites"),
    ("en", "Reduce the share of renewals that fail on payment from 3.5% to 2%"),
    ("en", "Increase the share of permit applications submitted complete the first time from 40% to 60%"),
    ("en", "Cut the median time from request to technician visit from 6 days to 2 days"),
    ("en", "Move the median time to first value from 2 days to 36 hours"),
    ("en", "Increase the average time spent per visit from 2 to 3 min"),
    ("en", "Reduce the number of negative reviews from 40 to 20 per month"),
    ("en", "Reduce failed card payments from 6% to 3%"),
    ("en", "Raise the self-service resolution rate from 30% to 50%"),
]

# Nobody can tell which way these should move: no verdict rather than a guess.
UNKNOWN: list[tuple[Lang, str]] = [
    ("fr", "Réduire le nombre d'appels au support pendant la première paie de 4 à 1"),
    ("fr", "Réduire la part des clients qui utilisent l'ancien portail de 60% à 20%"),
    ("fr", "Passer de la 4e à la 1re place du classement satisfaction G2"),
    ("fr", "Réduire le nombre d'écritures corrigées après clôture de 40 à 10"),
    ("fr", "Faire passer la part des tickets bloquants résolus sans réouverture de 70% à 85%"),
    ("en", "Reduce the average sales cycle from 90 to 60 days"),
    ("en", "Increase weekly active teams from 1,200 to 1,800"),
    ("en", "Improve the average response time from 4 h to 2 h"),
]


@pytest.mark.parametrize(("lang", "text"), WRONG)
def test_a_kr_moving_its_metric_the_wrong_way_is_flagged(lang: Lang, text: str) -> None:
    assert direction.kr_direction_problem(text, lang), text


@pytest.mark.parametrize(("lang", "text"), RIGHT + UNKNOWN)
def test_a_kr_moving_its_metric_the_right_way_or_an_unclear_one_is_not(lang: Lang, text: str) -> None:
    assert direction.kr_direction_problem(text, lang) is None, text


@pytest.mark.parametrize(
    ("text", "lang", "way"),
    [
        ("Augmenter le taux de conversion", "fr", "up"),
        ("Réduire le délai", "fr", "down"),
        ("Maintenir la disponibilité à 99,9%", "fr", "keep"),
        ("Améliorer le temps de réponse", "fr", "better"),
        ("Faire passer le taux de 4,2 % à 8 %", "fr", "up"),
        ("Faire passer le délai de 2 jours à 4 heures", "fr", "down"),
        ("Passer sous la barre des 2 jours", "fr", "down"),
        ("Get the NPS above 50", "en", "up"),
        ("Take churn from 5% to 3%", "en", "down"),
        ("Reach a 4.8 rating", "en", None),
        ("Halve the backlog", "en", "down"),
    ],
)
def test_verb_direction(text: str, lang: Lang, way: str | None) -> None:
    assert direction.verb_direction(text, lang) == way


@pytest.mark.parametrize(
    ("text", "lang", "way"),
    [
        ("le temps de résolution", "fr", "down"),
        ("le taux de résolution", "fr", "up"),
        ("le temps gagné", "fr", "up"),
        ("la part des clients qui ne consultent pas leur relevé", "fr", "down"),
        ("les utilisateurs qui trouvent des erreurs", "fr", "down"),
        ("the positive survey answers", "en", "up"),
        ("the average resolution time", "en", "down"),
        ("the share of users who never come back", "en", None),
        ("the cart abandonment rate", "en", "down"),  # from the library
        ("le taux de finalisation des commandes", "fr", "up"),  # from the library
    ],
)
def test_metric_direction(text: str, lang: Lang, way: str | None) -> None:
    assert direction.metric_direction(text, lang) == way


def test_the_wrong_direction_finding_quotes_the_verb_and_the_metric() -> None:
    draft = (
        "Objectif : Fidéliser les clients de l'offre Pro\n"
        "- Augmenter le churn mensuel de 3% à 5% d'ici fin T2 2027\n"
        "- Faire passer le NPS de 30 à 45 d'ici fin T2 2027"
    )
    found = [f for f in analyze(parse(draft)).findings if f.code == "kr.wrong_direction"]
    assert [(f.kr, f.severity) for f in found] == [(0, "error")]
    assert found[0].values["verb"] == "Augmenter" and found[0].values["metric"] == "le churn mensuel"
    assert "baisser" in found[0].message_fr and "go down" in found[0].message_en


# --- Same metric, mirror, or two metrics -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "a", "b"),
    [
        (
            "fr",
            "Réduire la part des clients qui ne consultent pas leur relevé de 40% à 20%",
            "Augmenter la part des clients qui consultent leur relevé de 60% à 80%",
        ),
        (
            "en",
            "Increase positive survey answers from 40% to 60%",
            "Reduce negative survey answers from 30% to 20%",
        ),
        (
            "fr",
            "Réduire les erreurs de paie de 45 à 10 par mois",
            "Augmenter la part des paies sans erreur de 80% à 95%",
        ),
        (
            "fr",
            "Réduire le taux d'abandon de panier de 70% à 60%",
            "Augmenter le taux de finalisation des commandes de 30% à 40%",
        ),
    ],
)
def test_mirror_pairs(lang: Lang, a: str, b: str) -> None:
    first, second = direction.metric_identity(a, lang), direction.metric_identity(b, lang)
    assert first.same_metric(second) and first.mirrors(second)


@pytest.mark.parametrize(
    ("lang", "a", "b"),
    [
        (
            "fr",
            "Faire passer la part des livraisons dans le créneau annoncé de 78% à 95%",
            "Réduire les colis endommagés de 2,4% à 1%",
        ),
        (
            "fr",
            "Réduire le délai de première réponse de 6 h à 1 h",
            "Faire passer le CSAT des tickets de 82% à 92%",
        ),
        (
            "fr",
            "Augmenter la part des clients qui consultent leur relevé de 60% à 80%",
            "Réduire la part des clients qui ne paient pas leur relevé de 30% à 10%",
        ),
        (
            "en",
            "Reduce late payments from 14% to 7%",
            "Increase the share of rents collected by direct debit from 25% to 50%",
        ),
        (
            "fr",
            "Réduire le taux d'abandon de panier de 70% à 60%",
            "Réduire le délai de livraison de 4 à 2 jours",
        ),
    ],
)
def test_two_different_metrics_are_not_one(lang: Lang, a: str, b: str) -> None:
    assert not direction.metric_identity(a, lang).same_metric(direction.metric_identity(b, lang))


def _codes_at(draft: str) -> set[tuple[str, int | None, str]]:
    return {(f.code, f.kr, f.values.get("other", "")) for f in analyze(parse(draft)).findings}


def test_a_mirror_kr_is_a_duplicate_error_naming_the_other_kr() -> None:
    draft = (
        "Objectif : Faire du relevé en ligne le réflexe des clients particuliers\n"
        "- Augmenter la part des clients qui consultent leur relevé en ligne de 60% à 80% d'ici fin T2 2027\n"
        "- Réduire la part des clients qui ne consultent pas leur relevé en ligne de 40% à 20% d'ici fin T2 2027"
    )
    found = _codes_at(draft)
    assert ("kr.duplicate", 1, "1") in found
    assert not any(code == "okr.redundant_krs" for code, _, _ in found)
    error = next(f for f in analyze(parse(draft)).findings if f.code == "kr.duplicate")
    assert error.severity == "error" and "1" in error.message_fr


def test_one_library_family_twice_is_a_duplicate() -> None:
    draft = (
        "Objectif : Simplifier l'achat en ligne pour les nouveaux clients\n"
        "- Réduire le taux d'abandon de panier de 70% à 60% d'ici fin T2 2027\n"
        "- Augmenter le taux de finalisation des commandes de 30% à 40% d'ici fin T2 2027"
    )
    assert ("kr.duplicate", 1, "1") in _codes_at(draft)


def test_two_different_metrics_of_one_objective_are_no_duplicate() -> None:
    draft = (
        "Objectif : Livrer à l'heure pendant le pic de décembre\n"
        "- Faire passer la part des livraisons dans le créneau annoncé de 78% à 95% d'ici fin T2 2027\n"
        "- Réduire les colis endommagés de 2,4% à 1% d'ici fin T2 2027\n"
        "- Réduire le délai de réponse du service client de 20 h à 6 h d'ici fin T2 2027"
    )
    codes = {code for code, _, _ in _codes_at(draft)}
    assert not codes & {"kr.duplicate", "okr.redundant_krs", "kr.wrong_direction"}


def test_same_words_twice_stay_a_redundancy_warning() -> None:
    draft = (
        "Objective: Improve activation of new self-serve accounts\n"
        "- Cut time to first dashboard from 20 min to 5 min by end of Q2\n"
        "- Reduce the time to reach the first dashboard from 20 min to 5 min by end of Q2"
    )
    found = _codes_at(draft)
    assert ("okr.redundant_krs", 1, "1") in found
    assert not any(code == "kr.duplicate" for code, _, _ in found)


# --- Vanity metrics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "metric_id"),
    [
        ("en", "Increase app downloads from 5,000 to 20,000 by end of Q2", "app_downloads"),
        ("fr", "Augmenter les téléchargements de l'appli de 5 000 à 20 000 d'ici fin T2", "app_downloads"),
        ("fr", "Faire passer le nombre d'abonnés sur les réseaux sociaux de 2 000 à 5 000", "followers"),
        ("en", "Grow the number of page views from 10k to 50k per month", "page_views"),
        ("fr", "Augmenter le nombre de fonctionnalités livrées de 4 à 10 par trimestre", "features_shipped"),
    ],
)
def test_vanity_metrics(lang: Lang, text: str, metric_id: str) -> None:
    found = direction.vanity_metric(text, lang)
    assert found is not None and found.metric.id == metric_id


def test_a_share_or_a_different_metric_is_no_vanity() -> None:
    assert (
        direction.vanity_metric("Augmenter la part des utilisateurs actifs chaque semaine de 20% à 30%", "fr")
        is None
    )
    assert direction.vanity_metric("Réduire le délai de téléchargement de 5 à 2 s", "fr") is None


def test_the_vanity_warning_names_the_alternatives_in_each_language() -> None:
    draft = (
        "Objective: Make the mobile app part of our customers' week\n"
        "- Increase app downloads from 5,000 to 20,000 by end of Q2 2027\n"
        "- Raise the checkout completion rate from 30% to 40% by end of Q2 2027"
    )
    vanity = [f for f in analyze(parse(draft)).findings if f.code == "kr.vanity"]
    assert [(f.kr, f.severity) for f in vanity] == [(0, "warning")]
    assert "la part des utilisateurs actifs chaque semaine" in vanity[0].suggestion_fr
    assert "the share of weekly active users" in vanity[0].suggestion_en
    assert "the checkout completion rate" in vanity[0].suggestion_en


def test_only_measured_krs_are_checked() -> None:
    # A deliverable is rewritten anyway: its words get no direction or vanity finding.
    draft = "Objectif : Lancer la v2\n- Livrer 3 fonctionnalités\n- Publier 10 articles sur le blog"
    codes = {f.code for f in analyze(parse(draft)).findings}
    assert not codes & {"kr.wrong_direction", "kr.vanity", "kr.duplicate"}


def _annotated_by_scanning_every_entry(text: str, lang: Lang) -> tuple[object, ...]:
    """What `_annotate_cached` does, the slow way: at each word, every entry of the lexicon in list order."""
    tokens = direction._tokens(text)
    entries = direction._lexicon().entries[lang]
    items = []
    i = 0
    while i < len(tokens):
        for entry in entries:
            n = len(entry.tokens)
            window = tokens[i : i + n]
            if len(window) == n and all(
                direction._matches_word(t, w, entry.prefix and k == n - 1) if k == n - 1 else t == w
                for k, (t, w) in enumerate(zip(window, entry.tokens, strict=True))
            ):
                items.append(direction._Item(entry.kind, entry.way, tuple(window)))
                i += n
                break
        else:
            items.append(direction._Item("word", None, (tokens[i],)))
            i += 1
    return tuple(items)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_lexicon_looked_up_by_first_word_reads_as_a_scan_of_every_entry(lang: Lang) -> None:
    # Each entry in the plural and as a longer word: the plural endings and the prefix entries ("*") are
    # where a lookup by first word could miss what the scan finds; then metric names and two KRs.
    words = [" ".join(e.tokens) for e in direction._lexicon().entries[lang]]
    texts = [f"{w}{end}" for w in words for end in ("", "s", "x", "es", "ment")]
    texts += [m.name_fr if lang == "fr" else m.name_en for m in load_library().metrics[::10]]
    texts += [
        "Réduire le nombre de clients qui ne renouvellent pas leur abonnement",
        "Increase the share of new merchants paid within 24 h of sign-up",
    ]
    for text in texts:
        assert direction._annotate_cached(text, lang) == _annotated_by_scanning_every_entry(text, lang), text


def test_a_kr_that_counts_reach_alone_is_flagged_and_a_rate_of_it_is_not() -> None:
    from rewriter.analysis.direction import reach_only

    assert reach_only("Reach 50k Instagram followers by Q4 2027", "en") == "followers"
    assert reach_only("Atteindre 2 M de vues sur nos vidéos d'ici juin 2027", "fr") == "vues"
    assert reach_only("Augmenter le taux de clic sur les vues de 1 % à 3 %", "fr") is None
    assert reach_only("Raise NPS from 20 to 35 by Q4 2027", "en") is None


def test_a_duration_in_two_units_compares_with_one_in_one_unit() -> None:
    from rewriter.rules import value_way

    assert value_way("17 min 30", "14 min") == "down"
    assert value_way("6 h 40", "4 h") == "down"
    assert value_way("45 min", "1 h") == "up"
