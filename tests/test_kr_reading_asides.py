"""Today's level written aside, aims written in words, labels and arrows: read by code, without a model."""

import pytest

from rewriter.kr_reading import read_key_result


@pytest.mark.parametrize(
    ("text", "metric", "baseline", "target", "unit"),
    [
        ("Réduire le temps de réponse sous 4 min (vs 9 aujourd'hui)", "le temps de réponse", "9", "4", "min"),
        ("Porter le score qualité >= 85/100 (actuellement 71)", "le score qualité", "71", "85", "/100"),
        ("Grow ARR to $2.4M (was $1.7M)", "ARR", "1.7", "2.4", "M$"),
        ("Reduce tickets (baseline 5,400/month) to 4,000/month", "tickets", "5,400", "4,000", "/month"),
        (
            "Augmenter le taux de conversion (currently ~30% je crois) à 40 %",
            "le taux de conversion",
            "~30",
            "40",
            "%",
        ),
        ("Réduire le délai de clôture de J+12 -> J+6", "le délai de clôture", "12", "6", "jours"),
    ],
    ids=[
        "vs-today",
        "actuellement-comparator",
        "was-currency",
        "baseline-per-month",
        "currently-hedged",
        "arrow-days",
    ],
)
def test_an_aside_on_todays_level_is_the_baseline_and_no_part_of_the_metric(
    text: str, metric: str, baseline: str, target: str, unit: str
) -> None:
    read = read_key_result(text)
    assert (read.metric, read.baseline, read.target, read.unit) == (metric, baseline, target, unit)


def test_an_aim_written_in_words_is_the_target_and_the_number_before_it_the_start() -> None:
    read = read_key_result("Réduire le délai de livraison from 3 days to same day")
    assert (read.metric, read.baseline, read.target) == ("le délai de livraison", "3", "same day")


def test_a_window_glued_to_its_letter_is_part_of_the_metric_not_the_baseline() -> None:
    read = read_key_result("Raise activation rate 7d -> 45%")
    assert read.baseline is None and read.target == "45"
    assert "7d" in read.metric


def test_a_kr_label_with_its_number_is_no_word_of_the_metric() -> None:
    read = read_key_result("Key Result #2 : Réduire la conso électrique de 10 % vs T3 2026")
    assert read.verb == "Réduire"
    assert "Key" not in read.metric and "#2" not in read.metric
    assert read.relative


def test_an_aside_that_says_nothing_of_today_stays_in_the_metric() -> None:
    read = read_key_result("Augmenter le NPS (enquête trimestrielle) de 30 à 45")
    assert "enquête trimestrielle" in read.metric
    assert (read.baseline, read.target) == ("30", "45")
