"""Differential tests: the engine and an independent reference model agree on random knowledge bases.

Each example is one random knowledge base: the shipped rules with a random ``partners.yaml`` (organisations
with random names and aliases, some real non-EU countries with their ISO codes, each with a random set of
relationships - a liaison prosecutor only with an agreement - each entering into force on a day, in a month,
in a year or on an unknown day, perhaps known by a day, signed, ended), perhaps some hypothetical rules
(``reference_model.HYPOTHETICAL``: prohibitions, one that a relationship lifts, a permission a relationship
takes away, a rule in force since Eurojust exists, a rule that ends), and the United Kingdom as a former
Member State when it is one of the partners. Then a batch of random questions about it, each about today or a
day around a day on which something changes (Eurojust's establishment, 2019-12-12, the day the knowledge
speaks for, Croatia's accession, the United Kingdom's withdrawal and transition, a relationship's first
possible and first certain day, its signature, its end, a hypothetical rule's dates): a partner by its name,
an alias or a code, in another case, with other spacing, dots or accents, or a Member State, a country the
knowledge does not name, or text that names nothing; a kind of information by its value or another documented
spelling, or by something that is no kind of information. The engine's decision (outcome, allowed, basis,
instruments, the rules among its reasons, condition ids, route ids, the relationships certainly in force, and
the kinds of its warnings) must be the one :mod:`tests.proof.reference_model` gives, and every question that
names nothing, or a Member State on that day, must be refused with the right
:class:`~sharing_rules.SharingRulesError`.

The normal test run uses a fast profile (100 knowledge bases, about 25 seconds). The long profile asks 5,000
knowledge bases 50 questions each (about 25 minutes on two cores); ``SHARING_RULES_PROOF_EXAMPLES`` sets
another number of knowledge bases for either profile. With ``-s`` the run prints what its questions tried::

    SHARING_RULES_PROOF=long .venv/bin/python -m pytest tests/proof/test_differential.py -q -s

Loading a knowledge base costs ~150 ms, so an example is a whole knowledge base and its questions, and
knowledge bases are cached (one that Hypothesis tries again is not loaded again).
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
EXAMPLES = int(os.environ.get("SHARING_RULES_PROOF_EXAMPLES", "0") or 0) or (5_000 if LONG else 100)
"""Knowledge bases tried: 100, 5,000 in the long profile, or as SHARING_RULES_PROOF_EXAMPLES says."""
PROFILE = settings(
    max_examples=EXAMPLES,
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


DAYS = (
    date(2001, 6, 15),
    date(2002, 2, 28),
    date(2013, 7, 1),
    date(2019, 12, 11),
    date(2019, 12, 12),
    date(2020, 1, 31),
    date(2021, 3, 15),
    date(2022, 6, 15),
    date(2024, 9, 30),
)
"""The days random relationships start, end, are signed or known on: few, so that periods meet and nest.
Only the Commission's acts may be older than Eurojust (the first day)."""
MONTHS = ("2002-02", "2019-12", "2020-02", "2021-03")
YEARS = (2002, 2019, 2020, 2021)
NEEDS_AGREEMENT = {ref.LIAISON_PROSECUTOR: (ref.AGREEMENT, ref.UNION_AGREEMENT)}
"""A liaison prosecutor is posted under an agreement: a partner has one only with one of those."""


def _days_for(kind: str) -> tuple[date, ...]:
    """The days a relationship of ``kind`` may use: none before Eurojust, unless it is a Commission act."""
    return DAYS if kind in ref.COMMISSION_ACTS else tuple(day for day in DAYS if day >= ref.ESTABLISHED)


@st.composite
def ties(draw: st.DrawFn, kind: str) -> ref.Tie:
    """A relationship dated as precisely as a source may know it: a day, a month, a year or unknown.

    An agreement on cooperation is always signed before 2019-12-12 (Eurojust concludes none after); a
    Union agreement may be applied provisionally before it enters into force, or apply only later.
    """
    days = _days_for(kind)
    precision = draw(st.sampled_from(["day", "day", "month", "year", "unknown", "unknown"]))
    start: date | int | str = "unknown"
    if precision == "day":
        start = draw(st.sampled_from(days))
    elif precision == "month":
        start = draw(st.sampled_from(MONTHS))
    elif precision == "year":
        start = draw(st.sampled_from(YEARS))
    known_by = draw(st.none() | st.sampled_from(days)) if precision == "unknown" else None
    tie = draw(_signed(ref.Tie(kind, start, known_by), days))
    if kind == ref.UNION_AGREEMENT:
        tie = draw(_applied(tie, days))
    until = draw(st.none() | st.none() | st.sampled_from(days))
    certain = tie.first_certain
    if until is not None and certain is not None and until >= certain:
        tie = ref.Tie(kind, tie.start, tie.known_by, tie.signed, until, tie.provisional, tie.applies_from)
    return tie


