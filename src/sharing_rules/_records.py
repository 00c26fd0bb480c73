"""Decision records: an audit trail of every question asked and every answer given.

Off until :func:`configure_records` names a sink; then every ``evaluate``, ``require`` and
``check_transfer`` emits one :class:`DecisionRecord` - also for a question refused with an error. A record
holds the request and the answer (outcome, rules, statements, knowledge version), never the information
being sent. A sink that fails raises :class:`DecisionRecordError` in the caller: a record is never
dropped silently.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from sharing_rules._errors import DecisionRecordError, shown
from sharing_rules._naming import plain
from sharing_rules._vocabulary import Outcome, overall

Operation = Literal["evaluate", "require", "check_transfer", "route_approval"]


class RecordedItem(BaseModel):
    """One kind of information asked about, and the answer for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_type: str
    label: str | None = None
    outcome: Outcome
    rules: tuple[str, ...]
    statements: tuple[str, ...]


class RouteApproval(BaseModel):
    """A data-protection officer's approval of a case-by-case route for items that have no basis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    route: str
    """The route's rule (``ROUTE-SAFEGUARDS``: Article 58; ``ROUTE-DEROGATIONS``: Article 59)."""
    assessment: str
    """The reference of the documented assessment (never its content)."""
    approved_by: str
    """Who approved it (a role or an identifier)."""


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
    review: RouteApproval | None = None
    """For a ``route_approval``: the case-by-case route approved, on which assessment, by whom."""


request_id_var: ContextVar[str | None] = ContextVar("sharing_rules_request_id", default=None)
"""The request being answered: a service sets it, and every record emitted meanwhile carries it."""

Sink = Callable[[DecisionRecord], None]


class LoggingSink:
    """Writes each record as one JSON log message to the ``sharing_rules.decisions`` logger.

    A record counts as written only when at least one handler took it without failing: a logger that is
    not enabled for the level, has no handler for it, or whose handler fails (a closed stream, a full disk)
    raises :class:`DecisionRecordError`, although the logging module itself would swallow the failure.
    """

    def __init__(self, logger: str = "sharing_rules.decisions", level: int = logging.INFO) -> None:
        self._logger = logging.getLogger(logger)
        self._level = level

    def check(self) -> None:
        """Raise :class:`DecisionRecordError` unless a record would reach at least one handler."""
        self._handlers()

    def _handlers(self) -> list[logging.Handler]:
        logger = self._logger
        level = logging.getLevelName(self._level)
        if logger.disabled or not logger.isEnabledFor(self._level):
            raise DecisionRecordError(
                f"the logger {logger.name!r} is not enabled for {level} messages, so every record would be"
                f" dropped; configure logging first (logging.basicConfig(level=logging.INFO)), or use"
                " JsonLinesSink"
            )
        found: list[logging.Handler] = []
        current: logging.Logger | None = logger
        while current is not None:
            found += [handler for handler in current.handlers if self._level >= handler.level]
            current = current.parent if current.propagate else None
        last = logging.lastResort
        if not found and last is not None and self._level >= last.level:
            found.append(last)
        if not found:
            raise DecisionRecordError(
                f"no logging handler takes {level} messages of the logger {logger.name!r}, so every record"
                " would be dropped; add a handler (logging.basicConfig(level=logging.INFO)), or use"
                " JsonLinesSink"
            )
        return found

    def __call__(self, record: DecisionRecord) -> None:
        """Log the record (as JSON, and as ``decision_record`` on the log record) to every handler."""
        logger = self._logger
        handlers = self._handlers()
        entry = logger.makeRecord(
            logger.name, self._level, __file__, 0, "%s", (record.model_dump_json(),), None,
            extra={"decision_record": record},
        )  # fmt: skip
        if not logger.filter(entry):
            raise DecisionRecordError(f"a filter of the logger {logger.name!r} dropped it", record)
        taken = [_handle(handler, entry) for handler in handlers]  # every handler, none skipped
        if not any(taken):
            raise DecisionRecordError("the filters of every logging handler dropped it", record)


def _handle(handler: logging.Handler, entry: logging.LogRecord) -> bool:
    """Hand ``entry`` to ``handler``; False if its filters drop it; raise what the handler swallowed."""
    failures: list[BaseException] = []

    def caught(_entry: logging.LogRecord) -> None:
        failures.append(sys.exc_info()[1] or RuntimeError("the handler reported an error"))

    handler.acquire()  # re-entrant: handle() takes it again; no other thread's error lands here
    own = vars(handler).get("handleError")
    try:
        vars(handler)["handleError"] = caught  # for this call only, under the handler's lock
        try:
            taken = handler.handle(entry)
        finally:
            if own is None:
                del vars(handler)["handleError"]
            else:
                vars(handler)["handleError"] = own  # put back as it was
    finally:
        handler.release()
    if failures:
        raise failures[0]
    return bool(taken)


