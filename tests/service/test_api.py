"""The JSON API: every endpoint, its answers, its problems and its headers.

The application runs in process (FastAPI's TestClient, with the service's own middleware and records): a
live server would prove nothing more here. What only a live server shows (uvicorn's settings, workers,
reloads, timeouts of connections, the browser) is tried in the other modules of this folder.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.service.conftest import InProcess

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@pytest.fixture
def server(app: tuple[InProcess, TestClient]) -> InProcess:
    """The application's records."""
    return app[0]


@pytest.fixture
def client(app: tuple[InProcess, TestClient]) -> httpx.Client:
    """A client of the application (an httpx client, as for a live server)."""
    return app[1]


PROBLEM = "application/problem+json"


def _problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert "Traceback" not in response.text
    assert body["request_id"] == response.headers["x-request-id"]
    return dict(body)


def test_a_decision_is_the_library_decision_with_its_version(client: httpx.Client) -> None:
    """POST /v1/decisions answers with the Decision model; the header names the knowledge version."""
    from sharing_rules import evaluate

    response = client.post("/v1/decisions", json={"partner": "Nigeria", "data_type": "personal data"})
    assert response.status_code == 200
    decision = response.json()
    assert decision["outcome"] == "no_basis"
    assert decision["allowed"] is False
    assert decision["statements"]
    assert response.headers["x-knowledge-version"] == decision["knowledge_version"]
    answer = client.post(
        "/v1/decisions", json={"partner": "the UK", "data_type": "evidence", "as_of": "2024-09-30"}
    )
    assert answer.json() == evaluate("United Kingdom", "evidence", as_of="2024-09-30").model_dump(mode="json")
    assert answer.json()["outcome"] == "allowed"


def test_a_dated_question_is_answered_for_its_date(client: httpx.Client) -> None:
    """as_of decides: Switzerland has no basis before its agreement is in force."""
    before = client.post(
        "/v1/decisions", json={"partner": "CH", "data_type": "evidence", "as_of": "2010-01-01"}
    )
    after = client.post(
        "/v1/decisions", json={"partner": "CH", "data_type": "evidence", "as_of": "2024-09-30"}
    )
    assert before.json()["outcome"] == "no_basis"
    assert after.json()["outcome"] == "allowed"


def test_the_request_id_is_echoed_or_generated(client: httpx.Client) -> None:
    """X-Request-ID is echoed back when given (and valid), generated when absent or malformed."""
    given = client.get("/healthz", headers={"X-Request-ID": "case-42.abc"})
    assert given.headers["x-request-id"] == "case-42.abc"
    generated = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", generated.headers["x-request-id"])
    junk = client.get("/healthz", headers={"X-Request-ID": "x" * 500})
    assert re.fullmatch(r"[0-9a-f]{32}", junk.headers["x-request-id"])


def test_unknown_partner_is_404_with_suggestions(client: httpx.Client) -> None:
    """A name that is no partner and no country: 404 problem with did-you-mean suggestions."""
    body = _problem(client.post("/v1/decisions", json={"partner": "Norwya", "data_type": "strategic"}), 404)
    assert "Norway" in body["suggestions"]  # type: ignore[operator]
    assert "Unknown partner" in str(body["detail"])


