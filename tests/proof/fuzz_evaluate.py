"""Fuzz target for the entry points that take a question, a transfer request, or a request file.

These are :func:`sharing_rules.evaluate`, the methods of a loaded :class:`~sharing_rules.KnowledgeBase`,
:func:`sharing_rules.check_transfer` (with decision records on, through a sink that sometimes fails) and
``sharing-rules check -`` (the command line, reading the request from stdin).

``TestOneInput(data)`` turns any bytes into one call (which entry point, and a partner and a kind of
information that may be text of any kind, up to 1 MB, or None, a number, bytes or a list) and checks that
only a :class:`~sharing_rules.SharingRulesError` or a ``TypeError`` comes out, that anything but text is a
``TypeError``, that nothing is allowed unless the reference model allows it to the partner it reads the text
as (or, for a country the knowledge does not name, to any third country), and that a Member State is never
answered. Any other exception, or a failed check, is a crash.

For a transfer: only a ``SharingRulesError`` comes out (a failing sink: ``DecisionRecordError``), no
item is allowed unless the reference model allows it, and a secret planted where the schema has no field
(or in a label too long to be one) never appears in a message or a record. For the command line: the exit
code is 0 or 1 only for a request that decides, 2 for anything else, with one line on stderr and never a
traceback.

The normal test suite drives it with a few thousand random byte strings (test_bad_input.py). With atheris
(not one of the project's dependencies) it runs as a coverage-guided fuzzer, from the top of the checkout::

    .venv/bin/python -m pip install atheris
    .venv/bin/python -m tests.proof.fuzz_evaluate -max_total_time=600
"""

from __future__ import annotations

import functools
import importlib
import io
import json
import sys
from collections.abc import Callable
from typing import Any

from sharing_rules import (
    DataType,
    Decision,
    DecisionRecord,
    DecisionRecordError,
    KnowledgeBase,
    Partner,
    SharingRulesError,
    TransferDecision,
    check_transfer,
    configure_records,
    evaluate,
    load_knowledge,
    shipped_rules,
)
from sharing_rules._cli import main as cli
from tests.proof import reference_model as ref

MAX_TEXT = 1_000_000
"""The longest text a fuzz input may expand to (1 MB)."""


