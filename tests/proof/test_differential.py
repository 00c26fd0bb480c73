"""Differential tests: the engine and an independent reference model agree on random knowledge bases.

Each example is one random knowledge base (the shipped rules with a random ``partners.yaml``: organisations
with random names and aliases, some real non-EU countries with their ISO codes, each with a random set of
relationships, some of them dated: in force from, until or between days, or signed and not in force) and a
batch of random questions about it, each about today or a day around one of those dates: a partner by its
name, an alias or a code, in another case, with other spacing, dots or accents, or a Member State, a country
the knowledge does not name, or text that names nothing; a kind of information by its value or another
documented spelling, or by something that is no kind of information. The engine's decision (outcome,
allowed, basis, the rules among its reasons) must be the one :mod:`tests.proof.reference_model` gives, and
every question that names nothing must be refused with the right :class:`~sharing_rules.SharingRulesError`.

The normal test run uses a fast profile (100 knowledge bases, a few seconds). The long profile asks at
least 20,000 knowledge bases 50 questions each (about 15 minutes on two cores)::

    SHARING_RULES_PROOF=long .venv/bin/python -m pytest tests/proof/test_differential.py -q -s

Loading a knowledge base costs ~20 ms, so an example is a whole knowledge base and its questions, and
knowledge bases are cached by the text of their ``partners.yaml`` (one that Hypothesis tries again is not
loaded again).
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sharing_rules import (
    Decision,
    KnowledgeBase,
    NotAThirdCountryError,
    SharingRulesError,
    UnknownDataTypeError,
    UnknownPartnerError,
    evaluate,
    load_knowledge,
    shipped_rules,
)
from tests.proof import reference_model as ref

QUESTIONS = 50
"""Questions asked of each random knowledge base."""

LONG = os.environ.get("SHARING_RULES_PROOF", "").strip().lower() == "long"
PROFILE = settings(
    max_examples=20_000 if LONG else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    print_blob=True,
)

# The letters random names are made of: ASCII, accented letters, and letters whose case mapping is unusual
# (sharp s, dotted capital I, dotless i).
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + "éèüöñçåøÉÜÅßİı"
WORD = st.text(alphabet=LETTERS + "0123456789-.", min_size=1, max_size=9)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join).filter(lambda name: ref.name_key(name) != "")
SPACES = (" ", "  ", "\t", "\u00a0", "\u3000", " \n ")


# -- random knowledge bases ---------------------------------------------------------------------------


def _fresh_name(draw: st.DrawFn, taken: set[str]) -> str:
    name = draw(NAME.filter(lambda candidate: ref.name_key(candidate) not in taken))
    taken.add(ref.name_key(name))
    return name


DATES = (date(2019, 7, 1), date(2020, 1, 1), date(2020, 12, 31), date(2022, 3, 15))
"""The days random relationships start, end or are signed on: few, so that periods meet and nest."""


@st.composite
def validities(draw: st.DrawFn) -> ref.Validity:
    """When a random relationship holds: always (most often), from, until, from-until, or signed only."""
    shape = draw(st.sampled_from(["always", "always", "from", "until", "between", "signed", "signed-from"]))
    first, second = sorted(draw(st.lists(st.sampled_from(DATES), min_size=2, max_size=2)))
    return {
        "always": ref.ALWAYS,
        "from": ref.Validity(start=first),
        "until": ref.Validity(end=second),
        "between": ref.Validity(start=first, end=second),
        "signed": ref.Validity(signed=first),
        "signed-from": ref.Validity(start=second, signed=first),
    }[shape]


@st.composite
def relationship_sets(draw: st.DrawFn) -> tuple[frozenset[str], tuple[tuple[str, ref.Validity], ...]]:
    """A random set of relationships, each with a random validity."""
    kinds = draw(st.frozensets(st.sampled_from(ref.RELATIONSHIPS)))
    dated = tuple((kind, draw(validities())) for kind in sorted(kinds))
    return kinds, tuple((kind, validity) for kind, validity in dated if validity != ref.ALWAYS)


@st.composite
def partner_lists(draw: st.DrawFn) -> tuple[ref.Partner, ...]:
    """Random partners: organisations with random unique names, and some real non-EU countries."""
    taken = {ref.name_key(name) for names in ref.MEMBER_STATES for name in names}
    taken |= {ref.name_key(name) for country in ref.THIRD_COUNTRIES for name in country}
    partners = []
    for name, alpha2, alpha3 in draw(st.lists(st.sampled_from(ref.THIRD_COUNTRIES), max_size=4, unique=True)):
        aliases = tuple(_fresh_name(draw, taken) for _ in range(draw(st.integers(0, 2))))
        kinds, validity = draw(relationship_sets())
        partners.append(ref.Partner(name, kinds, alpha2, alpha3, aliases, validity))
    for _ in range(draw(st.integers(0, 8))):
        name = _fresh_name(draw, taken)
        aliases = tuple(_fresh_name(draw, taken) for _ in range(draw(st.integers(0, 3))))
        kinds, validity = draw(relationship_sets())
        partners.append(ref.Partner(name, kinds, aliases=aliases, validity=validity))
    return tuple(draw(st.permutations(partners)))


def partners_yaml(partners: tuple[ref.Partner, ...]) -> str:
    """The text of a ``partners.yaml`` listing ``partners``."""
    document = {"partners": [partner.as_yaml_entry() for partner in partners]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def load_partners(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], KnowledgeBase]]:
    """Load the shipped rules with a given ``partners.yaml`` text (cached: the same text loads once)."""
    rules = tmp_path_factory.mktemp("differential") / "rules"
    shutil.copytree(shipped_rules(), rules)

    @functools.lru_cache(maxsize=32)
    def load(text: str) -> KnowledgeBase:
        (rules / "partners.yaml").write_text(text, encoding="utf-8")
        return load_knowledge(rules)

    yield load
    load.cache_clear()


# -- random questions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One question, with what the generator meant its partner text to name (None: nothing in particular)."""

    partner: str
    data_type: str
    meant: str | None = None
    as_of: date | None = None
    """The day asked about (None: today)."""


