"""The web form's Audit tab: its handlers called directly, its /audit endpoint through gradio_client, and the
tab in a real headless Chromium (upload, report in the page, downloads, language switch)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import ServedApp, fake, served_app
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from test_app_browser import SHOTS, TIMEOUT_MS, browser_context

from rewriter import FakeModel

__all__ = ["browser_context", "fake", "served_app"]  # fixtures used by name

BLIND = Path(__file__).resolve().parent.parent / "evals" / "audit"
ACME, ACME_Q4 = BLIND / "acme-q1-2027.csv", BLIND / "acme-q4-2026.csv"


def test_on_audit_shows_the_report_and_offers_its_files() -> None:
    import app

    status, frame, dl_html, dl_json, dl_csv, state = app.on_audit(str(ACME), str(ACME_Q4), "fr")
    assert "45 équipe(s), 111 objectif(s), 322 résultat(s) clé(s)" in status
    assert frame.startswith("<iframe") and 'sandbox="allow-downloads allow-same-origin"' in frame
    # The whole report is in srcdoc, escaped: no raw tag of the report closes the attribute.
    assert "&lt;!DOCTYPE html&gt;" in frame and "<section" not in frame
    paths = [update["value"] for update in (dl_html, dl_json, dl_csv)]
    assert [Path(p).name for p in paths] == [
        "audit-acme-q1-2027.html",
        "audit-acme-q1-2027.json",
        "audit-acme-q1-2027.csv",
    ]
    assert json.loads(Path(paths[1]).read_text(encoding="utf-8"))["comparison"]["gone_teams"] == [
        "Cellule plan hivernal"
    ]
    status, english, html_update = app.on_audit_lang(state, "en")
    assert "45 team(s), 111 objective(s), 322 key result(s)" in status
    assert "The organisation at a glance" in english
    assert "The organisation at a glance" in Path(html_update["value"]).read_text(encoding="utf-8")


def test_on_audit_says_what_is_missing_or_wrong_in_the_page_language(tmp_path: Path) -> None:
    import app

    status, *rest = app.on_audit(None, None, "fr")
    assert "Déposez d'abord le fichier" in html.unescape(status) and all(
        update == {"__type__": "update"} for update in rest
    )
    empty = tmp_path / "okrs.csv"
    empty.write_text("", encoding="utf-8")
    status, *_ = app.on_audit(str(empty), None, "en")
    assert "okrs.csv is empty" in status and str(tmp_path) not in status
    status, *_ = app.on_audit(str(ACME), str(tmp_path / "gone.csv"), "fr")
    status = html.unescape(status)
    assert "Trimestre précédent" in status and "gone.csv" in status and str(tmp_path) not in status


@pytest.fixture(scope="module")
def client(served_app: ServedApp, tmp_path_factory: pytest.TempPathFactory) -> Client:
    return Client(served_app.url, verbose=False, download_files=str(tmp_path_factory.mktemp("downloads")))


def test_the_audit_endpoint_returns_the_report_and_its_page(client: Client, fake: FakeModel) -> None:
    report, page = client.predict(handle_file(str(ACME)), handle_file(str(ACME_Q4)), "en", api_name="/audit")
    assert report["summary"]["teams"] == 45 and report["lang"] == "en"
    assert report["source"]["file"] == "acme-q1-2027.csv"
    assert report["comparison"]["previous"]["file"] == "acme-q4-2026.csv"
    assert "/tmp" not in json.dumps(report)
    assert report["comparison"]["new_teams"] == ["Data & BI", "Sécurité & sûreté"]
    assert len(report["alignment"]["orphans"]) == 16
    assert "The organisation at a glance" in Path(page).read_text(encoding="utf-8")
    alone, _ = client.predict(
        handle_file(str(BLIND / "bad-files" / "no-team-column.csv")), None, "auto", api_name="/audit"
    )
    assert alone["source"]["one_team"] and alone["lang"] == "en"
    assert fake.history == []  # no model call


@pytest.mark.parametrize(("lang", "message"), [("fr", "n'a pas de colonne"), ("en", "no column")])
def test_the_audit_endpoint_refuses_a_bad_file_in_the_callers_language(
    client: Client, tmp_path: Path, lang: str, message: str
) -> None:
    upload = tmp_path / "teams.csv"
    upload.write_text("Équipe;Responsable\nPaie;Paul\nSoins;Claire\n", encoding="utf-8")
    with pytest.raises(AppError) as caught:
        client.predict(handle_file(str(upload)), None, lang, api_name="/audit")
    assert "teams.csv" in str(caught.value) and "/tmp" not in str(caught.value)
    with pytest.raises(AppError, match="lang"):
        client.predict(handle_file(str(ACME)), None, "de", api_name="/audit")


@pytest.mark.browser
def test_the_audit_tab_in_a_browser(browser_context: Any, served_app: ServedApp, fake: FakeModel) -> None:
    from playwright.sync_api import Page, expect

    page = browser_context.new_page()
    assert isinstance(page, Page)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served_app.url)
    page.get_by_role("tab", name="Audit").click()
    expect(page.locator("#audit-report")).to_contain_text("Le rapport apparaîtra ici")
    page.locator("#audit-btn").click()
    expect(page.locator("#audit-status")).to_contain_text("Déposez d'abord")
    page.locator("#audit-file input[type=file]").set_input_files(str(ACME))
    page.locator("#audit-previous input[type=file]").set_input_files(str(ACME_Q4))
    page.locator("#audit-btn").click()
    expect(page.locator("#audit-status")).to_contain_text("45 équipe(s)", timeout=60_000)
    report = page.frame_locator("#audit-report iframe")
    expect(report.locator("h1")).to_have_text("Audit des OKR")
    expect(report.locator("#glance")).to_contain_text("écrivent encore des roadmaps")
    expect(report.locator("#comparison")).to_contain_text("Cellule plan hivernal")
    # The report's own links work inside the page: its navigation scrolls, its tasks' CSV downloads.
    report.locator('nav a[href="#heatmap"]').click()
    expect(report.locator("#heatmap h2")).to_be_in_viewport()
    page.screenshot(path=str(SHOTS / "app-9-audit-fr.png"))
    with page.expect_download() as caught:
        page.locator("#audit-dl-html").click()
    assert caught.value.suggested_filename == "audit-acme-q1-2027.html"
    page.locator("#ui-lang").get_by_text("English").click()
    expect(report.locator("h1")).to_have_text("OKR audit")
    expect(page.get_by_role("tab", name="Audit")).to_be_visible()
    expect(page.locator("#audit-btn")).to_have_text("Audit")
    expect(page.locator("#audit-status")).to_contain_text("45 team(s)")
    page.screenshot(path=str(SHOTS / "app-10-audit-en.png"))
    assert fake.history == []
    page.close()
