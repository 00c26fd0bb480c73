"""What people read on the page, checked in process.

The caveats of the day, sentences that agree with the decisions, the note's order, the print view's fields
for the case file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from sharing_rules import evaluate, load_knowledge
from sharing_rules._timeline import today
from tests.service.conftest import InProcess

_COMMAND = re.compile(r"sharing-rules [a-z]+|GET /v1/|POST /v1/|`")


def _text(page: str) -> str:
    """The page's words, tags removed and entities read."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def client(app: tuple[InProcess, TestClient]) -> Iterator[TestClient]:
    """The module's application in process."""
    return app[1]


def test_the_matrix_of_2010_carries_the_older_law_in_words_everywhere(client: TestClient) -> None:
    """On 2010-01-01 the page, the API and the library say the answers follow the Council Decision."""
    matrix = load_knowledge().matrix("2010-01-01")
    older = [w for w in matrix.warnings if "Council Decision 2009/426/JHA" in w]
    assert len(older) == 1
    assert "not by Regulation (EU) 2018/1727" in older[0]
    body = client.get("/v1/matrix", params={"as_of": "2010-01-01"}).json()
    assert body["warnings"] == list(matrix.warnings)
    page = _text(client.get("/", params={"as_of": "2010-01-01"}).text)
    assert "Before relying on this matrix" in page
    assert older[0] in page


def test_the_matrix_of_a_day_after_the_knowledge_says_it_may_be_stale(client: TestClient) -> None:
    """A day after the knowledge's date carries the staleness warning on the page and in JSON.

    A day of the Regulation before that date carries neither it nor the older-law caveat.
    """
    knowledge = load_knowledge()
    later = knowledge.speaks_for + timedelta(days=1)
    body = client.get("/v1/matrix", params={"as_of": later.isoformat()}).json()
    stale = [w for w in body["warnings"] if f"after {knowledge.speaks_for}" in w]
    assert len(stale) == 1
    assert stale[0] in _text(client.get("/", params={"as_of": later.isoformat()}).text)
    plain = client.get("/v1/matrix", params={"as_of": "2022-06-01"}).json()["warnings"]
    assert not any(f"after {knowledge.speaks_for}" in w or "Council Decision" in w for w in plain)
    if today() > knowledge.speaks_for:  # the page's default day is today in The Hague
        assert stale[0] in _text(client.get("/").text)


def test_every_warning_of_a_decision_of_the_matrix_is_a_warning_of_the_matrix() -> None:
    """The matrix's caveats are exactly the older-law caveat and the union of its decisions' warnings."""
    knowledge = load_knowledge()
    for day in (date(2010, 1, 1), date(2024, 9, 30), knowledge.speaks_for + timedelta(days=3)):
        matrix = knowledge.matrix(day)
        found = {
            w
            for line in matrix.lines if line.refusal is None
            for kind in knowledge.data_types
            for w in knowledge.decide(line.partner.name, kind, day).warnings
        }  # fmt: skip
        extra = set(matrix.warnings) - found
        assert found <= set(matrix.warnings)
        assert all("Council Decision" in w for w in extra), extra


@pytest.mark.parametrize("country", ["Türkiye", "China", "India", "South Africa"])
def test_what_the_page_and_the_api_say_of_a_country_agrees_with_its_decisions(
    client: TestClient, country: str
) -> None:
    """The sentence on a country with no relationship names each kind with its real outcome.

    The page quotes no command or endpoint to people.
    """
    knowledge = load_knowledge()
    assert not any(p.name == country for p in knowledge.partners), f"{country} is a partner: pick another"
    problem = client.get(f"/v1/partners/{country}").json()
    page = _text(client.get("/partners", params={"q": country}).text)
    for kind in knowledge.data_types:
        decision = evaluate(country, kind)
        label = knowledge.data_types[kind].label
        clause = next(part for part in problem["detail"].split("; ") if f"{label}" in part or label in part)
        if decision.allowed:
            assert "may be exchanged" in clause, (label, clause)
        else:
            assert "no basis" in clause or "may not" in clause, (label, clause)
    assert "every exchange with it has no basis" not in problem["detail"]
    found = page[page.index("Search") :]
    assert not _COMMAND.search(found[: found.index("All ")]), found[:400]


def test_a_typo_on_the_page_gets_suggestions_but_no_command(client: TestClient) -> None:
    """An unknown name on the page: did-you-mean, without a command line to run."""
    page = _text(client.get("/partners", params={"q": "Norwya"}).text)
    assert "Did you mean: Norway" in page
    assert "sharing-rules partners" not in page


