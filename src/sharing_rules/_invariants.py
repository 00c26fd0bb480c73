"""Proving the invariants of the law (``rules/invariants.yaml``) on every load.

Two domains, both finite and enumerated whole:

- every partner of the knowledge, every period of its decisions, every kind of information: the decisions
  the knowledge base will give;
- a partner the knowledge does not have, holding every combination of the relationships the rules speak
  of, each in force, uncertain or not in force (not yet, or no longer: the same to the rules), on every
  period in which the rules in force are the same: what any rules file could make the rules decide.

The second depends only on the rules, not on the partners, so it is proven once per set of rules and
remembered. A counterexample refuses the load with a :class:`KnowledgeBaseError` naming the invariant, the
partner or combination, the kind of information, the day, and the rule that produced the decision.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sharing_rules._content import Content
from sharing_rules._decisions import Decider, Judgement
from sharing_rules._engine import Conclusion, Engine, Profile
from sharing_rules._errors import KnowledgeBaseError
from sharing_rules._model import Invariant, Rule
from sharing_rules._package import __version__, source_digest
from sharing_rules._timeline import Period, periods
from sharing_rules._vocabulary import DataType, Outcome

_ONE_DAY = timedelta(days=1)
_HYPOTHETICAL = "\0a partner the knowledge does not have"
_STATES = ("absent", "in force", "uncertain")


@dataclass(frozen=True, slots=True)
class Proof:
    """What a load proved: each invariant, and how many decisions it was checked on."""

    invariants: tuple[Invariant, ...]
    checked: Mapping[str, int]
    """By invariant id: the decisions (or refusals) it was checked on, both domains together."""
    partners: int
    """Partners of the knowledge whose every decision was checked."""
    combinations: int
    """Combinations of relationships a partner could have, checked on each period of the rules."""
    periods: int
    """Periods of the rules (each with its own rules in force) the combinations were checked on."""

    def summary(self) -> Iterator[str]:
        """One sentence per invariant: its id, how many decisions it held on, its title and citations."""
        for invariant in self.invariants:
            title = " ".join(invariant.title.split())
            count = self.checked.get(invariant.id, 0)
            yield f"{invariant.id}: held on {count:,} decisions. {title} [{', '.join(invariant.statements)}]."


@dataclass(slots=True)
class _Counts:
    checked: dict[str, int] = field(default_factory=dict)

    def add(self, invariant: Invariant) -> None:
        self.checked[invariant.id] = self.checked.get(invariant.id, 0) + 1


class _ViolationError(Exception):
    """An invariant that does not hold: the invariant and the counterexample, in words."""

    def __init__(self, invariant: Invariant, counterexample: str) -> None:
        super().__init__(counterexample)
        self.invariant = invariant
        self.counterexample = counterexample

    def error(self) -> KnowledgeBaseError:
        invariant = self.invariant
        title = " ".join(invariant.title.split())
        return KnowledgeBaseError(
            "invariants.yaml",
            f"invariant {invariant.id}",
            f"it does not hold ({title}) [{', '.join(invariant.statements)}]: {self.counterexample}."
            " Nothing of this knowledge base is used.",
            "correct the rule named (eligibility.yaml) or the facts it was given (partners.yaml); change the"
            " invariant only if the law allows what it forbids.",
        )


def _verdict(judgement: Judgement) -> str:
    if judgement.outcome is not Outcome.ALLOWED:
        return f"the decision is {judgement.outcome.value}"
    return (
        f"it is allowed on {', '.join(judgement.bases) or 'no basis'}"
        f" by the rule {', '.join(judgement.permits)}"
        + (f" through {', '.join(judgement.instruments)}" if judgement.instruments else "")
    )


def _check(invariant: Invariant, judgement: Judgement, where: Callable[[], str]) -> None:
    """Raise :class:`_ViolationError` if ``judgement`` breaks ``invariant``; ``where()`` says whose."""
    if judgement.outcome is not Outcome.ALLOWED:
        return
    wrong = ""
    if invariant.never_allowed:
        wrong = "nothing may be allowed there"
    elif set(judgement.bases) & set(invariant.never_on):
        wrong = f"no basis among {', '.join(invariant.never_on)} may be named"
    elif invariant.allowed_only_on and not set(judgement.bases) <= set(invariant.allowed_only_on):
        wrong = f"only {', '.join(invariant.allowed_only_on)} may be named"
    elif not set(invariant.allowed_with) <= set(judgement.conditions):
        missing = [c for c in invariant.allowed_with if c not in judgement.conditions]
        wrong = f"the conditions {', '.join(missing)} are missing"
    elif (rests := invariant.rests_only_on) is not None:
        relied = [kind for _, basis, kinds in judgement.grounds if basis == rests.basis for kind in kinds]
        foreign = [kind for kind in relied if kind not in rests.kinds]
        if foreign or (rests.basis in judgement.bases and not relied):
            wrong = (
                f"{rests.basis} may rest only on {', '.join(rests.kinds)},"
                f" not on {', '.join(foreign) or 'nothing'}"
            )
    if wrong:
        raise _ViolationError(invariant, f"{where()}: {_verdict(judgement)}, but {wrong}")


def _in_scope(invariant: Invariant, first: date | None, last: date | None, data_type: DataType) -> bool:
    """Whether the invariant speaks of some day from ``first`` to ``last`` and of ``data_type``."""
    if invariant.refused_as_member_state:
        return False
    if invariant.data_types and data_type.value not in invariant.data_types:
        return False
    starts_late = invariant.valid_from is not None and last is not None and last < invariant.valid_from
    ends_early = invariant.valid_until is not None and first is not None and first > invariant.valid_until
    return not (starts_late or ends_early)


# -- the partners of the knowledge --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartnerPeriod:
    """One period of a partner's outcomes, or of its refusal (``judgements`` None: refused)."""

    partner: str
    period: Period
    judgements: Mapping[DataType, Judgement] | None
    """The judgement of every kind in the period: what its decisions say (they are written from it)."""
    held: frozenset[str]
    """The kinds of its relationships certainly in force in the period (the decisions' relationships)."""
    relationships: tuple[tuple[str, date | None], ...]
    """The kinds of its relationships, each with the day it was signed (None: not known)."""


