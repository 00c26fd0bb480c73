r"""One reading of a question at every door: the library, ``sharing-rules check``, the API and the page.

The same question - a partner, a kind of information and perhaps a date - is sent through every door that
reads it: the library's ``evaluate`` (the reference), ``sharing-rules check -`` (JSON on standard input),
``POST /v1/decisions``, ``POST /v1/decisions/batch``, ``POST /v1/transfers`` and the page's ``/check``
form. Each door writes it in its own syntax, with the same random variations: a key given twice (with
the same or another value), keys spelled with escapes (``"p\u0061rtner"``, ``p%61rtner``), white space
around the values and between the tokens, dates with any time zone or none. Every door must give the
same decision, or refuse with the same kind of problem; a key given twice is always a refusal, never a
decision (whichever value would have won).

The application runs in process (FastAPI's TestClient): a live server would prove nothing more here.
"""

from __future__ import annotations

import io
import json
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from unittest import mock
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from sharing_rules import (
    InvalidDateError,
    NotAThirdCountryError,
    SharingRulesError,
    UnknownDataTypeError,
    UnknownPartnerError,
    configure_records,
    evaluate,
)
from sharing_rules._cli import main

pytest.importorskip("fastapi", reason="the service extra is not installed: pip install -e '.[service]'")

with warnings.catch_warnings():  # Starlette asks for a renamed httpx (httpx2) that is not published here
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

from sharing_rules._service._app import create_app
from sharing_rules._service._config import ServiceConfig

PARTNERS = (
    "Norway", "nigeria", "the UK", "U.S.A.", "N.O.", "Brazil", "Switzerland", "AIAMP",
    "Germany", "R\u00e9union", "Atlantis", "N\u00d3",
)  # fmt: skip
"""Partners, countries with no relationship, Member States, a territory in the Union, nothing at all."""
DATA_TYPES = ("personal data", "Evidence", "strategic", "best-practices", "operational information", "gossip")
SPACES = ("", " ", "\t", "\n", "  ")
AROUND = ("", " ", "\t", "\u00a0")

ZONED = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.timezones()
).filter(lambda moment: moment.utcoffset() is not None)
DATES = st.one_of(
    st.none(),
    st.sampled_from(["2024-09-30", "2019-12-11", "2019-12-12", "2020-01-31", "2010-05-01", "2024-02-30"]),
    ZONED.map(datetime.isoformat),
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2030, 12, 31)).map(datetime.isoformat),
)
"""No date, ISO dates (one that does not exist), date-times with a zone, and without one (no date)."""


