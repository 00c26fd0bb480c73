"""The web page in a real browser (Debian's Chromium, driven by Playwright): the things people do.

Runs when Chromium is installed (``scripts/install_browser.sh``); says so and skips when it is not,
except under CI (the ``CI`` variable set), where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.service.conftest import Server

pytestmark = pytest.mark.slow  # a live server and Chromium

BUILD = Path(__file__).resolve().parents[2] / "build"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _chromium() -> str | None:
    for candidate in (os.environ.get("SHARING_RULES_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium with a fresh profile."""
    executable = _chromium()
    if executable is None:
        _unavailable(
            "no Chromium found; install it with scripts/install_browser.sh (apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    profile = tempfile.mkdtemp(prefix="sharing-rules-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new tab that fails the test on any console error (a CSP violation is one)."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors, errors


def _shot(page: Any, name: str) -> None:
    BUILD.mkdir(exist_ok=True)
    page.screenshot(path=str(BUILD / f"service-{name}.png"), full_page=True)


def test_pick_a_date_and_open_a_note(page: Any, server: Server) -> None:
    """The matrix follows the chosen date; a cell opens the legal note; the note has a print view."""
    page.goto(f"{server.url}/")
    page.get_by_label("Situation on").fill("2010-01-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/?as_of=2010-01-01")
    assert "Decisions on 2010-01-01" in page.locator("caption").inner_text()
    cell = page.get_by_role("link", name="Switzerland, Evidence: No basis. Open the legal note.", exact=False)
    assert cell.count() == 1
    assert "EU Member State" in page.locator("tr", has_text="United Kingdom").inner_text()
    _shot(page, "matrix")
    page.goto(f"{server.url}/?as_of=2024-09-30")
    _shot(page, "matrix-2024-09-30")
    page.get_by_role("link", name="United Kingdom, Evidence: Allowed", exact=False).click()
    page.wait_for_url("**/note?**")
    assert "Allowed" in page.locator(".verdict").inner_text()
    assert page.get_by_role("heading", name="Conditions", exact=False).count() == 1
    assert page.locator("article").inner_text().count("[COMPETENT-RECIPIENT") == 1
    assert page.get_by_role("heading", name="Sources", exact=False).count() >= 1
    _shot(page, "note")
    page.get_by_role("link", name="Print view for the case file").click()
    page.wait_for_url("**/note/print?**")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    _shot(page, "print")
    page.emulate_media(media="screen")


def test_check_a_transfer_item_by_item(page: Any, server: Server) -> None:
    """The form checks each item; the verdict lists every item with its decision, as text and colour."""
    page.goto(f"{server.url}/check")
    page.get_by_label("Case reference").fill("EJ-2026-0117")
    page.get_by_label("Date of the transfer", exact=False).fill("2024-09-30")
    page.get_by_label("Partner").fill("nigeria")
    page.get_by_label("Kind of item 1").select_option("strategic")
    page.get_by_label("Label of item 1").fill("trend analysis")
    page.get_by_label("Kind of item 2").select_option("personal_data")
    page.get_by_label("Label of item 2").fill("list of witnesses")
    page.get_by_role("button", name="Add an item").click()
    assert page.get_by_label("Kind of item 6").is_visible()
    page.get_by_role("button", name="Check the package").click()
    status = page.get_by_role("status")
    assert "Not allowed: 1 of 2 item(s)" in status.inner_text()
    rows = page.locator("table.items tbody tr")
    assert rows.count() == 2
    assert "Allowed" in rows.nth(0).inner_text()
    assert "No basis" in rows.nth(1).inner_text()
    _shot(page, "check")


def test_partner_search_accepts_every_spelling(page: Any, server: Server) -> None:
    """Names, aliases, codes, case and accents: each finds the partner; a typo gets suggestions."""
    for spelling in ("the uk", "GBR", "United Kingdom of Great Britain and Northern Ireland"):
        page.goto(f"{server.url}/partners")
        page.get_by_label("Name, alias or ISO code", exact=False).fill(spelling)
        page.keyboard.press("Enter")
        page.wait_for_url("**/partners?q=**")
        assert "is United Kingdom" in page.locator("#found-title").inner_text()
    page.goto(f"{server.url}/partners?q=Norwya")
    assert "Norway" in page.get_by_role("alert").inner_text()
    _shot(page, "partners")


def test_the_page_works_by_keyboard(page: Any, server: Server) -> None:
    """Tab reaches the skip link first, then the controls; Enter on a cell opens its note."""
    page.goto(f"{server.url}/?as_of=2024-09-30")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.get_by_role("link", name="Norway, Evidence: Allowed", exact=False).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/note?**")
    assert "Allowed" in page.locator(".verdict").inner_text()
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input, select')].filter(e => !e.labels || !e.labels.length).length"
    )
    assert unlabelled == 0


def test_the_essentials_work_without_javascript(browser: Any, server: Server) -> None:
    """With JavaScript off, the date, the note and the transfer check still work."""
    context = browser.browser
    if context is None:  # a persistent context: a page with scripts blocked by route instead
        pass
    tab = browser.new_page()
    tab.route("**/*.js", lambda route: route.abort())
    try:
        tab.goto(f"{server.url}/?as_of=2010-01-01")
        assert "2010-01-01" in tab.locator("caption").inner_text()
        tab.goto(f"{server.url}/check")
        assert not tab.get_by_role("button", name="Add an item").is_visible()
        tab.get_by_label("Case reference").fill("EJ-1")
        tab.get_by_label("Partner").fill("Norway")
        tab.get_by_label("Date of the transfer", exact=False).fill("2024-09-30")
        tab.get_by_label("Kind of item 1").select_option("evidence")
        tab.get_by_role("button", name="Check the package").click()
        verdict = tab.get_by_role("status").inner_text()
        assert "all 1 item(s) may go to Norway" in verdict
        assert "[COMPETENT-RECIPIENT" in verdict  # the conditions every item sent must meet
    finally:
        tab.close()


def test_a_missing_browser_is_a_skip_locally_and_a_failure_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a browser the tests say why and skip; with CI set, the same is a failure."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        _unavailable("no Chromium found")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run under CI"):
        _unavailable("no Chromium found")
