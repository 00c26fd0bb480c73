"""The layer every request passes: request id, body limit, timeout, security headers, metrics.

One plain ASGI middleware (no per-request objects beyond what it needs), so that the decision endpoint
pays little for it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sharing_rules._records import request_id as request_id_var
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
    """Request id, limits, headers and metrics, around the whole application."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, max_body_bytes: int, timeout: float) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: PLR0915  # one pass
        """Answer one request, or refuse it before the application sees it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given: bytes | None = None
        length: bytes | None = None
        content_type = b""
        for key, value in scope["headers"]:
            if key == b"x-request-id":
                given = value
            elif key == b"content-length":
                length = value
            elif key == b"content-type":
                content_type = value
        rid = given.decode("ascii") if given is not None and _VALID_ID.fullmatch(given) else uuid.uuid4().hex
        rid_header = rid.encode("ascii")
        status = 500
        sent_start = False
        method = scope["method"]

        async def send_with_headers(message: Message) -> None:
            nonlocal status, sent_start
            if message["type"] == "http.response.start":
                status = message["status"]
                sent_start = True
                headers = list(message.get("headers", ()))
                names = {name.lower() for name, _ in headers}
                headers.append((b"x-request-id", rid_header))
                headers.extend(_ALWAYS)
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", API_CSP))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        token = request_id_var.set(rid)
        try:
            refusal = self._refusal(scope, method, length, content_type, rid)
            if refusal is not None:
                await _send_problem(send_with_headers, refusal)
                return
            received = 0
            limit = self.max_body

            async def limited_receive() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise _TooLarge(limit)
                return message

            try:
                async with asyncio.timeout(self.timeout):
                    await self.app(scope, limited_receive, send_with_headers)
            except TimeoutError:
                if not sent_start:
                    await _send_problem(
                        send_with_headers,
                        _problems.problem(
                            503, "timeout", "The request took too long",
                            f"The service answers within {self.timeout:g} seconds, the body included;"
                            " this request took longer. Send the whole body at once, or try again.", rid,
                        ),
                    )  # fmt: skip
                else:
                    status = 503
            except Exception:
                log.exception("request %s failed", rid)
                if not sent_start:
                    await _send_problem(
                        send_with_headers,
                        _problems.problem(
                            500, "internal", "Internal error",
                            "The service failed to answer; nothing was decided. The request id names"
                            " this failure in the service's log.", rid,
                        ),
                    )  # fmt: skip
        finally:
            request_id_var.reset(token)
            route = scope.get("route")
            path = getattr(route, "path", None) or "<unmatched>"
            self.metrics.requests.labels(path, method if method in _METHODS else "OTHER", str(status)).inc()
            self.metrics.latency.labels(path).observe(time.perf_counter() - started)

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


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


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
