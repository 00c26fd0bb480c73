"""The command line's quick path: ``sharing-rules evaluate`` answered without loading the knowledge.

A fresh process asking one question would spend nearly all its time importing pydantic and loading the
rules. So the first ``evaluate`` of a day (and the first after any change to the rules, the amendments or
the package) loads the knowledge as usual and records an answer table for that day: for every partner,
the exact output of ``evaluate`` (text and JSON) for every kind of information, with every spelling of
the partner and of the kind that the knowledge itself resolves to them. The table is kept in the user's
cache (see ``_cache``); later processes on that day look the question up in it, using the standard
library only. Everything else (another date, a spelling not in the table, a country the knowledge does
not name, an error) takes the usual path. The table holds only what the usual path printed, so a
question is answered from it exactly as it would be without it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the quick path avoids it)
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from sharing_rules._decisions import Decision
    from sharing_rules._knowledge import KnowledgeBase

KIND = "evaluate"
Answer = tuple[bool, str, str]
"""Whether it is allowed, the text output, and the JSON output."""


def _variants(text: str) -> set[str]:
    return {text, text.lower(), text.upper(), text.title(), text.capitalize()}


def build_table(
    knowledge: KnowledgeBase, day: date, render: Callable[[Decision, KnowledgeBase, date], tuple[str, str]]
) -> dict[str, object]:
    """The answer table of ``knowledge`` for ``day``, written by ``render`` (text and JSON of a decision)."""
    from sharing_rules._errors import SharingRulesError  # noqa: PLC0415  # the usual path is loaded here

    kinds: dict[str, str] = {}
    for kind, definition in knowledge.data_types.items():
        for spelling in (*_variants(kind.value), *_variants(kind.value.replace("_", " ")), definition.label):
            try:
                if knowledge.data_type(spelling) is kind:
                    kinds[spelling] = kind.value
            except SharingRulesError:
                continue
    names: dict[str, str] = {}
    answers: dict[str, dict[str, Answer]] = {}
    for partner in knowledge.partners:
        try:
            decisions = {kind: knowledge.decide(partner.name, kind, day) for kind in knowledge.data_types}
        except SharingRulesError:
            continue  # not a question with an answer on that day: the usual path explains it
        answers[partner.name] = {
            kind.value: (decision.allowed, *render(decision, knowledge, day))
            for kind, decision in decisions.items()
        }
        spellings: set[str] = set()
        for name in (
            partner.name,
            partner.full_name,
            partner.iso_alpha2,
            partner.iso_alpha3,
            *partner.aliases,
        ):
            spellings |= _variants(name) if name else set()
        for spelling in spellings:
            try:  # recorded only when the usual path gives this partner's very decisions for it
                same = all(
                    knowledge.decide(spelling, kind, day) is found for kind, found in decisions.items()
                )
            except SharingRulesError:
                continue
            if same:
                names[spelling] = partner.name
    from sharing_rules._timeline import day_bounds  # noqa: PLC0415  # the usual path is loaded here

    start, end = day_bounds(day)
    return {
        "day": day.isoformat(),
        "from": start,
        "until": end,
        "partners": names,
        "data_types": kinds,
        "answers": answers,
    }


def split(table: dict[str, object]) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """The table as it is stored: an index (names and kinds) and one small document per partner.

    A question then reads the index and one partner's answers, however many partners there are.
    """
    answers = table["answers"]
    assert isinstance(answers, dict)
    index = {key: value for key, value in table.items() if key != "answers"}
    index["files"] = {name: number for number, name in enumerate(answers)}
    parts = {
        name: {"day": table["day"], "partner": name, "answers": found} for name, found in answers.items()
    }
    return index, parts


def where(index: object, partner: str, data_type: str, day: str) -> tuple[str, str, int] | None:
    """The partner, kind and partner document's number the index gives this question, or None."""
    try:
        if not isinstance(index, dict) or not is_current(index, day):
            return None
        name = index["partners"].get(partner)
        kind = index["data_types"].get(data_type)
        number = index["files"].get(name) if name is not None else None
    except (KeyError, TypeError, AttributeError):
        return None
    if type(name) is not str or type(kind) is not str or type(number) is not int:
        return None
    return name, kind, number


def answer_in(part: object, name: str, kind: str, day: str) -> Answer | None:
    """The answer a partner's document holds for ``kind`` on ``day``, or None."""
    try:
        if not isinstance(part, dict) or not is_current(part, day) or part.get("partner") != name:
            return None
        allowed, text, json_text = part["answers"][kind]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if type(allowed) is not bool or type(text) is not str or type(json_text) is not str:
        return None
    return allowed, text, json_text


def look_up(table: dict[str, object], partner: str, data_type: str, day: str) -> Answer | None:
    """The answer a whole table holds for this question on ``day`` (ISO), or None (ask the usual way)."""
    index, parts = split(table)
    found = where(index, partner, data_type, day)
    return answer_in(parts[found[0]], found[0], found[1], day) if found is not None else None


def day_at(index: object, now: float) -> str:
    """The day of an index (ISO) if ``now`` (seconds since the epoch) falls in it in The Hague; else "".

    The index carries its day's bounds, so that the quick path knows the day in The Hague without reading
    a time zone.
    """
    if not isinstance(index, dict):
        return ""
    start, end, day = index.get("from"), index.get("until"), index.get("day")
    numbers = type(start) in {int, float} and type(end) in {int, float}
    return day if numbers and type(day) is str and start <= now < end else ""  # type: ignore[operator]


def is_current(table: object, day: str) -> bool:
    """Whether ``table`` is an answer table for ``day`` (ISO; else it is to be written afresh)."""
    return isinstance(table, dict) and table.get("day") == day
