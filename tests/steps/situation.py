"""What a scenario has set up and asked so far, shared by every step definition.

A scenario speaks about the partners the source names (the shipped knowledge) or about partners it gives
itself ("a partner "Examplestan" with a working arrangement"). The latter are added, as organisations (which
need no ISO codes), to a private copy of the shipped rules directory, together with any edit of a rule the
scenario asks for; the copy is loaded on the first question, and the shipped knowledge is never touched.
A scenario may also load an amendment (examples/amendments/) on top of the knowledge, give its partners'
relationships dates ("in force from 2030-01-01"), and ask about a date of its own; unless it says one, a
question is asked as of the day the page speaks for (2024-09-30), on which its statements hold.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharing_rules import (
    Change,
    DataType,
    Decision,
    KnowledgeBase,
    KnowledgeDiff,
    Partner,
    SharingRulesError,
    default_knowledge,
    load_knowledge,
    shipped_rules,
)

RuleEdit = Callable[[dict[str, Any]], None]
"""A change to one rule of eligibility.yaml, made on its parsed YAML mapping."""

_ARTICLE = re.compile(r"^(?:a|an|the|its)\s+", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+")

REPOSITORY = Path(__file__).resolve().parents[2]
"""The top of the checkout: amendments named by a scenario ("examples/amendments/armenia") are found here."""

DAY = r"\d{4}-\d{2}-\d{2}"
"""A day as the features write it: an ISO date (2030-01-01)."""

MONTH = r"\d{4}-\d{2}"
"""A month as the features write it (2026-10)."""

DATING = (
    r"(?P<dating>(?: signed on| in force| whose date of entry into force| whose signature| known to be)"
    r" [^\"]+)"
)
"""When a relationship the scenario gives is in force, as the features write it after its label."""

_DATING = re.compile(
    rf"(?: signed on (?P<signed>{DAY}))?"
    rf"(?:, applied provisionally from (?P<provisional>{DAY}))?"
    rf"(?:,? in force(?: from (?:(?P<first>{DAY})|a day in (?P<month>{MONTH})))?(?: until (?P<last>{DAY}))?"
    rf"(?:, applying from (?P<applies>{DAY}))?"
    r"| (?P<unrecorded>whose date of entry into force is not known)"
    rf"(?:, known to be in force on (?P<known>{DAY}))?"
    r"| (?P<unsigned>whose signature is not recorded))?"
)


def kind_of_information(words: str) -> DataType:
    """The kind of information that ``words`` names: its label in data_types.yaml ("evidence")."""
    labels = {definition.label: kind for kind, definition in default_knowledge().data_types.items()}
    found = labels.get(words.strip())
    if found is None:
        raise AssertionError(f"no kind of information is labelled {words!r}; the labels are {sorted(labels)}")
    return found


def relationship_kind(words: str) -> str:
    """The relationship that ``words`` names: its label in relationships.yaml, with or without an article."""
    labels = {kind.label: kind.id for kind in default_knowledge().relationship_kinds.values()}
    found = labels.get(_ARTICLE.sub("", words.strip()))
    if found is None:
        raise AssertionError(f"no relationship is labelled {words!r}; the labels are {sorted(labels)}")
    return found


def relationship_label(kind: str) -> str:
    """How the knowledge names a relationship ("agreement on cooperation")."""
    return default_knowledge().relationship_kinds[kind].label


def a_day(words: str) -> date:
    """The day that ``words`` names: an ISO date ("2030-01-01")."""
    try:
        return date.fromisoformat(words.strip())
    except ValueError:
        raise AssertionError(f"{words!r} is not a day: write it as YYYY-MM-DD") from None


@dataclass(frozen=True, slots=True)
class GivenRelationship:
    """A relationship of a partner the scenario gives, with the dates it is signed and in force, if any."""

    kind: str
    signed: date | None = None
    first: date | str | None = None
    """When it entered into force (``from``): a day, a month ("2026-10") or "unknown"; None: as long as
    Eurojust exists (the scenario does not care)."""
    last: date | None = None
    """The last day in force (``until``)."""
    known: date | None = None
    """With an unknown start: a day it is known to be in force (``known_by``)."""
    provisional: date | None = None
    """The day from which it is applied provisionally (``provisional``)."""
    applies: date | None = None
    """The day from which it applies, after its entry into force (``applies_from``)."""
    unsigned: bool = False
    """The scenario says its signature is not recorded: no ``signed`` is written at all."""

    def entry(self, statement: str) -> dict[str, Any]:
        """The relationship as an entry of partners.yaml, citing ``statement``.

        A kind that must say when it was signed (an agreement on cooperation: before 2019-12-12) and whose
        signature the scenario does not give was signed the day Eurojust was set up.
        """
        entry: dict[str, Any] = {"kind": self.kind, "statements": [statement]}
        knowledge = default_knowledge()
        start = self.first if self.first is not None else knowledge.established
        signed = self.signed
        if signed is None and not self.unsigned and knowledge.relationship_kinds[self.kind].signed_before:
            signed = knowledge.established
        dates = {
            "signed": signed,
            "provisional": self.provisional,
            "from": start,
            "known_by": self.known,
            "applies_from": self.applies,
            "until": self.last,
        }
        entry.update({key: day for key, day in dates.items() if day is not None})
        return entry


def given_relationship(relationship: str, dating: str | None = None) -> GivenRelationship:
    """The relationship ``relationship`` names ("a working arrangement"), dated as ``dating`` says.

    ``dating`` is what follows the label: " in force from 2030-01-01", " in force until 2020-12-31",
    " signed on 2029-06-01, in force from 2030-01-01 until 2035-12-31", or
    " signed on 2024-04-05 whose date of entry into force is not recorded"; None for no dates at all.
    """
    kind = relationship_kind(relationship)
    if dating is None:
        return GivenRelationship(kind)
    found = _DATING.fullmatch(dating)
    if found is not None and found["unsigned"]:
        return GivenRelationship(kind, unsigned=True)
    if found is None or not (found["first"] or found["month"] or found["last"] or found["unrecorded"]):
        raise AssertionError(
            f"{dating.strip()!r} does not say when the {relationship_label(kind)} is in force: write"
            " 'in force from YYYY-MM-DD' (or 'from a day in YYYY-MM'), 'in force until YYYY-MM-DD', both, or"
            " 'whose date of entry into force is not known' (', known to be in force on YYYY-MM-DD'),"
            " each optionally after 'signed on YYYY-MM-DD'"
        )
    first: date | str | None = None
    if found["month"]:
        first = found["month"]
    elif found["first"]:
        first = a_day(found["first"])
    elif found["unrecorded"]:
        first = "unknown"
    return GivenRelationship(
        kind,
        signed=a_day(found["signed"]) if found["signed"] else None,
        first=first,
        last=a_day(found["last"]) if found["last"] else None,
        known=a_day(found["known"]) if found["known"] else None,
        provisional=a_day(found["provisional"]) if found["provisional"] else None,
        applies=a_day(found["applies"]) if found["applies"] else None,
    )


def amendment_directory(words: str) -> Path:
    """The amendment directory a scenario names, relative to the top of the checkout."""
    path = REPOSITORY / words
    if not (path / "amendment.yaml").is_file():
        raise AssertionError(f"{words!r} is no amendment directory (with an amendment.yaml) in {REPOSITORY}")
    return path


@functools.cache
def amended_knowledge(amendments: tuple[Path, ...]) -> KnowledgeBase:
    """The shipped knowledge with these amendments loaded on top, read once per run (it is immutable)."""
    return load_knowledge(amendments=amendments)


def listed(words: str) -> tuple[str, ...]:
    """The items of a list written as prose: "AGR-1, AGR-2 and WA-2" or "AGR-1 and AGR-2"."""
    return tuple(item for item in _LIST_SEPARATOR.split(words.strip()) if item)


class Situation:
    """The partners and rules a scenario has set up, the partner it is about, and the answers it got."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Nothing set up and nothing asked; a copy of the rules goes under ``tmp_path_factory`` if needed."""
        self._tmp_path_factory = tmp_path_factory
        self._given_partners: dict[str, list[GivenRelationship]] = {}
        self._rule_edits: list[tuple[str, RuleEdit]] = []
        self._withdrawals: list[dict[str, Any]] = []
        self._amendments: list[Path] = []
        self._knowledge: KnowledgeBase | None = None
        self.partner: str | None = None
        """The partner the scenario is about: what "it" means in a step."""
        self.decision: Decision | None = None
        self.decisions: Mapping[DataType, Decision] = {}
        self.refusal: SharingRulesError | None = None
        self.record: Partner | None = None
        self.listed: tuple[Partner, ...] = ()
        self.change: Change | None = None
        """A change of decision a step found, for the next step to look into."""
        self.on_day: date | None = None
        """The day a step looks at every partner on."""
        self.comparison: KnowledgeDiff | None = None
        """The decisions that change between two versions or two dates of the knowledge, once compared."""
        self.compared_with: KnowledgeBase | None = None
        """The knowledge on the new side of that comparison."""

    # -- setting up --------------------------------------------------------------------------------

    def give_partner(self, name: str, relationships: tuple[GivenRelationship, ...]) -> None:
        """Add a partner of the scenario's own, with these relationships, and make it the one spoken of."""
        self._before_questions("a partner")
        if name in self._given_partners:
            raise AssertionError(f"the scenario already gave a partner called {name!r}")
        self._given_partners[name] = list(relationships)
        self.partner = name

    def add_relationship(self, relationship: GivenRelationship) -> None:
        """Give the partner the scenario is about one more relationship."""
        self._before_questions("a relationship")
        name = self.about()
        if name not in self._given_partners:
            raise AssertionError(f"{name} is a partner the source names: its relationships are the source's")
        if relationship.kind in {r.kind for r in self._given_partners[name]}:
            raise AssertionError(f"{name} already has the relationship {relationship.kind}")
        self._given_partners[name].append(relationship)

    def withdraw(self, until: date, transition_until: date | None) -> None:
        """Make the partner the scenario gave a former Member State until ``until``, with a transition."""
        self._before_questions("a withdrawal")
        name = self.about()
        if name not in self._given_partners:
            raise AssertionError(f"{name} is a partner the source names: its history is the source's")
        entry: dict[str, Any] = {"partner": name, "until": until, "source": "the scenario's own"}
        if transition_until is not None:
            entry["transition"] = {
                "until": transition_until,
                "statements": ["WDA-126", "WDA-127"],
                "note": "Union law still applied to and in it, as in the scenario's own withdrawal.",
            }
        self._withdrawals.append(entry)

    def amend(self, directory: Path) -> None:
        """Load an amendment on top of the knowledge the scenario speaks about."""
        self._before_questions("an amendment")
        self._amendments.append(directory)

    def edit_rule(self, rule: str, edit: RuleEdit) -> None:
        """Change one eligibility rule in the scenario's copy of the rules."""
        self._before_questions("a change of rule")
        if rule not in {r.id for r in default_knowledge().rules}:
            raise AssertionError(f"there is no rule {rule!r} in eligibility.yaml")
        self._rule_edits.append((rule, edit))

    def _before_questions(self, what: str) -> None:
        if self._knowledge is not None:
            raise AssertionError(f"{what} must be set up before the first question is asked")

    # -- asking ------------------------------------------------------------------------------------

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge the scenario's questions are answered from (built on first use)."""
        if self._knowledge is None:
            self._knowledge = self._read()
        return self._knowledge

    def read_again(self) -> KnowledgeBase:
        """The same knowledge as the scenario's, read afresh from its files."""
        return self._read(fresh=True)

    def amended(self, directory: Path) -> KnowledgeBase:
        """The scenario's knowledge with one more amendment loaded on top."""
        return self._read((directory,))

    @property
    def page_day(self) -> date:
        """The day the page speaks for: the day a question is about unless a scenario says another."""
        return self.knowledge.source.speaks_for

    def about(self) -> str:
        """The partner the scenario is about; a clear failure when no step has named one."""
        if self.partner is None:
            raise AssertionError("no partner has been named yet: start with a Given step that names one")
        return self.partner

    def ask(self, partner: str, data_type: DataType | str, day: date | None = None) -> None:
        """Ask for one decision on ``day`` (by default the day the page speaks for).

        The refusal is kept when the question is refused.
        """
        try:
            self.decision = self.knowledge.decide(partner, data_type, day or self.page_day)
        except SharingRulesError as error:
            self.refusal = error

    def consider(self, partner: str, day: date | None = None) -> None:
        """Ask about every kind of information on ``day`` (by default the day the page speaks for)."""
        when = day or self.page_day
        self.decisions = {kind: self.knowledge.decide(partner, kind, when) for kind in DataType}

    def answer(self) -> Decision:
        """The decision the scenario got; a clear failure when the question was refused instead."""
        if self.refusal is not None:
            raise AssertionError(f"the question was refused: {self.refusal}")
        if self.decision is None:
            raise AssertionError("no question has been asked yet")
        return self.decision

    def refused(self, kind: type[SharingRulesError]) -> SharingRulesError:
        """The refusal the scenario got, which must be of this kind."""
        if self.refusal is None:
            answered = self.decision.outcome.value if self.decision else "nothing"
            raise AssertionError(f"the question was not refused: the answer was {answered}")
        if not isinstance(self.refusal, kind):
            raise AssertionError(
                f"expected {kind.__name__}, got {type(self.refusal).__name__}: {self.refusal}"
            )
        return self.refusal

    def answers(self) -> Mapping[DataType, Decision]:
        """The decisions for every kind of information, from a step that considered them all."""
        if not self.decisions:
            raise AssertionError("no step has considered every kind of information yet")
        return self.decisions

    # -- the scenario's own copy of the rules ------------------------------------------------------

    def _read(self, more_amendments: tuple[Path, ...] = (), *, fresh: bool = False) -> KnowledgeBase:
        """The knowledge the scenario set up, plus ``more_amendments``; ``fresh``: never a copy in memory."""
        amendments = (*self._amendments, *more_amendments)
        if self._given_partners or self._rule_edits or self._withdrawals:
            return self._build(amendments)
        if fresh:
            return load_knowledge(amendments=amendments)
        return amended_knowledge(amendments) if amendments else default_knowledge()

    def _build(self, amendments: tuple[Path, ...]) -> KnowledgeBase:
        directory = self._tmp_path_factory.mktemp("rules")
        shutil.copytree(shipped_rules(), directory, dirs_exist_ok=True)
        shipped = default_knowledge()

        def add_partners(content: dict[str, Any]) -> None:
            for name, given in self._given_partners.items():
                relationships = [
                    # A partner of the scenario's own cites the statement that introduces its relationship.
                    r.entry(shipped.relationship_kinds[r.kind].statements[0])
                    for r in given
                ]
                content["partners"].append(
                    {"name": name, "kind": "organisation", "relationships": relationships}
                )

        def edit_rules(content: dict[str, Any]) -> None:
            by_id = {rule["id"]: rule for rule in content["rules"]}
            for rule, edit in self._rule_edits:
                edit(by_id[rule])

        def add_withdrawals(content: dict[str, Any]) -> None:
            content["former_member_states"] = [*content.get("former_member_states", []), *self._withdrawals]

        if self._given_partners:
            _rewrite(directory / "partners.yaml", add_partners)
        if self._withdrawals:
            _rewrite(directory / "member_states.yaml", add_withdrawals)
        if self._rule_edits:
            _rewrite(directory / "eligibility.yaml", edit_rules)
        return load_knowledge(directory, amendments=amendments)


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def situation(tmp_path_factory: pytest.TempPathFactory) -> Situation:
    """A fresh situation for each scenario: the partners the source names, nothing asked yet."""
    return Situation(tmp_path_factory)
