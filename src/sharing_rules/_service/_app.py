"""The application: the JSON API under ``/v1/``, health, metrics, the OpenAPI document and its page.

Every request reads the knowledge in service once and answers everything from it; the
``X-Knowledge-Version`` header says which version answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import date
from typing import Annotated, Any
from weakref import WeakKeyDictionary

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from sharing_rules._api import check_transfer, evaluate
from sharing_rules._decisions import Decision
from sharing_rules._errors import (
    DecisionRecordError,
    NotAThirdCountryError,
    SharingRulesError,
    UnknownPartnerError,
)
from sharing_rules._json_input import UnreadableInputError, read_json
from sharing_rules._knowledge import KnowledgeBase
from sharing_rules._model import Partner
from sharing_rules._naming import Found
from sharing_rules._records import (
    JsonLinesSink,
    Operation,
    configure_records,
    emit,
    recorder,
)
from sharing_rules._records import request_id as request_id_var
from sharing_rules._service import _problems
from sharing_rules._service._config import ServiceConfig
from sharing_rules._service._metrics import CONTENT_TYPE, Metrics
from sharing_rules._service._middleware import ServiceMiddleware
from sharing_rules._service._models import (
    BatchAnswer,
    BatchDecisions,
    BatchQuestions,
    Health,
    KnowledgeInfo,
    Matrix,
    MatrixRow,
    Problem,
    Question,
    ReloadResult,
    ReloadStatus,
    WorkerKnowledge,
)
from sharing_rules._service._state import KnowledgeState
from sharing_rules._timeline import coerce_day
from sharing_rules._transfer import TransferDecision, TransferRequest, field_path

log = logging.getLogger("sharing_rules.service")

VERSION_HEADER = "X-Knowledge-Version"
_JSON = "application/json"
_POLL = 0.25


class JsonAnswers:
    """Decisions as JSON bytes, written once per decision of a knowledge base (decisions never change)."""

    _LIMIT = 100_000

    def __init__(self) -> None:
        self._cache: WeakKeyDictionary[KnowledgeBase, dict[int, tuple[Decision, bytes]]] = WeakKeyDictionary()

    def of(self, knowledge: KnowledgeBase, decision: Decision) -> bytes:
        """The decision as JSON."""
        table = self._cache.get(knowledge)
        if table is None:
            table = self._cache[knowledge] = {}
        found = table.get(id(decision))
        if found is not None and found[0] is decision:
            return found[1]
        encoded = decision.model_dump_json().encode("utf-8")
        if len(table) < self._LIMIT:
            table[id(decision)] = (decision, encoded)  # the decision is kept, so its id stays its own
        return encoded


class Service:
    """What the routes share: settings, knowledge state, metrics."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.state = KnowledgeState(config)
        self.metrics = Metrics()
        self.state.on_change = self.metrics.knowledge_changed
        self.answers = JsonAnswers()
        self.token = config.admin_token()

    def knowledge(self) -> KnowledgeBase:
        """The knowledge in service (read once per request)."""
        knowledge = self.state.current
        if knowledge is None:  # pragma: no cover - the lifespan loads it before the first request
            raise HTTPException(503, "The knowledge is not loaded yet; try again in a moment.")
        return knowledge

    def count(self, decisions: list[Decision]) -> None:
        """Count decisions given, by outcome."""
        for decision in decisions:
            self.metrics.by_outcome[decision.outcome].inc()


def _records(config: ServiceConfig) -> None:
    if config.records is None:
        return
    if config.records != "logging":
        configure_records(JsonLinesSink(config.records))
        return
    try:
        configure_records("logging")
    except DecisionRecordError:  # no logging set up for the records: they go to stderr, one JSON per line
        logger = logging.getLogger("sharing_rules.decisions")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        configure_records("logging")


