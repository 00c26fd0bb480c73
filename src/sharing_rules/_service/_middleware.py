"""The layer every request passes: request id, host, origin, body limit, timeout, security headers, metrics.

One plain ASGI middleware (no per-request objects beyond what it needs), so that the decision endpoint
pays little for it. Before the application sees a request it refuses:

- a ``Host`` the service does not serve (400): a page elsewhere that reaches the service through a name of
  its own resolving to loopback (DNS rebinding) names that name, never one of the service's;
- a state-changing request (POST, PUT, PATCH, DELETE) from another site (403), as browsers mark it
  (``Sec-Fetch-Site``, else ``Origin``): same-origin requests, requests a person made directly, requests
  from a configured CORS origin and requests from programs (which send neither header) pass;
- a body over the limit (413) or of the wrong type (415).

``HEAD`` is answered wherever ``GET`` is, with the same headers and no body.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import time
from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sharing_rules import DecisionRecordError
from sharing_rules._record_store import Pending, StoreSink, deferring
from sharing_rules._records import Sink, issued_var, new_id, record_of, recording
from sharing_rules._service import _problems
from sharing_rules._service._metrics import Metrics

log = logging.getLogger("sharing_rules.service")

_VALID_ID = re.compile(rb"[A-Za-z0-9._:\-]{1,128}")
_JSON_BODY = re.compile(rb"application/(?:[a-z0-9.+\-]*\+)?json\s*(?:;.*)?", re.IGNORECASE)
_FORM_BODY = re.compile(rb"application/x-www-form-urlencoded\s*(?:;.*)?", re.IGNORECASE)
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


class _TooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit} bytes, the service's limit.")


class ServiceMiddleware:
    """Request id, host and origin checks, limits, headers and metrics, around the whole application."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics,
        records: Sink | None = None,
        max_body_bytes: int,
        timeout: float,
        hosts: frozenset[str] | None = frozenset({"localhost", "127.0.0.1", "::1"}),
        trusted_origins: Collection[str] = (),
        lanes: Mapping[tuple[str, str], ASGIApp] | None = None,
    ) -> None:
        self.app = app
        self.lanes = lanes or {}
        """The fast lanes by (method, path): a request for one is answered there, not routed (``_lanes``)."""
        self.metrics = metrics
        self.records = records
        """The service's own sink: each request's records go there, with the request's id."""
        self.max_body = max_body_bytes
        self.timeout = timeout
        self.hosts = hosts
        """The names ``Host`` may carry (None: any, for a service behind a proxy that checks it)."""
        self.trusted_origins = frozenset(origin.encode("latin-1") for origin in trusted_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request, or refuse it before the application sees it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given, length, content_type, host, fetch_site, origin = _read_headers(scope["headers"])
        rid = given.decode("ascii") if given is not None and _VALID_ID.fullmatch(given) else new_id()
        method = scope["method"]
        head = method == "HEAD"
        if head:  # answered as GET, without the body
            scope = {**scope, "method": "GET"}
        sent = _HeadedSend(send, rid.encode("ascii"), head)
        issued: list[str] = []
        token = issued_var.set(issued)
        try:
            with recording(self.records, request_id=rid), self._deferred() as pending:
                sent.records(issued, pending)
                refusal = (
                    self._foreign_host(host, rid)
                    or self._cross_site(method, host, fetch_site, origin, rid)
                    or self._refusal(scope, method, length, content_type, rid)
                )
                if refusal is not None:
                    await _send_problem(sent, refusal)
                    return
                await self._answer(scope, _limited(receive, self.max_body), sent, rid)
        finally:
            issued_var.reset(token)
            route = scope.get("route")  # set on the scope the application saw
            path = getattr(route, "path", None) or "<unmatched>"
            self.metrics.answered(
                path, method if method in _METHODS else "OTHER", sent.status, time.perf_counter() - started
            )

    def _deferred(self) -> contextlib.AbstractContextManager[list[Pending] | None]:
        """For a database sink: records are committed in groups, each answer awaiting its own."""
        if isinstance(self.records, StoreSink):
            return deferring()
        return contextlib.nullcontext()

    async def _answer(self, scope: Scope, receive: Receive, send: _HeadedSend, rid: str) -> None:
        """Let the application answer within the timeout; a problem for a timeout or a failure."""
        lane = None if scope.get("root_path") else self.lanes.get((scope["method"], scope["path"]))
        try:
            async with asyncio.timeout(self.timeout):
                await (self.app if lane is None else lane)(scope, receive, send)
        except TimeoutError:
            if send.started:
                send.status = 503
                return
            await _send_problem(
                send,
                _problems.problem(
                    503, "timeout", "The request took too long",
                    f"The service answers within {self.timeout:g} seconds, the body included;"
                    " this request took longer. Send the whole body at once, or try again.", rid,
                ),
            )  # fmt: skip
        except Exception:
            log.exception("request %s failed", rid)
            if not send.started:
                await _send_problem(
                    send,
                    _problems.problem(
                        500, "internal", "Internal error",
                        "The service failed to answer; nothing was decided. The request id names"
                        " this failure in the service's log.", rid,
                    ),
                )  # fmt: skip

    def _foreign_host(self, host: bytes | None, rid: str) -> dict[str, Any] | None:
        """A 400 problem unless ``Host`` names a host this service serves."""
        if self.hosts is None or (host is not None and _host_name(host) in self.hosts):
            return None
        if host is not None and _is_loopback_literal(_host_name(host)) and "localhost" in self.hosts:
            return None
        return _problems.problem(
            400, "unknown-host", "Unknown host",
            "This service does not answer to the host the request names. Use one of its own names (the"
            " loopback names, or those its operators allowed with --allowed-host).", rid,
        )  # fmt: skip

    def _cross_site(
        self, method: str, host: bytes | None, fetch_site: bytes | None, origin: bytes | None, rid: str
    ) -> dict[str, Any] | None:
        """A 403 problem for a state-changing request a browser sent from another site."""
        if method not in _STATE_CHANGING:
            return None
        if origin is not None and origin in self.trusted_origins:
            return None
        if fetch_site is not None:
            allowed = fetch_site in {b"same-origin", b"none"}
        elif origin is not None:
            allowed = host is not None and _origin_host(origin) == host.lower()
        else:  # neither header: no browser sent it (they send Origin on every POST)
            allowed = True
        if allowed:
            return None
        return _problems.problem(
            403, "cross-site-request", "Request from another site",
            "A request from another site may not change or decide anything here: use the service's own"
            " page, or call the API from a program (or from an origin allowed with --cors-origin).", rid,
        )  # fmt: skip

    def _refusal(
        self, scope: Scope, method: str, length: bytes | None, content_type: bytes, rid: str
    ) -> dict[str, Any] | None:
        if length is not None:
            try:
                too_large = int(length) > self.max_body
            except ValueError:
                return _problems.problem(
                    400, "bad-request", "Bad request", "Content-Length is no number.", rid
                )
            if too_large:
                return _problems.problem(
                    413, "too-large", "Request body too large",
                    f"The request body is larger than {self.max_body} bytes, the service's limit.", rid,
                )  # fmt: skip
        if method in {"POST", "PUT", "PATCH"}:
            path: str = scope["path"]
            wanted = _FORM_BODY if path == "/check" else _JSON_BODY if path.startswith("/v1/") else None
            refused = content_type and not wanted.fullmatch(content_type) if wanted is not None else False
            if refused and path != "/v1/admin/reload":
                expected = "application/x-www-form-urlencoded" if path == "/check" else "application/json"
                return _problems.problem(
                    415, "unsupported-media-type", "Unsupported media type",
                    f"Send the body as {expected} (Content-Type: {expected}).", rid,
                )  # fmt: skip
        return None


class _HeadedSend:
    """Sends the application's messages with the service's headers, and notes the status sent.

    With decision records on, the answer waits until every record of the request is durable (a database
    sink commits them in groups), names them in ``X-Decision-ID`` (a refusal leaves a record too), and
    becomes a 503 problem, naming none, when a record could not be written.
    """

    def __init__(self, send: Send, rid: bytes, head: bool) -> None:
        self._send = send
        self._rid = rid
        self._head = head
        self.status = 500
        self.started = False
        self._issued: list[str] = []
        self._pending: list[Pending] | None = None
        self._refused = False
        self._unrecorded = False

    def records(self, issued: list[str], pending: list[Pending] | None) -> None:
        """The ids of the request's records, and their pending writes (None: written as they were made)."""
        self._issued, self._pending = issued, pending

    async def _recorded(self) -> bool:
        """Wait for the request's pending records; False (and a 503 sent) if one could not be written."""
        pending, self._pending = self._pending, None
        try:
            for future, body in pending or ():
                try:
                    await (future if isinstance(future, asyncio.Future) else asyncio.wrap_future(future))
                except DecisionRecordError as failure:
                    raise DecisionRecordError(failure.problem, record_of(body)) from None
        except DecisionRecordError as failure:
            log.error("request %s: %s", self._rid.decode(), failure)
            self._unrecorded = True
            await _send_problem(self, _problems.for_error(failure, self._rid.decode()))
            self._refused = True
            return False
        return True

    async def __call__(self, message: Message) -> None:
        if self._refused:  # the answer was replaced by a 503: nothing of it goes out
            return
        if message["type"] == "http.response.start" and self._pending and not await self._recorded():
            return
        if self._head and message["type"] == "http.response.body":
            message = {**message, "body": b""}
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.started = True
            headers = list(message.get("headers", ()))
            names = {name.lower() for name, _ in headers}
            headers.append((b"x-request-id", self._rid))
            if self._issued and not self._unrecorded:  # refusals too: they leave a record
                headers.append((b"x-decision-id", ",".join(self._issued).encode("ascii")))
            headers.extend(_ALWAYS)
            if b"content-security-policy" not in names:
                headers.append((b"content-security-policy", API_CSP))
            if b"cache-control" not in names:
                headers.append((b"cache-control", b"no-store"))
            message["headers"] = headers
        await self._send(message)


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive``, refusing (413) a body that grows beyond ``limit`` bytes."""
    received = 0

    async def limited_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge(limit)
        return message

    return limited_receive


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_READ = {
    b"x-request-id": 0,
    b"content-length": 1,
    b"content-type": 2,
    b"host": 3,
    b"sec-fetch-site": 4,
    b"origin": 5,
}
"""The headers the middleware reads, by their place in what :func:`_read_headers` returns."""

_TWICE = b"\x00given twice"
"""What a header given twice reads as: matching no host, origin, type or number."""

Headers = tuple[bytes | None, bytes | None, bytes, bytes | None, bytes | None, bytes | None]


def _read_headers(headers: list[tuple[bytes, bytes]]) -> Headers:
    """X-Request-ID, Content-Length, Content-Type ("" if none), Host, Sec-Fetch-Site and Origin.

    A header given twice is read as no valid value at all (two hosts, two origins, two content types are
    refused as none of them: which would count?).
    """
    found: list[bytes | None] = [None] * len(_READ)
    for key, value in headers:
        place = _READ.get(key)
        if place is not None:
            found[place] = value if found[place] is None else _TWICE
    given, length, content_type, host, fetch_site, origin = found
    return given, length, content_type or b"", host, fetch_site, origin


_STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_HOST = re.compile(r"\[([0-9A-Fa-f:.]+)\](?::\d*)?|([^:\[\]]*)(?::\d*)?")


def _host_name(host: bytes) -> str:
    """The name a ``Host`` header carries, lower case, without its port or a final dot ("" if malformed)."""
    found = _HOST.fullmatch(host.decode("latin-1"))
    if found is None:
        return ""
    return (found.group(1) or found.group(2) or "").lower().rstrip(".")


def _is_loopback_literal(name: str) -> bool:
    """Whether ``name`` is an IP address of the loopback network (127.0.0.0/8, ::1)."""
    if not name[:1].isdigit() and ":" not in name:
        return False
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _origin_host(origin: bytes) -> bytes | None:
    """The host and port an ``Origin`` names (``null`` and what is no origin name none)."""
    try:
        return urlsplit(origin.decode("latin-1")).netloc.lower().encode("latin-1") or None
    except ValueError:
        return None


async def _send_problem(send: Send, body: dict[str, Any]) -> None:
    payload = _problems.encode(body)
    await send(
        {
            "type": "http.response.start",
            "status": body["status"],
            "headers": [
                (b"content-type", _problems.MEDIA_TYPE.encode()),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
