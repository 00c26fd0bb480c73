"""The validated form of a rules directory: one frozen model per kind of entry.

These models are both the schema of the files in ``rules/`` (unknown keys refused, text must be text)
and the immutable knowledge the rest of the library reads. Cross-references between files are checked
by :mod:`sharing_rules._knowledge`, not here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from enum import Enum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from sharing_rules._vocabulary import Effect, PartnerKind, RuleStatus

Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
StatementId = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]+(-[0-9A-Z]+)+$")]
SectionId = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]+$")]
Identifier = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z0-9_]*$")]
RuleId = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")]
Alpha2 = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{2}$")]
Alpha3 = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{3}$")]
Citations = Annotated[tuple[StatementId, ...], Field(min_length=1)]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ONE_DAY = timedelta(days=1)


class Entry(BaseModel):
    """Base of every model read from ``rules/``: frozen, and no key it does not know."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(Entry):
    """A document the statements come from: the page the knowledge encodes, or the law behind it."""

    id: Identifier
    title: Text
    short: Text | None = None
    """How the document is named when one of its provisions is cited ("the Eurojust Regulation")."""
    publisher: Text
    address: Text


class Section(Entry):
    """A section of a document."""

    id: SectionId
    document: Identifier
    title: Text


class Statement(Entry):
    """One statement: a stable id, the section it stands in, our paraphrase, and where it can be read."""

    id: StatementId
    section: SectionId
    paraphrase: Text
    article: Text | None = None
    """For a provision of a law: its article ("Article 56(2)(b)")."""
    address: Text | None = None
    """Where the statement can be read, when it differs from its document's address."""


class StatementsFile(Entry):
    """``statements.yaml``."""

    documents: Annotated[tuple[Document, ...], Field(min_length=1)]
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    statements: Annotated[tuple[Statement, ...], Field(min_length=1)]


class ConditionDefinition(Entry):
    """A condition an allowed exchange is still subject to ("allowed, provided that ...")."""

    id: RuleId
    text: Text
    """The condition, completing "allowed, provided that ..."."""
    statements: Citations


class ConditionsFile(Entry):
    """``conditions.yaml``."""

    conditions: Annotated[tuple[ConditionDefinition, ...], Field(min_length=1)]


class SourceDocument(Entry):
    """The document a knowledge base encodes."""

    title: Text
    publisher: Text
    address: Text
    description: Text
    snapshot: Text
    speaks_for: date
    """The day the document's lists describe (the knowledge may have been brought up to a later day)."""


class AmendmentFile(Entry):
    """``amendment.yaml``: what an amendment to a knowledge base is and where its facts come from."""

    title: Text
    description: Text
    source: Text


class Law(Entry):
    """A body of law that governed Eurojust's exchanges for a period (a version of its founding act)."""

    model_config = ConfigDict(populate_by_name=True)

    id: Identifier
    title: Text
    valid_from: date = Field(alias="from")
    """The first day it applied."""
    valid_until: date | None = Field(default=None, alias="until")
    """The last day it applied (None: it still applies)."""
    statements: Citations
    """The provisions that say when it applied."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError(f"`until` ({self.valid_until}) is before `from` ({self.valid_from})")
        return self

    def applies(self, day: date) -> bool:
        """Whether it applied on ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class KnowledgeFile(Entry):
    """``knowledge.yaml``."""

    title: Text
    speaks_for: date
    """The date the knowledge describes (the source document's snapshot)."""
    established: date
    """The day Eurojust was set up: no rule is in force before it."""
    established_source: Text
    source: SourceDocument
    laws: tuple[Law, ...] = ()
    """The bodies of law that governed exchanges, in order of time; their periods do not overlap."""

    def law_on(self, day: date) -> Law | None:
        """The body of law that applied on ``day`` (None: none of those the knowledge models)."""
        return next((law for law in self.laws if law.applies(day)), None)

    def law_awaited(self, day: date) -> Law | None:
        """The law of ``day``, or when none applied that day, the next one to apply (None: none)."""
        return self.law_on(day) or next((law for law in self.laws if law.valid_from > day), None)


