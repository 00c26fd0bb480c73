"""Tamper evidence for decision records: hash chains, one per writer, and checkpoints of their heads.

A writer (a process, a worker) holds one :class:`Chain`. Each record it writes carries the chain's id,
its place in the chain (``sequence``, from 0), the hash of the record before it in the chain
(``previous_hash``; 64 zeros for the first) and its own hash (``record_hash``): the SHA-256 of its
canonical JSON, which is the record as JSON without ``record_hash``, keys sorted, no spaces, UTF-8.
Editing a field changes the record's hash; removing, reordering or inserting a record breaks the links
that follow. A checkpoint states a chain's head (its last sequence and hash) at a moment: written when a
chain starts, on a schedule and when the writer stops, it shows a tail that was cut after it.

Nothing here knows where records are stored: the sinks seal records with a chain, the readers check them.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SCHEMA_VERSION = 2
"""The version of the record schema written now (1: records before chains; 2: chained records)."""
GENESIS = "0" * 64
"""The ``previous_hash`` of the first record of a chain."""
CHAIN_FIELDS = ("chain_id", "sequence", "previous_hash", "record_hash")


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _encode(content: Mapping[str, Any]) -> bytes:
    return _ENCODER.encode(content).encode("utf-8")


def canonical(body: Mapping[str, Any]) -> bytes:
    """The canonical JSON of a record: without ``record_hash``, keys sorted, compact, UTF-8."""
    return _encode({key: value for key, value in body.items() if key != "record_hash"})


def record_hash(body: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of the record's canonical JSON."""
    return hashlib.sha256(canonical(body)).hexdigest()


def line_of(body: Mapping[str, Any]) -> str:
    """The record as one line of JSON (keys sorted, compact), as the JSON Lines sink writes it."""
    return _ENCODER.encode(body)


def sealed_line(canonical_json: bytes, digest: str) -> str:
    """The line of a sealed record: its canonical JSON with ``record_hash`` added last.

    ``record_hash`` is the only key out of order; the record is not encoded twice.
    """
    return canonical_json[:-1].decode("utf-8") + f',"record_hash":"{digest}"}}'


Sealed = tuple[dict[str, Any], str]
"""A sealed record: its JSON body (chain fields included) and the line that stores it."""


@dataclass(frozen=True)
class Head:
    """Where a chain stands: its last sequence written (-1: none yet) and that record's hash."""

    chain_id: str
    sequence: int
    hash: str


def checkpoint_of(head: Head, reason: str) -> dict[str, Any]:
    """A checkpoint of a chain's head, as stored: chain, sequence, head hash, when and why."""
    return {
        "chain_id": head.chain_id,
        "sequence": head.sequence,
        "head_hash": head.hash,
        "written_at": datetime.now(UTC).isoformat(),
        "reason": reason,
    }


class Chain:
    """The chain of one writer: seals records in the order they are written.

    A process that forks gets a new chain in the child (a chain has one writer). Sealing does not move
    the chain forward: :meth:`advance` does, once the sealed records are stored, so that a failed write
    leaves no gap. The sink holds :attr:`lock` around seal, write and advance.
    """

    def __init__(self, checkpoint_every: float = 5.0) -> None:
        self.checkpoint_every = checkpoint_every
        self.lock = threading.RLock()
        """Held around seal, write and advance by the sink that owns the chain."""
        self._start()

    def _start(self) -> None:
        self._pid = os.getpid()
        self.head = Head(uuid.uuid4().hex, -1, GENESIS)
        self.checkpointed: Head | None = None
        self._checkpointed_at = 0.0

    def _current(self) -> Head:
        if os.getpid() != self._pid:  # a forked child: a chain of its own
            self._start()
        return self.head

    def seal(self, bodies: list[dict[str, Any]]) -> tuple[list[Sealed], Head]:
        """The records with their chain fields after the current head, each with its line; the new head.

        The line (:func:`sealed_line`) is what the sink writes.
        """
        head = self._current()
        sealed = []
        sequence, previous = head.sequence, head.hash
        for body in bodies:
            sequence += 1
            link = {**body, "chain_id": head.chain_id, "sequence": sequence, "previous_hash": previous}
            text = canonical(link)  # what verify hashes, by the same function
            previous = hashlib.sha256(text).hexdigest()
            link["record_hash"] = previous
            sealed.append((link, sealed_line(text, previous)))
        return sealed, Head(head.chain_id, sequence, previous)

    def advance(self, head: Head) -> None:
        """The sealed records up to ``head`` are stored: the chain goes on from there."""
        if head.chain_id == self.head.chain_id and head.sequence > self.head.sequence:
            self.head = head

    def due(self, head: Head) -> str | None:
        """Why a checkpoint of ``head`` is due now ("start", "schedule"), or None when none is."""
        if head.sequence < 0 or head == self.checkpointed:
            return None
        if self.checkpointed is None or self.checkpointed.chain_id != head.chain_id:
            return "start"
        if time.monotonic() - self._checkpointed_at >= self.checkpoint_every:
            return "schedule"
        return None

    def checkpointed_at(self, head: Head) -> None:
        """A checkpoint of ``head`` is stored."""
        self.checkpointed = head
        self._checkpointed_at = time.monotonic()

    def status(self) -> dict[str, Any]:
        """The chain's head and its last checkpoint, for the service's status and metrics."""
        head, mark = self.head, self.checkpointed
        return {
            "chain_id": head.chain_id,
            "sequence": head.sequence,
            "head_hash": head.hash,
            "checkpoint_sequence": None if mark is None or mark.chain_id != head.chain_id else mark.sequence,
        }
