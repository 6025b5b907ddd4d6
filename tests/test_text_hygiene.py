"""Odd text on every door: invalid Unicode cleaned, noise refused before any model call, bidi controls neutralised."""

from __future__ import annotations

import json
import random

import pytest

from rewriter import FakeModel, presentation, rewrite
from rewriter.analyzer import analyze
from rewriter.batch import rewrite_many
from rewriter.draft_errors import (
    BinaryDraftError,
    DraftError,
    DraftTooLongError,
    EmptyDraftError,
    NotTextError,
    NoWordsError,
)
from rewriter.parsing import parse
from rewriter.rewriting import MAX_DRAFT_CHARS, check_text
from rewriter.text_hygiene import clean_text, has_words, without_bidi

NULL = {"objectives": [{"segment": None}]}
ROADMAP = "Objectif : Lancer la v2\nKR : Livrer la feature A"


def _noise(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.choice([*range(1, 9), *range(11, 32), *range(0x7F, 0xA0)])) for _ in range(n))


def test_lone_surrogates_and_control_characters_are_cleaned() -> None:
    assert clean_text("Réduire le churn\udcff de 5 %") == "Réduire le churn\ufffd de 5 %"
    assert clean_text("KR\x01 : Augmenter\x1b le NPS\x7f") == "KR  : Augmenter  le NPS "
    assert clean_text("\ufeffObjectif") == "Objectif"
    assert clean_text("Re\u0301duire") == "Réduire"  # composed, so the word lists match it
    assert clean_text("ligne 1\n\tligne 2\r\n") == "ligne 1\n\tligne 2\r\n"


def test_a_lone_surrogate_gives_an_encodable_rewrite() -> None:
    result = rewrite(f"{ROADMAP} \udcff", model=FakeModel(NULL))
    markdown = result.to_markdown()
    markdown.encode("utf-8")
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    assert "\ufffd" in result.draft
    diagnosis = presentation.diagnosis_dict(analyze(parse(f"{ROADMAP} \udcff")), "fr")
    json.dumps(diagnosis, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "text", [_noise(1), _noise(2), "\udcff", "\x01\x02\x03 \x04", "☃☃☃ ✓ →", "Привет мир, как дела"]
)
def test_text_without_french_or_english_words_gets_a_note_and_no_model_call(text: str) -> None:
    fake = FakeModel()  # nothing queued: a model call would fail
    with pytest.raises(NoWordsError) as caught:
        rewrite(text, model=fake)
    assert fake.history == []
    assert "No French or English words" in str(caught.value)
    assert "Aucun mot français ou anglais" in caught.value.message("fr")
    [record] = rewrite_many([text], model=fake, cache=False)
    assert record.error_kind == "input" and record.error_code == "draft.no_words"


@pytest.mark.parametrize(
    "text", ["KR : MRR +15 % QoQ", "Boost NPS among SMBs", "Hit 99.9% API uptime", "Croissance", "Fidéliser"]
)
def test_short_drafts_of_the_trade_have_words(text: str) -> None:
    assert has_words(text)


@pytest.mark.parametrize(
    ("text", "error", "code", "french"),
    [
        ("  \n ", EmptyDraftError, "draft.empty", "Le brouillon est vide"),
        ("x" * (MAX_DRAFT_CHARS + 1), DraftTooLongError, "draft.too_long", "la limite est de 20\u202f000"),
        ("Objectif\x00 : x", BinaryDraftError, "draft.binary", "octets NUL"),
        (123, NotTextError, "draft.not_text", "pas int"),
    ],
)
def test_check_text_raises_typed_errors_with_a_code_and_both_languages(
    text: object, error: type[DraftError], code: str, french: str
) -> None:
    with pytest.raises(error) as caught:
        check_text(text)  # type: ignore[arg-type]
    assert caught.value.code == code and isinstance(caught.value, ValueError | TypeError)
    assert french in caught.value.message("fr")
    assert str(caught.value) == caught.value.message("en")


def test_the_english_messages_are_unchanged() -> None:
    with pytest.raises(
        ValueError, match=r"^The draft is empty: paste at least one objective or key result\.$"
    ):
        check_text(" ")
    with pytest.raises(ValueError, match="The draft is 20,001 characters long; the limit is 20,000"):
        check_text("x" * 20_001)


BIDI = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069"


def test_bidi_controls_are_neutralised_in_the_html() -> None:
    draft = "Objectif : Lancer la v2 \u202egnp.exe\u202c\nKR : Livrer la feature \u2067A\u2069"
    assert without_bidi(f"a{BIDI}b") == "ab"
    diagnosis = presentation.diagnosis_html(draft, analyze(parse(draft)), "fr")
    result = presentation.result_html(rewrite(draft, model=FakeModel(NULL)), "fr")
    for html in (diagnosis, result):
        assert not any(c in html for c in BIDI)
        assert "gnp.exe" in html