Scope = tuple[tuple[DataType, tuple[int, ...]], ...]
"""For each kind, the invariants that speak of it in a period, by their place in ``invariants.yaml``."""


class Prover:
    """Proves the invariants of one knowledge base."""

    def __init__(self, content: Content, engine: Engine, decider: Decider) -> None:
        self._content = content
        self._engine = engine
        self._decider = decider

    def prove(
        self,
        periods_of_partners: Iterable[PartnerPeriod],
        member_states_refused: Iterable[tuple[str, date, bool]],
    ) -> Proof:
        """Check every invariant on both domains; :class:`KnowledgeBaseError` on a counterexample.

        ``member_states_refused``: for each Member State, a day it was one and whether a question about it
        on that day is refused.
        """
        invariants = self._content.invariants
        counts = _Counts()
        try:
            partners = self._partners(invariants, periods_of_partners, counts)
            self._member_states(invariants, member_states_refused, counts)
            combinations, rule_periods, checked = _remembered(self._content, self._hypothetical)
        except _ViolationError as violation:
            raise violation.error() from None
        for ident, count in checked.items():
            counts.checked[ident] = counts.checked.get(ident, 0) + count
        return Proof(invariants, dict(counts.checked), partners, combinations, rule_periods)

    def _partners(
        self, invariants: Sequence[Invariant], found: Iterable[PartnerPeriod], counts: _Counts
    ) -> int:
        """Check every outcome of every partner, each distinct one once (its count is every partner's).

        Periods alike in everything an invariant reads (the invariants in scope on their days, the
        judgements, the relationships held and their signatures) are checked together: the first of them
        names the counterexample, as a check of each in turn would.
        """
        names: set[str] = set()
        refusing = [invariant for invariant in invariants if invariant.refused_until]
        scopes: dict[Period, Scope] = {}
        known: dict[Scope, Scope] = {}
        alike: dict[tuple[object, ...], tuple[PartnerPeriod, Scope]] = {}
        times: dict[tuple[object, ...], int] = {}
        for item in found:
            names.add(item.partner)
            self._refused_until(refusing, item, counts)
            if item.judgements is None:
                continue
            scope = scopes.get(item.period)
            if scope is None:
                scope = self._scope(invariants, item.period)
                scope = scopes[item.period] = known.setdefault(scope, scope)  # equal scopes: one object
            key = (id(scope), id(item.judgements), item.held, item.relationships)
            alike.setdefault(key, (item, scope))
            times[key] = times.get(key, 0) + 1
        for group, (first_item, scope) in alike.items():
            self._period(invariants, scope, first_item, times[group], counts)
        return len(names)

    def _scope(self, invariants: Sequence[Invariant], period: Period) -> Scope:
        """For each kind, the invariants that speak of it in ``period``."""
        return tuple(
            (
                data_type,
                tuple(
                    n for n, i in enumerate(invariants) if _in_scope(i, period.first, period.last, data_type)
                ),
            )
            for data_type in self._content.data_types
        )

    def _period(
        self, invariants: Sequence[Invariant], scope: Scope, item: PartnerPeriod, times: int, counts: _Counts
    ) -> None:
        """Check one period's outcomes, counted ``times`` (the periods alike in all the check reads).

        ``scope``: for each kind, the invariants (by their place in ``invariants``) that speak of it then.
        """
        first, last = item.period.first, item.period.last
        assert item.judgements is not None
        signed = dict(item.relationships)
        judgements = item.judgements
        for data_type, in_scope in scope:
            judgement = judgements[data_type]
            for invariant in (invariants[n] for n in in_scope):
                if invariant.with_only is not None and not item.held <= set(invariant.with_only):
                    continue
                counts.checked[invariant.id] = counts.checked.get(invariant.id, 0) + times
                if judgement.outcome is not Outcome.ALLOWED:
                    continue
                where = functools.partial(self._where, item.partner, data_type, first, last)
                _check(invariant, judgement, where)
                self._signed(invariant, judgement, signed, where)

    def _where(self, partner: str, data_type: DataType, first: date | None, last: date | None) -> str:
        """Where a counterexample is: the partner, the kind of information, the period."""
        return f"{partner}, {self._content.data_types[data_type].label}, {_span(first, last)}"

    @staticmethod
    def _refused_until(invariants: Sequence[Invariant], item: PartnerPeriod, counts: _Counts) -> None:
        """A partner an invariant says is refused up to a day is refused in every period before it."""
        for invariant in invariants:
            until = invariant.refused_until.get(item.partner)
            if until is None or (item.period.first is not None and item.period.first > until):
                continue
            counts.add(invariant)
            if item.judgements is not None:
                raise _ViolationError(
                    invariant,
                    f"{item.partner}, {_span(item.period.first, item.period.last)}, is answered as a third"
                    f" country, but a question about it until {until} must be refused",
                )

    @staticmethod
    def _signed(
        invariant: Invariant,
        judgement: Judgement,
        signatures: Mapping[str, date | None],
        where: Callable[[], str],
    ) -> None:
        rests = invariant.rests_only_on
        if rests is None or rests.signed_before is None:
            return
        relied = [kind for _, basis, kinds in judgement.grounds if basis == rests.basis for kind in kinds]
        for kind in relied:
            signed = signatures.get(kind)
            if signed is None or signed >= rests.signed_before:
                said = f"signed {signed}" if signed is not None else "not dated by its signature"
                raise _ViolationError(
                    invariant,
                    f"{where()}: it rests on {rests.basis} through its {kind}, {said}, but only one signed"
                    f" before {rests.signed_before} may be",
                )

    @staticmethod
    def _member_states(
        invariants: Sequence[Invariant], refused: Iterable[tuple[str, date, bool]], counts: _Counts
    ) -> None:
        checks = [invariant for invariant in invariants if invariant.refused_as_member_state]
        for name, day, was_refused in refused:
            for invariant in checks:
                counts.add(invariant)
                if not was_refused:
                    raise _ViolationError(
                        invariant,
                        f"{name} on {day}, a day it was a Member State or in the transition period after it,"
                        " is answered as a third country instead of refused",
                    )

    # -- every combination of relationships, on every period of the rules ------------------------------

    def _hypothetical(self) -> tuple[int, int, dict[str, int]]:
        content = self._content
        invariants = [i for i in content.invariants if not i.refused_as_member_state]
        groups = _rule_periods(content)
        counts: dict[str, int] = {}
        combinations = 0
        for rules_in_force, spans in groups.items():
            situations = list(_combinations(_kinds_in_play(content.rules, rules_in_force), content))
            combinations = max(combinations, len(situations))
            derived = self._derive(situations, rules_in_force)
            scoped = {
                data_type: [
                    (invariant, first, last)
                    for invariant in invariants
                    for first, last in spans
                    if _in_scope(invariant, first, last, data_type)
                ]
                for data_type in content.data_types
            }
            for active, uncertain in situations:
                actual = _by_type(derived[(active, rules_in_force)])
                doubtful = _by_type(derived[(active | uncertain, rules_in_force)]) if uncertain else None
                for data_type, in_scope in scoped.items():
                    judgement = self._decider.judge(
                        dict.fromkeys(active),
                        dict.fromkeys(uncertain),
                        actual.get(data_type.value, ()),
                        doubtful.get(data_type.value, ()) if doubtful is not None else None,
                    )
                    for invariant, first, last in in_scope:
                        if invariant.with_only is not None and not active <= set(invariant.with_only):
                            continue
                        counts[invariant.id] = counts.get(invariant.id, 0) + 1
                        if judgement.outcome is Outcome.ALLOWED:
                            _check(
                                invariant,
                                judgement,
                                functools.partial(_where, content, active, uncertain, data_type, first, last),
                            )
        return combinations, sum(len(spans) for spans in groups.values()), counts

    def _derive(
        self, situations: Sequence[tuple[frozenset[str], frozenset[str]]], rules: frozenset[str]
    ) -> dict[tuple[frozenset[str], frozenset[str]], tuple[Conclusion, ...]]:
        wanted = {(active, rules) for active, _ in situations}
        wanted |= {(active | uncertain, rules) for active, uncertain in situations if uncertain}
        ordered = list(wanted)
        found = self._engine.derive(
            Profile(_HYPOTHETICAL, held, in_force, key=str(index))
            for index, (held, in_force) in enumerate(ordered)
        )
        return {profile: found[str(index)] for index, profile in enumerate(ordered)}