@st.composite
def _signed(draw: st.DrawFn, tie: ref.Tie, days: tuple[date, ...]) -> ref.Tie:
    """``tie`` with a signature, perhaps, never after it is in force.

    An agreement on cooperation always has one, before 2019-12-12.
    """
    entered = tie.entry_certain
    signable = [d for d in days if entered is None or d <= entered]
    if tie.kind == ref.AGREEMENT:
        signable = [d for d in signable if d < ref.REGULATION_APPLIES]
        if not signable:  # in force before 2002-02-28 (not possible): of unknown date instead
            return ref.Tie(tie.kind, "unknown", None, ref.ESTABLISHED)
        return ref.Tie(tie.kind, tie.start, tie.known_by, draw(st.sampled_from(signable)))
    signed = draw(st.none() | st.none() | st.sampled_from(signable)) if signable else None
    return ref.Tie(tie.kind, tie.start, tie.known_by, signed)


@st.composite
def _applied(draw: st.DrawFn, tie: ref.Tie, days: tuple[date, ...]) -> ref.Tie:
    """A Union agreement as it is, applied provisionally before it enters into force, or only later."""
    how = draw(st.sampled_from(["plain", "plain", "provisional", "applies_from"]))
    low = max(filter(None, (tie.signed, ref.ESTABLISHED)))
    high = tie.entry_certain
    if how == "provisional":
        choices = [d for d in days if d >= low and (high is None or d <= high)]
        if choices:
            day = draw(st.sampled_from(choices))
            return ref.Tie(tie.kind, tie.start, tie.known_by, tie.signed, provisional=day)
    elif how == "applies_from" and isinstance(tie.start, date):
        choices = [d for d in days if d >= tie.start]
        if choices:
            day = draw(st.sampled_from(choices))
            return ref.Tie(tie.kind, tie.start, tie.known_by, tie.signed, applies_from=day)
    return tie


@st.composite
def relationship_sets(draw: st.DrawFn) -> tuple[ref.Tie, ...]:
    """A random set of relationships, each dated at random (a liaison prosecutor only with an agreement).

    A liaison prosecutor whose drawn dates would put it in force before the agreement it is posted under
    could have applied is given an unknown date instead: the loader refuses such dates.
    """
    kinds = draw(st.frozensets(st.sampled_from(ref.RELATIONSHIPS)))
    kinds = frozenset(k for k in kinds if not set(NEEDS_AGREEMENT.get(k, (k,))).isdisjoint(kinds))
    drawn = tuple(draw(ties(kind)) for kind in sorted(kinds))
    holder = ref.Partner("\0", drawn)
    fitted = []
    for tie in drawn:
        floor, certain = holder.floor(tie), tie.first_certain
        too_early = floor is not None and certain is not None and certain < floor
        fitted.append(ref.Tie(tie.kind, "unknown") if too_early else tie)
    return tuple(fitted)


ROOT = Path(__file__).resolve().parents[2]
"""The top of the checkout, where the shipped rules directory is."""


def _union_spellings() -> frozenset[str]:
    """Every name and code member_states.yaml gives the Union's places: a partner may never take one.

    Own-language names, long names and territories such as Guadeloupe: the loader refuses a partner with one.
    """
    content = yaml.safe_load((ROOT / "rules" / "member_states.yaml").read_text(encoding="utf-8"))
    found: set[str] = set()
    for state in content["member_states"]:
        for place in (state, *state.get("territories", ())):
            for key in ("name", "iso_alpha2", "iso_alpha3"):
                if key in place:
                    found.add(ref.name_key(place[key]))
            found.update(ref.name_key(alias) for alias in place.get("aliases", ()))
    return frozenset(found)


_UNION_SPELLINGS = _union_spellings()


