"""The web form's HTML and text, without a browser: escaping, findings against lines, placeholders."""

from __future__ import annotations

from typing import Any

import pytest

from rewriter import FakeModel, presentation, rewrite
from rewriter.analyzer import analyze
from rewriter.batch import BatchRecord
from rewriter.parsing import parse
from rewriter.render import rerender
from rewriter.result import Candidate, Initiative, KeyResult, Objective, Question, RewriteResult

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


def mixed_result() -> RewriteResult:
    """A rewrite as engine v2 makes one: a kept KR, a library KR, a reworded measure and a metric to choose."""
    kept = KeyResult(
        verb="Réduire",
        metric="le taux d'abandon de panier",
        baseline="72",
        target="60",
        unit="%",
        deadline="fin T3 2027",
        source="draft",
        draft_text="Réduire le taux d'abandon de panier de 72% à 60% d'ici fin T3 2027",
        metric_id="ecom_cart_abandonment_rate",
    )
    library = KeyResult(
        verb="Augmenter", metric="le taux de conversion des achats", unit="%", source="library", metric_id="x"
    )
    measure = KeyResult(verb="Porter", metric="la note de l'appli", target="4,5", source="draft")
    to_choose = KeyResult(verb="Faire passer", metric="[indicateur à choisir]", source="code")
    objective = Objective(
        verb="Simplifier",
        qualifier="l'achat en ligne",
        target="",
        source="library",
        key_results=[kept, library, measure, to_choose],
        initiatives=[Initiative(text="Intégrer Apple Pay <mobile>", kr=1)],
    )
    return rerender(RewriteResult(lang="fr", draft="x", objectives=[objective]))


def kr_items(html: str) -> list[str]:
    return [item.split("</li>", 1)[0] for item in html.split('<li class="okr-kr">')[1:]]


@pytest.mark.parametrize(
    ("lang", "kept", "reworded", "suggested", "moves"),
    [
        ("fr", "gardé du brouillon", "repris du brouillon", "indicateur suggéré", "fait bouger"),
        ("en", "kept from your draft", "from your draft", "suggested metric", "moves"),
    ],
)
def test_result_html_marks_what_is_the_pms_and_what_is_suggested(
    lang: Any, kept: str, reworded: str, suggested: str, moves: str
) -> None:
    html = presentation.result_html(mixed_result(), lang)
    items = kr_items(html)
    assert len(items) == 4
    assert "okr-source-kept" in items[0] and kept in items[0] and suggested not in items[0]
    assert "okr-source-library" in items[1] and suggested in items[1] and kept not in items[1]
    assert "okr-source-draft" in items[2] and reworded in items[2] and kept not in items[2]
    assert "okr-source" not in items[3]  # a metric to choose is nobody's yet: its placeholder says so
    # The kept KR is the PM's sentence, nothing to fill; the rest show their placeholders highlighted.
    assert "okr-ph" not in items[0].split('<div class="okr-slots">')[0]
    assert '<mark class="okr-ph">[base à mesurer]</mark>' in items[1]
    assert '<mark class="okr-ph">[indicateur à choisir]</mark>' in items[3]
    heading = html.split('<h3 class="okr-o-sentence">', 1)[1].split("</h3>", 1)[0]
    assert heading == 'Simplifier l&#x27;achat en ligne pour <mark class="okr-ph">[segment à préciser]</mark>'
    assert (
        f"Intégrer Apple Pay &lt;mobile&gt; <span class='okr-link'>→ {moves} <span class='okr-tag'>KR2</span>"
        in html
    )


def test_a_kept_objective_is_marked_as_the_pms_own() -> None:
    result = mixed_result()
    result.objectives[0].draft_text = "Refaire le tunnel de commande pour les acheteurs mobiles"
    html = presentation.result_html(rerender(result), "en")
    label = html.split('<div class="okr-o-label">', 1)[1].split("</div>", 1)[0]
    assert "kept from your draft" in label
    assert "Refaire le tunnel de commande pour les acheteurs mobiles</h3>" in html
    assert "kept from your draft" not in presentation.result_html(mixed_result(), "en").split("<h3")[0]


ROADMAP = "Objectif : Lancer la v2\n- Livrer la feature A\n- Livrer la feature B"


