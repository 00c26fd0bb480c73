"""Errors as RFC 9457 problem details, with the library's message and the status that fits.

A problem never carries a traceback, and never echoes what the caller sent beyond the bounded partner
or data-type spelling the library's own messages quote.
"""

from __future__ import annotations

import json
from typing import Any

from sharing_rules._errors import (
    InvalidDateError,
    InvalidInputError,
    KnowledgeBaseError,
    NotAThirdCountryError,
    SharingRulesError,
    UnknownDataTypeError,
    UnknownPartnerError,
)
from sharing_rules._records import DecisionRecordError
from sharing_rules._transfer import InvalidTransferRequestError

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


def for_error(error: SharingRulesError, request_id: str | None = None) -> dict[str, Any]:
    """The problem for an error of the library: 400, 404, 422 or 503, with its message."""
    message = error.format_message()
    if isinstance(error, UnknownPartnerError):
        return problem(404, "unknown-partner", "Unknown partner", message, request_id,
                       suggestions=list(error.suggestions))  # fmt: skip
    if isinstance(error, NotAThirdCountryError):
        return problem(422, "member-state", "An EU Member State, not a third country", message, request_id)
    if isinstance(error, UnknownDataTypeError):
        return problem(422, "unknown-data-type", "Unknown data type", message, request_id,
                       valid=list(error.valid))  # fmt: skip
    if isinstance(error, InvalidDateError):
        return problem(400, "invalid-date", "Not a date", message, request_id)
    if isinstance(error, InvalidTransferRequestError):
        return problem(400, "invalid-transfer-request", "Invalid transfer request", message, request_id,
                       problems=list(error.problems))  # fmt: skip
    if isinstance(error, InvalidInputError):
        return problem(400, "invalid-input", "Invalid input", message, request_id)
    if isinstance(error, DecisionRecordError):
        return problem(503, "decision-not-recorded", "The decision could not be recorded",
                       "The decision record could not be written, so no decision is given: do not act"
                       " without one. Try again; if this persists, tell the service's operators.",
                       request_id)  # fmt: skip
    if isinstance(error, KnowledgeBaseError):
        return problem(409, "knowledge-not-loaded", "The rules directory does not load", message, request_id)
    return problem(400, "refused", "Refused", message, request_id)
