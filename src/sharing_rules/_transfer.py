"""Transfer checks: a whole outgoing package to one partner, decided item by item."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import ErrorDetails

from sharing_rules._decisions import Condition, Decision, Reason
from sharing_rules._errors import InvalidTransferRequestError, UnknownDataTypeError, shown
from sharing_rules._naming import plain
from sharing_rules._timeline import coerce_day
from sharing_rules._vocabulary import DataType, Outcome, overall

_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"

ResolveDataType = Callable[[str], DataType]
"""The resolver of a knowledge base (``KnowledgeBase.data_type``), passed in the validation context."""


def _data_type(value: object, info: ValidationInfo) -> object:
    """Read text with the one data-type resolver, that of the knowledge asked (given in the context).

    Without a knowledge (a model built by hand) only a :class:`DataType` or its value is read: labels and
    aliases belong to a knowledge, and are read where it is known (:func:`~sharing_rules.check_transfer`
    given a mapping, the command line, the service).
    """
    if type(value) is DataType:
        return value
    if not isinstance(value, str):  # refused here: the enum's own message would repr the value whole
        raise ValueError("a data type must be text: a data type's id, label or alias")
    context = info.context
    resolve: ResolveDataType | None = context.get("data_type") if isinstance(context, dict) else None
    if resolve is not None:
        return resolve(value)  # UnknownDataTypeError is a ValueError: reported as this field's problem
    if value in _VALUES:
        return DataType(value)
    raise ValueError(
        f"without a knowledge base only a data type's id is read here ({', '.join(_VALUES)}); pass the"
        " request to check_transfer as a mapping to read labels and aliases with the knowledge asked"
    )


_VALUES = tuple(kind.value for kind in DataType)


def _as_of(value: object) -> object:
    """Read ``as_of`` with the one date parser of every entry point."""
    return coerce_day(value)


AS_OF_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
            {"type": "null"},
        ]
    }
)
"""What ``as_of`` accepts, as JSON Schema: an ISO date, a date-time with its zone (RFC 3339), or nothing."""


class TransferItem(BaseModel):
    """One item of an outgoing package: the kind of information and, optionally, a label for people."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_type: Annotated[DataType, BeforeValidator(_data_type)]
    """The kind of information: a data type's id, label or alias, as ``evaluate()`` reads it."""
    label: Annotated[str, StringConstraints(strict=True, max_length=200, pattern=_PRINTABLE)] | None = None
    """What the item is, for the people reading the answer ("witness statement"); never its content."""


class TransferRequest(BaseModel):
    """A request to send a package of items to one partner, in a case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_reference: Annotated[
        str,
        StringConstraints(
            strict=True, strip_whitespace=True, min_length=1, max_length=100, pattern=_PRINTABLE
        ),
    ]
    partner: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200)]
    items: Annotated[tuple[TransferItem, ...], Field(min_length=1, max_length=1000)]
    as_of: Annotated[date | None, BeforeValidator(_as_of), AS_OF_SCHEMA] = None
    """The date of the transfer (default: today): an ISO date, or a date-time with its time zone."""


class ItemDecision(BaseModel):
    """The decision for one item of a transfer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str | None
    decision: Decision


class TransferDecision(BaseModel):
    """The verdict on a whole transfer: allowed only if every item is allowed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_reference: str
    partner: str
    as_of: date
    allowed: bool
    outcome: Outcome
    """``allowed`` if every item is; else ``prohibited`` if an item is prohibited; else ``no_basis``."""
    items: tuple[ItemDecision, ...]
    reasons: tuple[Reason, ...]
    """Every rule that decided some item, each once."""
    conditions: tuple[Condition, ...] = ()
    """Every condition the allowed items are subject to, each once: the package goes only if all are met."""
    warnings: tuple[str, ...] = ()
    """Every warning of the items, each once."""
    statements: tuple[str, ...]
    summary: str
    knowledge_version: str

    @model_validator(mode="after")
    def _verdict_follows_the_items(self) -> Self:
        if not self.items:
            raise ValueError("a transfer decision needs at least one item")
        if self.allowed != all(item.decision.allowed for item in self.items):
            raise ValueError("a transfer is allowed exactly when every item is allowed")
        if self.allowed != (self.outcome is Outcome.ALLOWED):
            raise ValueError("allowed must be true exactly when the outcome is 'allowed'")
        return self

    def __bool__(self) -> bool:
        """Refuse to be used as a truth value: ``if verdict:`` would read a refusal as a yes."""
        raise TypeError("a TransferDecision has no truth value: test verdict.allowed (or verdict.outcome)")


_UNKNOWN = UnknownDataTypeError
_SHOWN_FIELDS = {("case_reference",), ("partner",), ("as_of",), ("items", 0, "data_type")}
"""The fields whose wrong values a message quotes (bounded); every other value is named by its kind only."""

_QUOTE_HINT = (
    "; YAML reads NO, yes, on, off and the like as true or false, and bare numbers and dates as such:"
    ' quote the value (partner: "NO")'
)


def _kind(value: object) -> str:
    """What a value is, without its content."""
    if isinstance(value, str):
        return f"text of {len(plain(value))} characters"
    return f"a {type(value).__name__[:40]}"


def _step(step: object) -> str:
    """One step of a field's path, bounded: a key as text, a position as [n], anything else as [?]."""
    if isinstance(step, str):
        name = plain(step)
        return name if len(name) <= 40 and name.isprintable() else shown(name, 40)
    return f"[{step}]" if type(step) is int else "[?]"