@st.composite
def partner_lists(draw: st.DrawFn) -> tuple[ref.Partner, ...]:
    """Random partners: organisations with random unique names, and some real non-EU countries."""
    taken = {ref.name_key(name) for names in ref.MEMBER_STATES for name in names}
    taken |= {ref.name_key(name) for country in ref.THIRD_COUNTRIES for name in country}
    taken |= _UNION_SPELLINGS
    partners = []
    for name, alpha2, alpha3 in draw(st.lists(st.sampled_from(ref.THIRD_COUNTRIES), max_size=4, unique=True)):
        aliases = tuple(_fresh_name(draw, taken) for _ in range(draw(st.integers(0, 2))))
        partners.append(ref.Partner(name, draw(relationship_sets()), alpha2, alpha3, aliases))
    for _ in range(draw(st.integers(0, 8))):
        name = _fresh_name(draw, taken)
        aliases = tuple(_fresh_name(draw, taken) for _ in range(draw(st.integers(0, 3))))
        partners.append(ref.Partner(name, draw(relationship_sets()), aliases=aliases))
    return tuple(draw(st.permutations(partners)))


@dataclass(frozen=True)
class World:
    """A random knowledge base: its partners, and the hypothetical rules added to the shipped ones."""

    partners: tuple[ref.Partner, ...]
    hypothetical: tuple[ref.Provision, ...] = ()

    @property
    def model(self) -> ref.Knowledge:
        """The reference model of this knowledge base."""
        names = {p.name for p in self.partners}
        former = {name: day for name, day in ref.LEFT.items() if name in names}
        return ref.Knowledge(self.partners, (*ref.LAW, *self.hypothetical), former)


def rule_yaml(rule: ref.Provision) -> str:
    """A hypothetical rule written as an entry of ``eligibility.yaml`` (it cites Article 47(2), as a test)."""
    when: dict[str, object] = {}
    for key in ("has", "has_any", "lacks"):
        if getattr(rule, key):
            when[key] = list(getattr(rule, key))
    entry: dict[str, object] = {
        "id": rule.id,
        "title": f"A rule the law does not have ({rule.id})",
        "effect": rule.effect,
        "when": when,
        "data_types": list(rule.kinds),
    }
    if rule.basis is not None:
        entry |= {"basis": rule.basis, "conditions": list(rule.conditions)}
    entry |= {"statements": ["REG-47-2"], "status": "stated", "explanation": "Only for testing."}
    if rule.law is not None:
        entry["law"] = rule.law
    if rule.first is not None:
        entry["from"] = rule.first
    if rule.last is not None:
        entry["until"] = rule.last
    return yaml.safe_dump([entry], sort_keys=False)


def eligibility_yaml(world: World) -> str:
    """The text of ``eligibility.yaml``: the shipped rules, and the hypothetical ones."""
    text = (shipped_rules() / "eligibility.yaml").read_text(encoding="utf-8")
    added = "".join(rule_yaml(rule) for rule in world.hypothetical)
    return text.rstrip("\n") + "\n" + "".join(f"  {line}\n" for line in added.splitlines())


def member_states_yaml(world: World) -> str:
    """The text of ``member_states.yaml``: the shipped one, less a former Member State that is no partner."""
    text = (shipped_rules() / "member_states.yaml").read_text(encoding="utf-8")
    if ref.UNITED_KINGDOM in {p.name for p in world.partners}:
        return text
    return text[: text.index("\nformer_member_states:")] + "\n"


