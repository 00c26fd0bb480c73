"""Decisions: what the engine's conclusions mean for one partner and one kind of information.

A prohibition wins over a permission and the decision keeps both; a kind that no rule permits has no
basis and is not allowed. Decisions are frozen values that explain themselves and cite the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, model_validator

from sharing_rules._content import Content
from sharing_rules._engine import Conclusion
from sharing_rules._model import Relationship
from sharing_rules._timeline import Period
from sharing_rules._vocabulary import DataType, Effect, Outcome, RuleStatus


class Reason(BaseModel):
    """One rule that took part in a decision, with what it rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    """The id of the eligibility rule (``rules/eligibility.yaml``)."""
    title: str
    effect: Effect
    status: RuleStatus
    statements: tuple[str, ...]
    """The statements of the source the rule encodes."""
    relationships: tuple[str, ...]
    """The partner's relationships the rule relied on."""
    relationship_statements: tuple[str, ...]
    """The statements of the source that give the partner those relationships."""
    relationship_sources: tuple[str, ...] = ()
    """For relationships the source document does not state: the public sources they come from."""
    via: DataType | None
    """Set when the rule names a broader kind that includes the one asked about."""
    explanation: str


class InactiveRelationship(BaseModel):
    """A relationship the partner has at other dates, but not in force in the decision's period."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    status: Literal["not_yet_in_force", "no_longer_in_force"]
    signed: date | None
    valid_from: date | None
    valid_until: date | None
    statements: tuple[str, ...]
    source: str | None


class Decision(BaseModel):
    """The answer to "may Eurojust exchange this kind of information with this partner?"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    partner: str
    data_type: DataType
    allowed: bool
    outcome: Outcome
    basis: str | None
    """The relationship that grants the exchange, when it is allowed."""
    reasons: tuple[Reason, ...]
    """The rules that decided, the deciding ones first (a prohibition before what it overrides)."""
    relationships: tuple[str, ...]
    """Every relationship the partner has with Eurojust in force in the decision's period."""
    inactive: tuple[InactiveRelationship, ...] = ()
    """Relationships the partner has at other dates, not in force in this period: they grant nothing."""
    valid_from: date | None = None
    """The first day this decision holds (None: since ever, as far as the knowledge knows)."""
    valid_until: date | None = None
    """The last day this decision holds (None: until the knowledge changes)."""
    explanation: str
    statements: tuple[str, ...]
    """Every statement of the source this decision cites: the rules' first, then the partner's."""
    knowledge_version: str

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        effects = {reason.effect for reason in self.reasons}
        expected = (
            Outcome.PROHIBITED
            if Effect.PROHIBIT in effects
            else Outcome.ALLOWED
            if Effect.PERMIT in effects
            else Outcome.NO_BASIS
        )
        if self.outcome is not expected:
            raise ValueError(
                f"outcome {self.outcome.value} does not follow from the reasons ({expected.value})"
            )
        if self.allowed != (self.outcome is Outcome.ALLOWED):
            raise ValueError("allowed must be true exactly when the outcome is 'allowed'")
        if (self.basis is not None) != self.allowed:
            raise ValueError("a basis is given exactly when the exchange is allowed")
        if self.statements != cited_by(self.reasons):
            raise ValueError("statements must be exactly those the reasons cite")
        return self

    def __bool__(self) -> bool:
        """Refuse to be used as a truth value: ``if decision:`` would read a refusal as a yes."""
        raise TypeError("a Decision has no truth value: test decision.allowed (or decision.outcome)")

    def __str__(self) -> str:
        """The answer in one line: ``Nigeria - personal_data: PROHIBITED [WA-2, WA-3]``."""
        verdict = {Outcome.ALLOWED: "ALLOWED", Outcome.PROHIBITED: "PROHIBITED"}.get(
            self.outcome, "NOT ALLOWED"
        )
        grounds = (
            f" ({self.basis})" if self.basis else " (no basis)" if self.outcome is Outcome.NO_BASIS else ""
        )
        cited = f" [{', '.join(self.statements)}]" if self.statements else ""
        return f"{self.partner} - {self.data_type.value}: {verdict}{grounds}{cited}"


