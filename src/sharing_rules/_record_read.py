"""Reading decision records back: from a JSON Lines file (or a log of them), SQLite or PostgreSQL.

:func:`open_source` opens what ``--records`` named; :func:`verify` checks every chain in it (each record's
hash, each link, each checkpoint) and names each record that breaks one; :func:`listed` reads the records a
filter selects. Nothing here writes.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sharing_rules._chain import GENESIS, line_of, record_hash
from sharing_rules._errors import DecisionRecordError, shown
from sharing_rules._record_sql import (
    MIRRORED,
    POSTGRESQL,
    SQLITE,
    Filters,
    is_database_target,
    open_postgresql,
    open_sqlite,
    query,
    shown_url,
    stamp,
    stored_checkpoints,
    stored_rows,
)

ROW_FIELDS = (
    "record_id", "timestamp", "operation", "case_reference", "partner", "partner_asked", "as_of",
    "knowledge_version", "body",
)  # fmt: skip
"""What :meth:`Source.rows` gives of each record: fields copied beside it, and its JSON text."""
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Stored:
    """One record as read: where it is, its JSON (None if unreadable), what is wrong with how it is kept."""

    where: str
    position: int
    body: dict[str, Any] | None
    problem: str | None = None


class Source:
    """A store of records opened for reading."""

    kind = "JSON Lines"

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DecisionRecordError(f"there is no records file at {shown(path, 200)}")
        self.name = shown(path, 200)
        self._checkpoints: list[dict[str, Any]] = []

    def records(self) -> Iterator[Stored]:
        """Every record in the order stored (checkpoint lines of a log are set aside)."""
        self._checkpoints = []
        with self.path.open("rb") as lines:
            for number, raw in enumerate(lines, 1):
                if not raw.strip():
                    continue
                try:
                    body = json.loads(raw)
                except (ValueError, UnicodeDecodeError):
                    yield Stored(f"line {number}", number, None, "is no JSON")
                    continue
                if not isinstance(body, dict):
                    yield Stored(f"line {number}", number, None, "is no JSON object")
                elif set(body) == {"checkpoint"} and isinstance(body["checkpoint"], dict):
                    self._checkpoints.append(body["checkpoint"])
                else:
                    yield Stored(f"line {number}", number, body)

    def checkpoints(self) -> list[dict[str, Any]]:
        """Every checkpoint: of the file beside it (``.checkpoints``), and the lines of a log (read first)."""
        found = list(self._checkpoints)
        beside = self.path.with_name(self.path.name + ".checkpoints")
        if beside.is_file():
            for line in beside.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError):
                    if isinstance(mark := json.loads(line), dict):
                        found.append(mark)
        return found

    def listed(
        self, filters: Filters, after: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """The (position, record) of the records passing ``filters``, after position ``after``."""
        count = 0
        for stored in self.records():
            if stored.body is None or stored.position <= after or not filters.matches(stored.body):
                continue
            if limit is not None and count >= limit:
                return
            count += 1
            yield stored.position, stored.body

    def rows(self) -> Iterator[Row]:
        """Every readable record in the order stored, as :data:`ROW_FIELDS` (the JSON text last)."""
        for stored in self.records():
            if stored.body is not None:
                body = stored.body
                yield (*(body.get(name) for name in ROW_FIELDS[:-1]), line_of(body))  # keys sorted

    def close(self) -> None:
        """Nothing to close for a file."""


class DatabaseSource(Source):
    """A SQLite or PostgreSQL store opened for reading."""

    def __init__(self, target: str) -> None:
        self.postgresql = target.startswith("postgres")
        self.kind = "PostgreSQL" if self.postgresql else "SQLite"
        self.dialect = POSTGRESQL if self.postgresql else SQLITE
        self.name = shown_url(target) if self.postgresql else shown(target, 200)
        try:
            self.connection = (
                open_postgresql(target, create=False)
                if self.postgresql
                else open_sqlite(target, create=False)
            )
        except DecisionRecordError:
            raise
        except Exception as error:
            raise DecisionRecordError(
                f"the {self.kind} store {self.name} cannot be read ({type(error).__name__}:"
                f" {shown(str(error), 200)})"
            ) from None

    def records(self) -> Iterator[Stored]:
        """Every record in the order stored; a column that differs from the record's JSON is a problem."""
        for row in stored_rows(self.connection):
            position, columns, text = row[0], row[1:-1], row[-1]
            where = f"position {position}"
            try:
                body = json.loads(text)
            except (ValueError, TypeError):
                yield Stored(where, position, None, "holds no JSON")
                continue
            if not isinstance(body, dict):
                yield Stored(where, position, None, "holds no JSON object")
                continue
            differing = [
                name
                for name, value in zip(MIRRORED, columns, strict=True)
                if not _same(name, value, body.get(name))
            ]
            problem = f"its column(s) {', '.join(differing)} differ from its JSON" if differing else None
            yield Stored(where, position, body, problem)

    def checkpoints(self) -> list[dict[str, Any]]:
        """Every checkpoint of the store."""
        return stored_checkpoints(self.connection)

    def listed(
        self, filters: Filters, after: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """The (position, record) of the records passing ``filters`` (read through the indexes)."""
        for position, text in query(self.connection, self.dialect, filters, after=after, limit=limit):
            yield int(position), json.loads(text)

    def rows(self) -> Iterator[Row]:
        """Every record in the order stored, as :data:`ROW_FIELDS`, read from the columns."""
        cursor = self.connection.cursor()
        cursor.execute(f"SELECT {', '.join(ROW_FIELDS[:-1])}, body FROM records ORDER BY position")
        yield from cursor

    def close(self) -> None:
        """Close the connection."""
        with contextlib.suppress(Exception):
            self.connection.close()


def _same(name: str, column: object, value: object) -> bool:
    if name == "allowed":
        return column == int(bool(value)) and isinstance(value, bool)
    if name == "timestamp":
        return column == stamp(value)
    return column == value


def open_source(target: str | os.PathLike[str]) -> Source:
    """The records ``target`` names, opened for reading (a file, a SQLite file, a PostgreSQL URL)."""
    text = os.fspath(target)
    if is_database_target(text):
        return DatabaseSource(text)
    return Source(text)


class JoinedSource(Source):
    """Several stores read as one, in the order given: the files of a rotated JSON Lines trail."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.kind = " + ".join(dict.fromkeys(source.kind for source in sources))
        self.name = ", ".join(source.name for source in sources)

    def records(self) -> Iterator[Stored]:
        """Every record of each store in turn, named with its store."""
        offset = 0
        for source in self.sources:
            last = 0
            for stored in source.records():
                last = stored.position
                where = f"{source.name} {stored.where}"
                yield Stored(where, offset + stored.position, stored.body, stored.problem)
            offset += last

    def checkpoints(self) -> list[dict[str, Any]]:
        """Every checkpoint of every store, each once."""
        found: dict[str, dict[str, Any]] = {}
        for source in self.sources:
            for mark in source.checkpoints():
                found.setdefault(json.dumps(mark, sort_keys=True), mark)
        return list(found.values())

    def rows(self) -> Iterator[Row]:
        """Every record of each store in turn."""
        for source in self.sources:
            yield from source.rows()

    def close(self) -> None:
        """Close every store."""
        for source in self.sources:
            source.close()


def open_sources(targets: list[str]) -> Source:
    """One store, or several read as one in the order given (a rotated trail: oldest file first)."""
    sources: list[Source] = []
    try:
        for target in targets:
            sources.append(open_source(target))
    except BaseException:
        for source in sources:
            source.close()
        raise
    return sources[0] if len(sources) == 1 else JoinedSource(sources)


@dataclass
class _Link:
    sequence: int
    hash: str
    where: str
    hashes: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Each sequence seen: the hash of its record, and where it is with its id."""
    count: int = 0


@dataclass(frozen=True)
class Problem:
    """A record (or a checkpoint) that breaks a chain: where, which, and what is wrong."""

    where: str
    record_id: str | None
    chain_id: str | None
    sequence: int | None
    problem: str

    def text(self) -> str:
        """One line naming the record and what is wrong."""
        named = f" (record {self.record_id}" if self.record_id else " ("
        named += f"{', ' if self.record_id else ''}chain {self.chain_id}" if self.chain_id else ""
        named += f", sequence {self.sequence})" if self.sequence is not None else ")"
        return f"{self.where}{named if named != ' ()' else ''}: {self.problem}"


@dataclass
class Verification:
    """What :func:`verify` found: counts, and every problem (none: the store verifies)."""

    source: str
    kind: str
    records: int = 0
    chains: int = 0
    checkpoints: int = 0
    unconfirmed: list[str] = field(default_factory=list)
    """Chains no checkpoint covers: a tail cut from them could not be seen."""
    problems: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The verification as JSON."""
        return {
            "source": self.source, "kind": self.kind, "records": self.records, "chains": self.chains,
            "checkpoints": self.checkpoints, "verified": not self.problems,
            "unconfirmed_chains": self.unconfirmed,
            "problems": [problem.__dict__ for problem in self.problems],
        }  # fmt: skip


def verify(source: Source) -> Verification:
    """Check every record's hash and link and every checkpoint; each break is a :class:`Problem`."""
    report = Verification(source.name, source.kind)
    chains: dict[str, _Link] = {}
    for stored in source.records():
        report.records += 1
        _check(stored, chains, report.problems)
    marks = source.checkpoints()
    report.checkpoints = len(marks)
    covered = {str(mark.get("chain_id")) for mark in marks}
    for mark in marks:
        _check_mark(mark, chains, report.problems)
    report.chains = len(chains)
    report.unconfirmed = sorted(chain for chain in chains if chain not in covered)
    return report


def _check(stored: Stored, chains: dict[str, _Link], problems: list[Problem]) -> None:
    body = stored.body
    if body is None:
        problems.append(Problem(stored.where, None, None, None, f"the record {stored.problem}"))
        return
    rid, chain, sequence = body.get("record_id"), body.get("chain_id"), body.get("sequence")
    rid = rid if isinstance(rid, str) else None

    def wrong(problem: str) -> None:
        problems.append(Problem(stored.where, rid, chain if isinstance(chain, str) else None,
                                sequence if isinstance(sequence, int) else None, problem))  # fmt: skip

    if stored.problem is not None:
        wrong(stored.problem + " (edited)")
    if (
        not isinstance(chain, str)
        or not isinstance(sequence, int)
        or not isinstance(body.get("record_hash"), str)
    ):
        wrong("carries no chain (written before records were chained, or its chain fields were removed)")
        return
    own = record_hash(body)
    if own != body["record_hash"]:
        wrong("edited: its content does not match its hash")
    link = chains.get(chain)
    if link is None:
        link = chains[chain] = _Link(-1, GENESIS, "the start")
        if sequence != 0:
            wrong(f"its chain starts here, at sequence {sequence}: records 0 to {sequence - 1} are missing")
    elif sequence in link.hashes:
        other = link.hashes[sequence][1]
        wrong(f"sequence {sequence} of its chain is stored twice, also at {other}: one was inserted")
    elif sequence < link.sequence:
        wrong(f"out of order: it comes after sequence {link.sequence} ({link.where}) (moved or swapped)")
    elif sequence > link.sequence + 1:
        wrong(f"records {link.sequence + 1} to {sequence - 1} of its chain are missing before it (deleted)")
    elif body.get("previous_hash") != link.hash:
        wrong(f"does not follow the record before it in its chain ({link.where}): inserted or replaced")
    link.hashes.setdefault(sequence, (body["record_hash"], f"{stored.where} (record {rid})"))
    link.count += 1
    if sequence > link.sequence:
        link.sequence, link.hash, link.where = sequence, body["record_hash"], stored.where


def _check_mark(mark: dict[str, Any], chains: dict[str, _Link], problems: list[Problem]) -> None:
    chain, sequence, head = mark.get("chain_id"), mark.get("sequence"), mark.get("head_hash")
    if not isinstance(chain, str) or not isinstance(sequence, int):
        problems.append(Problem("a checkpoint", None, None, None, "the checkpoint cannot be read"))
        return
    where = f"the checkpoint of {mark.get('written_at', '?')} ({mark.get('reason', '?')})"
    link = chains.get(chain)
    if link is None:
        if sequence >= 0:
            problems.append(
                Problem(where, None, chain, sequence, f"records 0 to {sequence} of the chain are gone")
            )
        return
    if link.sequence < sequence:
        cut = (
            f"the chain ends at sequence {link.sequence} ({link.where}), but was at {sequence}: records"
            f" {link.sequence + 1} to {sequence} were cut from its tail"
        )
        problems.append(Problem(where, None, chain, sequence, cut))
    elif link.hashes.get(sequence, ("", ""))[0] != head:
        problems.append(Problem(where, None, chain, sequence,
                                "the record at this sequence is not the one the checkpoint saw"))  # fmt: skip
