"""The validated form of a rules directory: one frozen model per kind of entry.

These models are both the schema of the files in ``rules/`` (unknown keys refused, text must be text)
and the immutable knowledge the rest of the library reads. Cross-references between files are checked
by :mod:`sharing_rules._knowledge`, not here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from sharing_rules._vocabulary import Effect, PartnerKind, RuleStatus

Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
StatementId = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]+-[1-9][0-9]*$")]
SectionId = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]+$")]
Identifier = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z][a-z0-9_]*$")]
RuleId = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")]
Alpha2 = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{2}$")]
Alpha3 = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{3}$")]
Citations = Annotated[tuple[StatementId, ...], Field(min_length=1)]


class Entry(BaseModel):
    """Base of every model read from ``rules/``: frozen, and no key it does not know."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Entry):
    """A section of the source document."""

    id: SectionId
    title: Text


class Statement(Entry):
    """One statement of the source: a stable id, the section it stands in, and our paraphrase."""

    id: StatementId
    section: SectionId
    paraphrase: Text


class StatementsFile(Entry):
    """``statements.yaml``."""

    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    statements: Annotated[tuple[Statement, ...], Field(min_length=1)]


class SourceDocument(Entry):
    """The document a knowledge base encodes."""

    title: Text
    publisher: Text
    description: Text
    snapshot: Text


class AmendmentFile(Entry):
    """``amendment.yaml``: what an amendment to a knowledge base is and where its facts come from."""

    title: Text
    description: Text
    source: Text


class KnowledgeFile(Entry):
    """``knowledge.yaml``."""

    title: Text
    speaks_for: date
    """The date the knowledge describes (the source document's snapshot)."""
    source: SourceDocument


class DataTypeDefinition(Entry):
    """A kind of information, with the narrower kinds it includes."""

    id: Identifier
    label: Text
    description: Text
    includes: tuple[Identifier, ...] = ()
    statements: Citations
    aliases: tuple[Text, ...] = ()
    """Other spellings people type for this kind of information ("personal information")."""


class DataTypesFile(Entry):
    """``data_types.yaml``."""

    data_types: Annotated[tuple[DataTypeDefinition, ...], Field(min_length=1)]


class RelationshipKind(Entry):
    """A kind of relationship between Eurojust and a partner."""

    id: Identifier
    short: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{2,4}$")]
    """A short tag for tables (AGR, WA, ...)."""
    label: Text
    description: Text
    statements: Citations


class RelationshipsFile(Entry):
    """``relationships.yaml``."""

    relationships: Annotated[tuple[RelationshipKind, ...], Field(min_length=1)]


class Condition(Entry):
    """When a rule applies: the partner has every relationship in ``has`` and none in ``lacks``."""

    has: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    lacks: tuple[Identifier, ...] = ()


class Rule(Entry):
    """An eligibility rule: a relationship permits or excludes some kinds of information."""

    id: RuleId
    title: Text
    effect: Effect
    when: Condition
    data_types: Annotated[tuple[Identifier, ...], Field(min_length=1)]
    statements: Citations
    status: RuleStatus
    why: Text | None = None
    scope: Text | None = None
    explanation: Text

    @model_validator(mode="after")
    def _interpretation_says_why(self) -> Self:
        if self.status is RuleStatus.INTERPRETATION and self.why is None:
            raise ValueError("an interpretation must say why in one line under `why`")
        if self.status is RuleStatus.STATED and self.why is not None:
            raise ValueError(
                "`why` is for interpretations; a stated rule explains itself under `explanation`"
            )
        return self


class EligibilityFile(Entry):
    """``eligibility.yaml``."""

    rules: Annotated[tuple[Rule, ...], Field(min_length=1)]


class Relationship(Entry):
    """One relationship of a partner, with where it comes from and when it is in force.

    ``valid_from`` and ``valid_until`` (written ``from`` and ``until``) are the first and the last day the
    relationship is in force; either may be open. A relationship with neither holds at every date the
    knowledge covers. One that records a ``signed`` date but no ``from`` is signed and not yet in force:
    it grants nothing until its date of entry into force is recorded.
    """

    model_config = ConfigDict(populate_by_name=True)

    kind: Identifier
    statements: tuple[StatementId, ...] = ()
    """The statements of the source that give the partner this relationship."""
    source: Text | None = None
    """For a fact the source document does not state: the public source it comes from."""
    signed: date | None = None
    valid_from: date | None = Field(default=None, alias="from")
    valid_until: date | None = Field(default=None, alias="until")

    @model_validator(mode="after")
    def _cited_and_ordered(self) -> Self:
        if not self.statements and self.source is None:
            raise ValueError("cite the statements it comes from, or for a fact from elsewhere its `source`")
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            raise ValueError(f"`until` ({self.valid_until}) is before `from` ({self.valid_from})")
        if self.signed is not None and self.valid_from is not None and self.valid_from < self.signed:
            raise ValueError(f"`from` ({self.valid_from}) is before `signed` ({self.signed})")
        if self.signed is not None and self.valid_from is None and self.valid_until is not None:
            raise ValueError(
                "signed without `from` means never in force, so it cannot end: add `from`, or remove `until`"
            )
        return self

    @property
    def dated(self) -> bool:
        """Whether the relationship is limited in time at all."""
        return self.signed is not None or self.valid_from is not None or self.valid_until is not None

    def in_force(self, day: date) -> bool:
        """Whether the relationship is in force on ``day``."""
        if self.valid_from is None and self.signed is not None:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


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
        """The kinds of relationship in force on ``day``."""
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
    """An EU Member State (outside the scope of the engine)."""

    name: Text
    iso_alpha2: Alpha2
    iso_alpha3: Alpha3
    aliases: tuple[Text, ...] = ()
    """Other names: in the State's own languages, and its official long name."""
    territories: tuple[Territory, ...] = ()
    """Places with names or codes of their own that are part of this State and of the Union."""


class MemberStatesFile(Entry):
    """``member_states.yaml``."""

    source: Text
    statements: Citations
    member_states: Annotated[tuple[MemberState, ...], Field(min_length=1)]