@dataclass(frozen=True)
class Question:
    """A question and how it is written: which keys repeat (with which value), escapes, spacing."""

    partner: str
    data_type: str
    as_of: str | None
    repeated: dict[str, str] = field(default_factory=dict)
    """A key given twice, with the value it is given the other time (before or after, see ``first``)."""
    first: bool = False
    """Whether the repeated key's other value comes first."""
    escaped: frozenset[int] = frozenset()
    """Positions of key letters written as escapes."""
    spaces: tuple[str, ...] = ("",)
    around: str = ""

    def fields(self) -> dict[str, str]:
        """The question's fields as they are meant (no repetition)."""
        found = {"partner": self.partner, "data_type": self.data_type}
        return found | ({"as_of": self.as_of} if self.as_of is not None else {})

    def value(self, text: str) -> str:
        """A value with the white space around it that this question uses."""
        return f"{self.around}{text}{self.around}"

    def pairs(self, fields: dict[str, str]) -> list[tuple[str, str]]:
        """Every key and value as written, a repeated key twice."""
        written: list[tuple[str, str]] = []
        for key, value in fields.items():
            if key in self.repeated:
                other = (key, self.value(self.repeated[key]))
                mine = (key, self.value(value))
                written += [other, mine] if self.first else [mine, other]
            else:
                written.append((key, self.value(value)))
        return written

    def space(self, number: int) -> str:
        """The white space this question puts at a place between JSON tokens."""
        return self.spaces[number % len(self.spaces)]

    def json_key(self, key: str) -> str:
        """A key as JSON text, some of its letters written as JSON escapes (a backslash, u, four digits)."""
        letters = [f"\\u{ord(c):04x}" if i in self.escaped else c for i, c in enumerate(key)]
        return '"' + "".join(letters) + '"'

    def json_object(self, pairs: list[tuple[str, str]], raw: dict[str, str] | None = None) -> str:
        """A JSON object of these pairs (values as JSON strings) and of ``raw`` (values already JSON)."""
        members = [(self.json_key(key), json.dumps(value)) for key, value in pairs]
        members += [(self.json_key(key), value) for key, value in (raw or {}).items()]
        parts = [f"{self.space(n)}{key}{self.space(n + 1)}:{self.space(n + 2)}{value}" for n, (key, value) in
                 enumerate(members)]  # fmt: skip
        return "{" + ",".join(parts) + self.space(len(parts)) + "}"

    def question_json(self) -> str:
        """The question as ``/v1/decisions`` reads it."""
        return self.json_object(self.pairs(self.fields()))

    def transfer_json(self) -> str:
        """The question as a transfer request of one item (``/v1/transfers``, ``sharing-rules check``)."""
        top = {"case_reference": "EJ-2026-0117", "partner": self.partner}
        top |= {"as_of": self.as_of} if self.as_of is not None else {}
        item = self.json_object(self.pairs({"data_type": self.data_type}))
        return self.json_object(self.pairs(top), {"items": f"[{item}]"})

    def form(self) -> bytes:
        """The question as the page's transfer form sends it, some key letters percent-escaped."""
        fields = {"case_reference": "EJ-2026-0117", "partner": self.partner, "data_type": self.data_type}
        fields |= {"as_of": self.as_of} if self.as_of is not None else {}
        written = self.pairs(fields)
        last = max(n for n, (key, _) in enumerate(written) if key == "data_type")
        written.insert(last + 1, ("label", ""))  # the item's row: its kind (perhaps twice), then its label
        encoded = []
        for key, value in written:
            spelt = "".join(f"%{ord(c):02X}" if i in self.escaped else c for i, c in enumerate(key))
            encoded.append(f"{spelt}={quote(value, safe='')}")
        return "&".join(encoded).encode()

    @property
    def ambiguous(self) -> bool:
        """Whether a key is given twice (then every door must refuse it, whatever the values)."""
        return bool(self.repeated)


@st.composite
def questions(draw: st.DrawFn) -> Question:
    """A random question, written with random repetitions, escapes and spacing."""
    partner = draw(st.sampled_from(PARTNERS))
    data_type = draw(st.sampled_from(DATA_TYPES))
    as_of = draw(DATES)
    keys = ["partner", "data_type"] + (["as_of"] if as_of is not None else [])
    repeated_keys = draw(st.lists(st.sampled_from(keys), unique=True, max_size=2))
    others = {"partner": st.sampled_from(PARTNERS), "data_type": st.sampled_from(DATA_TYPES),
              "as_of": DATES.filter(lambda day: day is not None)}  # fmt: skip
    repeated = {key: draw(others[key]) for key in repeated_keys}
    return Question(
        partner,
        data_type,
        as_of,
        repeated,  # type: ignore[arg-type]  # the date strategy gives text here (None filtered out)
        draw(st.booleans()),
        frozenset(draw(st.lists(st.integers(0, 8), max_size=3))),
        tuple(draw(st.lists(st.sampled_from(SPACES), min_size=1, max_size=4))),
        draw(st.sampled_from(AROUND)),
    )


# -- what each door answered, as one comparable value ---------------------------------------------------

Answer = tuple[str, Any]
"""("decision", the decision as JSON data) or the kind of refusal ("unreadable", "invalid", ...)."""

_KINDS: tuple[tuple[type[SharingRulesError], str], ...] = (
    (UnknownPartnerError, "unknown partner"),
    (NotAThirdCountryError, "member state"),
    (UnknownDataTypeError, "unknown data type"),
    (InvalidDateError, "invalid"),
)


def expected(question: Question) -> Answer:
    """The answer every door must give: a refusal for a key given twice, else the library's answer."""
    if question.ambiguous:
        return ("unreadable", None)
    as_of = None if question.as_of is None else question.value(question.as_of)
    try:
        decision = evaluate(question.value(question.partner), question.value(question.data_type), as_of=as_of)
    except SharingRulesError as error:
        return (next(kind for cls, kind in _KINDS if isinstance(error, cls)), None)
    return ("decision", decision.model_dump(mode="json"))


def _problem_kind(status: int, problem: dict[str, Any]) -> str:
    slug = str(problem.get("type", "")).rsplit(":", 1)[-1]
    if status == 400:
        return "unreadable" if slug == "invalid-json" else "invalid"
    return {404: "unknown partner"}.get(status) or {
        "member-state": "member state",
        "unknown-data-type": "unknown data type",
    }.get(slug, f"{status} {slug}")


