"""An outcome said in the author's words is worded in the method's form, never replaced by a guessed theme."""

from __future__ import annotations

import pytest
from rules_engine import rules_only

from rewriter.analysis.soundness import is_sound_objective
from rewriter.analysis.wording import objective_form_problem
from rewriter.compose.objective import _outcome_as_said
from rewriter.reading.rows import section


@pytest.mark.parametrize("row", section("outcome"), ids=lambda r: r.id)
def test_every_outcome_row_words_its_examples_in_the_method_s_form(row) -> None:  # type: ignore[no-untyped-def]
    for example in row.examples:
        lang = next(iter(row.wording))
        worded = _outcome_as_said(example.text, lang)  # type: ignore[arg-type]
        assert worded is not None, (row.id, example.text)
        assert objective_form_problem(worded, lang) is None  # type: ignore[arg-type]
        # The author's words are all there.
        for group in ("rest", "who", "what"):
            if group in example.groups:
                assert example.groups[group].lower() in worded.lower()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Refonte du portail des usagers", "fr"),
        ("Lancer la nouvelle appli", "fr"),
        ("Roll out the new CRM", "en"),
        ("Riverside Lodge Care Home", "en"),
        ("Accès", "fr"),
    ],
)
def test_a_delivery_a_title_or_a_single_word_is_no_outcome_said(text: str, lang: str) -> None:
    assert _outcome_as_said(text, lang) is None  # type: ignore[arg-type]


def test_a_state_of_things_keeps_the_author_s_words_as_the_objective() -> None:
    draft = (
        "Objectif : Les usagers obtiennent un rendez-vous en moins d'une semaine\n"
        "- Ouvrir la prise de rendez-vous en ligne\n"
        "- Faire passer le délai moyen d'obtention d'un rendez-vous de 19 à 7 jours\n"
    )
    objective = rules_only(draft).objectives[0]
    assert objective.sentence == (
        "Faire en sorte que les usagers obtiennent un rendez-vous en moins d'une semaine"
    )


def test_an_english_aim_written_as_a_statement_is_kept_in_an_infinitive() -> None:
    draft = (
        "Objective: Every caller gets an answer the first time\n"
        "KR1: Raise first-call resolution from 61% to 75%\n"
        "KR2: Cut repeat calls within 7 days from 2,400 to 1,500 a month\n"
    )
    objective = rules_only(draft).objectives[0]
    assert objective.sentence == "Ensure every caller gets an answer the first time"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Rompre l'isolement des seniors du quartier", "fr"),
        ("Pourvoir les postes infirmiers vacants", "fr"),
        ("Accompagner les étudiants de L1 en difficulté", "fr"),
        ("Fiabiliser le parc de 1 250 ascenseurs", "fr"),
        ("Decide civil legal aid applications faster", "en"),
        ("Fight fraud without hurting honest customers", "en"),
        ("Keep more prepaid customers after their first 90 days", "en"),
        ("Garder nos jeunes au club après 14 ans", "fr"),
        ("Réussir le permis du premier coup", "fr"),
    ],
)
def test_an_objective_with_a_rarer_verb_a_name_number_or_a_scope_is_sound(text: str, lang: str) -> None:
    assert is_sound_objective(text, lang)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Atteindre 10 000 adhérents", "fr"),
        ("Take-up rate in areas live: 24%", "en"),
        ("Follow-up visits", "en"),
    ],
)
def test_a_target_number_or_a_phrasal_noun_still_makes_no_sound_objective(text: str, lang: str) -> None:
    assert not is_sound_objective(text, lang)  # type: ignore[arg-type]


def test_the_author_s_objective_with_a_rarer_verb_is_kept() -> None:
    result = rules_only(
        "Objective 1 – Decide civil legal aid applications faster\n"
        "• Average processing time for civil applications: 27 working days → 15 working days\n"
        "• Publish a plain-English evidence checklist\n"
    )
    assert result.objectives[0].sentence.startswith("Decide civil legal aid applications faster")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Recruter et fidéliser les donneurs", "fr"),
        ("Réduire l'empreinte carbone du four 2", "fr"),
        ("Make sure every pet that needs a follow-up actually gets one", "en"),
    ],
)
def test_outside_people_to_recruit_a_unit_s_number_or_make_sure_keep_an_objective_sound(
    text: str, lang: str
) -> None:
    assert is_sound_objective(text, lang)  # type: ignore[arg-type]


