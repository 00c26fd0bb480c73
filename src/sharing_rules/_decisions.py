"""Decisions: what the engine's conclusions mean for one partner and one kind of information.

The outcome follows from the effects of the rules that apply, through :func:`resolve` and nowhere else. An
allowed decision carries its basis (the provision of the Regulation), the instruments it rests on and the
conditions that still apply; a decision without a basis carries the rules that are expressly no basis and
the routes that remain case by case. A relationship whose date of entry into force is uncertain grants
nothing, and a decision that would change if it were in force (or if a rule not yet in force were) says so
in its warnings. Decisions are frozen values that explain themselves and cite their sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sharing_rules._content import Content
from sharing_rules._engine import Conclusion
from sharing_rules._model import KnowledgeFile, Relationship, Rule, Standing, standing_on
from sharing_rules._prose import Writer
from sharing_rules._timeline import Period
from sharing_rules._vocabulary import DataType, Effect, Outcome, RuleStatus, resolve, stricter


class Reason(BaseModel):
    """One rule that took part in a decision, with what it rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    """The id of the eligibility rule (``rules/eligibility.yaml``)."""
    title: str
    effect: Effect
    status: RuleStatus
    statements: tuple[str, ...]
    """The statements (of the page and of the Regulation) the rule encodes."""
    relationships: tuple[str, ...]
    """The partner's relationships the rule relied on (none for a rule that applies to every partner)."""
    relationship_statements: tuple[str, ...]
    """The statements that give the partner those relationships."""
    relationship_sources: tuple[str, ...] = ()
    """For relationships the page does not date or state: the public sources they come from."""
    via: DataType | None
    """Set when the rule names a broader kind that includes the one asked about."""
    basis: str | None = None
    """For a permission: the provision it is a legal basis under (a statement id, e.g. ``REG-56-2-B``)."""
    explanation: str


class Condition(BaseModel):
    """A condition an allowed exchange is still subject to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    text: str
    """Completes "allowed, provided that ..."."""
    statements: tuple[str, ...]
    """The provisions it comes from."""


class Route(BaseModel):
    """A case-by-case route that remains when there is no standing basis: never an "allowed"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    title: str
    explanation: str
    statements: tuple[str, ...]


class InactiveRelationship(BaseModel):
    """A relationship the partner has at other dates, or may have: it grants nothing in this period."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    status: Literal["not_yet_in_force", "no_longer_in_force", "uncertain"]
    """``uncertain``: it may have entered into force by then, but the day is not known."""
    signed: date | None
    valid_from: date | None
    """The first day it is certainly in force (None: never known to be)."""
    valid_until: date | None
    earliest: date | None = None
    """The first day it can have been in force (None: no limit is known)."""
    statements: tuple[str, ...]
    source: str | None
    instrument: str | None = None
    """The instrument's name, when the knowledge gives it."""