def _span(first: date | None, last: date | None) -> str:
    if first is None and last is None:
        return "on any day"
    if first is None:
        return f"on any day until {last}"
    if last is None:
        return f"on any day from {first}"
    return f"from {first} to {last}" if first != last else f"on {first}"


def _where(  # noqa: PLR0917  # bound whole by functools.partial, called only on a counterexample
    content: Content,
    active: frozenset[str],
    uncertain: frozenset[str],
    data_type: DataType,
    first: date | None,
    last: date | None,
) -> str:
    """A counterexample among the combinations, in words."""
    label = content.data_types[data_type].label
    return f"{_combination(active, uncertain, content)}, {label}, {_span(first, last)}"


def _combination(active: frozenset[str], uncertain: frozenset[str], content: Content) -> str:
    def named(kinds: frozenset[str]) -> str:
        order = list(content.relationships)
        return ", ".join(content.relationships[k].label for k in sorted(kinds, key=order.index))

    text = f"a partner with {named(active)} in force" if active else "a partner with no relationship in force"
    if uncertain:
        text += f" and {named(uncertain)} uncertain"
    return text + " (and nothing else)"


def _by_type(conclusions: Iterable[Conclusion]) -> dict[str, list[Conclusion]]:
    grouped: dict[str, list[Conclusion]] = {}
    for conclusion in conclusions:
        grouped.setdefault(conclusion.data_type, []).append(conclusion)
    return grouped


