"""Decisions: what the engine's conclusions mean for one partner and one kind of information.

A prohibition wins over a permission and the decision keeps both; a kind that no rule permits has no
basis and is not allowed. Decisions are frozen values that explain themselves and cite the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

from sharing_rules._content import Content
from sharing_rules._engine import Conclusion
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
    via: DataType | None
    """Set when the rule names a broader kind that includes the one asked about."""
    explanation: str


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
    """Every relationship the partner has with Eurojust."""
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
        """A decision is truthy only when the exchange is allowed."""
        return self.allowed


def cited_by(reasons: Iterable[Reason]) -> tuple[str, ...]:
    """The statements a list of reasons cites, each once: the rules' first, then the partners'."""
    reasons = tuple(reasons)
    rules = (s for r in reasons for s in r.statements)
    partners = (s for r in reasons for s in r.relationship_statements)
    return tuple(dict.fromkeys((*rules, *partners)))


def _article(label: str) -> str:
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


class Explainer:
    """Writes decisions for one knowledge base, with its labels and citations."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self._rules = {rule.id: rule for rule in content.rules}
        self._rule_order = {rule.id: index for index, rule in enumerate(content.rules)}
        self._relationship_order = {kind: index for index, kind in enumerate(content.relationships)}

    def decide(
        self,
        partner: str,
        relationships: Mapping[str, tuple[str, ...]],
        conclusions: Iterable[Conclusion],
    ) -> Mapping[DataType, Decision]:
        """One decision per kind of information for a partner, from what the engine concluded.

        ``relationships`` maps each relationship the partner has to the statements it comes from.
        """
        by_type: dict[str, list[Conclusion]] = {}
        for conclusion in conclusions:
            by_type.setdefault(conclusion.data_type, []).append(conclusion)
        return MappingProxyType(
            {
                data_type: self._decision(partner, data_type, relationships, by_type.get(data_type.value, []))
                for data_type in self._content.data_types
            }
        )

    def _decision(
        self,
        partner: str,
        data_type: DataType,
        relationships: Mapping[str, tuple[str, ...]],
        conclusions: list[Conclusion],
    ) -> Decision:
        reasons = sorted(
            {self._reason(c, relationships) for c in conclusions},
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
        ordered = tuple(sorted(relationships, key=self._relationship_order.__getitem__))
        return Decision(
            partner=partner,
            data_type=data_type,
            allowed=outcome is Outcome.ALLOWED,
            outcome=outcome,
            basis=basis,
            reasons=tuple(reasons),
            relationships=ordered,
            explanation=self._explain(partner, data_type, outcome, reasons, relationships),
            statements=cited_by(reasons),
            knowledge_version=self._content.version,
        )

    def _reason(self, conclusion: Conclusion, relationships: Mapping[str, tuple[str, ...]]) -> Reason:
        rule = self._rules[conclusion.rule]
        cited = tuple(dict.fromkeys(s for kind in rule.when.has for s in relationships.get(kind, ())))
        return Reason(
            rule=rule.id,
            title=rule.title,
            effect=conclusion.effect,
            status=rule.status,
            statements=rule.statements,
            relationships=rule.when.has,
            relationship_statements=cited,
            via=DataType(conclusion.via) if conclusion.via else None,
            explanation=rule.explanation,
        )

    def _label(self, data_type: str) -> str:
        return self._content.data_types[DataType(data_type)].label

    def _has(self, partner: str, relationships: Mapping[str, tuple[str, ...]], kinds: Iterable[str]) -> str:
        parts = []
        for kind in kinds:
            label = _article(self._content.relationships[kind].label)
            cited = relationships.get(kind, ())
            parts.append(f"{label} ({', '.join(cited)})" if cited else label)
        return f"{partner} has " + " and ".join(parts) + "."

    def _because(
        self, partner: str, data_type: DataType, reason: Reason, relationships: Mapping[str, tuple[str, ...]]
    ) -> str:
        text = (
            f"{self._has(partner, relationships, reason.relationships)} "
            f"{reason.explanation.rstrip('.')} [{reason.rule}; {', '.join(reason.statements)}]"
        )
        if reason.status is RuleStatus.INTERPRETATION:
            text += " (an interpretation of the source)"
        text += "."
        if reason.via is not None:
            part = self._label(data_type)
            whole = self._content.data_types[reason.via]
            text += f" {part[:1].upper()}{part[1:]} is part of {whole.label} [{', '.join(whole.statements)}]."
        return text

    def _explain(
        self,
        partner: str,
        data_type: DataType,
        outcome: Outcome,
        reasons: list[Reason],
        relationships: Mapping[str, tuple[str, ...]],
    ) -> str:
        label = self._label(data_type)
        if outcome is Outcome.NO_BASIS:
            if relationships:
                held = " and ".join(_article(self._content.relationships[k].label) for k in relationships)
                situation = f"a partner with {held}"
            else:
                situation = "a partner with no relationship with Eurojust"
            return (
                f"Not allowed: no rule permits {label} for {situation}, such as {partner}."
                " Without a basis, the exchange is not allowed."
            )
        deciding = [r for r in reasons if (r.effect is Effect.PROHIBIT) == (outcome is Outcome.PROHIBITED)]
        overridden = [r for r in reasons if r not in deciding]
        verdict = "Allowed" if outcome is Outcome.ALLOWED else "Prohibited"
        text = f"{verdict}: " + " ".join(
            self._because(partner, data_type, r, relationships) for r in deciding
        )
        if overridden:
            text += " This exclusion prevails over what would otherwise permit it: " + " ".join(
                self._because(partner, data_type, r, relationships) for r in overridden
            )
        return text
