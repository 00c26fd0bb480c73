"""Hostile input to the library's entry points, by class: each property holds for any value of its class.

The entry points are ``evaluate``, ``require``, ``explain``, ``check_transfer``, ``partners``, ``diff``,
``use_knowledge`` and the methods of a loaded knowledge base. The classes: caller objects that lie (a
``str`` subclass whose methods answer for another name), nesting of any depth and values whose
representation is huge or raises, the content of what is sent, the ``knowledge=`` argument, every way
people spell a kind of information, and every value that is or is not a date.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sharing_rules
from sharing_rules import (
    DataType,
    Decision,
    DecisionRecord,
    InvalidDateError,
    InvalidInputError,
    InvalidTransferRequestError,
    KnowledgeBase,
    SharingNotAllowedError,
    SharingRulesError,
    check_transfer,
    configure_records,
    diff,
    evaluate,
    explain,
    load_knowledge,
    partners,
    require,
    use_knowledge,
)
from sharing_rules._cli import main

HAGUE = ZoneInfo("Europe/Amsterdam")
PARTNER_NAMES = ("Norway", "Brazil", "Nigeria", "Japan", "AIAMP", "United Kingdom", "Peru", "Ukraine")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _records_off() -> Iterator[None]:
    configure_records(None)
    yield
    configure_records(None)


_KB: list[KnowledgeBase] = []


def knowledge() -> KnowledgeBase:
    """One knowledge base shared by the properties of a run (so that a poisoned cache would show)."""
    if not _KB:
        _KB.append(load_knowledge())
    return _KB[0]


def _table(kb: KnowledgeBase) -> dict[tuple[str, DataType], tuple[str, bool]]:
    return {
        (name, kind): (d.partner, d.allowed)
        for name in PARTNER_NAMES
        for kind in DataType
        for d in [kb.decide(name, kind)]
    }


PRISTINE = _table(load_knowledge())
"""Every plain question about the partners above, answered by a knowledge base no test has touched."""


def _request(partner: object = "Norway", *items: dict[str, object], **more: object) -> dict[str, object]:
    return {
        "case_reference": "EJ-1",
        "partner": partner,
        "items": list(items) or [{"data_type": "strategic"}],
        **more,
    }


# -- 1. caller objects that lie --------------------------------------------------------------------------

LIES: dict[str, Callable[[str], Callable[..., Any]]] = {
    "casefold": lambda target: lambda self: target.casefold(),
    "lower": lambda target: lambda self: target.lower(),
    "upper": lambda target: lambda self: target.upper(),
    "strip": lambda target: lambda self, *a: target,
    "split": lambda target: lambda self, *a: target.split(),
    "translate": lambda target: lambda self, table: target,
    "replace": lambda target: lambda self, *a: target,
    "isascii": lambda target: lambda self: True,
    "__eq__": lambda target: lambda self, other: True,
    "__ne__": lambda target: lambda self, other: False,
    "__hash__": lambda target: lambda self: hash(target),
    "__str__": lambda target: lambda self: target,
    "__getitem__": lambda target: lambda self, index: target,
    "__len__": lambda target: lambda self: len(target),
    "__iter__": lambda target: lambda self: iter(target),
}


@st.composite
def liars(draw: st.DrawFn, spellings: tuple[str, ...], targets: tuple[str, ...]) -> str:
    """A ``str`` subclass instance whose chosen methods answer as if it were another text."""
    text = draw(st.sampled_from(spellings))
    target = draw(st.sampled_from(targets))
    chosen = draw(st.sets(st.sampled_from(sorted(LIES)), min_size=1))
    liar = type("Liar", (str,), {name: LIES[name](target) for name in chosen})
    return liar(text)  # type: ignore[no-any-return]  # a str subclass, built for the test


def _answer(call: Callable[[], object]) -> object:
    try:
        found = call()
    except SharingNotAllowedError as refused:
        return ("not allowed", refused.decision.partner, refused.decision.data_type)
    except SharingRulesError as error:
        return type(error)
    if isinstance(found, Decision):
        return (found.partner, found.data_type, found.outcome)
    if isinstance(found, sharing_rules.TransferDecision):
        return (found.partner, tuple(i.decision.data_type for i in found.items), found.outcome)
    return found


ENTRY_POINTS: dict[str, Callable[[KnowledgeBase, str, str], object]] = {
    "evaluate": lambda kb, p, t: evaluate(p, t, knowledge=kb),
    "require": lambda kb, p, t: require(p, t, knowledge=kb),
    "explain": lambda kb, p, t: explain(p, t, knowledge=kb).splitlines()[:3],
    "check_transfer": lambda kb, p, t: check_transfer(_request(p, {"data_type": t}), knowledge=kb),
    "KnowledgeBase.decide": lambda kb, p, t: kb.decide(p, t),
}


@SETTINGS
@given(
    entry=st.sampled_from(sorted(ENTRY_POINTS)),
    partner=liars((*PARTNER_NAMES, "Germany", "Atlantis"), ("Norway", "norway", "Brazil", "Germany")),
    records=st.booleans(),
)
def test_a_lying_str_subclass_is_read_as_its_text_and_poisons_nothing(
    entry: str, partner: str, records: bool
) -> None:
    """Any str subclass, whatever its methods say, is read as its plain text; later answers are unchanged."""
    kb = knowledge()
    seen: list[DecisionRecord] = []
    configure_records(seen.append if records else None)
    ask = ENTRY_POINTS[entry]
    text = str.__str__(partner)
    for data_type in ("strategic", "personal_data"):
        lied = _answer(lambda kind=data_type: ask(kb, partner, kind))  # type: ignore[misc]
        assert lied == _answer(lambda kind=data_type: ask(kb, text, kind))  # type: ignore[misc]
    assert all(record.partner_asked == text for record in seen)
    configure_records(None)
    assert _table(kb) == PRISTINE


@SETTINGS
@given(
    entry=st.sampled_from(sorted(ENTRY_POINTS)),
    data_type=liars(
        ("strategic", "Strategic", "best practices", "evidence"), ("personal_data", "operational")
    ),
)
def test_a_lying_data_type_is_read_as_its_text(entry: str, data_type: str) -> None:
    """A str subclass as the data type is resolved from its plain text, never from what its methods say."""
    kb = knowledge()
    ask = ENTRY_POINTS[entry]
    text = str.__str__(data_type)
    assert _answer(lambda: ask(kb, "Norway", data_type)) == _answer(lambda: ask(kb, "Norway", text))
    assert _table(kb) == PRISTINE


# -- 3. nesting of any depth, and values whose representation is hostile ----------------------------------


def nested(depth: int, kind: str) -> object:
    """A list, tuple or mapping nested ``depth`` levels deep, built without recursion."""
    inner: object = "Norway"
    for _ in range(depth):
        inner = [inner] if kind == "list" else (inner,) if kind == "tuple" else {"k": inner}
    return inner


class _Hostile:
    """An object whose representation raises."""

    def __repr__(self) -> str:
        raise RuntimeError("repr must not be called")

    __str__ = __repr__

    def __len__(self) -> int:
        raise RuntimeError("len must not be called")


class _HugeRepr:
    """An object whose representation is 50 MB."""

    def __repr__(self) -> str:
        return "x" * 50_000_000

    __str__ = __repr__


class _TrapList(list[object]):
    """A list (a billion laughs, when nested) whose representation must never be taken."""

    def __repr__(self) -> str:
        raise AssertionError("the representation of a caller's value was taken whole")


def laughs(levels: int = 9) -> object:
    """A billion-laughs structure: ten references to the level below, ``levels`` deep (small in memory)."""
    value: object = _TrapList(["lol"] * 10)
    for _ in range(levels - 1):
        value = _TrapList([value] * 10)
    return value


class Made:
    """A hostile value, made when the test runs; its repr (for Hypothesis's reports) is its description."""

    def __init__(self, description: str, make: Callable[[], object]) -> None:
        """A value that ``make`` builds, described for reports."""
        self.description = description
        self.make = make

    def __repr__(self) -> str:
        """The description."""
        return self.description


HOSTILE_VALUES = st.one_of(
    st.builds(
        lambda depth, kind: Made(f"{kind} nested {depth} deep", lambda: nested(depth, kind)),
        st.integers(1, 120_000),
        st.sampled_from(["list", "tuple", "dict"]),
    ),
    st.just(Made("an object whose repr raises", _Hostile)),
    st.just(Made("an object whose repr is 50 MB", _HugeRepr)),
    st.builds(lambda levels: Made(f"laughs {levels} levels", lambda: laughs(levels)), st.integers(1, 9)),
)

PLACES: dict[str, Callable[[object], Callable[[], object]]] = {
    "evaluate partner": lambda v: lambda: evaluate(v, "strategic"),  # type: ignore[arg-type]
    "evaluate data_type": lambda v: lambda: evaluate("Norway", v),  # type: ignore[arg-type]
    "evaluate as_of": lambda v: lambda: evaluate("Norway", "strategic", as_of=v),  # type: ignore[arg-type]
    "require partner": lambda v: lambda: require(v, "strategic"),  # type: ignore[arg-type]
    "require as_of": lambda v: lambda: require("Norway", "strategic", as_of=v),  # type: ignore[arg-type]
    "explain data_type": lambda v: lambda: explain("Norway", v),  # type: ignore[arg-type]
    "explain as_of": lambda v: lambda: explain("Norway", "strategic", as_of=v),  # type: ignore[arg-type]
    "check_transfer request": lambda v: lambda: check_transfer(v),  # type: ignore[arg-type]
    "check_transfer partner": lambda v: lambda: check_transfer(_request(v)),
    "check_transfer case_reference": lambda v: lambda: check_transfer(_request(case_reference=v)),
    "check_transfer items": lambda v: lambda: check_transfer(_request(items=v)),
    "check_transfer data_type": lambda v: lambda: check_transfer(_request("Norway", {"data_type": v})),
    "check_transfer label": lambda v: (
        lambda: check_transfer(_request("Norway", {"data_type": "strategic", "label": v}))
    ),
    "check_transfer as_of": lambda v: lambda: check_transfer(_request(as_of=v)),
    "check_transfer extra": lambda v: lambda: check_transfer(_request(extra=v)),
    "diff as_of": lambda v: lambda: diff(knowledge(), as_of=v),  # type: ignore[arg-type]
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(sorted(PLACES)), value=HOSTILE_VALUES, records=st.booleans())
@example(place="evaluate as_of", value=Made("deep", lambda: nested(100_000, "list")), records=False)
@example(place="check_transfer data_type", value=Made("deep", lambda: nested(100_000, "list")), records=True)
def test_any_nesting_and_any_hostile_value_is_refused_in_one_bounded_line(
    place: str, value: Made, records: bool
) -> None:
    """Nesting of any depth, or a value whose repr raises or is huge: a short SharingRulesError, recorded."""
    seen: list[DecisionRecord] = []
    configure_records(seen.append if records else None)
    with pytest.raises(SharingRulesError) as caught:
        PLACES[place](value.make())()
    message = str(caught.value)
    assert len(message) < 2_000
    assert "\n" not in message
    assert all(len(record.model_dump_json()) < 4_000 for record in seen)


# -- 6. the content of what is sent ----------------------------------------------------------------------

SECRET = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=12, max_size=40).map(
    lambda body: f"WITNESS-{body}"
)
FIELD_NAMES = st.sampled_from(["content", "body", "text", "payload", "attachment", "data", "Content"])


