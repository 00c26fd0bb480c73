"""Decision records in a database: SQLite (the embedded default) and PostgreSQL (several writers, one store).

One schema for both, versioned in the table ``schema_version`` (one row per migration applied; a store
written by a newer version of the schema is refused, never half read). ``records`` holds each record's JSON
(``body``, the line a JSON Lines sink would write) and, beside it for the indexes (time, case reference,
partner, outcome), copies of some of its fields; ``position`` is the order the records were stored in.
``checkpoints`` holds the checkpoints of each chain's head. A migration adds to what is there: a new
version appends its statements to :data:`MIGRATIONS` and every store is brought up to it when opened.

SQLite runs in WAL mode with ``synchronous=FULL``: a commit is on disk when it returns. PostgreSQL commits
are durable with its default ``synchronous_commit``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sharing_rules._chain import Sealed
from sharing_rules._errors import DecisionRecordError, InvalidInputError, shown
from sharing_rules._record_store import StoreSink

MIRRORED = (
    "record_id", "chain_id", "sequence", "timestamp", "operation", "case_reference", "partner",
    "partner_asked", "outcome", "allowed", "knowledge_version", "request_id", "as_of", "record_hash",
    "previous_hash",
)  # fmt: skip
"""The fields of a record copied into columns of ``records`` (the same names), for the indexes."""
CHECKPOINT_FIELDS = ("chain_id", "sequence", "head_hash", "written_at", "reason")

_RECORDS = """CREATE TABLE records (
    position {serial},
    record_id TEXT NOT NULL, chain_id TEXT NOT NULL, sequence BIGINT NOT NULL, timestamp TEXT NOT NULL,
    operation TEXT NOT NULL, case_reference TEXT, partner TEXT, partner_asked TEXT NOT NULL, outcome TEXT,
    allowed INTEGER NOT NULL, knowledge_version TEXT, request_id TEXT, as_of TEXT,
    record_hash TEXT NOT NULL, previous_hash TEXT NOT NULL, body TEXT NOT NULL)"""
_CHECKPOINTS = """CREATE TABLE checkpoints (
    position {serial}, chain_id TEXT NOT NULL, sequence BIGINT NOT NULL, head_hash TEXT NOT NULL,
    written_at TEXT NOT NULL, reason TEXT NOT NULL)"""
_INDEXES = (
    "CREATE INDEX records_time ON records (timestamp)",
    "CREATE INDEX records_case ON records (case_reference, timestamp)",
    "CREATE INDEX records_partner ON records (partner, timestamp)",
    "CREATE INDEX records_outcome ON records (outcome, timestamp)",
    "CREATE INDEX records_chain ON records (chain_id, sequence)",
    "CREATE INDEX records_id ON records (record_id)",
)
_SERIAL = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "BIGSERIAL PRIMARY KEY"}
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (_RECORDS, _CHECKPOINTS, *_INDEXES),  # 1: records, checkpoints and their indexes
)
"""The statements of each version of the store's schema, in order; version N is MIGRATIONS[N - 1]."""
STORE_VERSION = len(MIGRATIONS)


def is_database_target(target: str) -> bool:
    """Whether ``--records`` names a database: a PostgreSQL URL or a path ending .sqlite or .db."""
    return target.startswith(("postgresql://", "postgres://")) or target.lower().endswith((".sqlite", ".db"))


def shown_url(url: str) -> str:
    """A PostgreSQL URL as a message may show it: without its password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, "", ""))
    except ValueError:
        return "(a PostgreSQL URL that cannot be read)"


class _Dialect:
    """What differs between the stores: placeholders, the serial column, how a migration is serialised."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.mark = "?" if name == "sqlite" else "%s"

    def insert_records(self, count: int) -> str:
        """One statement inserting ``count`` records: one step of the database for the whole group."""
        row = f"({', '.join([self.mark] * (len(MIRRORED) + 1))})"
        return f"INSERT INTO records ({', '.join(MIRRORED)}, body) VALUES {', '.join([row] * count)}"

    def insert_checkpoint(self) -> str:
        return (
            f"INSERT INTO checkpoints ({', '.join(CHECKPOINT_FIELDS)})"
            f" VALUES ({', '.join([self.mark] * len(CHECKPOINT_FIELDS))})"
        )


SQLITE = _Dialect("sqlite")
POSTGRESQL = _Dialect("postgresql")


