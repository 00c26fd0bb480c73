"""The service's small promises, each for its whole class of request: HEAD, hosts, other sites, field names.

The application runs in process (FastAPI's TestClient); the timeouts of connections are tried against a
live server in ``test_safety.py``, records in ``test_records.py``, reading input in ``test_doors.py``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from sharing_rules import configure_records

pytest.importorskip("fastapi", reason="the service extra is not installed: pip install -e '.[service]'")

with warnings.catch_warnings():  # Starlette asks for a renamed httpx (httpx2) that is not published here
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

from sharing_rules._service._app import create_app
from sharing_rules._service._config import ServiceConfig

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The application in process: one CORS origin, one extra host name, no records."""
    configure_records(None)
    config = ServiceConfig(cors_origins=("https://cms.example",), allowed_hosts=("sharing.example",))
    with TestClient(create_app(config), base_url="http://localhost") as session:
        yield session


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/", "/v1/partners", "/check", "/openapi.json"])
def test_head_is_answered_wherever_get_is(client: TestClient, path: str) -> None:
    """HEAD (what load balancers ask) gets GET's status and headers, and no body."""
    got = client.get(path)
    head = client.head(path)
    assert (head.status_code, head.content) == (got.status_code, b"")
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == got.headers["content-length"]


def test_head_is_refused_where_get_is(client: TestClient) -> None:
    """Where GET is not allowed (a POST-only endpoint), HEAD is not either: 405."""
    assert client.head("/v1/decisions").status_code == 405


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST:8000",
        "127.0.0.1:8000",
        "127.0.0.2",
        "[::1]:8000",
        "localhost.",
        "sharing.example",
    ],
)
def test_the_hosts_served_are_answered(client: TestClient, host: str) -> None:
    """Loopback names and addresses, and a host allowed with --allowed-host, in any case, with any port."""
    assert client.get("/healthz", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "rebind.example",
        "rebind.example:8000",
        "localhost.rebind.example",
        "127.0.0.1.nip.example",
        "",
        "[::2]",
    ],
)
def test_any_other_host_is_refused(client: TestClient, host: str) -> None:
    """A Host the service does not serve (as a page elsewhere names it under DNS rebinding): 400 problem."""
    for response in (
        client.get("/healthz", headers={"Host": host}),
        client.post(
            "/v1/decisions", json={"partner": "Norway", "data_type": "evidence"}, headers={"Host": host}
        ),
    ):
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.json()["type"].endswith("unknown-host")
        assert "rebind" not in response.text


FORM = {"case_reference": "EJ-1", "partner": "Norway", "data_type": "evidence", "label": ""}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://elsewhere.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
        {"Origin": "http://localhost:8001"},
    ],
)
def test_a_post_from_another_site_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    """The page's form and the API, posted from another site as a browser marks it: 403, nothing decided."""
    for response in (
        client.post("/check", data=FORM, headers=headers),
        client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence"}, headers=headers),
    ):
        assert response.status_code == 403
        assert response.json()["type"].endswith("cross-site-request")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://localhost"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://cms.example"},
    ],
    ids=["a program", "the page itself", "typed by a person", "same origin", "a CORS origin"],
)
def test_a_post_from_the_page_a_person_or_a_program_is_answered(
    client: TestClient, headers: dict[str, str]
) -> None:
    """Same-origin posts, direct requests, programs (no browser headers) and a configured origin pass."""
    assert client.post("/check", data=FORM, headers=headers).status_code == 200
    decision = client.post(
        "/v1/decisions", json={"partner": "Norway", "data_type": "evidence"}, headers=headers
    )
    assert decision.status_code == 200


@pytest.mark.parametrize("door", ["/v1/decisions", "/v1/decisions/batch", "/v1/transfers"])
def test_a_field_name_is_bounded_in_a_problem_like_a_value(client: TestClient, door: str) -> None:
    """An unknown field named with 3,400 characters is named by at most 40 of them, never whole."""
    name = "x" * 3_400
    question = {"partner": "Norway", "data_type": "evidence", name: 1}
    body = {
        "/v1/decisions": question,
        "/v1/decisions/batch": {"questions": [question]},
        "/v1/transfers": {
            "case_reference": "EJ-1",
            "partner": "Norway",
            "items": [{"data_type": "x"}],
            name: 1,
        },
    }[door]
    response = client.post(door, json=body)
    assert response.status_code == 400
    assert "x" * 41 not in response.text
    assert len(response.content) < 2_000


def test_an_unknown_data_type_in_a_transfer_is_422_with_the_valid_values(client: TestClient) -> None:
    """As for one question: an item of a kind the knowledge does not define is 422, with the valid kinds."""
    request: dict[str, object] = {"case_reference": "EJ-1", "partner": "Norway"}
    request["items"] = [{"data_type": "evidence"}, {"data_type": "gossip"}]
    response = client.post("/v1/transfers", json=request)
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"].endswith("unknown-data-type")
    assert "personal_data" in problem["valid"]
