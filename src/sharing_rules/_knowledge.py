"""A loaded knowledge base: checked content, the names it answers to, and every decision, derived once.

Loading runs the whole pipeline (files -> validated models -> engine -> derived decisions); afterwards a
:class:`KnowledgeBase` is immutable and answering a question is a dictionary look-up.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

from sharing_rules._content import Content, read_content
from sharing_rules._data_types import DataTypeNames
from sharing_rules._decisions import Decider, Decision, Derived, Situation, situation
from sharing_rules._engine import Conclusion, Profile, engine_for
from sharing_rules._errors import (
    InvalidInputError,
    NotAThirdCountryError,
    UnknownPartnerError,
)
from sharing_rules._invariants import PartnerPeriod, Proof, Prover
from sharing_rules._model import (
    AmendmentFile,
    DataTypeDefinition,
    Invariant,
    Law,
    Partner,
    Relationship,
    RelationshipKind,
    Rule,
    SourceDocument,
    Statement,
)
from sharing_rules._naming import Directory, Found, Match, Names, plain
from sharing_rules._package import shipped_rules
from sharing_rules._timeline import Period, Timeline, coerce_day, periods, timeline_of, today
from sharing_rules._vocabulary import DataType, Outcome, resolve

_SPELLINGS_KEPT = 10_000
_EXACT = (str, DataType)
_ONE_DAY = timedelta(days=1)
_MOST_KINDS_COMBINED = 3
"""The largest set of relationships tried when finding what would give a basis for a kind."""

Table = Mapping[DataType, Decision]
"""A partner's decisions in one period, by kind of information."""