@pytest.mark.parametrize(
    ("lang", "note", "other"),
    [
        ("fr", "Le modèle n'a pas pu terminer la réécriture", "could not finish"),
        ("en", "could not finish", "n'a pas pu"),
    ],
)
def test_a_result_waiting_for_input_shows_a_note_in_the_page_language_not_an_error(
    lang: Any, note: str, other: str
) -> None:
    result = rewrite(ROADMAP, model=FakeModel("nope", "nope", "nope"))
    assert result.ok and result.needs_input and result.provenance and result.provenance.error
    html = presentation.result_html(result, lang)
    assert "okr-failed" not in html and presentation.t(lang, "failed") not in html
    notice = html.split('class="okr-note okr-needs-input"', 1)[1].split("</p>", 1)[0]
    assert presentation.esc(note) in notice and other not in notice
    assert presentation.esc(result.provenance.error) not in html  # the model's error is not the PM's business
    assert len(kr_items(html)) == len(result.objectives[0].key_results) >= 1  # the composed rewrite is shown
    # The replaced delivery objective is carried first, then the deliverables, all word for word.
    assert [i.text for i in result.objectives[0].initiatives] == [
        "Lancer la v2",
        "Livrer la feature A",
        "Livrer la feature B",
    ]


def test_the_status_after_a_model_failure_says_what_was_built_not_the_banner_again() -> None:
    result = rewrite(ROADMAP, model=FakeModel("nope", "nope", "nope"))
    fr = presentation.rewrite_status(result, "fr", seconds=2.0, model="fake/x")
    en = presentation.rewrite_status(result, "en", seconds=2.0, model="fake/x")
    assert fr.startswith("Établi par les règles en 2 s (fake/x, 3 appels, sans réponse valide) :")
    assert en.startswith("Built by the rules in 2 s (fake/x, 3 calls, no valid answer):")
    assert "initiatives" in fr and "initiatives" in en  # the deliverables carried are counted, as on success
    assert "pas pu" not in fr and "could not" not in en  # the result's banner already says the model failed


def test_a_complete_result_has_no_waiting_note() -> None:
    assert "okr-needs-input" not in presentation.result_html(mixed_result(), "fr")


def test_an_error_result_shows_its_reason() -> None:
    # Batch and API records may still carry an error; the page says so instead of showing an empty rewrite.
    result = RewriteResult(lang="fr", draft="x", error="fake/model failed: <timeout>")
    html = presentation.result_html(result, "en")
    assert "okr-failed" in html and presentation.t("en", "failed") in html
    assert "fake/model failed: &lt;timeout&gt;" in html


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


def test_batch_rows_keep_one_row_per_input_and_say_why_a_row_failed() -> None:
    ok = rewrite(ROADMAP, model=FakeModel({"objectives": [{"segment": None}]}))
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


def test_parents_and_unused_facts_are_shown_as_the_draft_says_them_and_escaped() -> None:
    from rewriter.rewriting import finish, prepare

    # Three KRs already: the stated fact is not made a fourth one, it is shown as the draft's context.
    draft = (
        "Mission : <b>nourrir</b> sans gaspiller\n"
        "note : 3 livreurs sur 10 en intérim\n"
        "Objectif : Livrer les colis en bon état\n"
        "- Réduire la part des colis abîmés de 14 % à 5 %\n"
        "- Réduire les réclamations de 120 à 60 par mois\n"
        "- Augmenter la note des clients de 3,9 à 4,5\n"
    )
    page = presentation.result_html(finish(None, prepare(draft), "code"), "fr")
    assert "Contribue à" in page and "Mission : &lt;b&gt;nourrir&lt;/b&gt; sans gaspiller" in page
    assert "Contexte du brouillon" in page and "3 livreurs sur 10" in page


def offering_result() -> RewriteResult:
    """One grounded KR and two metrics offered to choose, one of them with markup in its name."""
    grounded = KeyResult(verb="Réduire", metric="le délai de délivrance", source="library", metric_id="a")
    objective = Objective(
        verb="Accélérer",
        qualifier="la délivrance des actes",
        target="les usagers",
        key_results=[grounded],
        candidates=[
            Candidate(
                metric_id="pub_form_abandonment_rate",
                name="le taux d'abandon du formulaire",
                verb="Réduire",
                unit="%",
                matched=["formulaire", "<demandes>"],
            ),
            Candidate(metric_id='x"><script>', name="la part <b>en ligne</b>", verb="Augmenter"),
        ],
    )
    return rerender(RewriteResult(lang="fr", draft="x", objectives=[objective]))


