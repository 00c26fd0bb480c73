"""sharing-rules: what information Eurojust may exchange with each partner outside the EU, and why.

>>> from sharing_rules import evaluate
>>> evaluate("Norway", "personal data").outcome
<Outcome.ALLOWED: 'allowed'>
>>> evaluate("Nigeria", "personal_data").outcome
<Outcome.NO_BASIS: 'no_basis'>

The law is in the rules directory (``rules/``), not in this package: see :func:`load_knowledge`.
"""

# ruff: noqa: I001  # the re-exports below are grouped by module, one import each (isort would split them)

from sharing_rules._package import __version__ as __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the quick path avoids it)
if TYPE_CHECKING:  # the public names for type checkers (``X as X``: re-exported), as in _EXPORTS
    from sharing_rules._api import (
        check_transfer as check_transfer,
        default_knowledge as default_knowledge,
        evaluate as evaluate,
        explain as explain,
        partners as partners,
        record_route_approval as record_route_approval,
        reload_knowledge as reload_knowledge,
        require as require,
        use_knowledge as use_knowledge,
    )
    from sharing_rules._decisions import (
        Decision as Decision,
        InactiveRelationship as InactiveRelationship,
        Reason as Reason,
    )
    from sharing_rules._diff import (
        Change as Change,
        KnowledgeDiff as KnowledgeDiff,
        diff as diff,
    )
    from sharing_rules._errors import (
        DecisionRecordError as DecisionRecordError,
        EngineUnavailableError as EngineUnavailableError,
        InvalidDateError as InvalidDateError,
        InvalidInputError as InvalidInputError,
        InvalidTransferRequestError as InvalidTransferRequestError,
        KnowledgeBaseError as KnowledgeBaseError,
        NotAThirdCountryError as NotAThirdCountryError,
        SharingNotAllowedError as SharingNotAllowedError,
        SharingRulesError as SharingRulesError,
        UnknownDataTypeError as UnknownDataTypeError,
        UnknownPartnerError as UnknownPartnerError,
    )
    from sharing_rules._invariants import (
        Proof as Proof,
    )
    from sharing_rules._knowledge import (
        KnowledgeBase as KnowledgeBase,
        load_knowledge as load_knowledge,
    )
    from sharing_rules._model import (
        AmendmentFile as AmendmentFile,
        Invariant as Invariant,
        Law as Law,
        Partner as Partner,
        Relationship as Relationship,
        Rule as Rule,
        Standing as Standing,
        Statement as Statement,
    )
    from sharing_rules._package import (
        shipped_rules as shipped_rules,
    )
    from sharing_rules._records import (
        DecisionRecord as DecisionRecord,
        JsonLinesSink as JsonLinesSink,
        LoggingSink as LoggingSink,
        RecordedItem as RecordedItem,
        RouteApproval as RouteApproval,
        configure_records as configure_records,
    )
    from sharing_rules._transfer import (
        ItemDecision as ItemDecision,
        TransferDecision as TransferDecision,
        TransferItem as TransferItem,
        TransferRequest as TransferRequest,
    )
    from sharing_rules._vocabulary import (
        DataType as DataType,
        Effect as Effect,
        Outcome as Outcome,
        PartnerKind as PartnerKind,
        RuleStatus as RuleStatus,
    )

# The public names, each with the module that defines it: the one list of them. They are imported on first
# use, so that ``import sharing_rules`` (and the command line) pay only for what they use; ``__all__`` is
# made from this table, and the test suite holds the imports above to it.
_EXPORTS = {
    "AmendmentFile": "sharing_rules._model",
    "Change": "sharing_rules._diff",
    "DataType": "sharing_rules._vocabulary",
    "Decision": "sharing_rules._decisions",
    "DecisionRecord": "sharing_rules._records",
    "DecisionRecordError": "sharing_rules._errors",
    "Effect": "sharing_rules._vocabulary",
    "EngineUnavailableError": "sharing_rules._errors",
    "InactiveRelationship": "sharing_rules._decisions",
    "InvalidDateError": "sharing_rules._errors",
    "InvalidInputError": "sharing_rules._errors",
    "InvalidTransferRequestError": "sharing_rules._errors",
    "Invariant": "sharing_rules._model",
    "ItemDecision": "sharing_rules._transfer",
    "JsonLinesSink": "sharing_rules._records",
    "KnowledgeBase": "sharing_rules._knowledge",
    "KnowledgeBaseError": "sharing_rules._errors",
    "KnowledgeDiff": "sharing_rules._diff",
    "Law": "sharing_rules._model",
    "LoggingSink": "sharing_rules._records",
    "NotAThirdCountryError": "sharing_rules._errors",
    "Outcome": "sharing_rules._vocabulary",
    "Partner": "sharing_rules._model",
    "PartnerKind": "sharing_rules._vocabulary",
    "Proof": "sharing_rules._invariants",
    "Reason": "sharing_rules._decisions",
    "RecordedItem": "sharing_rules._records",
    "RouteApproval": "sharing_rules._records",
    "Relationship": "sharing_rules._model",
    "Rule": "sharing_rules._model",
    "RuleStatus": "sharing_rules._vocabulary",
    "SharingNotAllowedError": "sharing_rules._errors",
    "SharingRulesError": "sharing_rules._errors",
    "Standing": "sharing_rules._model",
    "Statement": "sharing_rules._model",
    "TransferDecision": "sharing_rules._transfer",
    "TransferItem": "sharing_rules._transfer",
    "TransferRequest": "sharing_rules._transfer",
    "UnknownDataTypeError": "sharing_rules._errors",
    "UnknownPartnerError": "sharing_rules._errors",
    "check_transfer": "sharing_rules._api",
    "configure_records": "sharing_rules._records",
    "default_knowledge": "sharing_rules._api",
    "diff": "sharing_rules._diff",
    "evaluate": "sharing_rules._api",
    "explain": "sharing_rules._api",
    "load_knowledge": "sharing_rules._knowledge",
    "partners": "sharing_rules._api",
    "record_route_approval": "sharing_rules._api",
    "reload_knowledge": "sharing_rules._api",
    "require": "sharing_rules._api",
    "shipped_rules": "sharing_rules._package",
    "use_knowledge": "sharing_rules._api",
}

__all__ = sorted([*_EXPORTS, "__version__"])  # noqa: PLE0605  # made from the one table above


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sharing_rules' has no attribute {name!r}")
    import importlib  # noqa: PLC0415  # on first use of a public name only

    value = getattr(importlib.import_module(module), name)
    if isinstance(value, type):  # shown as sharing_rules.Decision in reprs, docs and tracebacks (as httpx)
        value.__module__ = __name__
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
