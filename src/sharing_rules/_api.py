"""The questions a caller asks, answered from the default or a given knowledge base.

Every call reads the knowledge base once, so a reload that swaps the default while requests run never
gives one request a mix of two versions.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sharing_rules._decisions import Decision
from sharing_rules._errors import InvalidInputError, SharingNotAllowedError, SharingRulesError
from sharing_rules._knowledge import KnowledgeBase, knowledge_base, load_knowledge
from sharing_rules._model import Partner
from sharing_rules._records import ItemBody, Operation, RouteApproval, current_sink, emit, holder, item_body
from sharing_rules._timeline import asked_day, coerce_day
from sharing_rules._transfer import TransferDecision, TransferRequest, parse_request, transfer_decision
from sharing_rules._vocabulary import DataType

_default: KnowledgeBase | None = None
_default_lock = threading.Lock()


def default_knowledge() -> KnowledgeBase:
    """The knowledge base in service: the shipped rules, loaded on first use, unless reloaded since."""
    knowledge = _default
    if knowledge is None:
        with _default_lock:
            knowledge = _default if _default is not None else _swap(load_knowledge())
    return knowledge


def _swap(knowledge: KnowledgeBase) -> KnowledgeBase:
    global _default  # noqa: PLW0603  # the one process-wide default, replaced whole
    _default = knowledge
    return knowledge


def reload_knowledge(
    path: str | Path | None = None, *, amendments: Sequence[str | Path] = ()
) -> KnowledgeBase:
    """Load a rules directory and put it in service as the default knowledge base.

    The new knowledge is loaded whole before it replaces the old one; requests already running finish
    on the version they started with. If loading fails, :class:`KnowledgeBaseError` says why and the
    previous knowledge stays in service.
    """
    fresh = load_knowledge(path, amendments=amendments)
    with _default_lock:
        return _swap(fresh)


def use_knowledge(knowledge: KnowledgeBase) -> None:
    """Put an already loaded knowledge base in service as the default (anything else is refused)."""
    checked = knowledge_base(knowledge)
    with _default_lock:
        _swap(checked)


def _in_service(knowledge: KnowledgeBase | None) -> KnowledgeBase:
    return _default or default_knowledge() if knowledge is None else knowledge_base(knowledge)


def _item(decision: Decision, label: str | None = None) -> ItemBody:
    rules = [reason.rule for reason in decision.reasons]
    return item_body(decision.data_type.value, decision.outcome, rules, list(decision.statements), label)


def _decide_recorded(
    operation: Operation, knowledge: KnowledgeBase, partner: str, data_type: DataType | str, as_of: object
) -> tuple[Decision, str | None]:
    day: date | None = None
    try:
        day = asked_day(as_of)
        decision = knowledge.decide(partner, data_type, day)
    except SharingRulesError as error:
        emit(operation, partner_asked=partner, partner=None, as_of=day, items=(),
             knowledge_version=knowledge.version, error=error,
             kinds_asked=(data_type.value if isinstance(data_type, DataType) else data_type,))  # fmt: skip
        raise
    recorded = emit(operation, partner_asked=partner, partner=decision.partner, as_of=day,
                    items=(_item(decision),), knowledge_version=decision.knowledge_version)  # fmt: skip
    return decision, recorded


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
    "allowed" in doubt. With decision records on (:func:`configure_records`), emits one record.
    """
    if knowledge is None:
        kb = _default or default_knowledge()
    else:
        kb = knowledge if type(knowledge) is KnowledgeBase else knowledge_base(knowledge)
    if holder().sink is None:  # records off (current_sink(), without the call)
        if as_of is not None and type(as_of) is not date:  # the date is read first, as at every door
            as_of = coerce_day(as_of)
        return kb.decide(partner, data_type, as_of)
    return _decide_recorded("evaluate", kb, partner, data_type, as_of)[0]