class Decision(BaseModel):
    """The answer to "may Eurojust exchange this kind of information with this partner?"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    partner: str
    data_type: DataType
    allowed: bool
    outcome: Outcome
    basis: str | None
    """When allowed: the provision the exchange rests on (a statement id, e.g. ``REG-56-2-B``); the first
    of ``bases`` when several hold."""
    bases: tuple[str, ...] = ()
    """When allowed: every provision the exchange rests on, ``basis`` first (the United Kingdom's
    operational personal data rest on its Union agreement and on an adequacy decision)."""
    instruments: tuple[str, ...] = ()
    """When allowed: the partner's relationships the permission rests on (none: the Regulation alone)."""
    conditions: tuple[Condition, ...] = ()
    """When allowed: what every exchange still has to meet ("allowed, provided that ...")."""
    routes: tuple[Route, ...] = ()
    """When there is no basis: the case-by-case routes that remain (never an "allowed")."""
    reasons: tuple[Reason, ...]
    """The rules that decided, the deciding ones first (a prohibition before what it overrides)."""
    relationships: tuple[str, ...]
    """Every relationship the partner has with Eurojust certainly in force in the decision's period."""
    provisional: tuple[str, ...] = ()
    """Those of ``relationships`` that take effect in this period only by provisional application: signed
    and applied, not yet (certainly) entered into force."""
    law: str | None = None
    """The body of law the decision follows (``knowledge.yaml``, ``laws``: the Regulation from 2019-12-12,
    the Council Decision setting up Eurojust before); None before any applied."""
    inactive: tuple[InactiveRelationship, ...] = ()
    """Relationships not in force, or not certainly in force, in this period: they grant nothing."""
    valid_from: date | None = None
    """The first day this decision holds (None: since ever, as far as the knowledge knows)."""
    valid_until: date | None = None
    """The last day this decision holds (None: until the knowledge changes)."""
    warnings: tuple[str, ...] = ()
    """What a reader must know before relying on the decision (an uncertain date, a day the knowledge does
    not speak for, a rule not yet in force)."""
    explanation: str
    record_id: str | None = Field(default=None, exclude_if=lambda value: value is None)
    """The id of the decision record ``require`` wrote for it (records on); absent otherwise."""
    statements: tuple[str, ...]
    """Every statement this decision cites: the rules' first, then the partner's, routes' and conditions'."""
    knowledge_version: str

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        expected = resolve(reason.effect for reason in self.reasons)
        if self.outcome is not expected:
            raise ValueError(
                f"outcome {self.outcome.value} does not follow from the reasons ({expected.value})"
            )
        if self.allowed != (self.outcome is Outcome.ALLOWED):
            raise ValueError("allowed must be true exactly when the outcome is 'allowed'")
        if (self.basis is not None) != self.allowed:
            raise ValueError("a basis is given exactly when the exchange is allowed")
        if self.allowed != bool(self.bases) or (self.bases and self.bases[0] != self.basis):
            raise ValueError("bases list every basis of an allowed decision, its basis first")
        if not set(self.provisional) <= set(self.relationships):
            raise ValueError("a relationship applied provisionally is one of the decision's relationships")
        if not self.allowed and (self.conditions or self.instruments):
            raise ValueError("conditions and instruments belong to an allowed decision")
        if self.routes and self.outcome is not Outcome.NO_BASIS:
            raise ValueError("routes are named only when there is no basis")
        if self.statements != cited_by(self.reasons, self.routes, self.conditions):
            raise ValueError("statements must be exactly those the reasons, routes and conditions cite")
        return self

    def __bool__(self) -> bool:
        """Refuse to be used as a truth value: ``if decision:`` would read a refusal as a yes."""
        raise TypeError("a Decision has no truth value: test decision.allowed (or decision.outcome)")

    def __str__(self) -> str:
        """The answer in one line: the partner, the kind, the verdict and its basis.

        >>> from sharing_rules import evaluate
        >>> print(evaluate("Norway", "evidence", as_of="2024-09-30"))
        Norway - evidence: ALLOWED (REG-56-2-B)
        >>> print(evaluate("Bhutan", "personal data", as_of="2024-09-30"))
        Bhutan - personal_data: NOT ALLOWED (no basis)
        """
        verdict = {Outcome.ALLOWED: "ALLOWED", Outcome.PROHIBITED: "PROHIBITED"}.get(
            self.outcome, "NOT ALLOWED"
        )
        grounds = (
            f" ({self.basis})" if self.basis else " (no basis)" if self.outcome is Outcome.NO_BASIS else ""
        )
        return f"{self.partner} - {self.data_type.value}: {verdict}{grounds}"


def cited_by(
    reasons: Iterable[Reason], routes: Iterable[Route] = (), conditions: Iterable[Condition] = ()
) -> tuple[str, ...]:
    """The statements a decision cites, each once: the rules', the partner's, the routes', the conditions'."""
    reasons = tuple(reasons)
    rules = (s for r in reasons for s in r.statements)
    partners = (s for r in reasons for s in r.relationship_statements)
    others = [*(s for route in routes for s in route.statements)]
    others += [s for condition in conditions for s in condition.statements]
    return tuple(dict.fromkeys((*rules, *partners, *others)))


