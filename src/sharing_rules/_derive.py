"""Deriving a knowledge base: checked content in, the tables every answer is looked up in out.

:func:`derive` runs the pipeline's last steps once per load: the names the knowledge answers to, the
engine's conclusions for every partner in every period in which nothing changes for it, the outcomes
reached from them, and the proof of the invariants over all of it (the smallest sets of relationships
that would give each kind a basis, which only a legal note says, are derived when first asked for). A
:class:`~sharing_rules.KnowledgeBase` only holds what comes out.

A load derives what every answer is decided from (the engine's conclusions for each period, and the
outcome of every partner, period and kind, which is what the invariants are proven on), not the answers'
words: a :class:`Cells` writes a period's decisions (the models and their prose) when one of them is first
asked for, once, and keeps them. Deriving is deterministic, so a decision written later says exactly what
it would have said at the load.

A country the knowledge does not name, and a Member State before it joined, are derived when first asked
about (:meth:`Deriver.other_country`, :meth:`Deriver.member_state`): there are some 250 of them and most
are never asked about. Their timelines are kept once derived; deriving is deterministic, so a timeline
derived twice by two threads at once is the same either way.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import NoReturn

from sharing_rules._content import Content
from sharing_rules._data_types import DataTypeNames
from sharing_rules._decisions import Decider, Decision, Derived, Judgement, Situation, Situations
from sharing_rules._engine import Conclusion, Profile, engine_for
from sharing_rules._errors import NotAThirdCountryError
from sharing_rules._invariants import PartnerPeriod, Proof, Prover
from sharing_rules._model import Relationship
from sharing_rules._naming import Directory, Names
from sharing_rules._prose import Writer
from sharing_rules._timeline import Period, Timeline, periods, timeline_of
from sharing_rules._vocabulary import DataType, Outcome, resolve

_ONE_DAY = timedelta(days=1)
_MOST_KINDS_COMBINED = 3
"""The largest set of relationships tried when finding what would give a basis for a kind."""

Table = Mapping[DataType, Decision]
"""A partner's decisions in one period, by kind of information."""
Facts = tuple[frozenset[str], frozenset[str]]
"""The relationships and the rules in force that the engine is asked about."""


@dataclass(frozen=True, eq=False)
class Refusal(Mapping[DataType, Decision]):
    """A period in which the partner is an EU Member State, or treated as one: no decisions, only the refusal.

    ``until`` is its last day as a Member State (None: still one); ``transition_until`` the last day of a
    transition period after it, in which Union law still applied to and in it.
    """

    member_state: str
    until: date | None
    note: str
    territory: str | None = None
    transition_until: date | None = None

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


class Cells(dict[DataType, Decision]):
    """A partner's decisions in one period, written out whole when the first of them is asked for.

    A dict, so that a decision already written is found by one look-up (``get``: None for a decision not
    written yet; indexing writes it). Writing happens once, under the deriver's lock, and the decisions
    written are kept: every later question gets the very same values.
    """

    __slots__ = ("_deriver", "situation")

    def __init__(self, deriver: Deriver, where: Situation) -> None:
        super().__init__()
        self._deriver = deriver
        self.situation = where
        """The partner in the period: what its decisions are written from."""

    def _written(self) -> Cells:
        if not dict.__len__(self):
            with self._deriver.writing:
                if not dict.__len__(self):  # another thread may have written them meanwhile
                    dict.update(self, self._deriver.decide(self.situation))
        return self

    def __missing__(self, key: DataType) -> Decision:
        found = dict.get(self._written(), key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[DataType]:
        return dict.__iter__(self._written())

    def __len__(self) -> int:
        return dict.__len__(self._written())

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self._written(), key)

    def keys(self) -> KeysView[DataType]:  # type: ignore[override]  # the same view, written first
        return dict.keys(self._written())

    def values(self) -> ValuesView[Decision]:  # type: ignore[override]  # idem
        return dict.values(self._written())

    def items(self) -> ItemsView[DataType, Decision]:  # type: ignore[override]  # idem
        return dict.items(self._written())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cells):
            other._written()
        return dict.__eq__(self._written(), other)

    __hash__ = None  # a dict: never hashed (as __eq__ is defined)

    def __repr__(self) -> str:
        return f"<decisions of {self.situation.partner} in {self.situation.period}>"

    def __reduce__(self) -> tuple[object, ...]:
        return (dict, (dict(self.items()),))

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        """Nothing changes a knowledge base's decisions once loaded (they are only ever written whole)."""
        raise TypeError("a knowledge base's decisions cannot be changed")

    __setitem__ = __delitem__ = _refuse  # read-only, as the mapping proxy it replaces was
    update = pop = popitem = clear = setdefault = __ior__ = _refuse


