"""Engine v2 as a PM sees it, in a real headless Chromium: paste, diagnose, rewrite, answer, switch language, batch.

Three drafts cover the three things a rewrite can do: a sound draft is kept with no model call, a roadmap is
rewritten from the metric library with its deliverables as initiatives, and a model that fails leaves code's
rewrite with a note (never the model's error). A fourth gets one KR and a metric offered as a chip, which a
click adds. Each state is screenshotted into evals/reports/ (gitignored)
for review by eye.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import (
    ALIGN_ANSWER,
    ALIGN_DRAFT,
    ALIGN_OBJECTIVE,
    ALIGN_PARENT,
    CHOICE_DRAFT,
    CHOICE_METRIC,
    GARBAGE_ANSWERS,
    ROADMAP_DELIVERABLES,
    ROADMAP_DRAFT,
    ROOT,
    SOUND_DRAFT,
    SOUND_OPEN_DRAFT,
    ServedApp,
    fake,
    segment_answer,
    served_app,
)

from rewriter import FakeModel

pytestmark = pytest.mark.browser
__all__ = ["fake", "served_app"]  # fixtures used by name

CHROMIUM = os.environ.get("OKR_REWRITER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SHOTS = ROOT / "evals" / "reports"
TIMEOUT_MS = 30_000

# Interface strings of one language that must never show on the other language's page.
ENGLISH_ONLY = ("kept from your draft", "suggested metric", "Open questions", "Apply answers", "The model")
FRENCH_ONLY = ("gardé du brouillon", "indicateur suggéré", "Questions à trancher", "Appliquer", "Le modèle")
# What the model's failure looks like inside the engine: it belongs in provenance, never on the page.
MODEL_ERROR_BITS = ("gave no valid answer", "Invalid JSON", "validation error", "Traceback")


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium chromium-driver` "
            "(or `make browser-deps`), or point OKR_REWRITER_CHROMIUM at it",
            pytrace=False,
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            viewport={"width": 1366, "height": 900},
            locale="fr-FR",
        )
        try:
            yield context
        finally:
            context.close()


def _open(browser_context: object, served_app: ServedApp) -> object:
    from playwright.sync_api import BrowserContext, expect

    assert isinstance(browser_context, BrowserContext)
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served_app.url)
    expect(page.locator("#draft textarea")).to_be_visible()
    return page


def _shot(page: object, name: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.screenshot(path=str(SHOTS / f"app-{name}.png"), full_page=True)


def _rewrite_text(page: object) -> str:
    """What the PM reads on the rewrite side: status, result and questions."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    return " ".join(page.locator(sel).inner_text() for sel in ("#status", "#result"))


def _assert_clean(text: str, lang: str) -> None:
    """No raw JSON, no model error, no string of the other language."""
    assert '{"' not in text and "objectives" not in text, text
    for bit in MODEL_ERROR_BITS:
        assert bit not in text, f"{bit!r} shown to the PM"
    for other in ENGLISH_ONLY if lang == "fr" else FRENCH_ONLY:
        assert other not in text, f"{other!r} on the {lang} page"