@st.composite
def leaking_requests(draw: st.DrawFn) -> tuple[dict[str, object], str]:
    """A request that carries a secret where no field of the schema is, or where a label cannot hold it."""
    secret = draw(SECRET)
    where = draw(st.sampled_from(["item key", "request key", "items text", "item text", "long label"]))
    item: dict[str, object] = {"data_type": draw(st.sampled_from(["strategic", "personal data"]))}
    request = _request(draw(st.sampled_from(["Nigeria", "Norway", "Germany", "Atlantis"])), item)
    if where == "item key":
        item[draw(FIELD_NAMES)] = secret
    elif where == "request key":
        request[draw(FIELD_NAMES)] = draw(st.sampled_from([secret, [secret], {"x": secret}]))
    elif where == "items text":
        request["items"] = secret
    elif where == "item text":
        request["items"] = [secret]
    else:
        item["label"] = secret * (1 + 250 // len(secret))
    return request, secret


@SETTINGS
@given(case=leaking_requests())
@example(
    case=(
        _request("Nigeria", {"data_type": "strategic", "content": "WITNESS-STATEMENT-BODY-4711"}),
        "WITNESS-STATEMENT-BODY-4711",
    )
)
def test_content_never_reaches_a_message_or_a_record(case: tuple[dict[str, object], str]) -> None:
    """Whatever a request carries outside its fields never appears in the error or in the decision record."""
    request, secret = case
    seen: list[DecisionRecord] = []
    configure_records(seen.append)
    with pytest.raises(InvalidTransferRequestError) as caught:
        check_transfer(request)
    assert secret[:12] not in str(caught.value)
    assert len(seen) == 1
    assert secret[:12] not in seen[0].model_dump_json()


# -- 7. knowledge= ---------------------------------------------------------------------------------------

NOT_KNOWLEDGE = st.one_of(
    st.text(max_size=20),
    st.just("rules"),
    st.builds(sharing_rules.shipped_rules),
    st.integers(),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.builds(object),
    st.just(sharing_rules),
    st.just(Made("an object whose repr raises", _Hostile)),
)

KNOWLEDGE_USES: dict[str, Callable[[Any], object]] = {
    "evaluate": lambda k: evaluate("Norway", "strategic", knowledge=k),
    "require": lambda k: require("Norway", "strategic", knowledge=k),
    "explain": lambda k: explain("Norway", "strategic", knowledge=k),
    "check_transfer": lambda k: check_transfer(_request(), knowledge=k),
    "partners": partners,
    "diff old": diff,
    "diff new": lambda k: diff(knowledge(), k),
    "use_knowledge": use_knowledge,
}


@SETTINGS
@given(use=st.sampled_from(sorted(KNOWLEDGE_USES)), value=NOT_KNOWLEDGE)
def test_anything_but_a_knowledge_base_is_refused_at_the_door(use: str, value: object) -> None:
    """knowledge= (and use_knowledge) refuse anything but a KnowledgeBase; the one in service stays."""
    value = value.make() if isinstance(value, Made) else value
    before = sharing_rules.default_knowledge()
    try:
        with pytest.raises(InvalidInputError, match="must be a KnowledgeBase") as caught:
            KNOWLEDGE_USES[use](value)
    finally:
        sharing_rules.use_knowledge(before)  # should a wrong value have been put in service
    assert isinstance(caught.value, TypeError)
    assert sharing_rules.default_knowledge() is before
    assert evaluate("Norway", "strategic").allowed


# -- 8. every spelling of a kind of information ----------------------------------------------------------

_SPELLINGS = sorted(
    {
        (spelling, member)
        for member, definition in load_knowledge().data_types.items()
        for spelling in (member.value, definition.label, *getattr(definition, "aliases", ()))
    }
)
_GAPS = st.sampled_from([" ", "  ", "\t", " \t ", "_", "-", "\u3000", "\u00a0"])


def _full_width(char: str) -> str:
    return chr(ord(char) + 0xFEE0) if len(char) == 1 and "!" <= char <= "~" else char


@st.composite
def typed_spellings(draw: st.DrawFn) -> tuple[str, DataType]:
    """A data type's id, label or alias as someone may type it: case, gaps, accents, full-width letters."""
    spelling, member = draw(st.sampled_from(_SPELLINGS))
    words = spelling.replace("_", " ").split()
    out = []
    for word in words:
        letters = []
        for letter in word:
            typed = letter.upper() if draw(st.booleans()) else letter
            if draw(st.integers(0, 9)) == 0:
                typed = unicodedata.normalize("NFC", typed + "\u0301")  # an accent
            if draw(st.integers(0, 9)) == 0:
                typed = _full_width(typed)
            letters.append(typed)
        out.append("".join(letters))
    gaps = [draw(_GAPS) for _ in out[1:]]
    text = out[0] + "".join(gap + word for gap, word in zip(gaps, out[1:], strict=True))
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " ", "\t"])), member