def test_offered_metrics_are_escaped_chips_under_their_objective_in_the_page_language() -> None:
    result = offering_result()
    for lang, label, help_start in (
        ("fr", "Indicateurs possibles (à choisir)", "Cliquez sur un indicateur"),
        ("en", "Possible metrics (to choose)", "Click a metric"),
    ):
        html = presentation.result_html(result, lang)
        section = html.split('<div class="okr-candidates">', 1)[1].split('<p class="okr-hint">', 1)[0]
        assert label in html.split('<div class="okr-candidates">', 1)[1] and help_start in html
        chips = section.split('<button type="button" class="okr-chip"')[1:]
        assert len(chips) == 2
        # Verb and name as the result writes them (its language), escaped; the draft's words in the title.
        assert 'data-objective="0" data-metric="pub_form_abandonment_rate"' in chips[0]
        assert "Réduire le taux d&#x27;abandon du formulaire</button>" in chips[0]
        assert "&lt;demandes&gt;" in chips[0] and "<demandes>" not in chips[0]
        assert 'data-metric="x&quot;&gt;&lt;script&gt;"' in chips[1]
        assert "Augmenter la part &lt;b&gt;en ligne&lt;/b&gt;</button>" in chips[1]
        assert "<script>" not in html and "<b>" not in html
    # The chips sit in their objective's card, after its KRs.
    card = presentation.result_html(result, "fr").split('<section class="okr-objective">', 1)[1]
    assert card.index('class="okr-krs"') < card.index("okr-chip") < card.index("</section>")
    assert "okr-chip" not in presentation.result_html(mixed_result(), "fr")  # nothing offered, no chips


def test_a_chip_click_counts_only_when_it_names_a_metric_still_offered() -> None:
    result = offering_result()
    assert presentation.chip_choice(result, {"objective": 0, "metric": "pub_form_abandonment_rate"}) == (
        0,
        "pub_form_abandonment_rate",
    )
    assert presentation.chip_choice(result, {"objective": 0.0, "metric": 'x"><script>'}) == (0, 'x"><script>')
    for data in (
        {"objective": 0, "metric": "a"},  # a KR already, not an offer
        {"objective": 1, "metric": "pub_form_abandonment_rate"},
        {"objective": -1, "metric": "pub_form_abandonment_rate"},
        {"objective": 0.5, "metric": "pub_form_abandonment_rate"},
        {"objective": False, "metric": "pub_form_abandonment_rate"},
        {"objective": 0, "metric": ["pub_form_abandonment_rate"]},
        "pub_form_abandonment_rate",
        None,
    ):
        assert presentation.chip_choice(result, data) is None, data


def test_a_metric_named_in_the_answers_becomes_a_kr_and_the_rest_stay_answers() -> None:
    result = offering_result()
    answers = {
        (0, None, "metric"): "le taux d'abandon du formulaire",  # an offered metric, by its name
        (0, 0, "baseline"): "12 jours",
        (0, None, "segment"): "les familles",
    }
    added, rest = presentation.with_named_metrics(result, answers)
    assert rest == {(0, 0, "baseline"): "12 jours", (0, None, "segment"): "les familles"}
    krs = added.objectives[0].key_results
    assert [kr.metric_id for kr in krs] == ["a", "pub_form_abandonment_rate"]
    assert [c.metric_id for c in added.objectives[0].candidates] == ['x"><script>']
    assert not any(q.field == "metric" for q in added.questions)
    assert krs[0].baseline is None  # the slots are filled on top, not in the result the questions come from
    unchanged, same = presentation.with_named_metrics(result, rest)
    assert unchanged is result and same == rest


def test_the_metric_question_has_a_hint_in_both_languages() -> None:
    question = next(q for q in offering_result().questions if q.field == "metric")
    assert "Choisissez une proposition ou écrivez le vôtre" in question.text
    assert presentation.question_hint(question, "fr").startswith("ex. ")
    assert presentation.question_hint(question, "en").startswith("e.g. ")
