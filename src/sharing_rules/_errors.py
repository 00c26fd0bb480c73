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
are never errors: they are :class:`~sharing_rules.Decision` values. Caller input appears in a message
only through :func:`shown`: bounded, never through the caller's own ``__repr__``, and never the content
of what is being sent (a message names such a field, not its value).
"""

from __future__ import annotations

from datetime import date, datetime

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the command line's quick path)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from sharing_rules._decisions import Decision
    from sharing_rules._records import DecisionRecord

SHOWN_LENGTH = 60
"""The most characters of a caller's text that a message quotes."""


def shown(value: object, limit: int = SHOWN_LENGTH) -> str:  # noqa: PLR0911  # one return per kind
    """A bounded, one-line representation of caller input for a message.

    Text is quoted (at most ``limit`` characters of it), numbers, dates, booleans and None are written as
    they are; anything else is named by its type only. The caller's own ``__repr__``, ``__str__`` or
    ``__len__`` is never called: a value whose representation is huge, nested without end, or raises cannot
    break a message.
    """
    kind = type(value)
    if isinstance(value, str):
        text = str.__str__(value)  # a plain copy: a subclass's methods are not called
        cut = text[:limit]
        return repr(cut) + ("..." if len(text) > limit else "")
    if value is None or kind is bool or kind is float:
        return repr(value)
    if kind is int:
        number: int = value  # type: ignore[assignment]  # kind is int, checked above
        return repr(number) if number.bit_length() <= 64 else f"an integer of {number.bit_length()} bits"
    if isinstance(value, datetime):
        return datetime.isoformat(value)[:limit]  # through datetime's own method, not the caller's
    if isinstance(value, date):
        return date.isoformat(value)[:limit]
    if isinstance(value, bytes | bytearray):
        return f"{kind.__name__[:40]} of {memoryview(value).nbytes} bytes"
    return f"a {kind.__name__[:40]}"


class SharingRulesError(Exception):
    """Root of every error raised by sharing-rules on purpose."""

    exit_code = 2
    hint = ""
    """The message's last sentence when it names a command that helps: left out where people read it."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        """Every error of the family is public: tracebacks name it ``sharing_rules.UnknownPartnerError``."""
        super().__init_subclass__(**kwargs)
        cls.__module__ = "sharing_rules"

    def format_message(self) -> str:
        """The message for a person, as the command line prints it."""
        return str(self)

    def for_people(self) -> str:
        """The message for someone reading a page: the same, without a command line or endpoint to run."""
        text = self.format_message()
        return text.removesuffix(" " + self.hint) if self.hint else text


SharingRulesError.__module__ = "sharing_rules"  # as its subclasses (see __init_subclass__)


class InvalidInputError(SharingRulesError, TypeError):
    """A question whose partner or data type is not text (None, bytes, a number...)."""

    def __init__(self, what: str, value: object, expected: str | None = None) -> None:
        self.what = what
        self.value = value
        if expected is None:
            expected = (
                "text: pass the partner's name or code (e.g. 'Norway' or 'NO') and the kind of"
                " information (e.g. 'personal_data') as strings"
            )
        super().__init__(f"{what} must be {expected}; got {shown(value)}.")


class UnknownPartnerError(SharingRulesError, LookupError):
    """A partner name that matches no partner in the knowledge and no country."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"Unknown partner {shown(name)}."
        if self.suggestions:
            message += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        self.hint = "`sharing-rules partners` lists the partners the knowledge names."
        message += f" Use a partner's name, alias or ISO 3166 code. {self.hint}"
        super().__init__(message)

    @classmethod
    def no_relationship(cls, country: str, answers: str) -> UnknownPartnerError:
        """The error for a country the knowledge knows, with which Eurojust has no relationship.

        ``answers`` says, in words, what its decisions are (the same as ``evaluate`` gives for it).
        """
        error = cls(country)
        error.hint = "`sharing-rules partners` lists the partners."
        error.args = (
            f"{country} has no relationship with Eurojust in this knowledge, so it is no partner listed"
            f" here; a question about it is answered as for any third country. {answers} {error.hint}",
        )
        return error

    @classmethod
    def ambiguous(cls, name: str, countries: Sequence[str]) -> UnknownPartnerError:
        """The error for a name that several countries answer to (in one language or another)."""
        error = cls(name, countries)
        error.args = (
            f"{shown(name)} is a name of {' and of '.join(countries)} (in one of the languages of the Union):"
            " it is not guessed. Use the name of the one you mean in another spelling, or its ISO 3166 code."
            f" {error.hint}",
        )
        return error

    def __str__(self) -> str:  # LookupError would quote the message as a key
        return str(self.args[0])


