"""A library theme replaces the author's objective only when the draft tells it; otherwise the author's words stand."""

from __future__ import annotations

import pytest
from rules_engine import rules_only

from rewriter import rules
from rewriter.compose.names import measure_name
from rewriter.compose.objective import _outcome_as_said, theme_is_told
from rewriter.kr_reading import read_key_result


@pytest.mark.parametrize(
    ("theme", "raw", "told"),
    [
        (
            "Améliorer l'expérience des voyageurs à l'hôtel",
            "OBJ 2 Avis clients\n- note Google 4,1 → 4,5",
            False,
        ),
        ("Préserver la santé au travail", "Réduire le décrochage en 1re année de CAP", False),
        ("Accélérer l'indemnisation des assurés", "Indemniser les petits sinistres plus vite", True),
        ("Improve baggage handling", "Baggage\n- mishandled bags per 1,000 pax: 4.8", True),
    ],
)
def test_a_theme_is_told_when_the_draft_says_one_of_its_words(theme: str, raw: str, told: bool) -> None:
    assert theme_is_told(theme, raw) is told


def test_a_sound_objective_with_a_class_ordinal_is_kept_not_replaced_by_another_trade_s_theme() -> None:
    result = rules_only(
        "Objectif : Réduire le décrochage en 1re année de CAP\n"
        "- Passer le taux d'absentéisme en 1re année de 16 % à 10 %\n"
        "- Mettre en place un tutorat par un élève de 2de\n"
    )
    objective = result.objectives[0]
    assert objective.sentence == "Réduire le décrochage en 1re année de CAP"
    assert objective.key_results[0].draft_text == "Passer le taux d'absentéisme en 1re année de 16 % à 10 %"


def test_a_topic_named_as_a_noun_is_improved_in_the_author_s_words() -> None:
    result = rules_only("Gîte Les Tilleuls – saison 2027\nOBJ 1 Avis clients\n- note Google de 4,1 à 4,5\n")
    assert result.objectives[0].sentence == "Améliorer les avis clients"
    assert result.objectives[0].key_results[0].baseline == "4,1"


@pytest.mark.parametrize(
    ("text", "lang", "worded"),
    [
        ("Sécurité des équipes", "fr", "Améliorer la sécurité des équipes"),
        ("Suivi des diabétiques", "fr", "Améliorer le suivi des diabétiques"),
        ("On-time performance", "en", "Improve on-time performance"),
        ("What we want is no missed visits at all", "en", "Ensure no missed visits at all"),
        ("We'd also like carers to stay longer", "en", "Ensure carers stay longer"),
    ],
)
def test_a_topic_or_a_wish_is_worded_as_an_objective(text: str, lang: str, worded: str) -> None:
    assert _outcome_as_said(text, lang) == worded  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Livrer plus vite les colis aux adhérents", None),
        ("Sortir tous les trams à l'heure le matin", None),
        ("Hire care workers faster", None),
        ("Ship the v2 on time", "feature"),
        ("Lancer la v2", "feature"),
    ],
)
def test_the_way_a_recurring_work_is_done_is_an_aim_not_a_delivery(text: str, kind: str | None) -> None:
    assert rules.objective_task_kind(text) == kind


def test_a_share_within_a_delay_is_the_share_of_the_things_counted() -> None:
    assert (
        measure_name("la réponse aux e-mails sous 48 h pour les tickets", "fr", "%")
        == "la part des tickets avec réponse aux e-mails sous 48 h"
    )
    assert (
        measure_name("callback within 1 hour for scam reports", "en", "%")
        == "the share of scam reports with callback within 1 hour"
    )
    # No delay: no share to build.
    assert measure_name("réponse pour les tickets", "fr", "%") != "la part des tickets avec réponse"


def test_a_share_within_a_delay_goes_up_whatever_its_words_say_of_delays() -> None:
    result = rules_only(
        "Objectif : Rappeler plus vite les usagers\n- Délai de rappel sous 48 h pour 90 % des demandes\n"
    )
    kr = result.objectives[0].key_results[0]
    assert kr.metric == "la part des demandes avec délai de rappel sous 48 h"
    assert kr.target == "90"
    assert kr.verb in ("Augmenter", "Porter")


