"""The application: the API, page and operations routers under one middleware, with problem documents.

:func:`create_app` makes the :class:`~sharing_rules._service._core.Service` the routes share, includes the
three routers (``_api_routes``, ``_page``, ``_operations``), turns every error into an RFC 9457 problem,
and writes the OpenAPI document for the request bodies the routes read by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from sharing_rules import SharingRulesError, TransferRequest
from sharing_rules._service import _api_routes, _operations, _page, _problems, _record_routes
from sharing_rules._service._api_routes import RefusedError, field_problems
from sharing_rules._service._config import ServiceConfig
from sharing_rules._service._core import JSON, VERSION_HEADER, Service, problem_response, request_id
from sharing_rules._service._lanes import lanes_of
from sharing_rules._service._middleware import ServiceMiddleware
from sharing_rules._service._models import BatchAnswer, BatchQuestions, Problem, Question

_POLL = 0.25


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the knowledge before the first request; watch for reloads until the application stops."""
    service: Service = app.state.service
    await asyncio.to_thread(service.state.load_initial)
    watcher = asyncio.create_task(service.state.watch(min(_POLL, service.config.watch or _POLL)))
    keeper = asyncio.create_task(service.keeping.run())
    try:
        yield
    finally:
        for task in (watcher, keeper):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await asyncio.to_thread(service.keeping.stop)  # a last checkpoint; the sink closed


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The application for ``config`` (default: the settings ``serve`` left in the environment)."""
    config = config or ServiceConfig.from_environment()
    service = Service(config)
    app = FastAPI(
        title="sharing-rules",
        summary="What information may Eurojust exchange with each partner outside the EU, and why.",
        version="1",
        lifespan=_lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = service
    app.add_exception_handler(SharingRulesError, _library_error)
    app.add_exception_handler(RefusedError, _refused)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.include_router(_api_routes.router)
    app.include_router(_record_routes.router)
    app.include_router(_operations.router)
    app.include_router(_page.router)
    app.mount("/static", StaticFiles(directory=_page.STATIC), name="static")
    app.openapi = _openapi_of(app)  # type: ignore[method-assign]
    if config.cors_origins:
        from starlette.middleware.cors import CORSMiddleware  # noqa: PLC0415  # only when configured

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-Request-ID"],
            expose_headers=["X-Request-ID", VERSION_HEADER],
        )
    app.add_middleware(
        ServiceMiddleware,
        metrics=service.metrics,
        records=service.records,
        max_body_bytes=config.max_body_bytes,
        timeout=config.timeout,
        hosts=config.host_names(),
        trusted_origins=config.cors_origins,
        lanes=lanes_of(app, (_api_routes.router, _operations.router), service),
    )
    return app


# -- every error as a problem document ---------------------------------------------------------------------


async def _library_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, SharingRulesError)
    return problem_response(_problems.for_error(error, request_id()))


async def _refused(_: Request, error: Exception) -> Response:
    assert isinstance(error, RefusedError)
    return problem_response(error.body)


async def _invalid_request(_: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = field_problems(list(error.errors()))
    return problem_response(
        _problems.problem(400, "invalid-request", "Invalid request", "; ".join(problems) + ".",
                          request_id(), problems=problems)
    )  # fmt: skip


_TITLES = {404: "Not found", 405: "Method not allowed", 413: "Request body too large"}


async def _http_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    detail = error.detail if isinstance(error.detail, str) else "The request was refused."
    if error.status_code == 404 and detail == "Not Found":
        detail = "There is nothing at this address. The API is described at /openapi.json and /docs."
    if error.status_code == 400 and detail == "There was an error parsing the body":
        detail = "The body could not be read as JSON."
    return problem_response(
        _problems.problem(error.status_code, "http-" + str(error.status_code),
                          _TITLES.get(error.status_code, "Refused"), detail, request_id()),
        headers=error.headers,
    )  # fmt: skip


# -- the OpenAPI document ----------------------------------------------------------------------------------


def _openapi_of(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document, with the request bodies read by hand and problems as problem+json."""
    original: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _completed(original())
        return app.openapi_schema

    return openapi


def _completed(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (Question, BatchQuestions, TransferRequest, Problem, BatchAnswer):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="validation")
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        schemas[model.__name__] = schema
    for path in document.get("paths", {}).values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if _problems.MEDIA_TYPE in content and JSON in content:
                    del content[JSON]
                if _problems.MEDIA_TYPE in content and not content[_problems.MEDIA_TYPE]:
                    content[_problems.MEDIA_TYPE] = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return document
