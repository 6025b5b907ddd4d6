"""Alignment (issue 24, part 5): the parent line leans the ranking, never makes a KR, and an objective nothing
links to it gets one question, whose answer is shown under the objective.

The drafts are invented for these tests, from trades the engine's other tests do not use for this.
"""

from __future__ import annotations

import csv
import io

import pytest

from rewriter import FakeModel, rewrite
from rewriter.api_params import FIELDS, answers
from rewriter.compose.align import is_linked, parent_statement
from rewriter.compose.ground import candidates_for
from rewriter.compose.plan import objectives_of, plan_of
from rewriter.export import result_rows, results_to_csv
from rewriter.parsing import parse
from rewriter.result import RewriteResult

# A support team's roadmap: its words reach the first-response time first, the satisfaction after contact second.
SUPPORT_TEAM = (
    "Équipe Service client — T2 2027\n"
    "Objectif : Réorganiser le support client\n"
    "- Mettre en place des réponses types\n"
    "- Former les conseillers au ton des réponses"
)
SATISFIED_PARENT = "Objectif groupe : 90 % de clients satisfaits après chaque contact"
# Names a measure of the support trade that the team's own lines never name.
ABANDONED_CALLS_PARENT = (
    "Objectif groupe : diviser par deux les appels abandonnés et l'attente téléphonique au centre d'appels"
)

# Sound drafts kept as written (no model call), each under a parent they share nothing with.
BANK_PARENT = "Objectif groupe : devenir la banque préférée des jeunes actifs"
BANK_OBJECTIVE = "Fiabiliser la clôture des comptes pour le contrôle de gestion"
FR_UNLINKED = (
    f"{BANK_PARENT}\n"
    "Équipe Comptabilité — T3 2027\n"
    f"Objectif : {BANK_OBJECTIVE}\n"
    "- Réduire le délai de clôture mensuelle de 9 à 5 jours ouvrés d'ici fin T3 2027\n"
    "- Réduire le nombre d'écritures corrigées après clôture de 40 à 10 par mois d'ici fin T3 2027"
)
LIBRARY_MISSION = "Mission: make every neighbourhood library a place people love to visit"
PAYROLL_OBJECTIVE = "Get payroll right first time for hourly staff"
PAYROLL_LINES = (
    f"Objective: {PAYROLL_OBJECTIVE}\n"
    "- Cut payroll errors from 3% to 0.5% of payslips by end of Q2 2027\n"
    "- Reduce payroll queries from 120 to 40 per month by end of Q2 2027"
)
EN_UNLINKED = f"{LIBRARY_MISSION}\n{PAYROLL_LINES}"
FOOD_WASTE = (
    "Company objective: halve food waste across our kitchens\n"
    "Objective: Cut food waste in the staff canteen\n"
    "- Reduce plate waste from 120 g to 80 g per meal by end of Q2 2027\n"
    "- Raise the share of meals booked in advance from 40% to 70% by end of Q2 2027"
)


def _candidates(draft: str) -> list[str]:
    parsed = parse(draft)
    [source] = objectives_of(parsed, parsed.lang)
    return [c.metric_id for c in candidates_for(plan_of(source), parsed, parsed.lang)]


def _no_model(draft: str) -> tuple[RewriteResult, FakeModel]:
    fake = FakeModel()
    return rewrite(draft, model=fake), fake


# ---- 1. The ranking leans towards the parent's metric ------------------------------------------------------


def test_the_parent_ranks_the_metric_it_names_first_among_those_the_team_reaches() -> None:
    alone = _candidates(SUPPORT_TEAM)
    assert alone.index("support_first_response_time") < alone.index("support_csat")
    under = _candidates(f"{SATISFIED_PARENT}\n{SUPPORT_TEAM}")
    assert under[0] == "support_csat"
    # The same metrics, in another order: the parent reaches none on its own.
    assert set(under) == set(alone)


def test_the_offered_metrics_follow_the_parent() -> None:
    # The chips are offered in the ranking's order, which the parent leads (test above); a chip needs a phrase of
    # the draft or four of its words, so the team's lines here name the satisfaction they work on.
    team = SUPPORT_TEAM.replace("au ton des réponses", "à la relation client")
    for draft in (team, f"{SATISFIED_PARENT}\n{team}"):
        result, _ = _no_model(draft)
        offered = [c.metric_id for c in result.objectives[0].candidates]
        ranked = [m for m in _candidates(draft) if m in offered]
        assert offered and offered == ranked
    under, _ = _no_model(f"{SATISFIED_PARENT}\n{team}")
    assert under.objectives[0].candidates[0].metric_id == "support_csat"


def test_the_parents_words_are_never_evidence_for_a_metric() -> None:
    parsed = parse(f"{SATISFIED_PARENT}\n{SUPPORT_TEAM}")
    [source] = objectives_of(parsed, parsed.lang)
    for found in candidates_for(plan_of(source), parsed, parsed.lang):
        shown = " ".join(found.matched + found.exact).lower()
        assert "satisfaits" not in shown and "contact" not in shown, found


