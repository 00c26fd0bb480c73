"""Steps about time: when relationships are in force, how long a decision holds, and change impact.

A relationship grants only on the days it is in force; a decision names the partner's relationships that
are not (or no longer) in force on the day asked about, and the period it holds for. Change impact compares
two versions of the knowledge (with and without an amendment, or read twice) or two dates of one version,
and lists exactly the decisions that differ, with what causes each difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_bdd import parsers, then, when

from sharing_rules import Change, DataType, Decision, InactiveRelationship, KnowledgeDiff, Outcome, diff
from tests.steps.situation import (
    DAY,
    Situation,
    a_day,
    amendment_directory,
    kind_of_information,
    listed,
    relationship_kind,
    relationship_label,
)

_OUTCOMES: dict[str, Outcome | None] = {
    "allowed": Outcome.ALLOWED,
    "prohibited": Outcome.PROHIBITED,
    "no basis": Outcome.NO_BASIS,
    "unknown partner": None,
}
"""The outcomes as a table of changes writes them ("unknown partner": the knowledge had no such partner)."""

_CHANGE_COLUMNS = (
    "partner",
    "kind of information",
    "before",
    "after",
    "rules added",
    "rules removed",
    "relationships added",
    "relationships removed",
    "statements",
)
"""The columns a table of changes may have; the first four are required, a missing list means none."""


def _inactive(decision: Decision) -> dict[str, InactiveRelationship]:
    return {item.kind: item for item in decision.inactive}


def _out_of_force_note(item: InactiveRelationship) -> str:
    """What the explanation says about a relationship not (certainly) in force in the decision's period."""
    if item.status == "no_longer_in_force":
        return f"no longer in force after {item.valid_until}"
    if item.status == "uncertain":
        return "its date of entry into force is uncertain"
    return f"not in force before {item.earliest}"


def _comparison(situation: Situation) -> KnowledgeDiff:
    if situation.comparison is None:
        raise AssertionError("no step has compared two versions or two dates of the knowledge yet")
    return situation.comparison


def _describe(change: Change) -> str:
    before = change.before.value if change.before else "not recognised"
    after = change.after.value if change.after else "not recognised"
    causes = [f"+{r}" for r in change.rules_added] + [f"-{r}" for r in change.rules_removed]
    causes += [f"+{k}" for k in change.relationships_added] + [f"-{k}" for k in change.relationships_removed]
    cited = ", ".join(change.statements) or "nothing cited"
    return (
        f"{change.partner}, {change.data_type.value}: {before} -> {after}"
        f" ({' '.join(causes) or 'no rule or relationship'}; {cited})"
    )


@dataclass(frozen=True, slots=True)
class _ChangeKey:
    """A change as a row of the table says it: lists as sets, the statements only if the table has them."""

    partner: str
    data_type: DataType
    before: Outcome | None
    after: Outcome | None
    rules_added: frozenset[str]
    rules_removed: frozenset[str]
    relationships_added: frozenset[str]
    relationships_removed: frozenset[str]
    statements: frozenset[str] | None


def _outcome(words: str) -> Outcome | None:
    assert words in _OUTCOMES, f"{words!r} is no outcome; write one of {sorted(_OUTCOMES)}"
    return _OUTCOMES[words]


def _expected_change(cells: dict[str, str]) -> _ChangeKey:
    def relationships(column: str) -> frozenset[str]:
        # labels may hold "and" ("... between the Union and the country"): a column lists them by commas
        labels = [label for label in cells.get(column, "").split(", ") if label.strip()]
        return frozenset(relationship_kind(label) for label in labels)

    return _ChangeKey(
        cells["partner"],
        kind_of_information(cells["kind of information"]),
        _outcome(cells["before"]),
        _outcome(cells["after"]),
        frozenset(listed(cells.get("rules added", ""))),
        frozenset(listed(cells.get("rules removed", ""))),
        relationships("relationships added"),
        relationships("relationships removed"),
        frozenset(listed(cells["statements"])) if "statements" in cells else None,
    )


def _found_change(change: Change, *, cites: bool) -> _ChangeKey:
    return _ChangeKey(
        change.partner,
        change.data_type,
        change.before,
        change.after,
        frozenset(change.rules_added),
        frozenset(change.rules_removed),
        frozenset(change.relationships_added),
        frozenset(change.relationships_removed),
        frozenset(change.statements) if cites else None,
    )


