"""Decision records: an audit trail of every question asked and every answer given.

Off until :func:`configure_records` names a sink; then every ``evaluate``, ``require`` and
``check_transfer`` emits one :class:`DecisionRecord` - also for a question refused with an error. A record
holds the request and the answer (outcome, rules, statements, knowledge version), never the information
being sent. A sink that fails raises :class:`DecisionRecordError` in the caller: a record is never
dropped silently.

The sinks this package ships chain the records they write (see ``_chain``): each record carries its
writer's chain id, its sequence in that chain, the hash of the record before it and its own hash, and each
sink writes checkpoints of its chain's head, so that ``sharing-rules records verify`` finds an edit, a
deletion, a reordering, an insertion or a cut tail. The schema of a record is versioned
(``schema_version``: 1 before chains, 2 with them).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from sharing_rules._chain import SCHEMA_VERSION, Chain, Head, checkpoint_of, line_of
from sharing_rules._errors import DecisionRecordError, shown
from sharing_rules._naming import plain
from sharing_rules._record_sql import PostgresSink, SqliteSink, is_database_target
from sharing_rules._record_store import StoreSink, written_as
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
    asked: tuple[str, ...] = ()
    """For a question refused with an error: the kinds of information asked, as the caller wrote them (at
    most 100 characters each), so that the question can be asked again (a re-audit); else empty."""
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
    schema_version: int = 1
    """The version of this schema the record follows (1: no chain fields; 2: chained)."""
    chain_id: str | None = None
    """The chain of the writer that stored it (one per process or worker); None before it is stored."""
    sequence: int | None = None
    """Its place in its chain, from 0."""
    previous_hash: str | None = None
    """The ``record_hash`` of the record before it in its chain (64 zeros for the first)."""
    record_hash: str | None = None
    """The SHA-256 of its canonical JSON (the record without this field, keys sorted, compact, UTF-8)."""


request_id_var: ContextVar[str | None] = ContextVar("sharing_rules_request_id", default=None)
"""The request being answered: a service sets it, and every record emitted meanwhile carries it."""


class _Ids:
    """Unique ids without a system call each: 64 random bits drawn once per process, then a counter.

    Ids name records and requests; they need to be unique, not secret. A forked child draws afresh.
    """

    def __init__(self) -> None:
        self._pid = -1
        self._prefix = ""
        self._count = itertools.count()

    def __call__(self) -> str:
        if os.getpid() != self._pid:
            self._pid, self._prefix, self._count = os.getpid(), os.urandom(8).hex(), itertools.count()
        return f"{self._prefix}{next(self._count):016x}"


new_id = _Ids()
"""A new id: 32 hex digits, unique among the ids of every process (a record's, a request's)."""

issued_var: ContextVar[list[str] | None] = ContextVar("sharing_rules_issued", default=None)
"""The ids of the records made in a request (a service sets a list, and reads it to answer with them)."""

Sink = Callable[[DecisionRecord], None]


class LoggingSink:
    """Writes each record as one JSON log message to the ``sharing_rules.decisions`` logger.

    A record counts as written only when at least one handler took it without failing: a logger that is
    not enabled for the level, has no handler for it, or whose handler fails (a closed stream, a full disk)
    raises :class:`DecisionRecordError`, although the logging module itself would swallow the failure.
    """

    def __init__(
        self,
        logger: str = "sharing_rules.decisions",
        level: int = logging.INFO,
        *,
        checkpoints: str = "sharing_rules.checkpoints",
        checkpoint_every: float = 5.0,
    ) -> None:
        self._logger = logging.getLogger(logger)
        self._level = level
        self.chain = Chain(checkpoint_every)
        """The chain of the records this sink logs."""
        self.checkpoints = logging.getLogger(checkpoints)
        """Where checkpoints of the chain's head go, as ``{"checkpoint": ...}`` (not among the records)."""

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
        written_as(self.take, record)

    def take(self, body: dict[str, Any]) -> None:
        """Log a record's JSON body as :meth:`__call__` logs a record (a failure names no record)."""
        with self.chain.lock:
            sealed, head = self.chain.seal([body])
            stored, line = sealed[0]
            self._log(line, DecisionRecord.model_validate(stored))
            self.chain.advance(head)

    def _log(self, message: str, sealed: DecisionRecord) -> None:
        logger = self._logger
        handlers = self._handlers()
        entry = logger.makeRecord(
            logger.name, self._level, __file__, 0, "%s", (message,), None, extra={"decision_record": sealed}
        )
        if not logger.filter(entry):
            raise DecisionRecordError(f"a filter of the logger {logger.name!r} dropped it")
        taken = [_handle(handler, entry) for handler in handlers]  # every handler, none skipped
        if not any(taken):
            raise DecisionRecordError("the filters of every logging handler dropped it")

    def _checkpoint(self, head: Head, reason: str) -> None:
        try:
            self.checkpoints.log(self._level, "%s", line_of({"checkpoint": checkpoint_of(head, reason)}))
        except Exception:  # a checkpoint that fails is tried again at the next one due
            return
        self.chain.checkpointed_at(head)

    def checkpoint(self, reason: str = "schedule") -> None:
        """Log a checkpoint of the chain's head now (on a schedule, and when the writer stops)."""
        with self.chain.lock:
            head = self.chain.head
            if head.sequence >= 0 and head != self.chain.checkpointed:
                self._checkpoint(head, reason)


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

    Records are chained (see the module's docstring). :meth:`checkpoint` (which the service calls on a
    schedule, and :meth:`close` calls) writes the chain's head, one JSON object a line, to the file beside
    it named as it with ``.checkpoints`` added (not rotated with it).
    """

    _ATTEMPTS = 3
    """How often a record is written again when its file is removed under it, before the sink gives up."""

    def __init__(self, path: str | os.PathLike[str], *, checkpoint_every: float = 5.0) -> None:
        try:
            self.path = Path(path)
        except TypeError:
            raise DecisionRecordError(
                f"the path of a JSON Lines sink must be a path, got {shown(path)}"
            ) from None
        self.chain = Chain(checkpoint_every)
        self._lock = self.chain.lock
        self._broken: str | None = None
        self._fd: int | None = None
        self._identity = (0, 0)
        self._open("cannot be opened for appending")

    def _open(self, failing: str) -> int:
        """Open the path (creating the file 0600) in place of the file held, or raise DecisionRecordError."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, 0o600)
        except OSError as error:
            raise DecisionRecordError(
                f"{shown(str(self.path), 200)} {failing} ({error.strerror or error})"
            ) from None
        status = os.fstat(fd)
        if self._fd is not None:
            os.close(self._fd)
        self._fd, self._identity = fd, (status.st_dev, status.st_ino)
        return fd

    def check(self) -> None:
        """Raise :class:`DecisionRecordError` if the sink is closed, or a failure left it unusable."""
        with self._lock:
            self._usable()

    def _usable(self) -> int:
        if self._fd is None:
            raise DecisionRecordError(f"the JSON Lines sink for {shown(str(self.path), 200)} is closed")
        if self._broken is not None:
            raise DecisionRecordError(self._broken)
        return self._fd

    def _followed(self) -> int:
        """The descriptor of the file the path names now: opened afresh if the path names another file."""
        fd = self._usable()
        try:
            status = os.stat(self.path)
        except OSError:  # moved or removed (or the directory is gone): open the path again
            return self._open("cannot be opened again after the file was moved or removed")
        if (status.st_dev, status.st_ino) != self._identity:
            return self._open("cannot be opened again after the file was replaced")
        return fd

    def __call__(self, record: DecisionRecord) -> None:
        """Append the record as one line, or raise :class:`DecisionRecordError` with nothing of it kept."""
        written_as(self.take, record)

    def take(self, body: dict[str, Any]) -> None:
        """Append a record's JSON body as :meth:`__call__` appends a record (a failure names no record)."""
        with self._lock:
            sealed, head = self.chain.seal([body])
            line = (sealed[0][1] + "\n").encode("utf-8")
            for _ in range(self._ATTEMPTS):
                fd = self._followed()
                self._append(fd, line)
                if os.fstat(fd).st_nlink > 0:
                    self.chain.advance(head)
                    return
                # the file was removed while the line went in: the line is lost with it, so write it again
            raise DecisionRecordError(
                f"{shown(str(self.path), 200)} was removed under every attempt to write"
            )

    @property
    def checkpoints(self) -> Path:
        """The file the checkpoints of this sink's chain go to: the records file's path + ``.checkpoints``."""
        return self.path.with_name(self.path.name + ".checkpoints")

    def _checkpoint(self, head: Head, reason: str) -> None:
        line = (line_of(checkpoint_of(head, reason)) + "\n").encode("utf-8")
        try:
            fd = os.open(self.checkpoints, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError:  # tried again at the next checkpoint due; the records themselves are written
            return
        self.chain.checkpointed_at(head)

    def checkpoint(self, reason: str = "schedule") -> None:
        """Write a checkpoint of the chain's head now (on a schedule, and when the writer stops)."""
        with self._lock:
            head = self.chain.head
            if head.sequence >= 0 and head != self.chain.checkpointed:
                self._checkpoint(head, reason)

    def _append(self, fd: int, line: bytes) -> None:
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
            raise DecisionRecordError(problem) from None

    def close(self) -> None:
        """Write a last checkpoint and close the file; later records raise."""
        with self._lock:
            if self._fd is not None:
                self.checkpoint("shutdown")
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


class SinkHolder:
    """Where records go: ``sink`` (None: records are off and cost nothing)."""

    __slots__ = ("sink",)

    def __init__(self, sink: Sink | None = None) -> None:
        self.sink = sink


_process = SinkHolder()
"""The process-wide sink (:func:`configure_records`): it applies outside :func:`recording`."""
_scoped: ContextVar[SinkHolder] = ContextVar("sharing_rules_sink", default=_process)

holder = _scoped.get
"""The holder of the sink that applies now (``holder().sink``): :func:`recording`'s, else the process's.

A look-up without a Python call, for the path that asks on every question."""


def current_sink() -> Sink | None:
    """Where a record made now goes: the sink of the enclosing :func:`recording`, else the process's."""
    return _scoped.get().sink


@contextlib.contextmanager
def recording(sink: Sink | None, *, request_id: str | None = None) -> Iterator[None]:
    """Within the block, records go to ``sink`` (None: none are made), whatever the process has configured.

    For an application that owns its records (a service: its own sink, each request's id on its records):
    it holds for the thread or the asynchronous task that enters it, and for what they start. ``sink`` is
    used as given (check it first: :meth:`JsonLinesSink.check`, :meth:`LoggingSink.check`).
    """
    sink_token = _scoped.set(SinkHolder(sink))
    id_token = request_id_var.set(request_id)
    try:
        yield
    finally:
        request_id_var.reset(id_token)
        _scoped.reset(sink_token)


def configure_records(sink: Sink | Literal["logging"] | None = "logging") -> None:
    """Turn decision records on with a sink, or off with None.

    The sink is ``"logging"`` (the default: :class:`LoggingSink`), a :class:`JsonLinesSink`, a
    :class:`SqliteSink`, a :class:`PostgresSink` (or what :func:`open_sink` makes of a target; a
    ``postgresql://`` URL or a path ending ``.sqlite``/``.db`` is taken as its database), or any callable
    taking a :class:`DecisionRecord`. Any other path is refused: pass ``JsonLinesSink(path)``. A sink
    that cannot write is refused here with :class:`DecisionRecordError` (logging not configured for the
    level, a closed sink, a path instead of a sink), and every later write is checked again.
    """
    if sink is None:
        _process.sink = None
        return
    if isinstance(sink, str) and plain(sink) == "logging":
        sink = LoggingSink()
    elif isinstance(sink, str) and is_database_target(plain(sink)):  # unambiguous: a database
        sink = open_sink(plain(sink))
    elif isinstance(sink, str | os.PathLike):
        raise DecisionRecordError(
            f"{shown(sink)} is no sink; pass JsonLinesSink(path), SqliteSink(path), PostgresSink(url),"
            ' open_sink(target), "logging", or a callable that takes a DecisionRecord'
        )
    elif not callable(sink):
        raise DecisionRecordError(
            f"a sink must be callable (JsonLinesSink(path), LoggingSink(), or a function), got {shown(sink)}"
        )
    if isinstance(sink, LoggingSink | JsonLinesSink | StoreSink):
        sink.check()
    _process.sink = sink


def open_sink(target: str) -> LoggingSink | JsonLinesSink | SqliteSink | PostgresSink:
    """The sink a target names, as ``serve --records`` reads it.

    ``logging``; a ``postgresql://`` URL (:class:`PostgresSink`); a path ending ``.sqlite`` or ``.db``
    (:class:`SqliteSink`); any other path, a JSON Lines file (:class:`JsonLinesSink`).
    """
    if not isinstance(target, str):
        raise DecisionRecordError(f"a records target must be text, got {shown(target)}")
    if plain(target) == "logging":
        return LoggingSink()
    if is_database_target(target):
        return PostgresSink(target) if target.startswith("postgres") else SqliteSink(target)
    return JsonLinesSink(target)


def _storable(text: str) -> str:
    """``text`` as it can be written in UTF-8: a lone surrogate is written as its backslash escape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


ItemBody = dict[str, Any]
"""One item of a record as its JSON holds it (the fields of :class:`RecordedItem`)."""


def item_body(
    data_type: str, outcome: Outcome, rules: list[str], statements: list[str], label: str | None = None
) -> ItemBody:
    """An item of a record: the kind of information asked about (and its label), its outcome, why."""
    return {
        "data_type": data_type,
        "label": None if label is None else _storable(label),
        "outcome": outcome.value,
        "rules": rules,
        "statements": statements,
    }


def record_of(body: dict[str, Any]) -> DecisionRecord:
    """The record a JSON body holds (for a sink of the caller's, and to name a record that failed)."""
    return DecisionRecord.model_validate(body)


def _now() -> str:
    """The time now in UTC, as a record's JSON holds it (as pydantic writes a datetime: ``...Z``)."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def emit(
    operation: Operation,
    *,
    partner_asked: object,
    partner: str | None,
    as_of: date | None,
    items: tuple[ItemBody, ...],
    knowledge_version: str | None,
    case_reference: str | None = None,
    error: BaseException | None = None,
    review: RouteApproval | None = None,
    kinds_asked: tuple[object, ...] = (),
) -> str | None:
    """Build one record and hand it to the sink; its id (None when no sink is configured).

    The partner asked is kept as text (at most 200 characters) or, if it was not text, named by its type:
    the record never holds a caller's object, nor anything the caller sends but its labels. The record is
    made as the JSON it is stored as (what ``DecisionRecord.model_dump(mode="json")`` gives); the sinks of
    this package store that, and a sink of the caller's gets it as a :class:`DecisionRecord`.
    """
    sink = current_sink()
    if sink is None:
        return None
    combined = overall(Outcome(item["outcome"]) for item in items) if error is None and items else None
    asked = _storable(plain(partner_asked)[:200]) if isinstance(partner_asked, str) else shown(partner_asked)
    record_id = new_id()
    body: dict[str, Any] = {
        "record_id": record_id,
        "timestamp": _now(),
        "operation": operation,
        "case_reference": None if case_reference is None else _storable(case_reference),
        "partner_asked": asked,
        "partner": partner,
        "as_of": None if as_of is None else as_of.isoformat(),
        "items": list(items),
        "asked": [_storable(plain(k)[:100]) for k in kinds_asked if isinstance(k, str)] if error else [],
        "allowed": combined is Outcome.ALLOWED,
        "outcome": None if combined is None else combined.value,
        "error": None if error is None else _storable(f"{type(error).__name__}: {error}"[:500]),
        "rules": list(dict.fromkeys(rule for item in items for rule in item["rules"])),
        "statements": list(dict.fromkeys(s for item in items for s in item["statements"])),
        "knowledge_version": knowledge_version,
        "request_id": request_id_var.get(),
        "review": None if review is None else review.model_dump(mode="json"),
        "schema_version": SCHEMA_VERSION,
        "chain_id": None,
        "sequence": None,
        "previous_hash": None,
        "record_hash": None,
    }
    try:
        if type(sink) in _OWN_SINKS:  # they store the JSON: no model to build
            sink.take(body)  # type: ignore[attr-defined]
        else:
            sink(record_of(body))
    except DecisionRecordError as failure:
        if failure.record is None:
            raise DecisionRecordError(failure.problem, record_of(body)) from None
        raise
    except Exception as cause:
        problem = f"{type(cause).__name__}: {shown(str(cause), 200)}"
        raise DecisionRecordError(problem, record_of(body)) from cause
    issued = issued_var.get()
    if issued is not None:  # only a record the sink took (or holds to commit) is named to the caller
        issued.append(record_id)
    return record_id


_OWN_SINKS: frozenset[type] = frozenset({LoggingSink, JsonLinesSink, SqliteSink, PostgresSink})
"""The sinks of this package (exactly these types): they take a record's JSON body (``take``)."""
