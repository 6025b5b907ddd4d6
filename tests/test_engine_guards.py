"""Guards of engine v2 found by reading rewrites: what the model may fill, what code carries."""

from __future__ import annotations

from rewriter import FakeModel, rewrite

NULL = {"objectives": [{"segment": None}]}


def test_a_segment_named_by_another_objective_is_not_given_to_this_one() -> None:
    draft = (
        "O1 - Fidéliser les clients grands comptes\n"
        "  KR 1.1 - Faire passer le taux de renouvellement de 82 % à 90 % d'ici fin 2027\n"
        "  KR 1.2 - Lancer le club utilisateurs\n"
        "O2 - Refondre le portail client\n"
        "  KR 2.1 - Livrer le nouveau portail\n"
        "  KR 2.2 - Migrer les comptes"
    )
    fake = FakeModel({"objectives": [{"segment": "les clients grands comptes"}]})
    result = rewrite(draft, model=fake)
    assert len(fake.history) == 1, "the second objective's segment is asked"
    assert result.provenance is not None and result.provenance.model_slots == []
    assert "grands comptes" not in result.objectives[1].sentence
    assert result.objectives[0].sentence == "Fidéliser les clients grands comptes"


def test_an_outcome_objective_worded_loosely_is_not_carried_as_an_initiative() -> None:
    draft = "Objective: Hire faster\nKR1: Open 20 roles\nKR2: Launch the careers page\nTime to hire is currently 61 days."
    result = rewrite(draft, model=FakeModel(NULL))
    assert [i.text for i in result.objectives[0].initiatives] == ["Open 20 roles", "Launch the careers page"]
    assert any(k.baseline == "61" for k in result.objectives[0].key_results)


def test_a_delivery_objective_is_carried_first_in_draft_order() -> None:
    draft = "Objectif : Lancer la v2\n- Livrer la feature A\n- Livrer la feature B"
    result = rewrite(draft, model=FakeModel(NULL))
    assert [i.text for i in result.objectives[0].initiatives] == [
        "Lancer la v2",
        "Livrer la feature A",
        "Livrer la feature B",
    ]