# -- Then: relationships in force or not ----------------------------------------------------------------


@then(
    parsers.re(
        r"the decision says its (?P<relationship>[^,]+?) is"
        r" (?P<state>not yet in force|no longer in force|in force|uncertain)$"
    )
)
def says_in_force(situation: Situation, relationship: str, state: str) -> None:
    """The relationship is in force on the day asked about, or the decision names it as not (or no longer)."""
    decision = situation.answer()
    kind = relationship_kind(relationship)
    inactive = _inactive(decision)
    if state == "in force":
        assert kind in decision.relationships, (
            f"in force for {decision.partner}: {list(decision.relationships) or 'nothing'}"
        )
        assert kind not in inactive, f"the decision names the {relationship} as {inactive[kind].status}"
        return
    assert kind not in decision.relationships, f"the {relationship} is in force: {decision.explanation}"
    assert kind in inactive, (
        f"out of force: {sorted(inactive) or 'nothing'}, not the {relationship}. {decision.explanation}"
    )
    item = inactive[kind]
    assert item.status == state.replace(" ", "_"), f"the {relationship} is {item.status.replace('_', ' ')}"
    said = f"{decision.partner}'s {relationship_label(kind)}"
    assert said in decision.explanation, decision.explanation
    assert _out_of_force_note(item) in decision.explanation, decision.explanation
    assert "grants nothing in this period" in decision.explanation, decision.explanation


@then(
    parsers.re(
        rf"the decision says the date of its (?P<relationship>.+?) is uncertain, between (?P<first>{DAY})"
        rf" and (?P<last>{DAY})"
    )
)
def says_uncertain_between(situation: Situation, relationship: str, first: str, last: str) -> None:
    """The relationship may or may not be in force yet: the decision gives the span in its explanation."""
    decision = situation.answer()
    kind = relationship_kind(relationship)
    item = _inactive(decision).get(kind)
    assert item is not None, f"the decision does not name the {relationship}: {decision.explanation}"
    assert (item.status, item.earliest, item.valid_from) == ("uncertain", a_day(first), a_day(last)), (
        f"the {relationship} is {item.status}, from {item.earliest} to {item.valid_from}"
    )
    assert f"between {first} and {last}" in decision.explanation, decision.explanation


@then(
    parsers.re(
        rf"the decision says its (?P<relationship>[^,]+?), signed on (?P<signed>{DAY}),"
        r" has no known date of entry into force"
    )
)
def says_signed_unknown(situation: Situation, relationship: str, signed: str) -> None:
    """The signed relationship grants nothing: not in force before its signature, and no day is known."""
    decision = situation.answer()
    kind = relationship_kind(relationship)
    item = _inactive(decision).get(kind)
    assert item is not None, f"the decision does not name the {relationship}: {decision.explanation}"
    assert (item.status, item.signed, item.valid_from) == ("uncertain", a_day(signed), None), (
        f"the {relationship} is {item.status.replace('_', ' ')}, signed on {item.signed or 'no date'},"
        f" in force from {item.valid_from or 'no date'}"
    )
    note = f"cannot have entered into force before {signed}, and no day is known on which it was"
    assert note in decision.explanation, decision.explanation


@then("the decision mentions no relationship out of force")
def mentions_nothing_out_of_force(situation: Situation) -> None:
    """Every relationship the partner has is in force on the day asked about, if it has any."""
    decision = situation.answer()
    assert decision.inactive == (), f"out of force: {[(i.kind, i.status) for i in decision.inactive]}"
    assert "grants nothing in this period" not in decision.explanation, decision.explanation


@then(parsers.re(rf"the decision holds (?:from (?P<first>{DAY}) )?(?:until (?P<last>{DAY})|onwards)"))
def holds(situation: Situation, first: str | None, last: str | None) -> None:
    """The period the decision holds for: its first and last day, open where the scenario names none."""
    decision = situation.answer()
    expected = (a_day(first) if first else None, a_day(last) if last else None)
    assert (decision.valid_from, decision.valid_until) == expected, (
        f"the decision holds from {decision.valid_from or 'ever'} until {decision.valid_until or 'no end'}"
    )


# -- When: change impact --------------------------------------------------------------------------------