@dataclass(frozen=True, slots=True)
class Tables:
    """What a load derived: every answer of the knowledge, ready to be looked up."""

    directory: Directory
    """The names of partners, Member States (with their territories) and other countries."""
    data_types: DataTypeNames
    """The spellings of the kinds of information."""
    decisions: Mapping[str, Timeline[Table]]
    """Each partner's decisions, by its name, period by period."""
    proof: Proof
    """What the load proved (``invariants.yaml``)."""
    deriver: Deriver
    """Derives the timelines of countries the knowledge does not name, and of Member States, when asked."""
    writer: Writer
    """The prose of this knowledge."""


def derive(content: Content) -> Tables:
    """Every table of a knowledge base, and the proof of its invariants.

    The cheap checks first, as a load always made them: the names (a partner answering to a Member State's
    name is refused before any inference), then the engine, the decisions, the spellings of the kinds, and
    last the proof. Raises :class:`KnowledgeBaseError` at the first that fails.
    """
    directory = _directory(content)
    deriver = Deriver(content)
    decisions = MappingProxyType(deriver.partners())
    data_types = DataTypeNames(content.data_types, content.labels.get("data_types.yaml", "data_types.yaml"))
    prover = Prover(content, deriver.engine, deriver.decider)
    refused = _member_states_refused(content, deriver, decisions)
    proof = prover.prove(_partner_periods(content, deriver, decisions), refused)
    return Tables(directory, data_types, decisions, proof, deriver, deriver.writer)


