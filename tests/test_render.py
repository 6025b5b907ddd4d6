import pytest

from rewriter.draft import Lang
from rewriter.parsing import parse
from rewriter.render import format_value, render_key_result, render_objective, rerender
from rewriter.result import Initiative, KeyResult, Objective, RewriteResult
from rewriter.rewriting import to_result
from rewriter.slots import RewriteSlots


def kr(**slots: object) -> KeyResult:
    base: dict[str, object] = {"verb": "faire passer", "metric": "le taux d'onboarding complété", "unit": "%"}
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
    assert render_objective(obj([], target=""), "fr") == "Améliorer l'activation pour [segment à préciser]"
    english = Objective(verb="improve", qualifier="activation", target="")
    assert render_objective(english, "en") == "Improve activation for [segment to specify]"


def test_a_bare_segment_gets_its_preposition_and_a_theme_naming_one_asks_none() -> None:
    # A segment from the model or the PM's answer is a noun phrase: "pour"/"for" attaches it.
    assert (
        render_objective(obj([], target="les comptes PME"), "fr")
        == "Améliorer l'activation pour les comptes PME"
    )
    english = Objective(verb="Improve", qualifier="activation", target="new SMB accounts")
    assert render_objective(english, "en") == "Improve activation for new SMB accounts"
    named = Objective(
        verb="Accélérer", qualifier="l'autonomie des nouveaux salariés", target="", needs_segment=False
    )
    result = rerender(RewriteResult(lang="fr", draft="x", objectives=[named]))
    assert result.objectives[0].sentence == "Accélérer l'autonomie des nouveaux salariés"
    assert all(q.field != "segment" for q in result.questions)


@pytest.mark.parametrize(
    ("lang", "verb", "qualifier", "target"),
    [
        ("fr", "Permettre", "aux familles d'inscrire leurs enfants", "sans se déplacer en mairie"),
        ("fr", "Fidéliser", "les nouveaux abonnés numériques", "pendant leur première année"),
        ("fr", "Répondre", "vite aux clients", "qui nous écrivent sur les réseaux sociaux"),
        ("fr", "Protéger", "les clients particuliers", "contre la fraude à la carte"),
        ("en", "Improve", "activation", "of new SMB accounts"),
        ("en", "Grow", "revenue", "from existing mid-market accounts"),
        ("en", "Help", "engineers find answers on their own", "without waiting for the platform team"),
    ],
)
def test_a_target_that_opens_on_a_preposition_is_rendered_as_written(
    lang: Lang, verb: str, qualifier: str, target: str
) -> None:
    """Eval references state the target as the end of the sentence: no "pour"/"for" is put in front of it."""
    sentence = render_objective(Objective(verb=verb, qualifier=qualifier, target=target), lang)
    assert sentence == f"{verb} {qualifier} {target}"


def test_a_reference_objective_renders_its_slots_as_written() -> None:
    slots = RewriteSlots.model_validate(
        {
            "objectives": [
                {
                    "verb": "Rendre",
                    "qualifier": "nos collaborateurs capables de déjouer",
                    "target": "les tentatives d'hameçonnage",
                    "krs": [
                        {"verb": "Réduire", "metric": "le taux de clic sur les faux courriels"},
                        {"verb": "Augmenter", "metric": "le taux de signalement des faux courriels"},
                    ],
                    "initiatives": [],
                }
            ]
        }
    )
    result = to_result(slots, parse("Objectif : Former les équipes"), "fr")
    assert result.objectives[0].sentence == (
        "Rendre nos collaborateurs capables de déjouer les tentatives d'hameçonnage"
    )


def test_a_kept_kr_renders_the_pms_own_sentence_not_its_slots() -> None:
    kept = KeyResult(
        verb="Augmenter",
        metric="autre chose",
        baseline="1",
        target="2",
        unit="%",
        deadline="fin T2 2027",
        draft_text="réduire le délai de première réponse de 6 h à 1 h.",
        source="draft",
    )
    assert render_key_result(kept, "fr") == "Réduire le délai de première réponse de 6 h à 1 h"


def kept_result(draft_text: str, lang: Lang, **slots: object) -> RewriteResult:
    kept = KeyResult.model_validate(
        {"verb": "x", "metric": "x", "draft_text": draft_text, "source": "draft", **slots}
    )
    objective = Objective(verb="", qualifier="", target="", draft_text="Keep it", key_results=[kept])
    return rerender(RewriteResult(lang=lang, draft="x", objectives=[objective]))


def test_an_answered_baseline_is_appended_to_a_kept_kr() -> None:
    result = kept_result(
        "Raise Enterprise ticket CSAT to 92% by end of Q2 2027",
        "en",
        target="92",
        unit="%",
        deadline="end of Q2 2027",
    )
    # One KR, short of the method's two: the second measure is asked for, never filled in.
    assert [(q.kr, q.field) for q in result.questions] == [(None, "metric"), (0, "baseline")]
    answered = result.answer({(0, 0, "baseline"): "85"})
    assert answered.objectives[0].key_results[0].sentence == (
        "Raise Enterprise ticket CSAT to 92% by end of Q2 2027 (today 85%)"
    )
    assert [(q.kr, q.field) for q in answered.questions] == [(None, "metric")]


