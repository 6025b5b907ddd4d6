"""The web form's HTML and text, without a browser: escaping, findings against lines, placeholders."""

from __future__ import annotations

from typing import Any

import pytest

from rewriter import FakeModel, presentation, rewrite
from rewriter.analyzer import analyze
from rewriter.batch import BatchRecord
from rewriter.parsing import parse
from rewriter.result import Question

DRAFT = "Objectif : Lancer la v2\n\nKR : Livrer la feature A\nKR : Mettre en production B"


def test_both_languages_have_the_same_interface_strings() -> None:
    assert presentation.UI["fr"].keys() == presentation.UI["en"].keys()
    assert presentation.ANSWER_HINTS["fr"].keys() == presentation.ANSWER_HINTS["en"].keys()


def test_findings_are_shown_under_the_line_they_concern() -> None:
    diagnosis = analyze(parse(DRAFT))
    html = presentation.diagnosis_html(DRAFT, diagnosis, "fr")
    assert "Niveau 1 · features" in html
    # Line 3 (after a blank line) keeps its number and carries the output-verb finding.
    line3 = html.split('value="3"', 1)[1].split("</li>", 1)[0]
    assert "Livrer la feature A" in line3 and 'data-code="kr.output_verb"' in line3
    assert 'value="2"' not in html  # blank lines are not listed
    assert "okr-line-error" in html


def test_diagnosis_escapes_the_draft() -> None:
    text = "Objectif : <script>alert(1)</script>\nKR : Livrer <b>A</b>"
    html = presentation.diagnosis_html(text, analyze(parse(text)), "en")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_diagnosis_dict_is_plain_json() -> None:
    found = presentation.diagnosis_dict(analyze(parse(DRAFT)), "en")
    assert found["level"] == 1
    codes = {f["code"] for f in found["findings"]}
    assert "kr.output_verb" in codes
    assert all(isinstance(f["message"], str) and f["message"] for f in found["findings"])


def test_placeholders_are_highlighted_and_text_escaped() -> None:
    assert presentation.highlight("de [base à mesurer] à <b>5</b>") == (
        'de <mark class="okr-ph">[base à mesurer]</mark> à &lt;b&gt;5&lt;/b&gt;'
    )


def test_result_html_shows_slots_initiatives_and_placeholders(valid_fr_answer: dict[str, Any]) -> None:
    draft = "Objectif : Lancer le nouvel onboarding\n- Livrer l'assistant\n- Mettre en production l'import"
    result = rewrite(draft, model=FakeModel(valid_fr_answer))
    assert result.ok, result.error
    html = presentation.result_html(result, "fr")
    assert "Améliorer l&#x27;activation des nouveaux comptes PME" in html
    assert html.count('class="okr-kr"') == 2
    assert '<mark class="okr-ph">[base à mesurer]</mark>' in html
    assert "fait bouger <span class='okr-tag'>KR2</span>" in html
    english_chrome = presentation.result_html(result, "en")
    assert "Key results" in english_chrome


def test_a_failed_result_shows_its_reason() -> None:
    result = rewrite(DRAFT, model=FakeModel("nope", "nope", "nope"))
    html = presentation.result_html(result, "en")
    assert "okr-failed" in html and "fake/model" in html


def test_answers_from_the_form_skip_blanks() -> None:
    questions = [
        Question(objective=0, kr=0, field="baseline", text="?"),
        Question(objective=0, kr=1, field="target", text="?"),
        Question(objective=0, kr=None, field="segment", text="?"),
    ]
    answers = presentation.answers_from(questions, [" 30 % ", "", "les PME"])
    assert answers == {(0, 0, "baseline"): "30 %", (0, None, "segment"): "les PME"}
    assert presentation.question_label(questions[0], "fr") == "O1 · KR1 · Base"
    assert presentation.question_label(questions[2], "en") == "O1 · Segment"


def test_api_answers_are_checked() -> None:
    assert presentation.answers_from_api(
        [{"objective": 0, "kr": None, "field": "segment", "value": "x"}]
    ) == {(0, None, "segment"): "x"}
    with pytest.raises(ValueError, match="answer #2"):
        presentation.answers_from_api([{"objective": 0, "kr": 0, "field": "target", "value": "1"}, {}])


def test_batch_rows_keep_one_row_per_input_and_say_why_a_row_failed(valid_fr_answer: dict[str, Any]) -> None:
    ok = rewrite("Objectif : Lancer l'onboarding\n- Livrer l'assistant", model=FakeModel(valid_fr_answer))
    records = [
        BatchRecord(index=0, label="row 2", id="a", draft_sha256="x", result=ok),
        BatchRecord(index=1, label="row 3", draft_sha256="y", error_kind="input", error="the draft is empty"),
    ]
    table = presentation.batch_rows(records, "en")
    assert len(table["data"]) == 2 and len(table["headers"]) == len(presentation.BATCH_COLUMN_WIDTHS)
    assert table["data"][0][2] == "rewritten" and "\\[" in table["data"][0][4]
    assert table["data"][1][2] == "error (input) : the draft is empty"


def test_markdown_cells_escape_markup() -> None:
    assert presentation.md_text("a *b* [c](d)") == r"a \*b\* \[c\]\(d\)"
