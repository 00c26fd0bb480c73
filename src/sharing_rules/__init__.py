"""sharing-rules: what information Eurojust may exchange with each partner outside the EU, and why.

>>> from sharing_rules import evaluate
>>> evaluate("Norway", "personal data").outcome
<Outcome.ALLOWED: 'allowed'>
>>> evaluate("Nigeria", "personal_data").outcome
<Outcome.NO_BASIS: 'no_basis'>

The law is in the rules directory (``rules/``), not in this package: see :func:`load_knowledge`.
"""

from sharing_rules._package import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the quick path avoids it)
if TYPE_CHECKING:
    from sharing_rules._api import (
        check_transfer,
        default_knowledge,
        evaluate,
        explain,
        partners,
        reload_knowledge,
        require,
        use_knowledge,
    )
    from sharing_rules._decisions import Decision, InactiveRelationship, Reason
    from sharing_rules._diff import Change, KnowledgeDiff, diff
    from sharing_rules._errors import (
        DecisionRecordError,
        EngineUnavailableError,
        InvalidDateError,
        InvalidInputError,
        InvalidTransferRequestError,
        KnowledgeBaseError,
        NotAThirdCountryError,
        SharingNotAllowedError,
        SharingRulesError,
        UnknownDataTypeError,
        UnknownPartnerError,
    )
    from sharing_rules._invariants import Proof
    from sharing_rules._knowledge import KnowledgeBase, load_knowledge
    from sharing_rules._model import (
        AmendmentFile,
        Invariant,
        Law,
        Partner,
        Relationship,
        Rule,
        Standing,
        Statement,
    )
    from sharing_rules._package import shipped_rules
    from sharing_rules._records import (
        DecisionRecord,
        JsonLinesSink,
        LoggingSink,
        RecordedItem,
        configure_records,
    )
    from sharing_rules._transfer import (
        ItemDecision,
        TransferDecision,
        TransferItem,
        TransferRequest,
    )
    from sharing_rules._vocabulary import DataType, Effect, Outcome, PartnerKind, RuleStatus

__all__ = [
    "AmendmentFile",
    "Change",
    "DataType",
    "Decision",
    "DecisionRecord",
    "DecisionRecordError",
    "Effect",
    "EngineUnavailableError",
    "InactiveRelationship",
    "InvalidDateError",
    "InvalidInputError",
    "InvalidTransferRequestError",
    "Invariant",
    "ItemDecision",
    "JsonLinesSink",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeDiff",
    "Law",
    "LoggingSink",
    "NotAThirdCountryError",
    "Outcome",
    "Partner",
    "PartnerKind",
    "Proof",
    "Reason",
    "RecordedItem",
    "Relationship",
    "Rule",
    "RuleStatus",
    "SharingNotAllowedError",
    "SharingRulesError",
    "Standing",
    "Statement",
    "TransferDecision",
    "TransferItem",
    "TransferRequest",
    "UnknownDataTypeError",
    "UnknownPartnerError",
    "__version__",
    "check_transfer",
    "configure_records",
    "default_knowledge",
    "diff",
    "evaluate",
    "explain",
    "load_knowledge",
    "partners",
    "reload_knowledge",
    "require",
    "shipped_rules",
    "use_knowledge",
]

# The public names are imported on first use, so that ``import sharing_rules`` (and the command line) pay
# only for what they use; ``__all__`` and type checkers see them as if imported above.
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
    "reload_knowledge": "sharing_rules._api",
    "require": "sharing_rules._api",
    "shipped_rules": "sharing_rules._package",
    "use_knowledge": "sharing_rules._api",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sharing_rules' has no attribute {name!r}")
    import importlib  # noqa: PLC0415  # on first use of a public name only

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
