"""The web form's parts without a browser: the language switch's table of interface texts, and handlers called
directly as the page would call them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from app_fixtures import (
    ALIGN_ANSWER,
    ALIGN_DRAFT,
    ALIGN_PARENT,
    CHOICE_DRAFT,
    CHOICE_METRIC,
    SOUND_OPEN_DRAFT,
    segment_answer,
)

from rewriter import FakeModel
from rewriter import presentation as ui
from rewriter.result import RewriteResult
from rewriter.rewriting import rewrite

GERMAN = "Ziel: Unsere Kunden begeistern\nKR1: Kundenzufriedenheit von 70 % auf 80 % steigern"


@pytest.fixture(scope="module")
def form() -> Any:
    import app

    return app.build_form(model_factory=lambda name: FakeModel(name="fake/form"))


def _part(form: Any, kind: str) -> Any:
    """The part of the form of class `kind` (Page, RewriteTab, BatchTab)."""
    return next(part for part in form.parts if type(part).__name__ == kind)


def _switched(form: Any) -> set[int]:
    """Ids of the components that some handler redraws when the page's language changes."""
    page = _part(form, "Page")
    return {
        out._id
        for fn in form.demo.fns.values()
        if (page.ui_lang._id, "change") in fn.targets
        for out in fn.outputs
    }


def _texts(block: Any) -> list[str]:
    """What a component shows as interface text: label, info, placeholder, text value, choice labels."""
    texts = [getattr(block, prop, None) for prop in ("label", "info", "placeholder", "value")]
    texts += [choice[0] for choice in getattr(block, "choices", None) or [] if isinstance(choice, tuple)]
    return [html.unescape(text) for text in texts if isinstance(text, str)]


def test_every_label_key_exists_in_both_languages(form: Any) -> None:
    rows = form.labels()
    assert len(rows) > 20
    for row in rows:
        assert row.key in ui.UI["fr"] and row.key in ui.UI["en"], row.key
        assert row.props("en") and row.props("fr")


def test_the_table_in_french_gives_the_texts_the_page_is_built_with(form: Any) -> None:
    """A row names the key its component was built with, so switching back to French restores the page."""
    for row in form.labels():
        for prop, value in row.props("fr").items():
            assert getattr(row.component, prop) == value, (row.key, prop)


def test_every_component_showing_interface_text_is_redrawn_on_a_language_switch(form: Any) -> None:
    """A component built with a French interface string is in the table, or its tab redraws it."""
    import app

    # Strings that differ between the languages and are shown as they are (not templates).
    french = {key: text for key, text in ui.UI["fr"].items() if text != ui.UI["en"][key] and "{" not in text}
    switched = _switched(form)
    missed = []
    for block in form.demo.blocks.values():
        shown = " ".join(_texts(block))
        keys = [key for key, text in french.items() if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown)]
        if keys and block._id not in switched:
            missed.append((type(block).__name__, block.elem_id, keys))
    assert missed == []
    # The table's rows are redrawn by one handler, whose outputs are the table's components.
    rows = form.labels()
    relabel_outputs = [
        [out._id for out in fn.outputs]
        for fn in form.demo.fns.values()
        if getattr(fn.fn, "func", None) is app.relabel
    ]
    assert relabel_outputs == [[block._id for block in app.relabelled(rows)]]


def test_relabel_gives_one_update_per_component_in_the_chosen_language(form: Any) -> None:
    import app

    rows = form.labels()
    page, rewrite_tab, batch_tab = (_part(form, kind) for kind in ("Page", "RewriteTab", "BatchTab"))
    updates = dict(zip((b._id for b in app.relabelled(rows)), app.relabel(rows, "en"), strict=True))
    assert updates[rewrite_tab.rewrite_btn._id]["value"] == "Rewrite"
    assert updates[rewrite_tab.draft._id]["label"] == ui.t("en", "draft")
    assert updates[rewrite_tab.draft._id]["placeholder"] == ui.t("en", "draft_placeholder")
    assert updates[rewrite_tab.diagnosis_title._id]["value"] == "### Diagnosis"
    assert updates[page.model._id] == gr.update(label="Model", info=ui.t("en", "model_info"))
    assert updates[page.out_lang._id]["choices"][0] == (ui.t("en", "out_lang_auto"), "auto")
    assert "Paste a draft OKR set" in updates[page.header._id]["value"]
    assert updates[batch_tab.run_btn._id]["value"] == ui.t("en", "batch_run")
    assert app.relabel(rows, "fr")[0]["value"] == page.header.value  # anything but "en" is French


def test_a_rewrite_fills_every_output_of_the_rewrite_tab(form: Any) -> None:
    import app

    tab = _part(form, "RewriteTab")
    assert len(tab.rewrite_outputs()) == 1 + app.REWRITE_PANELS
    fake = FakeModel(name="fake/form")
    steps = list(app.on_rewrite(lambda name: fake, SOUND_OPEN_DRAFT, "", "auto", "en"))
    for step in steps:
        assert len(step) == len(tab.rewrite_outputs())
    status, result_html, markdown, dl_md, dl_csv, dl_json, original, base, answers, took = steps[-1]
    assert "Draft already sound" in status
    assert "kept from your draft" in result_html and "Rendre l'onboarding autonome" in markdown
    assert all(Path(d["value"]).is_file() and d["interactive"] for d in (dl_md, dl_csv, dl_json))
    assert original == base and original["kept_as_is"] and answers == {} and took >= 0
    assert fake.history == [], "a sound draft needs no model"