def strip_accents(text: str) -> str:
    """``text`` without its combining accents."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def variant(rng: random.Random, spelling: str) -> str:
    """A way a person may type ``spelling``: another case, spacing, dots, accents or a leading "the"."""
    case = rng.choice(["same", "upper", "lower", "swap", "mixed"])
    if case == "mixed":
        text = "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in spelling)
    else:
        text = {"same": spelling, "upper": spelling.upper(), "lower": spelling.lower()}.get(
            case, spelling.swapcase()
        )
    if ref.name_key(text) != ref.name_key(spelling):  # "\u0131".upper() is "I": another name, not a variant
        text = spelling
    if rng.random() < 0.5:
        text = strip_accents(text)
    if rng.random() < 0.25:
        position = rng.randint(0, len(text))
        text = text[:position] + "." + text[position:]
    prefixed = rng.choice(["the ", "The ", "THE "]) + text
    if rng.random() < 0.25 and ref.name_key(prefixed) == ref.name_key(text):  # not for "The Hague"
        text = prefixed
    if rng.random() < 0.5:
        text = text.replace(" ", rng.choice(SPACES))
    if rng.random() < 0.5:
        text = rng.choice(SPACES) + text + rng.choice(SPACES)
    return text


def data_type_spelling(rng: random.Random) -> str:
    """A documented spelling of a kind of information: its value, spaced, hyphenated, in any case."""
    first, *rest = rng.choice(ref.DATA_TYPES).split("_")
    text = first + "".join(rng.choice(["_", " ", "-"]) + word for word in rest)
    cases: list[Callable[[str], str]] = [str, str.upper, str.lower, str.title, str.capitalize, str.swapcase]
    return rng.choice(cases)(text)


ODD_CHARACTERS = (
    "\x00\x01\x07\x1b\x7f\x85\u200b\u200d\u200e\u202e\u2028\ufeff\ufffd\ud800\U0001f600"
    "\u0301\u0308 \t\n\r\u00a0\u3000'\".,;:_-/\\%*?<>{}[]()"
    "\u00df\u0131\u0130\u03a3\u03c2\u0416\u65e5\u672c\u05d0\u0627\ufb01\u212a"
)
ODD_TEXTS = ("", " ", "\x00", "\u200b", "Nor\u200bway", "\ufeff", "x" * 5000, "the", ".", "None", "null", "0")


def nonsense(rng: random.Random, drawn: list[str]) -> str:
    """Text that names nothing, or may: digits, control characters, any Unicode, nothing at all."""
    pick = rng.randrange(5)
    if pick == 0 and drawn:
        return rng.choice(drawn)
    if pick == 1:
        return rng.choice(ODD_TEXTS)
    if pick == 2:  # a name-like text with a number in it: no country's name has one
        return f"{rng.choice(['', 'Republic of ', 'the '])}{rng.choice(LETTERS)}land {rng.randrange(1000)}"
    if pick == 3:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(12)))
    return "".join(rng.choice(ODD_CHARACTERS + LETTERS) for _ in range(rng.randrange(20)))


ASKED_DAYS: tuple[date | None, ...] = (
    None,
    *sorted({day + timedelta(days=shift) for day in DATES for shift in (-1, 0, 1)}),
)
"""The days questions are about: today, and each day around each date a relationship changes on."""


def question_batch(rng: random.Random, partners: tuple[ref.Partner, ...], drawn: list[str]) -> list[Question]:
    """A batch of random questions about ``partners``; ``drawn`` are odd texts Hypothesis made up."""
    absent = [country for country in ref.THIRD_COUNTRIES if country[0] not in {p.name for p in partners}]
    kinds = ["nonsense", "member state"] + ["partner"] * 4 * bool(partners) + ["other country"] * bool(absent)
    batch = []
    for _ in range(QUESTIONS):
        kind = rng.choice(kinds)
        meant: str | None = None
        if kind == "partner":
            partner = rng.choice(partners)
            text, meant = variant(rng, rng.choice(partner.spellings)), partner.name
        elif kind == "member state":
            names = rng.choice(ref.MEMBER_STATES)
            text, meant = variant(rng, rng.choice(names)), names[0]
        elif kind == "other country":
            country = rng.choice(absent)
            text, meant = variant(rng, rng.choice(country)), country[0]
        else:
            text = nonsense(rng, drawn)
        data_type = data_type_spelling(rng) if rng.random() < 0.8 else nonsense(rng, drawn)
        batch.append(Question(text, data_type, meant, rng.choice(ASKED_DAYS)))
    return batch


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[tuple[ref.Partner, ...], list[Question]]:
    """A random knowledge base and a batch of questions about it.

    The knowledge base is drawn (and shrunk) by Hypothesis; the questions come from a seeded generator
    (the seed is drawn), with a few odd texts drawn by Hypothesis mixed in: drawing fifty questions
    choice by choice would cost four times the rest of the example.
    """
    partners = draw(partner_lists())
    drawn = draw(st.lists(st.text(max_size=30), max_size=3))
    seed = draw(st.integers(0, 2**32 - 1))
    return partners, question_batch(random.Random(seed), partners, drawn)


# -- the comparison -----------------------------------------------------------------------------------


def certainly_no_data_type(text: str) -> bool:
    """Whether ``text`` cannot be any spelling of a kind of information (it has a digit, a symbol...)."""
    return not text.strip() or any(not (ch.isalpha() or ch.isspace() or ch in "_-.'") for ch in text)


PARTNER_REFUSALS: dict[ref.Verdict, tuple[type[SharingRulesError], ...]] = {
    ref.Verdict.PARTNER: (),
    ref.Verdict.OTHER_COUNTRY: (),
    ref.Verdict.MEMBER_STATE: (NotAThirdCountryError,),
    ref.Verdict.UNKNOWN: (UnknownPartnerError,),
    ref.Verdict.UNCERTAIN: (UnknownPartnerError,),
}
"""The errors that may answer a question whose partner text is each kind of thing."""


def ask(knowledge: KnowledgeBase, question: Question) -> Decision | SharingRulesError:
    """The engine's decision on ``question``, or the error it refused it with."""
    try:
        return evaluate(question.partner, question.data_type, as_of=question.as_of, knowledge=knowledge)
    except SharingRulesError as error:
        return error


