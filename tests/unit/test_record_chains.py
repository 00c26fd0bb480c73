"""Tamper evidence of decision records, for every kind of store: each change is found and located.

The class: a store written by the package's sinks (JSON Lines, SQLite, PostgreSQL) verifies; after any one
change to it - a field edited, a record deleted, two swapped, one inserted, the tail cut - ``sharing-rules
records verify`` exits 1 and names the record (its place and its id) or the checkpoint that shows it.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sharing_rules import (
    JsonLinesSink,
    PostgresSink,
    SqliteSink,
    check_transfer,
    configure_records,
    evaluate,
    require,
)
from sharing_rules._chain import record_hash
from sharing_rules._cli import main
from sharing_rules._record_read import open_source, verify

QUESTIONS = ("Norway", "Nigeria", "USA", "Brazil", "Ukraine", "the UK", "Norway", "Switzerland")
KINDS = ("jsonl", "sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _records_off() -> Iterator[None]:
    configure_records(None)
    yield
    configure_records(None)


def _fill(target: str, kind: str) -> None:
    """Ten records through the library: eight questions, a require and a transfer; then the sink closes."""
    sink: JsonLinesSink | SqliteSink | PostgresSink
    if kind == "jsonl":
        sink = JsonLinesSink(target)
    else:
        sink = SqliteSink(target) if kind == "sqlite" else PostgresSink(target)
    configure_records(sink)
    for partner in QUESTIONS:
        evaluate(partner, "evidence")
    require("Norway", "evidence")
    check_transfer({"case_reference": "C-7", "partner": "Norway", "items": [{"data_type": "evidence"}]})
    configure_records(None)
    sink.close()


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A store of each kind holding ten chained records: (kind, target)."""
    kind: str = request.param
    if kind == "postgresql":
        target: str = request.getfixturevalue("postgresql_url")
    else:
        target = str(tmp_path / ("records.jsonl" if kind == "jsonl" else "records.sqlite"))
    _fill(target, kind)
    return kind, target


def _verify(target: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["records", "verify", target], out=out)
    return code, out.getvalue()


# -- tampering, the same five ways in each kind of store ----------------------------------------------------


def _lines(target: str) -> list[str]:
    return Path(target).read_text(encoding="utf-8").splitlines()


def _write_lines(target: str, lines: list[str]) -> None:
    Path(target).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _connect(kind: str, target: str) -> Any:
    if kind == "sqlite":
        return sqlite3.connect(target, isolation_level=None)
    import psycopg

    return psycopg.connect(target, autocommit=True)


def _sql(kind: str, target: str, statement: str, *values: object) -> list[tuple[Any, ...]]:
    connection = _connect(kind, target)
    try:
        cursor = connection.cursor()
        cursor.execute(statement.replace("?", "%s") if kind == "postgresql" else statement, values)
        return list(cursor.fetchall()) if cursor.description else []
    finally:
        connection.close()


def _positions(kind: str, target: str) -> list[int]:
    return [row[0] for row in _sql(kind, target, "SELECT position FROM records ORDER BY position")]


def _record_at(kind: str, target: str, index: int) -> dict[str, Any]:
    """The record at this place (0-based) in the order stored."""
    if kind == "jsonl":
        return dict(json.loads(_lines(target)[index]))
    position = _positions(kind, target)[index]
    return dict(json.loads(_sql(kind, target, "SELECT body FROM records WHERE position = ?", position)[0][0]))


def _edit(kind: str, target: str, index: int) -> None:
    """Change the partner a record names, leaving its hash as it was."""
    if kind == "jsonl":
        lines = _lines(target)
        body = json.loads(lines[index])
        body["partner"] = "Narnia"
        lines[index] = json.dumps(body)
        _write_lines(target, lines)
        return
    body = _record_at(kind, target, index)
    body["partner"] = "Narnia"
    position = _positions(kind, target)[index]
    _sql(kind, target, "UPDATE records SET body = ?, partner = ? WHERE position = ?", json.dumps(body),
         "Narnia", position)  # fmt: skip


