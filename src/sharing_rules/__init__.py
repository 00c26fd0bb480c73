"""sharing-rules: what information Eurojust may exchange with each partner outside the EU, and why.

>>> from sharing_rules import evaluate
>>> evaluate("Norway", "personal data").outcome
<Outcome.ALLOWED: 'allowed'>
>>> evaluate("Nigeria", "personal_data").outcome
<Outcome.PROHIBITED: 'prohibited'>

The law is in the rules directory (``rules/``), not in this package: see :func:`load_knowledge`.
"""

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
from sharing_rules._knowledge import KnowledgeBase, load_knowledge, shipped_rules
from sharing_rules._model import AmendmentFile, Partner, Relationship, Rule, Statement
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
    "InactiveRelationship",
    "InvalidDateError",
    "InvalidInputError",
    "InvalidTransferRequestError",
    "ItemDecision",
    "JsonLinesSink",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeDiff",
    "LoggingSink",
    "NotAThirdCountryError",
    "Outcome",
    "Partner",
    "PartnerKind",
    "Reason",
    "RecordedItem",
    "Relationship",
    "Rule",
    "RuleStatus",
    "SharingNotAllowedError",
    "SharingRulesError",
    "Statement",
    "TransferDecision",
    "TransferItem",
    "TransferRequest",
    "UnknownDataTypeError",
    "UnknownPartnerError",
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