def test_a_metric_only_the_parent_names_is_never_a_kr_nor_offered() -> None:
    result, fake = _no_model(f"{ABANDONED_CALLS_PARENT}\n{SUPPORT_TEAM}")
    [objective] = result.objectives
    assert "support_abandoned_call_rate" not in {kr.metric_id for kr in objective.key_results}
    assert "support_abandoned_call_rate" not in {c.metric_id for c in objective.candidates}
    assert fake.history == []


def test_a_team_objective_never_copies_the_parent() -> None:
    for draft in (f"{SATISFIED_PARENT}\n{SUPPORT_TEAM}", FR_UNLINKED, EN_UNLINKED):
        result, _ = _no_model(draft)
        parent = parent_statement(result.parents[0]).lower()
        for objective in result.objectives:
            assert parent not in objective.sentence.lower()
            assert all(parent not in kr.sentence.lower() for kr in objective.key_results)
    # A draft with key results and no objective line: its objective comes from its lines, not from the parent.
    headless, _ = _no_model(f"{BANK_PARENT}\n- Réduire le délai de clôture mensuelle de 9 à 5 jours ouvrés")
    assert "banque" not in headless.objectives[0].sentence.lower()


# ---- 2. The link test ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "texts", "lang"),
    [
        # A shared word, whatever its form (vélos / vélo).
        (
            "Objectif groupe : doubler les trajets à vélo en ville d'ici 2028",
            ["Ouvrir deux ateliers de réparation de vélos"],
            "fr",
        ),
        (
            "Objectif de la direction : zéro accident grave sur les chantiers",
            ["Réduire les accidents de manutention au dépôt de Lyon"],
            "fr",
        ),
        (
            "Company objective: halve food waste across our kitchens",
            ["Cut food waste in the staff canteen"],
            "en",
        ),
        # Through a key result's metric, not the objective's sentence.
        (
            "Trust objective: no patient waits over four hours in A&E",
            ["Rebuild the discharge lounge", "the median wait of patients in A&E before a bed"],
            "en",
        ),
        # Satisfaits / satisfaction: the same stem.
        (
            "Objectif groupe : 90 % de clients satisfaits après chaque contact",
            ["Augmenter la satisfaction des clients au comptoir"],
            "fr",
        ),
    ],
)
def test_an_objective_that_shares_a_meaningful_word_with_the_parent_is_linked(parent, texts, lang) -> None:
    assert is_linked(parent, texts, [], lang)


@pytest.mark.parametrize(
    ("parent", "texts", "lang"),
    [
        (BANK_PARENT, [BANK_OBJECTIVE, "le délai de clôture mensuelle"], "fr"),
        (LIBRARY_MISSION, [PAYROLL_OBJECTIVE, "payroll errors", "payroll queries"], "en"),
        # Generic words only: improving, quality, service, customers, rate prove no link.
        (
            "Objectif groupe : améliorer la qualité de service pour nos clients",
            ["Améliorer le taux de service des clients de la laverie"],
            "fr",
        ),
        (
            "Company goal: improve the quality of service for every customer",
            ["Improve the service rate for customers of the ferry", "the number of customers served"],
            "en",
        ),
        (
            "Vision 2030 — une ferme bio dans chaque commune",
            ["Réduire les pannes des tracteurs de la coopérative"],
            "fr",
        ),
    ],
)
def test_an_objective_that_shares_only_generic_words_with_the_parent_is_not_linked(
    parent, texts, lang
) -> None:
    assert not is_linked(parent, texts, [], lang)


def test_a_kr_on_a_metric_the_parent_points_to_links_the_objective() -> None:
    # "Ponctualité" shares no word with "la part des passages à l'heure", but points to that metric.
    parent = "Objectif du réseau : la ponctualité avant tout"
    texts = ["Fiabiliser la maintenance du dépôt", "la part des passages à l'heure"]
    assert not is_linked(parent, texts, [], "fr")
    assert is_linked(parent, texts, ["trans_on_time_share"], "fr")
    assert is_linked(
        "Network goal: punctuality above all", ["Rebuild the depot"], ["trans_on_time_share"], "en"
    )
    # A metric the parent does not point to links nothing.
    assert not is_linked(parent, texts, ["trans_fare_evasion_rate"], "fr")


def test_the_parent_statement_drops_its_label() -> None:
    assert parent_statement(BANK_PARENT) == "devenir la banque préférée des jeunes actifs"
    assert parent_statement("Vision 2030 — zéro accident") == "zéro accident"
    assert parent_statement("North Star: weekly active households") == "weekly active households"
    # A line with no label is its own statement.
    assert parent_statement("Nourrir sans gaspiller") == "Nourrir sans gaspiller"


# ---- 2. The question, its answer, and where it shows -------------------------------------------------------


