"""The error family of sharing-rules.

Every error the library raises on purpose is a :class:`SharingRulesError`::

    SharingRulesError
    ├── InvalidInputError (also TypeError)       a question of the wrong type (None, bytes, a number)
    ├── UnknownPartnerError (also LookupError)   a name that is no known partner and no country
    ├── NotAThirdCountryError (also ValueError)  an EU Member State: outside this engine's scope
    ├── UnknownDataTypeError (also ValueError)   a kind of information the knowledge does not define
    ├── InvalidDateError (also ValueError)       an ``as_of`` that is not a date
    ├── InvalidTransferRequestError (also ValueError)  a transfer request that does not fit its schema
    ├── SharingNotAllowedError                   require(): not allowed (it carries the decision)
    ├── DecisionRecordError                      a decision record could not be written
    ├── KnowledgeBaseError                       a rules directory that cannot be loaded
    └── EngineUnavailableError (also ImportError)  durable_rules cannot be imported (on import)

Each message says what was wrong and how to mend it. Outcomes of legal questions ("not allowed")
are never errors: they are :class:`~sharing_rules.Decision` values.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the command line's quick path)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from sharing_rules._decisions import Decision


class SharingRulesError(Exception):
    """Root of every error raised by sharing-rules on purpose."""

    exit_code = 2

    def format_message(self) -> str:
        """The message for a person, as the command line prints it."""
        return str(self)


class InvalidInputError(SharingRulesError, TypeError):
    """A question whose partner or data type is not text (None, bytes, a number...)."""

    def __init__(self, what: str, value: object) -> None:
        self.what = what
        self.value = value
        super().__init__(
            f"{what} must be text, got {type(value).__name__}: pass the partner's name or code "
            f"(e.g. 'Norway' or 'NO') and the kind of information (e.g. 'personal_data') as strings."
        )


class UnknownPartnerError(SharingRulesError, LookupError):
    """A partner name that matches no partner in the knowledge and no country."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        shown = name if len(name) <= 60 else name[:57] + "..."
        message = f"Unknown partner {shown!r}."
        if self.suggestions:
            message += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        message += (
            " Use a partner's name, alias or ISO 3166 code; `sharing-rules partners` lists the partners"
            " the knowledge names."
        )
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would quote the message as a key
        return str(self.args[0])


class NotAThirdCountryError(SharingRulesError, ValueError):
    """An EU Member State (on the day asked about): outside the scope of this engine."""

    def __init__(
        self,
        name: object,
        member_state: str,
        *,
        day: date | None = None,
        until: date | None = None,
        note: str = "",
    ) -> None:
        self.name = name
        self.member_state = member_state
        self.day = day
        self.until = until
        when = (
            f"On {day}, {member_state} was" if until is not None and day is not None else f"{member_state} is"
        )
        since = f" (until {until})" if until is not None else ""
        super().__init__(
            f"{when} an EU Member State{since}, not a partner outside the EU: this engine decides only"
            f" exchanges with third countries and international organisations. {note}".rstrip()
        )


class UnknownDataTypeError(SharingRulesError, ValueError):
    """A kind of information that the knowledge does not define."""

    def __init__(self, value: str, valid: Sequence[str]) -> None:
        self.value = value
        self.valid = tuple(valid)
        shown = value if len(value) <= 60 else value[:57] + "..."
        super().__init__(
            f"Unknown data type {shown!r}. Valid values: {', '.join(self.valid)}"
            " (case does not matter; spaces or hyphens may stand for underscores)."
        )


class InvalidDateError(SharingRulesError, ValueError):
    """An ``as_of`` that is no date."""

    def __init__(self, value: object) -> None:
        self.value = value
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        super().__init__(
            f"as_of must be a date, got {shown}: pass a datetime.date, or an ISO date as text (2024-09-30)."
        )


class SharingNotAllowedError(SharingRulesError):
    """Raised by ``require()`` when the exchange is not allowed; ``decision`` says why."""

    exit_code = 1

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(
            f"Not allowed to exchange {decision.data_type.value} with {decision.partner}"
            f" ({decision.outcome.value}). {decision.explanation}"
        )


class KnowledgeBaseError(SharingRulesError):
    """A rules directory that cannot be loaded: nothing of it is used."""

    def __init__(self, file: str, entry: str | None, problem: str, fix: str) -> None:
        self.file = file
        self.entry = entry
        self.problem = problem
        self.fix = fix
        where = file if entry is None else f"{file}, {entry}"
        super().__init__(f"{where}: {problem} To fix: {fix}")


class EngineUnavailableError(SharingRulesError, ImportError):
    """durable_rules, the inference engine, cannot be imported: raised when sharing-rules loads it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        shown = reason if len(reason) <= 200 else reason[:197] + "..."
        super().__init__(
            f"durable_rules, the inference engine, cannot be imported ({shown}). durable_rules 2.0.28 needs a"
            " patch to work on Python 3.13 (its release calls PyEval_CallObject, which Python 3.13 removed)."
            " To fix: build the patched wheel from a sharing-rules checkout with"
            " `python3 scripts/build_durable_wheel.py --out wheelhouse` (run it with the Python you use),"
            " then `pip install --force-reinstall wheelhouse/durable_rules-*.whl`."
        )