def test_a_refused_draft_is_said_in_the_status_line_and_leaves_the_rest(form: Any) -> None:
    import app

    (step,) = app.on_rewrite(lambda name: FakeModel(), GERMAN, "", "auto", "fr")
    assert "okr-problem" in step[0] and "semble écrit en allemand" in step[0]
    assert all(update == gr.update() for update in step[1:]) and len(step) == 1 + app.REWRITE_PANELS


def test_answers_typed_under_a_rewrite_are_applied_without_a_model_call() -> None:
    import app

    state = rewrite(SOUND_OPEN_DRAFT, model=FakeModel()).to_dict()
    assert len(state["questions"]) == 2
    result_html, markdown, dl_md, _, _, base, answers = app.on_apply(state, "en", "fin T2 2027", "  ")
    assert "fin T2 2027" in result_html and "fin T2 2027" in markdown
    assert dl_md["interactive"] and Path(dl_md["value"]).read_text(encoding="utf-8") == markdown
    # The blank answer leaves its question open.
    assert markdown.count("By when") + markdown.count("À quelle date") == 1
    # Deadlines fill slots: the questions stay those of the rewrite, with the answer kept beside them.
    assert base == gr.update() and answers == {(0, 0, "deadline"): "fin T2 2027"}
    with pytest.raises(gr.Error, match="Lancez d'abord une réécriture"):
        app.on_apply(None, "fr")


def test_the_contribution_typed_under_an_objective_shows_under_it_without_a_model_call() -> None:
    import app

    state = rewrite(ALIGN_DRAFT, model=FakeModel()).to_dict()
    fields = [q["field"] for q in state["questions"]]
    assert fields == ["parent"]
    assert ui.question_label(RewriteResult.model_validate(state).questions[0], "fr") == "O1 · Contribution"
    result_html, markdown, _, _, _, base, answers = app.on_apply(state, "fr", ALIGN_ANSWER)
    assert 'class="okr-contribution"' in result_html
    assert f"Contribue à « {ALIGN_PARENT} »\xa0: {ALIGN_ANSWER}" in _text(result_html)
    assert f"Contribue à « {ALIGN_PARENT} » : {ALIGN_ANSWER}" in markdown
    assert base == gr.update() and answers == {(0, None, "parent"): ALIGN_ANSWER}
    # In English the label follows the page; the answer stays as typed.
    english = ui.result_html(RewriteResult.model_validate(state).answer(answers), "en")
    assert f"Contributes to “{ALIGN_PARENT}”: {ALIGN_ANSWER}" in _text(english)