def test_member_state_and_unknown_data_type_are_422(client: httpx.Client) -> None:
    """An EU Member State and an unknown data type are 422 problems with the library's message."""
    member = _problem(
        client.post("/v1/decisions", json={"partner": "Germany", "data_type": "strategic"}), 422
    )
    assert "EU Member State" in str(member["detail"])
    kind = _problem(client.post("/v1/decisions", json={"partner": "Norway", "data_type": "gossip"}), 422)
    assert "personal_data" in kind["valid"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b'{"partner": "Norway", "data_type": ', {"Content-Type": "application/json"}),
        (b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}),
        (b'{"partner": 7, "data_type": "strategic"}', {"Content-Type": "application/json"}),
        (b'{"partner": "Norway"}', {"Content-Type": "application/json"}),
        (
            b'{"partner": "Norway", "data_type": "strategic", "as_of": "2024-02-30"}',
            {"Content-Type": "application/json"},
        ),
        (b"\xff\xfe{}", {"Content-Type": "application/json"}),
        (b"", {"Content-Type": "application/json"}),
        (b"null", {"Content-Type": "application/json"}),
    ],
    ids=["truncated", "deep-nesting", "number", "missing-field", "no-such-date", "not-utf8", "empty", "null"],
)
def test_bad_input_is_400_never_500(client: httpx.Client, body: bytes, headers: dict[str, str]) -> None:
    """Malformed JSON, deep nesting, wrong types, missing fields, impossible dates: 400 problems."""
    for path in ("/v1/decisions", "/v1/decisions/batch", "/v1/transfers"):
        _problem(client.post(path, content=body, headers=headers), 400)


def test_the_content_sent_is_never_echoed(server: InProcess, client: httpx.Client) -> None:
    """A refused body's values appear neither in the problem nor in the decision record."""
    secret = "WITNESS-JOHN-DOE-ADDRESS-17"
    response = client.post(
        "/v1/decisions", json={"partner": "Norway", "data_type": "strategic", "content": secret}
    )
    _problem(response, 400)
    assert secret not in response.text
    response = client.post("/v1/decisions/batch", json={"questions": [{"partner": 5, "data_type": secret}]})
    _problem(response, 400)
    assert secret not in response.text
    assert secret not in server.records.read_text(encoding="utf-8")


def test_wrong_content_type_is_415_and_huge_bodies_413(client: httpx.Client) -> None:
    """A body that is not JSON is 415; one over the limit is 413 (by Content-Length or streamed)."""
    _problem(
        client.post("/v1/decisions", content=b"partner=Norway", headers={"Content-Type": "text/plain"}), 415
    )
    _problem(
        client.post("/v1/decisions", content=b" " * 2_000_000, headers={"Content-Type": "application/json"}),
        413,
    )

    def chunks() -> object:
        for _ in range(40):
            yield b" " * 50_000

    streamed = client.post("/v1/transfers", content=chunks(), headers={"Content-Type": "application/json"})  # type: ignore[arg-type]
    _problem(streamed, 413)


def test_unknown_routes_and_methods_are_problems(client: httpx.Client) -> None:
    """404 and 405 are problem details too."""
    _problem(client.get("/v1/nothing-here"), 404)
    _problem(client.delete("/v1/decisions"), 405)


def test_batch_answers_every_question_from_one_version(server: InProcess, client: httpx.Client) -> None:
    """The batch answers in order, a decision or a problem per question, all from one knowledge version."""
    questions = [
        {"partner": "Norway", "data_type": "personal_data"},
        {"partner": "Atlantis", "data_type": "strategic"},
        {"partner": "Nigeria", "data_type": "strategic", "as_of": "2024-09-30"},
        {"partner": "France", "data_type": "strategic"},
    ]
    response = client.post(
        "/v1/decisions/batch", json={"questions": questions}, headers={"X-Request-ID": "batch-1"}
    )
    assert response.status_code == 200
    body = response.json()
    answers = body["answers"]
    assert [a["index"] for a in answers] == [0, 1, 2, 3]
    assert answers[0]["decision"]["outcome"] == "allowed"
    assert answers[1]["problem"]["status"] == 404
    assert answers[2]["decision"]["outcome"] == "allowed"
    assert answers[3]["problem"]["status"] == 422
    versions = {a["decision"]["knowledge_version"] for a in answers if "decision" in a}
    assert versions == {body["knowledge_version"]} == {response.headers["x-knowledge-version"]}
    recorded = [r for r in server.records_read() if r["request_id"] == "batch-1"]
    assert len(recorded) == 4
    too_many = {"questions": [{"partner": "Norway", "data_type": "strategic"}] * 1001}
    _problem(client.post("/v1/decisions/batch", json=too_many), 400)