def field_path(location: Sequence[object], whole: str = "request") -> str:
    """A field's path in a message (``items[0].data_type``), each step bounded: never a name sent whole."""
    return ".".join(_step(step) for step in location).replace(".[", "[") or whole


def _problem(problem: ErrorDetails) -> str:
    location = tuple(problem["loc"])
    field = field_path(location)
    kind = problem["type"]
    value = problem.get("input")
    if kind == "missing":
        return f"{field}: {problem['msg']}"
    if kind == "extra_forbidden":
        return f"{field}: not a field of a transfer request (its value is not shown); remove it"
    if kind == "enum":
        message = f"not a data type (valid: {', '.join(d.value for d in DataType)})"
    else:
        message = problem["msg"].removeprefix("Value error, ")
    pattern = tuple(0 if isinstance(step, int) else step for step in location)
    got = shown(value) if pattern in _SHOWN_FIELDS else _kind(value)
    quoted = type(value) in {bool, int, float, date, datetime} and pattern != ("as_of",)
    hint = _QUOTE_HINT if quoted else ""  # YAML read a bare word as no text
    return f"{field}: {message} (got {got}{hint})"


def parse_request(
    request: TransferRequest | Mapping[str, Any], resolve: ResolveDataType | None = None
) -> TransferRequest:
    """A validated :class:`TransferRequest`, or :class:`InvalidTransferRequestError` naming each problem.

    ``resolve`` reads each item's data type (the knowledge asked); without it, only a data type's id is read.
    A request whose only fault is an item's kind of information that the knowledge does not define is
    refused as ``evaluate()`` refuses it: :class:`UnknownDataTypeError`, with the valid values.
    Messages quote the values of known fields (bounded) and never the value of a field the schema does
    not have, nor of a label: those may hold the content being sent.
    """
    if isinstance(request, TransferRequest):
        return request
    if not isinstance(request, Mapping):
        raise InvalidTransferRequestError([f"the request must be a mapping, got {_kind(request)}"])
    try:
        fields = {plain(key) if isinstance(key, str) else key: request[key] for key in request}
    except Exception:  # a caller's mapping that fails in any way cannot be read
        raise InvalidTransferRequestError(["the request cannot be read as a mapping"]) from None
    try:
        return TransferRequest.model_validate(fields, context={"data_type": resolve} if resolve else None)
    except ValidationError as error:
        found = error.errors(include_url=False)
        deeper = {tuple(p["loc"][:k]) for p in found for k in range(1, len(p["loc"]))}  # reported below
        kept = [p for p in found if tuple(p["loc"]) not in deeper]
        unknown = [p["ctx"]["error"] for p in kept if isinstance(p.get("ctx", {}).get("error"), _UNKNOWN)]
        if unknown and len(unknown) == len(kept):  # a request that fits but for its kinds: as evaluate() says
            raise unknown[0] from None
        problems = [_problem(p) for p in kept]
        more = [f"and {len(problems) - 10} more"] if len(problems) > 10 else []
        raise InvalidTransferRequestError(problems[:10] + more) from None


def _counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural when it is not one.

    >>> _counted(1, "item"), _counted(3, "condition")
    ('1 item', '3 conditions')
    """
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _items(count: int) -> str:
    return _counted(count, "item")


def _every(count: int) -> str:
    """How many items may go: "the one item", "both items", "all 3 items"."""
    return "the one item" if count == 1 else "both items" if count == 2 else f"all {count} items"


def transfer_decision(request: TransferRequest, day: date, decisions: list[Decision]) -> TransferDecision:
    """Gather the item decisions of a transfer into its verdict."""
    combined = overall(d.outcome for d in decisions)
    reasons = tuple(dict.fromkeys(reason for d in decisions for reason in d.reasons))
    blocked = [
        f"{item.label or item.data_type.value} ({d.outcome.value.replace('_', ' ')})"
        for item, d in zip(request.items, decisions, strict=True)
        if not d.allowed
    ]
    partner = decisions[0].partner
    conditions = tuple(dict.fromkeys(c for d in decisions if d.allowed for c in d.conditions))
    if blocked:
        listed = ", ".join(blocked)
        summary = f"Not allowed: {len(blocked)} of {_items(len(decisions))} may not go to {partner}: {listed}"
    elif conditions:
        summary = (
            f"Allowed, provided that the {_counted(len(conditions), 'condition')} listed"
            f" {'is' if len(conditions) == 1 else 'are'} met: {_every(len(decisions))} may go to {partner}"
        )
    else:
        summary = f"Allowed: {_every(len(decisions))} may go to {partner}"
    return TransferDecision(
        case_reference=request.case_reference,
        partner=partner,
        as_of=day,
        allowed=combined is Outcome.ALLOWED,
        outcome=combined,
        items=tuple(
            ItemDecision(label=item.label, decision=d)
            for item, d in zip(request.items, decisions, strict=True)
        ),
        reasons=reasons,
        conditions=conditions,
        warnings=tuple(dict.fromkeys(w for d in decisions for w in d.warnings)),
        statements=tuple(dict.fromkeys(s for d in decisions for s in d.statements)),
        summary=summary + ".",
        knowledge_version=decisions[0].knowledge_version,
    )