def _kind_read(call: Callable[[], object]) -> DataType:
    try:
        found = call()
    except SharingNotAllowedError as refused:
        return refused.decision.data_type
    if isinstance(found, sharing_rules.TransferDecision):
        return found.items[0].decision.data_type
    assert isinstance(found, Decision)
    return found.data_type


@pytest.mark.slow
@SETTINGS
@given(typed=typed_spellings(), partner=st.sampled_from(["Norway", "Nigeria", "Brazil"]))
@example(typed=("operational information", DataType.OPERATIONAL), partner="Norway")
@example(typed=("information on legal systems", DataType.LEGAL_SYSTEM_INFORMATION), partner="Norway")
@example(typed=("best practice", DataType.BEST_PRACTICES), partner="Norway")
@example(typed=("personal information", DataType.PERSONAL_DATA), partner="Norway")
def test_every_entry_point_reads_a_data_type_the_same_way(typed: tuple[str, DataType], partner: str) -> None:
    """Any spelling evaluate() reads is read the same by require, check_transfer, explain and the CLI."""
    text, member = typed
    assert _kind_read(lambda: evaluate(partner, text)) is member
    assert _kind_read(lambda: require(partner, text)) is member
    assert _kind_read(lambda: check_transfer(_request(partner, {"data_type": text}))) is member
    label = knowledge().data_types[member].label
    assert label in explain(partner, text)
    assert main(["evaluate", partner, text, "--json"], out=_Sink(), err=_Sink()) in {0, 1}


