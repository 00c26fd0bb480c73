"""The closed vocabularies of the public API.

Only identifiers live here. What each kind of information means, which kinds include which, and what
permits them, is knowledge: it lives in ``rules/`` (``data_types.yaml``, ``eligibility.yaml``), and a
knowledge base must define every :class:`DataType` listed here before it loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class DataType(StrEnum):
    """A kind of information that a question can be about (defined in ``rules/data_types.yaml``)."""

    OPERATIONAL = "operational"
    EVIDENCE = "evidence"
    PERSONAL_DATA = "personal_data"
    ADMINISTRATIVE_PERSONAL_DATA = "administrative_personal_data"
    STRATEGIC = "strategic"
    BEST_PRACTICES = "best_practices"
    LEGAL_SYSTEM_INFORMATION = "legal_system_information"


class Outcome(StrEnum):
    """What the engine decided.

    ``allowed``: a rule permits the exchange and none excludes it (conditions may still apply).
    ``prohibited``: a rule explicitly excludes it (whatever else permits it). ``no_basis``: no rule
    permits it, so it is not allowed (routes that remain case by case may be named).
    """

    ALLOWED = "allowed"
    PROHIBITED = "prohibited"
    NO_BASIS = "no_basis"


class Effect(StrEnum):
    """What an eligibility rule does to the kinds of information it names."""

    PERMIT = "permit"
    PROHIBIT = "prohibit"
    NOT_A_BASIS = "not_a_basis"
    """The relationship is expressly no basis for the kind: cited, but it neither permits nor forbids."""
    ROUTE = "route"
    """A case-by-case route that remains without a standing basis: named, never "allowed"."""

    @property
    def inherited(self) -> bool:
        """Whether the effect reaches the narrower kinds a kind includes (a route names its kinds exactly)."""
        return self is not Effect.ROUTE


def resolve(effects: Iterable[Effect]) -> Outcome:
    """The outcome the effects of the rules that apply lead to: the one place this is decided.

    A prohibition wins over everything; otherwise a permission allows; otherwise there is no basis
    (a rule that is expressly no basis, or a route, never allows anything).

    >>> resolve([Effect.PERMIT, Effect.NOT_A_BASIS])
    <Outcome.ALLOWED: 'allowed'>
    >>> resolve([Effect.PERMIT, Effect.PROHIBIT])
    <Outcome.PROHIBITED: 'prohibited'>
    >>> resolve([Effect.ROUTE, Effect.NOT_A_BASIS])
    <Outcome.NO_BASIS: 'no_basis'>
    """
    found = set(effects)
    if Effect.PROHIBIT in found:
        return Outcome.PROHIBITED
    return Outcome.ALLOWED if Effect.PERMIT in found else Outcome.NO_BASIS


_STRICTNESS = {Outcome.ALLOWED: 0, Outcome.NO_BASIS: 1, Outcome.PROHIBITED: 2}
"""The one order of the outcomes, the least strict first: a package, and a doubt, take the strictest."""


def overall(outcomes: Iterable[Outcome]) -> Outcome:
    """The outcome of several answers together (a package): allowed only if each is; a prohibition first.

    >>> overall([Outcome.ALLOWED, Outcome.NO_BASIS])
    <Outcome.NO_BASIS: 'no_basis'>
    >>> overall([Outcome.NO_BASIS, Outcome.PROHIBITED, Outcome.ALLOWED])
    <Outcome.PROHIBITED: 'prohibited'>
    """
    found = set(outcomes)
    if not found:
        raise ValueError("no outcome to combine")
    return max(found, key=_STRICTNESS.__getitem__)


def stricter(outcome: Outcome, than: Outcome) -> bool:
    """Whether ``outcome`` is stricter than ``than`` (in the order :func:`overall` combines them).

    >>> stricter(Outcome.NO_BASIS, Outcome.ALLOWED), stricter(Outcome.NO_BASIS, Outcome.PROHIBITED)
    (True, False)
    """
    return _STRICTNESS[outcome] > _STRICTNESS[than]


class RuleStatus(StrEnum):
    """Whether the source states a rule in so many words or it is our reading of the source."""

    STATED = "stated"
    INTERPRETATION = "interpretation"


class PartnerKind(StrEnum):
    """What a partner is."""

    COUNTRY = "country"
    ORGANISATION = "organisation"
