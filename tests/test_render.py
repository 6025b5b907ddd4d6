from rewriter.render import format_value, render_key_result, render_objective, rerender
from rewriter.result import Initiative, KeyResult, Objective, RewriteResult


def kr(**slots: object) -> KeyResult:
    base = {"verb": "faire passer", "metric": "le taux d'onboarding complété", "unit": "%"}
    base.update(slots)
    return KeyResult.model_validate(base)


def test_french_kr_with_every_slot_follows_the_template() -> None:
    sentence = render_key_result(kr(baseline="40", target="60", deadline="fin T2 2027"), "fr")
    assert sentence == "Faire passer le taux d'onboarding complété de 40% à 60% d'ici fin T2 2027"


def test_english_kr_renders_from_to_by() -> None:
    item = KeyResult(
        verb="Reduce", metric="median time to first value", baseline="3", target="1.5", unit="min"
    )
    assert render_key_result(item, "en") == (
        "Reduce median time to first value from 3 min to 1.5 min by [deadline to set]"
    )


def test_unknown_values_render_as_explicit_placeholders() -> None:
    assert render_key_result(kr(), "fr") == (
        "Faire passer le taux d'onboarding complété de [base à mesurer] à [cible à définir] "
        "d'ici [échéance à définir]"
    )


def test_unit_is_not_doubled_and_text_values_are_kept() -> None:
    assert format_value("40%", "%", "fr", "baseline") == "40%"
    assert format_value("45", "jours", "fr", "baseline") == "45 jours"
    assert format_value("NPS 30", "points", "en", "target") == "NPS 30"


def test_run_kpi_is_rendered_as_a_level_to_hold() -> None:
    item = KeyResult(
        verb="Maintenir", metric="la disponibilité de l'API", baseline="99,9", target="99,9", unit="%"
    )
    result = rerender(RewriteResult(lang="fr", draft="x", objectives=[obj([item])]))
    rendered = result.objectives[0].key_results[0]
    assert rendered.run_kpi
    assert rendered.sentence.startswith("Maintenir la disponibilité de l'API à 99,9% (aujourd'hui 99,9%)")


def obj(krs: list[KeyResult], target: str = "des nouveaux clients") -> Objective:
    return Objective(verb="améliorer", qualifier="l'activation", target=target, key_results=krs)


def test_objective_sentence_is_capitalised_and_missing_target_is_a_placeholder() -> None:
    assert render_objective(obj([]), "fr") == "Améliorer l'activation des nouveaux clients"
    assert render_objective(obj([], target=""), "en") == "Améliorer l'activation [segment to specify]"


def test_one_question_per_placeholder_and_answers_fill_them() -> None:
    result = rerender(
        RewriteResult(lang="fr", draft="x", objectives=[obj([kr(baseline="40"), kr(target="60")])])
    )
    fields = [(q.kr, q.field) for q in result.questions]
    assert fields == [(0, "target"), (0, "deadline"), (1, "baseline"), (1, "deadline")]
    filled = result.answer({(0, 0, "target"): "55", (0, 1, "baseline"): "35", (0, 0, "deadline"): "fin T3"})
    assert [(q.kr, q.field) for q in filled.questions] == [(1, "deadline")]
    assert filled.objectives[0].key_results[0].sentence.endswith("de 40% à 55% d'ici fin T3")
    # The original result is untouched: answering returns a copy.
    assert len(result.questions) == 4


def test_markdown_lists_objective_krs_initiatives_and_questions() -> None:
    result = rerender(
        RewriteResult(
            lang="en",
            draft="x",
            level_before=1,
            level_after=3,
            objectives=[
                Objective(
                    verb="Improve",
                    qualifier="activation",
                    target="of new SMB accounts",
                    key_results=[
                        kr(verb="Increase", metric="the setup completion rate", baseline="40", target="60"),
                        kr(verb="Cut", metric="setup time", unit="min"),
                    ],
                    initiatives=[Initiative(text="Ship the setup wizard", kr=1)],
                )
            ],
            rationale=["States the outcome, not the release."],
        )
    )
    text = result.to_markdown()
    assert "## Objective 1 — Improve activation of new SMB accounts" in text
    assert "1. Increase the setup completion rate from 40% to 60% by [deadline to set]" in text
    assert "- Ship the setup wizard → KR 2" in text
    assert "Draft level: 1 (features) → level reached: 3 (outcomes)" in text
    assert text.count("(O1 KR2)") == 3  # baseline, target, deadline asked for KR 2


def test_error_result_renders_the_reason() -> None:
    result = RewriteResult(lang="fr", draft="x", error="le modèle n'a pas répondu")
    assert not result.ok
    assert "Réécriture impossible" in result.to_markdown()
