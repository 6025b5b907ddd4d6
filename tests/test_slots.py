import copy
from typing import Any

import pytest
from pydantic import ValidationError

from rewriter.slots import KeyResultSlots, RewriteSlots


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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_verb_offered_to_the_model_passes_the_analyzer(lang: str) -> None:
    """The schema's verb choices and the analyzer's rules must agree, or a grammar-bound model loops."""
    from rewriter.analyzer import analyze_result
    from rewriter.render import rerender
    from rewriter.result import KeyResult, Objective, RewriteResult
    from rewriter.rules import KR_VERB_CHOICES, OBJECTIVE_VERB_CHOICES

    qualifier, target = (
        ("l'activation", "des nouveaux clients PME")
        if lang == "fr"
        else ("activation", "of new SMB customers")
    )
    metric = "le taux d'activation à 7 jours" if lang == "fr" else "the 7-day activation rate"
    for obj_verb in OBJECTIVE_VERB_CHOICES[lang]:
        krs = [
            KeyResult(verb=v, metric=metric, baseline="7", target="7", unit="%")
            for v in KR_VERB_CHOICES[lang][:2]
        ]
        result = rerender(
            RewriteResult(
                lang=lang,  # type: ignore[arg-type]
                draft="x",
                objectives=[Objective(verb=obj_verb, qualifier=qualifier, target=target, key_results=krs)],
            )
        )
        assert not analyze_result(result).errors, (obj_verb, analyze_result(result).errors)
    for kr_verb in KR_VERB_CHOICES[lang]:
        assert KeyResultSlots(verb=kr_verb, metric=metric).verb == kr_verb


@pytest.mark.parametrize("word", ["null", "None", "n/a", "TBD", "à définir"])
def test_words_for_unknown_mean_null(word: str) -> None:
    assert KeyResultSlots(verb="Augmenter", metric="x", baseline=word).baseline is None