def _delete(kind: str, target: str, index: int) -> None:
    if kind == "jsonl":
        lines = _lines(target)
        del lines[index]
        _write_lines(target, lines)
        return
    _sql(kind, target, "DELETE FROM records WHERE position = ?", _positions(kind, target)[index])


_COLUMNS = "record_id, chain_id, sequence, timestamp, partner, outcome, record_hash, previous_hash, body"


def _swap(kind: str, target: str, index: int) -> None:
    """Exchange the record at ``index`` with the next one."""
    if kind == "jsonl":
        lines = _lines(target)
        lines[index], lines[index + 1] = lines[index + 1], lines[index]
        _write_lines(target, lines)
        return
    first, second = _positions(kind, target)[index : index + 2]
    rows = {
        position: _sql(kind, target, f"SELECT {_COLUMNS} FROM records WHERE position = ?", position)[0]
        for position in (first, second)
    }
    setting = ", ".join(f"{name} = ?" for name in _COLUMNS.split(", "))
    for position, other in ((first, second), (second, first)):
        _sql(kind, target, f"UPDATE records SET {setting} WHERE position = ?", *rows[other], position)


def _insert(kind: str, target: str, index: int) -> None:
    """Insert, after the record at ``index``, a forged record that links to it correctly."""
    body = _record_at(kind, target, index)
    forged = {**body, "record_id": "f" * 32, "partner": "Narnia", "sequence": body["sequence"] + 1,
              "previous_hash": body["record_hash"]}  # fmt: skip
    forged["record_hash"] = record_hash(forged)
    if kind == "jsonl":
        lines = _lines(target)
        lines.insert(index + 1, json.dumps(forged))
        _write_lines(target, lines)
        return
    _sql(kind, target, f"INSERT INTO records ({_COLUMNS}, operation, partner_asked, allowed) VALUES"
         " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", forged["record_id"], forged["chain_id"], forged["sequence"],
         _sql(kind, target, "SELECT timestamp FROM records LIMIT 1")[0][0], "Narnia", forged["outcome"],
         forged["record_hash"], forged["previous_hash"], json.dumps(forged), forged["operation"],
         forged["partner_asked"], int(forged["allowed"]))  # fmt: skip


def _cut(kind: str, target: str, index: int) -> None:
    """Cut the tail: every record from ``index`` on."""
    if kind == "jsonl":
        _write_lines(target, _lines(target)[:index])
        return
    _sql(kind, target, "DELETE FROM records WHERE position >= ?", _positions(kind, target)[index])


Tamper = Callable[[str, str, int], None]


def test_a_store_the_sinks_wrote_verifies(store: tuple[str, str]) -> None:
    """Untouched, each kind of store verifies: exit 0, ten records in one chain, checkpoints that match."""
    _, target = store
    code, text = _verify(target)
    assert code == 0, text
    source = open_source(target)
    report = verify(source)
    source.close()
    assert (report.records, report.chains, report.problems) == (10, 1, [])
    assert report.checkpoints >= 1


@pytest.mark.parametrize(
    ("tamper", "index", "found"),
    [
        (_edit, 3, "edited"),
        (_delete, 4, "missing before it"),
        (_swap, 5, "out of order"),
        (_insert, 2, "stored twice"),
        (_cut, 8, "cut from its tail"),
    ],
    ids=["edit", "delete", "swap", "insert", "cut"],
)
def test_each_change_to_a_store_is_found_and_located(
    store: tuple[str, str], tamper: Tamper, index: int, found: str
) -> None:
    """One change, of each kind, in each kind of store: verify exits 1 and names the record it found."""
    kind, target = store
    named = _record_at(kind, target, index + 1 if tamper is _delete else index)
    tamper(kind, target, index)
    code, text = _verify(target)
    assert code == 1, text
    broken = [line for line in text.splitlines() if line.startswith("BROKEN")]
    assert any(found in line for line in broken), text
    if tamper is _cut:  # the checkpoint written at shutdown names the cut
        assert any(f"sequence {index - 1}" in line for line in broken), text
    elif tamper is _insert:  # the forged record is named (it takes the place of the one after it)
        assert any("f" * 32 in line for line in broken), text
    else:
        assert any(named["record_id"] in line for line in broken), text


