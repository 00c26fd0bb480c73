"""Transfer checks: a whole outgoing package to one partner, decided item by item."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from sharing_rules._decisions import Condition, Decision, Reason
from sharing_rules._errors import SharingRulesError
from sharing_rules._vocabulary import DataType, Outcome, overall

_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


def _data_type(value: object) -> object:
    """Accept the spellings evaluate() accepts: any case, spaces or hyphens for underscores."""
    if isinstance(value, str) and not isinstance(value, DataType) and len(value) <= 100:
        return value.strip().lower().replace(" ", "_").replace("-", "_")
    return value


class TransferItem(BaseModel):
    """One item of an outgoing package: the kind of information and, optionally, a label for people."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_type: Annotated[DataType, BeforeValidator(_data_type)]
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
    as_of: date | None = None
    """The date of the transfer (default: today)."""


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


class InvalidTransferRequestError(SharingRulesError, ValueError):
    """A transfer request that does not fit the schema: each problem names the field and the value."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "Invalid transfer request: "
            + "; ".join(problems)
            + ". A request needs case_reference, partner and items (each with a data_type and an optional"
            " label), and may give as_of (an ISO date); `sharing-rules schema` prints the JSON Schema."
        )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_request(request: TransferRequest | Mapping[str, Any]) -> TransferRequest:
    """A validated :class:`TransferRequest`, or :class:`InvalidTransferRequestError` naming each problem."""
    if isinstance(request, TransferRequest):
        return request
    if not isinstance(request, Mapping):
        raise InvalidTransferRequestError([f"the request must be a mapping, got {type(request).__name__}"])
    try:
        return TransferRequest.model_validate(dict(request))
    except ValidationError as error:
        problems = []
        found = error.errors()
        deeper = {tuple(p["loc"][:k]) for p in found for k in range(1, len(p["loc"]))}  # reported below
        for problem in [p for p in found if tuple(p["loc"]) not in deeper][:10]:
            field = ".".join(str(step) if isinstance(step, str) else f"[{step}]" for step in problem["loc"])
            field = field.replace(".[", "[")
            if problem["type"] == "enum":
                message = f"not a data type (valid: {', '.join(d.value for d in DataType)})"
            else:
                message = problem["msg"].removeprefix("Value error, ")
            shown = "" if problem["type"] == "missing" else f" (got {_shown(problem['input'])})"
            problems.append(f"{field or 'request'}: {message}{shown}")
        raise InvalidTransferRequestError(problems) from None


def transfer_decision(request: TransferRequest, day: date, decisions: list[Decision]) -> TransferDecision:
    """Gather the item decisions of a transfer into its verdict."""
    combined = overall(d.outcome for d in decisions)
    reasons = tuple(dict.fromkeys(reason for d in decisions for reason in d.reasons))
    blocked = [
        f"{item.label or item.data_type.value} ({d.outcome.value})"
        for item, d in zip(request.items, decisions, strict=True)
        if not d.allowed
    ]
    partner = decisions[0].partner
    conditions = tuple(dict.fromkeys(c for d in decisions if d.allowed for c in d.conditions))
    if blocked:
        listed = ", ".join(blocked)
        summary = f"Not allowed: {len(blocked)} of {len(decisions)} item(s) may not go to {partner}: {listed}"
    elif conditions:
        summary = (
            f"Allowed, provided that the {len(conditions)} condition(s) listed are met: all {len(decisions)}"
            f" item(s) may go to {partner}"
        )
    else:
        summary = f"Allowed: all {len(decisions)} item(s) may go to {partner}"
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
