"""Bad input at every entry point that takes a question: refused in the library's own terms, never allowed.

The entry points are :func:`sharing_rules.evaluate` and, on a loaded knowledge base, ``decide``,
``partner`` and ``data_type``; the fuzz target also drives :func:`sharing_rules.check_transfer` (records
on, through a sink that sometimes fails) and ``sharing-rules check`` (test_hostile_input.py and
test_hostile_files.py hold the properties by class). Whatever they are given (any Unicode, control
characters, 1 MB of text,
None, numbers, bytes, lists), only a :class:`~sharing_rules.SharingRulesError` or a ``TypeError`` may come
out, anything but text is a ``TypeError``, and no junk is ever answered "allowed". The checks themselves
live in the fuzz target (fuzz_evaluate.py), which these tests also drive with random bytes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sharing_rules
from sharing_rules import (
    DataType,
    InvalidInputError,
    KnowledgeBase,
    SharingRulesError,
    evaluate,
    load_knowledge,
)
from tests.proof import fuzz_evaluate
from tests.proof.fuzz_evaluate import TestOneInput, check_call

ENTRY_POINTS = ("evaluate", "KnowledgeBase.decide", "KnowledgeBase.partner", "KnowledgeBase.data_type")
MEGABYTE = 1_000_000

ODD_UNICODE = st.text(
    alphabet=st.characters(categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me", "So"]),
    max_size=40,
)
"""Control and format characters, lone surrogates, private and unassigned code points, odd spaces, marks."""

NOT_TEXT = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.complex_numbers(),
    st.binary(max_size=40),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.tuples(st.text(max_size=10)),
    st.builds(object),
    st.just(DataType),
    st.just(b"Norway"),
    st.just(bytearray(b"personal_data")),
    st.just(memoryview(b"NO")),
)
"""Values that are not text."""

PARTNERISH = st.sampled_from(["Norway", "NO", "nor", "Nigeria", "AIAMP", "U.S.A.", "Italy", "Brazil", ""])
TEXT = st.one_of(
    st.text(max_size=60),
    ODD_UNICODE,
    st.tuples(PARTNERISH, ODD_UNICODE).map("".join),
    st.tuples(ODD_UNICODE, PARTNERISH).map("".join),
    PARTNERISH,
)
"""Text of any kind, some of it near a real name."""

ANYTHING = st.one_of(TEXT, TEXT, NOT_TEXT, st.sampled_from(list(DataType)))


@settings(max_examples=400, deadline=None)
@given(entry=st.sampled_from(ENTRY_POINTS), partner=ANYTHING, data_type=ANYTHING)
def test_any_input_is_refused_in_the_librarys_terms_or_answered_soundly(
    entry: str, partner: object, data_type: object
) -> None:
    """Any value for partner and data type: a SharingRulesError or TypeError, or a sound answer."""
    check_call(entry, partner, data_type)


@settings(max_examples=200, deadline=None)
@given(entry=st.sampled_from(ENTRY_POINTS), partner=TEXT, data_type=st.sampled_from(list(DataType)))
def test_text_near_a_partners_name_is_allowed_only_for_that_partner(
    entry: str, partner: str, data_type: DataType
) -> None:
    """A real name with junk around it is never allowed unless the junk is what names ignore."""
    check_call(entry, partner, data_type)


HUGE = [
    "N" * MEGABYTE,
    "Norway" + " " * MEGABYTE,
    " " * MEGABYTE + "Norway",
    "Norway" + "\x00" * MEGABYTE,
    "\u00e9" * MEGABYTE,
    "\u200b" * MEGABYTE,
    "the " * (MEGABYTE // 4) + "Norway",
    "personal_data" * (MEGABYTE // 13),
    "".join(chr(random.Random(7).randrange(0x110000)) for _ in range(MEGABYTE)),
]


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge()


def call(knowledge: KnowledgeBase, entry: str, partner: str, data_type: str) -> object:
    """Call ``entry`` directly, so that the error it raises reaches the test."""
    if entry == "evaluate":
        return evaluate(partner, data_type, knowledge=knowledge)
    if entry == "KnowledgeBase.decide":
        return knowledge.decide(partner, data_type)
    if entry == "KnowledgeBase.partner":
        return knowledge.partner(partner)
    return knowledge.data_type(data_type)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("text", HUGE, ids=[f"huge-{index}" for index in range(len(HUGE))])
def test_a_megabyte_of_text_is_refused(knowledge: KnowledgeBase, entry: str, text: str) -> None:
    """A megabyte of text, as partner or as data type, is refused with a SharingRulesError."""
    if entry != "KnowledgeBase.data_type":
        with pytest.raises(SharingRulesError):
            call(knowledge, entry, text, "strategic")
    if entry != "KnowledgeBase.partner":
        with pytest.raises(SharingRulesError):
            call(knowledge, entry, "Norway", text)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize(
    "value",
    [None, 0, 3.5, b"Norway", bytearray(b"NO"), ["Norway"], ("Norway",), {"Norway": 1}, object(), DataType],
    ids=lambda value: type(value).__name__,
)
def test_anything_but_text_is_a_type_error(knowledge: KnowledgeBase, entry: str, value: object) -> None:
    """Non-text for the partner or the data type raises InvalidInputError, which is also a TypeError."""
    junk: Any = value  # the wrong type on purpose
    calls: dict[str, tuple[Callable[[], object], ...]] = {
        "evaluate": (
            lambda: evaluate(junk, "strategic", knowledge=knowledge),
            lambda: evaluate("Norway", junk, knowledge=knowledge),
        ),
        "KnowledgeBase.decide": (
            lambda: knowledge.decide(junk, "strategic"),
            lambda: knowledge.decide("Norway", junk),
        ),
        "KnowledgeBase.partner": (lambda: knowledge.partner(junk),),
        "KnowledgeBase.data_type": (lambda: knowledge.data_type(junk),),
    }
    for attempt in calls[entry]:
        with pytest.raises(InvalidInputError) as caught:
            attempt()
        assert isinstance(caught.value, TypeError)


@pytest.mark.slow
def test_the_fuzz_target_survives_random_bytes() -> None:
    """A few thousand random byte strings through the fuzz target: no crash, no failed check."""
    for seed in range(4):
        rng = random.Random(seed)
        for _ in range(1_000):
            TestOneInput(rng.randbytes(rng.randrange(0, 96)))


@pytest.mark.slow
def test_the_fuzz_target_survives_structured_bytes() -> None:
    """Inputs that pick each entry point, each kind of value and the 1 MB expansion, through the target."""
    rng = random.Random(2024)
    for entry in range(len(ENTRY_POINTS)):
        for kind in range(20):
            for _ in range(3):
                tail = rng.randbytes(rng.randrange(0, 40))
                text = rng.randbytes(rng.randrange(1, 8))
                data = bytes([entry, kind, len(text)]) + text + bytes([0xF0 | rng.randrange(16)]) + tail
                TestOneInput(data)


@pytest.mark.slow
def test_the_fuzz_target_survives_transfer_requests_and_request_files() -> None:
    """Random transfer requests (planted secrets, failing sinks) and request bytes, through the target."""
    rng = random.Random(2026)
    plan = ((fuzz_evaluate.TRANSFER, 600), (fuzz_evaluate.COMMAND, 60), (fuzz_evaluate.RAW_COMMAND, 60))
    for choice, count in plan:
        for _ in range(count):  # the command line loads the knowledge on each run: fewer of those
            TestOneInput(bytes([choice]) + rng.randbytes(rng.randrange(0, 120)))


@pytest.mark.parametrize(
    "request_data",
    [
        {"case_reference": "EJ", "partner": "Norway", "items": [{"data_type": "evidence"}]},
        {"case_reference": "EJ", "partner": "Nigeria", "items": [{"data_type": "personal data"}]},
        {"case_reference": "EJ", "partner": "Norway", "items": [{"data_type": "x", "content": "y"}]},
    ],
)
def test_the_fuzz_target_decides_real_requests(request_data: dict[str, object]) -> None:
    """Real requests, valid or not, through the transfer and command-line checks of the fuzz target."""
    fuzz_evaluate.check_transfer_call(request_data, sink_fails=False)
    fuzz_evaluate.check_transfer_call(request_data, sink_fails=True)
    fuzz_evaluate.check_command(json.dumps(request_data).encode())


def test_a_leaked_secret_in_the_fuzz_target_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The transfer check bites: an error quoting the planted secret raises AssertionError."""

    def leaky(request: Any, knowledge: Any = None) -> None:
        raise sharing_rules.InvalidTransferRequestError([f"got {fuzz_evaluate.SECRET}"])

    monkeypatch.setattr(fuzz_evaluate, "check_transfer", leaky)
    with pytest.raises(AssertionError, match="secret"):
        fuzz_evaluate.check_transfer_call({"payload": fuzz_evaluate.SECRET}, sink_fails=False)


def test_a_failed_check_in_the_fuzz_target_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fuzz target's checks bite: a wrong answer raises AssertionError (shown with a fake entry point)."""
    monkeypatch.setattr(fuzz_evaluate, "_ENTRY_POINTS", (("evaluate", lambda kb, partner, kind: "accepted"),))
    with pytest.raises(AssertionError, match="non-text input accepted"):
        check_call("evaluate", None, "strategic")
