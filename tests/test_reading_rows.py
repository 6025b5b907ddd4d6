"""Every rule of the reader is a data row with its examples and counter-examples: the corpus is the test."""

from __future__ import annotations

import pytest

from rewriter.reading.rows import SECTIONS, Row, all_rows

ROWS = all_rows()


def test_every_section_has_rows_and_ids_are_unique() -> None:
    assert {row.section for row in ROWS} == set(SECTIONS)
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.section}.{r.id}")
def test_row_matches_its_examples(row: Row) -> None:
    assert row.examples, f"{row.id} has no example"
    for example in row.examples:
        match = row.search(example.text)
        assert match, f"{row.id} does not match its example {example.text!r}"
        for group, value in example.groups.items():
            assert (match.group(group) or "").strip() == value, (row.id, example.text, group)


@pytest.mark.parametrize("row", [r for r in ROWS if r.counter], ids=lambda r: f"{r.section}.{r.id}")
def test_row_does_not_match_its_counter_examples(row: Row) -> None:
    for text in row.counter:
        assert not row.search(text), f"{row.id} matches its counter-example {text!r}"


def test_a_band_of_today_told_after_its_cue_is_the_start_as_written() -> None:
    from rewriter.reading.measures import read_measure

    slots = read_measure("Délai d'instruction : 10 jours (aujourd'hui 3 à 4 semaines)")
    assert (slots.baseline, slots.target, slots.direction) == ("3 à 4 semaines", "10 jours", "down")


def test_a_share_said_in_words_inside_from_to_is_the_start() -> None:
    from rewriter.reading.measures import read_measure

    slots = read_measure("Awareness of the advice centre in the SU survey: from about a third to 60%")
    assert (slots.baseline, slots.direction) == ("about a third", "up")
