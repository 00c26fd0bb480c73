"""Decision records: an audit trail of every question asked and every answer given.

Off until :func:`configure_records` names a sink; then every ``evaluate``, ``require`` and
``check_transfer`` emits one :class:`DecisionRecord` - also for a question refused with an error. A record
holds the request and the answer (outcome, rules, statements, knowledge version), never the information
being sent. A sink that fails raises :class:`DecisionRecordError` in the caller: a record is never
dropped silently.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict

from sharing_rules._errors import SharingRulesError
from sharing_rules._vocabulary import Outcome, overall

Operation = Literal["evaluate", "require", "check_transfer"]


class RecordedItem(BaseModel):
    """One kind of information asked about, and the answer for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_type: str
    label: str | None = None
    outcome: Outcome
    rules: tuple[str, ...]
    statements: tuple[str, ...]


class DecisionRecord(BaseModel):
    """What was asked, what was answered, on which knowledge, citing which statements."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_id: str
    timestamp: datetime
    operation: Operation
    case_reference: str | None = None
    partner_asked: str
    """The partner as the caller wrote it."""
    partner: str | None
    """The partner it was recognised as (None when it was refused)."""
    as_of: date | None
    items: tuple[RecordedItem, ...]
    allowed: bool
    outcome: Outcome | None
    """The overall outcome; None when the question was refused with an error."""
    error: str | None = None
    rules: tuple[str, ...]
    statements: tuple[str, ...]
    knowledge_version: str | None
    request_id: str | None = None
    """The id of the request that asked (the service's ``X-Request-ID``); None outside a request."""


request_id: ContextVar[str | None] = ContextVar("sharing_rules_request_id", default=None)
"""The request being answered: a service sets it, and every record emitted meanwhile carries it."""

Sink = Callable[[DecisionRecord], None]


class DecisionRecordError(SharingRulesError):
    """A decision record could not be written: the caller must not act on the unrecorded decision."""

    def __init__(self, record: DecisionRecord, cause: BaseException) -> None:
        self.record = record
        super().__init__(
            f"The decision record {record.record_id} could not be written ({cause!r}). The decision was"
            " not recorded: do not act on it. Check the record sink (disk space, permissions, logging)."
        )


class LoggingSink:
    """Writes each record as one JSON log message to the ``sharing_rules.decisions`` logger."""

    def __init__(self, logger: str = "sharing_rules.decisions", level: int = logging.INFO) -> None:
        self._logger = logging.getLogger(logger)
        self._level = level

    def __call__(self, record: DecisionRecord) -> None:
        """Log the record (as JSON, and as ``decision_record`` on the log record)."""
        self._logger.log(self._level, "%s", record.model_dump_json(), extra={"decision_record": record})


class JsonLinesSink:
    """Appends each record as one line of JSON to a file; safe from many threads, flushed per line."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._file: TextIO | None = self.path.open("a", encoding="utf-8")

    def __call__(self, record: DecisionRecord) -> None:
        """Append the record as one line."""
        line = record.model_dump_json() + "\n"
        with self._lock:
            if self._file is None:
                raise ValueError(f"the JSON Lines sink for {self.path} is closed")
            self._file.write(line)
            self._file.flush()

    def close(self) -> None:
        """Close the file; later records raise."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


class _Recorder:
    """The process-wide sink. ``sink is None`` (the default) means records are off and cost nothing."""

    sink: Sink | None = None


recorder = _Recorder()


def configure_records(sink: Sink | Literal["logging"] | None = "logging") -> None:
    """Turn decision records on with a sink, or off with None.

    The sink is ``"logging"`` (the default: :class:`LoggingSink`), a :class:`JsonLinesSink`, or any
    callable taking a :class:`DecisionRecord`.
    """
    recorder.sink = LoggingSink() if sink == "logging" else sink


def emit(
    operation: Operation,
    *,
    partner_asked: object,
    partner: str | None,
    as_of: date | None,
    items: tuple[RecordedItem, ...],
    knowledge_version: str | None,
    case_reference: str | None = None,
    error: BaseException | None = None,
) -> None:
    """Build one record and hand it to the sink (only called when a sink is configured)."""
    sink = recorder.sink
    if sink is None:
        return
    combined = overall(item.outcome for item in items) if error is None and items else None
    asked = partner_asked if isinstance(partner_asked, str) else repr(partner_asked)
    record = DecisionRecord(
        record_id=uuid.uuid4().hex,
        timestamp=datetime.now(UTC),
        operation=operation,
        case_reference=case_reference,
        partner_asked=asked[:200],
        partner=partner,
        as_of=as_of,
        items=items,
        allowed=combined is Outcome.ALLOWED,
        outcome=combined,
        error=None if error is None else f"{type(error).__name__}: {error}"[:500],
        rules=tuple(dict.fromkeys(rule for item in items for rule in item.rules)),
        statements=tuple(dict.fromkeys(s for item in items for s in item.statements)),
        knowledge_version=knowledge_version,
        request_id=request_id.get(),
    )
    try:
        sink(record)
    except Exception as cause:
        raise DecisionRecordError(record, cause) from cause