@dataclass(frozen=True, slots=True)
class Situation:
    """A partner in one period: what is in force then, what may be, and what is not."""

    partner: str
    period: Period
    active: Mapping[str, Relationship]
    """The relationships certainly in force."""
    uncertain: Mapping[str, Relationship]
    """The relationships that may or may not be in force yet (their date is not known exactly)."""
    dormant: tuple[tuple[Relationship, Standing], ...]
    """The relationships not in force (not yet, no longer, or not certainly), each with its standing."""
    rules: frozenset[str]
    """The rules in force in the period."""
    pending: frozenset[str]
    """The rules that come into force only after the period."""
    warnings: tuple[str, ...] = ()
    """Said with every decision of the period."""
    provisional: frozenset[str] = frozenset()
    """The relationships in force only by provisional application in the period."""
    law: str | None = None
    """The body of law that applied in the period (None: none the knowledge models)."""


class Situations:
    """Sorts partners' relationships and the rules into situations (see :meth:`situation`).

    The rules in force on a day, shared by every situation of that day, are sorted once and kept, and so
    are the days each relationship's standing turns on.
    """

    def __init__(self, rules: Iterable[Rule], knowledge: KnowledgeFile) -> None:
        self._rules = tuple(rules)
        self._knowledge = knowledge
        self._on_day: dict[date, tuple[frozenset[str], frozenset[str], str | None]] = {}
        self._bounds: dict[int, tuple[date | None, date | None, date | None]] = {}
        """Each relationship's bounds (:meth:`Relationship.bounds`), by its identity: the relationships
        are those of the content this sorter was made for, which lives as long as it."""

    def situation(
        self,
        partner: str,
        period: Period,
        relationships: Sequence[Relationship],
        warnings: Sequence[str] = (),
    ) -> Situation:
        """Sort a partner's relationships and the rules into those in force in ``period`` and the others."""
        day = period.sample()
        active: dict[str, Relationship] = {}
        uncertain: dict[str, Relationship] = {}
        provisional = set()
        dormant = []
        for r in relationships:
            found = self._bounds.get(id(r))
            if found is None:
                found = self._bounds[id(r)] = r.bounds()
            standing = standing_on(day, found)
            if standing is Standing.IN_FORCE:
                active[r.kind] = r
                if r.provisional_on(day):
                    provisional.add(r.kind)
                continue
            if standing is Standing.UNCERTAIN:
                uncertain[r.kind] = r
            dormant.append((r, standing))
        in_force, pending, law = self._rules_on(day)
        return Situation(
            partner,
            period,
            MappingProxyType(active),
            MappingProxyType(uncertain),
            tuple(dormant),
            in_force,
            pending,
            tuple(warnings),
            frozenset(provisional),
            law,
        )

    def _rules_on(self, day: date) -> tuple[frozenset[str], frozenset[str], str | None]:
        """The rules in force on ``day``, those it may warn of, and the law that applied.

        The rules not yet in force that a decision may warn of are those of the law that applied on the
        day (or, when none did, of the next one): a rule of a later law never speaks for a day an earlier
        law governed.
        """
        found = self._on_day.get(day)
        if found is not None:
            return found
        knowledge, rules = self._knowledge, self._rules
        existing = day >= knowledge.established
        in_force = frozenset(rule.id for rule in rules if existing and rule.in_force(day))
        law, awaited = knowledge.law_on(day), knowledge.law_awaited(day)
        pending = frozenset(
            rule.id
            for rule in rules
            if rule.valid_from is not None
            and rule.valid_from > day
            and existing
            and (rule.law is None or awaited is None or rule.law == awaited.id)
        )
        found = self._on_day[day] = (in_force, pending, law.id if law is not None else None)
        return found


_DESCRIBED = ("kind", "signed", "valid_from", "valid_until", "earliest", "statements", "source", "instrument")
"""What a decision says of a relationship not in force, read from the relationship (and its standing)."""


