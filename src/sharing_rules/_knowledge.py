"""A loaded knowledge base: checked content, and the tables derived from it once, looked up to answer.

Loading reads the files into validated content (``_content``), derives every table from it (``_derive``:
the engine, the decisions of every partner in every period, the proof of the invariants), and hands both
to a :class:`KnowledgeBase`, which only answers: a question is a look-up in those tables.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from sharing_rules._content import Content, read_content, read_files, version_of
from sharing_rules._decisions import Decision
from sharing_rules._derive import Refusal, Table, Tables, derive
from sharing_rules._errors import (
    InvalidInputError,
    NotAThirdCountryError,
    UnknownPartnerError,
)
from sharing_rules._invariants import Proof
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
    Standing,
    Statement,
)
from sharing_rules._naming import Found, Match, plain
from sharing_rules._package import shipped_rules
from sharing_rules._prose import LegalNote
from sharing_rules._timeline import Timeline, asked_day, day_bounds, today
from sharing_rules._vocabulary import DataType, Outcome

_SPELLINGS_KEPT = 10_000
_EXACT = (str, DataType)
_clock = time.time
"""Read on every question about today: outside the day the tables kept are for, the long way is taken."""


@dataclass(frozen=True, slots=True)
class MatrixLine:
    """One partner on one day: its relationships, and its outcome for every kind (or why there is none)."""

    partner: Partner
    relationships: frozenset[str]
    """The kinds of relationship certainly in force that day."""
    uncertain: frozenset[str]
    """The kinds whose entry into force that day is uncertain (they grant nothing)."""
    outcomes: Mapping[DataType, Outcome]
    """Empty when the question is refused that day (see ``refusal``)."""
    refusal: NotAThirdCountryError | None
    """Why there is no decision: a Member State that day, or in a transition period after leaving."""


@dataclass(frozen=True, slots=True)
class DecisionMatrix:
    """Every partner against every kind of information on one day: what the command line and the page show."""

    day: date
    lines: tuple[MatrixLine, ...]
    warnings: tuple[str, ...] = ()
    """The caveats of that day, in words: the law of the day when it is an older one, and every warning
    a decision of the matrix carries (a day after the knowledge's date, an uncertain relationship...)."""


class KnowledgeBase:
    """One loaded rules directory. Build it with :func:`sharing_rules.load_knowledge`.

    Its content and derived tables never change once loaded. It keeps two caches, both safe to share
    between threads: the spellings of partners already resolved (bounded; an entry is only ever added,
    and maps to a timeline that never changes), and, in its deriver, the timelines of countries it does
    not name and of Member States, derived under a lock when first asked about (deterministic: the same
    whoever derives them; the engine's conclusions and the decider's reasons they are built from are
    remembered alike). None changes an answer: each only spares a second look-up or derivation.
    """

    def __init__(self, content: Content, tables: Tables) -> None:
        self._content = content
        self._tables = tables
        self._decisions = tables.decisions
        self._by_spelling: dict[str, Timeline[Table]] = dict(tables.decisions)
        """Spellings already resolved (canonical names first), so that a repeated question is one look-up."""
        self._spellings_limit = len(self._by_spelling) + _SPELLINGS_KEPT
        self._data_type_names: Mapping[str, DataType] = tables.data_types.exact
        self._today: tuple[float, float, date, dict[str, Table]] = (0.0, 0.0, date.min, {})
        """Today in The Hague (the moments it starts and ends, the day), and the tables of the spellings
        asked about today: a question about today looks its answer up there."""

    @property
    def proof(self) -> Proof:
        """What this load proved: the invariants of ``invariants.yaml``, each on every decision in scope."""
        return self._tables.proof

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

        Raises :class:`UnknownPartnerError` when the knowledge names no such partner (saying so when it is
        a country with no relationship with Eurojust), and :class:`NotAThirdCountryError` for an EU Member
        State.
        """
        match = self._find(name)
        if match.found is Found.MEMBER_STATE:
            state = next(m for m in self._content.member_states.member_states if m.name == match.name)
            note = state.note or self._content.member_states.note
            raise NotAThirdCountryError(name, match.name, match.territory, note=note)
        for partner in self._content.partners:
            if match.found is Found.PARTNER and partner.name == match.name:
                return partner
        day = today()
        decisions = [self.decide(match.name, kind, day) for kind in self.data_types]
        raise UnknownPartnerError.no_relationship(
            match.name, self._tables.writer.answers_for(match.name, day, decisions)
        )

    def relationships_of(self, name: str) -> Mapping[str, Relationship]:
        """The relationships of the partner called ``name`` by kind; none for other countries."""
        for partner in self._content.partners:
            if partner.name == name:
                return MappingProxyType({r.kind: r for r in partner.relationships})
        return MappingProxyType({})

    def legal_note(self, decision: Decision, day: date) -> str:
        """``decision`` written out as a legal note for ``day`` (the text of :meth:`note`)."""
        return self.note(decision, day).text()

    def note(self, decision: Decision, day: date) -> LegalNote:
        """``decision`` as a legal note for ``day``, part by part (question, answer, ..., sources)."""
        tables = self._tables
        relationships = self.relationships_of(decision.partner)
        permitting = tables.deriver.what_would_permit()[decision.data_type]
        return tables.writer.legal_note(decision, day, relationships, permitting)

    def matrix(self, as_of: date | str | None = None) -> DecisionMatrix:
        """Every partner's outcome for every kind of information on ``as_of`` (today in The Hague)."""
        day = asked_day(as_of)
        lines = []
        older = self._tables.writer.older_law(day)
        warnings: dict[str, None] = dict.fromkeys([older] if older else [])
        for partner in self._content.partners:
            uncertain = frozenset(
                r.kind for r in partner.relationships if r.standing(day) is Standing.UNCERTAIN
            )
            outcomes: Mapping[DataType, Outcome] = MappingProxyType({})
            refusal = None
            try:
                decisions = [self.decide(partner.name, t, day) for t in self.data_types]
            except NotAThirdCountryError as error:  # a former Member State, that day one or in transition
                refusal = error
            else:
                outcomes = MappingProxyType({d.data_type: d.outcome for d in decisions})
                warnings.update(dict.fromkeys(w for d in decisions for w in d.warnings))
            held = frozenset(partner.relationships_on(day))
            lines.append(MatrixLine(partner, held, uncertain, outcomes, refusal))
        return DecisionMatrix(day, tuple(lines), tuple(warnings))

    # -- answers -----------------------------------------------------------------------------------

    def decide(self, partner: str, data_type: DataType | str, as_of: date | str | None = None) -> Decision:
        """The decision for a partner and a kind of information (see :func:`sharing_rules.evaluate`)."""
        if as_of is None:  # the common question: about today, a spelling and a kind already met today
            start, end, _, tables = self._today
            if start <= _clock() < end and type(partner) is str and type(data_type) in _EXACT:
                table = tables.get(partner)
                # a DataType is equal to, and hashes like, its value as text: both find the decision
                found = table.get(data_type) if table is not None else None  # type: ignore[arg-type]
                if found is not None:
                    return found
        elif type(as_of) is date and type(partner) is str and type(data_type) in _EXACT:  # a day given
            timeline = self._by_spelling.get(partner)
            found = timeline.at(as_of).get(data_type) if timeline is not None else None  # type: ignore[arg-type]
            if found is not None:
                return found
        return self._decide(partner, data_type, as_of)

    def _decide(self, partner: str, data_type: DataType | str, as_of: date | str | None) -> Decision:
        asked = partner
        timeline = self._by_spelling.get(partner) if type(partner) is str else None
        if type(data_type) is DataType:
            kind = data_type
        else:
            known = self._data_type_names.get(data_type) if type(data_type) is str else None
            kind = known if known is not None else self.data_type(data_type)
        day = as_of if type(as_of) is date else asked_day(as_of)
        if timeline is None:  # a spelling not met before: resolve it once
            if not isinstance(partner, str):
                raise InvalidInputError("partner", partner)
            partner = plain(partner)  # a caller's object never enters the cache, nor a comparison
            timeline = self.timeline(partner)
            if len(self._by_spelling) < self._spellings_limit:  # bounded: junk input cannot fill memory
                self._by_spelling[partner] = timeline
        table = timeline.at(day)
        if isinstance(table, Refusal):
            raise table.refuse(partner, day)
        if as_of is None and type(asked) is str and type(data_type) in _EXACT:
            self._remember_today(asked, table, day)
        return table[kind]

    def _remember_today(self, spelling: str, table: Table, day: date) -> None:
        """Keep ``table`` as ``spelling``'s decisions on ``day``, today, for the next question about it.

        The tables kept are those of one day, with the moments it starts and ends in The Hague: a question
        asked outside them is answered the long way (and a new day starts a new set). Bounded like the
        spellings.
        """
        kept = self._today
        if kept[2] != day:
            kept = self._today = (*day_bounds(day), day, {})
        if len(kept[3]) < self._spellings_limit:
            kept[3][spelling] = table

    def timeline(self, partner: str) -> Timeline[Table]:
        """Every period of a partner's decisions, in order of time (a Member State's periods refuse)."""
        match = self._find(partner)
        if match.found is Found.PARTNER:
            return self._decisions[match.name]
        if match.found is Found.MEMBER_STATE:
            return self._tables.deriver.member_state(match.name, match.territory)
        return self._tables.deriver.other_country(match.name)

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
        return self._tables.data_types.resolve(value)

    def _find(self, name: object) -> Match:
        if not isinstance(name, str):
            raise InvalidInputError("partner", name)
        return self._tables.directory.find(plain(name))

    def __repr__(self) -> str:
        return f"<KnowledgeBase {self.title!r} {self.version} from {str(self.path)!r}>"


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
    folders = (directory, *(Path(a) for a in amendments))
    named = tuple(str(folder) for folder in folders)
    files = read_files(directory, folders[1:])  # each file read once, checked as a load checks it
    known = _LOADED.get((*named, version_of(files)))
    if known is not None:  # the very bytes of a knowledge base in use: what was derived from them holds
        return KnowledgeBase(known._content, known._tables)
    with _no_cyclic_collection():
        content = read_content(directory, folders[1:], files)  # files are parsed without the lock
        with _LOAD_LOCK:  # knowledge bases are built one at a time (the engine and its C core are shared)
            knowledge = KnowledgeBase(content, derive(content))
    _LOADED[(*named, content.version)] = knowledge  # the version of the bytes read: never another's
    return knowledge


_LOADED: weakref.WeakValueDictionary[tuple[str, ...], KnowledgeBase] = weakref.WeakValueDictionary()
"""The knowledge bases still in use, by their directories (as named) and the version of the bytes they were
read from. A load of the same directories whose bytes have that version reuses the content, the derived
tables and the proof (derivation is deterministic), with caches of its own; one no longer referred to is
forgotten with it, so nothing is kept alive for this."""


@contextlib.contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """No cyclic garbage collection while a load runs (as before it once the load is done).

    A load makes a great many objects that all live on, and next to none in cycles: the collector would
    walk them over and over for nothing (it took a third of a large load's time, more as it grew).
    Memory is still freed as usual when an object is no longer referred to.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