def check(knowledge: KnowledgeBase, model: ref.Knowledge, question: Question) -> None:
    """The engine answers ``question`` as the reference model does, or refuses it as it must."""
    where = model.resolve(question.partner)
    if question.meant is not None:
        assert where.name == question.meant, f"generator and reference disagree on {question.partner!r}"
    data_type = ref.data_type_of(question.data_type)
    acceptable = PARTNER_REFUSALS[where.verdict] + ((UnknownDataTypeError,) if data_type is None else ())
    must_refuse = where.verdict in {ref.Verdict.MEMBER_STATE, ref.Verdict.UNKNOWN} or (
        data_type is None and certainly_no_data_type(question.data_type)
    )
    decision = ask(knowledge, question)
    if isinstance(decision, SharingRulesError):
        assert isinstance(decision, acceptable), f"{question}: refused with {decision!r}"
        return
    assert not must_refuse, f"{question}: expected one of {acceptable}, got a decision {decision.outcome}"
    if data_type is not None:
        assert decision.data_type.value == data_type, f"{question}: read as {decision.data_type}"
    if where.verdict is ref.Verdict.PARTNER:
        assert where.name is not None
        expected = model.answer(where.name, decision.data_type.value, question.as_of)
        got = (decision.partner, decision.outcome.value, decision.allowed, decision.basis)
        want = (where.name, expected.outcome.value, expected.allowed, expected.basis)
        assert got == want, f"{question}: engine {got}, reference {want}"
        rules = frozenset(reason.rule for reason in decision.reasons)
        assert rules == expected.rules, (
            f"{question}: engine {sorted(rules)}, reference {sorted(expected.rules)}"
        )
    else:  # a country the knowledge does not name: it has no relationship, so no basis
        assert decision.partner not in {p.name for p in model.partners}, f"{question}: {decision.partner}"
        unrelated = (decision.outcome.value, decision.allowed, decision.basis, decision.reasons)
        assert unrelated == ("no_basis", False, None, ()), f"{question}: an unrelated country got {unrelated}"