def test_personal_data_in_plain_words_is_operational_personal_data() -> None:
    """'personal data' and 'personal information' mean personal_data, the stricter kind, everywhere."""
    for text in ("personal data", "Personal Information", "personal\tinformation", "PERSONAL DATA"):
        assert evaluate("Nigeria", text).data_type is DataType.PERSONAL_DATA
        verdict = check_transfer(_request("Nigeria", {"data_type": text}))
        assert verdict.items[0].decision.data_type is DataType.PERSONAL_DATA


class _Sink(io.StringIO):
    """A text sink for the command line's output."""


# -- 9. dates --------------------------------------------------------------------------------------------

NOT_DATES = st.one_of(
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.datetimes(),  # naive
    st.datetimes().map(lambda moment: moment.isoformat()),  # naive, as text
    st.text(max_size=30).filter(lambda text: not text.strip()[:4].isdigit()),
    st.sampled_from([0, 0.0, 1_700_000_000, 1_700_000_000.5, "0", "1700000000", "2024-02-30", "2024-13-01"]),
)

DATE_USES: dict[str, Callable[[object], object]] = {
    "evaluate": lambda d: evaluate("Norway", "strategic", as_of=d),  # type: ignore[arg-type]
    "require": lambda d: require("Norway", "strategic", as_of=d),  # type: ignore[arg-type]
    "explain": lambda d: explain("Norway", "strategic", as_of=d),  # type: ignore[arg-type]
    "check_transfer": lambda d: check_transfer(_request(as_of=d)),
    "diff": lambda d: diff(knowledge(), as_of=d),  # type: ignore[arg-type]
}