def test_the_note_leads_with_one_sentence_then_the_basis_and_the_warnings(client: TestClient) -> None:
    """The answer is one short sentence; the badge names the basis in words; warnings sit by the badge.

    The parts follow in the order basis, period, conditions, reasoning, rules, sources.
    """
    raw = client.get(
        "/note", params={"partner": "UK", "data_type": "personal data", "as_of": "2024-09-30"}
    ).text
    page = _text(raw)
    verdict = _text(re.search(r'<p class="verdict[^>]*>(.*?)</p>', raw, re.S).group(1))  # type: ignore[union-attr]
    assert "Article 56(2)(c) - international agreement between the Union and the country" in verdict
    assert "Trade and Cooperation Agreement" in verdict
    assert "REG-56-2-C" not in verdict
    answer = _text(re.search(r'<dd class="answer">(.*?)</dd>', raw, re.S).group(1))  # type: ignore[union-attr]
    assert answer.startswith("Yes: you may send operational personal data to United Kingdom on 2024-09-30")
    assert answer.count(".") == 1
    assert len(answer.split()) <= 30
    order = ["Legal bases", "Period of this answer", "Conditions", "Reasoning", "Rules applied", "Sources"]
    places = [page.index(heading) for heading in order]
    assert places == sorted(places)
    assert "This holds from" not in page
    later = client.get("/note", params={"partner": "UK", "data_type": "evidence"}).text
    if today() > load_knowledge().speaks_for:
        warned = _text(later)
        assert warned.index("Before relying on this") < warned.index("Question")
        assert "the date the knowledge speaks for" in warned


def test_a_no_basis_note_says_what_to_do_in_one_sentence(client: TestClient) -> None:
    """No basis: do not send as a routine; only the routes below, assessed and documented."""
    raw = client.get(
        "/note", params={"partner": "Nigeria", "data_type": "personal data", "as_of": "2024-09-30"}
    ).text
    answer = _text(re.search(r'<dd class="answer">(.*?)</dd>', raw, re.S).group(1))  # type: ignore[union-attr]
    assert answer.startswith("No: do not send operational personal data to Nigeria on 2024-09-30")
    assert "case-by-case route" in answer
    assert _text(raw).index("Answer") < _text(raw).index("What remains, case by case")


def test_the_transfer_check_reads_as_words(client: TestClient) -> None:
    """The verdict on a package says "no basis" and counts items in plain words."""
    form = [
        ("case_reference", "EJ-1"), ("partner", "Nigeria"), ("as_of", "2024-09-30"),
        ("data_type", "strategic"), ("label", "trend analysis"),
        ("data_type", "personal_data"), ("label", "witnesses"),
    ]  # fmt: skip
    body = "&".join(f"{key}={value.replace(' ', '+')}" for key, value in form)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    page = _text(client.post("/check", content=body, headers=headers).text)
    assert "Not allowed: 1 of 2 items may not go to Nigeria: witnesses (no basis)" in page
    assert "item(s)" not in page
    assert "no_basis" not in page


def test_the_print_view_carries_what_the_case_file_needs(app: tuple[InProcess, TestClient]) -> None:
    """The print view has what a case file needs.

    When it was generated, the knowledge in words with its version, the case reference, the request id the
    decision record was written under, and a stable link back to the note.
    """
    records, client = app
    response = client.get("/note/print", params={
        "partner": "the uk", "data_type": "evidence", "as_of": "2024-09-30", "case_reference": "EJ-2026-0117",
    })  # fmt: skip
    page = _text(response.text)
    request_id = response.headers["X-Request-ID"]
    assert "Case reference EJ-2026-0117" in page
    assert re.search(r"Generated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", page)
    knowledge = load_knowledge()
    assert f"{knowledge.title}, describing the situation on {knowledge.speaks_for}" in page
    assert knowledge.version in page
    assert f"Record id (request id) {request_id}" in page
    assert any(r.get("request_id") == request_id for r in records.records_read())
    assert "/note?partner=United+Kingdom&data_type=evidence&as_of=2024-09-30" in page


def test_the_api_and_the_page_accept_names_in_every_official_language(client: TestClient) -> None:
    """Norvège, Suiza, Ucraina through the API; Noruega on the page; Niemcy refused as a Member State."""
    assert client.get("/v1/partners/Norvège").json()["name"] == "Norway"
    body = {"partner": "Suiza", "data_type": "evidence", "as_of": "2024-09-30"}
    assert client.post("/v1/decisions", json=body).json()["partner"] == "Switzerland"
    assert "“Noruega” is Norway" in _text(client.get("/partners", params={"q": "Noruega"}).text)
    assert client.get("/v1/partners/Niemcy").status_code == 422