def test_only_an_answered_deadline_is_appended_to_a_kept_kr_not_the_cycle() -> None:
    # The cycle fills the deadline slot of every KR; a kept sentence stays the PM's until they answer.
    by_cycle = kept_result(
        "Réduire le délai de première réponse de 6 h à 1 h",
        "fr",
        baseline="6",
        target="1",
        unit="h",
        deadline="fin T2 2027",
    )
    assert (
        by_cycle.objectives[0].key_results[0].sentence == "Réduire le délai de première réponse de 6 h à 1 h"
    )
    asked = kept_result(
        "Réduire le délai de première réponse de 6 h à 1 h", "fr", baseline="6", target="1", unit="h"
    )
    assert [(q.kr, q.field) for q in asked.questions] == [(None, "metric"), (0, "deadline")]
    answered = asked.answer({(0, 0, "deadline"): "fin T3 2027"})
    assert answered.objectives[0].key_results[0].sentence == (
        "Réduire le délai de première réponse de 6 h à 1 h d'ici fin T3 2027"
    )
    # A kept sentence that states its deadline is never given a second one.
    dated = kept_result("Réduire le délai de première réponse de 6 h à 1 h d'ici fin T2 2027", "fr")
    again = dated.answer({(0, 0, "deadline"): "fin T3 2027"}).objectives[0].key_results[0].sentence
    assert again == "Réduire le délai de première réponse de 6 h à 1 h d'ici fin T2 2027"


@pytest.mark.parametrize(
    ("lang", "slots", "sentence"),
    [
        (
            "fr",
            {
                "verb": "Augmenter",
                "metric": "le panier moyen des clients fidèles",
                "target": "+10",
                "unit": "%",
            },
            "Augmenter le panier moyen des clients fidèles de 10% (aujourd'hui [base à mesurer]) d'ici fin T3 2027",
        ),
        (
            "en",
            {"verb": "Increase", "metric": "repeat purchases", "target": "+10", "unit": "%"},
            "Increase repeat purchases by 10% (today [baseline to measure]) by end of Q3 2027",
        ),
        (
            "fr",
            {"verb": "Réduire", "metric": "le churn mensuel", "target": "-2", "unit": "points"},
            "Réduire le churn mensuel de 2 points (aujourd'hui [base à mesurer]) d'ici fin T3 2027",
        ),
        (
            "fr",
            {"verb": "Multiplier", "metric": "le nombre de commandes récurrentes", "target": "x2"},
            "Multiplier le nombre de commandes récurrentes : ×2 (aujourd'hui [base à mesurer]) d'ici fin T3 2027",
        ),
        (
            "en",
            {"verb": "Grow", "metric": "recurring orders", "baseline": "300", "target": "x2"},
            "Grow recurring orders: ×2 (today 300) by end of Q3 2027",
        ),
    ],
)
def test_a_relative_target_renders_as_a_change_never_as_a_level(
    lang: Lang, slots: dict[str, str], sentence: str
) -> None:
    deadline = "fin T3 2027" if lang == "fr" else "end of Q3 2027"
    assert render_key_result(KeyResult.model_validate({**slots, "deadline": deadline}), lang) == sentence


def test_signed_levels_with_a_baseline_stay_levels() -> None:
    nps = KeyResult(
        verb="Faire passer",
        metric="le NPS des clients PME",
        baseline="+12",
        target="+30",
        deadline="fin T2 2027",
    )
    assert (
        render_key_result(nps, "fr") == "Faire passer le NPS des clients PME de +12 à +30 d'ici fin T2 2027"
    )
    english = KeyResult(
        verb="Raise", metric="SMB NPS", baseline="+12", target="+30", deadline="end of Q2 2027"
    )
    assert render_key_result(english, "en") == "Raise SMB NPS from +12 to +30 by end of Q2 2027"


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


def test_an_objective_with_one_key_result_is_asked_for_another_angle_not_for_a_first_metric() -> None:
    from rules_engine import rules_only

    result = rules_only(
        "Objectif : Améliorer la qualité du poisson débarqué\n- KR : Réduire la part de lots déclassés de 7 % à 4 %\n"
    )
    asked = [q.text for q in result.questions if q.field == "metric" and q.kr is None]
    assert asked and all(text.startswith("Quel autre indicateur") for text in asked)
    empty = rules_only("Objectif : Relancer l'activité banque\n- organiser des permanences\n")
    assert any(q.text.startswith("Quel indicateur") for q in empty.questions if q.field == "metric")


def test_a_bounded_score_keeps_its_base_and_a_bare_value_its_unit() -> None:
    from rewriter.render import format_value

    assert format_value("≥7", "/10", "fr", "target") == "≥7/10"
    assert format_value("45", "%", "fr", "target") == "45%"
    assert format_value("12", "min", "en", "target") == "12 min"