def cited_by(reasons: Iterable[Reason]) -> tuple[str, ...]:
    """The statements a list of reasons cites, each once: the rules' first, then the partners'."""
    reasons = tuple(reasons)
    rules = (s for r in reasons for s in r.statements)
    partners = (s for r in reasons for s in r.relationship_statements)
    return tuple(dict.fromkeys((*rules, *partners)))


def _article(label: str) -> str:
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


@dataclass(frozen=True, slots=True)
class Situation:
    """A partner in one period: the relationships in force then, and those that are not."""

    partner: str
    period: Period
    active: Mapping[str, Relationship]
    inactive: tuple[InactiveRelationship, ...] = ()


def situation(partner: str, period: Period, relationships: Sequence[Relationship]) -> Situation:
    """Sort a partner's relationships into those in force in ``period`` and those that are not."""
    day = period.sample()
    active = {r.kind: r for r in relationships if r.in_force(day)}
    inactive = []
    for r in relationships:
        if r.in_force(day):
            continue
        ended = r.valid_until is not None and period.first is not None and r.valid_until < period.first
        inactive.append(
            InactiveRelationship(
                kind=r.kind,
                status="no_longer_in_force" if ended else "not_yet_in_force",
                signed=r.signed,
                valid_from=r.valid_from,
                valid_until=r.valid_until,
                statements=r.statements,
                source=r.source,
            )
        )
    return Situation(partner, period, MappingProxyType(active), tuple(inactive))


