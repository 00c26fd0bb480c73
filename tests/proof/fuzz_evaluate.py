"""Fuzz target for the entry points that take a question: evaluate, decide, partner and data_type.

These are :func:`sharing_rules.evaluate` and the methods of a loaded :class:`~sharing_rules.KnowledgeBase`.

``TestOneInput(data)`` turns any bytes into one call (which entry point, and a partner and a kind of
information that may be text of any kind, up to 1 MB, or None, a number, bytes or a list) and checks that
only a :class:`~sharing_rules.SharingRulesError` or a ``TypeError`` comes out, that anything but text is a
``TypeError``, that nothing is allowed unless the reference model allows it to the partner it reads the text
as (or, for a country the knowledge does not name, to any third country), and that a Member State is never
answered. Any other exception, or a failed check, is a crash.

The normal test suite drives it with a few thousand random byte strings (test_bad_input.py). With atheris
(not one of the project's dependencies) it runs as a coverage-guided fuzzer, from the top of the checkout::

    .venv/bin/python -m pip install atheris
    .venv/bin/python -m tests.proof.fuzz_evaluate -max_total_time=600
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any

from sharing_rules import (
    DataType,
    Decision,
    KnowledgeBase,
    Partner,
    SharingRulesError,
    evaluate,
    load_knowledge,
    shipped_rules,
)
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
def _shipped() -> tuple[KnowledgeBase, ref.Knowledge]:
    return load_knowledge(), ref.Knowledge(ref.read_partners(shipped_rules() / "partners.yaml"))


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


def TestOneInput(data: bytes) -> None:  # noqa: N802  # the name atheris and libFuzzer expect
    """One fuzz input: an entry point, a partner and a kind of information, all taken from ``data``."""
    reader = Reader(data)
    entry = _ENTRY_POINTS[reader.byte() % len(_ENTRY_POINTS)][0]
    check_call(entry, reader.value(), reader.value())


def main() -> None:
    """Run the target under atheris (``pip install atheris`` first)."""
    atheris: Any = importlib.import_module("atheris")  # optional: installed only for fuzzing sessions
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