def test_a_sound_draft_is_diagnosed_at_once_and_kept_without_a_model_call(
    browser_context: object, served_app: ServedApp, fake: FakeModel
) -> None:
    from playwright.sync_api import Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    start = time.perf_counter()
    page.locator("#draft textarea").fill(SOUND_OPEN_DRAFT)
    diagnosis = page.locator("#diagnosis")
    expect(diagnosis.locator(".okr-level")).to_contain_text("Niveau 3")
    expect(diagnosis.locator(".okr-suggestion").first).to_be_visible()
    shown_after = time.perf_counter() - start
    print(f"\ndiagnosis and suggested metrics shown {shown_after:.2f} s after the paste")
    assert shown_after < 10, "the diagnosis must follow the paste, not a model call"
    expect(diagnosis.locator(".okr-subtitle")).to_contain_text("Indicateurs suggérés")
    # The missing deadline is pointed at the KR lines themselves.
    expect(diagnosis.locator('.okr-line[value="2"] .okr-finding').first).to_be_visible()

    page.locator("#rewrite-btn").click()
    status = page.locator("#status")
    expect(status).to_have_text(
        "Brouillon déjà solide : gardé tel quel, sans appel au modèle — répondez aux questions."
    )
    result = page.locator("#result")
    krs = result.locator(".okr-kr")
    expect(krs).to_have_count(2)
    own = SOUND_OPEN_DRAFT.splitlines()
    expect(result.locator(".okr-o-sentence")).to_have_text(own[0].removeprefix("Objectif : "))
    expect(result.locator(".okr-o-label .okr-source-kept")).to_have_text("gardé du brouillon")
    for kr, line in zip(krs.all(), own[1:], strict=True):
        sentence = kr.locator(".okr-sentence")
        expect(sentence).to_contain_text(line.split(" : ", 1)[1])
        expect(sentence.locator(".okr-source-kept")).to_have_text("gardé du brouillon")
    expect(result.locator(".okr-source-library")).to_have_count(0)
    expect(result.locator(".okr-provenance")).to_have_text(
        "Sans appel au modèle : règles et bibliothèque d'indicateurs."
    )
    questions = page.locator("#questions")
    expect(questions.locator("textarea")).to_have_count(2)
    expect(questions).to_contain_text("O1 · KR1 · Échéance")
    expect(questions).to_contain_text("À quelle date mesurer « le taux d'activation à 7 jours » ?")
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "1-sound-kept-fr")
    assert fake.history == [], "a sound draft must not call the model"

    # A sound draft with nothing missing: kept, and no question to answer.
    page.locator("#draft textarea").fill(SOUND_DRAFT)
    page.locator("#rewrite-btn").click()
    expect(status).to_have_text("Brouillon déjà solide : gardé tel quel, sans appel au modèle.")
    expect(page.locator("#questions")).to_have_count(0)
    assert fake.history == []
    page.close()


def test_a_roadmap_gets_library_krs_and_keeps_its_deliverables_as_initiatives(
    browser_context: object, served_app: ServedApp, fake: FakeModel, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    page.locator("#draft textarea").fill(ROADMAP_DRAFT)
    expect(page.locator("#diagnosis .okr-level")).to_contain_text("Niveau 2")
    fake.enqueue(segment_answer(None))  # the draft names nobody: the model rightly finds no segment
    page.locator("#rewrite-btn").click()

    status = page.locator("#status")
    expect(status).to_contain_text("Réécrit en")
    expect(status).to_contain_text("(fake/app, 1 appel)")
    expect(status).to_contain_text("1 KR sur 1 vient de la bibliothèque d'indicateurs")
    expect(status).to_contain_text("les 3 initiatives sont les livrables de votre brouillon")
    assert len(fake.history) == 1

    result = page.locator("#result")
    heading = result.locator(".okr-o-sentence")
    expect(heading.locator("mark.okr-ph")).to_have_text("[segment à préciser]")
    library = result.locator(".okr-kr .okr-source-library")
    expect(library).to_have_count(1)
    for badge in library.all():
        expect(badge).to_have_text("indicateur suggéré")
    expect(result.locator(".okr-source-kept")).to_have_count(0)
    # Every value the draft did not give is a highlighted placeholder, in the sentence and in its slots.
    first_kr = result.locator(".okr-kr").first
    expect(first_kr.locator(".okr-sentence mark.okr-ph")).to_have_count(3)
    expect(first_kr.locator(".okr-slot mark.okr-ph").first).to_be_visible()
    initiatives = result.locator(".okr-initiatives li")
    expect(initiatives).to_have_count(3)
    for item, deliverable in zip(initiatives.all(), ROADMAP_DELIVERABLES, strict=True):
        expect(item).to_contain_text(deliverable)
        expect(item.locator(".okr-tag")).to_have_text(re.compile(r"^KR1$"))  # which KR it moves
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "2-roadmap-fr")

    # Answer the segment and KR1's baseline: the result re-renders without a model call.
    questions = page.locator("#questions")
    expect(questions).to_contain_text("O1 · Segment")
    boxes = questions.locator("textarea")
    boxes.nth(0).fill("les nouveaux utilisateurs mobiles")
    # The second box asks which metric to add (one KR only); the third is KR1's baseline.
    boxes.nth(2).fill("12 %")
    page.locator("#apply-answers").click()
    # The objective's wording is the engine's; what the page must do is put the answer in place of the mark.
    expect(heading).to_contain_text("pour les nouveaux utilisateurs mobiles")
    expect(heading.locator("mark.okr-ph")).to_have_count(0)
    expect(first_kr.locator(".okr-sentence")).to_contain_text("de 12 % à")
    expect(first_kr.locator(".okr-sentence mark.okr-ph")).to_have_count(2)
    assert len(fake.history) == 1, "answering must not call the model"
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "3-roadmap-answered-fr")

    with page.expect_download() as download_info:
        page.locator("#dl-md").click()
    saved = tmp_path / "download.md"
    download_info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "pour les nouveaux utilisateurs mobiles" in text and "de 12 % à [cible à définir]" in text

    # In English, the status says the same about the same rewrite, and the answers typed stay applied.
    page.locator("#ui-lang label", has_text="English").click()
    expect(status).to_contain_text("(fake/app, 1 call): 1 of 1 KRs comes from the metric library")
    expect(status).to_contain_text("the 3 initiatives are your draft's deliverables")
    expect(heading).to_contain_text("pour les nouveaux utilisateurs mobiles")
    expect(result.locator(".okr-source-library").first).to_have_text("suggested metric")
    page.set_viewport_size({"width": 420, "height": 900})
    _shot(page, "4-roadmap-answered-narrow-en")
    page.close()