def _rule_periods(content: Content) -> dict[frozenset[str], list[tuple[date | None, date | None]]]:
    """The periods of the rules, grouped by the rules in force in them (each group is proven once)."""
    knowledge = content.knowledge
    cuts = {knowledge.established, knowledge.speaks_for + _ONE_DAY}
    for rule in content.rules:
        cuts.update(filter(None, (rule.valid_from, rule.valid_until and rule.valid_until + _ONE_DAY)))
    for invariant in content.invariants:
        cuts.update(
            filter(None, (invariant.valid_from, invariant.valid_until and invariant.valid_until + _ONE_DAY))
        )
    groups: dict[frozenset[str], list[tuple[date | None, date | None]]] = {}
    for period in periods((), cuts):
        day = period.sample()
        existing = day >= knowledge.established
        in_force = frozenset(r.id for r in content.rules if existing and r.in_force(day))
        groups.setdefault(in_force, []).append((period.first, period.last))
    return groups


def _kinds_in_play(rules: Sequence[Rule], in_force: frozenset[str]) -> tuple[str, ...]:
    """The kinds of relationship the rules in force speak of: the others change no decision."""
    kinds: dict[str, None] = {}
    for rule in rules:
        if rule.id in in_force:
            kinds.update(dict.fromkeys((*rule.when.has, *rule.when.has_any, *rule.when.lacks)))
    return tuple(kinds)