def test_recruiting_staff_is_still_a_project() -> None:
    assert not is_sound_objective("Recruter les infirmiers de nuit", "fr")


@pytest.mark.parametrize(
    ("text", "worded"),
    [
        ("Players come back after day 1", "Ensure players come back after day 1"),
        ("Shorter queues, safer slopes", "Ensure shorter queues, safer slopes"),
    ],
)
def test_a_state_or_a_quality_said_without_a_verb_is_worded_not_replaced(text: str, worded: str) -> None:
    assert _outcome_as_said(text, "en") == worded


def test_lettered_objectives_a_mass_noun_aim_and_a_neutral_kr_give_objectives_in_the_author_s_words() -> None:
    result = rules_only(
        "Objectif A — Stages et alternance\n"
        "  📈 Faire passer le nombre d'apprentis en terminale de 18 à 40\n"
        "Objectif B — Moins de décrochage en seconde\n"
        "  - Élèves sortis sans solution en cours de 2nde : de 23 à 10\n"
    )
    sentences = [o.sentence for o in result.objectives]
    assert len(sentences) == 2
    assert "Objectif" not in sentences[0] and not sentences[0].startswith("[")
    assert sentences[1].startswith("Réduire le décrochage en seconde")


def test_a_backlog_to_bring_under_control_is_an_aim_not_a_deliverable() -> None:
    assert is_sound_objective("Get the backlog under control for good", "en")
    assert not is_sound_objective("Ship the backlog", "en")


def test_a_season_s_end_year_is_the_draft_s_own_deadline_not_an_invented_number() -> None:
    result = rules_only(
        "⚽ Academy OKRs – 2026/27 season\n"
        "🎯 Objective: More of our own players make the first-team squad\n"
        "📈 Academy graduates with 5+ first-team appearances: from 2 to 5\n"
    )
    assert result.numbers_replaced == []
    assert result.objectives[0].sentence == "Ensure more of our own players make the first-team squad"
    assert result.objectives[0].key_results[0].deadline == "end of 2027"


def test_a_season_label_an_age_group_and_today_s_level_in_brackets_keep_the_author_s_draft() -> None:
    result = rules_only(
        "Objectif saison 2026-2027 : Faire grandir l'école de hand\n"
        "KR1 : 120 licenciés chez les moins de 13 ans (on est à 84)\n"
        "KR2 : Ouvrir un créneau baby-hand le samedi matin\n"
    )
    assert result.objectives[0].sentence == "Faire grandir l'école de hand"
    kr = result.objectives[0].key_results[0]
    assert (kr.baseline, kr.target) == ("84", "120")
    assert is_sound_objective("Ouvrir plus de comptes pour les 18-30 ans", "fr")


@pytest.mark.parametrize(
    ("text", "worded"),
    [
        ("Déchèteries plus fluides", "Rendre les déchèteries plus fluides"),
        ("Onboarding plus rapide", "Rendre l'onboarding plus rapide"),
        ("Parcours patient plus simple", "Rendre le parcours patient plus simple"),
        ("Sortie de maternité sans rupture", "Assurer la sortie de maternité sans rupture"),
        # Who is counted keeps its numbers.
        (
            "Plus de jeunes de 16-25 ans sortis en emploi durable",
            "Augmenter le nombre de jeunes de 16-25 ans sortis en emploi durable",
        ),
    ],
)
def test_a_thing_and_how_it_must_become_is_worded_with_its_article(text: str, worded: str) -> None:
    assert _outcome_as_said(text, "fr") == worded


def test_an_aim_for_everyone_stands_and_its_segment_is_asked() -> None:
    assert _outcome_as_said("Stations that work for everyone", "en") == "Ensure stations work for everyone"
    assert _outcome_as_said("A greener drying operation", "en") == "Ensure a greener drying operation"
