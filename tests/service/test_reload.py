"""Knowledge changes without a restart: the admin endpoint, --watch, several workers, broken directories."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from tests.service.conftest import TOKEN, Server, start_server

pytestmark = pytest.mark.slow  # live servers, reloads and workers

T = TypeVar("T")
AUTH = {"Authorization": f"Bearer {TOKEN}"}
_BATCH = {"questions": [{"partner": p, "data_type": t} for p in ("Norway", "Nigeria", "USA", "Brazil", "UK")
                        for t in ("strategic", "personal data", "evidence")] * 4}  # fmt: skip


def _revise(rules: Path, mark: str) -> None:
    """Change the rules directory's content (a comment: a new version, the same decisions)."""
    path = rules / "knowledge.yaml"
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# revision")
    ]
    path.write_text("\n".join([*lines, f"# revision {mark}"]) + "\n", encoding="utf-8")


def _fresh(url: str, path: str, **kwargs: object) -> httpx.Response:
    """A request on a new connection (so that, with several workers, any worker may answer)."""
    return httpx.get(f"{url}{path}", timeout=10.0, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def single(tmp_path: Path) -> Iterator[Server]:
    """A one-worker server with an admin token."""
    server = start_server(tmp_path)
    yield server
    server.stop()


def test_reload_is_refused_without_the_token(single: Server) -> None:
    """No token or a wrong one: 401 with WWW-Authenticate; the knowledge stays."""
    with single.client() as client:
        before = client.get("/v1/knowledge").json()["version"]
        missing = client.post("/v1/admin/reload")
        wrong = client.post("/v1/admin/reload", headers={"Authorization": "Bearer nope"})
        basic = client.post("/v1/admin/reload", headers={"Authorization": f"Basic {TOKEN}"})
        for response in (missing, wrong, basic):
            assert response.status_code == 401
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert response.headers["content-type"].startswith("application/problem+json")
        assert client.get("/v1/knowledge").json()["version"] == before


def test_reload_is_off_without_a_configured_token(tmp_path: Path) -> None:
    """With no admin token configured the endpoint does not exist (404), whatever is sent."""
    server = start_server(tmp_path, token=None)
    try:
        with server.client() as client:
            assert client.post("/v1/admin/reload").status_code == 404
            assert client.post("/v1/admin/reload", headers=AUTH).status_code == 404
    finally:
        server.stop()


def test_reload_swaps_and_a_broken_directory_keeps_the_old(single: Server) -> None:
    """A reload puts the new version in service; a broken directory is 409, reported, the old kept."""
    with single.client() as client:
        old = client.get("/v1/knowledge").json()["version"]
        _revise(single.rules, "1")
        result = client.post("/v1/admin/reload", headers=AUTH).json()
        assert result["previous"] == old
        assert result["changed"] is True
        new = result["version"]
        assert (
            client.post("/v1/decisions", json={"partner": "Norway", "data_type": "strategic"}).headers[
                "x-knowledge-version"
            ]
            == new
        )
        (single.rules / "stray.yaml").write_text("x: 1\n", encoding="utf-8")
        broken = client.post("/v1/admin/reload", headers=AUTH)
        assert broken.status_code == 409
        assert "stray.yaml" in broken.json()["detail"]
        info = client.get("/v1/knowledge").json()
        assert info["version"] == new
        assert info["reload"]["failed"] is True
        assert "stray.yaml" in info["reload"]["error"]
        metrics = client.get("/metrics").text
        assert "sharing_rules_knowledge_reload_failed 1.0" in metrics
        assert "sharing_rules_knowledge_reload_failures_total 1.0" in metrics
        answer = client.post("/v1/decisions", json={"partner": "Norway", "data_type": "strategic"})
        assert answer.status_code == 200
        assert answer.headers["x-knowledge-version"] == new
        (single.rules / "stray.yaml").unlink()
        assert client.post("/v1/admin/reload", headers=AUTH).status_code == 200
        assert client.get("/v1/knowledge").json()["reload"]["failed"] is False


def test_reload_under_load_never_fails_or_mixes(single: Server) -> None:
    """While reloads swap versions, every request succeeds and each answers from one version only."""
    failures: list[str] = []
    versions: set[str] = set()
    stop = time.monotonic() + 20.0  # bounded in time, and in count below
    done = threading.Event()

    def load() -> None:
        with single.client() as client:
            for _ in range(400):
                if done.is_set() or time.monotonic() > stop:
                    return
                response = client.post("/v1/decisions/batch", json=_BATCH)
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {response.text[:200]}")
                    continue
                body = response.json()
                seen = {a["decision"]["knowledge_version"] for a in body["answers"] if "decision" in a}
                if seen != {body["knowledge_version"]} or response.headers["x-knowledge-version"] not in seen:
                    failures.append(f"mixed versions {seen} under {response.headers['x-knowledge-version']}")
                versions.update(seen)

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    reloaded = set()
    with single.client() as admin:
        for round_ in range(6):
            _revise(single.rules, str(round_ % 2))
            response = admin.post("/v1/admin/reload", headers=AUTH)
            assert response.status_code == 200
            reloaded.add(response.json()["version"])
            time.sleep(0.2)
    done.set()
    for worker in workers:
        worker.join(timeout=30)
    assert not failures, failures[:5]
    assert len(reloaded) == 2
    assert len(versions) >= 2  # the requests really ran across reloads
    assert versions <= reloaded | {_initial(single)}


def test_watch_follows_the_directory_and_reports_a_broken_one(tmp_path: Path) -> None:
    """--watch reloads when the rules change; a broken directory keeps the old version, reported."""
    server = start_server(tmp_path, "--watch", "0.2", token=None)
    try:
        with server.client() as client:
            old = client.get("/v1/knowledge").json()["version"]
            _revise(server.rules, "watched")
            new = _wait_for(lambda: client.get("/v1/knowledge").json()["version"], lambda v: v != old)
            (server.rules / "partners.yaml").write_text("partners: [", encoding="utf-8")
            info = _wait_for(lambda: client.get("/v1/knowledge").json(), lambda i: i["reload"]["failed"])
            assert info["version"] == new
            assert "partners.yaml" in info["reload"]["error"]
            answer = client.post("/v1/decisions", json={"partner": "Norway", "data_type": "strategic"})
            assert answer.status_code == 200
            assert answer.headers["x-knowledge-version"] == new
    finally:
        server.stop()


def test_every_worker_converges(tmp_path: Path) -> None:
    """With --workers 2, a reload asked of one worker reaches both, and all answers then use it."""
    server = start_server(tmp_path, "--workers", "2")
    try:
        first = _wait_for(
            lambda: _fresh(server.url, "/v1/knowledge").json(), lambda i: len(i["workers"]) == 2
        )
        old = first["version"]
        assert {w["version"] for w in first["workers"]} == {old}
        _revise(server.rules, "workers")
        result = httpx.post(f"{server.url}/v1/admin/reload", headers=AUTH, timeout=10.0).json()
        new = result["version"]
        assert new != old
        info = _wait_for(
            lambda: _fresh(server.url, "/v1/knowledge").json(),
            lambda i: i["converged"] and len(i["workers"]) == 2 and i["version"] == new,
        )
        assert {w["version"] for w in info["workers"]} == {new}
        for _ in range(40):
            assert _fresh(server.url, "/readyz").headers["x-knowledge-version"] == new
        metrics = _fresh(server.url, "/metrics").text
        assert metrics.count('sharing_rules_knowledge_info{pid="') >= 2
        assert f'version="{new}"}} 1.0' in metrics
    finally:
        server.stop()


def _initial(server: Server) -> str:
    """The version of the shipped rules (the server's copy before any revision)."""
    from sharing_rules import load_knowledge

    return load_knowledge().version


def _wait_for(read: Callable[[], T], ok: Callable[[T], bool], timeout: float = 15.0) -> T:
    deadline = time.monotonic() + timeout
    value = read()
    while not ok(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s; last: {str(value)[:500]}")
        time.sleep(0.1)
        value = read()
    return value
