"""The JSON API under ``/v1/``: decisions, transfers, partners, the matrix, the knowledge, reloading.

Every route reads the knowledge in service once (:data:`KnowledgeDep`) and answers everything from it; the
``X-Knowledge-Version`` header says which version answered. Request bodies are read by hand, as every
door of the library reads JSON (one value per key, bounded depth), then validated against their models.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from sharing_rules import (
    Decision,
    DecisionRecordError,
    KnowledgeBase,
    Partner,
    SharingRulesError,
    TransferDecision,
    TransferRequest,
    check_transfer,
    evaluate,
)
from sharing_rules._json_input import UnreadableInputError, read_json
from sharing_rules._records import Operation, issued_var
from sharing_rules._service import _problems
from sharing_rules._service._core import (
    JSON,
    KnowledgeDep,
    Service,
    ServiceDep,
    build_matrix,
    json_response,
    model_response,
    problem_response,
    record_refusal,
    request_id,
)
from sharing_rules._service._models import (
    BatchDecisions,
    BatchQuestions,
    KnowledgeInfo,
    Matrix,
    Question,
    ReloadResult,
    ReloadStatus,
    WorkerKnowledge,
)
from sharing_rules._transfer import field_path

router = APIRouter()
Handler = Callable[..., Awaitable[Response]]
_Asked = TypeVar("_Asked", bound=BaseModel)

_PROBLEMS = {
    400: "Bad input: malformed JSON, a body that does not fit the schema, or a date that is no date.",
    404: "Unknown partner (with suggestions).",
    413: "The body is larger than the service's limit.",
    415: "The body is not JSON.",
    422: "An EU Member State, or an unknown data type.",
    503: "The decision could not be recorded, or the request took too long.",
}


def problems_doc(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of these problem statuses."""
    return {
        status: {
            "description": _PROBLEMS.get(status, "A problem."),
            "content": {_problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


def _schema_ref(model: type[BaseModel]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


def _deciding(
    path: str, summary: str, answer: type[BaseModel], body: type[BaseModel], *statuses: int
) -> Callable[[Handler], Handler]:
    """A route that decides: a POST whose body (read by hand) is ``body``, answered with ``answer``."""
    return router.post(
        path,
        tags=["decisions"],
        summary=summary,
        response_model=answer,
        responses=problems_doc(*statuses),
        openapi_extra=_schema_ref(body),
    )


def field_problems(errors: list[Any]) -> list[str]:
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
    problems = field_problems(error.errors(include_input=False, include_url=False, include_context=False))
    return _problems.problem(
        400, "invalid-request", f"Invalid {what}",
        f"The {what} does not fit its schema: " + "; ".join(problems)
        + ". The OpenAPI document at /openapi.json describes it.",
        request_id(), problems=problems,
    )  # fmt: skip


class RefusedError(Exception):
    """A request refused before the library saw it: answered with its problem document."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body


def _refusal(
    operation: Operation, knowledge: KnowledgeBase, why: str, problem: tuple[str, str, str]
) -> RefusedError:
    """A 400 refusal (slug, title, detail) of a body the library never saw, recorded (never what was sent)."""
    record_refusal(operation, knowledge, why)
    return RefusedError(_problems.problem(400, *problem, request_id()))


async def _json_body(request: Request, operation: Operation, knowledge: KnowledgeBase) -> dict[str, Any]:
    """The body as a JSON object, read as every door reads JSON; a refusal (400) otherwise, recorded."""
    body = await request.body()
    if not body:
        missing = ("missing-body", "Missing body", "The request has no body: send a JSON object.")
        raise _refusal(operation, knowledge, "is empty", missing)
    try:
        parsed = read_json(body)
    except UnreadableInputError as error:
        detail = (
            f"The body cannot be read in one way only: {error.problem}. Send one JSON object (UTF-8), each"
            " key once."
        )
        raise _refusal(
            operation,
            knowledge,
            "cannot be read as one JSON object",
            ("invalid-json", "Unreadable JSON", detail),
        ) from None
    if not isinstance(parsed, dict):
        raise _refusal(operation, knowledge, "is not a JSON object",
                       ("invalid-request", "Invalid request", "The body must be a JSON object."))  # fmt: skip
    return parsed


async def _asked(request: Request, knowledge: KnowledgeBase, model: type[_Asked], what: str) -> _Asked:
    """The questions of the body as ``model`` reads them; a recorded refusal (400) naming each wrong field."""
    body = await _json_body(request, "evaluate", knowledge)
    try:
        return model.model_validate(body)
    except ValidationError as error:
        record_refusal("evaluate", knowledge, "does not fit the schema")
        raise RefusedError(_invalid(error, what)) from None


@_deciding("/v1/decisions", "Decide one question", Decision, Question, 400, 404, 413, 415, 422, 503)
async def decide(request: Request, service: ServiceDep, knowledge: KnowledgeDep) -> Response:
    """May Eurojust exchange this kind of information with this partner? The decision, with reasons."""
    question = await _asked(request, knowledge, Question, "question")
    decision = evaluate(question.partner, question.data_type, as_of=question.as_of, knowledge=knowledge)
    service.metrics.count(decision)
    return json_response(service.answers.of(knowledge, decision), knowledge)


@_deciding("/v1/decisions/batch", "Decide many questions from one knowledge version", BatchDecisions,
           BatchQuestions, 400, 413, 415, 503)  # fmt: skip
async def decide_batch(request: Request, service: ServiceDep, knowledge: KnowledgeDep) -> Response:
    """Each question answered in order: a decision, or the problem with that question."""
    batch = await _asked(request, knowledge, BatchQuestions, "batch")
    most = service.config.max_batch
    if len(batch.questions) > most:
        return problem_response(
            _problems.problem(400, "batch-too-large", "Too many questions",
                              f"A batch holds at most {most} questions; split it.", request_id())
        )  # fmt: skip
    parts = []
    issued = issued_var.get()
    for index, question in enumerate(batch.questions):
        made = len(issued) if issued is not None else 0
        try:
            decision = evaluate(
                question.partner, question.data_type, as_of=question.as_of, knowledge=knowledge
            )
        except DecisionRecordError:
            raise
        except SharingRulesError as error:
            found = _problems.for_error(error)
            answer = b'"problem":%s' % _problems.encode(found)
        else:
            service.metrics.count(decision)
            answer = b'"decision":%s' % service.answers.of(knowledge, decision)
        recorded = b'"record_id":"%s",' % issued[made].encode() if issued and len(issued) > made else b""
        parts.append(b'{"index":%d,%s%s}' % (index, recorded, answer))
    head = b'{"knowledge_version":%s,"answers":[' % json.dumps(knowledge.version).encode()
    return json_response(head + b",".join(parts) + b"]}", knowledge)


@_deciding(
    "/v1/transfers",
    "Check a transfer package item by item",
    TransferDecision,
    TransferRequest,
    400,
    404,
    413,
    415,
    422,
    503,
)
async def transfer(request: Request, service: ServiceDep, knowledge: KnowledgeDep) -> Response:
    """The verdict on a whole package: allowed only if every item is; each item's decision."""
    parsed = await _json_body(request, "check_transfer", knowledge)
    verdict = check_transfer(parsed, knowledge=knowledge)
    service.metrics.count(*(item.decision for item in verdict.items))
    return json_response(verdict.model_dump_json().encode("utf-8"), knowledge)


@router.get("/v1/partners", tags=["knowledge"], summary="Every partner", response_model=list[Partner])
async def list_partners(knowledge: KnowledgeDep) -> Response:
    """Every partner the knowledge names, with its codes, aliases and dated, cited relationships."""
    body = json.dumps([p.model_dump(mode="json", by_alias=True) for p in knowledge.partners]).encode()
    return json_response(body, knowledge)


@router.get("/v1/partners/{name}", tags=["knowledge"], summary="One partner, by any spelling",
            response_model=Partner, responses=problems_doc(400, 404, 422))  # fmt: skip
async def one_partner(name: str, knowledge: KnowledgeDep) -> Response:
    """The partner a name, alias or ISO code means (any case, accents, a leading "the")."""
    found = knowledge.partner(name)  # UnknownPartnerError (also for a country with no relationship)
    return json_response(found.model_dump_json(by_alias=True).encode(), knowledge)


@router.get(
    "/v1/matrix",
    tags=["knowledge"],
    summary="Every partner against every kind of information",
    response_model=Matrix,
    responses=problems_doc(400),
)
async def matrix(
    knowledge: KnowledgeDep,
    as_of: Annotated[
        str | None, Query(description="An ISO date (2024-09-30); default: today.", max_length=40)
    ] = None,
) -> Response:
    """The outcome for each partner and data type on a date (default: today in The Hague)."""
    return model_response(build_matrix(knowledge, as_of), knowledge)


_DESCRIBED = ("version", "title", "speaks_for", "source", "amendments", "rules")
"""What ``/v1/knowledge`` says of the knowledge as the knowledge base itself says it."""


@router.get(
    "/v1/knowledge", tags=["knowledge"], summary="The knowledge in service", response_model=KnowledgeInfo
)
async def knowledge_info(service: ServiceDep, knowledge: KnowledgeDep) -> Response:
    """Its version, the date it speaks for, its statements and rules, and every worker's version."""
    state = service.state
    workers = [WorkerKnowledge.model_validate(w) for w in state.workers()]
    info = KnowledgeInfo(
        **{name: getattr(knowledge, name) for name in _DESCRIBED},
        loaded_at=state.loaded_at,
        statements=tuple(knowledge.statements.values()),
        reload=ReloadStatus(
            failed=state.failure is not None,
            failed_at=state.failure.at if state.failure else None,
            error=state.failure.error if state.failure else None,
        ),
        workers=workers,
        converged=all(w.version == knowledge.version for w in workers),
    )
    return model_response(info, knowledge)


@router.post(
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
async def reload(request: Request, service: ServiceDep) -> Response:
    """Load the rules directory again here, and tell every other worker to do the same."""
    admin_only(request, service, "Reloading")
    previous = service.knowledge()
    try:
        fresh = await asyncio.to_thread(service.state.reload)
    finally:  # every worker tries too, and each reports its own success or failure
        service.state.ask_every_worker()
    result = ReloadResult(
        version=fresh.version, previous=previous.version, changed=fresh.version != previous.version
    )
    return model_response(result, fresh)


def admin_only(request: Request, service: Service, what: str) -> None:
    """Refuse the request unless it carries the admin token: 404 when there is none (``what`` is off), 401."""
    if service.token is None:
        raise HTTPException(404, f"{what} is off: start the service with an admin token to turn it on.")
    if not _authorised(request, service.token):
        raise HTTPException(
            401, "A valid bearer token is needed: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": 'Bearer realm="sharing-rules"'},
        )  # fmt: skip


def _authorised(request: Request, token: bytes) -> bool:
    given = request.headers.get("authorization", "")
    scheme, _, credentials = given.partition(" ")
    offered = credentials.strip().encode("latin-1", "replace")  # the header's bytes, as sent
    matches = hmac.compare_digest(offered, token)  # constant time, whatever was offered
    return scheme.lower() == "bearer" and matches