class Reader:
    """Takes typed values from the front of a byte string (a tiny, dependency-free FuzzedDataProvider)."""

    def __init__(self, data: bytes) -> None:
        """Read ``data`` from its start."""
        self._data = data
        self._at = 0

    def byte(self) -> int:
        """The next byte (0 once the data is used up)."""
        if self._at >= len(self._data):
            return 0
        self._at += 1
        return self._data[self._at - 1]

    def chunk(self) -> bytes:
        """A length (a byte, modulo 32), then that many bytes."""
        size = self.byte() % 32
        found = self._data[self._at : self._at + size]
        self._at += size
        return found

    def text(self) -> str:
        """Any text: UTF-8, undecodable bytes as lone surrogates, sometimes repeated up to 1 MB."""
        text = self.chunk().decode("utf-8", errors="surrogateescape")
        repeat = self.byte()
        if repeat >= 0xF0 and text:  # about one text in sixteen grows huge
            text = (text * (MAX_TEXT // len(text) + 1))[: MAX_TEXT - (repeat & 0x0F)]
        return text

    def value(self) -> object:
        """Text most of the time; otherwise None, a number, bytes, a list, a dict or a kind of information."""
        makers: tuple[Callable[[], object], ...] = (
            lambda: None,
            lambda: int.from_bytes(self.chunk() or b"\0", "little", signed=True),
            lambda: self.byte() / 7.0,
            self.chunk,
            lambda: bytearray(self.chunk()),
            lambda: [self.text()],
            lambda: {"name": self.text()},
            lambda: list(DataType)[self.byte() % len(DataType)],
            lambda: self.near(DATA_TYPE_SPELLINGS),
            lambda: self.near(DATA_TYPE_SPELLINGS),
            lambda: self.near(PARTNER_SPELLINGS),
            lambda: self.near(PARTNER_SPELLINGS),
            lambda: self.near(PARTNER_SPELLINGS),
        )
        kind = self.byte() % 24  # once the data runs out, 0: text
        return makers[kind - 11]() if kind >= 11 else self.text()  # 11 kinds of text in 24

    def near(self, spellings: tuple[str, ...]) -> str:
        """One of ``spellings``, as it is or with random text before or after it."""
        spelling = spellings[self.byte() % len(spellings)]
        mode = self.byte() % 8  # as it is in five cases out of eight
        before = self.text() if mode in {5, 7} else ""
        after = self.text() if mode in {6, 7} else ""
        return before + spelling + after


PARTNER_SPELLINGS = ("Norway", "NO", "nigeria", "AIAMP", "the United Kingdom", "U.S.A.", "Italy", "Brazil")
DATA_TYPE_SPELLINGS = ("personal_data", "Personal data", "STRATEGIC", "best-practices", "evidence")


@functools.cache
def _knowledge_base() -> KnowledgeBase:
    return load_knowledge()


@functools.cache
def _model() -> ref.Knowledge:
    return ref.Knowledge(ref.read_partners(shipped_rules() / "partners.yaml"))


def _shipped() -> tuple[KnowledgeBase, ref.Knowledge]:
    return _knowledge_base(), _model()


# The entry points, called with whatever the fuzzer made: `Any`, since junk of every type is the point.
Ask = Callable[[KnowledgeBase, Any, Any], object]
_ENTRY_POINTS: tuple[tuple[str, Ask], ...] = (
    ("evaluate", lambda kb, partner, kind: evaluate(partner, kind, knowledge=kb)),
    ("KnowledgeBase.decide", lambda kb, partner, kind: kb.decide(partner, kind)),
    ("KnowledgeBase.partner", lambda kb, partner, kind: kb.partner(partner)),
    ("KnowledgeBase.data_type", lambda kb, partner, kind: kb.data_type(kind)),
)


def check_call(entry: str, partner: object, data_type: object) -> None:
    """Make one call to ``entry`` and check what comes out; raise AssertionError if it is wrong."""
    knowledge, model = _shipped()
    ask = dict(_ENTRY_POINTS)[entry]
    shown = f"{entry}({partner!r:.80}, {data_type!r:.80})"
    takes_partner = entry != "KnowledgeBase.data_type"
    takes_kind = entry != "KnowledgeBase.partner"
    not_text = (takes_partner and not isinstance(partner, str)) or (
        takes_kind and not isinstance(data_type, str)
    )
    only_wrong_type = not_text and (
        not takes_partner
        or not takes_kind
        or isinstance(data_type, DataType)
        or (isinstance(data_type, str) and ref.data_type_of(data_type) is not None)
        or (isinstance(partner, str) and model.resolve(partner).verdict is ref.Verdict.PARTNER)
    )
    try:
        result = ask(knowledge, partner, data_type)
    except (SharingRulesError, TypeError) as error:
        if only_wrong_type and not isinstance(error, TypeError):
            raise AssertionError(f"{shown}: non-text input refused with {error!r}") from error
        return
    assert not not_text, f"{shown}: non-text input accepted"
    if isinstance(data_type, str) and isinstance(result, DataType | Decision):
        kind = result if isinstance(result, DataType) else result.data_type
        read = ref.data_type_of(data_type)
        assert read in {None, kind.value}, f"{shown}: read as {kind}, not {read}"
    if isinstance(result, Partner):
        assert model.resolve(str(partner)).name == result.name, f"{shown}: found {result.name}"
    if isinstance(result, Decision):
        where = model.resolve(str(partner))
        assert not model.refused(where), f"{shown}: a Member State answered as {result.partner}"
    if isinstance(result, Decision) and result.allowed:
        if where.verdict is ref.Verdict.PARTNER:
            assert where.name == result.partner, f"{shown}: allowed as {result.partner}"
            expected = model.answer(result.partner, result.data_type.value)
        else:  # a country the knowledge does not name: only what any third country may receive
            assert result.partner not in {p.name for p in model.partners}, f"{shown}: as {result.partner}"
            expected = model.answer(None, result.data_type.value)
        assert expected.allowed, f"{shown}: {result.partner} allowed {result.data_type} against the source"


SECRET = "WITNESS-STATEMENT-BODY-4711"
"""Planted where a request has no field: it must never reach a message or a record."""

_FIELDS = ("case_reference", "partner", "items", "as_of")
_DATES = ("2024-09-30", "2010-05-01", "2011-07-22T00:30:00+02:00", "2024-09-30T10:00", "0", "")


def transfer_request(reader: Reader) -> dict[str, object]:
    """A transfer request from the fuzz data: fields of any value, items of any kind, secrets planted."""
    request: dict[str, object] = {}
    present = reader.byte()
    if present & 1:
        request["case_reference"] = reader.value() if present & 16 else "EJ-" + reader.text()
    if present & 2:
        request["partner"] = reader.value()
    if present & 4:
        request["as_of"] = _DATES[reader.byte() % len(_DATES)] if present & 32 else reader.value()
    items: list[object] = []
    for _ in range(reader.byte() % 4):
        shape = reader.byte()
        item: dict[str, object] = {"data_type": reader.value()}
        if shape & 1:
            item["label"] = reader.text() if shape & 2 else SECRET * 10
        if shape & 4:
            item[("content", "body", "data")[shape % 3]] = SECRET
        items.append(item if shape & 8 or not shape & 16 else reader.value())
    if present & 8 or items:
        request["items"] = items if not present & 64 else reader.value()
    if present & 128:
        request["payload"] = SECRET
    return request


def check_transfer_call(request: dict[str, object], sink_fails: bool) -> None:
    """check_transfer(request) with records on: only library errors, sound answers, no secret leaked."""
    knowledge = _knowledge_base()
    records: list[DecisionRecord] = []

    def sink(record: DecisionRecord) -> None:
        records.append(record)
        if sink_fails:
            raise OSError("the record store is full")

    configure_records(sink)
    verdict: TransferDecision | None = None
    failure: SharingRulesError | None = None
    try:
        verdict = check_transfer(request, knowledge=knowledge)
    except SharingRulesError as error:
        failure = error
    finally:
        configure_records(None)
    if failure is not None:
        assert not sink_fails or isinstance(failure, DecisionRecordError), (
            f"sink failure gave {failure!r:.200}"
        )
        assert SECRET not in str(failure), "a planted secret reached an error message"
    assert len(records) == 1, f"{len(records)} records for one call"
    assert SECRET not in records[0].model_dump_json(), "a planted secret reached a decision record"
    if verdict is not None:
        assert not sink_fails, "a decision was returned although its record failed"
        _check_verdict(request, verdict)


def _check_verdict(request: dict[str, object], verdict: TransferDecision) -> None:
    """No item is allowed unless the reference model reads the partner so and allows the kind."""
    partner = request["partner"]
    assert isinstance(partner, str), f"non-text partner {type(partner).__name__} accepted"
    for item in verdict.items:
        if item.decision.allowed:
            model = _model()
            assert model.resolve(partner).name == verdict.partner, (
                f"{partner!r:.80} allowed as {verdict.partner}"
            )
            expected = model.answer(verdict.partner, item.decision.data_type.value, verdict.as_of)
            assert expected.allowed, f"{verdict.partner} {item.decision.data_type} allowed against the source"


def check_command(data: bytes) -> None:
    """`sharing-rules check - --json` on ``data``: exit 0/1 only for a request that decides, else 2."""
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        code = cli(["check", "-", "--json"], out=out, err=err)
    finally:
        sys.stdin = stdin
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().count("\n") == 1, f"not one line: {err.getvalue()!r:.300}"
        assert out.getvalue() == "", "output although the request was refused"
        return
    assert code in {0, 1}, f"exit code {code}"
    verdict = TransferDecision.model_validate_json(out.getvalue())
    assert verdict.allowed is (code == 0), "the exit code disagrees with the verdict"
    request = json.loads(data.decode("utf-8-sig")) if data.lstrip()[:1] in {b"{", b"\xef"} else None
    if isinstance(request, dict):
        _check_verdict(request, verdict)


def TestOneInput(data: bytes) -> None:  # noqa: N802  # the name atheris and libFuzzer expect
    """One fuzz input: an entry point and its arguments, all taken from ``data``."""
    reader = Reader(data)
    choice = reader.byte()  # mostly a question; a transfer in 10 of 256; the command line in 6 (it loads)
    if choice < TRANSFER:
        check_call(_ENTRY_POINTS[choice % len(_ENTRY_POINTS)][0], reader.value(), reader.value())
    elif choice < COMMAND:
        check_transfer_call(transfer_request(reader), sink_fails=reader.byte() % 4 == 0)
    elif choice < RAW_COMMAND:
        request = transfer_request(reader)
        check_command(json.dumps(request, default=lambda value: repr(value)[:50]).encode())
    else:
        check_command(data[reader.byte() % max(len(data), 1) :])


TRANSFER, COMMAND, RAW_COMMAND = 0xF0, 0xFA, 0xFD
"""The first byte that selects a transfer, the command line with a request, and with raw bytes."""


def main() -> None:
    """Run the target under atheris (``pip install atheris`` first)."""
    atheris: Any = importlib.import_module("atheris")  # optional: installed only for fuzzing sessions
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
