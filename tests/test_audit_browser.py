"""The audit report as a coach opens it: from disk, in a real headless Chromium, with no network.

The report of the blind acme file (45 teams, with last quarter) is opened from a file:// URL; every request
the page makes is recorded, and any that is not the file itself or a data: URL fails the test. Each view is
screenshotted into evals/reports/ (gitignored) for review by eye, and the page is printed to PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app_browser import SHOTS, TIMEOUT_MS, browser_context

from rewriter.audit import audit
from rewriter.audit.export import write_html

pytestmark = pytest.mark.browser
__all__ = ["browser_context"]  # fixture used by name

BLIND = Path(__file__).resolve().parent.parent / "evals" / "audit"


@pytest.fixture(scope="module")
def report_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("audit")
    report = audit(
        BLIND / "acme-q1-2027.csv",
        previous=BLIND / "acme-q4-2026.csv",
        company=BLIND / "acme-company-objectives.csv",
    )
    yield {
        "fr": write_html(report, folder / "acme.html"),
        "en": write_html(audit(BLIND / "globex-q1-2027.csv"), folder / "globex.html"),
    }


def _open(browser_context: object, path: Path) -> tuple[object, list[str]]:
    from playwright.sync_api import BrowserContext, Route

    assert isinstance(browser_context, BrowserContext)
    page = browser_context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    return page, outside + errors


def test_the_report_opens_from_disk_and_reads_top_to_bottom(
    browser_context: object, report_files: dict[str, Path]
) -> None:
    from playwright.sync_api import Page, expect

    page, problems = _open(browser_context, report_files["fr"])
    assert isinstance(page, Page)
    expect(page.locator("h1")).to_have_text("Audit des OKR")
    expect(page.locator("#glance .card").first).to_contain_text("45")
    expect(page.locator("#glance .takeaways")).to_contain_text("écrivent encore des roadmaps")
    # The maturity chart draws a bar per team; the heat map has a row per team.
    assert page.locator("#maturity svg text").filter(has_text="Cardiologie").count() == 1
    assert page.locator("#heatmap tbody tr").count() == 45
    expect(page.locator("#alignment")).to_contain_text("empreinte carbone")
    expect(page.locator("#comparison")).to_contain_text("Cellule plan hivernal")
    page.screenshot(path=str(SHOTS / "audit-glance.png"))
    for section in ("maturity", "heatmap", "defects", "overlaps", "tasks", "comparison"):
        page.locator(f'nav a[href="#{section}"]').click()
        expect(page.locator(f"#{section} h2")).to_be_in_viewport()
        page.screenshot(path=str(SHOTS / f"audit-{section}.png"))
    team = page.locator("details.team").filter(has_text="Cardiologie")
    team.locator("summary").click()
    expect(team.locator(".okr").first).to_be_visible()
    expect(team.locator(".reasons").first).to_contain_text("Points perdus")
    team.screenshot(path=str(SHOTS / "audit-team.png"))
    page.screenshot(path=str(SHOTS / "audit-full.png"), full_page=True)
    # Printing opens every team's details so nothing is hidden on paper.
    page.pdf(path=str(SHOTS / "audit.pdf"))
    assert page.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    assert problems == []


def test_the_english_report_and_its_download_link(
    browser_context: object, report_files: dict[str, Path]
) -> None:
    from playwright.sync_api import Page, expect

    page, problems = _open(browser_context, report_files["en"])
    assert isinstance(page, Page)
    expect(page.locator("h1")).to_have_text("OKR audit")
    expect(page.locator("#glance")).to_contain_text("The organisation at a glance")
    link = page.locator("a.download")
    expect(link).to_contain_text("Download these OKRs to rewrite")
    with page.expect_download() as caught:
        link.click()
    saved = Path(caught.value.path())
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith("team,owner,okr,score,draft") and "Objective :" in text
    page.screenshot(path=str(SHOTS / "audit-en.png"))
    assert problems == []