@dataclass
class Tally:
    """How much the differential test checked in this run."""

    examples: int = 0
    questions: int = 0


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    """Counts the knowledge bases and questions checked; prints the count at the end (seen with -s)."""
    counted = Tally()
    started = time.perf_counter()
    yield counted
    elapsed = time.perf_counter() - started
    print(
        f"\ndifferential test ({'long' if LONG else 'fast'} profile): {counted.examples} knowledge bases,"
        f" {counted.questions} questions, {elapsed:.1f} s"
    )


@PROFILE
@given(scenario=scenarios())
def test_the_engine_decides_as_the_reference_model(
    load_partners: Callable[[str], KnowledgeBase],
    tally: Tally,
    scenario: tuple[tuple[ref.Partner, ...], list[Question]],
) -> None:
    """On a random knowledge base, every random question gets the reference model's decision or error."""
    partners, batch = scenario
    knowledge = load_partners(partners_yaml(partners))
    model = ref.Knowledge(partners)
    assert [p.name for p in knowledge.partners] == [p.name for p in partners]
    for question in batch:
        check(knowledge, model, question)
    tally.examples += 1
    tally.questions += len(batch)


def test_the_reference_model_matches_the_shipped_knowledge() -> None:
    """The reference model, given the shipped partners, decides every shipped question as the engine does."""
    partners = ref.read_partners(shipped_rules() / "partners.yaml")
    knowledge = load_knowledge()
    model = ref.Knowledge(partners)
    for partner in partners:
        for spelling in partner.spellings:
            for data_type in ref.DATA_TYPES:
                check(knowledge, model, Question(spelling, data_type, partner.name))


@pytest.mark.parametrize(
    ("asked", "meant"),
    [("KIL", "Beta"), ("IT", "Italy")],
    ids=["another partner's alias", "a Member State's code"],
)
def test_a_case_variant_of_one_name_never_captures_another(tmp_path: Path, asked: str, meant: str) -> None:
    """A name is never taken for a partner whose alias merely has the same upper case (dotless i)."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    alpha = ref.Partner("Alpha", frozenset({ref.AGREEMENT}), aliases=("k\u0131l", "\u0131t"))
    beta = ref.Partner("Beta", frozenset({ref.CONTACT_POINT}), aliases=("KIL",))
    (rules / "partners.yaml").write_text(partners_yaml((alpha, beta)), encoding="utf-8")
    knowledge = load_knowledge(rules)
    model = ref.Knowledge((alpha, beta))
    assert model.resolve(asked).name == meant
    check(knowledge, model, Question(asked, "personal_data", meant))


def test_a_country_stays_a_country_when_an_organisation_uses_its_code(tmp_path: Path) -> None:
    """Brazil is still a country with no relationship when an organisation happens to be called "BR"."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    organisation = ref.Partner("Bureau Regional", frozenset({ref.AGREEMENT}), aliases=("BR",))
    (rules / "partners.yaml").write_text(partners_yaml((organisation,)), encoding="utf-8")
    knowledge = load_knowledge(rules)
    model = ref.Knowledge((organisation,))
    assert model.resolve("Brazil").verdict is ref.Verdict.OTHER_COUNTRY
    check(knowledge, model, Question("Brazil", "strategic", "Brazil"))


def test_apostrophes_are_ignored_by_engine_and_reference_alike(tmp_path: Path) -> None:
    """A partner named "G" asked about as "G.'" is the same partner for the engine and the reference."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    partner = ref.Partner("G", frozenset({ref.AGREEMENT}))
    (rules / "partners.yaml").write_text(partners_yaml((partner,)), encoding="utf-8")
    knowledge = load_knowledge(rules)
    model = ref.Knowledge((partner,))
    assert model.resolve("\nG\n.'").name == "G"
    check(knowledge, model, Question("\nG\n.'", "PERSONAL DATA", "G", date(2019, 6, 30)))