@when(
    parsers.re(
        rf"Eurojust compares on (?P<day>{DAY}) what it may share before and after the amendment in"
        r' "(?P<amendment>[^"]+)"'
    )
)
def compare_with_amendment(situation: Situation, day: str, amendment: str) -> None:
    """Compare every decision on one day, without and with an amendment loaded on top of the knowledge."""
    amended = situation.amended(amendment_directory(amendment))
    situation.comparison = diff(situation.knowledge, amended, as_of=a_day(day))
    situation.compared_with = amended


@when(
    parsers.re(
        rf"Eurojust compares on (?P<day>{DAY}) what it may share before and after reading the same knowledge"
        r" again"
    )
)
def compare_with_itself(situation: Situation, day: str) -> None:
    """Compare every decision on one day with those of the same knowledge read afresh from its files."""
    again = situation.read_again()
    assert again is not situation.knowledge, "the knowledge was not read again"
    situation.comparison = diff(situation.knowledge, again, as_of=a_day(day))
    situation.compared_with = again


@when(
    parsers.re(
        rf"Eurojust compares what it may share on (?P<old>{DAY}) with what it may share on (?P<new>{DAY})"
    )
)
def compare_two_dates(situation: Situation, old: str, new: str) -> None:
    """Compare every decision of the knowledge on one day with those on another."""
    situation.comparison = diff(situation.knowledge, as_of=a_day(old), new_as_of=a_day(new))
    situation.compared_with = situation.knowledge


# -- Then: change impact --------------------------------------------------------------------------------


@then("exactly these decisions change:")
def exactly_these_change(situation: Situation, datatable: list[list[str]]) -> None:
    """The changed decisions are those of the table, with their causes and citations, and no others."""
    comparison = _comparison(situation)
    header, *rows = datatable
    unknown = [column for column in header if column not in _CHANGE_COLUMNS]
    assert not unknown, f"unknown columns {unknown}; the columns are {list(_CHANGE_COLUMNS)}"
    assert header[:4] == list(_CHANGE_COLUMNS[:4]), f"the first columns must be {list(_CHANGE_COLUMNS[:4])}"
    cites = "statements" in header
    expected = {_expected_change(dict(zip(header, row, strict=True))): row for row in rows}
    assert len(expected) == len(rows), "the table lists a change twice"
    found = {_found_change(change, cites=cites): change for change in comparison.changes}
    assert len(found) == len(comparison.changes), "a decision is listed twice among the changes"
    missing = [" | ".join(expected[key]) for key in expected.keys() - found.keys()]
    unexpected = [_describe(found[key]) for key in found.keys() - expected.keys()]
    listing = "\n  ".join(_describe(c) for c in comparison.changes) or "none"
    assert not missing, f"rows of the table not among the changes: {missing}; the changes:\n  {listing}"
    assert not unexpected, f"changes not in the table: {unexpected}"


@then("no decision changes")
def no_decision_changes(situation: Situation) -> None:
    """The comparison lists no change at all."""
    comparison = _comparison(situation)
    assert comparison.changes == (), "\n  ".join(_describe(c) for c in comparison.changes)


@then(parsers.re(r"(?P<name>[^']+)'s (?P<kind>.+) goes from (?P<before>.+) to (?P<after>.+)"))
def one_change(situation: Situation, name: str, kind: str, before: str, after: str) -> None:
    """Among the changes, this partner's decision on this kind goes from one outcome to another."""
    comparison = _comparison(situation)
    data_type = kind_of_information(kind)
    found = [c for c in comparison.changes if c.partner == name and c.data_type is data_type]
    listing = "\n  ".join(_describe(c) for c in comparison.changes) or "none"
    assert found, f"no change for {name}, {data_type.value}; the changes:\n  {listing}"
    assert (found[0].before, found[0].after) == (_outcome(before), _outcome(after)), _describe(found[0])
    situation.change = found[0]


@then(parsers.re(r"that change adds the rule (?P<added>\S+) and takes away the rule (?P<removed>\S+)"))
def change_causes(situation: Situation, added: str, removed: str) -> None:
    """The change found by the step before is caused by one rule coming and another going."""
    change = situation.change
    assert change is not None, "no step has found a change"
    assert added in change.rules_added, _describe(change)
    assert removed in change.rules_removed, _describe(change)