def require(
    partner: str,
    data_type: DataType | str,
    *,
    as_of: date | str | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Decision:
    """The decision if the exchange is allowed; otherwise raise :class:`SharingNotAllowedError`.

    For workflow code that must not proceed without a basis: the error carries the decision. With
    decision records on, the decision carries the id of its record (``record_id``).
    """
    kb = _in_service(knowledge)
    if current_sink() is None:
        decision = kb.decide(partner, data_type, coerce_day(as_of))  # the date first, as at every door
    else:
        decision, recorded = _decide_recorded("require", kb, partner, data_type, as_of)
        decision = decision.model_copy(update={"record_id": recorded})
    if not decision.allowed:
        raise SharingNotAllowedError(decision)
    return decision


def check_transfer(
    request: TransferRequest | Mapping[str, Any], *, knowledge: KnowledgeBase | None = None
) -> TransferDecision:
    """Decide every item of an outgoing package; the transfer is allowed only if every item is.

    ``request`` is a :class:`TransferRequest` or a mapping of its fields (as parsed from JSON); item data
    types are read as ``evaluate()`` reads them (an unknown one raises :class:`UnknownDataTypeError`, as
    there). :class:`InvalidTransferRequestError` names each field that is wrong (quoting the value only of
    the request's own fields, bounded, never of a label or of a field the schema does not have). With
    decision records on, the verdict carries the id of its record (``record_id``).
    """
    kb = _in_service(knowledge)
    parsed = None
    day: date | None = None
    try:
        parsed = parse_request(request, kb.data_type)
        day = asked_day(parsed.as_of)
        decisions = [kb.decide(parsed.partner, item.data_type, day) for item in parsed.items]
        verdict = transfer_decision(parsed, day, decisions)
    except SharingRulesError as error:
        if current_sink() is not None:
            asked = parsed.partner if parsed else _partner_asked(request)
            kinds = tuple(item.data_type.value for item in parsed.items) if parsed else ()
            emit("check_transfer", partner_asked=asked, partner=None, as_of=day, items=(),
                 knowledge_version=kb.version, error=error,
                 case_reference=parsed.case_reference if parsed else None, kinds_asked=kinds)  # fmt: skip
        raise
    if current_sink() is not None:
        recorded = emit(
            "check_transfer",
            partner_asked=parsed.partner,
            partner=verdict.partner,
            as_of=day,
            items=tuple(_item(item.decision, item.label) for item in verdict.items),
            knowledge_version=verdict.knowledge_version,
            case_reference=parsed.case_reference,
        )
        verdict = verdict.model_copy(update={"record_id": recorded})
    return verdict


_REFERENCE = 200
"""The most characters of an assessment reference or an approver kept in a record."""


def record_route_approval(
    verdict: TransferDecision, *, route: str, assessment: str, approved_by: str
) -> str | None:
    """Record that a data-protection officer approved a case-by-case route for the items held back.

    ``route`` must be a route every held-back item of ``verdict`` offers (``ROUTE-SAFEGUARDS``, Article 58;
    ``ROUTE-DEROGATIONS``, Article 59...); ``assessment`` is the reference of the documented assessment and
    ``approved_by`` who approved it (each at most 200 characters, never the content of what is sent). The
    decisions do not change: the items still have no standing basis. With decision records on, one record
    of the ``route_approval`` operation is written and its record id returned (it raises
    :class:`DecisionRecordError` when it cannot be); without records, None. Anything else raises
    :class:`InvalidInputError`.
    """
    if not isinstance(verdict, TransferDecision):
        raise InvalidInputError("verdict", verdict, "the TransferDecision that check_transfer() returned")
    for name, value in (("route", route), ("assessment", assessment), ("approved_by", approved_by)):
        if not isinstance(value, str) or not value.strip() or len(value) > _REFERENCE:
            raise InvalidInputError(name, value, f"non-empty text of at most {_REFERENCE} characters")
    held = [item for item in verdict.items if not item.decision.allowed]
    if not held:
        raise InvalidInputError("verdict", verdict, "a verdict with an item held back (this one allows all)")
    for item in held:
        offered = [r.rule for r in item.decision.routes]
        if route not in offered:
            raise InvalidInputError(
                "route",
                route,
                f"a route that the held-back {item.decision.data_type.value} offers: "
                + (", ".join(offered) or "none (it has no case-by-case route: it cannot be approved)"),
            )
    if current_sink() is None:
        return None
    return emit(
        "route_approval",
        partner_asked=verdict.partner,
        partner=verdict.partner,
        as_of=verdict.as_of,
        items=tuple(_item(item.decision, item.label) for item in held),
        knowledge_version=verdict.knowledge_version,
        case_reference=verdict.case_reference,
        review=RouteApproval(route=route, assessment=assessment.strip(), approved_by=approved_by.strip()),
    )


def _partner_asked(request: object) -> object:
    """The partner a request that could not be read names, if it can be read at all."""
    try:
        return request.get("partner") if isinstance(request, Mapping) else None
    except Exception:  # a caller's mapping that fails: the record says nothing of it
        return None


def explain(
    partner: str,
    data_type: DataType | str,
    *,
    as_of: date | str | None = None,
    knowledge: KnowledgeBase | None = None,
) -> str:
    """The decision written out as a short legal note: question, answer, reasoning and the sources cited."""
    kb = _in_service(knowledge)
    day = asked_day(as_of)
    return kb.legal_note(kb.decide(partner, data_type, day), day)


def partners(knowledge: KnowledgeBase | None = None) -> tuple[Partner, ...]:
    """Every partner the knowledge names, with its codes, aliases and relationships."""
    return _in_service(knowledge).partners