class JsonLinesSink:
    """Appends each record as one line of JSON to a file; safe from many threads (and processes).

    Each line goes to the file with one unbuffered write as the record is made, so that nothing is left
    in a buffer: a record either is in the file whole when the call returns, or the call raises
    :class:`DecisionRecordError` and no part of its line stays in the file (a part-written line is taken
    back; if it cannot be, the sink refuses every later record). A file that cannot be opened for
    appending is refused when the sink is made; the file is created readable by its owner only (0600).

    The sink follows its file by path, as log rotation expects: before each record it checks that the
    path still names the file it holds open, and opens the path afresh when the file was moved, removed
    or replaced; a record written to a file that was removed meanwhile is written again to the new one.
    When the path cannot be opened any more, the record is refused with :class:`DecisionRecordError`.
    """

    _ATTEMPTS = 3
    """How often a record is written again when its file is removed under it, before the sink gives up."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        try:
            self.path = Path(path)
        except TypeError:
            raise DecisionRecordError(
                f"the path of a JSON Lines sink must be a path, got {shown(path)}"
            ) from None
        self._lock = threading.Lock()
        self._broken: str | None = None
        self._fd: int | None = None
        self._identity = (0, 0)
        self._open(None, "cannot be opened for appending")

    def _open(self, record: DecisionRecord | None, failing: str) -> int:
        """Open the path (creating the file 0600) in place of the file held, or raise DecisionRecordError."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, 0o600)
        except OSError as error:
            raise DecisionRecordError(
                f"{shown(str(self.path), 200)} {failing} ({error.strerror or error})", record
            ) from None
        status = os.fstat(fd)
        if self._fd is not None:
            os.close(self._fd)
        self._fd, self._identity = fd, (status.st_dev, status.st_ino)
        return fd

    def check(self) -> None:
        """Raise :class:`DecisionRecordError` if the sink is closed, or a failure left it unusable."""
        with self._lock:
            self._usable(None)

    def _usable(self, record: DecisionRecord | None) -> int:
        if self._fd is None:
            raise DecisionRecordError(
                f"the JSON Lines sink for {shown(str(self.path), 200)} is closed", record
            )
        if self._broken is not None:
            raise DecisionRecordError(self._broken, record)
        return self._fd

    def _followed(self, record: DecisionRecord) -> int:
        """The descriptor of the file the path names now: opened afresh if the path names another file."""
        fd = self._usable(record)
        try:
            status = os.stat(self.path)
        except OSError:  # moved or removed (or the directory is gone): open the path again
            return self._open(record, "cannot be opened again after the file was moved or removed")
        if (status.st_dev, status.st_ino) != self._identity:
            return self._open(record, "cannot be opened again after the file was replaced")
        return fd

    def __call__(self, record: DecisionRecord) -> None:
        """Append the record as one line, or raise :class:`DecisionRecordError` with nothing of it kept."""
        line = (record.model_dump_json() + "\n").encode("utf-8")
        with self._lock:
            for _ in range(self._ATTEMPTS):
                fd = self._followed(record)
                self._append(fd, line, record)
                if os.fstat(fd).st_nlink > 0:
                    return
                # the file was removed while the line went in: the line is lost with it, so write it again
            raise DecisionRecordError(
                f"{shown(str(self.path), 200)} was removed under every attempt to write", record
            )

    def _append(self, fd: int, line: bytes, record: DecisionRecord) -> None:
        start = _end_of(fd)
        written = 0
        try:
            while written < len(line):
                count = os.write(fd, line[written:])
                if count <= 0:
                    raise OSError(errno.EIO, "the file took no bytes")
                written += count
        except OSError as error:
            problem = f"writing to {shown(str(self.path), 200)} failed ({error.strerror or error})"
            if written and not _take_back(fd, start):
                self._broken = problem + "; part of a line stayed in the file, so the sink is unusable"
            raise DecisionRecordError(problem, record) from None

    def close(self) -> None:
        """Close the file; later records raise."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _end_of(fd: int) -> int | None:
    try:
        return os.lseek(fd, 0, os.SEEK_END)
    except OSError:
        return None


def _take_back(fd: int, size: int | None) -> bool:
    """Cut the file back to ``size`` bytes (the part of a line that failed); False if that fails."""
    if size is None:
        return False
    try:
        os.ftruncate(fd, size)
    except OSError:
        return False
    return True


class _ProcessSink:
    """The process-wide sink. ``sink is None`` (the default) means records are off and cost nothing."""

    sink: Sink | None = None


_process = _ProcessSink()
_PROCESS_WIDE = _ProcessSink()
"""The value of :data:`_scoped` outside :func:`recording`: the process-wide sink applies."""
_scoped: ContextVar[Sink | _ProcessSink | None] = ContextVar("sharing_rules_sink", default=_PROCESS_WIDE)


def current_sink() -> Sink | None:
    """Where a record made now goes: the sink of the enclosing :func:`recording`, else the process's."""
    sink = _scoped.get()
    return _process.sink if sink is _PROCESS_WIDE else sink  # type: ignore[return-value]


