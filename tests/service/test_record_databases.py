"""Live services writing decision records to a database: two workers, a worker killed under load.

The class: two workers of one service (SQLite, or a throwaway PostgreSQL cluster) each keep a chain of
their own in one store; every request answered 2xx has its record, also when a worker is killed in the
middle of the load (a record is durable before its answer goes out); the store verifies afterwards.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sharing_rules._record_read import open_source, verify
from sharing_rules._record_sql import Filters
from tests.service.conftest import Server, start_server

pytestmark = pytest.mark.slow  # live servers with two workers

CLIENTS = 4
REQUESTS_PER_CLIENT = 400
DEADLINE = 60.0


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the service's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _load(server: Server, answered: list[str], stop: float) -> None:
    """Ask questions, each with its own request id; keep the ids answered 2xx (errors are not answers).

    Each question on a new connection (``Connection: close``): the workers take connections as they come,
    so both answer (kept-alive connections may all land on one worker, and the other's chain stay empty).
    """
    with server.client() as client:
        for number in range(REQUESTS_PER_CLIENT):
            if time.monotonic() > stop:
                return
            rid = uuid.uuid4().hex
            try:
                response = client.post(
                    "/v1/decisions",
                    json={"partner": ("Norway", "Nigeria", "Brazil")[number % 3], "data_type": "evidence"},
                    headers={"X-Request-ID": rid, "Connection": "close"},
                )
            except Exception:  # the connection to the killed worker: no answer, no claim
                continue
            if 200 <= response.status_code < 300:
                assert response.headers["x-decision-id"]
                answered.append(rid)


def _recorded(target: str) -> list[str]:
    source = open_source(target)
    try:
        return [str(body["request_id"]) for _, body in source.listed(Filters())]
    finally:
        source.close()


def _run_load(server: Server, kill: bool) -> list[str]:
    answered: list[str] = []
    stop = time.monotonic() + DEADLINE
    clients = [threading.Thread(target=_load, args=(server, answered, stop)) for _ in range(CLIENTS)]
    for client in clients:
        client.start()
    if kill:
        time.sleep(1.0)
        workers = _children(server.process.pid)
        assert workers, "no worker process found"
        os.kill(max(workers), signal.SIGKILL)  # in the middle of the load
    for client in clients:
        client.join(timeout=DEADLINE + 10)
    return answered


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the service writes: a SQLite file, or a fresh database of a throwaway PostgreSQL cluster."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgresql_url")
        return url
    return str(tmp_path / "records.sqlite")


@pytest.fixture
def two_workers(tmp_path: Path, target: str) -> Iterator[tuple[Server, str]]:
    """A service with two workers writing to ``target``."""
    server = start_server(tmp_path, "--workers", "2", "--records", target)
    yield server, target
    server.stop()


@pytest.mark.parametrize("kill", [False, True], ids=["steady", "worker-killed"])
def test_every_answer_of_two_workers_has_its_record_and_the_store_verifies(
    two_workers: tuple[Server, str], kill: bool
) -> None:
    """Two workers, four clients, one worker killed after a second or not: no answer without its record.

    Each request answered 2xx is recorded exactly once, the workers kept two chains or more, and verify
    finds nothing wrong.
    """
    server, target = two_workers
    answered = _run_load(server, kill)
    server.stop()  # the last checkpoints of the workers still alive
    recorded = _recorded(target)
    assert len(answered) >= 100, "the load did not run"
    missing = set(answered) - set(recorded)
    assert not missing, f"{len(missing)} of {len(answered)} answered requests have no record"
    assert len(recorded) == len(set(recorded))
    source = open_source(target)
    report = verify(source)
    source.close()
    assert report.problems == [], [problem.text() for problem in report.problems]
    assert report.chains >= 2