def invariants_yaml(world: World) -> str:
    """The text of ``invariants.yaml``: the shipped one, less its check on a partner the world lacks."""
    document = yaml.safe_load((shipped_rules() / "invariants.yaml").read_text(encoding="utf-8"))
    names = {p.name for p in world.partners}
    for invariant in document["invariants"]:
        refused = invariant.get("refused_until", {})
        invariant["refused_until"] = {name: day for name, day in refused.items() if name in names}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def partners_yaml(partners: tuple[ref.Partner, ...]) -> str:
    """The text of a ``partners.yaml`` listing ``partners``."""
    document = {"partners": [partner.as_yaml_entry() for partner in partners]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def write_world(rules: Path, world: World) -> None:
    """Write ``world`` into the rules directory ``rules`` (a copy of the shipped one)."""
    (rules / "partners.yaml").write_text(partners_yaml(world.partners), encoding="utf-8")
    (rules / "eligibility.yaml").write_text(eligibility_yaml(world), encoding="utf-8")
    (rules / "member_states.yaml").write_text(member_states_yaml(world), encoding="utf-8")
    (rules / "invariants.yaml").write_text(invariants_yaml(world), encoding="utf-8")


def load_world(tmp_path: Path, world: World) -> KnowledgeBase:
    """A knowledge base of ``world``, loaded from a fresh copy of the shipped rules under ``tmp_path``."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    write_world(rules, world)
    return load_knowledge(rules)


@pytest.fixture(scope="module")
def load_partners(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[World], KnowledgeBase]]:
    """Load the shipped rules with a random world written in (cached: the same world loads once)."""
    rules = tmp_path_factory.mktemp("differential") / "rules"
    shutil.copytree(shipped_rules(), rules)

    @functools.lru_cache(maxsize=32)
    def load(world: World) -> KnowledgeBase:
        write_world(rules, world)
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


BOUNDARIES = (
    ref.ESTABLISHED,
    ref.DECISION_TAKES_EFFECT,
    ref.DECISION_AMENDED,
    ref.REGULATION_APPLIES,
    ref.SPEAKS_FOR,
    *ref.JOINED.values(),
    *ref.LEFT.values(),
    *ref.TRANSITION.values(),
    *(day for rule in ref.HYPOTHETICAL for day in (rule.first, rule.last) if day is not None),
)
"""The days on which the law, Eurojust, the knowledge or the membership of the Union change."""


def changing_days(partners: Iterable[ref.Partner]) -> tuple[date, ...]:
    """Each day around a day on which something changes, a day long before and one long after.

    What changes: the law, Eurojust, the Union, the knowledge, or a relationship of ``partners``.
    """
    days = {day + timedelta(days=shift) for day in BOUNDARIES for shift in (-1, 0, 1)}
    days |= {day for partner in partners for tie in partner.ties for day in tie.days()}
    days |= {date(2000, 1, 1), date(2030, 1, 1)}
    return tuple(sorted(days))


def asked_days(world: World) -> tuple[date | None, ...]:
    """The days questions are about: today, and each day around a day on which something changes."""
    return (None, *changing_days(world.partners))


def question_batch(rng: random.Random, world: World, drawn: list[str]) -> list[Question]:
    """A batch of random questions about ``world``; ``drawn`` are odd texts Hypothesis made up."""
    partners = world.partners
    named = {p.name for p in partners} | set(ref.LEFT)  # see NOT_RECOGNISED_WHEN_NO_PARTNER
    absent = [country for country in ref.THIRD_COUNTRIES if country[0] not in named]
    kinds = ["nonsense", "member state"] + ["partner"] * 4 * bool(partners) + ["other country"] * bool(absent)
    days = asked_days(world)
    batch = []
    for _ in range(QUESTIONS):
        kind = rng.choice(kinds)
        meant: str | None = None
        if kind == "partner":
            partner = rng.choice(partners)
            text, meant = variant(rng, rng.choice(partner.spellings)), partner.name
        elif kind == "member state":
            names = rng.choice(
                [*ref.MEMBER_STATES, *[m for m in ref.MEMBER_STATES if m[0] in ref.JOINED] * 8]
            )
            text, meant = variant(rng, rng.choice(names)), names[0]
        elif kind == "other country":
            country = rng.choice(absent)
            text, meant = variant(rng, rng.choice(country)), country[0]
        else:
            text = nonsense(rng, drawn)
        data_type = data_type_spelling(rng) if rng.random() < 0.8 else nonsense(rng, drawn)
        batch.append(Question(text, data_type, meant, rng.choice(days)))
    return batch


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A random knowledge base: random partners, and some of the hypothetical rules."""
    partners = draw(partner_lists())
    hypothetical = tuple(rule for rule in ref.HYPOTHETICAL if draw(st.booleans()))
    return World(partners, hypothetical)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[World, list[Question]]:
    """A random knowledge base and a batch of questions about it.

    The knowledge base is drawn (and shrunk) by Hypothesis; the questions come from a seeded generator
    (the seed is drawn), with a few odd texts drawn by Hypothesis mixed in: drawing fifty questions
    choice by choice would cost four times the rest of the example.
    """
    world = draw(worlds())
    drawn = draw(st.lists(st.text(max_size=30), max_size=3))
    seed = draw(st.integers(0, 2**32 - 1))
    return world, question_batch(random.Random(seed), world, drawn)


# -- the comparison -----------------------------------------------------------------------------------


def certainly_no_data_type(text: str) -> bool:
    """Whether ``text`` cannot be any spelling of a kind of information (it has a digit, a symbol...)."""
    return not text.strip() or any(not (ch.isalpha() or ch.isspace() or ch in "_-.'") for ch in text)


PARTNER_REFUSALS: dict[ref.Verdict, tuple[type[SharingRulesError], ...]] = {
    ref.Verdict.PARTNER: (),
    ref.Verdict.OTHER_COUNTRY: (),
    ref.Verdict.MEMBER_STATE: (),  # refused on the days it is one (see ``check``)
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


WARNING_KINDS = (
    ("did not exist yet", "established"),
    ("the day this knowledge speaks for", "speaks_for"),
    ("applies only from", "pending"),
    ("may already have been in force", "withheld"),
    ("may already be in force", "applied"),
)
"""How each kind of warning the reference model knows of can be told in the engine's text."""


def warning_kinds(warnings: tuple[str, ...]) -> frozenset[str]:
    """The kinds of the engine's warnings ("unknown" for a warning the model does not know of)."""
    return frozenset(
        next((kind for fragment, kind in WARNING_KINDS if fragment in text), f"unknown: {text[:60]}")
        for text in warnings
    )


def expected_of(decision: Decision, expected: ref.Answer) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """What the engine decided and what the model expects, side by side, in comparable form."""
    got = (
        decision.outcome.value,
        decision.allowed,
        decision.basis,
        decision.bases,
        frozenset(reason.rule for reason in decision.reasons),
        decision.instruments,
        tuple(condition.id for condition in decision.conditions),
        tuple(route.rule for route in decision.routes),
        decision.relationships,
        decision.provisional,
        decision.law,
        warning_kinds(decision.warnings),
    )
    want = (
        expected.outcome.value,
        expected.allowed,
        expected.basis,
        expected.bases,
        expected.rules,
        expected.instruments,
        expected.conditions,
        expected.routes,
        expected.relationships,
        expected.provisional,
        expected.law,
        expected.warnings,
    )
    return got, want


FIELDS = (
    "outcome",
    "allowed",
    "basis",
    "bases",
    "rules",
    "instruments",
    "conditions",
    "routes",
    "in force",
    "provisional",
    "law",
    "warnings",
)


NOT_RECOGNISED_WHEN_NO_PARTNER = (
    "the engine does not know the United Kingdom by that name when the knowledge does not name it as a"
    " partner (no everyday name for GB among the ISO names): such a question is refused, which fails closed"
)
"""Why the generator never asks about the United Kingdom as a country the knowledge does not name."""


def compare(question: Question, decision: Decision, expected: ref.Answer) -> frozenset[str]:
    """The decision is the reference model's, field by field; returns what the question tried."""
    got, want = expected_of(decision, expected)
    differ = {name: (g, w) for name, g, w in zip(FIELDS, got, want, strict=True) if g != w}
    assert not differ, f"{question}: engine and reference differ (engine, reference): {differ}"
    tried = {f"outcome {expected.outcome.value}", *(f"warning {kind}" for kind in expected.warnings)}
    tried |= {"fail-closed on an uncertain relationship"} if expected.doubted else set()
    tried |= {"a route"} if expected.routes else set()
    tried |= {"several bases"} if len(expected.bases) > 1 else set()
    tried |= {f"relationship {kind} provisional" for kind in expected.provisional}
    tried |= {f"relationship {kind} uncertain" for kind in expected.uncertain}
    tried |= {f"rule {rule}" for rule in expected.rules if rule.startswith("TEST-")}
    return frozenset(tried)


def check(knowledge: KnowledgeBase, model: ref.Knowledge, question: Question) -> frozenset[str]:
    """The engine answers ``question`` as the reference model does, or refuses it as it must.

    Returns what the question tried (for the tally).
    """
    where = model.resolve(question.partner)
    if question.meant is not None:
        assert where.name == question.meant, f"generator and reference disagree on {question.partner!r}"
    data_type = ref.data_type_of(question.data_type)
    refused = model.refused(where, question.as_of)
    acceptable = PARTNER_REFUSALS[where.verdict] + ((UnknownDataTypeError,) if data_type is None else ())
    if refused:
        acceptable += (NotAThirdCountryError,)
    must_refuse = (
        refused
        or where.verdict is ref.Verdict.UNKNOWN
        or (data_type is None and certainly_no_data_type(question.data_type))
    )
    decision = ask(knowledge, question)
    if isinstance(decision, SharingRulesError):
        assert isinstance(decision, acceptable), f"{question}: refused with {decision!r}"
        if isinstance(decision, NotAThirdCountryError):
            assert refused or data_type is None, f"{question}: refused as a Member State on that day"
        return frozenset({f"refused: {type(decision).__name__}"})
    assert not must_refuse, f"{question}: expected one of {acceptable}, got a decision {decision.outcome}"
    if data_type is not None:
        assert decision.data_type.value == data_type, f"{question}: read as {decision.data_type}"
    if where.verdict is ref.Verdict.PARTNER:
        assert decision.partner == where.name, f"{question}: answered for {decision.partner}"
        return compare(question, decision, model.answer(where.name, decision.data_type.value, question.as_of))
    # a country the knowledge does not name: it has no relationship
    assert decision.partner not in {p.name for p in model.partners}, f"{question}: {decision.partner}"
    tried = compare(question, decision, model.answer(None, decision.data_type.value, question.as_of))
    return tried | {"a country the knowledge does not name"}


@dataclass
class Tally:
    """How much the differential test checked in this run."""

    examples: int = 0
    questions: int = 0
    tried: Counter[str] = field(default_factory=Counter)
    """How many questions tried each thing (an outcome, a warning, a refusal, ...)."""


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    """Counts the knowledge bases and questions checked; prints the count at the end (seen with -s)."""
    counted = Tally()
    started = time.perf_counter()
    yield counted
    elapsed = time.perf_counter() - started
    print(
        f"\ndifferential test ({'long' if LONG else 'fast'} profile, {EXAMPLES} examples asked):"
        f" {counted.examples} knowledge bases, {counted.questions} questions, {elapsed:.1f} s,"
        " 0 disagreements; questions that tried:"
    )
    for thing, count in sorted(counted.tried.items()):
        print(f"  {count:9d}  {thing}")


@PROFILE
@given(scenario=scenarios())
def test_the_engine_decides_as_the_reference_model(
    load_partners: Callable[[World], KnowledgeBase],
    tally: Tally,
    scenario: tuple[World, list[Question]],
) -> None:
    """On a random knowledge base, every random question gets the reference model's decision or error."""
    world, batch = scenario
    knowledge = load_partners(world)
    model = world.model
    assert [p.name for p in knowledge.partners] == [p.name for p in world.partners]
    for question in batch:
        tally.tried.update(check(knowledge, model, question))
    tally.examples += 1
    tally.questions += len(batch)


def test_the_reference_model_matches_the_shipped_knowledge() -> None:
    """The reference model, given the shipped partners, decides every shipped question as the engine does.

    Every partner by every spelling, about every kind, today; and every kind on each day around a day on
    which one of its relationships, the law, Eurojust or the Union changes.
    """
    partners = ref.read_partners(shipped_rules() / "partners.yaml")
    knowledge = load_knowledge()
    model = ref.Knowledge(partners)
    for partner in partners:
        for spelling in partner.spellings:
            for data_type in ref.DATA_TYPES:
                check(knowledge, model, Question(spelling, data_type, partner.name))
        for day in changing_days([partner]):
            for data_type in ref.DATA_TYPES:
                check(knowledge, model, Question(partner.name, data_type, partner.name, day))


@pytest.mark.parametrize(
    ("asked", "meant"),
    [("KIL", "Beta"), ("IT", "Italy")],
    ids=["another partner's alias", "a Member State's code"],
)
def test_a_case_variant_of_one_name_never_captures_another(tmp_path: Path, asked: str, meant: str) -> None:
    """A name is never taken for a partner whose alias merely has the same upper case (dotless i)."""
    alpha = ref.Partner("Alpha", ref.always(ref.AGREEMENT), aliases=("k\u0131l", "\u0131t"))
    beta = ref.Partner("Beta", ref.always(ref.CONTACT_POINT), aliases=("KIL",))
    world = World((alpha, beta))
    knowledge = load_world(tmp_path, world)
    model = world.model
    assert model.resolve(asked).name == meant
    check(knowledge, model, Question(asked, "personal_data", meant))


@pytest.mark.parametrize(
    "asked",
    ["GF\u0301", "N\u00d3", "\uff2e\uff2f", "\u212aE", "N\u0308O"],
    ids=["combining accent", "accented letter", "full-width letters", "Kelvin sign", "accent inside"],
)
def test_a_code_is_matched_only_as_written_in_ascii(tmp_path: Path, asked: str) -> None:
    """An ISO code folded from other letters is no code, for the engine and the reference alike.

    Codes are ASCII; accent folding is for names. "GF" with a combining accent is not French Guiana (refused
    as part of France), "NÓ" not Norway's NO, "NO" in full-width letters neither: each is an unknown partner.
    """
    world = World((ref.Partner("Norway", ref.always(ref.AGREEMENT), "NO", "NOR"),))
    knowledge = load_world(tmp_path, world)
    model = world.model
    assert model.resolve(asked).verdict is ref.Verdict.UNCERTAIN
    assert check(knowledge, model, Question(asked, "strategic")) == {"refused: UnknownPartnerError"}
    for written in ("NO", "n.o.", "the No", "\u3000no\u00a0"):  # still the code, whatever its case or spacing
        assert model.resolve(written).name == "Norway"
        check(knowledge, model, Question(written, "personal_data", "Norway"))


def test_a_country_stays_a_country_when_an_organisation_uses_its_code(tmp_path: Path) -> None:
    """Brazil is still a country with no relationship when an organisation happens to be called "BR"."""
    organisation = ref.Partner("Bureau Regional", ref.always(ref.AGREEMENT), aliases=("BR",))
    world = World((organisation,))
    knowledge = load_world(tmp_path, world)
    model = world.model
    assert model.resolve("Brazil").verdict is ref.Verdict.OTHER_COUNTRY
    check(knowledge, model, Question("Brazil", "strategic", "Brazil"))
    check(knowledge, model, Question("Brazil", "personal_data", "Brazil"))


def test_apostrophes_are_ignored_by_engine_and_reference_alike(tmp_path: Path) -> None:
    """A partner named "G" asked about as "G.'" is the same partner for the engine and the reference."""
    partner = ref.Partner("G", ref.always(ref.AGREEMENT))
    world = World((partner,))
    knowledge = load_world(tmp_path, world)
    model = world.model
    assert model.resolve("\nG\n.'").name == "G"
    check(knowledge, model, Question("\nG\n.'", "PERSONAL DATA", "G", date(2019, 6, 30)))


def test_an_uncertain_relationship_is_no_instrument(tmp_path: Path) -> None:
    """An uncertain relationship is no instrument of an allowed decision, nor relied on by its reasons.

    An agreement certainly in force and a Union agreement of unknown date: strategic information is allowed
    on the agreement and Article 47(2) alone.
    """
    partner = ref.Partner(
        "Norway",
        (
            ref.Tie(ref.AGREEMENT, date(2002, 6, 15), signed=date(2002, 6, 1)),
            ref.Tie(ref.UNION_AGREEMENT, "unknown"),
        ),
        "NO",
        "NOR",
    )
    knowledge = load_world(tmp_path, World((partner,)))
    decision = evaluate("Norway", "strategic", as_of=date(2024, 9, 30), knowledge=knowledge)
    assert decision.allowed
    relied = {kind for reason in decision.reasons for kind in reason.relationships}
    assert (decision.instruments, relied) == ((ref.AGREEMENT,), {ref.AGREEMENT})


def test_a_prohibition_an_uncertain_relationship_would_lift_is_warned(tmp_path: Path) -> None:
    """A decision that is not allowed, but would be were an uncertain relationship in force, says so.

    A hypothetical rule prohibits strategic information to a partner with a liaison prosecutor and no
    contact point; the partner's contact point is of unknown date. Prohibited (fail closed), with a warning
    that the uncertain contact point would change it.
    """
    rule = ref.Provision(
        "TEST-LP-WITHOUT-CP",
        "prohibit",
        (ref.STRATEGIC,),
        has=(ref.LIAISON_PROSECUTOR,),
        lacks=(ref.CONTACT_POINT,),
    )
    ties_ = (*ref.always(ref.AGREEMENT, ref.LIAISON_PROSECUTOR), ref.Tie(ref.CONTACT_POINT, "unknown"))
    world = World((ref.Partner("Norway", ties_, "NO", "NOR"),), (rule,))
    knowledge = load_world(tmp_path, world)
    decision = evaluate("Norway", "strategic", as_of=date(2024, 9, 30), knowledge=knowledge)
    assert decision.outcome.value == "prohibited"
    assert world.model.answer("Norway", "strategic", date(2024, 9, 30)).outcome is ref.Outcome.PROHIBITED
    assert any("contact point" in warning for warning in decision.warnings), decision.warnings
