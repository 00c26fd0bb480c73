"""The HTTP connection: uvicorn's httptools protocol, with a deadline for each request's head.

uvicorn bounds a connection between two requests (keep-alive) and the application bounds a request once
its head has arrived (the service's timeout, the body included), but nothing bounds the time before the
head is complete: a connection that sends nothing, or sends its headers a byte at a time, would hold a
connection slot for ever. Here every request's head must arrive within the service's timeout, counted from
the connection (or from the end of the previous response): otherwise the connection is answered 408 and
closed.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from sharing_rules._service._config import ServiceConfig

_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 57\r\nconnection: close\r\n\r\n"
    b"The request's headers did not arrive within the timeout.\n"
)


@functools.cache
def head_timeout() -> float:
    """Seconds a request's head may take: the service's timeout (``--timeout``), read once per process."""
    return ServiceConfig.from_environment().timeout


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """httptools' protocol, closing a connection whose request head does not arrive within the timeout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A new connection: its first request's head must arrive within the timeout."""
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        """A response sent: keep-alive bounds the wait for the next request, the deadline its head."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def on_headers_complete(self) -> None:
        """The head arrived in time: the application's own timeout takes over."""
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone: nothing more to bound."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(head_timeout(), self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return  # a request is being answered (pipelined): the application's timeout bounds it
        self.transport.write(_TIMED_OUT)
        self.transport.close()