def _combinations(kinds: Sequence[str], content: Content) -> Iterator[tuple[frozenset[str], frozenset[str]]]:
    """Every assignment of in force, uncertain or not in force to ``kinds``, as a partner could hold it.

    A kind that needs another (a liaison prosecutor, an agreement) is in force or uncertain only where one
    of those is in force or uncertain.
    """
    for states in itertools.product(_STATES, repeat=len(kinds)):
        active = frozenset(k for k, s in zip(kinds, states, strict=True) if s == "in force")
        uncertain = frozenset(k for k, s in zip(kinds, states, strict=True) if s == "uncertain")
        held = active | uncertain
        needs = (content.relationships[k].requires_any for k in held)
        if all(not needed or set(needed) & held for needed in needs):
            yield active, uncertain


# -- remembered per set of rules ----------------------------------------------------------------------

_REMEMBERED: OrderedDict[str, tuple[int, int, dict[str, int]]] = OrderedDict()
_REMEMBERED_LOCK = threading.Lock()
_REMEMBERED_SIZE = 32


def _remembered(
    content: Content, prove: Callable[[], tuple[int, int, dict[str, int]]]
) -> tuple[int, int, dict[str, int]]:
    """The proof over every combination for these rules: computed once per content, then remembered."""
    key = _rules_key(content)
    with _REMEMBERED_LOCK:
        found = _REMEMBERED.get(key)
        if found is not None:
            _REMEMBERED.move_to_end(key)
            return found[0], found[1], dict(found[2])
    found = _stored(key)
    if found is None:
        found = prove()
        _store(key, found)
    with _REMEMBERED_LOCK:
        _REMEMBERED[key] = found
        while len(_REMEMBERED) > _REMEMBERED_SIZE:
            _REMEMBERED.popitem(last=False)
    return found[0], found[1], dict(found[2])


def _rules_key(content: Content) -> str:
    """What the proof over every combination depends on: the rules, kinds, relationships, invariants."""
    knowledge = content.knowledge
    document = [
        [rule.model_dump(mode="json") for rule in content.rules],
        [kind.model_dump(mode="json") for kind in content.data_types.values()],
        [kind.model_dump(mode="json") for kind in content.relationships.values()],
        [invariant.model_dump(mode="json") for invariant in content.invariants],
        [str(knowledge.established), str(knowledge.speaks_for)],
    ]
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


# -- kept in the user's cache between processes ---------------------------------------------------------

_STORED = "proof"
"""The kind of cache entry (``_cache``) holding the proof over every combination for one set of rules."""


def _stored_key(rules_key: str) -> tuple[str, str]:
    """The cache entry's name and key: the rules' hash, with this package's version and code."""
    from sharing_rules import _cache  # noqa: PLC0415  # the cache's checks, only when a proof is wanted

    key = hashlib.sha256(
        f"{_cache.FORMAT}\0{_STORED}\0{__version__}\0{source_digest()}\0{rules_key}".encode()
    )
    return f"{_STORED}-{rules_key[:24]}.json", key.hexdigest()


def _stored(rules_key: str) -> tuple[int, int, dict[str, int]] | None:
    """The proof over every combination a process proved for these very rules and this very code, if any.

    Read through the cache's checks (``_cache.read``: the user's own private file, the exact key, the
    body's hash and length); anything else that is not exactly what :func:`_store` writes is not used.
    """
    from sharing_rules import _cache  # noqa: PLC0415  # see _stored_key

    document = _cache.read(*_stored_key(rules_key))
    if not isinstance(document, dict) or document.get("rules") != rules_key:
        return None
    combinations, periods, checked = (
        document.get("combinations"),
        document.get("periods"),
        document.get("checked"),
    )
    if type(combinations) is not int or type(periods) is not int or not isinstance(checked, dict):
        return None
    if not all(type(name) is str and type(count) is int and count >= 0 for name, count in checked.items()):
        return None
    return combinations, periods, dict(checked)


def _store(rules_key: str, proof: tuple[int, int, dict[str, int]]) -> None:
    """Keep the proof over every combination for these rules in the user's cache (if it is on)."""
    from sharing_rules import _cache  # noqa: PLC0415  # see _stored_key

    combinations, periods, checked = proof
    document = {"rules": rules_key, "combinations": combinations, "periods": periods, "checked": checked}
    _cache.write(*_stored_key(rules_key), document)