def test_an_unlinked_objective_is_asked_how_it_moves_the_parent_in_french() -> None:
    result, fake = _no_model(FR_UNLINKED)
    assert fake.history == [] and result.kept_as_is
    [question] = [q for q in result.questions if q.field == "parent"]
    assert (question.objective, question.kr) == (0, None)
    assert question.text == f"Comment l'objectif « {BANK_OBJECTIVE} » fait-il avancer « {BANK_PARENT} » ?"

    answer = "des comptes justes plus tôt libèrent les conseillers pour les jeunes clients"
    filled = result.answer({(0, None, "parent"): answer})
    assert filled.objectives[0].contribution == answer
    assert not [q for q in filled.questions if q.field == "parent"]
    markdown = filled.to_markdown()
    heading = f"## Objectif 1 — {BANK_OBJECTIVE}\n"
    assert f"{heading}\nContribue à « {BANK_PARENT} » : {answer}\n" in markdown
    assert result.objectives[0].contribution is None and "Comment l'objectif" in result.to_markdown()


def test_an_unlinked_objective_is_asked_how_it_moves_the_parent_in_english() -> None:
    result, fake = _no_model(EN_UNLINKED)
    assert fake.history == []
    [question] = [q for q in result.questions if q.field == "parent"]
    assert question.text == f"How does “{PAYROLL_OBJECTIVE}” move “{LIBRARY_MISSION}” forward?"
    answer = "staff paid right stay, so branches open on time"
    filled = result.answer({(0, None, "parent"): answer})
    assert f"Contributes to “{LIBRARY_MISSION}”: {answer}" in filled.to_markdown()
    # The answer is part of the model, so of its JSON.
    assert filled.to_dict()["objectives"][0]["contribution"] == answer


def test_a_linked_objective_or_a_draft_without_parent_gets_no_such_question() -> None:
    for draft in (
        FOOD_WASTE,
        PAYROLL_LINES,
        "Objectif groupe : doubler les trajets à vélo en ville d'ici 2028\n"
        "Objectif : Faire réparer plus de vélos par nos ateliers pour les cyclistes du quotidien\n"
        "- Augmenter le nombre de vélos réparés de 300 à 600 par mois d'ici fin T4 2027\n"
        "- Réduire le délai de réparation de 10 à 3 jours d'ici fin T4 2027",
    ):
        result, _ = _no_model(draft)
        assert not [q for q in result.questions if q.field == "parent"], draft
        assert all(o.contribution is None for o in result.objectives)


def test_only_the_objective_nothing_links_is_asked() -> None:
    draft = FOOD_WASTE + "\n" + PAYROLL_LINES.replace("Q2", "Q3")
    result, _ = _no_model(draft)
    assert len(result.objectives) == 2
    asked = [q for q in result.questions if q.field == "parent"]
    assert [(q.objective, q.kr) for q in asked] == [(1, None)]
    assert "halve food waste across our kitchens" in asked[0].text


def test_the_api_accepts_an_answer_to_the_parent_question() -> None:
    assert "parent" in FIELDS
    result, _ = _no_model(EN_UNLINKED)
    keyed = answers(
        result, [{"objective": 0, "kr": None, "field": "parent", "value": " fewer   pay queries "}]
    )
    assert keyed == {(0, None, "parent"): "fewer pay queries"}


def test_the_csv_export_has_the_parents_and_each_objectives_contribution(tmp_path) -> None:
    result, _ = _no_model(FR_UNLINKED)
    answer = "des comptes justes plus tôt"
    filled = result.answer({(0, None, "parent"): answer})
    rows = result_rows(filled)
    assert {row["contribution"] for row in rows} == {answer}
    assert {row["parents"] for row in rows} == {BANK_PARENT}
    path = tmp_path / "out.csv"
    results_to_csv([filled], path)
    read = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert read[0]["contribution"] == answer and read[0]["parents"] == BANK_PARENT
    # Unanswered, the column is empty and the question is in the row's questions.
    [first, *_] = result_rows(result)
    assert first["contribution"] is None and "fait-il avancer" in first["questions"]


def test_choosing_the_metric_the_parent_names_answers_the_question() -> None:
    team = SUPPORT_TEAM.replace(
        "au ton des réponses", "à la relation client"
    )  # a chip needs a phrase of the draft
    result, _ = _no_model(f"{SATISFIED_PARENT}\n{team}")
    assert [q.field for q in result.questions] == ["metric", "parent"]
    chosen = result.answer({(0, None, "metric"): "support_csat"})
    assert "parent" not in {q.field for q in chosen.questions}
    # A measure of the team's own that the parent does not name leaves the question open.
    other = result.answer({(0, None, "metric"): "support_first_response_time"})
    assert "parent" in {q.field for q in other.questions}


def test_a_generic_word_covers_its_inflections_not_a_longer_word_of_its_stem() -> None:
    parent = "Projet d'établissement : un accompagnement personnalisé pour chaque élève"
    assert is_linked(parent, ["Personnaliser les parcours de remédiation au collège"], [], "fr")
    assert not is_linked(parent, ["Former les personnes accueillies au numérique"], [], "fr")
    # A noun of change is as generic as its verb.
    assert not is_linked(
        "Objectif groupe : augmentation du chiffre d'affaires",
        ["Augmentation de la fréquentation du musée"],
        [],
        "fr",
    )