class NotAThirdCountryError(SharingRulesError, ValueError):
    """An EU Member State (on the day asked about), or a former one while Union law still applied to it.

    Outside the scope of this engine: an exchange with its authorities is no transfer to a third country.
    ``transition_until`` is set for a day of a former Member State's transition period.
    """

    def __init__(
        self,
        name: object,
        member_state: str,
        territory: str | None = None,
        *,
        day: date | None = None,
        until: date | None = None,
        note: str = "",
        transition_until: date | None = None,
    ) -> None:
        self.name = name
        self.member_state = member_state
        self.territory = territory
        self.day = day
        self.until = until
        self.transition_until = transition_until
        scope = "this engine decides only exchanges with third countries and international organisations."
        if transition_until is not None and until is not None and day is not None and day > until:
            text = (
                f"On {day}, {member_state} was no longer an EU Member State (until {until}), but it was in"
                f" the transition period that followed (until {transition_until}), in which Union law"
                f" applied to and in it: an exchange with its authorities was not a transfer to a third"
                f" country, and {scope}"
            )
        else:
            if until is not None and day is not None:
                when = f"On {day}, {member_state} was"
            elif territory is not None:
                when = f"{territory} is part of {member_state}, which is"
            else:
                when = f"{member_state} is"
            since = f" (until {until})" if until is not None else ""
            text = f"{when} an EU Member State{since}, not a partner outside the EU: {scope}"
        super().__init__(f"{text} {note}".rstrip())

    @property
    def in_transition(self) -> bool:
        """Whether the day asked about lies in a former Member State's transition period."""
        return (
            self.transition_until is not None
            and self.until is not None
            and self.day is not None
            and self.until < self.day <= self.transition_until
        )


class UnknownDataTypeError(SharingRulesError, ValueError):
    """A kind of information that the knowledge does not define."""

    def __init__(self, value: str, valid: Sequence[str]) -> None:
        self.value = value
        self.valid = tuple(valid)
        super().__init__(
            f"Unknown data type {shown(value)}. Valid values: {', '.join(self.valid)}"
            " (case does not matter; spaces or hyphens may stand for underscores; the labels of"
            " rules/data_types.yaml and their aliases work too)."
        )


class InvalidDateError(SharingRulesError, ValueError):
    """An ``as_of`` that is no date."""

    def __init__(self, value: object, problem: str | None = None) -> None:
        self.value = value
        problem = problem or "it is no date"
        super().__init__(
            f"as_of must be a date, got {shown(value)} ({problem}): pass a datetime.date, an ISO date as"
            " text (2024-09-30), or a date-time with its time zone (read as its date in The Hague)."
        )


class InvalidTransferRequestError(SharingRulesError, ValueError):
    """A transfer request that does not fit the schema: each problem names the field (and a bounded value)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        self.hint = "`sharing-rules schema` prints the JSON Schema."
        super().__init__(
            "Invalid transfer request: "
            + "; ".join(self.problems)
            + ". A request needs case_reference, partner and items (each with a data_type and an optional"
            f" label), and may give as_of (an ISO date). {self.hint}"
        )


class SharingNotAllowedError(SharingRulesError):
    """Raised by ``require()`` when the exchange is not allowed; ``decision`` says why."""

    exit_code = 1

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(
            f"Not allowed to exchange {decision.data_type.value} with {decision.partner}"
            f" ({decision.outcome.value.replace('_', ' ')}). {decision.explanation}"
        )


class DecisionRecordError(SharingRulesError):
    """A decision record could not be written, or a sink cannot write: do not act on an unrecorded decision.

    ``record`` is the record that was not written (None when a sink was refused as it was configured);
    ``problem`` says what went wrong, in the sink's words.
    """

    def __init__(self, problem: str, record: DecisionRecord | None = None) -> None:
        self.record = record
        self.problem = problem
        if record is None:
            message = f"The decision record sink cannot be used: {problem}."
        else:
            message = (
                f"The decision record {record.record_id} could not be written ({problem}). The decision was"
                " not recorded: do not act on it."
            )
        super().__init__(message + " Check the record sink (disk space, permissions, logging configuration).")


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
