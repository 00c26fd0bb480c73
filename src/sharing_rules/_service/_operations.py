"""What operators ask of the service: is it alive, is it ready, and its metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response

from sharing_rules._service._core import JSON, ServiceDep, model_response
from sharing_rules._service._metrics import CONTENT_TYPE
from sharing_rules._service._models import Health

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Alive", response_model=Health)
async def healthz() -> Response:
    """The process answers."""
    return Response(b'{"status":"ok"}', media_type=JSON)


@router.get(
    "/readyz",
    summary="Ready: knowledge loaded",
    response_model=Health,
    responses={503: {"description": "No knowledge loaded yet.", "model": Health}},
)
async def readyz(service: ServiceDep) -> Response:
    """Ready only with knowledge loaded."""
    knowledge = service.state.current
    if knowledge is None:
        return Response(b'{"status":"loading"}', status_code=503, media_type=JSON)
    return model_response(Health(status="ready", knowledge_version=knowledge.version), knowledge)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    response_class=Response,
)
async def metrics(service: ServiceDep) -> Response:
    """Requests by route and status, latency, decisions by outcome, the knowledge version, record chains."""
    service.keeping.publish()
    body = await asyncio.to_thread(service.metrics.exposition)
    return Response(body, media_type=CONTENT_TYPE)
