"""The service's records in a database, in process: the record id for the caller, reading records back.

The class: with records on (SQLite, JSON Lines), every answer names the records it left (``X-Decision-ID``;
each batch answer and transfer verdict carries its id), each named record is in the store and verifies;
a store that fails gives no decision (503); ``/v1/records`` lists records only for the admin token, with
the filters and pages it offers; ``/v1/records/status`` and ``/metrics`` show the chain.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from sharing_rules import shipped_rules
from sharing_rules._record_read import open_source, verify
from sharing_rules._record_sql import Filters
from sharing_rules._service._app import create_app
from sharing_rules._service._config import TOKEN_VARIABLE, ServiceConfig
from tests.service.conftest import TOKEN

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(params=["records.sqlite", "records.jsonl"])
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    """The service in process with its records in a SQLite file or a JSON Lines file: (target, client)."""
    shutil.copytree(shipped_rules(), tmp_path / "rules")
    target = str(tmp_path / request.param)
    config = ServiceConfig(rules=str(tmp_path / "rules"), records=target)
    with mock.patch.dict(os.environ, {TOKEN_VARIABLE: TOKEN}):
        app = create_app(config)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield target, client


def _stored(target: str) -> dict[str, dict[str, object]]:
    source = open_source(target)
    try:
        return {str(body["record_id"]): body for _, body in source.listed(Filters())}
    finally:
        source.close()


def test_each_answer_names_its_record_and_the_record_is_stored(service: tuple[str, TestClient]) -> None:
    """A decision, a batch and a transfer: X-Decision-ID (and the bodies) name records that are stored."""
    target, client = service
    one = client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence"})
    assert one.status_code == 200
    batch = client.post(
        "/v1/decisions/batch",
        json={
            "questions": [
                {"partner": "Brazil", "data_type": "evidence"},
                {"partner": "Narnia?", "data_type": "x"},
            ]
        },
    )
    transfer = client.post(
        "/v1/transfers",
        json={"case_reference": "C-42", "partner": "Norway", "items": [{"data_type": "evidence"}]},
    )
    answers = batch.json()["answers"]
    ids = [one.headers["x-decision-id"], *(a["record_id"] for a in answers), transfer.json()["record_id"]]
    assert batch.headers["x-decision-id"] == ",".join(a["record_id"] for a in answers)
    assert transfer.headers["x-decision-id"] == transfer.json()["record_id"]
    stored = _stored(target)
    assert set(ids) <= set(stored)
    assert stored[transfer.json()["record_id"]]["case_reference"] == "C-42"
    assert "problem" in answers[1]
    assert stored[answers[1]["record_id"]]["error"]
    source = open_source(target)
    assert verify(source).problems == []
    source.close()


def test_no_decision_when_the_database_cannot_take_the_record(tmp_path: Path) -> None:
    """The SQLite store broken under the service (its table gone): 503, no X-Decision-ID, no decision."""
    shutil.copytree(shipped_rules(), tmp_path / "rules")
    target = str(tmp_path / "records.db")
    app = create_app(ServiceConfig(rules=str(tmp_path / "rules"), records=target))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert (
            client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence"}).status_code
            == 200
        )
        with contextlib.closing(sqlite3.connect(target)) as connection:  # closed, not only committed
            connection.execute("DROP TABLE records")
        refused = client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence"})
    assert refused.status_code == 503
    assert refused.json()["type"].endswith("decision-not-recorded")
    assert "x-decision-id" not in refused.headers
    assert "allowed" not in refused.text


def test_records_are_listed_for_the_admin_only_filtered_and_in_pages(service: tuple[str, TestClient]) -> None:
    """No token: 401. With it: the filters select, ``limit`` cuts pages and ``next`` continues exactly."""
    _, client = service
    for partner in ("Norway", "Brazil", "Norway", "Nigeria", "Norway"):
        client.post("/v1/decisions", json={"partner": partner, "data_type": "evidence"})
    assert client.get("/v1/records").status_code == 401
    norway = client.get("/v1/records", params={"partner": "Norway"}, headers=AUTH).json()
    assert [r["partner"] for r in norway["records"]] == ["Norway"] * 3
    assert norway["next"] is None
    first = client.get("/v1/records", params={"limit": 2}, headers=AUTH).json()
    second = client.get("/v1/records", params={"limit": 2, "after": first["next"]}, headers=AUTH).json()
    everything = client.get("/v1/records", headers=AUTH).json()["records"]
    assert first["records"] + second["records"] == everything[:4]
    blocked = client.get("/v1/records", params={"outcome": "no_basis"}, headers=AUTH).json()["records"]
    assert {r["outcome"] for r in blocked} == {"no_basis"}
    assert "Nigeria" in {r["partner"] for r in blocked}
    assert "Norway" not in {r["partner"] for r in blocked}
    assert client.get("/v1/records", params={"since": "2999-01-01"}, headers=AUTH).json()["records"] == []


def test_the_chain_of_the_worker_shows_in_status_and_metrics(service: tuple[str, TestClient]) -> None:
    """After three answers the worker's chain head is at sequence 2, in /v1/records/status and /metrics."""
    _, client = service
    for _ in range(3):
        client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence"})
    chains = client.get("/v1/records/status").json()["chains"]
    assert len(chains) == 1
    assert chains[0]["sequence"] == 2
    metrics = client.get("/metrics").text
    assert f'sharing_rules_record_chain_head{{chain="{chains[0]["chain_id"]}"}} 2.0' in metrics


