"""The core of the decision service: the object every router shares, and the dependencies that hand it out.

One :class:`Service` per application (``app.state.service``): its settings, the knowledge in service, its
metrics, the decisions already written as JSON, and its own decision records (the service owns its sink:
``create_app`` never changes the process's). A route asks for what it needs with FastAPI's ``Depends``
(:data:`ServiceDep`, :data:`KnowledgeDep`), so that a test can hand it something else.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any
from weakref import WeakKeyDictionary

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from sharing_rules import (
    Decision,
    DecisionRecordError,
    JsonLinesSink,
    KnowledgeBase,
    LoggingSink,
)
from sharing_rules._records import Operation, Sink, current_sink, emit, request_id_var
from sharing_rules._service import _problems
from sharing_rules._service._config import ServiceConfig
from sharing_rules._service._metrics import Metrics
from sharing_rules._service._models import Matrix, MatrixRow
from sharing_rules._service._state import KnowledgeState

VERSION_HEADER = "X-Knowledge-Version"
JSON = "application/json"


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
    """What the routes share: settings, the knowledge in service, metrics, answers and records."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.state = KnowledgeState(config)
        self.metrics = Metrics()
        self.state.on_change = self.metrics.knowledge_changed
        self.answers = JsonAnswers()
        self.token = config.admin_token()
        self.records = records_sink(config.records)
        """Where this service's decision records go (None: none are made); never the process-wide sink."""

    def knowledge(self) -> KnowledgeBase:
        """The knowledge in service (read once per request)."""
        knowledge = self.state.current
        if knowledge is None:  # pragma: no cover - the lifespan loads it before the first request
            raise HTTPException(503, "The knowledge is not loaded yet; try again in a moment.")
        return knowledge


def records_sink(records: str | None) -> Sink | None:
    """The sink ``--records`` names: a JSON Lines file, ``logging`` (to stderr when logging is not set up)."""
    if records is None:
        return None
    if records != "logging":
        return JsonLinesSink(records)
    sink = LoggingSink()
    try:
        sink.check()
    except DecisionRecordError:  # no logging set up for the records: they go to stderr, one JSON per line
        logger = logging.getLogger("sharing_rules.decisions")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        sink.check()
    return sink


def service_of(request: Request) -> Service:
    """The application's service (a dependency)."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(service_of)]


def knowledge_in_service(service: ServiceDep) -> KnowledgeBase:
    """The knowledge in service, read once for the whole request (a dependency)."""
    return service.knowledge()


KnowledgeDep = Annotated[KnowledgeBase, Depends(knowledge_in_service)]


def request_id() -> str | None:
    """The id of the request being answered (the middleware sets it)."""
    return request_id_var.get()


def json_response(body: bytes, knowledge: KnowledgeBase, status: int = 200) -> Response:
    """JSON bytes, with the version of the knowledge that answered."""
    return Response(body, status_code=status, media_type=JSON, headers={VERSION_HEADER: knowledge.version})


def model_response(model: BaseModel, knowledge: KnowledgeBase | None = None) -> Response:
    """A model as JSON (by its aliases), with the version of the knowledge that answered, if any."""
    headers = {VERSION_HEADER: knowledge.version} if knowledge is not None else None
    return Response(model.model_dump_json(by_alias=True).encode("utf-8"), media_type=JSON, headers=headers)


def problem_response(body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    """A problem details response."""
    return Response(
        _problems.encode(dict(body)), status_code=int(body["status"]), media_type=_problems.MEDIA_TYPE,
        headers=dict(headers or {}),
    )  # fmt: skip


def record_refusal(operation: Operation, knowledge: KnowledgeBase, why: str) -> None:
    """A request refused before the library saw it still leaves a record (never what was sent)."""
    if current_sink() is None:
        return
    emit(operation, partner_asked="(unread)", partner=None, as_of=None, items=(),
         knowledge_version=knowledge.version, error=ValueError(f"the request body {why}"))  # fmt: skip


def build_matrix(knowledge: KnowledgeBase, as_of: date | str | None) -> Matrix:
    """Every partner's outcome for every data type on a date (none for a Member State on that date)."""
    found = knowledge.matrix(as_of)
    rows = [
        MatrixRow(
            partner=line.partner.name,
            relationships=[] if line.refusal else sorted(line.relationships),
            outcomes=dict(line.outcomes),
            not_a_third_country=line.refusal.format_message() if line.refusal else None,
        )
        for line in found.lines
    ]
    kinds = list(knowledge.data_types)
    return Matrix(
        as_of=found.day, knowledge_version=knowledge.version, data_types=kinds, rows=rows,
        warnings=list(found.warnings),
    )  # fmt: skip