def described(relationship: Relationship, standing: Standing) -> InactiveRelationship:
    """A relationship not in force, as a decision names it."""
    said = {name: getattr(relationship, name) for name in _DESCRIBED}
    return _compact(InactiveRelationship(status=standing.value, **said))


_M = TypeVar("_M", bound=BaseModel)
_FIELDS_GIVEN: dict[frozenset[str], set[str]] = {}
"""One set of field names for every model written with the same fields (see :func:`_compact`)."""


def _compact(model: _M) -> _M:
    """``model``, its set of the fields it was given shared with every model given the same fields.

    pydantic keeps that set per instance (over 2 KB for a decision); a frozen model never changes it.
    """
    given = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", _FIELDS_GIVEN.setdefault(frozenset(given), given))
    return model


@dataclass(frozen=True, slots=True)
class Judgement:
    """A decision reached, before it is written out: what the invariants of the law are checked on."""

    outcome: Outcome
    chosen: tuple[Conclusion, ...]
    """The conclusions the outcome follows from (those of the doubtful reading when it is stricter)."""
    deciding: tuple[Conclusion, ...]
    """Those of ``chosen`` that are no route."""
    doubted: bool
    """Whether counting the uncertain relationships made it stricter (and so holds)."""
    permits: tuple[str, ...]
    """When allowed: the rules that permit it, in the order of the rules."""
    bases: tuple[str, ...]
    instruments: tuple[str, ...]
    conditions: tuple[str, ...]
    """The ids of the conditions of the permitting rules, each once."""
    grounds: tuple[tuple[str, str | None, tuple[str, ...]], ...] = ()
    """For each permitting rule: its id, its basis and the relationships it relies on."""


@dataclass(frozen=True, slots=True)
class Derived:
    """What the engine concluded for a situation: as it stands, and as it would be in doubt.

    ``actual``: the relationships and rules certainly in force. ``doubtful``: the uncertain relationships
    added (for fail-closed outcomes). ``hoped``: the uncertain relationships and the rules not yet in force
    added (only to warn of what would change). Either may be None when it equals ``actual``.
    """

    actual: tuple[Conclusion, ...]
    doubtful: tuple[Conclusion, ...] | None = None
    hoped: tuple[Conclusion, ...] | None = None


