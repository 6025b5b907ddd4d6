"""Rules of the engine that read a draft line by code: each one unit-tested without a model."""

import pytest

from rewriter.analysis.soundness import is_sound_kr, is_task_despite_verb
from rewriter.analysis.wording import objective_form_problem
from rewriter.composing import _telling
from rewriter.library import get_metric
from rewriter.parsing import parse
from rewriter.rewriting import finish, prepare


@pytest.mark.parametrize(
    "line",
    [
        "Move all 340 dbt models to Snowflake",
        "A/B test the new checkout on 20% of traffic",
        "Obtenir la validation conformité de la CNIL",
        "Reach go-live of the new ERP",
    ],
)
def test_a_task_that_opens_like_a_change_is_no_sound_kr(line: str) -> None:
    assert is_task_despite_verb(line)
    assert not is_sound_kr(line)


@pytest.mark.parametrize(
    "line",
    ["Move NPS from 30 to 45 by Q3", "Move the share of paid accounts to 40%", "Atteindre 45 % d'activation"],
)
def test_a_change_between_values_stays_a_sound_kr(line: str) -> None:
    assert not is_task_despite_verb(line)
    assert is_sound_kr(line)


def test_a_task_with_a_number_becomes_an_initiative_verbatim() -> None:
    draft = "Objective: Give analysts data they trust\nKR1: Move all 340 dbt models to Snowflake\nKR2: Cut failed pipeline runs from 12% to 3%"
    result = finish(None, prepare(draft), "code")
    objective = result.objectives[0]
    assert [i.text for i in objective.initiatives] == ["Move all 340 dbt models to Snowflake"]
    assert all("340" not in kr.sentence for kr in objective.key_results)
    assert any(kr.draft_text == "Cut failed pipeline runs from 12% to 3%" for kr in objective.key_results)


@pytest.mark.parametrize(
    "objective",
    [
        "Make our payments API the go-to choice for fintech developers",
        "Make new customers actually use their account",
    ],
)
def test_make_with_a_noun_attribute_or_what_people_do_is_a_sound_objective(objective: str) -> None:
    assert objective_form_problem(objective, "en") is None


def test_make_with_no_attribute_is_still_flagged() -> None:
    assert objective_form_problem("Make the reference of the market", "en") is not None


@pytest.mark.parametrize("header", ["Plant 2 Quality — Q3", "DevRel — 2027", "Équipe Pharmacie — T2 2027"])
def test_a_name_dashed_to_its_cycle_is_a_header_not_an_objective(header: str) -> None:
    draft = parse(
        f"{header}\nObjective: Stop shipping defective gearboxes\nKR1: Cut the defect rate from 2.1% to 0.8%"
    )
    assert [o.text for o in draft.objectives] == ["Stop shipping defective gearboxes"]
    assert header in [c.text for c in draft.context]


def test_one_shared_word_is_no_evidence_unless_the_metric_names_it() -> None:
    rent = get_metric("re_rent_paid_online_share")
    assert not _telling(rent, ["mandat"])  # an estate agent's "mandats" are not SEPA mandates
    assert _telling(rent, ["prélèvement"])  # the metric's own name says it
    assert _telling(rent, ["loyer en ligne"])  # a phrase
    assert _telling(rent, ["quittance", "échéance"])  # two distinct words


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        (
            "100% of invoices go through e-billing by Q4",
            "Move the share of invoices that go through e-billing from [baseline to measure] to 100% by Q4",
        ),
        (
            "80 % des factures passent par la facturation électronique d'ici T4",
            "Faire passer la part des factures qui passent par la facturation électronique de [base à mesurer]"
            " à 80% d'ici T4",
        ),
    ],
    ids=["en", "fr"],
)
def test_a_share_stated_as_a_fact_becomes_a_kr_on_that_share(line: str, sentence: str) -> None:
    objective = "Objective: Get paid faster" if "invoices" in line else "Objectif : Accélérer l'encaissement"
    result = finish(None, prepare(f"{objective}\nKR1: {line}"), "code")
    assert result.objectives[0].key_results[0].sentence == sentence