def test_a_failing_model_leaves_a_usable_rewrite_with_a_note_in_the_page_language(
    browser_context: object, served_app: ServedApp, fake: FakeModel
) -> None:
    from playwright.sync_api import Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    page.locator("#draft textarea").fill(ROADMAP_DRAFT)
    fake.enqueue(*GARBAGE_ANSWERS)
    page.locator("#rewrite-btn").click()

    status = page.locator("#status")
    # The banner in the result says the model failed; the status line says what was built, once.
    expect(status).to_contain_text("Établi par les règles en")
    expect(status).to_contain_text(f"(fake/app, {len(GARBAGE_ANSWERS)} appels, sans réponse valide) :")
    expect(status).to_contain_text("1 KR sur 1 vient de la bibliothèque d'indicateurs")
    expect(status).not_to_contain_text("n'a pas pu")
    assert len(fake.history) == len(GARBAGE_ANSWERS)
    result = page.locator("#result")
    expect(result.locator(".okr-needs-input")).to_contain_text("Le modèle n'a pas pu terminer la réécriture")
    expect(result.locator(".okr-failed")).to_have_count(0)
    expect(result.locator(".okr-kr")).to_have_count(1)  # code's rewrite, in full
    expect(result.locator(".okr-initiatives li")).to_have_count(3)
    expect(page.locator("#questions")).to_contain_text("O1 · Segment")
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "5-model-failed-fr")

    page.locator("#ui-lang label", has_text="English").click()
    expect(status).to_contain_text("Built by the rules in")
    expect(status).to_contain_text(f"(fake/app, {len(GARBAGE_ANSWERS)} calls, no valid answer):")
    expect(status).to_contain_text("1 of 1 KRs comes from the metric library")
    expect(result.locator(".okr-needs-input")).to_contain_text("The model could not finish the rewrite")
    expect(result.locator(".okr-kr .okr-source-library").first).to_have_text("suggested metric")
    expect(page.locator("#questions")).to_contain_text("Open questions")
    expect(page.locator("#rewrite-btn")).to_have_text("Rewrite")
    expect(page.get_by_text("Examples", exact=True)).to_be_visible()
    expect(page.get_by_text("Exemples", exact=True)).to_have_count(0)
    # The rewrite itself stays in the draft's language; only the page around it is English.
    page_text = " ".join(
        text
        for sel in ("#status", ".okr-needs-input", ".okr-source", "#questions label")
        for text in page.locator(sel).all_inner_texts()
    )
    _assert_clean(page_text, "en")
    assert len(fake.history) == len(GARBAGE_ANSWERS), "switching the language must not call the model"
    _shot(page, "6-model-failed-en")
    page.close()