def _text(page: str) -> str:
    """What an HTML fragment reads as: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_language_switch_redraws_the_rewrite_panels_from_the_states() -> None:
    import app

    made = rewrite(SOUND_OPEN_DRAFT, model=FakeModel()).to_dict()
    answered = {(0, 0, "deadline"): "fin T2 2027"}
    diagnosis, status, result_html = app.on_rewrite_lang("en", SOUND_OPEN_DRAFT, made, answered, made, 1.5)
    assert "Level 3" in diagnosis and "Draft already sound" in status
    assert "kept from your draft" in result_html and "fin T2 2027" in result_html
    diagnosis, status, result_html = app.on_rewrite_lang("fr", "", None, {}, None, 0.0)
    assert status == ""
    assert ui.t("fr", "empty_diagnosis") in diagnosis and ui.t("fr", "empty_result") in result_html


def test_a_batch_without_a_file_is_refused_in_the_status_line() -> None:
    import app

    status, *rest = app.on_batch(lambda name: FakeModel(), None, None, "", "auto", "en")
    assert "okr-problem" in status and ui.t("en", "error_empty_file") in status
    assert rest == [gr.update()] * 4


# ---- Chips: a metric offered under an objective, added as a KR by a click ---------------------------------
def _choice_rewrite() -> dict[str, Any]:
    """The rewrite of CHOICE_DRAFT as the page holds it: one grounded KR and one metric offered to choose."""
    fake = FakeModel(segment_answer(None))
    state = rewrite(CHOICE_DRAFT, model=fake).to_dict()
    [objective] = state["objectives"]
    assert len(objective["key_results"]) == 1
    assert [c["metric_id"] for c in objective["candidates"]] == [CHOICE_METRIC]
    return state


def _click(objective: Any, metric: Any) -> gr.EventData:
    """What ui.CHIPS_JS sends when a chip is clicked."""
    return gr.EventData(None, {"objective": objective, "metric": metric})


def _fields(state: dict[str, Any]) -> list[tuple[int | None, str]]:
    return [(q["kr"], q["field"]) for q in state["questions"]]


def test_a_clicked_chip_adds_its_kr_and_its_questions_without_a_model_call() -> None:
    import app

    state = _choice_rewrite()
    assert (None, "metric") in _fields(state)
    html_before = ui.result_html(RewriteResult.model_validate(state), "fr")
    assert f'data-metric="{CHOICE_METRIC}"' in html_before and "Indicateurs possibles" in html_before
    # The boxes as the page sends them, in the order of the questions: KR1's baseline typed, nothing else.
    values = ["9 jours" if field == (0, "baseline") else "" for field in _fields(state)]
    result_html, markdown, dl_md, _, _, base, answers = app.on_choose(
        _click(0, CHOICE_METRIC), state, "en", *values
    )
    # The KR is added under the objective, in the result's language, and its chip is gone.
    assert "okr-chip" not in result_html and "Possible metrics" not in result_html
    assert "2. Réduire le taux d'abandon du formulaire en ligne de [base à mesurer]" in markdown
    assert "de 9 jours à [cible à définir]" in markdown  # what was typed is applied along with the choice
    assert Path(dl_md["value"]).read_text(encoding="utf-8") == markdown
    # The questions are now those of two KRs: the new KR's values are asked, the measure no longer is.
    assert (None, "metric") not in _fields(base)
    assert {(1, "baseline"), (1, "target"), (1, "deadline")} <= set(_fields(base))
    assert base["objectives"][0]["key_results"][1]["metric_id"] == CHOICE_METRIC
    assert answers == {(0, 0, "baseline"): "9 jours"}


@pytest.mark.parametrize(
    "data",
    [
        {"objective": 0, "metric": "hr_time_to_hire"},  # a metric that was not offered
        {"objective": 3, "metric": CHOICE_METRIC},  # an objective the result does not have
        {"objective": "0", "metric": CHOICE_METRIC},
        {"objective": True, "metric": CHOICE_METRIC},
        {"metric": CHOICE_METRIC},
        {},
        None,
    ],
)
def test_a_click_that_names_no_offered_metric_changes_nothing(data: Any) -> None:
    import app

    state = _choice_rewrite()
    assert app.on_choose(gr.EventData(None, data), state, "fr") == (gr.update(),) * 7
    assert app.on_choose(_click(0, CHOICE_METRIC), None, "fr") == (gr.update(),) * 7


def test_a_second_click_on_the_same_chip_adds_nothing() -> None:
    import app

    state = _choice_rewrite()
    base = app.on_choose(_click(0, CHOICE_METRIC), state, "fr")[5]
    assert app.on_choose(_click(0.0, CHOICE_METRIC), base, "fr") == (gr.update(),) * 7
    assert len(base["objectives"][0]["key_results"]) == 2


def test_a_metric_typed_as_an_answer_becomes_a_kr_with_its_questions() -> None:
    import app

    state = _choice_rewrite()
    own = "le nombre d'actes demandés en ligne"
    values = [own if field == (None, "metric") else "" for field in _fields(state)]
    result_html, markdown, *_, base, answers = app.on_apply(state, "fr", *values)
    assert f"2. Faire passer {own} de [base à mesurer]" in markdown
    assert html.escape(own, quote=True) in result_html
    # The measure is no longer asked; the new KR's values are, and the metric is not kept as an answer to re-apply.
    assert (None, "metric") not in _fields(base) and (1, "baseline") in _fields(base)
    assert answers == {}
    # The offered metric stays offered: a third KR is the author's call.
    assert [c["metric_id"] for c in base["objectives"][0]["candidates"]] == [CHOICE_METRIC]


def test_a_metric_typed_and_a_chip_clicked_for_the_same_measure_add_one_kr() -> None:
    import app

    state = _choice_rewrite()
    name = state["objectives"][0]["candidates"][0]["name"]
    values = [name if field == (None, "metric") else "" for field in _fields(state)]
    base = app.on_choose(_click(0, CHOICE_METRIC), state, "fr", *values)[5]
    metrics = [kr["metric_id"] for kr in base["objectives"][0]["key_results"]]
    assert metrics.count(CHOICE_METRIC) == 1 and len(metrics) == 2


def test_a_language_switch_relabels_the_questions_where_they_stand() -> None:
    import app

    state = _choice_rewrite()
    questions = RewriteResult.model_validate(state).questions
    heading, *boxes, apply = app.questions_relabelled(questions, "en")
    assert heading["value"].startswith("### Open questions\n") and apply["value"] == "Apply answers"
    assert len(boxes) == len(questions)
    metric = boxes[[q.field for q in questions].index("metric")]
    assert metric == gr.update(label="O1 · Metric", placeholder=ui.ANSWER_HINTS["en"]["metric"])
    assert all("value" not in box for box in boxes), "what is typed in a box stays"
    french = app.questions_relabelled(questions, "fr")
    assert french[0]["value"].startswith("### Questions à trancher\n") and french[-1]["value"] == ui.t(
        "fr", "apply"
    )