class DataTypeDefinition(Entry):
    """A kind of information, with the narrower kinds it includes."""

    id: Identifier
    label: Text
    description: Text
    includes: tuple[Identifier, ...] = ()
    note: Text | None = None
    """Said with every decision about this kind of information."""
    statements: Citations
    aliases: tuple[Text, ...] = ()
    """Other spellings people type for this kind of information ("personal information")."""


class DataTypesFile(Entry):
    """``data_types.yaml``."""

    data_types: Annotated[tuple[DataTypeDefinition, ...], Field(min_length=1)]


class SignedBefore(Entry):
    """The day from which an instrument of a kind can no longer be signed (or concluded), and why."""

    day: date
    why: Text
    """Why no later instrument can be of this kind, and what a later one is instead."""
    statements: Citations


class RelationshipKind(Entry):
    """A kind of relationship between Eurojust and a partner."""

    id: Identifier
    short: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{2,4}$")]
    """A short tag for tables (AGR, WA, ...)."""
    label: Text
    description: Text
    statements: Citations
    requires_any: tuple[Identifier, ...] = ()
    """A partner can have this relationship only together with one of these."""
    signed_before: SignedBefore | None = None
    """A relationship of this kind must carry its ``signed`` day, and that day must come before this one."""
    apart_from_eurojust: bool = False
    """An act that exists apart from Eurojust (a Commission adequacy decision): it may be older than
    Eurojust. Every other kind concerns Eurojust and cannot have taken effect before it existed."""


class RelationshipsFile(Entry):
    """``relationships.yaml``."""

    relationships: Annotated[tuple[RelationshipKind, ...], Field(min_length=1)]


class Applicability(Entry):
    """When a rule applies (a rule's ``when``).

    To every partner (``every_partner``), or to a partner that has every relationship in ``has``, at least
    one of ``has_any``, and none in ``lacks`` (``lacks`` alone: every partner without those).
    """

    every_partner: bool = False
    has: tuple[Identifier, ...] = ()
    has_any: tuple[Identifier, ...] = ()
    lacks: tuple[Identifier, ...] = ()

    @model_validator(mode="after")
    def _says_to_whom(self) -> Self:
        named = bool(self.has or self.has_any)
        if self.every_partner and (named or self.lacks):
            raise ValueError("`every_partner` applies to every partner: remove `has`, `has_any` and `lacks`")
        if not self.every_partner and not named and not self.lacks:
            raise ValueError(
                "say to whom the rule applies: `has`, `has_any` or `lacks` relationships, or"
                " `every_partner: true`"
            )
        return self