def test_the_batch_table_flags_rows_that_need_input(
    browser_context: object, served_app: ServedApp, fake: FakeModel, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    upload = tmp_path / "okrs.csv"
    quoted = ROADMAP_DRAFT.replace('"', '""')
    upload.write_text(
        f'équipe;brouillon\nMobile;"{quoted}"\nSupport;"{SOUND_DRAFT}"\nVide;\n', encoding="utf-8"
    )
    # Only the roadmap row asks the model, so the queue's order cannot be mixed up by concurrency.
    fake.enqueue(*GARBAGE_ANSWERS)
    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    page.get_by_role("tab", name="Lot").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(upload))
    expect(page.locator("#batch-status")).to_contain_text("3 brouillon(s)")
    expect(page.locator("#batch-column input")).to_have_value("brouillon")
    preview = page.locator("#batch-preview")
    expect(preview).to_contain_text("ligne 2")
    assert "line" not in preview.inner_text().split()
    page.locator("#batch-btn").click()
    expect(page.locator("#batch-status")).to_have_text(
        "2 réécriture(s) dont 1 à compléter, 1 erreur(s) sur 3 ligne(s)."
    )
    table = page.locator("#batch-results")
    # Gradio's table is a grid of role=row elements; the first is the header.
    rows = table.get_by_role("row")
    expect(rows).to_have_count(4)
    flagged, kept, blank = rows.nth(1), rows.nth(2), rows.nth(3)
    expect(flagged).to_contain_text("ligne 2")
    expect(flagged).to_contain_text("à compléter")
    expect(flagged).to_contain_text("pour [segment à préciser]")
    expect(kept).to_contain_text("gardé tel quel")
    expect(kept).to_contain_text(SOUND_DRAFT.splitlines()[1].split(" : ", 1)[1])
    expect(blank).to_contain_text("erreur (brouillon)")
    words = table.inner_text().split()
    assert "ok" not in words and "line" not in words and "input" not in words
    assert len(fake.history) == len(GARBAGE_ANSWERS)
    _assert_clean(page.locator("#batch-status").inner_text(), "fr")
    _shot(page, "7-batch-fr")
    page.set_viewport_size({"width": 420, "height": 900})
    _shot(page, "8-batch-narrow")
    page.close()


def test_problems_are_said_in_the_page_language_without_server_paths(
    browser_context: object, served_app: ServedApp, fake: FakeModel, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    # A German draft: its diagnosis shows under a note, and a rewrite is refused before any model call.
    page.locator("#draft textarea").fill(
        "Ziel: Unsere Kunden begeistern\nKR1: Kundenzufriedenheit von 70 % auf 80 % steigern"
    )
    diagnosis = page.locator("#diagnosis")
    expect(diagnosis.locator(".okr-draft-note")).to_contain_text("semble écrit en allemand")
    expect(diagnosis.locator(".okr-level")).to_be_visible()
    page.locator("#rewrite-btn").click()
    # Said in the status line, where the rewrite would show, not in a toast Gradio titles in English.
    expect(page.locator("#status .okr-problem")).to_contain_text("Ce brouillon semble écrit en allemand")
    _shot(page, "9-german-refused-fr")
    assert fake.history == []
    # The refusal leaves the form usable: the button comes back for the next draft.
    expect(page.locator("#rewrite-btn")).to_be_enabled()
    expect(page.locator(".toast-body")).to_have_count(0)

    # Control characters only: a note in place of a diagnosis.
    page.locator("#draft textarea").fill("\x01\x02\x03\x04\x05")
    expect(diagnosis).to_contain_text("Aucun mot français ou anglais")

    # A file with a header and no rows: the reason in French, named by the file's own name.
    upload = tmp_path / "equipes.csv"
    upload.write_text("équipe;brouillon\n", encoding="utf-8")
    page.get_by_role("tab", name="Lot").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(upload))
    expect(page.locator("#batch-status .okr-problem")).to_contain_text(
        "equipes.csv a une ligne d'en-tête (équipe, brouillon) mais aucune ligne de brouillon."
    )
    assert "/tmp" not in page.locator("body").inner_text()
    _shot(page, "10-upload-refused-fr")
    page.close()


# Pasted the way teams write: a header, a parent above the team, a line of today's figures, a table.
PASTED_DRAFT = (
    "Pôle Solidarités | T3 2027 | v2 | owner : A. Diallo\n"
    "Objectif départemental : aucun sans-abri sans solution le soir même\n"
    "note : 312 demandes en attente au 1er juin, 3 travailleurs sociaux sur 8 en arrêt\n"
    "Objectif : Réduire l'attente des personnes sans abri pour une place d'hébergement\n"
    "| KR | Indicateur | Aujourd'hui | Cible |\n"
    "|---|---|---|---|\n"
    "| KR1 | Délai moyen d'attribution d'une place | 6 jours | 2 jours |\n"
    "| KR2 | Recruter deux travailleurs sociaux | | |\n"
)


