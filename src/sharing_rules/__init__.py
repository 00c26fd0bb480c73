"""sharing-rules: what information Eurojust may exchange with each partner outside the EU, and why.

>>> from sharing_rules import evaluate
>>> evaluate("Norway", "personal data").outcome
<Outcome.ALLOWED: 'allowed'>
>>> evaluate("Nigeria", "personal_data").outcome
<Outcome.PROHIBITED: 'prohibited'>

The law is in the rules directory (``rules/``), not in this package: see :func:`load_knowledge`.
"""

from sharing_rules._api import default_knowledge, evaluate, partners
from sharing_rules._decisions import Decision, InactiveRelationship, Reason
from sharing_rules._diff import Change, KnowledgeDiff, diff
from sharing_rules._errors import (
    InvalidDateError,
    InvalidInputError,
    KnowledgeBaseError,
    NotAThirdCountryError,
    SharingRulesError,
    UnknownDataTypeError,
    UnknownPartnerError,
)
from sharing_rules._knowledge import KnowledgeBase, load_knowledge, shipped_rules
from sharing_rules._model import AmendmentFile, Partner, Relationship, Rule, Statement
from sharing_rules._vocabulary import DataType, Effect, Outcome, PartnerKind, RuleStatus

__all__ = [
    "AmendmentFile",
    "Change",
    "DataType",
    "Decision",
    "Effect",
    "InactiveRelationship",
    "InvalidDateError",
    "InvalidInputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeDiff",
    "NotAThirdCountryError",
    "Outcome",
    "Partner",
    "PartnerKind",
    "Reason",
    "Relationship",
    "Rule",
    "RuleStatus",
    "SharingRulesError",
    "Statement",
    "UnknownDataTypeError",
    "UnknownPartnerError",
    "default_knowledge",
    "diff",
    "evaluate",
    "load_knowledge",
    "partners",
    "shipped_rules",
]
