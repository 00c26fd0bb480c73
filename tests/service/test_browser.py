"""The web page in a real browser (Debian's Chromium, driven by Playwright): the things people do.

Runs when Chromium is installed (``scripts/install_browser.sh``); says so and skips when it is not,
except under CI (the ``CI`` variable set), where a missing browser fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
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
    page.get_by_label("Case reference").fill("EJ-2026-0117")
    page.get_by_role("button", name="Print view for the case file").click()
    page.wait_for_url("**/note/print?**")
    assert "EJ-2026-0117" in page.locator(".case-reference").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    _shot(page, "print")
    page.emulate_media(media="screen")


def test_the_matrix_carries_the_caveats_of_its_day(page: Any, server: Server) -> None:
    """The matrix carries the caveats of its day in words, as the API's matrix ``warnings`` does.

    On 2010-01-01 the older law; on a day after the knowledge's date, the staleness warning.
    """
    page.goto(f"{server.url}/?as_of=2010-01-01")
    caveats = page.get_by_role("region", name="Before relying on this matrix", exact=False)
    assert "Council Decision 2002/187/JHA as amended by Council Decision 2009/426/JHA" in caveats.inner_text()
    with server.client() as client:
        expected = client.get("/v1/matrix", params={"as_of": "2010-01-01"}).json()["warnings"]
    assert page.locator(".day-warnings li").all_inner_texts() == expected
    _shot(page, "matrix-2010-caveats")
    with server.client() as client:
        speaks_for = client.get("/v1/knowledge").json()["speaks_for"]
    later = (date.fromisoformat(speaks_for) + timedelta(days=1)).isoformat()
    page.goto(f"{server.url}/?as_of={later}")
    text = page.locator(".day-warnings").inner_text()
    assert f"after {speaks_for}, the day this knowledge speaks for" in text
    _shot(page, "matrix-later-caveats")


def test_a_search_for_turkiye_says_what_its_decisions_say(page: Any, server: Server) -> None:
    """Türkiye: the page says what evaluate() decides, kind by kind, and quotes no command or endpoint.

    A country with no relationship: strategic information and the like may go (Article 47(2)), the rest
    has no basis.
    """
    page.goto(f"{server.url}/partners")
    page.get_by_label("Name, alias or ISO code", exact=False).fill("Türkiye")
    page.keyboard.press("Enter")
    page.wait_for_url("**/partners?q=**")
    said = page.get_by_role("alert").inner_text()
    assert "strategic information, best practices and information on legal systems may be exchanged" in said
    assert "Article 47(2)" in said
    assert "every exchange with it has no basis" not in said
    assert "sharing-rules" not in said
    assert "/v1/" not in said
    _shot(page, "partners-turkiye")


def test_the_note_reads_in_the_order_a_prosecutor_acts(page: Any, server: Server) -> None:
    """The note leads with one sentence, then the basis in words, the warnings, conditions, routes, sources.

    The basis is named in words by the badge and the warnings sit beside it.
    """
    page.goto(f"{server.url}/note?partner=UK&data_type=personal+data")
    badge = page.locator(".verdict").inner_text()
    assert "Article 56(2)(c) - international agreement between the Union and the country" in badge
    assert "REG-56-2-C" not in badge
    answer = page.locator("dd.answer").inner_text()
    assert answer.startswith("Yes: you may send operational personal data to United Kingdom")
    assert len(answer.split()) <= 30
    headings = page.locator("article h2").all_inner_texts()
    wanted = [
        "Legal bases (each sufficient)",
        "Conditions (each must be met)",
        "Reasoning",
        "Sources (paraphrased)",
    ]
    assert [h for h in headings if h in wanted] == wanted
    if page.locator(
        ".note-warnings"
    ).count():  # today is after the knowledge's date: stale warning by the badge
        assert headings.index("Before relying on this") < headings.index("Legal bases (each sufficient)")
    _shot(page, "note-order")
    page.goto(f"{server.url}/note?partner=Nigeria&data_type=personal+data&as_of=2024-09-30")
    headings = page.locator("article h2").all_inner_texts()
    routes = next(h for h in headings if h.startswith("What remains"))
    assert headings.index(routes) < headings.index("Reasoning") < headings.index("Sources (paraphrased)")
    assert page.locator("dd.answer").inner_text().startswith("No: do not send")


def test_the_print_view_has_what_the_case_file_needs(page: Any, server: Server) -> None:
    """Generated at, the knowledge in words, the record (request) id, the case reference and a link back."""
    page.goto(
        f"{server.url}/note/print?partner=Norway&data_type=evidence&as_of=2024-09-30&case_reference=EJ-7"
    )
    page.emulate_media(media="print")
    fields = page.locator("dl.case-file").inner_text()
    assert "EJ-7" in fields
    assert "UTC" in fields
    assert "describing the situation on" in fields
    record_id = page.locator(".record-id").inner_text().strip()
    assert len(record_id) >= 16
    records = [json.loads(line) for line in server.records.read_text(encoding="utf-8").splitlines() if line]
    assert any(r.get("request_id") == record_id for r in records)
    link = page.locator(".note-link a").get_attribute("href")
    assert link == f"{server.url}/note?partner=Norway&data_type=evidence&as_of=2024-09-30"
    _shot(page, "print-case-file")
    page.emulate_media(media="screen")
    page.goto(link)
    assert "Norway" in page.locator("h1").inner_text()


def test_a_400_pixel_screen_keeps_the_header_row_and_partner_column_in_view(
    browser: Any, server: Server
) -> None:
    """At 400 pixels wide the matrix scrolls in its box, its header row and partner column kept in view."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 400, "height": 800})
    try:
        tab.goto(f"{server.url}/?as_of=2024-09-30")
        box = tab.locator("div.scroll")
        # the page itself does not scroll sideways, only the matrix in its box
        assert tab.evaluate("document.documentElement.scrollWidth") <= 400
        assert box.evaluate("e => e.scrollWidth > e.clientWidth && e.scrollHeight > e.clientHeight")
        box.evaluate("e => e.scrollIntoView()")
        box.evaluate("e => { e.scrollTop = 400; e.scrollLeft = 300; }")
        tab.wait_for_timeout(100)
        frame = box.bounding_box()
        header = tab.locator("table.matrix thead th").nth(2).bounding_box()
        partner = tab.locator("table.matrix tbody th[scope=row]").nth(10).bounding_box()
        assert abs(header["y"] - frame["y"]) <= 2, (header, frame)
        assert abs(partner["x"] - frame["x"]) <= 2, (partner, frame)
        assert tab.locator("table.matrix tbody th[scope=row]").nth(10).is_visible()
        tab.screenshot(path=str(BUILD / "service-mobile-400.png"))
    finally:
        tab.close()


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
    assert "Not allowed: 1 of 2 items" in status.inner_text()
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
    for spelling, partner in (("Norwegen", "Norway"), ("Noruega", "Norway"), ("Ucraina", "Ukraine")):
        page.goto(f"{server.url}/partners")
        page.get_by_label("Name, alias or ISO code", exact=False).fill(spelling)
        page.keyboard.press("Enter")
        page.wait_for_url("**/partners?q=**")
        assert f"is {partner}" in page.locator("#found-title").inner_text()  # CLDR's names, 24 languages
    page.goto(f"{server.url}/partners?q=Allemagne")
    assert "EU Member State" in page.get_by_role("alert").inner_text()
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
        "[...document.querySelectorAll('input:not([type=hidden]), select')]"
        ".filter(e => !e.labels || !e.labels.length).length"
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
        assert "the one item may go to Norway" in verdict
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