def test_a_column_edited_beside_its_json_is_found(tmp_path: Path) -> None:
    """In SQLite, changing only the indexed column (the JSON left alone) is found too: the columns differ."""
    target = str(tmp_path / "records.db")
    _fill(target, "sqlite")
    _sql("sqlite", target, "UPDATE records SET outcome = 'allowed' WHERE partner = 'Nigeria'")
    code, text = _verify(target)
    assert code == 1
    assert "column(s) outcome differ" in text


# -- the SQLite store: concurrent writers, its schema version ----------------------------------------------


def test_records_of_many_threads_share_commits_and_none_is_lost(tmp_path: Path) -> None:
    """Eight threads asking at once through one SQLite sink: every record stored once, in one sound chain.

    Each call returns only once its record is committed: after it, the store holds at least one record.
    """
    import threading

    target = str(tmp_path / "records.db")
    sink = SqliteSink(target)
    configure_records(sink)
    counts: list[int] = []

    def ask() -> None:
        for _ in range(40):
            evaluate("Norway", "evidence")
            counts.append(len(_sql("sqlite", target, "SELECT position FROM records")))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    configure_records(None)
    sink.close()
    assert len(_positions("sqlite", target)) == 320
    assert min(counts) >= 1
    source = open_source(target)
    report = verify(source)
    source.close()
    assert (report.records, report.chains, report.problems) == (320, 1, [])


def test_a_store_of_a_newer_schema_is_refused_and_an_empty_one_is_migrated(tmp_path: Path) -> None:
    """A newer schema_version is refused when the sink is made; an empty file gets the whole schema.

    The version the empty file was brought to is recorded in its schema_version table.
    """
    from sharing_rules import DecisionRecordError
    from sharing_rules._record_sql import STORE_VERSION

    empty = str(tmp_path / "empty.sqlite")
    SqliteSink(empty).close()
    assert _sql("sqlite", empty, "SELECT MAX(version) FROM schema_version") == [(STORE_VERSION,)]
    newer = str(tmp_path / "newer.sqlite")
    _sql("sqlite", newer, "CREATE TABLE schema_version (version INTEGER NOT NULL)")
    _sql("sqlite", newer, "INSERT INTO schema_version VALUES (?)", STORE_VERSION + 1)
    with pytest.raises(DecisionRecordError, match="newer"):
        SqliteSink(newer)


def test_a_rotated_trail_verifies_read_whole_and_not_from_its_last_file(tmp_path: Path) -> None:
    """A JSON Lines file moved aside under the sink: both files, oldest first, verify as one trail.

    The new file alone does not (its chain starts in the middle), and says which records are missing.
    """
    target = tmp_path / "records.jsonl"
    sink = JsonLinesSink(target)
    configure_records(sink)
    for partner in QUESTIONS[:4]:
        evaluate(partner, "evidence")
    target.rename(tmp_path / "records.jsonl.1")
    for partner in QUESTIONS[4:]:
        evaluate(partner, "evidence")
    configure_records(None)
    sink.close()
    whole = io.StringIO()
    assert main(["records", "verify", str(tmp_path / "records.jsonl.1"), str(target)], out=whole) == 0
    assert "8 record(s) in 1 chain(s)" in whole.getvalue()
    code, text = _verify(str(target))
    assert code == 1
    assert "records 0 to 3 are missing" in text


def test_configure_records_takes_a_database_by_its_target(tmp_path: Path) -> None:
    """A path ending .sqlite is taken as a SQLite store (as serve --records takes it); records go there."""
    target = str(tmp_path / "records.sqlite")
    configure_records(target)  # type: ignore[arg-type]  # text naming a database, as the docstring allows
    evaluate("Norway", "evidence")
    configure_records(None)
    assert len(_positions("sqlite", target)) == 1
