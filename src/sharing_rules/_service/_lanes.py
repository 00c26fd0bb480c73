"""The fast lane: the busiest endpoints answered without FastAPI's routing and dependency solving.

A request for ``POST /v1/decisions`` (and the few other endpoints in :data:`LANES`) spends most of its
time in the framework: matching the path against every route, then solving the route's dependencies,
which are only "the service" and "the knowledge in service". A lane calls the route's own endpoint
function (the one FastAPI would call, declared once in its router) with those arguments given directly,
and turns an error into its answer with the application's own exception handlers. Everything else about
the request - host, origin, body limit and type, timeout, headers, records, metrics - is the middleware's
and stays the same; every other path goes through FastAPI as before.

A lane takes only an exact path with no root path; an endpoint whose parameters are anything but the
request, the service and the knowledge cannot have one (refused when the application is built).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.types import Receive, Scope, Send

from sharing_rules._service._core import Service

LANES = (
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("POST", "/v1/decisions"),
    ("POST", "/v1/decisions/batch"),
    ("POST", "/v1/transfers"),
)
"""The endpoints that have a lane: the health probes and the endpoints that decide."""

Handler = Callable[[Request, Exception], Awaitable[Response]]


class Lane:
    """One endpoint's lane: its route (for the metrics), its endpoint and how to give its arguments."""

    def __init__(self, route: APIRoute, service: Service, handlers: Mapping[Any, Handler]) -> None:
        self.route = route
        self._endpoint: Callable[..., Awaitable[Response]] = route.endpoint
        self._service = service
        self._handlers = handlers
        self._arguments = tuple(inspect.signature(route.endpoint).parameters)
        unknown = set(self._arguments) - {"request", "service", "knowledge"}
        if unknown:
            raise ValueError(f"{route.path} takes {sorted(unknown)}: no lane can give them")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request as the route would (its endpoint, then its errors' handlers)."""
        scope["route"] = self.route
        request = Request(scope, receive)
        try:
            response = await self._endpoint(**self._given(request))
        except Exception as error:
            handler = self._handler(type(error))
            if handler is None:
                raise
            response = await handler(request, error)
        await response(scope, receive, send)

    def _given(self, request: Request) -> dict[str, Any]:
        given: dict[str, Any] = {}
        for name in self._arguments:
            if name == "request":
                given[name] = request
            elif name == "service":
                given[name] = self._service
            else:
                given[name] = self._service.knowledge()
        return given

    def _handler(self, kind: type[BaseException]) -> Handler | None:
        """The application's handler for an error of this kind (the nearest class), as Starlette finds it."""
        for cls in kind.__mro__:
            if cls in self._handlers:
                return self._handlers[cls]
        return None


def lanes_of(app: FastAPI, routers: Iterable[APIRouter], service: Service) -> dict[tuple[str, str], Lane]:
    """The lanes of :data:`LANES`, each bound to its route and to ``app``'s exception handlers.

    ``routers`` are the routers ``app`` includes (without a prefix); every lane's route must be in one.
    """
    routes = {
        (method, route.path): route
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    handlers: Mapping[Any, Handler] = app.exception_handlers  # type: ignore[assignment]
    return {key: Lane(routes[key], service, handlers) for key in LANES}
