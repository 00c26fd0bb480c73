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
    STRATEGIC = "strategic"
    BEST_PRACTICES = "best_practices"
    LEGAL_SYSTEM_INFORMATION = "legal_system_information"


class Outcome(StrEnum):
    """What the engine decided.

    ``allowed``: a rule permits the exchange and none excludes it. ``prohibited``: a rule explicitly
    excludes it (whatever else permits it). ``no_basis``: no rule permits it, so it is not allowed.
    """

    ALLOWED = "allowed"
    PROHIBITED = "prohibited"
    NO_BASIS = "no_basis"


def overall(outcomes: Iterable[Outcome]) -> Outcome:
    """The outcome of several answers together: allowed only if each is; a prohibition shows first."""
    found = set(outcomes)
    if not found:
        raise ValueError("no outcome to combine")
    if Outcome.PROHIBITED in found:
        return Outcome.PROHIBITED
    return Outcome.NO_BASIS if Outcome.NO_BASIS in found else Outcome.ALLOWED


class Effect(StrEnum):
    """What an eligibility rule does to the kinds of information it names."""

    PERMIT = "permit"
    PROHIBIT = "prohibit"


class RuleStatus(StrEnum):
    """Whether the source states a rule in so many words or it is our reading of the source."""

    STATED = "stated"
    INTERPRETATION = "interpretation"


class PartnerKind(StrEnum):
    """What a partner is."""

    COUNTRY = "country"
    ORGANISATION = "organisation"
