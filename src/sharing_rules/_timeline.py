"""Time: the periods in which a partner's relationships, and so its decisions, stay the same.

A partner's decisions are piecewise constant: they change only on the days one of its relationships
enters into force or ends. Each period is derived once when the knowledge loads; a question about a date
is answered by finding the period that contains it.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from sharing_rules._errors import InvalidDateError
from sharing_rules._model import Relationship
from sharing_rules._naming import plain

_T = TypeVar("_T")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """The days from ``first`` to ``last``, both included; None means the period is open on that side."""

    first: date | None
    last: date | None

    def sample(self) -> date:
        """A day inside the period (every day inside gives the same relationships)."""
        if self.first is not None:
            return self.first
        if self.last is not None:
            return self.last
        return date(2000, 1, 1)


def periods(relationships: Iterable[Relationship], cuts: Iterable[date] = ()) -> tuple[Period, ...]:
    """Split time at ``cuts`` and at every day on which one of ``relationships`` changes its standing."""
    days = set(cuts)
    for relationship in relationships:
        days.update(relationship.cuts())
    ordered = sorted(days)
    firsts: list[date | None] = [None, *ordered]
    lasts: list[date | None] = [cut - _ONE_DAY for cut in ordered]
    lasts.append(None)
    return tuple(Period(first, last) for first, last in zip(firsts, lasts, strict=True))


class Timeline(Generic[_T]):
    """Values that change at given days: one value per period, found by date."""

    __slots__ = ("_only", "_starts", "_values")

    def __init__(self, starts: Sequence[date], values: Sequence[_T]) -> None:
        if len(values) != len(starts) + 1:
            raise ValueError("a timeline needs one value more than it has starts")
        self._starts = tuple(starts)
        self._values = tuple(values)
        self._only = self._values[0] if not self._starts else None

    def at(self, day: date | None) -> _T:
        """The value in force on ``day`` (today in The Hague when None)."""
        if self._only is not None:
            return self._only
        return self._values[bisect.bisect_right(self._starts, day or today())]

    @property
    def values(self) -> tuple[_T, ...]:
        """Every value, in order of time."""
        return self._values

    @property
    def starts(self) -> tuple[date, ...]:
        """The first day of each period after the first."""
        return self._starts


def timeline_of(pairs: Iterable[tuple[Period, _T]]) -> Timeline[_T]:
    """The timeline of values given for consecutive periods."""
    items = list(pairs)
    starts = [period.first for period, _ in items[1:] if period.first is not None]
    return Timeline(starts, [value for _, value in items])


def dates_text(relationship: Relationship) -> str:
    """The dates of a relationship in words ("signed 2008-11-27, in force from 2011-07-22")."""
    parts = [f"signed {relationship.signed}"] if relationship.signed else []
    if relationship.provisional:
        parts.append(f"applied provisionally from {relationship.provisional}")
    start, certain = relationship.start, relationship.entered_by
    if isinstance(start, date):
        parts.append(f"in force from {start}")
    elif start == "unknown":
        parts.append("date of entry into force unknown")
        if certain is not None:
            parts.append(f"known to be in force on {certain}")
    else:
        parts.append(f"in force from a day in {start}")
    if relationship.applies_from:
        parts.append(f"applying from {relationship.applies_from}")
    if relationship.ends:
        parts.append(f"until {relationship.ends}")
    parts += [f"extended by {e.instrument} until {e.until}" for e in relationship.extended]
    return ", ".join(parts)


SEAT = ZoneInfo("Europe/Amsterdam")
"""The Hague, where Eurojust sits: a date-time with a time zone is read as its date there."""

_today: tuple[float, float, date] = (0.0, 0.0, date.min)
"""Today in The Hague, with the timestamps at which it starts and ends there (asked on every question)."""


def day_bounds(day: date) -> tuple[float, float]:
    """The timestamps (seconds since the epoch) at which ``day`` starts and ends in The Hague."""
    start = datetime.combine(day, datetime.min.time(), SEAT)
    end = datetime.combine(day + _ONE_DAY, datetime.min.time(), SEAT)
    return start.timestamp(), end.timestamp()


def today() -> date:
    """Today in The Hague (Europe/Amsterdam), whatever the machine's time zone; cached until the day ends.

    The one clock of every door: a question that names no day is about this one.
    """
    global _today  # noqa: PLW0603  # a cache replaced whole; any thread may refresh it
    start, end, day = _today
    now = time.time()
    if start <= now < end:
        return day
    day = datetime.fromtimestamp(now, SEAT).date()
    _today = (*day_bounds(day), day)
    return day


def asked_day(value: object) -> date:
    """The day a question is about: ``value`` read by :func:`coerce_day`, or today in The Hague for None.

    The one answer to "which day is asked" of every door (the functions, the command line, the service).

    >>> asked_day("2024-09-30")
    datetime.date(2024, 9, 30)
    >>> asked_day(None) == today()
    True
    """
    return coerce_day(value) or today()


MAX_DATE_TEXT = 40
"""Longer text is no date: it is refused without being parsed."""


def coerce_day(value: object) -> date | None:
    """The date a caller means by ``as_of``; the one date parser of every entry point.

    None means today (returned as None). A ``date`` is itself. A date-time, or an ISO 8601 text with a
    time, must carry its time zone: it is read as its date in The Hague (Europe/Amsterdam); a naive one is
    refused, since its day depends on where it was written. An ISO date as text (2024-09-30) is that day.
    Anything else (numbers, epoch seconds, booleans, other objects) is refused with
    :class:`InvalidDateError`.

    >>> coerce_day("2024-09-30")
    datetime.date(2024, 9, 30)
    >>> coerce_day("2024-09-30T23:30:00+00:00")  # 01:30 on the next day in The Hague
    datetime.date(2024, 10, 1)
    >>> coerce_day("2024-09-30T23:30:00")
    Traceback (most recent call last):
    ...
    sharing_rules.InvalidDateError: ...
    """
    if value is None:
        return None
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        return _seat_day(value)
    if isinstance(value, date):  # a subclass: its fields, read through date's own method
        return date.fromordinal(date.toordinal(value))
    if isinstance(value, str):
        text = plain(value).strip()
        if len(text) > MAX_DATE_TEXT or not text.isascii():
            raise InvalidDateError(value, "it is not an ISO date")
        if len(text) <= 10:  # YYYY-MM-DD, or a shorter ISO form: a date
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise InvalidDateError(value, "it is not an ISO date, or no such day") from None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidDateError(value, "it is not an ISO date, or no such day") from None
        return _seat_day(moment)
    raise InvalidDateError(value, f"a value of type {type(value).__name__[:40]} is no date")


def _seat_day(moment: datetime) -> date:
    """The date in The Hague of a date-time that carries its time zone."""
    try:
        naive = datetime.utcoffset(moment) is None
    except Exception:  # a caller's own tzinfo may fail in any way: no date then
        naive = True
    if naive:
        raise InvalidDateError(
            moment, "a date-time without a time zone names no one day: give the date, or its time zone"
        )
    try:
        return datetime.date(datetime.astimezone(moment, SEAT))
    except Exception:  # out of range, or a caller's tzinfo that fails: no date
        raise InvalidDateError(moment, "it lies outside the calendar in The Hague's time zone") from None
