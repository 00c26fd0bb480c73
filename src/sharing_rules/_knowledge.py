"""A loaded knowledge base: checked content, the names it answers to, and every decision, derived once.

Loading runs the whole pipeline (files -> validated models -> engine -> derived decisions); afterwards a
:class:`KnowledgeBase` is immutable and answering a question is a dictionary look-up.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from types import MappingProxyType

from sharing_rules._content import Content, read_content
from sharing_rules._decisions import Decision, Explainer, situation
from sharing_rules._engine import Profile, engine_for
from sharing_rules._errors import (
    InvalidInputError,
    NotAThirdCountryError,
    UnknownDataTypeError,
    UnknownPartnerError,
)
from sharing_rules._model import (
    AmendmentFile,
    DataTypeDefinition,
    Partner,
    RelationshipKind,
    Rule,
    SourceDocument,
    Statement,
)
from sharing_rules._naming import Directory, Found, Match, Names, normalise
from sharing_rules._package import shipped_rules
from sharing_rules._timeline import Period, Timeline, coerce_day, periods, timeline_of
from sharing_rules._vocabulary import DataType

_NO_RELATIONSHIP = "\0no relationship"
_SPELLINGS_KEPT = 10_000
_EXACT = (str, DataType)
"""The profile of every country the knowledge does not name: it has no relationship with Eurojust."""


class KnowledgeBase:
    """One loaded rules directory. Build it with :func:`sharing_rules.load_knowledge`."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._directory = Directory(
            (
                Names(
                    p.name,
                    (p.name, *filter(None, (p.full_name, p.iso_alpha2, p.iso_alpha3)), *p.aliases),
                    content.labels.get("partners.yaml", "partners.yaml"),
                    f"partner {p.name}",
                    p.iso_alpha2,
                )
                for p in content.partners
            ),
            (
                Names(
                    m.name,
                    (m.name, m.iso_alpha2, m.iso_alpha3, *m.aliases),
                    content.labels.get("member_states.yaml", "member_states.yaml"),
                    f"member state {m.name}",
                    m.iso_alpha2,
                )
                for m in content.member_states.member_states
            ),
        )
        engine = engine_for(content.rules, tuple(content.data_types.values()), tuple(content.relationships))
        plans = {
            p.name: [situation(p.name, period, p.relationships) for period in periods(p.relationships)]
            for p in content.partners
        }
        profiles = [
            Profile(name, frozenset(where.active), key=f"{name}\0{index}")
            for name, plan in plans.items()
            for index, where in enumerate(plan)
        ]
        profiles.append(Profile(_NO_RELATIONSHIP, frozenset()))
        derived = engine.derive(profiles)
        explainer = Explainer(content)
        self._decisions: Mapping[str, Timeline[Mapping[DataType, Decision]]] = MappingProxyType(
            {
                name: timeline_of(
                    (where.period, explainer.decide(where, derived[f"{name}\0{index}"]))
                    for index, where in enumerate(plan)
                )
                for name, plan in plans.items()
            }
        )
        self._by_spelling: dict[str, Timeline[Mapping[DataType, Decision]]] = dict(self._decisions)
        """Spellings already resolved (canonical names first), so that a repeated question is one look-up."""
        self._spellings_limit = len(self._by_spelling) + _SPELLINGS_KEPT
        self._unrelated = derived[_NO_RELATIONSHIP]
        self._explainer = explainer
        self._others: dict[str, Timeline[Mapping[DataType, Decision]]] = {}
        self._others_lock = threading.Lock()
        names = {spelling: member for member in DataType for spelling in _data_type_spellings(member.value)}
        for member, definition in content.data_types.items():  # the labels too: "operational personal data"
            names.setdefault(_data_type_key(definition.label), member)
        self._data_type_names: Mapping[str, DataType] = MappingProxyType(names)

    # -- what the knowledge says -------------------------------------------------------------------

    @property
    def version(self) -> str:
        """A content hash of the rules directory: two knowledge bases with equal versions say the same."""
        return self._content.version

    @property
    def path(self) -> Path:
        """The rules directory this knowledge base was loaded from."""
        return self._content.path

    @property
    def title(self) -> str:
        """What this knowledge base is."""
        return self._content.knowledge.title

    @property
    def source(self) -> SourceDocument:
        """The document this knowledge base encodes."""
        return self._content.knowledge.source

    @property
    def statements(self) -> Mapping[str, Statement]:
        """The statement catalogue, by id, in the order of the source."""
        return self._content.statements

    @property
    def data_types(self) -> Mapping[DataType, DataTypeDefinition]:
        """The kinds of information, with their labels and what each includes."""
        return self._content.data_types

    @property
    def relationship_kinds(self) -> Mapping[str, RelationshipKind]:
        """The kinds of relationship a partner can have."""
        return self._content.relationships

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The eligibility rules, in the order of ``eligibility.yaml``."""
        return self._content.rules

    @property
    def partners(self) -> tuple[Partner, ...]:
        """Every partner the knowledge names, in the order of ``partners.yaml``."""
        return self._content.partners

    def partner(self, name: str) -> Partner:
        """The partner that ``name`` (a name, alias or code) means.

        Raises :class:`UnknownPartnerError` when the knowledge names no such partner, and
        :class:`NotAThirdCountryError` for an EU Member State.
        """
        match = self._find(name)
        for partner in self._content.partners:
            if match.found is Found.PARTNER and partner.name == match.name:
                return partner
        raise UnknownPartnerError(name)

    # -- answers -----------------------------------------------------------------------------------

    def decide(self, partner: str, data_type: DataType | str, as_of: date | str | None = None) -> Decision:
        """The decision for a partner and a kind of information (see :func:`sharing_rules.evaluate`)."""
        timeline = self._by_spelling.get(partner) if type(partner) is str else None
        if timeline is not None and (as_of is None or type(as_of) is date) and type(data_type) in _EXACT:
            # the common question: a known spelling, a data type's value, no date or a date
            # a DataType is equal to, and hashes like, its value as text: both find the decision
            found = timeline.at(as_of).get(data_type)  # type: ignore[arg-type]  # text works, see above
            if found is not None:
                return found
        if type(data_type) is DataType:
            kind = data_type
        else:
            known = self._data_type_names.get(data_type) if type(data_type) is str else None
            kind = known if known is not None else self.data_type(data_type)
        day = as_of if as_of is None or type(as_of) is date else coerce_day(as_of)
        if timeline is None:  # a spelling not met before: resolve it once
            timeline = self.timeline(partner)
            if len(self._by_spelling) < self._spellings_limit:  # bounded: junk input cannot fill memory
                self._by_spelling[partner] = timeline
        return timeline.at(day)[kind]

    def timeline(self, partner: str) -> Timeline[Mapping[DataType, Decision]]:
        """Every period of a partner's decisions, in order of time."""
        match = self._find(partner)
        if match.found is Found.PARTNER:
            return self._decisions[match.name]
        return self._other_country(match.name)

    @property
    def amendments(self) -> tuple[AmendmentFile, ...]:
        """The amendments loaded on top of the rules directory, in order."""
        return self._content.amendments

    @property
    def speaks_for(self) -> date:
        """The date this knowledge describes (the source document's snapshot)."""
        return self._content.knowledge.speaks_for

    def data_type(self, value: DataType | str) -> DataType:
        """The :class:`DataType` that ``value`` names; :class:`UnknownDataTypeError` if none."""
        if isinstance(value, DataType):
            return value
        if not isinstance(value, str):
            raise InvalidInputError("data_type", value)
        found = self._data_type_names.get(value)
        if found is None and len(value) <= 100:
            found = self._data_type_names.get(_data_type_key(value))
        if found is None:
            raise UnknownDataTypeError(value, [member.value for member in DataType])
        return found

    def _find(self, name: object) -> Match:
        if not isinstance(name, str):
            raise InvalidInputError("partner", name)
        match = self._directory.find(name)
        if match.found is Found.MEMBER_STATE:
            raise NotAThirdCountryError(name, match.name)
        return match

    def _other_country(self, name: str) -> Timeline[Mapping[DataType, Decision]]:
        """Decisions for a country the knowledge does not name: derived once, for every such country."""
        timeline = self._others.get(name)
        if timeline is None:
            with self._others_lock:
                timeline = self._others.get(name)
                if timeline is None:
                    always = Period(None, None)
                    table = self._explainer.decide(situation(name, always, ()), self._unrelated)
                    timeline = self._others[name] = timeline_of([(always, table)])
        return timeline

    def __repr__(self) -> str:
        return f"<KnowledgeBase {self.title!r} {self.version} from {str(self.path)!r}>"


def _data_type_key(text: str) -> str:
    return normalise(text).replace("-", "_").replace(" ", "_")


def _data_type_spellings(value: str) -> tuple[str, ...]:
    spaced = value.replace("_", " ")
    return (value, value.upper(), spaced, spaced.capitalize(), spaced.title(), value.replace("_", "-"))


_LOAD_LOCK = threading.Lock()


def load_knowledge(path: str | Path | None = None, *, amendments: Sequence[str | Path] = ()) -> KnowledgeBase:
    """Load a rules directory whole, run inference over it, and return the knowledge base.

    ``path`` defaults to the rules shipped with sharing-rules. ``amendments`` are directories whose
    entries are added to it, in order (see ``examples/amendments/``). Raises :class:`KnowledgeBaseError`,
    naming the file and the entry, if anything is wrong: nothing of it is used then.
    """
    directory = shipped_rules() if path is None else Path(path)
    with _LOAD_LOCK:
        return KnowledgeBase(read_content(directory, [Path(a) for a in amendments]))