class _MemberStatePeriod(Mapping[DataType, Decision]):
    """A period in which the partner is an EU Member State, or treated as one: no decisions, only the refusal.

    ``until`` is its last day as a Member State (None: still one); ``transition_until`` the last day of a
    transition period after it, in which Union law still applied to and in it.
    """

    def __init__(
        self,
        member_state: str,
        until: date | None,
        note: str,
        territory: str | None = None,
        transition_until: date | None = None,
    ) -> None:
        self.member_state = member_state
        self.until = until
        self.note = note
        self.territory = territory
        self.transition_until = transition_until

    def __getitem__(self, key: DataType) -> Decision:
        raise KeyError(key)

    def __iter__(self) -> Iterator[DataType]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def refuse(self, name: object, day: date | None) -> NotAThirdCountryError:
        """The error for a question about this period."""
        return NotAThirdCountryError(
            name,
            self.member_state,
            self.territory,
            day=day,
            until=self.until,
            note=self.note,
            transition_until=self.transition_until,
        )


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
            _member_state_names(content),
        )
        self._engine = engine_for(
            content.rules, tuple(content.data_types.values()), tuple(content.relationships)
        )
        self._decider = Decider(content)
        self._writer = self._decider.writer
        knowledge = content.knowledge
        self._cuts = {knowledge.established, knowledge.speaks_for + _ONE_DAY}
        for rule in content.rules:
            self._cuts.update(
                filter(None, (rule.valid_from, rule.valid_until and rule.valid_until + _ONE_DAY))
            )
        self._former = {f.partner: f for f in content.member_states.former_member_states}
        self._derived: dict[tuple[frozenset[str], frozenset[str]], tuple[Conclusion, ...]] = {}
        plans = {p.name: self._plan(p.name, p.relationships) for p in content.partners}
        self._unrelated = self._plan("\0", ())
        self._derive([where for plan in (*plans.values(), self._unrelated) for where in plan])
        self._decisions: Mapping[str, Timeline[Table]] = MappingProxyType(
            {name: self._timeline_of(name, plan) for name, plan in plans.items()}
        )
        self._by_spelling: dict[str, Timeline[Table]] = dict(self._decisions)
        """Spellings already resolved (canonical names first), so that a repeated question is one look-up."""
        self._spellings_limit = len(self._by_spelling) + _SPELLINGS_KEPT
        self._others: dict[str, Timeline[Table]] = {}
        self._others_lock = threading.Lock()
        self._permitting = self._what_would_permit()
        self._data_types = DataTypeNames(
            content.data_types, content.labels.get("data_types.yaml", "data_types.yaml")
        )
        self._data_type_names: Mapping[str, DataType] = self._data_types.exact
        prover = Prover(content, self._engine, self._decider)
        self._proof = prover.prove(self._partner_periods(), self._member_states_refused())

    # -- deriving ----------------------------------------------------------------------------------

    def _plan(
        self, name: str, relationships: Sequence[Relationship], extra_cuts: Iterable[date] = ()
    ) -> list[Situation]:
        """The partner's situations, one per period in which nothing changes for it."""
        knowledge = self._content.knowledge
        former = self._former.get(name)
        cuts = {*self._cuts, *extra_cuts}
        if former is not None:
            cuts |= {former.until + _ONE_DAY, former.refused_until + _ONE_DAY}
        plan = []
        for period in periods(relationships, cuts):
            day = period.sample()
            warnings = []
            if day < knowledge.established:
                warnings.append(self._writer.before_established())
            if day > knowledge.speaks_for:
                warnings.append(self._writer.after_speaks_for())
            plan.append(
                situation(
                    name,
                    period,
                    relationships,
                    rules=self._content.rules,
                    knowledge=knowledge,
                    warnings=warnings,
                )
            )
        return plan

    @staticmethod
    def _profiles(where: Situation) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
        """The facts to derive for a situation: as it stands, with the uncertain, and as hoped for."""
        active = frozenset(where.active)
        maybe = active | frozenset(where.uncertain)
        return ((active, where.rules), (maybe, where.rules), (maybe, where.rules | where.pending))

    def _derive(self, situations: Sequence[Situation]) -> None:
        """Ask the engine about every distinct set of facts, once."""
        wanted = {profile for where in situations for profile in self._profiles(where)}
        wanted -= self._derived.keys()
        ordered = list(wanted)
        derived = self._engine.derive(
            Profile("profile", relationships, rules, key=str(index))
            for index, (relationships, rules) in enumerate(ordered)
        )
        for index, profile in enumerate(ordered):
            self._derived[profile] = derived[str(index)]

    def _decide(self, where: Situation) -> Table:
        actual, doubtful, hoped = (self._derived[profile] for profile in self._profiles(where))
        found = Derived(
            actual,
            doubtful if doubtful is not actual else None,
            hoped if hoped is not doubtful else None,
        )
        return self._decider.decide(where, found)

    def _timeline_of(self, name: str, plan: Sequence[Situation]) -> Timeline[Table]:
        former = self._former.get(name)
        tables: list[tuple[Period, Table]] = []
        for where in plan:
            day = where.period.sample()
            if former is not None and day <= former.until:
                note = self._content.member_states.note
                tables.append((where.period, _MemberStatePeriod(name, former.until, note)))
            elif former is not None and former.transition is not None and day <= former.transition.until:
                transition = former.transition
                note = f"{transition.note.rstrip()} [{', '.join(transition.statements)}]"
                refusal = _MemberStatePeriod(name, former.until, note, transition_until=transition.until)
                tables.append((where.period, refusal))
            else:
                tables.append((where.period, self._decide(where)))
        return timeline_of(tables)

    def _what_would_permit(self) -> Mapping[DataType, tuple[frozenset[str], ...]]:
        """For each kind, the smallest sets of relationships under which the rules give a basis.

        Read from the compiled rules (every rule in force), so that ``has``, ``has_any`` and ``lacks``
        count exactly as the engine reads them.
        """
        kinds = tuple(self._content.relationships)
        every_rule = frozenset(rule.id for rule in self._content.rules)
        sets = [
            frozenset(chosen)
            for size in range(min(len(kinds), _MOST_KINDS_COMBINED) + 1)
            for chosen in itertools.combinations(kinds, size)
        ]
        derived = self._engine.derive(
            Profile("profile", chosen, every_rule, key=str(index)) for index, chosen in enumerate(sets)
        )
        found: dict[DataType, list[frozenset[str]]] = {kind: [] for kind in self._content.data_types}
        for index, chosen in enumerate(sets):
            for data_type, minimal in found.items():
                effects = (c.effect for c in derived[str(index)] if c.data_type == data_type.value)
                if resolve(effects) is Outcome.ALLOWED and not any(s < chosen for s in minimal):
                    minimal.append(chosen)
        return MappingProxyType({kind: tuple(sets) for kind, sets in found.items()})

    def _partner_periods(self) -> Iterator[PartnerPeriod]:
        """Every period of every partner's decisions (``decisions`` None where it is refused)."""
        for partner in self._content.partners:
            timeline = self._decisions[partner.name]
            signed = {r.kind: r.signed for r in partner.relationships}
            starts: list[date | None] = [None, *timeline.starts]
            ends: list[date | None] = [start - _ONE_DAY for start in timeline.starts]
            ends.append(None)
            for first, last, table in zip(starts, ends, timeline.values, strict=True):
                decisions = None if isinstance(table, _MemberStatePeriod) else table
                yield PartnerPeriod(partner.name, Period(first, last), decisions, signed)

    def _member_states_refused(self) -> Iterator[tuple[str, date, bool]]:
        """For each Member State and former one: days it was one (or in transition), and if refused then."""
        established = self._content.knowledge.established
        for state in self._content.member_states.member_states:
            day = max(state.valid_from or established, established)
            yield state.name, day, isinstance(self.timeline(state.name).at(day), _MemberStatePeriod)
        for former in self._content.member_states.former_member_states:
            for day in {established, former.until, former.refused_until}:
                refused = isinstance(self._decisions[former.partner].at(day), _MemberStatePeriod)
                yield former.partner, day, refused

    @property
    def proof(self) -> Proof:
        """What this load proved: the invariants of ``invariants.yaml``, each on every decision in scope."""
        return self._proof

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
        if match.found is Found.MEMBER_STATE:
            state = next(m for m in self._content.member_states.member_states if m.name == match.name)
            note = state.note or self._content.member_states.note
            raise NotAThirdCountryError(name, match.name, match.territory, note=note)
        for partner in self._content.partners:
            if match.found is Found.PARTNER and partner.name == match.name:
                return partner
        raise UnknownPartnerError(name)

    def relationships_of(self, name: str) -> Mapping[str, Relationship]:
        """The relationships of the partner called ``name`` by kind; none for other countries."""
        for partner in self._content.partners:
            if partner.name == name:
                return MappingProxyType({r.kind: r for r in partner.relationships})
        return MappingProxyType({})

    def permitting(self, data_type: DataType) -> tuple[frozenset[str], ...]:
        """The smallest sets of relationships under which the rules give a basis for ``data_type``."""
        return self._permitting[data_type]

    def legal_note(self, decision: Decision, day: date) -> str:
        """``decision`` written out as a legal note for ``day``."""
        return self._writer.legal_note(
            decision, day, self.relationships_of(decision.partner), self._permitting[decision.data_type]
        )

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
            if not isinstance(partner, str):
                raise InvalidInputError("partner", partner)
            partner = plain(partner)  # a caller's object never enters the cache, nor a comparison
            timeline = self.timeline(partner)
            if len(self._by_spelling) < self._spellings_limit:  # bounded: junk input cannot fill memory
                self._by_spelling[partner] = timeline
        table = timeline.at(day)
        if isinstance(table, _MemberStatePeriod):
            raise table.refuse(partner, day or today())
        return table[kind]

    def timeline(self, partner: str) -> Timeline[Table]:
        """Every period of a partner's decisions, in order of time (a Member State's periods refuse)."""
        match = self._find(partner)
        if match.found is Found.PARTNER:
            return self._decisions[match.name]
        if match.found is Found.MEMBER_STATE:
            return self._member_state(match.name, match.territory)
        return self._other_country(match.name)

    @property
    def amendments(self) -> tuple[AmendmentFile, ...]:
        """The amendments loaded on top of the rules directory, in order."""
        return self._content.amendments

    @property
    def laws(self) -> tuple[Law, ...]:
        """The bodies of law that governed exchanges, in order of time (``knowledge.yaml``, ``laws``)."""
        return self._content.knowledge.laws

    @property
    def invariants(self) -> tuple[Invariant, ...]:
        """What the rules must never decide otherwise (``invariants.yaml``): proven on every load."""
        return self._content.invariants

    @property
    def established(self) -> date:
        """The day Eurojust was set up: nothing is allowed before it."""
        return self._content.knowledge.established

    @property
    def speaks_for(self) -> date:
        """The date this knowledge describes (the source document's snapshot)."""
        return self._content.knowledge.speaks_for

    def data_type(self, value: DataType | str) -> DataType:
        """The :class:`DataType` that ``value`` names; :class:`UnknownDataTypeError` if none."""
        return self._data_types.resolve(value)

    def _find(self, name: object) -> Match:
        if not isinstance(name, str):
            raise InvalidInputError("partner", name)
        return self._directory.find(plain(name))

    def _member_state(self, name: str, territory: str | None = None) -> Timeline[Table]:
        """A Member State's timeline: a third country with no relationship before it joined, then refused.

        A territory that is part of it (``territory``) shares its timeline; the refusal names the territory.
        """
        key = f"\0member {name}\0{territory or ''}"
        timeline = self._others.get(key)
        if timeline is not None:
            return timeline
        state = next(m for m in self._content.member_states.member_states if m.name == name)
        note = state.note or self._content.member_states.note
        refusal = _MemberStatePeriod(name, None, note, territory)
        if state.valid_from is None:
            timeline = timeline_of([(Period(None, None), refusal)])
        else:
            plan = [
                w for w in self._plan(name, (), {state.valid_from}) if w.period.sample() < state.valid_from
            ]
            self._derive(plan)
            tables: list[tuple[Period, Table]] = [(w.period, self._decide(w)) for w in plan]
            tables.append((Period(state.valid_from, None), refusal))
            timeline = timeline_of(tables)
        with self._others_lock:
            self._others[key] = timeline
        return timeline

    def _other_country(self, name: str) -> Timeline[Table]:
        """Decisions for a country the knowledge does not name: no relationship with Eurojust."""
        timeline = self._others.get(name)
        if timeline is None:
            with self._others_lock:
                timeline = self._others.get(name)
                if timeline is None:
                    plan = [
                        situation(
                            name,
                            w.period,
                            (),
                            rules=self._content.rules,
                            knowledge=self._content.knowledge,
                            warnings=w.warnings,
                        )
                        for w in self._unrelated
                    ]
                    timeline = self._others[name] = timeline_of((w.period, self._decide(w)) for w in plan)
        return timeline

    def __repr__(self) -> str:
        return f"<KnowledgeBase {self.title!r} {self.version} from {str(self.path)!r}>"


