"""Decision record sinks: every record is written, or the call raises DecisionRecordError; none is lost.

The class: any failure of any sink, at any call (evaluate, require, check_transfer; allowed, not allowed or
refused), for the logging sink (a closed stream, a failing handler, logging not configured for the level),
the JSON Lines sink (a path that cannot be opened, a write that fails part-way) and any callable. A sink
that cannot write is refused when it is configured; a record the caller was told was not written never
appears in the trail afterwards.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sharing_rules import (
    DecisionRecord,
    DecisionRecordError,
    JsonLinesSink,
    LoggingSink,
    SharingRulesError,
    check_transfer,
    configure_records,
    evaluate,
    require,
)

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def _records_off() -> Iterator[None]:
    configure_records(None)
    yield
    configure_records(None)


CALLS: dict[str, Callable[[], object]] = {
    "evaluate allowed": lambda: evaluate("Norway", "evidence"),
    "evaluate not allowed": lambda: evaluate("Nigeria", "personal data"),
    "evaluate refused": lambda: evaluate("Germany", "evidence"),
    "require allowed": lambda: require("Norway", "evidence"),
    "check_transfer allowed": lambda: check_transfer(
        {"case_reference": "EJ", "partner": "Norway", "items": [{"data_type": "strategic"}]}
    ),
    "check_transfer invalid": lambda: check_transfer(
        {"case_reference": "EJ", "partner": "Norway", "items": []}
    ),
}


class _SinkError(Exception):
    """A sink's own exception type."""


FAILURES = st.sampled_from(
    [OSError(errno.ENOSPC, "No space left on device"), ValueError("closed"), RuntimeError("x"), KeyError("k"),
     _SinkError("own"), PermissionError(errno.EACCES, "denied"),
     UnicodeEncodeError("utf-8", "x", 0, 1, "bad")]
)  # fmt: skip


def _outcome(call: Callable[[], object]) -> BaseException | None:
    try:
        call()
    except SharingRulesError as error:
        return error
    return None


@SETTINGS
@given(call=st.sampled_from(sorted(CALLS)), failure=FAILURES)
def test_any_failure_of_a_callable_sink_raises_decision_record_error(call: str, failure: Exception) -> None:
    """Whatever a sink raises, at whichever call, the caller gets DecisionRecordError carrying the record."""

    def sink(record: DecisionRecord) -> None:
        raise failure

    configure_records(sink)
    error = _outcome(CALLS[call])
    assert isinstance(error, DecisionRecordError)
    assert error.record is not None


# -- the logging sink ------------------------------------------------------------------------------------


