"""The bodies of the API that are not the library's own models (those are used as they are)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from sharing_rules import AmendmentFile, DataType, Decision, Outcome, Rule, Statement
from sharing_rules._model import SourceDocument
from sharing_rules._timeline import coerce_day
from sharing_rules._transfer import AS_OF_SCHEMA

Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200)]


class Question(BaseModel):
    """One question: may Eurojust exchange this kind of information with this partner, on a date."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    partner: Text = Field(description="A partner's name, alias or ISO 3166 code, in any case.")
    data_type: Text = Field(
        description=f"The kind of information: {', '.join(kind.value for kind in DataType)}, or a label or"
        " alias of rules/data_types.yaml (spaces or hyphens for underscores, any case)."
    )
    as_of: Annotated[date | None, BeforeValidator(coerce_day), AS_OF_SCHEMA] = Field(
        default=None,
        description="The date the question is about (default: today): an ISO date, or a date-time with its"
        " time zone, read as its date in The Hague.",
    )


class BatchQuestions(BaseModel):
    """Many questions, answered from one knowledge version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    questions: Annotated[list[Question], Field(min_length=1, max_length=1000)]


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    suggestions: list[str] | None = None
    """For an unknown partner: the names it may have meant."""
    valid: list[str] | None = None
    """For an unknown data type: the valid values."""
    problems: list[str] | None = None
    """For a request that does not fit its schema: each field that is wrong, and why."""


class BatchAnswer(BaseModel):
    """The answer to one question of a batch: a decision, or the problem with the question."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    decision: Decision | None = None
    problem: Problem | None = None


class BatchDecisions(BaseModel):
    """The answers to a batch, in the order of the questions, all from one knowledge version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    knowledge_version: str
    answers: list[BatchAnswer]


class WorkerKnowledge(BaseModel):
    """The knowledge one worker process holds."""

    pid: int
    version: str | None
    loaded_at: datetime | None
    reload_error: str | None


class ReloadStatus(BaseModel):
    """The last reload that failed, if the latest attempt did (the old knowledge stayed in service)."""

    failed: bool
    failed_at: datetime | None = None
    error: str | None = None


class KnowledgeInfo(BaseModel):
    """The knowledge that answered: its version, the date it speaks for, its statements and rules."""

    version: str
    title: str
    speaks_for: date
    source: SourceDocument
    amendments: tuple[AmendmentFile, ...]
    loaded_at: datetime | None
    statements: tuple[Statement, ...]
    rules: tuple[Rule, ...]
    reload: ReloadStatus
    workers: list[WorkerKnowledge]
    converged: bool
    """True when every live worker of this service holds this version."""


class ReloadResult(BaseModel):
    """The version a reload put in service (other workers follow within a second)."""

    version: str
    previous: str
    changed: bool


class Health(BaseModel):
    """Liveness or readiness."""

    status: str
    knowledge_version: str | None = None


class MatrixRow(BaseModel):
    """One partner: its relationships in force on the date, and the outcome for each data type."""

    partner: str
    relationships: list[str]
    outcomes: dict[DataType, Outcome]
    """Empty when the partner was not a third country on the date (see ``not_a_third_country``)."""
    not_a_third_country: str | None = None
    """Why there is no decision: on that date the partner was an EU Member State (the library's message)."""


class Matrix(BaseModel):
    """Every partner against every data type, on one date, from one knowledge version."""

    as_of: date
    knowledge_version: str
    data_types: list[DataType]
    rows: list[MatrixRow]
    warnings: list[str] = Field(default_factory=list)
    """The caveats of the day, in words: read them before relying on any cell (an older law, a day after
    the date the knowledge speaks for, a relationship whose date of entry into force is uncertain)."""