def test_a_demonstrative_under_an_objective_with_no_figure_points_to_nothing() -> None:
    result = rules_only("Objectif : Livrer plus vite les repas\n- Ramener ce délai à 2 jours au lieu de 5\n")
    objective = result.objectives[0]
    assert objective.sentence == "Livrer plus vite les repas"
    assert objective.key_results[0].draft_text == "Ramener ce délai à 2 jours au lieu de 5"


@pytest.mark.parametrize(
    ("line", "metric", "baseline", "target"),
    [
        ("Réduire le délai à 10 jours au lieu de 23", "le délai", "23", "10"),
        ("Cut the wait to 5 minutes instead of 12", "the wait", "12", "5"),
    ],
)
def test_a_start_said_after_instead_of_leaves_the_metric_clean(
    line: str, metric: str, baseline: str, target: str
) -> None:
    read = read_key_result(line)
    assert (read.metric, read.baseline, read.target) == (metric, baseline, target)


def test_a_figure_of_others_given_to_compare_is_shown_in_the_context_not_lost() -> None:
    result = rules_only(
        "Greffe — T1 2027\n"
        "Objectif : Délivrer plus vite les copies\n"
        "- Délai moyen de délivrance : 21 j aujourd'hui, cible 8 j (contre 12 j chez nos voisins de Vierzon)\n"
    )
    kr = result.objectives[0].key_results[0]
    assert (kr.baseline, kr.target, kr.unit) == ("21", "8", "j")
    assert result.context == ["contre 12 j chez nos voisins de Vierzon"]
    assert result.numbers_dropped == []


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("8am phone queue: average wait", "average wait (8am phone queue)"),
        ("passenger Assist: every booked assistance met", "passenger Assist (every booked assistance met)"),
        ("illegal campfires found on patrol: from roughly a summer", "illegal campfires found on patrol"),
        ("late starts after 08:30", "late starts after 08:30"),
    ],
)
def test_a_metric_s_heading_keeps_no_colon(name: str, shown: str) -> None:
    assert measure_name(name, "en") == shown


def test_a_theme_whose_object_the_draft_never_names_does_not_replace_the_objective() -> None:
    result = rules_only(
        "Oakwood Medical Practice – Q3 2027\n"
        "Access\n"
        "- 8am phone queue: average wait 21 min → under 6 min\n"
        "- % of patients who'd recommend us (FFT) up to 88%\n"
    )
    text = " ".join(o.sentence for o in result.objectives).lower()
    assert "dental" not in text and "medication" not in text


def test_a_fact_is_no_start_of_a_metric_whose_object_the_draft_never_names() -> None:
    result = rules_only(
        "Communauté de communes — service urbanisme\n"
        "Objectif : Dématérialiser l'instruction des permis de construire\n"
        "- Ouvrir le guichet numérique des autorisations\n"
        "Délai moyen d'instruction 3,5 mois\n"
    )
    shown = " ".join(k.sentence for o in result.objectives for k in o.key_results)
    assert "séjour" not in shown


def test_reviews_are_measured_by_their_rating_and_a_numbered_place_heads_its_measure() -> None:
    assert measure_name("Avis Google", "fr") == "la note des avis Google"
    assert (
        measure_name("Ligne 3 : arrêts non planifiés", "fr") == "le nombre d'arrêts non planifiés (ligne 3)"
    )


def test_a_figure_left_after_a_heading_stays_in_sight() -> None:
    assert measure_name("délai avant l'entrée : entre et 4 semaines", "fr").endswith("(entre et 4 semaines)")


@pytest.mark.parametrize(
    ("draft", "objective"),
    [
        (
            "Programme Crédit Solidaire – OKR 2028\nObjectif : Les emprunteuses remboursent sans s'endetter ailleurs\n"
            "KR1 : Faire baisser le portefeuille à risque à 30 jours (PAR30) de 8,5 % à 4 %\n"
            "KR2 : Augmenter la part des emprunteuses qui renouvellent leur prêt de 52 % à 70 %",
            "Faire en sorte que les emprunteuses remboursent sans s'endetter ailleurs",
        ),
        (
            "Our objective for Q1 2028 is that nobody who walks into the drop-in leaves without a next step on their "
            "asylum case. Waiting time for a first appointment should drop from 5 weeks to 2 weeks.",
            "Make sure nobody who walks into the drop-in leaves without a next step on their asylum case",
        ),
    ],
)
def test_an_aim_said_as_a_state_keeps_the_author_s_words_over_another_aim_s_theme(
    draft: str, objective: str
) -> None:
    assert rules_only(draft).objectives[0].sentence == objective