class _Raising(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            self.handleError(record)


class _FullStream(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _closed_stream() -> logging.Handler:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    stream.close()
    return handler


BROKEN_HANDLERS: dict[str, Callable[[], logging.Handler]] = {
    "a closed stream": _closed_stream,
    "a full stream": lambda: logging.StreamHandler(_FullStream()),
    "a handler whose emit fails": _Raising,
}


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """The decisions logger, restored after the test."""
    found = logging.getLogger("sharing_rules.decisions")
    saved = (found.level, found.propagate, list(found.handlers), found.disabled)
    yield found
    found.setLevel(saved[0])
    found.propagate = saved[1]
    found.handlers[:] = saved[2]
    found.disabled = saved[3]
    logging.disable(logging.NOTSET)


@SETTINGS
@given(
    broken=st.sampled_from(sorted(BROKEN_HANDLERS)),
    call=st.sampled_from(sorted(CALLS)),
    raise_exceptions=st.booleans(),
)
def test_a_logging_handler_that_fails_is_not_swallowed(
    logger: logging.Logger, broken: str, call: str, raise_exceptions: bool
) -> None:
    """A handler that fails (closed stream, full disk): DecisionRecordError, even as logging swallows it."""
    handler = BROKEN_HANDLERS[broken]()
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    saved, logging.raiseExceptions = logging.raiseExceptions, raise_exceptions
    stderr, sys.stderr = sys.stderr, io.StringIO()  # where logging would report it, and carry on
    try:
        configure_records(LoggingSink())
        error = _outcome(CALLS[call])
    finally:
        logging.raiseExceptions = saved
        sys.stderr = stderr
    assert isinstance(error, DecisionRecordError)
    assert "handleError" not in vars(handler)  # the handler is left as it was found


def _unconfigured(logger: logging.Logger) -> None:
    logger.propagate = True


def _above_info(logger: logging.Logger) -> None:
    logger.addHandler(logging.NullHandler())
    logger.setLevel(logging.WARNING)


def _disabled(logger: logging.Logger) -> None:
    logger.addHandler(logging.NullHandler())
    logging.disable(logging.INFO)


def _not_propagating(logger: logging.Logger) -> None:
    logger.propagate = False


def _handler_above_info(logger: logging.Logger) -> None:
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.NullHandler()
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)


LOST_CONFIGURATIONS: dict[str, Callable[[logging.Logger], None]] = {
    "logging not configured": _unconfigured,
    "logger above INFO": _above_info,
    "logging disabled": _disabled,
    "no handler, not propagating": _not_propagating,
    "handler above INFO": _handler_above_info,
}


@pytest.mark.parametrize("how", sorted(LOST_CONFIGURATIONS))
def test_a_logging_configuration_that_would_drop_records_is_refused(logger: logging.Logger, how: str) -> None:
    """configure_records() refuses a logging set-up that drops INFO records; so does each later write."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    root.handlers.clear()
    root.setLevel(logging.WARNING)
    try:
        logger.handlers.clear()
        LOST_CONFIGURATIONS[how](logger)
        with pytest.raises(DecisionRecordError, match="dropped"):
            configure_records()
        with pytest.raises(DecisionRecordError, match="dropped"):
            configure_records(LoggingSink())
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]


def test_a_logging_sink_whose_logging_is_turned_off_later_raises(logger: logging.Logger) -> None:
    """A logging set-up that worked when configured and stops taking records: the next call raises."""
    stream = io.StringIO()
    logger.handlers[:] = [logging.StreamHandler(stream)]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    configure_records()
    evaluate("Norway", "evidence")
    assert json.loads(stream.getvalue())["partner"] == "Norway"
    logger.setLevel(logging.ERROR)
    with pytest.raises(DecisionRecordError):
        evaluate("Norway", "evidence")


# -- configure_records and the JSON Lines sink -----------------------------------------------------------


@pytest.mark.parametrize("sink", ["decisions.jsonl", Path("decisions.jsonl"), "", 42, object(), b"logging"])
def test_configure_records_refuses_what_is_no_sink(sink: Any) -> None:
    """A path, text other than "logging", or anything not callable is refused; records stay as they were."""
    seen: list[DecisionRecord] = []
    configure_records(seen.append)
    with pytest.raises(DecisionRecordError):
        configure_records(sink)
    evaluate("Norway", "evidence")
    assert len(seen) == 1


@pytest.mark.parametrize("where", ["missing/dir/records.jsonl", ".", "file/records.jsonl"])
def test_a_json_lines_sink_that_cannot_open_its_file_is_refused(tmp_path: Path, where: str) -> None:
    """A missing directory, a directory, a path through a file: DecisionRecordError when the sink is made."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(DecisionRecordError, match="cannot be opened"):
        JsonLinesSink(tmp_path / where)


def test_a_closed_json_lines_sink_is_refused_and_raises(tmp_path: Path) -> None:
    """A closed sink cannot be configured, and one closed while configured raises on the next record."""
    sink = JsonLinesSink(tmp_path / "records.jsonl")
    configure_records(sink)
    sink.close()
    with pytest.raises(DecisionRecordError, match="closed"):
        evaluate("Norway", "evidence")
    with pytest.raises(DecisionRecordError, match="closed"):
        configure_records(sink)


@pytest.fixture
def file_size_limit() -> Iterator[Callable[[int | None], None]]:
    """Set (or lift, with None) this process's file size limit, so that writes past it fail (EFBIG)."""
    if not hasattr(signal, "SIGXFSZ"):
        pytest.skip("file size limits are POSIX")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def limit(size: int | None) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft if size is None else size, hard))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, previous)


@SETTINGS
@given(plan=st.lists(st.one_of(st.none(), st.integers(0, 300)), min_size=1, max_size=8))
@example(plan=[None, 10, None])
def test_a_json_lines_record_is_in_the_file_exactly_when_the_call_returned(
    tmp_path_factory: pytest.TempPathFactory,
    file_size_limit: Callable[[int | None], None],
    plan: list[int | None],
) -> None:
    """Writes failing part-way (a full disk) leave nothing: the trail holds just the calls that returned."""
    path = tmp_path_factory.mktemp("trail") / "records.jsonl"
    sink = JsonLinesSink(path)
    configure_records(sink)
    returned: list[date] = []
    for number, room in enumerate(plan):
        day = date(2020, 1, 1) + timedelta(days=number)
        if room is not None:
            file_size_limit(os.path.getsize(path) + room)  # less room than one record takes
        failure = _outcome(lambda day=day: evaluate("Norway", "evidence", as_of=day))  # type: ignore[misc]
        file_size_limit(None)
        if room is None:
            assert failure is None
            returned.append(day)
        else:
            assert isinstance(failure, DecisionRecordError)
            assert failure.record is not None
            assert failure.record.as_of == day
    sink.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [date.fromisoformat(json.loads(line)["as_of"]) for line in lines] == returned


def _rotate_by_moving(path: Path) -> Path:
    """Log rotation as logrotate does it by default: the file moved aside."""
    return path.rename(path.with_name(path.name + ".1"))