def test_the_admin_reaudits_the_store_against_the_knowledge_reloaded(service: tuple[str, TestClient]) -> None:
    """No token: 401. Before a change nothing is listed; after a reload, exactly what the change alters.

    Armenia's agreement gets a day of entry into force in the rules directory: the Armenia record of a day
    it applies is listed, in its case; the Norway record is not.
    """
    target, client = service
    client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence", "as_of": "2025-10-01"})
    client.post(
        "/v1/transfers",
        json={
            "case_reference": "C-9",
            "partner": "Armenia",
            "as_of": "2025-10-01",
            "items": [{"data_type": "evidence"}],
        },
    )
    assert client.post("/v1/admin/reaudit").status_code == 401
    before = client.post("/v1/admin/reaudit", headers=AUTH).json()
    assert (before["records"], before["changed"]) == (2, 0)
    partners = Path(target).parent / "rules" / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    start = text.index("  - name: Armenia")
    armenia = text[start:].replace("from: unknown", "from: 2025-09-01", 1)
    partners.write_text(text[:start] + armenia, encoding="utf-8")
    assert client.post("/v1/admin/reload", headers=AUTH).status_code == 200
    after = client.post("/v1/admin/reaudit", headers=AUTH).json()
    assert after["changed"] == 1
    (group,) = after["groups"]
    assert (group["case_reference"], group["partner"]) == ("C-9", "Armenia")
    assert (group["records"][0]["before"], group["records"][0]["after"]) == ("no_basis", "allowed")


@pytest.mark.parametrize("name", ["records.sqlite", "records.jsonl"])
def test_an_application_started_twice_keeps_recording_and_checkpoints_each_stop(
    tmp_path: Path, name: str
) -> None:
    """The same application entered twice: one chain goes on, and each stop checkpoints its head."""
    shutil.copytree(shipped_rules(), tmp_path / "rules")
    target = str(tmp_path / name)
    app = create_app(ServiceConfig(rules=str(tmp_path / "rules"), records=target))
    for _ in range(2):
        with TestClient(app, base_url="http://127.0.0.1") as client:
            answer = client.post("/v1/decisions", json={"partner": "Norway", "data_type": "evidence"})
            assert answer.status_code == 200
    source = open_source(target)
    report = verify(source)
    marks = source.checkpoints()
    source.close()
    assert (report.records, report.chains, report.problems) == (2, 1, [])
    assert {mark["sequence"] for mark in marks} == {0, 1}
    assert (marks[-1]["sequence"], marks[-1]["reason"]) == (1, "shutdown")


def test_a_refused_question_names_the_record_it_left(service: tuple[str, TestClient]) -> None:
    """An unknown partner is answered 404, and X-Decision-ID names the record of the refusal."""
    target, client = service
    refused = client.post("/v1/decisions", json={"partner": "Atlantis", "data_type": "evidence"})
    assert refused.status_code == 404
    stored = _stored(target)[refused.headers["x-decision-id"]]
    assert stored["error"]
    assert stored["partner_asked"] == "Atlantis"
    assert stored["asked"] == ["evidence"]
