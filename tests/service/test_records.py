"""Decision records of a live service: none lost when the file rotates, and a sink that cannot write stops it.

Live servers (two workers, on 127.0.0.1): what is tried here is the processes and the file system.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import Server, free_port, start_server

pytestmark = pytest.mark.slow  # live servers with two workers

REQUESTS_PER_CLIENT = 2_000
"""At most this many questions per client: they stop when the rotations are done."""
CLIENTS = 3
ROTATIONS = 8
DEADLINE = 90.0
"""Seconds the whole load may take at most (it takes a few on an idle machine)."""


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[Server]:
    """A service with two workers, writing records to a JSON Lines file."""
    server = start_server(tmp_path, "--workers", "2")
    yield server
    server.stop()


def _load(server: Server, answered: list[str], done: threading.Event, stop: float) -> None:
    """Ask questions, each with its own request id, until done; keep the ids of those answered 2xx."""
    with server.client() as client:
        for number in range(REQUESTS_PER_CLIENT):
            if done.is_set() or time.monotonic() > stop:
                return
            rid = uuid.uuid4().hex
            response = client.post(
                "/v1/decisions",
                json={"partner": ("Norway", "Nigeria", "Brazil")[number % 3], "data_type": "personal data"},
                headers={"X-Request-ID": rid},
            )
            if 200 <= response.status_code < 300:
                answered.append(rid)


def _request_ids(path: Path) -> list[str]:
    return [json.loads(line)["request_id"] for line in path.read_text(encoding="utf-8").splitlines() if line]


def _rotate(records: Path, number: int) -> list[str]:
    """Rotate the file as log rotation does (moved aside, or replaced), then read the old one and remove it.

    Returns the request ids of the records the old file held. Removing it (as a rotation that compresses
    the old file does) loses whatever is written to it afterwards: a sink that follows its file by path
    writes nothing there.
    """
    old = records.with_name(f"{records.name}.{number}")
    waited = time.monotonic() + 10
    while not records.exists() and time.monotonic() < waited:  # the next record makes it again
        time.sleep(0.05)
    if number % 2:
        records.rename(old)
    else:  # replaced: a new file put in its place (the old one kept under another name first)
        os.link(records, old)
        fresh = records.with_name("fresh.jsonl")
        fresh.write_bytes(b"")
        fresh.replace(records)
    time.sleep(0.3)  # what was being written when it moved is written by now
    found = _request_ids(old)
    old.unlink()
    return found


def test_no_record_is_lost_when_the_file_rotates_under_load(two_workers: Server) -> None:
    """Rotation and replacement of the records file under load: every request answered 2xx has its record.

    Two workers, three clients; the file is moved aside or replaced, its records read and the old file
    removed, eight times while the questions run. The records of all the files together hold exactly the
    request ids answered 2xx, each once: none went to a file after it lost its name.
    """
    answered: list[str] = []
    stop = time.monotonic() + DEADLINE
    done = threading.Event()
    clients = [
        threading.Thread(target=_load, args=(two_workers, answered, done, stop)) for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    recorded: list[str] = []
    try:
        for number in range(1, ROTATIONS + 1):
            time.sleep(0.2)
            recorded += _rotate(two_workers.records, number)
    finally:
        done.set()
        for client in clients:
            client.join(timeout=DEADLINE)
    time.sleep(0.3)
    recorded += _request_ids(two_workers.records)
    assert len(answered) >= 100, "the load did not run"
    assert sorted(recorded) == sorted(answered), (
        f"{len(answered)} answered, {len(recorded)} recorded,"
        f" {len(set(answered) - set(recorded))} answered without a record"
    )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_records_path_that_cannot_be_written_stops_the_start(tmp_path: Path, workers: str) -> None:
    """``--records`` naming a directory: exit 2 within 5 s with one line, with any number of workers.

    The sink is checked once, before any worker starts; a worker that failed on it would be restarted for
    ever.
    """
    command = [
        sys.executable, "-m", "sharing_rules", "serve", "--port", str(free_port()),
        "--workers", workers, "--records", str(tmp_path),
    ]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SHARING_RULES_", "PROMETHEUS_"))}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("serve did not stop within 5 s with a records path it cannot write")
    lines = err.decode().splitlines()
    assert process.returncode == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith("sharing-rules: error: The decision record sink cannot be used")
    assert out == b""


def test_the_records_file_of_the_service_is_private(two_workers: Server) -> None:
    """The file ``serve --records`` creates is readable and writable by its owner only (0600)."""
    httpx.post(f"{two_workers.url}/v1/decisions", json={"partner": "Norway", "data_type": "evidence"})
    assert two_workers.records.stat().st_mode & 0o777 == 0o600


def test_an_ambiguous_request_is_refused_and_still_leaves_a_record(two_workers: Server) -> None:
    """A key given twice (API) or a field given twice (page): 400, no decision, and a record of it."""
    with two_workers.client() as client:
        api = client.post(
            "/v1/decisions",
            content=b'{"partner": "Nigeria", "data_type": "personal data", "p\\u0061rtner": "Norway"}',
            headers={"Content-Type": "application/json"},
        )
        page = client.post(
            "/check",
            content=b"case_reference=EJ-1&partner=Nigeria&partner=Norway&data_type=evidence&label=",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert (api.status_code, page.status_code) == (400, 400)
    assert "allowed" not in api.json()
    records = two_workers.records_read()
    assert [(r["operation"], r["allowed"], r["outcome"]) for r in records] == [
        ("evaluate", False, None),
        ("check_transfer", False, None),
    ]
    assert all("cannot be read" in str(r["error"]) for r in records)
    assert all("Norway" not in json.dumps(r) for r in records)