def _member_state_names(content: Content) -> Iterator[Names]:
    """The names of every Member State, and of each territory that is part of one (refused alike)."""
    file = content.labels.get("member_states.yaml", "member_states.yaml")
    for m in content.member_states.member_states:
        entry = f"member state {m.name}"
        yield Names(m.name, (m.name, m.iso_alpha2, m.iso_alpha3, *m.aliases), file, entry, m.iso_alpha2)
        for t in m.territories:
            spellings = (t.name, *filter(None, (t.iso_alpha2, t.iso_alpha3)), *t.aliases)
            yield Names(t.name, spellings, file, f"{entry}, territory {t.name}", t.iso_alpha2, m.name)


def knowledge_base(value: object) -> KnowledgeBase:
    """``value`` if it is a :class:`KnowledgeBase`; else :class:`InvalidInputError` (a path is not one)."""
    if not isinstance(value, KnowledgeBase):
        raise InvalidInputError(
            "knowledge",
            value,
            "a KnowledgeBase (from load_knowledge(path)), or None for the knowledge in service; a path is"
            " not loaded by itself",
        )
    return value


_LOAD_LOCK = threading.Lock()


def load_knowledge(path: str | Path | None = None, *, amendments: Sequence[str | Path] = ()) -> KnowledgeBase:
    """Load a rules directory whole, run inference over it, and return the knowledge base.

    ``path`` defaults to the rules shipped with sharing-rules. ``amendments`` are directories whose
    entries are added to it, in order (see ``examples/amendments/``). Raises :class:`KnowledgeBaseError`,
    naming the file and the entry, if anything is wrong: nothing of it is used then.
    """
    directory = shipped_rules() if path is None else Path(path)
    content = read_content(directory, [Path(a) for a in amendments])  # files are read without the lock
    with _LOAD_LOCK:  # knowledge bases are built one at a time (the engine and its C core are shared)
        return KnowledgeBase(content)
