from rewriter import fidelity
from rewriter.render import rerender
from rewriter.result import Initiative, KeyResult, Objective, RewriteResult


def result_with(kr: KeyResult, qualifier: str = "l'activation") -> RewriteResult:
    objective = Objective(
        verb="Améliorer",
        qualifier=qualifier,
        target="des nouveaux comptes",
        key_results=[kr],
        initiatives=[Initiative(text="Livrer l'assistant v2", kr=0)],
    )
    return rerender(RewriteResult(lang="fr", draft="x", objectives=[objective]))


def test_invented_baseline_becomes_a_placeholder_and_a_question() -> None:
    kr = KeyResult(verb="Augmenter", metric="le taux d'activation", baseline="25", target="60", unit="%")
    result = rerender(fidelity.enforce(result_with(kr), {"60", "2"}))
    fixed = result.objectives[0].key_results[0]
    assert fixed.baseline is None
    assert fixed.target == "60"
    assert result.numbers_replaced == ["25"]
    assert "[base à mesurer]" in fixed.sentence
    assert any(q.field == "baseline" for q in result.questions)


def test_invented_number_inside_text_becomes_n_placeholder() -> None:
    kr = KeyResult(
        verb="Augmenter", metric="la part des comptes actifs à 30 jours", baseline="40", target="60"
    )
    result = rerender(fidelity.enforce(result_with(kr), {"40", "60", "2"}))
    fixed = result.objectives[0].key_results[0]
    assert fixed.metric == "la part des comptes actifs à [N] jours"
    assert result.numbers_replaced == ["30"]
    assert any(q.field == "value" for q in result.questions)


def test_user_numbers_are_kept_and_dropped_ones_are_reported() -> None:
    kr = KeyResult(verb="Augmenter", metric="le taux d'activation", baseline="40", target="60", unit="%")
    result = fidelity.enforce(result_with(kr), {"40", "60", "2", "8"})
    assert result.numbers_replaced == []
    # "2" survives through the initiative "assistant v2"; "8" appears nowhere.
    assert result.numbers_dropped == ["8"]


def test_number_formats_are_compared_by_value() -> None:
    kr = KeyResult(verb="Faire passer", metric="la disponibilité", baseline="99,90", target="1 000")
    result = fidelity.enforce(result_with(kr), {"99.9", "1000", "2"})
    assert result.numbers_replaced == []
    assert result.numbers_dropped == []


def test_numbers_are_read_the_way_french_and_english_writers_group_them() -> None:
    from rewriter.rules import numbers_in

    assert numbers_in("from 6,500 to 9,000 users") == ["6500", "9000"]
    assert numbers_in("1,250,000.5 €") == ["1250000.5"]
    assert numbers_in("de 1 000 à 12 500,5 clients") == ["1000", "12500.5"]
    assert numbers_in("de 3,2 % à 4,15 %, panier 99,90 €, ratio 0,125") == ["3.2", "4.15", "99.9", "0.125"]


def test_an_english_thousands_separator_is_not_an_invented_number() -> None:
    kr = KeyResult(verb="Increase", metric="weekly active users", baseline="6500", target="9,000")
    result = rerender(fidelity.enforce(result_with(kr), {"6500", "9000", "2"}))
    assert result.numbers_replaced == []
    assert result.objectives[0].key_results[0].baseline == "6500"


def test_a_unit_cannot_smuggle_in_a_number_the_draft_never_gave() -> None:
    # Found in review: "% sur 90 jours" carried an invented 90 into the KR and into no numbers_replaced.
    kr = KeyResult(
        verb="Augmenter", metric="le taux de rétention", baseline="40", target="60", unit="% sur 90 jours"
    )
    result = rerender(fidelity.enforce(result_with(kr), {"40", "60", "2"}))
    fixed = result.objectives[0].key_results[0]
    assert fixed.unit is None
    assert "90" not in fixed.sentence
    assert result.numbers_replaced == ["% sur 90 jours"]


def test_a_deadline_with_an_invented_year_becomes_a_question() -> None:
    kr = KeyResult(
        verb="Augmenter",
        metric="le taux d'activation",
        baseline="40",
        target="60",
        unit="%",
        deadline="fin T2 2031",
    )
    result = rerender(fidelity.enforce(result_with(kr), {"40", "60", "2"}))
    fixed = result.objectives[0].key_results[0]
    assert fixed.deadline is None
    assert any(q.field == "deadline" for q in result.questions)


def test_an_invented_number_in_the_objective_is_scrubbed() -> None:
    kr = KeyResult(verb="Augmenter", metric="le taux d'activation", baseline="40", target="60", unit="%")
    result = rerender(
        fidelity.enforce(result_with(kr, qualifier="l'activation des 500 premiers comptes"), {"40", "60"})
    )
    assert "500" not in result.objectives[0].sentence
    assert "500" in result.numbers_replaced


def test_a_digit_glued_to_a_letter_is_part_of_a_name_and_stays() -> None:
    kr = KeyResult(verb="Réduire", metric="les émissions de CO2 par colis, latence p95", target="[cible]")
    result = rerender(fidelity.enforce(result_with(kr), {"2"}))
    fixed = result.objectives[0].key_results[0]
    assert fixed.metric == "les émissions de CO2 par colis, latence p95"
    assert result.numbers_replaced == []
