"""The service's decision records: where each worker's chain stands, and the records themselves (admin).

``GET /v1/records/status`` shows every live worker's chain (id, head, last checkpoint); ``GET /v1/records``
lists the records a filter selects, a page at a time, to a caller holding the admin token - each record as
it is stored, nothing more. ``POST /v1/admin/reaudit`` asks every recorded question again of the knowledge
in service (after a reload: the new knowledge) and lists the records it would answer differently.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from sharing_rules._knowledge import KnowledgeBase
from sharing_rules._reaudit import Reaudit, as_json, reaudit
from sharing_rules._record_read import open_source
from sharing_rules._record_sql import Filters, moment
from sharing_rules._service import _problems
from sharing_rules._service._api_routes import admin_only, problems_doc
from sharing_rules._service._core import JSON, VERSION_HEADER, KnowledgeDep, Service, ServiceDep
from sharing_rules._vocabulary import Outcome

router = APIRouter(tags=["records"])
_ADMIN: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or a wrong bearer token.", "content": {_problems.MEDIA_TYPE: {}}},
    404: {
        "description": "No admin token is configured, or no records are kept.",
        "content": {_problems.MEDIA_TYPE: {}},
    },
}
PAGE = 100
"""Records per page unless ``limit`` asks for fewer or more (at most 1000)."""


@router.get("/v1/records/status", summary="Where each worker's chain of decision records stands")
async def records_status(service: ServiceDep) -> Response:
    """Each live worker's chain: its id, the sequence and hash of its head, the sequence last checkpointed."""
    body: dict[str, Any] = {"records": service.config.records is not None, "chains": service.keeping.chains()}
    return Response(json.dumps(body).encode(), media_type=JSON)


@router.get(
    "/v1/records",
    summary="Decision records, filtered, a page at a time (admin)",
    responses={**_ADMIN, **problems_doc(400)},
)
async def list_records(
    request: Request,
    service: ServiceDep,
    *,
    case: Annotated[str | None, Query(max_length=200, description="Only this case reference.")] = None,
    partner: Annotated[str | None, Query(max_length=200, description="Only this partner (its name).")] = None,
    outcome: Annotated[Outcome | None, Query(description="Only this overall outcome.")] = None,
    since: Annotated[str | None, Query(max_length=40, description="Made then or later (ISO).")] = None,
    until: Annotated[str | None, Query(max_length=40, description="Made then or earlier (ISO).")] = None,
    after: Annotated[int, Query(ge=0, description="The `next` of the page before.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Records on this page.")] = PAGE,
) -> Response:
    """The records the filters select, oldest first; ``next`` continues after this page (null: the last)."""
    admin_only(request, service, "Reading records")
    target = _readable(service)
    filters = Filters(
        case=case, partner=partner, outcome=None if outcome is None else outcome.value,
        since=moment(since, "since") if since else None,
        until=moment(until, "until", end=True) if until else None,
    )  # fmt: skip
    page = await asyncio.to_thread(_page, target, filters, after, limit)
    return Response(json.dumps(page, ensure_ascii=False).encode("utf-8"), media_type=JSON)


def _readable(service: Service) -> str:
    target = service.config.records
    if target is None or target == "logging":
        raise HTTPException(404, "This service keeps no records it can read back (none, or to logging).")
    return target


@router.post(
    "/v1/admin/reaudit", tags=["administration"], responses=_ADMIN,
    summary="Which recorded decisions the knowledge in service would decide differently (admin)",
)  # fmt: skip
async def reaudit_records(request: Request, service: ServiceDep, knowledge: KnowledgeDep) -> Response:
    """Every recorded question asked again of the knowledge in service; each changed record, by case."""
    admin_only(request, service, "Re-auditing")
    target = _readable(service)
    result = await asyncio.to_thread(_reaudit, target, knowledge)
    return Response(
        as_json(result).encode("utf-8"), media_type=JSON, headers={VERSION_HEADER: knowledge.version}
    )


def _reaudit(target: str, knowledge: KnowledgeBase) -> Reaudit:
    source = open_source(target)
    try:
        return reaudit(source, knowledge)
    finally:
        source.close()


def _page(target: str, filters: Filters, after: int, limit: int) -> dict[str, Any]:
    source = open_source(target)
    try:
        found = list(source.listed(filters, after=after, limit=limit + 1))
    finally:
        source.close()
    shown = found[:limit]
    following = shown[-1][0] if len(found) > limit else None
    return {"records": [body for _, body in shown], "next": following}
