"""Live servers for the service tests: ``sharing-rules serve`` in a subprocess on a free loopback port."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import httpx
import pytest

from sharing_rules import shipped_rules

pytest.importorskip("fastapi", reason="the service extra is not installed: pip install -e '.[service]'")

with warnings.catch_warnings():  # Starlette asks for a renamed httpx (httpx2) that is not published here
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

from sharing_rules._service._app import create_app
from sharing_rules._service._config import TOKEN_VARIABLE, ServiceConfig

TOKEN = "test-admin-token-7f3a9c"


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 (just now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running service: its address, its rules directory and where its records go."""

    url: str
    rules: Path
    records: Path
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def client(self, **kwargs: object) -> httpx.Client:
        """An HTTP client for this server."""
        return httpx.Client(base_url=self.url, timeout=10.0, **kwargs)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server (its process group: the workers too) and wait for it."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)

    def records_read(self) -> list[dict[str, object]]:
        """The decision records written so far."""
        import json

        if not self.records.exists():
            return []
        return [json.loads(line) for line in self.records.read_text(encoding="utf-8").splitlines() if line]


def start_server(
    tmp: Path, *args: str, token: str | None = TOKEN, rules: Path | None = None, wait: float = 30.0
) -> Server:
    """Start ``sharing-rules serve`` on a free port with a copy of the shipped rules; wait until ready."""
    if rules is None:
        rules = tmp / "rules"
        shutil.copytree(shipped_rules(), rules)
    records = tmp / "records.jsonl"
    log = tmp / "server.log"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHARING_RULES_", "PROMETHEUS_"))}
    if token is not None:
        env["SHARING_RULES_ADMIN_TOKEN"] = token
    command = [
        sys.executable, "-m", "sharing_rules", "serve", "--port", str(port), "--rules", str(rules),
        "--records", str(records), *args,
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}", rules, records, process, log, env)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped at start:\n{log.read_text()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=1.0).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop()
    raise AssertionError(f"the server was not ready within {wait} s:\n{log.read_text()}")


@dataclass
class InProcess:
    """The application run in process: where its records go."""

    records: Path

    def records_read(self) -> list[dict[str, object]]:
        """The decision records written so far."""
        if not self.records.exists():
            return []
        return [json.loads(line) for line in self.records.read_text(encoding="utf-8").splitlines() if line]


@contextlib.contextmanager
def in_process(folder: Path) -> Iterator[tuple[InProcess, TestClient]]:
    """The service in process (FastAPI's TestClient), on a copy of the shipped rules.

    With an admin token and its records in a file: for what a live server would prove nothing more about.
    """
    shutil.copytree(shipped_rules(), folder / "rules")
    config = ServiceConfig(rules=str(folder / "rules"), records=str(folder / "records.jsonl"))
    with mock.patch.dict(os.environ, {TOKEN_VARIABLE: TOKEN}):
        app = create_app(config)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield InProcess(folder / "records.jsonl"), client


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[InProcess, TestClient]]:
    """One application in process shared by a module's tests, and its client."""
    with in_process(tmp_path_factory.mktemp("service")) as found:
        yield found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server (one worker, an admin token, records on) shared by a module's tests."""
    running = start_server(tmp_path_factory.mktemp("service"))
    yield running
    running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    """A client of the module's server."""
    with server.client() as session:
        yield session
