"""Every trade row finds its domain in its examples and not in its counter-examples (the rows are the test)."""

from __future__ import annotations

import pytest

from rewriter.library import load_library
from rewriter.library.trades import fold, not_this_trade_rows, trade_rows, trades_of

ROWS = trade_rows()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.domain}-{i}" for i, r in enumerate(ROWS)])
def test_a_trade_row_finds_its_examples_and_not_its_counter_examples(row):
    for text in row.examples:
        assert row.domain in trades_of(text), f"{row.domain} not found in {text!r}"
    for text in row.counter:
        assert not row.regex.search(fold(text)), f"{row.domain} wrongly found in {text!r}"


@pytest.mark.parametrize("row", not_this_trade_rows(), ids=lambda r: r.id)
def test_words_of_a_trade_the_library_lacks_remove_the_near_trade(row):
    for text in row.examples:
        assert row.regex.search(fold(text)), f"{row.id} not found in {text!r}"
        assert not set(row.removes) & set(trades_of(text)), f"{row.id} left {row.removes} in {text!r}"
    for text in row.counter:
        assert not row.regex.search(fold(text)), f"{row.id} wrongly found in {text!r}"


def test_every_domain_of_the_library_has_a_trade_row():
    domains = {m.domain for m in load_library().metrics}
    assert domains <= {r.domain for r in ROWS}


def test_shared_words_alone_name_no_trade():
    # Words every trade uses are no cue alone: their meaning comes from the words around them.
    for text in [
        "réseau",
        "campagne",
        "tickets",
        "conversion",
        "plateforme",
        "dossiers",
        "commandes",
        "migration",
    ]:
        assert trades_of(text) == {}, text


def test_the_trade_shows_in_the_words_that_named_it():
    found = trades_of("Pôle Population — Mairie de Lyon\nObjectif : Dématérialiser les actes d'état civil")
    assert set(found) == {"public"}
    assert "mairie" in found["public"]


def test_a_function_named_only_by_the_team_s_means_is_no_trade_of_the_team() -> None:
    from rewriter.library.trades import team_trades

    draft = (
        "Objectif : Réduire les pertes d'eau du réseau de distribution\n"
        "- Former les fontainiers à la recherche de fuites\n"
        "- Recruter deux techniciens\n"
        "- Poser des compteurs de sectorisation"
    )
    found = team_trades(draft, "Objectif : Réduire les pertes d'eau du réseau de distribution")
    assert "training" not in found and "hr" not in found
    assert found  # the utility's own trade stays


def test_a_function_team_keeps_its_function() -> None:
    from rewriter.library.trades import team_trades

    draft = (
        "Objectif : Recruter plus vite les infirmiers de nuit\n- Publier les offres sur 3 sites\n- Job dating"
    )
    assert "hr" in team_trades(draft, "Objectif : Recruter plus vite les infirmiers de nuit")


def test_a_domain_named_only_by_people_every_trade_serves_gives_way_to_the_team_s_own_trade() -> None:
    from rewriter.library.trades import team_trades

    assert set(team_trades("Refondre les lignes du réseau de bus\nConcerter les usagers", "")) == {
        "transport"
    }
    assert set(team_trades("Simplifier les démarches des usagers", "")) == {"public"}
    assert "public" in team_trades("Réduire l'attente des usagers au guichet de la mairie", "")


@pytest.mark.parametrize("metric", [m for m in load_library().metrics if m.needs], ids=lambda m: m.id)
def test_a_metric_that_needs_its_object_named_finds_it_in_its_own_signals(metric):
    # `needs` says which words a draft must use for the metric to be offered or shown: its own signals use them.
    import re

    signals = [fold(s) for s in (*metric.signals_fr, *metric.signals_en)]
    assert any(re.search(metric.needs, s) for s in signals), metric.id


def test_a_pool_booking_draft_is_offered_no_front_desk_wait():
    from tests.rules_engine import rules_only

    result = rules_only(
        "Council plan: more adults physically active\n"
        "Objective: Introduce online lane booking so adult swimmers stop being turned away\n"
        "- Split the pool into booked and free lanes\n- Sell 45-minute slots online\n"
        "About 60 swimmers a week are turned away at peak times"
    )
    offered = {c.metric_id for o in result.objectives for c in o.candidates}
    shown = {k.metric_id for o in result.objectives for k in o.key_results}
    assert "pub_counter_appointment_wait" not in offered | shown
    assert "pub_library_online_reservation_share" not in offered | shown