class Explainer:
    """Writes decisions for one knowledge base, with its labels and citations."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._rules = {rule.id: rule for rule in content.rules}
        self._rule_order = {rule.id: index for index, rule in enumerate(content.rules)}
        self._relationship_order = {kind: index for index, kind in enumerate(content.relationships)}
        self._reasons: dict[tuple[object, ...], Reason] = {}

    def decide(self, where: Situation, conclusions: Iterable[Conclusion]) -> Mapping[DataType, Decision]:
        """One decision per kind of information for a partner in a period, from what the engine concluded."""
        by_type: dict[str, list[Conclusion]] = {}
        for conclusion in conclusions:
            by_type.setdefault(conclusion.data_type, []).append(conclusion)
        return MappingProxyType(
            {
                data_type: self._decision(where, data_type, by_type.get(data_type.value, []))
                for data_type in self._content.data_types
            }
        )

    def _decision(self, where: Situation, data_type: DataType, conclusions: list[Conclusion]) -> Decision:
        reasons = sorted(
            {self._reason(c, where) for c in conclusions},
            key=lambda r: (r.effect is not Effect.PROHIBIT, self._rule_order[r.rule], r.via or ""),
        )
        effects = {reason.effect for reason in reasons}
        if Effect.PROHIBIT in effects:
            outcome = Outcome.PROHIBITED
        elif Effect.PERMIT in effects:
            outcome = Outcome.ALLOWED
        else:
            outcome = Outcome.NO_BASIS
        basis = None
        if outcome is Outcome.ALLOWED:
            grounds = {kind for reason in reasons for kind in reason.relationships}
            basis = min(grounds, key=self._relationship_order.__getitem__)
        return Decision(
            partner=where.partner,
            data_type=data_type,
            allowed=outcome is Outcome.ALLOWED,
            outcome=outcome,
            basis=basis,
            reasons=tuple(reasons),
            relationships=tuple(sorted(where.active, key=self._relationship_order.__getitem__)),
            inactive=where.inactive,
            valid_from=where.period.first,
            valid_until=where.period.last,
            explanation=self._explain(where, data_type, outcome, reasons),
            statements=cited_by(reasons),
            knowledge_version=self._content.version,
        )

    def _reason(self, conclusion: Conclusion, where: Situation) -> Reason:
        rule = self._rules[conclusion.rule]
        held = [where.active[kind] for kind in rule.when.has if kind in where.active]
        cited = tuple(dict.fromkeys(s for r in held for s in r.statements))
        sources = tuple(dict.fromkeys(r.source for r in held if r.source is not None))
        key = (rule.id, conclusion.effect, conclusion.via, cited, sources)
        reason = self._reasons.get(key)  # many partners share a reason: build each once
        if reason is None:
            reason = self._reasons[key] = Reason(
                rule=rule.id,
                title=rule.title,
                effect=conclusion.effect,
                status=rule.status,
                statements=rule.statements,
                relationships=rule.when.has,
                relationship_statements=cited,
                relationship_sources=sources,
                via=DataType(conclusion.via) if conclusion.via else None,
                explanation=rule.explanation,
            )
        return reason

    def _label(self, data_type: str) -> str:
        return self._content.data_types[DataType(data_type)].label

    def _cite(self, relationship: Relationship | InactiveRelationship) -> str:
        if relationship.statements:
            return f" ({', '.join(relationship.statements)})"
        return f" (source: {relationship.source})" if relationship.source else ""

    def _has(self, where: Situation, kinds: Iterable[str]) -> str:
        parts = []
        for kind in kinds:
            label = _article(self._content.relationships[kind].label)
            parts.append(label + (self._cite(where.active[kind]) if kind in where.active else ""))
        return f"{where.partner} has " + " and ".join(parts) + "."

    def _because(self, where: Situation, data_type: DataType, reason: Reason) -> str:
        text = f"{self._has(where, reason.relationships)} {reason.explanation.rstrip('.')}"
        text += f" [{reason.rule}; {', '.join(reason.statements)}]"
        if reason.status is RuleStatus.INTERPRETATION:
            text += " (an interpretation of the source)"
        text += "."
        if reason.via is not None:
            part = self._label(data_type)
            whole = self._content.data_types[reason.via]
            text += f" {part[:1].upper()}{part[1:]} is part of {whole.label} [{', '.join(whole.statements)}]."
        return text

    def _dormant(self, where: Situation) -> str:
        notes = []
        for item in where.inactive:
            label = self._content.relationships[item.kind].label
            signed = f"; signature date {item.signed}" if item.signed else ""
            if item.status == "no_longer_in_force":
                state = f"no longer in force after {item.valid_until}{signed}"
            elif item.valid_from is not None:
                state = f"in force only from {item.valid_from}{signed}"
            else:
                state = f"not in force: no date of entry into force is recorded{signed}"
            notes.append(
                f" {where.partner}'s {label}{self._cite(item)} grants nothing in this period ({state})."
            )
        return "".join(notes)

    def _period(self, where: Situation) -> str:
        first, last = where.period.first, where.period.last
        if first is None and last is None:
            return ""
        if first is None:
            return f" This holds until {last}."
        if last is None:
            return f" This holds from {first}."
        return f" This holds from {first} to {last}."

    def _explain(self, where: Situation, data_type: DataType, outcome: Outcome, reasons: list[Reason]) -> str:
        label = self._label(data_type)
        if outcome is Outcome.NO_BASIS:
            if where.active:
                held = " and ".join(_article(self._content.relationships[k].label) for k in where.active)
                setting = f"a partner with {held}"
            else:
                setting = "a partner with no relationship with Eurojust in force"
            text = (
                f"Not allowed: no rule permits {label} for {setting}, such as {where.partner}."
                " Without a basis, the exchange is not allowed."
            )
        else:
            prohibited = outcome is Outcome.PROHIBITED
            deciding = [r for r in reasons if (r.effect is Effect.PROHIBIT) == prohibited]
            overridden = [r for r in reasons if (r.effect is Effect.PROHIBIT) != prohibited]
            verdict = "Allowed" if outcome is Outcome.ALLOWED else "Prohibited"
            text = f"{verdict}: " + " ".join(self._because(where, data_type, r) for r in deciding)
            if overridden:
                text += " This exclusion prevails over what would otherwise permit it: " + " ".join(
                    self._because(where, data_type, r) for r in overridden
                )
        return text + self._dormant(where) + self._period(where)
