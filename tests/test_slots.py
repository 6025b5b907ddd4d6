import copy
from typing import Any

import pytest
from pydantic import ValidationError

from rewriter.slots import MAX_OBJECTIVES, KeyResultSlots, ObjectiveSegment, RewriteSlots, SegmentSlots


def test_a_valid_answer_validates(valid_fr_answer: dict[str, Any]) -> None:
    slots = RewriteSlots.model_validate(valid_fr_answer)
    assert slots.objectives[0].krs[0].verb == "Faire passer"


@pytest.mark.parametrize(
    ("verb", "reason"),
    [
        ("Être", "state"),
        ("avoir", "state"),
        ("Be", "state"),
        ("Have", "state"),
        ("Livrer", "deliverable"),
        ("Lancer", "deliverable"),
        ("Mettre en production", "deliverable"),
        ("déployer", "deliverable"),
        ("Créer", "deliverable"),
        ("Ship", "deliverable"),
        ("Launch", "deliverable"),
        ("Deliver", "deliverable"),
        ("Build", "deliverable"),
    ],
)
def test_state_and_output_verbs_are_rejected_with_the_reason(verb: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        KeyResultSlots(verb=verb, metric="le taux de conversion", baseline="3", target="5")


@pytest.mark.parametrize(
    "verb", ["Augmenter", "Réduire", "Faire passer", "Increase", "Reduce", "Diminuer", "Grow"]
)
def test_change_verbs_are_accepted(verb: str) -> None:
    assert KeyResultSlots(verb=verb, metric="x").verb == verb


def test_a_target_without_number_or_placeholder_is_rejected() -> None:
    with pytest.raises(ValidationError, match="not a number"):
        KeyResultSlots(verb="Augmenter", metric="la satisfaction", target="nettement")
    assert KeyResultSlots(verb="Augmenter", metric="x", target="[X]%").target is None
    assert KeyResultSlots(verb="Augmenter", metric="x", target="  ").target is None


@pytest.mark.parametrize("count", [1, 5])
def test_kr_count_outside_two_to_four_is_rejected(valid_fr_answer: dict[str, Any], count: int) -> None:
    answer = copy.deepcopy(valid_fr_answer)
    kr = answer["objectives"][0]["krs"][0]
    answer["objectives"][0]["krs"] = [kr] * count
    with pytest.raises(ValidationError, match=f"between 2 and 4 key results per objective, not {count}"):
        RewriteSlots.model_validate(answer)


def test_more_than_three_objectives_is_rejected(valid_fr_answer: dict[str, Any]) -> None:
    answer = copy.deepcopy(valid_fr_answer)
    answer["objectives"] = answer["objectives"] * 4
    with pytest.raises(ValidationError, match="at most 3 objectives"):
        RewriteSlots.model_validate(answer)


def test_initiative_pointing_past_the_last_kr_is_reattached(valid_fr_answer: dict[str, Any]) -> None:
    answer = copy.deepcopy(valid_fr_answer)
    answer["objectives"][0]["initiatives"][0]["kr"] = 9
    slots = RewriteSlots.model_validate(answer)
    assert slots.objectives[0].initiatives[0].kr == 1


# A metric that should go up and one that should go down, with values that move each the right way.
METRICS = {
    "fr": (
        ("le taux d'activation à 7 jours", "20", "35", "%"),
        ("le délai avant la première facture", "5", "2", "jours"),
    ),
    "en": (
        ("the 7-day activation rate", "20", "35", "%"),
        ("the time to the first invoice", "5", "2", "days"),
    ),
}


def analyzer_errors(
    lang: str, objective_verb: str, krs: list[tuple[str, tuple[str, str, str, str]]]
) -> list[str]:
    from rewriter.analyzer import analyze_result
    from rewriter.render import rerender
    from rewriter.result import KeyResult, Objective, RewriteResult
    from rewriter.rules import is_run_verb

    qualifier, target = (
        ("l'activation", "des nouveaux clients PME")
        if lang == "fr"
        else ("activation", "of new SMB customers")
    )
    key_results = [
        KeyResult(
            verb=verb,
            metric=metric,
            baseline=target_ if is_run_verb(verb) else base,
            target=target_,
            unit=unit,
        )
        for verb, (metric, base, target_, unit) in krs
    ]
    result = rerender(
        RewriteResult(
            lang=lang,
            draft="x",
            objectives=[
                Objective(verb=objective_verb, qualifier=qualifier, target=target, key_results=key_results)
            ],
        )
    )
    return [f.code for f in analyze_result(result).errors]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_verb_the_reference_schema_offers_passes_the_analyzer(lang: str) -> None:
    """The eval references' verb choices and the analyzer's rules must agree, or a sound reference scores as broken.

    Every objective verb opens a sound OKR; every KR verb moves at least one of two metrics (one to raise, one to
    lower) in a way the analyzer accepts, and the slot validator takes it.
    """
    from rewriter.rules import KR_VERB_CHOICES, OBJECTIVE_VERB_CHOICES

    up, down = METRICS[lang]
    raise_, lower = ("Augmenter", "Réduire") if lang == "fr" else ("Increase", "Reduce")
    for objective_verb in OBJECTIVE_VERB_CHOICES[lang]:
        errors = analyzer_errors(lang, objective_verb, [(raise_, up), (lower, down)])
        assert errors == [], (objective_verb, errors)
    for kr_verb in KR_VERB_CHOICES[lang]:
        fits = [
            metric
            for metric, other in ((up, (lower, down)), (down, (raise_, up)))
            if analyzer_errors(lang, OBJECTIVE_VERB_CHOICES[lang][0], [(kr_verb, metric), other]) == []
        ]
        assert fits, (
            kr_verb,
            [analyzer_errors(lang, OBJECTIVE_VERB_CHOICES[lang][0], [(kr_verb, m)]) for m in (up, down)],
        )
        assert KeyResultSlots(verb=kr_verb, metric=fits[0][0]).verb == kr_verb


def test_a_kr_verb_that_moves_its_metric_the_wrong_way_is_an_analyzer_error() -> None:
    """The check above can fail: the same helper reports a KR that lowers an activation rate."""
    up, down = METRICS["fr"]
    assert "kr.wrong_direction" in analyzer_errors("fr", "Améliorer", [("Réduire", up), ("Réduire", down)])


@pytest.mark.parametrize("word", ["null", "None", "n/a", "TBD", "à définir"])
def test_words_for_unknown_mean_null(word: str) -> None:
    assert KeyResultSlots(verb="Augmenter", metric="x", baseline=word).baseline is None


# ------------------------------------------------------------------------- the model's answer in engine v2


@pytest.mark.parametrize(
    "word", ["null", "None", "n/a", "NA", "TBD", "?", "-", "inconnu", "à définir", "", "  "]
)
def test_a_null_like_segment_means_null(word: str) -> None:
    assert ObjectiveSegment(segment=word).segment is None
    answer = SegmentSlots.model_validate({"objectives": [{"segment": word}, {}]})
    assert [o.segment for o in answer.objectives] == [None, None]


@pytest.mark.parametrize(
    ("written", "segment"),
    [
        ('"les nouveaux salariés"', "les nouveaux salariés"),
        ("« les cabinets comptables »", "les cabinets comptables"),
        ("“Mid-Market accounts”", "Mid-Market accounts"),
        ("  'new hires' ", "new hires"),
        ("les clients d'Île-de-France", "les clients d'Île-de-France"),  # an inner apostrophe stays
    ],
)
def test_a_segment_loses_its_quotes_and_spaces_and_keeps_its_words(written: str, segment: str) -> None:
    assert ObjectiveSegment(segment=written).segment == segment


def test_a_segment_answer_of_the_wrong_shape_is_rejected_so_the_model_is_asked_again() -> None:
    bad: dict[str, Any]
    for bad in ({"objectives": [{"segment": 3}]}, {"objectives": "les PME"}, {"segments": []}):
        with pytest.raises(ValidationError):
            SegmentSlots.model_validate(bad)


def test_the_segment_schema_bounds_the_answer_for_a_grammar_bound_model() -> None:
    schema = SegmentSlots.model_json_schema()
    objectives = schema["properties"]["objectives"]
    assert (objectives["minItems"], objectives["maxItems"]) == (1, MAX_OBJECTIVES)
    segment = schema["$defs"]["ObjectiveSegment"]["properties"]["segment"]
    assert {"type": "null"} in segment["anyOf"] and "word for word" in segment["description"]


def test_the_rewrite_asks_for_segments_and_the_eval_cases_stay_whole_rewrites() -> None:
    from rewriter import rewriting
    from rewriter.evaluation.cases import EvalCase

    assert rewriting.RESPONSE_MODEL is SegmentSlots
    assert EvalCase.model_fields["reference"].annotation is RewriteSlots


def test_a_survey_named_between_the_metric_and_its_values_is_no_deadline() -> None:
    from rewriter.kr_reading import read_key_result

    read = read_key_result("Raise manager satisfaction in the yearly HR survey from 3.4 to 4.1")
    assert [(n.written, n.role) for n in read.numbers] == [("3.4", "baseline"), ("4.1", "target")]
    assert read.deadline is None


def test_close_days_written_j_plus_are_the_baseline_and_target() -> None:
    from rewriter.kr_reading import read_key_result

    read = read_key_result("Réduire le délai de clôture trimestrielle de J+15 à J+8 d'ici décembre")
    assert [(n.written, n.role) for n in read.numbers] == [("15", "baseline"), ("8", "target")]
    assert read.deadline == "décembre"