def through_decisions(client: TestClient, question: Question) -> Answer:
    """POST /v1/decisions."""
    response = client.post("/v1/decisions", content=question.question_json(), headers=_JSON)
    if response.status_code == 200:
        return ("decision", response.json())
    return (_problem_kind(response.status_code, response.json()), None)


def through_batch(client: TestClient, question: Question) -> Answer:
    """POST /v1/decisions/batch, with the question as its only one."""
    body = '{"questions": [' + question.question_json() + "]}"
    response = client.post("/v1/decisions/batch", content=body, headers=_JSON)
    if response.status_code != 200:
        return (_problem_kind(response.status_code, response.json()), None)
    (answer,) = response.json()["answers"]
    if "decision" in answer:
        return ("decision", answer["decision"])
    return (_problem_kind(answer["problem"]["status"], answer["problem"]), None)


def through_transfers(client: TestClient, question: Question) -> Answer:
    """POST /v1/transfers, with the question as the request's only item."""
    response = client.post("/v1/transfers", content=question.transfer_json(), headers=_JSON)
    if response.status_code == 200:
        return ("decision", response.json()["items"][0]["decision"])
    return (_problem_kind(response.status_code, response.json()), None)


def through_the_command_line(question: Question) -> Answer:
    """``sharing-rules check - --json``, the transfer request on standard input."""
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(question.transfer_json().encode()), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stdin):
        code = main(["check", "-", "--json"], out=out, err=err)
    if code in {0, 1}:
        return ("decision", json.loads(out.getvalue())["items"][0]["decision"])
    message = err.getvalue()
    assert code == 2, (code, message)
    assert message.count("\n") == 1, message
    if "is given twice" in message:
        return ("unreadable", None)
    for start, kind in (
        ("Invalid transfer request", "invalid"),
        ("Unknown partner", "unknown partner"),
        ("Unknown data type", "unknown data type"),
    ):
        if message.startswith(f"sharing-rules: error: {start}"):
            return (kind, None)
    if "an EU Member State" in message:
        return ("member state", None)
    return ("unclassified", message)


def through_the_page(client: TestClient, question: Question, want: Answer) -> Answer:
    """The page's /check form: its status, and the decision it shows (compared with the one wanted)."""
    response = client.post("/check", content=question.form(), headers=_FORM)
    page = response.text
    if response.status_code == 200:
        if want[0] != "decision":
            return ("decision", "a verdict page")
        shown = {"allowed": "allowed", "no_basis": "no-basis", "prohibited": "prohibited"}[want[1]["outcome"]]
        same = f'class="cell {shown}"' in page and str(escape(want[1]["explanation"])) in page
        return ("decision", want[1] if same else "another decision")
    if response.status_code == 400:
        return ("unreadable" if "cannot be read in one way only" in page else "invalid", None)
    if response.status_code == 404:
        return ("unknown partner", None)
    kind = "member state" if "an EU Member State" in page else "unknown data type"
    return (kind if response.status_code == 422 else f"page {response.status_code}", None)


_JSON = {"Content-Type": "application/json"}
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The application in process, with the shipped knowledge, no records; asked as localhost."""
    configure_records(None)
    with TestClient(create_app(ServiceConfig()), base_url="http://localhost") as session:
        yield session


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=questions())
@example(question=Question("Nigeria", "personal data", None, {"partner": "Norway"}))
@example(question=Question("Nigeria", "personal data", None, {"partner": "Norway"}, escaped=frozenset({1})))
@example(question=Question("Norway", "evidence", None, {"data_type": "personal data"}, first=True))
@example(question=Question("Norway", "strategic", "2024-09-30T23:30:00-05:00"))
@example(question=Question("Norway", "gossip", "2024-09-30"))
def test_every_door_reads_a_question_alike(client: TestClient, question: Question) -> None:
    """Library, command line, decisions, batch, transfers and page: the same decision or the same refusal."""
    want = expected(question)
    answers = {
        "POST /v1/decisions": through_decisions(client, question),
        "POST /v1/decisions/batch": through_batch(client, question),
        "POST /v1/transfers": through_transfers(client, question),
        "sharing-rules check -": through_the_command_line(question),
        "the page's /check form": through_the_page(client, question, want),
    }
    differ = {door: answer for door, answer in answers.items() if answer != want}
    assert not differ, f"{question}: the library says {want[0]}, but {differ}"