def test_a_pasted_draft_shows_its_parent_and_context_and_reads_its_table(
    browser_context: object, served_app: ServedApp, fake: FakeModel
) -> None:
    from playwright.sync_api import Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    page.locator("#draft textarea").fill(PASTED_DRAFT)
    page.locator("#rewrite-btn").click()
    result = page.locator("#result")
    expect(result.locator(".okr-parents")).to_contain_text("Contribue à")
    expect(result.locator(".okr-parents")).to_contain_text("aucun sans-abri sans solution le soir même")
    expect(result.locator(".okr-facts")).to_contain_text("Contexte du brouillon")
    expect(result.locator(".okr-facts")).to_contain_text("3 travailleurs sociaux sur 8 en arrêt")
    first_kr = result.locator(".okr-kr").first
    expect(first_kr).to_contain_text("délai moyen d'attribution d'une place de 6 jours à 2 jours")
    expect(first_kr).to_contain_text("6 jours")
    initiatives = result.locator(".okr-initiatives")
    expect(initiatives).to_contain_text("Recruter deux travailleurs sociaux")
    # Neither the header nor the parent becomes an initiative or the objective.
    expect(initiatives).not_to_contain_text("Pôle Solidarités")
    expect(result.locator(".okr-o-sentence")).not_to_contain_text("départemental")
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "11-pasted-parent-context-table-fr")
    page.close()


def test_a_metric_offered_as_a_chip_becomes_a_kr_on_a_click_without_a_model_call(
    browser_context: object, served_app: ServedApp, fake: FakeModel
) -> None:
    from playwright.sync_api import Locator, Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    page.locator("#draft textarea").fill(CHOICE_DRAFT)
    fake.enqueue(segment_answer(None))
    page.locator("#rewrite-btn").click()
    status = page.locator("#status")
    expect(status).to_contain_text("Réécrit en", timeout=TIMEOUT_MS)
    asked = len(fake.history)

    # One grounded KR, and the measure of the same trade offered under the objective, with its verb.
    result = page.locator("#result")
    krs = result.locator(".okr-kr")
    expect(krs).to_have_count(1)
    offered = result.locator(".okr-objective .okr-candidates")
    expect(offered.locator(".okr-subtitle")).to_have_text("Indicateurs possibles (à choisir)")
    chips = offered.locator("button.okr-chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_have_attribute("data-metric", CHOICE_METRIC)
    expect(chips.first).to_contain_text("Réduire le taux d'abandon du formulaire en ligne")
    expect(offered).to_contain_text("Cliquez sur un indicateur pour l'ajouter comme résultat clé")
    # The measure is also asked, and the author may write their own.
    questions = page.locator("#questions")
    expect(questions).to_contain_text("O1 · Métrique")
    expect(questions).to_contain_text("Choisissez une proposition ou écrivez le vôtre.")
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "12-chip-offered-fr")

    def box(label: str) -> Locator:
        return questions.locator(".okr-question", has_text=label).locator("textarea")

    box("O1 · KR1 · Base").fill("9 jours")
    page.locator("#apply-answers").click()
    expect(krs.first).to_contain_text("de 9 jours à [cible à définir]")
    box("O1 · KR1 · Cible").fill("4 jours")  # typed, not applied yet

    # In English the chips say the same; each box keeps what is typed in it.
    page.locator("#ui-lang label", has_text="English").click()
    expect(offered.locator(".okr-subtitle")).to_have_text("Possible metrics (to choose)")
    expect(offered).to_contain_text("Click a metric to add it as a key result")
    expect(questions).to_contain_text("O1 · Metric")
    expect(box("O1 · KR1 · Baseline")).to_have_value("9 jours")
    expect(box("O1 · KR1 · Target")).to_have_value("4 jours")
    expect(krs.first).to_contain_text("de 9 jours à [cible à définir]")

    chips.first.click()
    expect(krs).to_have_count(2)
    added = krs.nth(1)
    expect(added.locator(".okr-sentence")).to_contain_text(
        "Réduire le taux d'abandon du formulaire en ligne de [base à mesurer] à [cible à définir] "
        "d'ici [échéance à définir]"
    )
    expect(added.locator(".okr-source-library")).to_have_text("suggested metric")
    expect(result.locator(".okr-chip")).to_have_count(0)  # chosen: the chip is gone
    expect(result.locator(".okr-candidates")).to_have_count(0)
    # The new KR's values are asked; the measure no longer is (two KRs); the answers stay in their own boxes
    # and what was typed is applied with the choice.
    expect(questions).to_contain_text("O1 · KR2 · Baseline")
    expect(questions).to_contain_text("O1 · KR2 · Deadline")
    expect(questions).not_to_contain_text("O1 · Metric")
    expect(box("O1 · KR1 · Baseline")).to_have_value("9 jours")
    expect(box("O1 · KR1 · Target")).to_have_value("4 jours")
    # Not what stood at its place before the form was redrawn.
    for empty in ("O1 · Segment", "O1 · KR1 · Deadline", "O1 · KR2 · Baseline", "O1 · KR2 · Target"):
        expect(box(empty)).to_have_value("")
    expect(krs.first).to_contain_text("de 9 jours à 4 jours")
    page.get_by_role("button", name="Markdown (copy button at the top right)").click()
    expect(page.locator("#markdown textarea")).to_have_value(
        re.compile(r"2\. Réduire le taux d'abandon du formulaire en ligne de \[base à mesurer\]")
    )
    assert len(fake.history) == asked, "choosing a metric must not call the model"
    _assert_clean(" ".join(page.locator(sel).inner_text() for sel in ("#status", "#questions")), "en")
    _shot(page, "13-chip-chosen-en")
    page.close()