def problem_response(body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    """A problem details response."""
    return Response(
        _problems.encode(dict(body)), status_code=int(body["status"]), media_type=_problems.MEDIA_TYPE,
        headers=dict(headers or {}),
    )  # fmt: skip


def _json(body: bytes, knowledge: KnowledgeBase, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type=_JSON, headers={VERSION_HEADER: knowledge.version})


def _model_json(model: BaseModel, knowledge: KnowledgeBase | None = None) -> Response:
    headers = {VERSION_HEADER: knowledge.version} if knowledge is not None else None
    return Response(model.model_dump_json(by_alias=True).encode("utf-8"), media_type=_JSON, headers=headers)


def _field_problems(errors: list[Any]) -> list[str]:
    """Each wrong field (its name bounded) and why, at most ten; never a value sent."""
    problems = []
    for found in errors[:10]:
        field = field_path(tuple(found.get("loc", ())), "body")
        message = str(found.get("msg", "invalid")).removeprefix("Value error, ")
        if found.get("type") == "extra_forbidden":
            message = "not a field of this request (its value is not shown); remove it"
        problems.append(f"{field}: {message[:300]}")
    if len(errors) > 10:
        problems.append(f"and {len(errors) - 10} more")
    return problems


def _invalid(error: ValidationError, what: str) -> dict[str, Any]:
    """A 400 problem naming each wrong field and why, never echoing the values sent."""
    problems = _field_problems(error.errors(include_input=False, include_url=False, include_context=False))
    return _problems.problem(
        400, "invalid-request", f"Invalid {what}",
        f"The {what} does not fit its schema: " + "; ".join(problems)
        + ". The OpenAPI document at /openapi.json describes it.",
        request_id_var.get(), problems=problems,
    )  # fmt: skip


async def _json_body(request: Request, operation: Operation, knowledge: KnowledgeBase) -> dict[str, Any]:
    """The body as a JSON object, read as every door reads JSON; a refusal (400) otherwise, recorded."""
    body = await request.body()
    if not body:
        record_refusal(operation, knowledge, "is empty")
        raise _RefusedError(
            _problems.problem(400, "missing-body", "Missing body",
                              "The request has no body: send a JSON object.", request_id_var.get())
        )  # fmt: skip
    try:
        parsed = read_json(body)
    except UnreadableInputError as error:
        record_refusal(operation, knowledge, "cannot be read as one JSON object")
        raise _RefusedError(
            _problems.problem(400, "invalid-json", "Unreadable JSON",
                              f"The body cannot be read in one way only: {error.problem}. Send one JSON"
                              " object (UTF-8), each key once.", request_id_var.get())
        ) from None  # fmt: skip
    if not isinstance(parsed, dict):
        record_refusal(operation, knowledge, "is not a JSON object")
        raise _RefusedError(
            _problems.problem(400, "invalid-request", "Invalid request",
                              "The body must be a JSON object.", request_id_var.get())
        )  # fmt: skip
    return parsed


class _RefusedError(Exception):
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body


def _schema_ref(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


_PROBLEMS = {
    400: "Bad input: malformed JSON, a body that does not fit the schema, or a date that is no date.",
    404: "Unknown partner (with suggestions).",
    413: "The body is larger than the service's limit.",
    415: "The body is not JSON.",
    422: "An EU Member State, or an unknown data type.",
    503: "The decision could not be recorded, or the request took too long.",
}


def _problems_doc(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": _PROBLEMS.get(status, "A problem."),
            "content": {_problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The application for ``config`` (default: the settings ``serve`` left in the environment)."""
    config = config or ServiceConfig.from_environment()
    service = Service(config)
    _records(config)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(service.state.load_initial)
        watcher = asyncio.create_task(service.state.watch(min(_POLL, config.watch or _POLL)))
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    app = FastAPI(
        title="sharing-rules",
        summary="What information may Eurojust exchange with each partner outside the EU, and why.",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = service
    _exception_handlers(app)
    _api_routes(app, service)
    _operations_routes(app, service)
    from sharing_rules._service._page import page_routes  # noqa: PLC0415  # the page's own module

    page_routes(app, service)
    _openapi(app)
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
        max_body_bytes=config.max_body_bytes,
        timeout=config.timeout,
        hosts=config.host_names(),
        trusted_origins=config.cors_origins,
    )
    return app


def _exception_handlers(app: FastAPI) -> None:
    @app.exception_handler(SharingRulesError)
    async def _library(_: Request, error: Exception) -> Response:
        assert isinstance(error, SharingRulesError)
        return problem_response(_problems.for_error(error, request_id_var.get()))

    @app.exception_handler(_RefusedError)
    async def _refused(_: Request, error: Exception) -> Response:
        assert isinstance(error, _RefusedError)
        return problem_response(error.body)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        problems = _field_problems(list(error.errors()))
        return problem_response(
            _problems.problem(400, "invalid-request", "Invalid request", "; ".join(problems) + ".",
                              request_id_var.get(), problems=problems)
        )  # fmt: skip

    @app.exception_handler(HTTPException)
    async def _http(_: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        titles = {404: "Not found", 405: "Method not allowed", 413: "Request body too large"}
        detail = error.detail if isinstance(error.detail, str) else "The request was refused."
        if error.status_code == 404 and detail == "Not Found":
            detail = "There is nothing at this address. The API is described at /openapi.json and /docs."
        if error.status_code == 400 and detail == "There was an error parsing the body":
            detail = "The body could not be read as JSON."
        return problem_response(
            _problems.problem(error.status_code, "http-" + str(error.status_code),
                              titles.get(error.status_code, "Refused"), detail, request_id_var.get()),
            headers=error.headers,
        )  # fmt: skip


def _api_routes(app: FastAPI, service: Service) -> None:  # noqa: PLR0915  # the route table, top to bottom
    config = service.config

    @app.post(
        "/v1/decisions",
        tags=["decisions"],
        summary="Decide one question",
        response_model=Decision,
        responses=_problems_doc(400, 404, 413, 415, 422, 503),
        openapi_extra=_schema_ref(Question),
    )
    async def decide(request: Request) -> Response:
        """May Eurojust exchange this kind of information with this partner? The decision, with reasons."""
        knowledge = service.knowledge()
        body = await _json_body(request, "evaluate", knowledge)
        try:
            question = Question.model_validate(body)
        except ValidationError as error:
            record_refusal("evaluate", knowledge, "does not fit the schema")
            return problem_response(_invalid(error, "question"))
        decision = evaluate(question.partner, question.data_type, as_of=question.as_of, knowledge=knowledge)
        service.metrics.by_outcome[decision.outcome].inc()
        return _json(service.answers.of(knowledge, decision), knowledge)

    @app.post(
        "/v1/decisions/batch",
        tags=["decisions"],
        summary="Decide many questions from one knowledge version",
        response_model=BatchDecisions,
        responses=_problems_doc(400, 413, 415, 503),
        openapi_extra=_schema_ref(BatchQuestions),
    )
    async def decide_batch(request: Request) -> Response:
        """Each question answered in order: a decision, or the problem with that question."""
        knowledge = service.knowledge()
        body = await _json_body(request, "evaluate", knowledge)
        try:
            batch = BatchQuestions.model_validate(body)
        except ValidationError as error:
            record_refusal("evaluate", knowledge, "does not fit the schema")
            return problem_response(_invalid(error, "batch"))
        if len(batch.questions) > config.max_batch:
            return problem_response(
                _problems.problem(400, "batch-too-large", "Too many questions",
                                  f"A batch holds at most {config.max_batch} questions; split it.",
                                  request_id_var.get())
            )  # fmt: skip
        parts = []
        for index, question in enumerate(batch.questions):
            try:
                decision = evaluate(
                    question.partner, question.data_type, as_of=question.as_of, knowledge=knowledge
                )
            except DecisionRecordError:
                raise
            except SharingRulesError as error:
                found = _problems.for_error(error)
                parts.append(b'{"index":%d,"problem":%s}' % (index, _problems.encode(found)))
                continue
            service.metrics.by_outcome[decision.outcome].inc()
            parts.append(b'{"index":%d,"decision":%s}' % (index, service.answers.of(knowledge, decision)))
        head = b'{"knowledge_version":%s,"answers":[' % json.dumps(knowledge.version).encode()
        return _json(head + b",".join(parts) + b"]}", knowledge)

    @app.post(
        "/v1/transfers",
        tags=["decisions"],
        summary="Check a transfer package item by item",
        response_model=TransferDecision,
        responses=_problems_doc(400, 404, 413, 415, 422, 503),
        openapi_extra=_schema_ref(TransferRequest),
    )
    async def transfer(request: Request) -> Response:
        """The verdict on a whole package: allowed only if every item is; each item's decision."""
        knowledge = service.knowledge()
        parsed = await _json_body(request, "check_transfer", knowledge)
        verdict = check_transfer(parsed, knowledge=knowledge)
        service.count([item.decision for item in verdict.items])
        return _json(verdict.model_dump_json().encode("utf-8"), knowledge)

    @app.get("/v1/partners", tags=["knowledge"], summary="Every partner", response_model=list[Partner])
    async def list_partners() -> Response:
        """Every partner the knowledge names, with its codes, aliases and dated, cited relationships."""
        knowledge = service.knowledge()
        body = json.dumps([p.model_dump(mode="json", by_alias=True) for p in knowledge.partners]).encode()
        return _json(body, knowledge)

    @app.get(
        "/v1/partners/{name}",
        tags=["knowledge"],
        summary="One partner, by any spelling",
        response_model=Partner,
        responses=_problems_doc(400, 404, 422),
    )
    async def one_partner(name: str) -> Response:
        """The partner a name, alias or ISO code means (any case, accents, a leading "the")."""
        knowledge = service.knowledge()
        found = partner_named(knowledge, name)
        return _json(found.model_dump_json(by_alias=True).encode(), knowledge)

    @app.get(
        "/v1/matrix",
        tags=["knowledge"],
        summary="Every partner against every kind of information",
        response_model=Matrix,
        responses=_problems_doc(400),
    )
    async def matrix(
        as_of: Annotated[
            str | None, Query(description="An ISO date (2024-09-30); default: today.", max_length=40)
        ] = None,
    ) -> Response:
        """The outcome for each partner and data type on a date (default: today)."""
        knowledge = service.knowledge()
        return _model_json(build_matrix(knowledge, as_of), knowledge)

    @app.get(
        "/v1/knowledge", tags=["knowledge"], summary="The knowledge in service", response_model=KnowledgeInfo
    )
    async def knowledge_info() -> Response:
        """Its version, the date it speaks for, its statements and rules, and every worker's version."""
        knowledge = service.knowledge()
        state = service.state
        workers = [WorkerKnowledge.model_validate(w) for w in state.workers()]
        info = KnowledgeInfo(
            version=knowledge.version,
            title=knowledge.title,
            speaks_for=knowledge.speaks_for,
            source=knowledge.source,
            amendments=knowledge.amendments,
            loaded_at=state.loaded_at,
            statements=tuple(knowledge.statements.values()),
            rules=knowledge.rules,
            reload=ReloadStatus(
                failed=state.failure is not None,
                failed_at=state.failure.at if state.failure else None,
                error=state.failure.error if state.failure else None,
            ),
            workers=workers,
            converged=all(w.version == knowledge.version for w in workers),
        )
        return _model_json(info, knowledge)

    @app.post(
        "/v1/admin/reload",
        tags=["administration"],
        summary="Reload the rules directory in every worker",
        response_model=ReloadResult,
        responses={
            401: {"description": "No or a wrong bearer token.", "content": {_problems.MEDIA_TYPE: {}}},
            404: {
                "description": "Reloading is off: no admin token is configured.",
                "content": {_problems.MEDIA_TYPE: {}},
            },
            409: {
                "description": "The rules directory does not load: the old knowledge stays in service.",
                "content": {_problems.MEDIA_TYPE: {}},
            },
        },
    )
    async def reload(request: Request) -> Response:
        """Load the rules directory again here, and tell every other worker to do the same."""
        if service.token is None:
            raise HTTPException(404, "Reloading is off: start the service with an admin token to turn it on.")
        if not _authorised(request, service.token):
            raise HTTPException(
                401, "A valid bearer token is needed: Authorization: Bearer <token>.",
                headers={"WWW-Authenticate": 'Bearer realm="sharing-rules"'},
            )  # fmt: skip
        previous = service.knowledge()
        try:
            fresh = await asyncio.to_thread(service.state.reload)
        finally:  # every worker tries too, and each reports its own success or failure
            service.state.ask_every_worker()
        result = ReloadResult(
            version=fresh.version, previous=previous.version, changed=fresh.version != previous.version
        )
        return _model_json(result, fresh)


def _authorised(request: Request, token: bytes) -> bool:
    given = request.headers.get("authorization", "")
    scheme, _, credentials = given.partition(" ")
    offered = credentials.strip().encode("latin-1", "replace")  # the header's bytes, as sent
    matches = hmac.compare_digest(offered, token)  # constant time, whatever was offered
    return scheme.lower() == "bearer" and matches


def record_refusal(operation: Operation, knowledge: KnowledgeBase, why: str) -> None:
    """A request refused before the library saw it still leaves a record (never what was sent)."""
    if recorder.sink is None:
        return
    emit(operation, partner_asked="(unread)", partner=None, as_of=None, items=(),
         knowledge_version=knowledge.version, error=ValueError(f"the request body {why}"))  # fmt: skip


def partner_named(knowledge: KnowledgeBase, name: str) -> Partner:
    """The partner a spelling means; UnknownPartnerError also for a country with no relationship."""
    match = knowledge._find(name)  # the service is part of the package; this lookup suggests names
    if match.found is Found.OTHER_COUNTRY:
        raise _no_relationship(match.name)
    return knowledge.partner(name)  # a partner, or NotAThirdCountryError for a Member State


def _no_relationship(country: str) -> UnknownPartnerError:
    error = UnknownPartnerError(country)
    error.args = (
        f"{country} is a country with no relationship with Eurojust in this knowledge: it is no partner,"
        " and every exchange with it has no basis. `GET /v1/partners` lists the partners.",
    )
    return error


def build_matrix(knowledge: KnowledgeBase, as_of: date | str | None) -> Matrix:
    """Every partner's outcome for every data type on a date (none for a Member State on that date)."""
    day = coerce_day(as_of) or date.today()
    types = list(knowledge.data_types)
    rows = []
    for partner in knowledge.partners:
        try:
            outcomes = {t: knowledge.decide(partner.name, t, day).outcome for t in types}
        except NotAThirdCountryError as error:
            rows.append(MatrixRow(partner=partner.name, relationships=[], outcomes={},
                                  not_a_third_country=error.format_message()))  # fmt: skip
            continue
        rows.append(
            MatrixRow(
                partner=partner.name, relationships=sorted(partner.relationships_on(day)), outcomes=outcomes
            )
        )
    return Matrix(as_of=day, knowledge_version=knowledge.version, data_types=types, rows=rows)


def _operations_routes(app: FastAPI, service: Service) -> None:
    @app.get("/healthz", tags=["operations"], summary="Alive", response_model=Health)
    async def healthz() -> Response:
        """The process answers."""
        return Response(b'{"status":"ok"}', media_type=_JSON)

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Ready: knowledge loaded",
        response_model=Health,
        responses={503: {"description": "No knowledge loaded yet.", "model": Health}},
    )
    async def readyz() -> Response:
        """Ready only with knowledge loaded."""
        knowledge = service.state.current
        if knowledge is None:
            return Response(b'{"status":"loading"}', status_code=503, media_type=_JSON)
        return _model_json(Health(status="ready", knowledge_version=knowledge.version), knowledge)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics",
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
        response_class=Response,
    )
    async def metrics() -> Response:
        """Requests by route and status, latency, decisions by outcome, the knowledge version."""
        body = await asyncio.to_thread(service.metrics.exposition)
        return Response(body, media_type=CONTENT_TYPE)


def _openapi(app: FastAPI) -> None:
    """The OpenAPI document, with the request bodies read by hand and problems as problem+json."""
    original: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = original()
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
                    if _problems.MEDIA_TYPE in content and _JSON in content:
                        del content[_JSON]
                    if _problems.MEDIA_TYPE in content and not content[_problems.MEDIA_TYPE]:
                        content[_problems.MEDIA_TYPE] = {"schema": {"$ref": "#/components/schemas/Problem"}}
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
