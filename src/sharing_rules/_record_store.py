"""What the database sinks share: one writer thread that groups the records waiting into one commit.

A caller hands its record to :meth:`StoreSink.__call__` and, by default, waits until the commit that holds
it is durable; a record that cannot be written raises :class:`DecisionRecordError` in the caller, as with
every sink. Records that arrive while a commit runs wait for the next, so that many concurrent callers pay
for one commit between them.

A service answers many requests on one thread: it cannot wait there. Within :func:`deferring`, a call
hands the record over and returns at once, leaving the pending write in the list ``deferring`` gives; the
service awaits every write of a request before it sends the answer, and answers 503 instead if one fails
(never an answer whose record is not durable).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from sharing_rules._chain import Chain, Head, Sealed, checkpoint_of
from sharing_rules._errors import DecisionRecordError, shown

if TYPE_CHECKING:
    from sharing_rules._records import DecisionRecord

Waiter = Future[None] | asyncio.Future[None]
"""Who waits for a write: a caller's thread (a concurrent future) or a request (a future of its loop)."""
Pending = tuple[Waiter, dict[str, Any]]
"""A write a request awaits, with the record's JSON body (which names it, should the write fail)."""
_deferred: ContextVar[list[Pending] | None] = ContextVar("sharing_rules_deferred", default=None)

BATCH = 2_000
"""At most this many records go into one commit."""
WAIT = 30.0
"""Seconds a caller waits for its record's commit before it is refused."""


@contextlib.contextmanager
def deferring() -> Iterator[list[Pending]]:
    """Within the block, database sinks return before the commit: their pending writes go in the list."""
    pending: list[Pending] = []
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)


def settled(future: Future[None], timeout: float | None = WAIT) -> None:
    """Wait for a pending write; :class:`DecisionRecordError` (the caller names the record) if it failed."""
    try:
        future.result(timeout)
    except DecisionRecordError as failure:
        raise DecisionRecordError(failure.problem) from None
    except TimeoutError:
        raise DecisionRecordError(f"it was not written within {timeout:g} s") from None


def written_as(take: Callable[[dict[str, Any]], None], record: DecisionRecord) -> None:
    """Write ``record`` through a sink's ``take`` (which stores its JSON); a failure names the record."""
    try:
        take(record.model_dump(mode="json"))
    except DecisionRecordError as failure:
        raise DecisionRecordError(failure.problem, record) from None


class _WriteFailedError(DecisionRecordError):
    """A write that failed, as the writer thread reports it (the caller adds its record)."""

    def __init__(self, problem: str) -> None:
        Exception.__init__(self, problem)
        self.problem = problem
        self.record = None