def stamp(value: object) -> str:
    """A record's time as the ``timestamp`` column holds it ("" for what is no time).

    UTC, always with microseconds, so that the order of the texts is the order of the times.
    """
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def moment(text: str, option: str, *, end: bool = False) -> str:
    """``--since``/``--until`` as a column's time; :class:`InvalidInputError` naming the option if wrong.

    An ISO time, or a date (its start; with ``end``, its last moment).
    """
    try:
        if len(text) == 10:
            day = datetime.fromisoformat(text).replace(tzinfo=UTC)
            return stamp(day + timedelta(days=1, microseconds=-1) if end else day)
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(
            option, text, "an ISO date (2026-01-31) or time with its zone (2026-01-31T09:00:00Z)"
        ) from None
    return stamp(text)


def row_of(sealed: Sealed) -> tuple[Any, ...]:
    """The values of a record's row: its mirrored fields, then its JSON."""
    body, line = sealed
    values = [body.get(name) for name in MIRRORED]
    values[_ALLOWED] = int(bool(body.get("allowed")))
    values[_TIMESTAMP] = stamp(body.get("timestamp"))
    return (*values, line)


_ROWS = 500
"""Records inserted by one statement at most (16 values each: within every store's limit of values)."""
_ALLOWED = MIRRORED.index("allowed")
_TIMESTAMP = MIRRORED.index("timestamp")


def migrate(connection: Any, dialect: _Dialect) -> None:
    """Bring the store's schema up to :data:`STORE_VERSION` (in one transaction; refuse a newer one)."""
    cursor = connection.cursor()
    cursor.execute("BEGIN IMMEDIATE" if dialect is SQLITE else "BEGIN")
    try:
        if dialect is POSTGRESQL:  # one migration at a time, whichever worker comes first
            cursor.execute("SELECT pg_advisory_xact_lock(7201520)")
        cursor.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        cursor.execute("SELECT MAX(version) FROM schema_version")
        found = cursor.fetchone()[0] or 0
        if found > STORE_VERSION:
            raise DecisionRecordError(
                f"the store holds records of schema version {found}, newer than this version of"
                f" sharing-rules knows ({STORE_VERSION}); upgrade sharing-rules to write to it"
            )
        for version in range(found + 1, STORE_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                cursor.execute(statement.format(serial=_SERIAL[dialect.name]))
            cursor.execute(f"INSERT INTO schema_version (version) VALUES ({dialect.mark})", (version,))
        cursor.execute("COMMIT")
    except BaseException:
        cursor.execute("ROLLBACK")
        raise


def write_group(
    connection: Any, dialect: _Dialect, bodies: Sequence[Sealed], checkpoint: dict[str, Any] | None
) -> None:
    """Insert the records (and the checkpoint) in one transaction, committed when this returns.

    The usual group - records only, no more than one statement takes - is one statement, a transaction
    of its own (the connection commits each statement by itself): the writer's thread then waits for the
    interpreter's lock once per group, not once for each of BEGIN, INSERT and COMMIT.
    """
    cursor = connection.cursor()
    if checkpoint is None and 0 < len(bodies) <= _ROWS:
        cursor.execute(dialect.insert_records(len(bodies)), [v for sealed in bodies for v in row_of(sealed)])
        return
    cursor.execute("BEGIN IMMEDIATE" if dialect is SQLITE else "BEGIN")
    try:
        for start in range(0, len(bodies), _ROWS):  # a statement per group, not per record: the thread
            group = bodies[start : start + _ROWS]  # waits for the interpreter once, not once per row
            cursor.execute(
                dialect.insert_records(len(group)), [v for sealed in group for v in row_of(sealed)]
            )
        if checkpoint is not None:
            cursor.execute(dialect.insert_checkpoint(), tuple(checkpoint[name] for name in CHECKPOINT_FIELDS))
        cursor.execute("COMMIT")
    except BaseException:
        try:
            cursor.execute("ROLLBACK")
        finally:
            raise


def open_sqlite(path: str, *, create: bool) -> sqlite3.Connection:
    """A connection to the SQLite store at ``path`` (WAL, synchronous=FULL), its schema brought up to date."""
    if create:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600))  # private
    elif not os.path.isfile(path):
        raise DecisionRecordError(f"there is no SQLite store at {shown(path, 200)}")
    connection = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
    try:
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DecisionRecordError(f"{shown(path, 200)} cannot be put in WAL mode (it is in {mode!r})")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA busy_timeout=30000")
        if create:
            migrate(connection, SQLITE)
    except BaseException:
        connection.close()
        raise
    return connection


def open_postgresql(url: str, *, create: bool) -> Any:
    """A connection to the PostgreSQL store at ``url`` (autocommit: transactions are begun by hand)."""
    try:
        import psycopg  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415  # the optional extra
    except ImportError:
        raise DecisionRecordError(
            "a PostgreSQL store needs psycopg 3: pip install 'sharing-rules[postgresql]'"
        ) from None
    connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    try:
        if create:
            migrate(connection, POSTGRESQL)
    except BaseException:
        connection.close()
        raise
    return connection