def test_an_objective_the_parent_does_not_link_is_asked_and_the_answer_shows_under_it(
    browser_context: object, served_app: ServedApp, fake: FakeModel
) -> None:
    from playwright.sync_api import Page, expect

    page = _open(browser_context, served_app)
    assert isinstance(page, Page)
    page.locator("#draft textarea").fill(ALIGN_DRAFT)
    page.locator("#rewrite-btn").click()
    expect(page.locator("#status")).to_have_text(
        "Brouillon déjà solide : gardé tel quel, sans appel au modèle — répondez aux questions."
    )
    result = page.locator("#result")
    expect(result.locator(".okr-parents")).to_contain_text(ALIGN_PARENT)
    expect(result.locator(".okr-o-sentence")).to_have_text(ALIGN_OBJECTIVE)  # never the parent's words
    expect(result.locator(".okr-contribution")).to_have_count(0)
    questions = page.locator("#questions")
    box = questions.locator(".okr-question", has_text="O1 · Contribution").locator("textarea")
    expect(questions).to_contain_text(
        f"Comment l'objectif « {ALIGN_OBJECTIVE} » fait-il avancer « {ALIGN_PARENT} » ?"
    )
    expect(box).to_have_attribute("placeholder", "ex. moins de pannes, donc plus de trajets assurés")
    _assert_clean(_rewrite_text(page), "fr")
    _shot(page, "14-parent-asked-fr")

    box.fill(ALIGN_ANSWER)
    page.locator("#apply-answers").click()
    contribution = result.locator(".okr-objective .okr-contribution")
    expect(contribution).to_have_text(f"Contribue à « {ALIGN_PARENT} » : {ALIGN_ANSWER}")
    page.get_by_role("button", name="Markdown (bouton copier en haut à droite)").click()
    expect(page.locator("#markdown textarea")).to_have_value(
        re.compile(re.escape(f"Contribue à « {ALIGN_PARENT} » : {ALIGN_ANSWER}"))
    )
    _shot(page, "15-parent-answered-fr")

    # In English, the label follows the page and the answer stays as typed, in its box and under the objective.
    page.locator("#ui-lang label", has_text="English").click()
    expect(contribution).to_have_text(f"Contributes to “{ALIGN_PARENT}”: {ALIGN_ANSWER}")
    expect(box).to_have_value(ALIGN_ANSWER)
    assert fake.history == [], "a sound draft and its answers need no model call"
    _shot(page, "16-parent-answered-en")
    page.close()