@contextlib.contextmanager
def recording(sink: Sink | None, *, request_id: str | None = None) -> Iterator[None]:
    """Within the block, records go to ``sink`` (None: none are made), whatever the process has configured.

    For an application that owns its records (a service: its own sink, each request's id on its records):
    it holds for the thread or the asynchronous task that enters it, and for what they start. ``sink`` is
    used as given (check it first: :meth:`JsonLinesSink.check`, :meth:`LoggingSink.check`).
    """
    sink_token = _scoped.set(sink)
    id_token = request_id_var.set(request_id)
    try:
        yield
    finally:
        request_id_var.reset(id_token)
        _scoped.reset(sink_token)


def configure_records(sink: Sink | Literal["logging"] | None = "logging") -> None:
    """Turn decision records on with a sink, or off with None.

    The sink is ``"logging"`` (the default: :class:`LoggingSink`), a :class:`JsonLinesSink`, or any
    callable taking a :class:`DecisionRecord`. A sink that cannot write is refused here with
    :class:`DecisionRecordError` (logging not configured for the level, a closed sink, a path instead of a
    sink), and every later write is checked again.
    """
    if sink is None:
        _process.sink = None
        return
    if isinstance(sink, str) and plain(sink) == "logging":
        sink = LoggingSink()
    elif isinstance(sink, str | os.PathLike):
        raise DecisionRecordError(
            f"{shown(sink)} is no sink; to write JSON Lines to that file pass JsonLinesSink(path), or"
            ' "logging", or a callable that takes a DecisionRecord'
        )
    elif not callable(sink):
        raise DecisionRecordError(
            f"a sink must be callable (JsonLinesSink(path), LoggingSink(), or a function), got {shown(sink)}"
        )
    if isinstance(sink, LoggingSink | JsonLinesSink):
        sink.check()
    _process.sink = sink


def _storable(text: str) -> str:
    """``text`` as it can be written in UTF-8: a lone surrogate is written as its backslash escape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


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
    review: RouteApproval | None = None,
) -> None:
    """Build one record and hand it to the sink (only called when a sink is configured).

    The partner asked is kept as text (at most 200 characters) or, if it was not text, named by its type:
    the record never holds a caller's object, nor anything the caller sends but its labels.
    """
    sink = current_sink()
    if sink is None:
        return
    combined = overall(item.outcome for item in items) if error is None and items else None
    asked = _storable(plain(partner_asked)[:200]) if isinstance(partner_asked, str) else shown(partner_asked)
    if any(item.label is not None and _storable(item.label) != item.label for item in items):
        items = tuple(
            item.model_copy(update={"label": None if item.label is None else _storable(item.label)})
            for item in items
        )
    record = DecisionRecord(
        record_id=uuid.uuid4().hex,
        timestamp=datetime.now(UTC),
        operation=operation,
        case_reference=None if case_reference is None else _storable(case_reference),
        partner_asked=asked,
        partner=partner,
        as_of=as_of,
        items=items,
        allowed=combined is Outcome.ALLOWED,
        outcome=combined,
        error=None if error is None else f"{type(error).__name__}: {error}"[:500],
        rules=tuple(dict.fromkeys(rule for item in items for rule in item.rules)),
        statements=tuple(dict.fromkeys(s for item in items for s in item.statements)),
        knowledge_version=knowledge_version,
        request_id=request_id_var.get(),
        review=review,
    )
    try:
        sink(record)
    except DecisionRecordError as failure:
        if failure.record is None:
            raise DecisionRecordError(str(failure), record) from None
        raise
    except Exception as cause:
        raise DecisionRecordError(f"{type(cause).__name__}: {shown(str(cause), 200)}", record) from cause