class SqliteSink(StoreSink):
    """Writes decision records to a SQLite file (created 0600), many concurrent records to one commit.

    For one process or several (each writes a chain of its own); a commit is durable when it returns
    (WAL, ``synchronous=FULL``). A file that cannot be opened or whose schema is newer is refused when the
    sink is made.
    """

    kind = "SQLite"

    def __init__(self, path: str | os.PathLike[str], *, checkpoint_every: float = 5.0) -> None:
        try:
            self.path = os.fspath(path)
        except TypeError:
            raise DecisionRecordError(
                f"the path of a SQLite sink must be a path, got {shown(path)}"
            ) from None
        super().__init__(shown(self.path, 200), checkpoint_every=checkpoint_every)
        self.check()

    def _connect(self) -> sqlite3.Connection:
        return open_sqlite(self.path, create=True)

    def _write(self, connection: Any, bodies: list[Sealed], checkpoint: dict[str, Any] | None) -> None:
        write_group(connection, SQLITE, bodies, checkpoint)


class PostgresSink(StoreSink):
    """Writes decision records to PostgreSQL (``postgresql://...``; psycopg 3, the ``postgresql`` extra).

    For deployments with several workers or replicas writing to one store: each writer keeps a chain of
    its own; many concurrent records of a writer go into one commit.
    """

    kind = "PostgreSQL"

    def __init__(self, url: str, *, checkpoint_every: float = 5.0) -> None:
        if not isinstance(url, str) or not url.startswith(("postgresql://", "postgres://")):
            raise DecisionRecordError(f"a PostgreSQL sink needs a postgresql:// URL, got {shown(url)}")
        self.url = url
        super().__init__(shown_url(url), checkpoint_every=checkpoint_every)
        self.check()

    def _connect(self) -> Any:
        return open_postgresql(self.url, create=True)

    def _write(self, connection: Any, bodies: list[Sealed], checkpoint: dict[str, Any] | None) -> None:
        write_group(connection, POSTGRESQL, bodies, checkpoint)


@dataclass(frozen=True)
class Filters:
    """Which records to list: each given field must match (``since``/``until``: ISO times, inclusive)."""

    case: str | None = None
    partner: str | None = None
    outcome: str | None = None
    since: str | None = None
    until: str | None = None

    def where(self, mark: str) -> tuple[str, list[str]]:
        """The SQL condition (with ``mark`` placeholders) and its values."""
        clauses, values = [], []
        for column, value, operator in (
            ("case_reference", self.case, "="), ("partner", self.partner, "="),
            ("outcome", self.outcome, "="), ("timestamp", self.since, ">="), ("timestamp", self.until, "<="),
        ):  # fmt: skip
            if value is not None:
                clauses.append(f"{column} {operator} {mark}")
                values.append(value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", values

    def matches(self, body: dict[str, Any]) -> bool:
        """Whether a record (its JSON body) passes the filters."""
        made = stamp(body.get("timestamp"))
        return (
            (self.case is None or body.get("case_reference") == self.case)
            and (self.partner is None or body.get("partner") == self.partner)
            and (self.outcome is None or body.get("outcome") == self.outcome)
            and (self.since is None or made >= self.since)
            and (self.until is None or made <= self.until)
        )


def query(
    connection: Any, dialect: _Dialect, filters: Filters, *, after: int = 0, limit: int | None = None
) -> Iterator[tuple[int, str]]:
    """The (position, JSON body) of the records passing ``filters``, in the order stored, after ``after``."""
    where, values = filters.where(dialect.mark)
    where = (where + " AND" if where else " WHERE") + f" position > {dialect.mark}"
    sql = f"SELECT position, body FROM records{where} ORDER BY position"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cursor = connection.cursor()
    cursor.execute(sql, (*values, after))
    yield from cursor


def stored_rows(connection: Any) -> Iterator[tuple[Any, ...]]:
    """Every row of ``records`` in the order stored: position, the mirrored columns, body."""
    cursor = connection.cursor()
    cursor.execute(f"SELECT position, {', '.join(MIRRORED)}, body FROM records ORDER BY position")
    yield from cursor


def stored_checkpoints(connection: Any) -> list[dict[str, Any]]:
    """Every checkpoint, in the order stored."""
    cursor = connection.cursor()
    cursor.execute(f"SELECT {', '.join(CHECKPOINT_FIELDS)} FROM checkpoints ORDER BY position")
    return [dict(zip(CHECKPOINT_FIELDS, row, strict=True)) for row in cursor]
