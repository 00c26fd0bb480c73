"""The fast lane answers exactly as FastAPI's routing would, for every request to an endpoint it serves.

The class: any request (good, refused by the library, refused as unreadable, too large, of the wrong
type, HEAD) to an endpoint with a lane gets the same status, body, headers and decision records as the
same request answered through FastAPI's routing and dependencies, and counts in the metrics under its
route.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from sharing_rules import shipped_rules
from sharing_rules._service import _lanes
from sharing_rules._service._app import create_app
from sharing_rules._service._config import TOKEN_VARIABLE, ServiceConfig
from tests.service.conftest import TOKEN

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

JSON = {"content-type": "application/json"}
DECISIONS = "/v1/decisions"
REQUESTS: list[tuple[str, str, bytes | None, dict[str, str]]] = [
    ("POST", DECISIONS, b'{"partner": "Norway", "data_type": "evidence"}', JSON),
    ("POST", DECISIONS, b'{"partner": "no such land", "data_type": "evidence"}', JSON),
    ("POST", DECISIONS, b'{"partner": "Germany", "data_type": "evidence"}', JSON),
    ("POST", DECISIONS, b'{"partner": "Norway", "data_type": "gossip"}', JSON),
    ("POST", DECISIONS, b'{"partner": "Norway", "data_type": "evidence", "as_of": "2019-02-30"}', JSON),
    ("POST", DECISIONS, b'{"partner": "UK", "data_type": "evidence", "as_of": "2020-06-01"}', JSON),
    ("POST", DECISIONS, b'{"partner": "Norway", "partner": "Nigeria", "data_type": "evidence"}', JSON),
    ("POST", DECISIONS, b'{"partner": "Norway", "data_type": "evidence", "secret": "x"}', JSON),
    ("POST", DECISIONS, b'["Norway", "evidence"]', JSON),
    ("POST", DECISIONS, b"{not json", JSON),
    ("POST", DECISIONS, b"", JSON),
    ("POST", DECISIONS, b'{"partner": "Norway", "data_type": "evidence"}', {"content-type": "text/plain"}),
    ("POST", DECISIONS, b'{"partner": "' + b"N" * 2_000 + b'", "data_type": "evidence"}', JSON),
    ("POST", DECISIONS + "/batch",
     b'{"questions": [{"partner": "Norway", "data_type": "evidence"},'
     b' {"partner": "Mars", "data_type": "x"}]}',
     JSON),
    ("POST", DECISIONS + "/batch", b'{"questions": "all"}', JSON),
    ("POST", "/v1/transfers",
     b'{"case_reference": "EJ-1", "partner": "Norway", "items": [{"data_type": "evidence", "label": "A"}]}',
     JSON),
    ("POST", "/v1/transfers", b'{"case_reference": "EJ-1", "partner": "Norway", "items": []}', JSON),
    ("GET", "/healthz", None, {}),
    ("HEAD", "/healthz", None, {}),
    ("GET", "/readyz", None, {}),
]  # fmt: skip
"""Requests to every endpoint with a lane: answered, refused by the library, refused as unreadable."""

_RECORD_ID = re.compile(rb'"record_id":"[0-9a-f]{32}"')
_VARYING = {"record_id", "timestamp", "chain_id", "sequence", "previous_hash", "record_hash"}


@contextlib.contextmanager
def _app(folder: Path, lanes: bool) -> Iterator[TestClient]:
    shutil.copytree(shipped_rules(), folder / "rules")
    config = ServiceConfig(
        rules=str(folder / "rules"), records=str(folder / "records.jsonl"), max_body_bytes=1_000
    )
    with mock.patch.dict(os.environ, {TOKEN_VARIABLE: TOKEN}):
        if lanes:
            app = create_app(config)
        else:
            with mock.patch.object(_lanes, "LANES", ()):
                app = create_app(config)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, TestClient, Path, Path]]:
    """The same service twice: with its lanes, and with every request routed by FastAPI."""
    fast, routed = tmp_path_factory.mktemp("lanes"), tmp_path_factory.mktemp("routed")
    with _app(fast, lanes=True) as with_lanes, _app(routed, lanes=False) as without:
        yield with_lanes, without, fast / "records.jsonl", routed / "records.jsonl"


def _records(path: Path, seen: int) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [{k: v for k, v in json.loads(line).items() if k not in _VARYING} for line in lines[seen:]]


def _answer(client: TestClient, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Any:
    sent = {**headers, "x-request-id": "lane-test-1"}
    response = client.request(method, path, content=body, headers=sent)
    shown = {k: v for k, v in response.headers.items() if k not in {"x-decision-id", "date"}}
    content = _RECORD_ID.sub(b'"record_id":"(an id)"', response.content)
    return response.status_code, content, shown, "x-decision-id" in response.headers


@pytest.mark.parametrize(("method", "path", "body", "headers"), REQUESTS)
def test_a_request_with_a_lane_is_answered_as_routing_answers_it(
    both: tuple[TestClient, TestClient, Path, Path],
    method: str,
    path: str,
    body: bytes | None,
    headers: dict[str, str],
) -> None:
    """Status, body, headers and the records it leaves are those of the same request routed by FastAPI."""
    with_lanes, without, fast_records, routed_records = both
    seen = (len(_records(fast_records, 0)), len(_records(routed_records, 0)))
    fast = _answer(with_lanes, method, path, body, headers)
    routed = _answer(without, method, path, body, headers)
    assert fast == routed
    assert _records(fast_records, seen[0]) == _records(routed_records, seen[1])


def test_every_lane_is_taken_and_counted_under_its_route(
    both: tuple[TestClient, TestClient, Path, Path],
) -> None:
    """Each endpoint of the lanes is served by its lane (not by routing), and the metrics name its route."""
    with_lanes = both[0]
    taken: list[str] = []
    original = _lanes.Lane.__call__

    async def noted(self: _lanes.Lane, scope: Any, receive: Any, send: Any) -> None:
        taken.append(self.route.path)
        await original(self, scope, receive, send)

    with mock.patch.object(_lanes.Lane, "__call__", noted):
        for method, path, body, headers in REQUESTS:
            if "content-type" in headers and headers["content-type"] != "application/json":
                continue  # refused before any lane or route
            _answer(with_lanes, method, path, body, headers)
    assert set(taken) == {path for _, path in _lanes.LANES}
    metrics = with_lanes.get("/metrics").text
    for _, path in _lanes.LANES:
        assert f'route="{path}"' in metrics


def test_an_endpoint_a_lane_cannot_call_is_refused_when_the_app_is_built() -> None:
    """A lane for an endpoint taking anything but the request, the service or the knowledge fails at once."""
    from sharing_rules._service import _api_routes  # the router the lane is looked up in

    with (
        mock.patch.object(_lanes, "LANES", (("GET", "/v1/partners/{name}"),)),
        pytest.raises(ValueError, match="name"),
    ):
        create_app(ServiceConfig())
    assert any(getattr(route, "path", "") == "/v1/partners/{name}" for route in _api_routes.router.routes)