@pytest.mark.slow
@SETTINGS
@given(use=st.sampled_from(sorted(DATE_USES)), value=NOT_DATES)
@example(use="check_transfer", value=0)
@example(use="check_transfer", value=0.0)
@example(use="check_transfer", value=1_700_000_000)
@example(use="check_transfer", value=datetime(2024, 9, 30, 12))
def test_what_is_no_date_is_refused_by_every_entry_point(use: str, value: object) -> None:
    """Numbers, epoch seconds, booleans, naive date-times and junk text are no date, at every entry point."""
    error = InvalidTransferRequestError if use == "check_transfer" else InvalidDateError
    with pytest.raises(error, match="as_of"):
        DATE_USES[use](value)
    if isinstance(value, str) and value.isprintable() and value.strip() and not value.startswith("-"):
        assert main(["evaluate", "Norway", "strategic", "--as-of", value], out=_Sink(), err=_Sink()) == 2


@SETTINGS
@given(
    moment=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.timezones()
    ).filter(lambda moment: moment.utcoffset() is not None),
    as_text=st.booleans(),
)
@example(moment=datetime(2011, 7, 21, 22, 30, tzinfo=UTC), as_text=True)
def test_a_zoned_date_time_is_its_date_in_the_hague_everywhere(moment: datetime, as_text: bool) -> None:
    """A date-time with a zone means its date in The Hague, at every entry point, as object or ISO text."""
    day = moment.astimezone(HAGUE).date()
    given_as: object = moment.isoformat() if as_text else moment
    assert check_transfer(_request("Switzerland", {"data_type": "evidence"}, as_of=given_as)).as_of == day
    expected = evaluate("Switzerland", "evidence", as_of=day)
    assert evaluate("Switzerland", "evidence", as_of=given_as) == expected  # type: ignore[arg-type]
    assert require_or_decision("Switzerland", "evidence", given_as) == expected
    assert f"on {day}" in explain("Switzerland", "evidence", as_of=given_as).replace("\n", " ")  # type: ignore[arg-type]


def require_or_decision(partner: str, data_type: str, as_of: object) -> Decision:
    """The decision require() returns or carries."""
    try:
        return require(partner, data_type, as_of=as_of)  # type: ignore[arg-type]
    except SharingNotAllowedError as refused:
        return refused.decision


def test_a_date_is_read_the_same_on_both_sides_of_midnight_in_the_hague() -> None:
    """23:30 UTC on the eve of the Regulation's basis is already its first day in The Hague (winter time)."""
    eve = datetime(2019, 12, 11, 22, 59, tzinfo=UTC)
    assert evaluate("Switzerland", "evidence", as_of=eve).basis == "DEC-2009-26A-2"  # the older law's
    assert evaluate("Switzerland", "evidence", as_of=eve + timedelta(minutes=31)).basis == "REG-56-2-B"
    assert check_transfer(_request(as_of=eve + timedelta(minutes=31))).as_of == date(2019, 12, 12)
    summer_eve = datetime(2011, 7, 21, 21, 59, tzinfo=UTC)  # Swiss agreement in force from 2011-07-22
    assert not evaluate("Switzerland", "evidence", as_of=summer_eve).allowed
    assert evaluate("Switzerland", "evidence", as_of=summer_eve + timedelta(minutes=2)).allowed
