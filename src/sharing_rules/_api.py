"""The questions a caller asks, answered from the default or a given knowledge base."""

from __future__ import annotations

import threading
from datetime import date

from sharing_rules._decisions import Decision
from sharing_rules._knowledge import KnowledgeBase, load_knowledge
from sharing_rules._model import Partner
from sharing_rules._vocabulary import DataType

_default: KnowledgeBase | None = None
_default_lock = threading.Lock()


def default_knowledge() -> KnowledgeBase:
    """The knowledge base shipped with sharing-rules, loaded on first use and then kept."""
    knowledge = _default
    if knowledge is None:
        knowledge = _load_default()
    return knowledge


def _load_default() -> KnowledgeBase:
    global _default  # noqa: PLW0603  # the one process-wide default, swapped whole under a lock
    with _default_lock:
        if _default is None:
            _default = load_knowledge()
        return _default


def evaluate(
    partner: str,
    data_type: DataType | str,
    *,
    as_of: date | str | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Decision:
    """May Eurojust exchange ``data_type`` information with ``partner``? The decision, with its reasons.

    ``partner`` is a partner's name, an alias or an ISO 3166 alpha-2/alpha-3 code (case, accents, dots and
    a leading "the" ignored); a country the knowledge does not name has no basis. ``data_type`` is a
    :class:`DataType` or its value ("personal_data", "Personal data", "personal-data"). ``as_of`` is the
    date the question is about (a date or an ISO date text; default: today): a relationship not in force
    on that date grants nothing, and the decision says so.

    Raises :class:`UnknownPartnerError`, :class:`NotAThirdCountryError` (EU Member States),
    :class:`UnknownDataTypeError`, :class:`InvalidDateError` or :class:`InvalidInputError`; never answers
    "allowed" in doubt.
    """
    return (knowledge if knowledge is not None else default_knowledge()).decide(partner, data_type, as_of)


def partners(knowledge: KnowledgeBase | None = None) -> tuple[Partner, ...]:
    """Every partner the knowledge names, with its codes, aliases and relationships."""
    return (knowledge if knowledge is not None else default_knowledge()).partners
