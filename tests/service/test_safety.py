"""Safe by default, and the options that loosen it: timeout, CORS, a token file, records that fail."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.service.conftest import Server, start_server

pytestmark = pytest.mark.slow  # a live server: timeouts of connections

FILE_TOKEN = "token-from-a-file-91c2"


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with a 1 s timeout, one CORS origin, a token file, and records that cannot be written."""
    tmp = tmp_path_factory.mktemp("strict")
    token_file = tmp / "token"
    token_file.write_text(FILE_TOKEN + "\n", encoding="utf-8")
    server = start_server(
        tmp, "--timeout", "1", "--cors-origin", "https://cms.example", "--admin-token-file", str(token_file),
        "--records", "/dev/full", token=None,
    )  # fmt: skip
    yield server
    server.stop()


def test_a_slow_body_times_out(strict: Server) -> None:
    """A request whose body does not arrive within the timeout is answered 503, not left hanging."""
    address = urlsplit(strict.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            b"POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"partner":'
        )
        started = time.monotonic()
        answer = _read_response(connection)
    assert answer.startswith("HTTP/1.1 503")
    assert "application/problem+json" in answer
    assert "took longer" in answer
    assert time.monotonic() - started < 8


def test_the_server_does_not_name_itself(strict: Server) -> None:
    """Uvicorn runs without its ``server`` header: a response does not say what software answers."""
    with strict.client() as client:
        response = client.get("/v1/partners")
    assert response.status_code == 200
    assert "server" not in response.headers


def test_cors_only_for_the_configured_origin(strict: Server) -> None:
    """The configured origin gets CORS headers (and the version header exposed); another gets none."""
    with strict.client() as client:
        allowed = client.options(
            "/v1/decisions",
            headers={"Origin": "https://cms.example", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"},
        )  # fmt: skip
        assert allowed.headers["access-control-allow-origin"] == "https://cms.example"
        simple = client.get("/v1/partners", headers={"Origin": "https://cms.example"})
        assert "x-knowledge-version" in simple.headers["access-control-expose-headers"].lower()
        other = client.get("/v1/partners", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_the_admin_token_can_come_from_a_file(strict: Server) -> None:
    """With --admin-token-file, that token (and no other) may reload."""
    with strict.client() as client:
        assert client.post("/v1/admin/reload", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = client.post("/v1/admin/reload", headers={"Authorization": f"Bearer {FILE_TOKEN}"})
        assert ok.status_code == 200
        assert ok.json()["changed"] is False


def test_a_decision_that_cannot_be_recorded_is_not_given(strict: Server) -> None:
    """When the record sink fails (a full disk), the service answers 503 and gives no decision."""
    with strict.client() as client:
        response = client.post("/v1/decisions", json={"partner": "Norway", "data_type": "personal_data"})
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert "could not be recorded" in body["title"]
        assert "allowed" not in body
        transfer = client.post(
            "/v1/transfers",
            json={"case_reference": "C-1", "partner": "Norway", "items": [{"data_type": "evidence"}]},
        )
        assert transfer.status_code == 503
        page = client.get("/note", params={"partner": "Norway", "data_type": "evidence"})
        assert page.status_code == 503
        assert "Allowed" not in page.text.split("<main", 1)[1]


def _read_response(connection: socket.socket) -> str:
    """One whole HTTP/1.1 response (headers, then the body its Content-Length announces)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536) or b"\r\n\r\n"
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        more = connection.recv(65536)
        if not more:
            break
        body += more
    return (head + b"\r\n\r\n" + body).decode("latin-1")


def test_a_connection_that_sends_nothing_is_closed_within_the_timeout(strict: Server) -> None:
    """A connection that never sends a request is closed after --timeout (1 s), not held for ever."""
    address = urlsplit(strict.url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        try:
            answer = connection.recv(65536)  # the server closes it: b"", or a 408 then the end
            while answer and not answer.endswith(b"\n"):
                answer += connection.recv(65536)
        except TimeoutError:
            pytest.fail("an idle connection was still open after 5 s")
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408")


def test_headers_sent_slowly_are_cut_off_within_the_timeout(strict: Server) -> None:
    """A request whose headers trickle in (a line every 0.2 s) is cut off after --timeout (1 s).

    The server answers 408 and closes the connection, or just closes it; either way within a few seconds,
    long before the trickle would have ended (10 s).
    """
    address = urlsplit(strict.url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        answer: bytes | None = None
        for number in range(50):
            readable, _, _ = select.select([connection], [], [], 0.2)
            if readable:
                answer = connection.recv(65536)
                break
            try:
                connection.sendall(b"X-Slow-%d: x\r\n" % number)
            except OSError:  # closed by the server
                answer = b""
                break
        assert answer is not None, "the headers were still being taken after 10 s"
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 5