class Decider:
    """Turns what the engine concluded into decisions, for one knowledge base."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._writer = Writer(content)
        self._rules = {rule.id: rule for rule in content.rules}
        self._rule_order = {rule.id: index for index, rule in enumerate(content.rules)}
        self._relationship_order = {kind: index for index, kind in enumerate(content.relationships)}
        self._reasons: dict[tuple[object, ...], Reason] = {}

    @property
    def writer(self) -> Writer:
        """The prose of this knowledge base."""
        return self._writer

    def decide(self, where: Situation, derived: Derived) -> Mapping[DataType, Decision]:
        """One decision per kind of information for a partner in a period."""
        actual = _by_type(derived.actual)
        doubtful = _by_type(derived.doubtful) if derived.doubtful is not None else None
        hoped = _by_type(derived.hoped) if derived.hoped is not None else None
        inactive = tuple(described(relationship, standing) for relationship, standing in where.dormant)
        return MappingProxyType(
            {
                data_type: self._decision(
                    where,
                    data_type,
                    actual.get(data_type.value, []),
                    doubtful.get(data_type.value, []) if doubtful is not None else None,
                    hoped.get(data_type.value, []) if hoped is not None else None,
                    inactive=inactive,
                )
                for data_type in self._content.data_types
            }
        )

    def judgements(
        self, where: Situation, actual: Sequence[Conclusion], doubtful: Sequence[Conclusion]
    ) -> dict[DataType, Judgement]:
        """The judgement of every kind in a situation (``doubtful``: with the uncertain relationships)."""
        by_actual = _by_type(actual)
        by_doubtful = _by_type(doubtful) if doubtful is not actual else None
        return {
            data_type: self.judge(
                where.active,
                where.uncertain,
                by_actual.get(data_type.value, []),
                by_doubtful.get(data_type.value, []) if by_doubtful is not None else None,
            )
            for data_type in self._content.data_types
        }

    def judge(
        self,
        held: Mapping[str, object],
        uncertain: Mapping[str, object],
        actual: Sequence[Conclusion],
        doubtful: Sequence[Conclusion] | None,
    ) -> Judgement:
        """The verdict the conclusions lead to, before any words: the one place a decision is reached.

        ``held`` are the relationships certainly in force, ``uncertain`` those that may be. An uncertain
        relationship that would make the answer stricter is counted (fail closed); then the relationships
        a permission relies on include it.
        """
        chosen = actual
        if doubtful is not None and stricter(_outcome(doubtful), than=_outcome(actual)):
            chosen = doubtful  # an uncertain relationship would make it worse: fail closed
        relied = set(held) if chosen is actual else {*held, *uncertain}
        deciding = tuple(c for c in chosen if c.effect is not Effect.ROUTE)
        outcome = _outcome(deciding)
        permits: list[str] = []
        if outcome is Outcome.ALLOWED:
            found = {c.rule for c in deciding if c.effect is Effect.PERMIT}
            permits = sorted(found, key=self._rule_order.__getitem__)
        rules = [self._rules[ident] for ident in permits]
        grounds = tuple((rule.id, rule.basis, self._kinds(rule, relied)) for rule in rules)
        instruments = {kind for _, _, kinds in grounds for kind in kinds}
        return Judgement(
            outcome=outcome,
            chosen=tuple(chosen),
            deciding=deciding,
            doubted=chosen is not actual,
            permits=tuple(permits),
            bases=tuple(dict.fromkeys(rule.basis for rule in rules if rule.basis is not None)),
            instruments=tuple(sorted(instruments, key=self._relationship_order.__getitem__)),
            conditions=tuple(dict.fromkeys(c for rule in rules for c in rule.conditions)),
            grounds=grounds,
        )

    def _decision(
        self,
        where: Situation,
        data_type: DataType,
        actual: list[Conclusion],
        doubtful: list[Conclusion] | None,
        hoped: list[Conclusion] | None,
        *,
        inactive: tuple[InactiveRelationship, ...],
    ) -> Decision:
        verdict = self.judge(where.active, where.uncertain, actual, doubtful)
        outcome = verdict.outcome
        chosen = (
            doubtful if verdict.doubted and doubtful is not None else actual
        )  # the very list: see _doubts
        # the relationships a reason relies on: those certainly in force, and the uncertain ones only when
        # the stricter, doubtful reading was chosen
        held = {**where.active, **where.uncertain} if verdict.doubted else where.active
        reasons = sorted(
            {self._reason(c, where, held) for c in verdict.deciding},
            key=lambda r: (r.effect is not Effect.PROHIBIT, self._rule_order[r.rule], r.via or ""),
        )
        conditions = tuple(self._condition(ident) for ident in verdict.conditions)
        routes = self._routes(chosen) if outcome is Outcome.NO_BASIS else ()
        warnings = [*where.warnings, *self._doubts(where, chosen, outcome, doubtful, hoped)]
        return _compact(
            Decision(
                partner=where.partner,
                data_type=data_type,
                allowed=outcome is Outcome.ALLOWED,
                outcome=outcome,
                basis=verdict.bases[0] if verdict.bases else None,
                bases=verdict.bases,
                instruments=verdict.instruments,
                conditions=conditions,
                routes=routes,
                reasons=tuple(reasons),
                relationships=tuple(sorted(where.active, key=self._relationship_order.__getitem__)),
                provisional=tuple(sorted(where.provisional, key=self._relationship_order.__getitem__)),
                law=where.law,
                inactive=inactive,
                valid_from=where.period.first,
                valid_until=where.period.last,
                warnings=tuple(dict.fromkeys(warnings)),
                explanation=self._writer.explanation(
                    where,
                    data_type,
                    outcome,
                    reasons=reasons,
                    conditions=conditions,
                    routes=routes,
                    bases=verdict.bases,
                    inactive=inactive,
                ),
                statements=cited_by(reasons, routes, conditions),
                knowledge_version=self._content.version,
            )
        )

    def _condition(self, ident: str) -> Condition:
        definition = self._content.conditions[ident]
        return Condition(id=definition.id, text=definition.text, statements=definition.statements)

    def _routes(self, conclusions: Iterable[Conclusion]) -> tuple[Route, ...]:
        found = {c.rule for c in conclusions if c.effect is Effect.ROUTE}
        return tuple(
            Route(
                rule=rule.id,
                title=rule.title,
                explanation=rule.explanation,
                statements=rule.statements,
            )
            for rule in self._content.rules
            if rule.id in found
        )

    def _doubts(
        self,
        where: Situation,
        chosen: list[Conclusion],
        outcome: Outcome,
        doubtful: list[Conclusion] | None,
        hoped: list[Conclusion] | None,
    ) -> list[str]:
        """Warnings for a decision that an uncertain date or a rule not yet in force would change."""
        notes: list[str] = []
        used = {c.rule for c in chosen}
        maybe = {**where.active, **where.uncertain}
        if doubtful is not None and chosen is doubtful:
            for rule_id in sorted(used):
                for kind in self._kinds(self._rules[rule_id], maybe):
                    if kind in where.uncertain:
                        notes.append(self._writer.uncertain_applied(where, where.uncertain[kind]))
        if outcome is Outcome.ALLOWED:
            return notes
        for found in (doubtful, hoped):
            if found is None or found is chosen or _outcome(found) is not Outcome.ALLOWED:
                continue
            other = {c.rule for c in found}
            for rule in (r for r in self._content.rules if r.id in other ^ used):
                if rule.id in other and rule.id not in where.rules:
                    notes.append(self._writer.rule_not_in_force(rule))
                for kind in (*self._kinds(rule, maybe), *rule.when.lacks):
                    if kind in where.uncertain:
                        notes.append(self._writer.uncertain_withheld(where, where.uncertain[kind]))
        return notes

    @staticmethod
    def _kinds(rule: Rule, held: Mapping[str, object] | set[str]) -> tuple[str, ...]:
        """The relationships a rule relies on, of those ``held``: all it needs, and its alternatives held."""
        return (*rule.when.has, *(kind for kind in rule.when.has_any if kind in held))

    def _reason(
        self, conclusion: Conclusion, where: Situation, held_by: Mapping[str, Relationship]
    ) -> Reason:
        rule = self._rules[conclusion.rule]
        kinds = self._kinds(rule, held_by)
        held = [held_by[kind] for kind in kinds if kind in held_by]
        cited = tuple(dict.fromkeys(s for r in held for s in r.statements))
        sources = tuple(dict.fromkeys(r.source for r in held if r.source is not None))
        key = (rule.id, conclusion.effect, conclusion.via, kinds, cited, sources)
        reason = self._reasons.get(key)  # many partners share a reason: build each once
        if reason is None:
            reason = self._reasons[key] = Reason(
                rule=rule.id,
                title=rule.title,
                effect=conclusion.effect,
                status=rule.status,
                statements=rule.statements,
                relationships=kinds,
                relationship_statements=cited,
                relationship_sources=sources,
                via=DataType(conclusion.via) if conclusion.via else None,
                basis=rule.basis,
                explanation=rule.explanation,
            )
        return reason


def _by_type(conclusions: Iterable[Conclusion]) -> dict[str, list[Conclusion]]:
    grouped: dict[str, list[Conclusion]] = {}
    for conclusion in conclusions:
        grouped.setdefault(conclusion.data_type, []).append(conclusion)
    return grouped


def _outcome(conclusions: Iterable[Conclusion]) -> Outcome:
    return resolve(c.effect for c in conclusions)
