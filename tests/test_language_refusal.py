"""Drafts in another language than French or English are refused with a message, never rewritten with moved numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rewriter import FakeModel, rewrite
from rewriter.batch import rewrite_many
from rewriter.draft_errors import UnsupportedLanguageError
from rewriter.evaluation.reading import repository_drafts
from rewriter.language import other_language
from rewriter.rewriting import check_language

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [json.loads(line) for line in (Path(__file__).parent / "data" / "language_samples.jsonl").open()]
GERMAN = "Kundenzufriedenheit von 70 % auf 80 % steigern"
SPANISH = "Aumentar la satisfacción del cliente del 70 % al 80 %"


@pytest.mark.parametrize("sample", SAMPLES, ids=[f"{s['lang']}:{s['text'][:40]}" for s in SAMPLES])
def test_short_lines_and_drafts_are_told_apart(sample: dict[str, str]) -> None:
    expected = None if sample["lang"] in ("fr", "en") else sample["lang"]
    assert other_language(sample["text"]) == expected


def test_no_french_or_english_draft_of_the_repository_nor_any_of_its_lines_is_refused() -> None:
    drafts = repository_drafts(ROOT)
    assert len(drafts) > 250
    assert [d[:60] for d in drafts if other_language(d)] == []
    lines = [line for d in drafts for line in d.splitlines() if len(line.split()) >= 2]
    assert [line for line in lines if other_language(line)] == []


@pytest.mark.parametrize(("draft", "language"), [(GERMAN, "German"), (SPANISH, "Spanish")])
def test_a_draft_in_another_language_is_refused_before_any_model_call(draft: str, language: str) -> None:
    fake = FakeModel()  # no answer queued: a call would fail the test
    with pytest.raises(UnsupportedLanguageError) as caught:
        rewrite(draft, model=fake)
    assert fake.history == []
    error = caught.value
    assert isinstance(error, ValueError) and error.code == "draft.language"
    assert f"looks written in {language}" in str(error) and "French and English only" in str(error)
    assert "ne lit que le français et l'anglais" in error.message("fr")
    assert {"German": "allemand", "Spanish": "espagnol"}[language] in error.message("fr")


def test_a_french_or_english_draft_passes_the_language_check() -> None:
    check_language("Objectif : Booster le MRR B2B via le PLG\nKR1 : Passer le NRR de 104 % à 112 %")
    check_language("Grow revenue in Europe")


def test_a_batch_gives_the_other_language_draft_an_error_row_with_its_code() -> None:
    records = rewrite_many(
        ["Objectif : Lancer la v2\nKR : Livrer la feature A", GERMAN],
        model=FakeModel({"objectives": [{"segment": None}]}),
        cache=False,
    )
    assert records[0].ok
    assert records[1].error_kind == "input" and records[1].error_code == "draft.language"
    assert records[1].error == f"item 2: {UnsupportedLanguageError('de')}"
    assert records[1].error_params["language"] == "de"


def test_the_cli_exits_2_with_the_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rewriter import cli

    draft = tmp_path / "entwurf.md"
    draft.write_text(f"Ziel: Unsere Kunden begeistern\nKR1: {GERMAN}\n", encoding="utf-8")
    assert cli.main(["rewrite", str(draft), "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "looks written in German: okr-rewriter reads French and English only" in captured.err
