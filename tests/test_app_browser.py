"""End to end in a real headless Chromium: paste, diagnose, rewrite, answer, download, batch upload.

Screenshots of both tabs (desktop and a 420px window) go to screenshots/ (gitignored) for review.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import ROOT, V2_DRAFT, ServedApp, fake, served_app, v2_answer

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
SHOTS = ROOT / "screenshots"
TIMEOUT_MS = 30_000


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
    SHOTS.mkdir(exist_ok=True)
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


def test_rewrite_tab_end_to_end(
    browser_context: object, served_app: ServedApp, fake: FakeModel, tmp_path: Path
) -> None:
    from playwright.sync_api import BrowserContext, expect

    assert isinstance(browser_context, BrowserContext)
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served_app.url)
    draft = page.locator("#draft textarea")
    expect(draft).to_be_visible()

    start = time.perf_counter()
    draft.fill(V2_DRAFT)
    diagnosis = page.locator("#diagnosis")
    expect(diagnosis.locator(".okr-level")).to_contain_text("Niveau 1")
    print(f"\ndiagnosis shown {time.perf_counter() - start:.2f} s after the paste")
    # The finding is shown against line 1 of the draft, with its message.
    line = diagnosis.locator(".okr-line").first
    expect(line.locator(".okr-ln")).to_have_text("1")
    expect(line.locator(".okr-finding").first).to_be_visible()
    assert fake.history == [], "the diagnosis must not call the model"

    fake.enqueue(v2_answer())
    page.locator("#rewrite-btn").click()
    result = page.locator("#result")
    expect(result.locator(".okr-o-sentence")).to_contain_text(
        "Rendre la v2 indispensable aux utilisateurs actifs"
    )
    expect(result.locator("mark.okr-ph").first).to_be_visible()
    expect(result).to_contain_text("Livrer la feature A")
    expect(page.locator("#status")).to_contain_text("Réécriture terminée")
    assert len(fake.history) == 1
    page.screenshot(path=str(SHOTS / "rewrite-desktop.png"), full_page=True)

    # Answer the first question (KR1 baseline): the result re-renders without a model call.
    first = page.locator("#questions textarea").first
    first.fill("12 %")
    page.locator("#apply-answers").click()
    expect(result.locator(".okr-kr").first).to_contain_text("de 12 % à")
    assert len(fake.history) == 1, "answering must not call the model"

    with page.expect_download() as download_info:
        page.locator("#dl-md").click()
    saved = tmp_path / "download.md"
    download_info.value.save_as(saved)
    assert "de 12 % à [cible à définir]" in saved.read_text(encoding="utf-8")

    page.set_viewport_size({"width": 420, "height": 900})
    page.screenshot(path=str(SHOTS / "rewrite-narrow.png"), full_page=True)
    page.close()


def test_batch_tab_upload(
    browser_context: object, served_app: ServedApp, fake: FakeModel, tmp_path: Path
) -> None:
    from playwright.sync_api import BrowserContext, expect

    assert isinstance(browser_context, BrowserContext)
    upload = tmp_path / "okrs.csv"
    upload.write_text(
        "équipe;brouillon\nProduit;" + V2_DRAFT + "\nVide;\n",
        encoding="utf-8",
    )
    fake.enqueue(v2_answer())
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(served_app.url)
    page.get_by_role("tab", name="Lot").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(upload))
    expect(page.locator("#batch-status")).to_contain_text("2 brouillon(s)")
    expect(page.locator("#batch-column input")).to_have_value("brouillon")
    page.locator("#batch-btn").click()
    expect(page.locator("#batch-status")).to_contain_text("1 réécriture(s), 1 erreur(s) sur 2 ligne(s)")
    table = page.locator("#batch-results")
    expect(table).to_contain_text("Rendre la v2 indispensable")
    expect(table).to_contain_text("erreur (input)")
    page.screenshot(path=str(SHOTS / "batch-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 420, "height": 900})
    page.screenshot(path=str(SHOTS / "batch-narrow.png"), full_page=True)
    page.close()