class StoreSink:
    """A sink writing to a database through one thread, many records to a commit (subclasses: the stores).

    Subclasses say how to connect, make the schema and write one group of records (with a checkpoint of
    the chain's head when one is due) in one transaction.
    """

    kind = "store"

    def __init__(self, where: str, *, checkpoint_every: float = 5.0) -> None:
        self.where = where
        """The store, as messages name it (never a password)."""
        self.chain = Chain(checkpoint_every)
        self._cond = threading.Condition()
        self._queue: list[tuple[dict[str, Any] | None, Waiter, str | None]] = []
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._closed = False

    # -- what a store provides ---------------------------------------------------------------------------

    def _connect(self) -> Any:  # pragma: no cover - every store overrides it
        raise NotImplementedError

    def _write(self, connection: Any, bodies: list[Sealed], checkpoint: dict[str, Any] | None) -> None:
        raise NotImplementedError  # pragma: no cover - every store overrides it

    def _disconnect(self, connection: Any) -> None:
        with contextlib.suppress(Exception):
            connection.close()

    # -- the sink ----------------------------------------------------------------------------------------

    def check(self) -> None:
        """Raise :class:`DecisionRecordError` unless the store can be reached and holds the schema."""
        if self._closed:
            raise DecisionRecordError(f"the {self.kind} sink for {self.where} is closed")
        try:
            self._disconnect(self._connect())
        except DecisionRecordError:
            raise
        except Exception as error:
            raise DecisionRecordError(
                f"the {self.kind} store {self.where} cannot be used ({type(error).__name__}:"
                f" {shown(str(error), 200)})"
            ) from None

    def __call__(self, record: DecisionRecord) -> None:
        """Write the record (grouped with others into one commit); return once it is durable.

        Within :func:`deferring`, return at once and leave the pending write in its list.
        """
        written_as(self.take, record)

    def take(self, body: dict[str, Any]) -> None:
        """Write a record's JSON body as :meth:`__call__` writes a record (a failure names no record)."""
        pending = _deferred.get()
        loop = _running_loop() if pending is not None else None
        future = self.submit(body, loop)
        if pending is not None:
            pending.append((future, body))
            return
        assert isinstance(future, Future)
        settled(future)

    def submit(self, body: dict[str, Any] | None, loop: asyncio.AbstractEventLoop | None = None) -> Waiter:
        """Queue a record's JSON body (None: only a checkpoint) for the writer; what to wait on.

        With ``loop``, a future of that loop: the writer settles all of a group's in one call to the loop.
        """
        future: Waiter = Future() if loop is None else loop.create_future()
        with self._cond:
            if os.getpid() != self._pid:  # a forked child: a writer (and a chain) of its own
                self._pid, self._queue, self._thread = os.getpid(), [], None
            if self._closed:
                raise DecisionRecordError(f"the {self.kind} sink for {self.where} is closed")
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="sharing-rules-records", daemon=True)
                self._thread.start()
            self._queue.append((body, future, None))
            self._cond.notify()
        return future

    def checkpoint(self, reason: str = "schedule") -> None:
        """Write a checkpoint of the chain's head now (and wait for it)."""
        with self._cond:
            if self._closed or self._thread is None or os.getpid() != self._pid:
                return
            future: Future[None] = Future()
            self._queue.append((None, future, reason))
            self._cond.notify()
        with contextlib.suppress(Exception):
            future.result(WAIT)

    def close(self) -> None:
        """Write a last checkpoint, stop the writer and refuse later records."""
        self.checkpoint("shutdown")
        with self._cond:
            self._closed = True
            thread = self._thread
            self._cond.notify()
        if thread is not None and os.getpid() == self._pid:
            thread.join(WAIT)

    def status(self) -> dict[str, Any]:
        """The chain's head and last checkpoint."""
        return self.chain.status()

    # -- the writer thread -------------------------------------------------------------------------------

    def _take(self) -> list[tuple[dict[str, Any] | None, Waiter, str | None]] | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            batch, self._queue = self._queue[:BATCH], self._queue[BATCH:]
            return batch

    def _run(self) -> None:
        connection = None
        while (batch := self._take()) is not None:
            bodies = [body for body, _, _ in batch if body is not None]
            sealed, head = self.chain.seal(bodies)
            asked = next((reason for _, _, reason in batch if reason is not None), None)
            reason = self.chain.due(head) or (asked if head != self.chain.checkpointed else None)
            if head.sequence < 0 or (not sealed and reason is None):  # nothing to write
                self._done(batch, head, None)
                continue
            try:
                if connection is None:
                    connection = self._connect()
                self._write(connection, sealed, None if reason is None else checkpoint_of(head, reason))
            except Exception as error:  # the whole group is refused; the next one connects afresh
                if connection is not None:
                    self._disconnect(connection)
                connection = None
                self._fail(batch, error)
                continue
            self._done(batch, head, reason)
        if connection is not None:
            self._disconnect(connection)

    def _done(self, batch: list[tuple[Any, Waiter, Any]], head: Head, reason: str | None) -> None:
        if head.sequence >= 0:
            self.chain.advance(head)
        if reason is not None and head.sequence >= 0:
            self.chain.checkpointed_at(head)
        _settle([waiter for _, waiter, _ in batch], None)

    def _fail(self, batch: list[tuple[Any, Waiter, Any]], error: Exception) -> None:
        problem = (
            f"the {self.kind} store {self.where} failed ({type(error).__name__}: {shown(str(error), 200)})"
        )
        _settle([waiter for _, waiter, _ in batch], problem)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # deferring outside a loop: the caller's thread waits
        return None


def _settle(waiters: list[Waiter], problem: str | None) -> None:
    """Settle the waiters of a group: threads at once, each loop's futures in one call to it."""
    threads: list[Waiter] = []
    loops: dict[asyncio.AbstractEventLoop, list[Waiter]] = {}
    for waiter in waiters:
        if isinstance(waiter, Future):
            threads.append(waiter)
        else:
            loops.setdefault(waiter.get_loop(), []).append(waiter)
    _resolve(threads, problem)
    for loop, futures in loops.items():
        with contextlib.suppress(RuntimeError):  # a loop closed meanwhile: nobody waits any more
            loop.call_soon_threadsafe(_resolve, futures, problem)


def _resolve(futures: list[Waiter], problem: str | None) -> None:
    """Settle each future not settled yet (a cancelled one: nobody waits for it any more)."""
    for future in futures:
        if future.done():
            continue
        if problem is None:
            future.set_result(None)
        else:
            future.set_exception(_WriteFailedError(problem))
