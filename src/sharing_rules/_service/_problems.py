"""Errors as RFC 9457 problem details, with the library's message and the status that fits.

A problem never carries a traceback, and never echoes what the caller sent beyond the bounded partner
or data-type spelling the library's own messages quote.
"""

from __future__ import annotations

import json
from typing import Any

from sharing_rules import (
    DecisionRecordError,
    InvalidDateError,
    InvalidInputError,
    InvalidTransferRequestError,
    KnowledgeBaseError,
    NotAThirdCountryError,
    SharingRulesError,
    UnknownDataTypeError,
    UnknownPartnerError,
)

MEDIA_TYPE = "application/problem+json"
_BASE = "urn:sharing-rules:problem:"


def problem(
    status: int, slug: str, title: str, detail: str, request_id: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A problem details object."""
    body: dict[str, Any] = {"type": _BASE + slug, "title": title, "status": status, "detail": detail}
    if request_id is not None:
        body["request_id"] = request_id
    body.update({key: value for key, value in extra.items() if value is not None})
    return body


def encode(body: dict[str, Any]) -> bytes:
    """The problem as JSON bytes."""
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


_KINDS: tuple[tuple[type[SharingRulesError], int, str, str], ...] = (
    (UnknownPartnerError, 404, "unknown-partner", "Unknown partner"),
    (NotAThirdCountryError, 422, "member-state", "An EU Member State, not a third country"),
    (UnknownDataTypeError, 422, "unknown-data-type", "Unknown data type"),
    (InvalidDateError, 400, "invalid-date", "Not a date"),
    (InvalidTransferRequestError, 400, "invalid-transfer-request", "Invalid transfer request"),
    (InvalidInputError, 400, "invalid-input", "Invalid input"),
    (KnowledgeBaseError, 409, "knowledge-not-loaded", "The rules directory does not load"),
)
_NOT_RECORDED = (
    "The decision record could not be written, so no decision is given: do not act without one. Try"
    " again; if this persists, tell the service's operators."
)


def for_error(
    error: SharingRulesError, request_id: str | None = None, *, people: bool = False
) -> dict[str, Any]:
    """The problem for an error of the library: 400, 404, 409, 422 or 503, with its message.

    ``people``: for the page, the message as people read it (no command line or endpoint to run).
    """
    if isinstance(error, DecisionRecordError):
        title = "The decision could not be recorded"
        return problem(503, "decision-not-recorded", title, _NOT_RECORDED, request_id)
    status, slug, title = 400, "refused", "Refused"
    for kind, *found in _KINDS:
        if isinstance(error, kind):
            status, slug, title = found  # type: ignore[assignment]
            break
    return problem(
        status, slug, title, error.for_people() if people else error.format_message(), request_id,
        suggestions=list(error.suggestions) if isinstance(error, UnknownPartnerError) else None,
        valid=list(error.valid) if isinstance(error, UnknownDataTypeError) else None,
        problems=list(error.problems) if isinstance(error, InvalidTransferRequestError) else None,
    )  # fmt: skip