def test_a_transfer_is_decided_item_by_item(server: InProcess, client: httpx.Client) -> None:
    """POST /v1/transfers answers with the TransferDecision; the record carries the request id."""
    request = {
        "case_reference": "EJ-2026-0117",
        "partner": "Nigeria",
        "items": [{"data_type": "strategic", "label": "trend analysis"}, {"data_type": "personal data"}],
    }
    response = client.post("/v1/transfers", json=request, headers={"X-Request-ID": "transfer-1"})
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["allowed"] is False
    assert [i["decision"]["outcome"] for i in verdict["items"]] == ["allowed", "no_basis"]
    (record,) = [r for r in server.records_read() if r["request_id"] == "transfer-1"]
    assert record["operation"] == "check_transfer"
    assert record["case_reference"] == "EJ-2026-0117"
    body = _problem(client.post("/v1/transfers", json={**request, "items": []}), 400)
    assert "items" in str(body["detail"])


def test_every_request_that_decides_leaves_a_record(server: InProcess, client: httpx.Client) -> None:
    """Answered and refused questions both leave a record with the request id."""
    client.post(
        "/v1/decisions",
        json={"partner": "Norway", "data_type": "strategic"},
        headers={"X-Request-ID": "r-ok"},
    )
    client.post(
        "/v1/decisions",
        json={"partner": "Norwya", "data_type": "strategic"},
        headers={"X-Request-ID": "r-404"},
    )
    client.post(
        "/v1/decisions", content=b"{", headers={"X-Request-ID": "r-400", "Content-Type": "application/json"}
    )
    records = {r["request_id"]: r for r in server.records_read()}
    assert records["r-ok"]["outcome"] == "allowed"
    assert records["r-404"]["outcome"] is None
    assert "UnknownPartnerError" in str(records["r-404"]["error"])
    assert records["r-400"]["outcome"] is None


def test_partners_by_any_spelling(client: httpx.Client) -> None:
    """GET /v1/partners lists them; /v1/partners/{name} finds one by any spelling evaluate accepts."""
    partners = client.get("/v1/partners").json()
    assert "United Kingdom" in {p["name"] for p in partners}
    for spelling in ("the UK", "gbr", "united kingdom", "GB", "U.K."):
        response = client.get(f"/v1/partners/{spelling}")
        assert response.status_code == 200, spelling
        assert response.json()["name"] == "United Kingdom"
    _problem(client.get("/v1/partners/Germany"), 422)
    brazil = _problem(client.get("/v1/partners/Kenya"), 404)
    assert "no relationship" in str(brazil["detail"])
    _problem(client.get("/v1/partners/Norwya"), 404)


def test_the_matrix_for_a_date(client: httpx.Client) -> None:
    """GET /v1/matrix?as_of= gives every partner's outcome per data type on that date."""
    matrix = client.get("/v1/matrix", params={"as_of": "2010-01-01"}).json()
    rows = {row["partner"]: row for row in matrix["rows"]}
    assert matrix["as_of"] == "2010-01-01"
    assert rows["Switzerland"]["outcomes"]["evidence"] == "no_basis"
    assert "EU Member State" in rows["United Kingdom"]["not_a_third_country"]
    assert rows["United Kingdom"]["outcomes"] == {}
    later = {r["partner"]: r for r in client.get("/v1/matrix", params={"as_of": "2024-09-30"}).json()["rows"]}
    assert later["Switzerland"]["outcomes"]["evidence"] == "allowed"
    assert later["United Kingdom"]["not_a_third_country"] is None
    _problem(client.get("/v1/matrix", params={"as_of": "yesterday"}), 400)