class Deriver:
    """Asks the engine about partners' facts, once per distinct set of facts, and writes the decisions."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self.engine = engine_for(
            content.rules, tuple(content.data_types.values()), tuple(content.relationships)
        )
        self.decider = Decider(content)
        self.writer = self.decider.writer
        knowledge = content.knowledge
        self._cuts = {knowledge.established, knowledge.speaks_for + _ONE_DAY}
        for rule in content.rules:
            self._cuts.update(
                filter(None, (rule.valid_from, rule.valid_until and rule.valid_until + _ONE_DAY))
            )
        self._former = {f.partner: f for f in content.member_states.former_member_states}
        self._situations = Situations(content.rules, knowledge)
        self._derived: dict[Facts, tuple[Conclusion, ...]] = {}
        self._unrelated = self._plan("\0", ())
        self._others: dict[str, Timeline[Table]] = {}
        self._lock = threading.Lock()
        """Held while a timeline asked about after the load is derived (the engine's result is shared)."""
        self._permitting: Mapping[DataType, tuple[frozenset[str], ...]] | None = None
        self.writing = threading.Lock()
        """Held while a period's decisions are written (:class:`Cells`)."""
        self._judged: dict[tuple[Facts, Facts], Mapping[DataType, Judgement]] = {}

    def partners(self) -> dict[str, Timeline[Table]]:
        """Every partner's timeline, derived together (each distinct set of facts asked once)."""
        plans = {p.name: self._plan(p.name, p.relationships) for p in self._content.partners}
        self._derive([where for plan in (*plans.values(), self._unrelated) for where in plan])
        return {name: self._timeline_of(name, plan) for name, plan in plans.items()}

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
                warnings.append(self.writer.before_established())
            if day > knowledge.speaks_for:
                warnings.append(self.writer.after_speaks_for())
            plan.append(self._situations.situation(name, period, relationships, warnings))
        return plan

    @staticmethod
    def _profiles(where: Situation) -> tuple[Facts, Facts, Facts]:
        """The facts to derive for a situation: as it stands, with the uncertain, and as hoped for."""
        active = frozenset(where.active)
        maybe = active | frozenset(where.uncertain)
        return ((active, where.rules), (maybe, where.rules), (maybe, where.rules | where.pending))

    def _derive(self, situations: Sequence[Situation]) -> None:
        """Ask the engine about every distinct set of facts, once."""
        wanted = {profile for where in situations for profile in self._profiles(where)}
        wanted -= self._derived.keys()
        ordered = list(wanted)
        derived = self.engine.derive(
            Profile("profile", relationships, rules, key=str(index))
            for index, (relationships, rules) in enumerate(ordered)
        )
        for index, profile in enumerate(ordered):
            self._derived[profile] = derived[str(index)]

    def decide(self, where: Situation) -> Table:
        """The decisions of a situation, written out (models and prose)."""
        actual, doubtful, hoped = (self._derived[profile] for profile in self._profiles(where))
        found = Derived(
            actual,
            doubtful if doubtful is not actual else None,
            hoped if hoped is not doubtful else None,
        )
        return self.decider.decide(where, found)

    def judgements(self, where: Situation) -> Mapping[DataType, Judgement]:
        """The outcome of every kind in a situation, before any words: what the invariants are proven on.

        Partners in the same situation (the same facts, the same relationships held and uncertain) share
        one set of judgements, reached once.
        """
        actual, doubtful, _ = self._profiles(where)
        key = (actual, doubtful)  # the relationships held, and with the uncertain: all a judgement reads
        found = self._judged.get(key)
        if found is None:
            found = self._judged[key] = MappingProxyType(
                self.decider.judgements(where, self._derived[actual], self._derived[doubtful])
            )
        return found

    def _timeline_of(self, name: str, plan: Sequence[Situation]) -> Timeline[Table]:
        former = self._former.get(name)
        tables: list[tuple[Period, Table]] = []
        for where in plan:
            day = where.period.sample()
            if former is not None and day <= former.until:
                note = self._content.member_states.note
                tables.append((where.period, Refusal(name, former.until, note)))
            elif former is not None and former.transition is not None and day <= former.transition.until:
                transition = former.transition
                note = f"{transition.note.rstrip()} [{', '.join(transition.statements)}]"
                tables.append(
                    (where.period, Refusal(name, former.until, note, transition_until=transition.until))
                )
            else:
                tables.append((where.period, Cells(self, where)))
        return timeline_of(tables)

    def what_would_permit(self) -> Mapping[DataType, tuple[frozenset[str], ...]]:
        """For each kind, the smallest sets of relationships under which the rules give a basis.

        Read from the compiled rules (every rule in force), so that ``has``, ``has_any`` and ``lacks``
        count exactly as the engine reads them. Only a legal note says it: derived when first asked for
        (under the lock), then kept.
        """
        found = self._permitting
        if found is None:
            with self._lock:
                found = self._permitting
                if found is None:
                    found = self._permitting = self._would_permit()
        return found

    def _would_permit(self) -> Mapping[DataType, tuple[frozenset[str], ...]]:
        kinds = tuple(self._content.relationships)
        every_rule = frozenset(rule.id for rule in self._content.rules)
        sets = [
            frozenset(chosen)
            for size in range(min(len(kinds), _MOST_KINDS_COMBINED) + 1)
            for chosen in itertools.combinations(kinds, size)
        ]
        derived = self.engine.derive(
            Profile("profile", chosen, every_rule, key=str(index)) for index, chosen in enumerate(sets)
        )
        found: dict[DataType, list[frozenset[str]]] = {kind: [] for kind in self._content.data_types}
        for index, chosen in enumerate(sets):
            for data_type, minimal in found.items():
                effects = (c.effect for c in derived[str(index)] if c.data_type == data_type.value)
                if resolve(effects) is Outcome.ALLOWED and not any(s < chosen for s in minimal):
                    minimal.append(chosen)
        return MappingProxyType({kind: tuple(sets) for kind, sets in found.items()})

    # -- derived when first asked about -------------------------------------------------------------

    def member_state(self, name: str, territory: str | None = None) -> Timeline[Table]:
        """A Member State's timeline: a third country with no relationship before it joined, then refused.

        A territory that is part of it (``territory``) shares its timeline; the refusal names the territory.
        """

        def derived() -> Timeline[Table]:
            state = next(m for m in self._content.member_states.member_states if m.name == name)
            refusal = Refusal(name, None, state.note or self._content.member_states.note, territory)
            if state.valid_from is None:
                return timeline_of([(Period(None, None), refusal)])
            joined = state.valid_from
            plan = [w for w in self._plan(name, (), {joined}) if w.period.sample() < joined]
            self._derive(plan)
            tables: list[tuple[Period, Table]] = [(w.period, Cells(self, w)) for w in plan]
            return timeline_of([*tables, (Period(joined, None), refusal)])

        return self._remembered(f"\0member {name}\0{territory or ''}", derived)

    def other_country(self, name: str) -> Timeline[Table]:
        """Decisions for a country the knowledge does not name: no relationship with Eurojust."""

        def derived() -> Timeline[Table]:
            plan = [self._situations.situation(name, w.period, (), w.warnings) for w in self._unrelated]
            return timeline_of((w.period, Cells(self, w)) for w in plan)

        return self._remembered(name, derived)

    def _remembered(self, key: str, derive: Callable[[], Timeline[Table]]) -> Timeline[Table]:
        """The timeline kept under ``key``, derived under the lock the first time it is asked for."""
        timeline = self._others.get(key)
        if timeline is None:
            with self._lock:
                timeline = self._others.get(key)  # another thread may have derived it meanwhile
                if timeline is None:
                    timeline = self._others[key] = derive()
        return timeline


def _directory(content: Content) -> Directory:
    """Every name the knowledge answers to: its partners', the Member States' and their territories'."""
    partners = (
        Names(
            p.name,
            (p.name, *filter(None, (p.full_name, p.iso_alpha2, p.iso_alpha3)), *p.aliases),
            content.labels.get("partners.yaml", "partners.yaml"),
            f"partner {p.name}",
            p.iso_alpha2,
        )
        for p in content.partners
    )
    return Directory(partners, _member_state_names(content))


def _member_state_names(content: Content) -> Iterator[Names]:
    """The names of every Member State, and of each territory that is part of one (refused alike)."""
    file = content.labels.get("member_states.yaml", "member_states.yaml")
    for m in content.member_states.member_states:
        entry = f"member state {m.name}"
        yield Names(m.name, (m.name, m.iso_alpha2, m.iso_alpha3, *m.aliases), file, entry, m.iso_alpha2)
        for t in m.territories:
            spellings = (t.name, *filter(None, (t.iso_alpha2, t.iso_alpha3)), *t.aliases)
            yield Names(t.name, spellings, file, f"{entry}, territory {t.name}", t.iso_alpha2, m.name)


# -- what the invariants are proven on -----------------------------------------------------------------


def _partner_periods(
    content: Content, deriver: Deriver, decisions: Mapping[str, Timeline[Table]]
) -> Iterator[PartnerPeriod]:
    """Every period of every partner's outcomes (``judgements`` None where it is refused)."""
    for partner in content.partners:
        timeline = decisions[partner.name]
        signed = tuple((r.kind, r.signed) for r in partner.relationships)
        for period, table in _periods(timeline):
            if isinstance(table, Cells):
                where = table.situation
                held = frozenset(where.active)
                yield PartnerPeriod(partner.name, period, deriver.judgements(where), held, signed)
            else:
                yield PartnerPeriod(partner.name, period, None, frozenset(), signed)


def _periods(timeline: Timeline[Table]) -> Iterator[tuple[Period, Table]]:
    """Each period of a timeline with its table."""
    starts: list[date | None] = [None, *timeline.starts]
    ends: list[date | None] = [start - _ONE_DAY for start in timeline.starts]
    ends.append(None)
    for first, last, table in zip(starts, ends, timeline.values, strict=True):
        yield Period(first, last), table


def _member_states_refused(
    content: Content, deriver: Deriver, decisions: Mapping[str, Timeline[Table]]
) -> Iterator[tuple[str, date, bool]]:
    """For each Member State and former one: days it was one (or in transition), and if refused then."""
    established = content.knowledge.established
    for state in content.member_states.member_states:
        day = max(state.valid_from or established, established)
        yield state.name, day, isinstance(deriver.member_state(state.name).at(day), Refusal)
    for former in content.member_states.former_member_states:
        for day in {established, former.until, former.refused_until}:
            yield former.partner, day, isinstance(decisions[former.partner].at(day), Refusal)