def _rotate_by_removing(path: Path) -> Path:
    """The file removed (its records read first, as a rotation that compresses them would)."""
    kept = path.with_name(path.name + ".read")
    kept.write_bytes(path.read_bytes())
    path.unlink()
    return kept


def _rotate_by_replacing(path: Path) -> Path:
    """Another file put in the file's place (the old one kept under another name, to count its records)."""
    kept = path.with_name(path.name + ".old")
    os.link(path, kept)
    fresh = path.with_name("fresh")
    fresh.write_bytes(b"")
    fresh.replace(path)
    return kept


ROTATIONS: dict[str, Callable[[Path], Path]] = {
    "moved": _rotate_by_moving,
    "removed": _rotate_by_removing,
    "replaced": _rotate_by_replacing,
}


@pytest.mark.parametrize("rotation", list(ROTATIONS))
def test_a_json_lines_sink_follows_its_file_by_path(tmp_path: Path, rotation: str) -> None:
    """After the file is moved, removed or replaced, the next record goes to the file at the path.

    As log rotation expects: no record goes to a file that no longer has the name (where a removed file's
    records would be lost with it); every record is in exactly one file, the old one or the new one.
    """
    path = tmp_path / "records.jsonl"
    sink = JsonLinesSink(path)
    configure_records(sink)
    evaluate("Norway", "evidence", as_of="2024-01-01")
    old = ROTATIONS[rotation](path)
    evaluate("Norway", "evidence", as_of="2024-01-02")
    evaluate("Norway", "evidence", as_of="2024-01-03")
    sink.close()
    days = [json.loads(line)["as_of"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert days == ["2024-01-02", "2024-01-03"]
    assert [json.loads(line)["as_of"] for line in old.read_text(encoding="utf-8").splitlines()] == [
        "2024-01-01"
    ]
    if rotation != "replaced":  # the sink made the new file: readable by its owner only
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_json_lines_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    """Records name cases and partners: the file the sink creates is 0600, whatever the umask allows."""
    previous = os.umask(0)
    try:
        JsonLinesSink(tmp_path / "records.jsonl").close()
    finally:
        os.umask(previous)
    assert (tmp_path / "records.jsonl").stat().st_mode & 0o777 == 0o600


def test_a_json_lines_sink_whose_path_cannot_be_opened_again_refuses_the_record(tmp_path: Path) -> None:
    """When the file is gone and its directory with it, the record is refused (no decision), not lost."""
    folder = tmp_path / "records"
    folder.mkdir()
    sink = JsonLinesSink(folder / "records.jsonl")
    configure_records(sink)
    evaluate("Norway", "evidence")
    (folder / "records.jsonl").unlink()
    folder.rmdir()
    with pytest.raises(DecisionRecordError, match="cannot be opened again") as caught:
        evaluate("Norway", "evidence")
    assert caught.value.record is not None
    folder.mkdir()  # the path can be written again: so can records
    evaluate("Norway", "evidence")
    assert len((folder / "records.jsonl").read_text(encoding="utf-8").splitlines()) == 1


# -- the record as stored is the model's JSON --------------------------------------------------------------

TEXTS = st.text(
    st.characters(codec="utf-8") | st.sampled_from(["\ud800", "\udfff", "\x00", "\u2028"]), max_size=30
)


@SETTINGS
@given(call=st.sampled_from(sorted(CALLS)), label=TEXTS, case=TEXTS, partner=TEXTS)
def test_a_stored_record_is_exactly_what_the_model_writes(
    tmp_path: Path, call: str, label: str, case: str, partner: str
) -> None:
    """The JSON a sink stores is the record's model as JSON (``model_dump(mode="json")``), field for field.

    The sinks of the package store a record's JSON made without the model; a sink of the caller's gets the
    model made from that JSON: both must be the same record, whatever the caller wrote.
    """
    given_records: list[DecisionRecord] = []
    calls = [
        CALLS[call],
        lambda: check_transfer(
            {
                "case_reference": case or "EJ",
                "partner": "Nigeria",
                "items": [{"data_type": "evidence", "label": label}],
            }
        ),
        lambda: evaluate(partner, "evidence"),
    ]
    for sink in (JsonLinesSink(tmp_path / "records.jsonl"), given_records.append):
        configure_records(sink)
        for made in calls:
            _outcome(made)
    stored = [
        json.loads(line)
        for line in (tmp_path / "records.jsonl").read_text(encoding="utf-8").split("\n")
        if line
    ]
    (tmp_path / "records.jsonl").unlink()
    assert len(stored) == len(given_records) == len(calls)
    for body, record in zip(stored, given_records, strict=True):
        assert DecisionRecord.model_validate(body).model_dump(mode="json") == body
        chain = {"chain_id", "sequence", "previous_hash", "record_hash", "record_id", "timestamp"}
        assert {k: v for k, v in body.items() if k not in chain} == {
            k: v for k, v in record.model_dump(mode="json").items() if k not in chain
        }