def test_knowledge_health_readiness_and_metrics(client: httpx.Client) -> None:
    """/v1/knowledge describes the version; /healthz, /readyz answer; /metrics has the service's metrics."""
    info = client.get("/v1/knowledge").json()
    assert info["version"].startswith("sha256:")
    assert info["statements"]
    assert info["rules"]
    assert info["converged"] is True
    assert info["reload"]["failed"] is False
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["knowledge_version"] == info["version"]
    client.post("/v1/decisions", json={"partner": "Norway", "data_type": "strategic"})
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'sharing_rules_http_requests_total{method="POST",route="/v1/decisions",status="200"}' in text
    assert 'sharing_rules_decisions_total{outcome="allowed"}' in text
    assert f'sharing_rules_knowledge_info{{version="{info["version"]}"}} 1.0' in text
    assert "sharing_rules_http_request_duration_seconds_bucket" in text
    assert "sharing_rules_knowledge_reload_failed 0.0" in text


def test_openapi_and_its_docs_page_work_offline(client: httpx.Client) -> None:
    """The OpenAPI document names every endpoint and the library's models; /docs links nothing outside."""
    document = client.get("/openapi.json").json()
    for path in (
        "/v1/decisions",
        "/v1/decisions/batch",
        "/v1/transfers",
        "/v1/partners",
        "/v1/partners/{name}",
        "/v1/matrix",
        "/v1/knowledge",
        "/v1/admin/reload",
        "/healthz",
        "/readyz",
        "/metrics",
    ):
        assert path in document["paths"], path
    for model in ("Decision", "TransferRequest", "TransferDecision", "Partner", "Problem", "Question"):
        assert model in document["components"]["schemas"], model
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/v1/decisions/batch" in docs.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", docs.text)


def test_security_headers_and_no_cors_by_default(client: httpx.Client) -> None:
    """Every response has the security headers; no CORS header unless origins are configured."""
    response = client.get("/v1/partners", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in response.headers
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in page.text


def test_the_schema_is_the_librarys(client: httpx.Client) -> None:
    """The Decision schema in the OpenAPI document has the fields of `sharing-rules schema`."""
    from sharing_rules import Decision

    document = client.get("/openapi.json").json()
    served = document["components"]["schemas"]["Decision"]
    assert set(served["properties"]) == set(Decision.model_json_schema(mode="serialization")["properties"])
    assert json.loads(json.dumps(served))["title"] == "Decision"


def test_the_service_holds_its_own_knowledge_and_records(server: InProcess, client: httpx.Client) -> None:
    """The service never asks the library's default knowledge, and its records never touch the process's sink.

    A transfer whose items are named by their labels is read with the service's knowledge; the records go to
    the service's own file, while the process-wide sink stays off.
    """
    from unittest import mock

    from sharing_rules import _api, _records

    def refused() -> object:
        raise AssertionError("the service asked the library's default knowledge")

    with mock.patch.object(_api, "default_knowledge", refused), mock.patch.object(_api, "_default", None):
        transfer = {"case_reference": "EJ-1", "partner": "Norway", "items": [{"data_type": "personal data"}]}
        answered = client.post("/v1/transfers", json=transfer, headers={"X-Request-ID": "own-1"})
        assert answered.status_code == 200, answered.text
        assert client.get("/note", params={"partner": "Norway", "data_type": "evidence"}).status_code == 200
    assert _records.current_sink() is None
    assert [r["operation"] for r in server.records_read() if r["request_id"] == "own-1"] == ["check_transfer"]


def test_request_ids_made_by_the_service_are_unique_and_look_like_a_uuid4s() -> None:
    """An id the service makes is 32 hex digits, never twice the same in a process, and fits the id rule."""
    from sharing_rules._records import new_id  # the private maker, tested directly
    from sharing_rules._service import _middleware

    made = [new_id() for _ in range(10_000)]
    assert len(set(made)) == len(made)
    assert all(len(rid) == 32 and int(rid, 16) >= 0 for rid in made)
    assert all(_middleware._VALID_ID.fullmatch(rid.encode()) for rid in made[:100])