class Rule(Entry):
    """An eligibility rule: what a relationship (or the Regulation itself) does to kinds of information."""

    model_config = ConfigDict(populate_by_name=True)

    id: RuleId
    title: Text
    effect: Effect
    when: Applicability
    data_types: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    basis: StatementId | None = None
    """For a permission: the provision it is a legal basis under (a statement of the catalogue)."""
    conditions: tuple[RuleId, ...] = ()
    """For a permission: the conditions the exchange is still subject to (``conditions.yaml``)."""
    statements: Citations
    status: RuleStatus
    why: Text | None = None
    scope: Text | None = None
    explanation: Text
    law: Identifier | None = None
    """The body of law it encodes (``knowledge.yaml``, ``laws``): in force only while that law applied, its
    ``from`` and ``until`` being that law's unless the rule narrows them."""
    valid_from: date | None = Field(default=None, alias="from")
    """The first day the rule is in force (the provision it encodes applies); None: since Eurojust exists."""
    valid_until: date | None = Field(default=None, alias="until")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.status is RuleStatus.INTERPRETATION and self.why is None:
            raise ValueError("an interpretation must say why in one line under `why`")
        if self.status is RuleStatus.STATED and self.why is not None:
            raise ValueError(
                "`why` is for interpretations; a stated rule explains itself under `explanation`"
            )
        if self.effect is Effect.PERMIT and self.basis is None:
            raise ValueError("a permission must name the provision it rests on under `basis`")
        if self.effect is not Effect.PERMIT and (self.basis is not None or self.conditions):
            raise ValueError("only a permission has a `basis` and `conditions`: remove them")
        if self.basis is not None and self.basis not in self.statements:
            raise ValueError(f"the basis {self.basis} must also be among the rule's `statements`")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"`until` ({self.valid_until}) is before `from` ({self.valid_from})")
        return self

    def in_force(self, day: date) -> bool:
        """Whether the rule is in force on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


class EligibilityFile(Entry):
    """``eligibility.yaml``."""

    rules: Annotated[tuple[Rule, ...], Field(min_length=1)]


class RestsOnlyOn(Entry):
    """What a basis may rest on: certain kinds of relationship, signed before a day."""

    basis: StatementId
    kinds: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    """Every instrument of a decision on this basis is of one of these kinds."""
    signed_before: date | None = None
    """Each such instrument of a partner of the knowledge was signed before this day."""


class Invariant(Entry):
    """Something the law never allows the rules to decide otherwise, checked on every load.

    It holds on the days from ``from`` to ``until`` for the kinds of information it names (every kind when
    none), for every partner whose relationships in force are among ``with_only`` (any when not given), and
    says what every decision in that scope must be: never allowed, never on a basis, allowed only on some
    bases and with some conditions, resting on some kinds of instrument only; or that a partner is refused
    on the days it is a Member State, or in a transition period after it was one.
    """

    model_config = ConfigDict(populate_by_name=True)

    id: RuleId
    title: Text
    statements: Citations
    valid_from: date | None = Field(default=None, alias="from")
    valid_until: date | None = Field(default=None, alias="until")
    data_types: tuple[Identifier, ...] = ()
    with_only: tuple[Identifier, ...] | None = None
    never_allowed: bool = False
    never_on: tuple[StatementId, ...] = ()
    """No allowed decision names any of these bases."""
    allowed_only_on: tuple[StatementId, ...] = ()
    """Every basis of an allowed decision is one of these."""
    allowed_with: tuple[RuleId, ...] = ()
    """Every allowed decision carries each of these conditions."""
    rests_only_on: RestsOnlyOn | None = None
    refused_as_member_state: bool = False
    refused_until: dict[Text, date] = Field(default_factory=dict)
    """With ``refused_as_member_state``: partners a question about which is refused up to a day, whatever
    member_states.yaml says (a check that the Union's membership is recorded as the law has it)."""

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        said = (
            self.never_allowed,
            self.never_on,
            self.allowed_only_on,
            self.allowed_with,
            self.rests_only_on,
            self.refused_as_member_state,
        )
        if not any(said):
            raise ValueError(
                "say what must hold: `never_allowed`, `never_on`, `allowed_only_on`, `allowed_with`,"
                " `rests_only_on` or `refused_as_member_state`"
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"`until` ({self.valid_until}) is before `from` ({self.valid_from})")
        return self

    def covers(self, day: date) -> bool:
        """Whether it speaks of ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class InvariantsFile(Entry):
    """``invariants.yaml``."""

    invariants: tuple[Invariant, ...]


class Standing(Enum):
    """Where a relationship stands on a given day."""

    IN_FORCE = "in_force"
    UNCERTAIN = "uncertain"
    """It may or may not have entered into force yet: its date of entry into force is not known exactly."""
    NOT_YET = "not_yet_in_force"
    ENDED = "no_longer_in_force"


def standing_on(day: date, bounds: tuple[date | None, date | None, date | None]) -> Standing:
    """Where a relationship with these ``bounds`` (:meth:`Relationship.bounds`) stands on ``day``."""
    until, certain, earliest = bounds
    if until is not None and day > until:
        return Standing.ENDED
    if certain is not None and day >= certain:
        return Standing.IN_FORCE
    if earliest is None or day >= earliest:
        return Standing.UNCERTAIN
    return Standing.NOT_YET


class Extension(Entry):
    """A later act that keeps a relationship in force for longer: an adequacy decision extended or renewed."""

    instrument: Text
    """The act that extends or renews it ("Commission Implementing Decision (EU) 2025/1225")."""
    until: date
    """The last day it is in force under that act."""
    source: Text


class Relationship(Entry):
    """One relationship of a partner, with where it comes from and when it is in force.

    ``from`` says when it entered into force, as precisely as it is known: a day (``2011-07-22``), a month
    (``"2016-10"``), a year (``2005``), or ``unknown``. Unless it is a day, the relationship is *uncertain*
    from the earliest day it can have started (the first day of the month or year, never before its
    signature, nor before Eurojust existed or the instrument it depends on was signed: ``not_before``)
    until the day it is certainly in force: the last day of the month or year, or for ``unknown`` the day
    ``known_by`` on which a source shows it in force (with no ``known_by``, it stays uncertain). An
    uncertain relationship grants nothing.

    An agreement may take effect before it enters into force, by provisional application
    (``provisional``: from that day it grants, and decisions say it is applied provisionally), or only
    after (``applies_from``). ``until`` is the last day it is in force, and ``extended`` the acts that kept
    it in force for longer, each with its new last day.
    """

    model_config = ConfigDict(populate_by_name=True)

    kind: Identifier
    statements: tuple[StatementId, ...] = ()
    """The statements that give the partner this relationship."""
    instrument: Text | None = None
    """The instrument's name ("EU-UK Trade and Cooperation Agreement")."""
    source: Text | None = None
    """Where its dates come from, or a fact the page does not state: the public source, with its address."""
    signed: date | None = None
    start: date | int | Text = Field(alias="from")
    """When it entered into force, as written: a day, "YYYY-MM", a year, or "unknown"."""
    known_by: date | None = None
    """With ``from: unknown``: a day on which a source shows the relationship in force."""
    provisional: date | None = None
    """The day from which it was applied provisionally, before it entered into force."""
    applies_from: date | None = None
    """The day from which it applies, when that is later than its entry into force."""
    ends: date | None = Field(default=None, alias="until")
    """The last day it is in force, as first decided (see ``extended`` and :attr:`valid_until`)."""
    extended: tuple[Extension, ...] = ()
    not_before: date | None = None
    """Set by the loader, never written: the first day it can have been in force for a reason outside its
    own dates (Eurojust was set up; the instrument it depends on was signed)."""

    @model_validator(mode="before")
    @classmethod
    def _floor_is_not_written(cls, data: object) -> object:
        if isinstance(data, dict) and "not_before" in data:
            raise ValueError(
                "`not_before` is worked out by the loader (from Eurojust's establishment and the instrument"
                " a relationship depends on): remove it"
            )
        return data

    @field_validator("start", mode="before")
    @classmethod
    def _start_form(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, date | int | str):
            raise ValueError('write `from` as a day (2011-07-22), a month ("2016-10"), a year or unknown')
        if isinstance(value, int) and not 1900 <= value <= 2999:
            raise ValueError(f"{value} is not a year: write `from` as a day, a month, a year or unknown")
        if isinstance(value, str) and _DAY.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a day of the calendar") from None
        if isinstance(value, str) and value != "unknown":
            found = _MONTH.match(value)
            if found is None or not 1 <= int(found.group(2)) <= 12:
                raise ValueError(
                    f"{value[:40]!r} is not a month: write `from` as a day (2011-07-22), a month"
                    ' ("2016-10"), a year (2005) or unknown'
                )
        return value

    @model_validator(mode="after")
    def _cited_and_ordered(self) -> Self:
        if not self.statements and self.source is None:
            raise ValueError("cite the statements it comes from, or for a fact from elsewhere its `source`")
        if self.known_by is not None and self.start != "unknown":
            raise ValueError("`known_by` is for `from: unknown`; with a known `from`, remove it")
        if self.known_by is not None and self.signed is not None and self.known_by < self.signed:
            raise ValueError(f"`known_by` ({self.known_by}) is before `signed` ({self.signed})")
        entered, first = self.entered_by, self.entry_earliest
        if self.signed is not None and entered is not None and entered < self.signed:
            raise ValueError(f"`from` ({self.start}) is before `signed` ({self.signed})")
        if first is not None and entered is not None and entered < first:
            raise ValueError(f"`from` ({self.start}) cannot start before its earliest day ({first})")
        self._check_effect()
        return self

    def _check_effect(self) -> None:
        """Provisional application, a later day of application and an end: in an order that can be."""
        if self.provisional is not None:
            if self.signed is not None and self.provisional < self.signed:
                raise ValueError(f"`provisional` ({self.provisional}) is before `signed` ({self.signed})")
            if self.entered_by is not None and self.provisional > self.entered_by:
                raise ValueError(
                    f"`provisional` ({self.provisional}) comes after the day it is in force"
                    f" ({self.entered_by}): provisional application only precedes entry into force"
                )
            if self.applies_from is not None:
                raise ValueError("give `provisional` or `applies_from`, not both")
        if self.applies_from is not None and isinstance(self.start, date) and self.applies_from < self.start:
            raise ValueError(
                f"`applies_from` ({self.applies_from}) is before its entry into force ({self.start}):"
                " remove it, or correct `from`"
            )
        if self.ends is not None:
            if self.valid_from is None:
                raise ValueError("a relationship never known in force cannot end: remove `until`")
            if self.ends < self.valid_from:
                raise ValueError(f"`until` ({self.ends}) is before it is in force ({self.valid_from})")
        if self.extended and self.ends is None:
            raise ValueError("`extended` keeps an end further off: give the first end under `until`")
        last = self.ends
        for extension in self.extended:
            if last is not None and extension.until <= last:
                raise ValueError(
                    f"an extension must end later than what it extends: {extension.until} is not after {last}"
                )
            last = extension.until

    @property
    def entry_earliest(self) -> date | None:
        """The first day it can have entered into force (None: no limit is known)."""
        start = self.start
        if isinstance(start, date):
            first: date | None = start
        elif isinstance(start, int):
            first = date(start, 1, 1)
        elif start == "unknown":
            first = None
        else:
            year, month = (int(part) for part in start.split("-"))
            first = date(year, month, 1)
        for floor in (self.signed, self.not_before):
            if floor is not None and (first is None or first < floor):
                first = floor
        return first

    @property
    def entered_by(self) -> date | None:
        """The first day it has certainly entered into force (None: never known to have)."""
        start = self.start
        if isinstance(start, date):
            return start
        if isinstance(start, int):
            return date(start, 12, 31)
        if start == "unknown":
            return self.known_by
        year, month = (int(part) for part in start.split("-"))
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def earliest(self) -> date | None:
        """The first day it can have taken effect (None: no limit is known)."""
        if self.provisional is not None:
            return self.provisional
        first = self.entry_earliest
        if self.applies_from is not None and (first is None or first < self.applies_from):
            return self.applies_from
        return first

    @property
    def valid_from(self) -> date | None:
        """The first day it certainly takes effect (None: never known to)."""
        if self.provisional is not None:
            return self.provisional
        entered = self.entered_by
        if entered is not None and self.applies_from is not None and entered < self.applies_from:
            return self.applies_from
        return entered

    @property
    def valid_until(self) -> date | None:
        """The last day it is in force, extensions included (None: no end is known)."""
        return self.extended[-1].until if self.extended else self.ends

    @property
    def uncertain(self) -> bool:
        """Whether the day it took effect is not known exactly."""
        return self.earliest != self.valid_from

    def standing(self, day: date) -> Standing:
        """Where the relationship stands on ``day``."""
        return standing_on(day, self.bounds())

    def bounds(self) -> tuple[date | None, date | None, date | None]:
        """The days its standing turns on (see :func:`standing_on`).

        The last day in force, the first certainly in force, the first possibly in force: each None where
        the knowledge gives none.
        """
        return self.valid_until, self.valid_from, self.earliest

    def in_force(self, day: date) -> bool:
        """Whether the relationship is certainly in force on ``day``."""
        return self.standing(day) is Standing.IN_FORCE

    def provisional_on(self, day: date) -> bool:
        """Whether on ``day`` it takes effect only by provisional application (not certainly in force)."""
        if self.provisional is None or not self.in_force(day):
            return False
        entered = self.entered_by
        return entered is None or day < entered

    def cuts(self) -> tuple[date, ...]:
        """The days on which its standing, or the way it applies, changes."""
        days = [self.earliest, self.valid_from, self.entry_earliest, self.entered_by]
        until = self.valid_until
        if until is not None and until < date.max:
            days.append(until + _ONE_DAY)
        return tuple(sorted({day for day in days if day is not None}))


class Partner(Entry):
    """A partner outside the EU: a country or an organisation, and its relationships with Eurojust."""

    name: Text
    kind: PartnerKind
    full_name: Text | None = None
    iso_alpha2: Alpha2 | None = None
    iso_alpha3: Alpha3 | None = None
    aliases: tuple[Text, ...] = ()
    relationships: tuple[Relationship, ...] = ()

    @model_validator(mode="after")
    def _codes_fit_the_kind(self) -> Self:
        has_codes = (self.iso_alpha2 is not None, self.iso_alpha3 is not None)
        if self.kind is PartnerKind.COUNTRY and has_codes != (True, True):
            raise ValueError("a country needs both iso_alpha2 and iso_alpha3 (ISO 3166-1 codes, quoted)")
        if self.kind is PartnerKind.ORGANISATION and any(has_codes):
            raise ValueError("an organisation has no ISO 3166 codes: remove iso_alpha2 and iso_alpha3")
        return self

    @property
    def relationship_kinds(self) -> frozenset[str]:
        """The kinds of relationship this partner has at some date (in force or not)."""
        return frozenset(relationship.kind for relationship in self.relationships)

    def relationships_on(self, day: date) -> frozenset[str]:
        """The kinds of relationship certainly in force on ``day``."""
        return frozenset(r.kind for r in self.relationships if r.in_force(day))


class PartnersFile(Entry):
    """``partners.yaml``."""

    partners: tuple[Partner, ...]


class Territory(Entry):
    """A place that is part of a Member State and so of the Union (Réunion, the Azores, Åland).

    It has its own ISO 3166-1 codes when ISO lists it as a country; otherwise only names.
    """

    name: Text
    iso_alpha2: Alpha2 | None = None
    iso_alpha3: Alpha3 | None = None
    aliases: tuple[Text, ...] = ()
    source: Text
    """Where the Treaties say it is part of the Union."""

    @model_validator(mode="after")
    def _both_codes_or_none(self) -> Self:
        if (self.iso_alpha2 is None) != (self.iso_alpha3 is None):
            raise ValueError("give both iso_alpha2 and iso_alpha3 (ISO 3166-1 codes, quoted), or neither")
        return self


class MemberState(Entry):
    """An EU Member State (outside the scope of the engine), and since when it is one."""

    model_config = ConfigDict(populate_by_name=True)

    name: Text
    iso_alpha2: Alpha2
    iso_alpha3: Alpha3
    aliases: tuple[Text, ...] = ()
    """Other names: in the State's own languages, and its official long name."""
    territories: tuple[Territory, ...] = ()
    """Places with names or codes of their own that are part of this State and of the Union."""
    valid_from: date | None = Field(default=None, alias="from")
    """The day it joined the Union (None: before any question the knowledge answers)."""
    note: Text | None = None
    source: Text | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Self:
        if (self.valid_from is not None or self.note is not None) and self.source is None:
            raise ValueError("a date of accession or a note needs its `source`")
        return self


class Transition(Entry):
    """A period after withdrawal in which Union law still applied to and in a former Member State."""

    until: date
    """The last day of the transition period."""
    note: Text
    """What applied in the period, said when a question is about one of its days."""
    statements: Citations
    """The provisions that say so (the withdrawal agreement's)."""


class FormerMemberState(Entry):
    """A partner that was a Member State until ``until``, and perhaps treated as one for a while after."""

    partner: Text
    until: date
    source: Text
    transition: Transition | None = None
    """A transition period after ``until``: questions about its days are refused like a Member State's,
    since Union law still applied to and in the partner then."""

    @model_validator(mode="after")
    def _transition_after(self) -> Self:
        if self.transition is not None and self.transition.until <= self.until:
            raise ValueError("the transition period must end after the last day as a Member State (`until`)")
        return self

    @property
    def refused_until(self) -> date:
        """The last day a question about the partner is refused: as a Member State or in transition."""
        return self.transition.until if self.transition is not None else self.until


class MemberStatesFile(Entry):
    """``member_states.yaml``."""

    source: Text
    statements: Citations
    note: Text
    """Said when a question names a Member State."""
    member_states: Annotated[tuple[MemberState, ...], Field(min_length=1)]
    former_member_states: tuple[FormerMemberState, ...] = ()
