"""Knowledge over time: validity dates, as_of, amendments and change impact."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from sharing_rules import (
    InvalidDateError,
    KnowledgeBase,
    KnowledgeBaseError,
    Outcome,
    diff,
    evaluate,
    load_knowledge,
)
from sharing_rules._cli import main

from .conftest import Editor

ARMENIA = Path(__file__).resolve().parents[2] / "examples" / "amendments" / "armenia"


def _with_partner(edit: Editor, rules: Path, **relationship: Any) -> KnowledgeBase:
    """The shipped rules plus the organisation 'Examplestan' holding one relationship."""

    def add(content: Any) -> None:
        content["partners"].append(
            {"name": "Examplestan", "kind": "organisation", "relationships": [relationship]}
        )

    edit("partners.yaml", add)
    return load_knowledge(rules)


def test_a_relationship_with_a_future_start_grants_only_from_that_day(rules_copy: Path, edit: Editor) -> None:
    """An agreement in force from 2030-01-01: no basis the day before, allowed on the day and after."""
    kb = _with_partner(
        edit, rules_copy, kind="agreement_on_cooperation", statements=["AGR-1"], signed=date(2029, 6, 1),
        valid_from=date(2030, 1, 1),
    )  # fmt: skip
    before = evaluate("Examplestan", "evidence", as_of=date(2029, 12, 31), knowledge=kb)
    on = evaluate("Examplestan", "evidence", as_of=date(2030, 1, 1), knowledge=kb)
    after = evaluate("Examplestan", "evidence", as_of=date(2031, 5, 5), knowledge=kb)
    assert (before.outcome, on.outcome, after.outcome) == (Outcome.NO_BASIS, Outcome.ALLOWED, Outcome.ALLOWED)
    assert [(i.kind, i.status) for i in before.inactive] == [("agreement_on_cooperation", "not_yet_in_force")]
    assert "in force only from 2030-01-01; signature date 2029-06-01" in before.explanation
    assert (before.valid_from, before.valid_until) == (None, date(2029, 12, 31))
    assert (on.valid_from, on.valid_until, on.inactive) == (date(2030, 1, 1), None, ())


def test_a_relationship_that_ended_grants_no_more(rules_copy: Path, edit: Editor) -> None:
    """A working arrangement in force until 2020-12-31 grants on that day, not on the next."""
    kb = _with_partner(
        edit, rules_copy, kind="working_arrangement", statements=["WA-3"], valid_until=date(2020, 12, 31)
    )
    last = evaluate("Examplestan", "strategic", as_of=date(2020, 12, 31), knowledge=kb)
    next_day = evaluate("Examplestan", "strategic", as_of=date(2021, 1, 1), knowledge=kb)
    assert (last.outcome, next_day.outcome) == (Outcome.ALLOWED, Outcome.NO_BASIS)
    assert [(i.kind, i.status) for i in next_day.inactive] == [("working_arrangement", "no_longer_in_force")]
    assert "no longer in force after 2020-12-31" in next_day.explanation


def test_not_yet_and_ended_are_told_apart_from_never(rules_copy: Path, edit: Editor) -> None:
    """A country that never had a relationship has no inactive relationships to report."""
    kb = _with_partner(
        edit, rules_copy, kind="working_arrangement", statements=["WA-3"], valid_from=date(2025, 1, 1)
    )
    never = evaluate("Japan", "strategic", as_of=date(2024, 1, 1), knowledge=kb)
    not_yet = evaluate("Examplestan", "strategic", as_of=date(2024, 1, 1), knowledge=kb)
    assert never.outcome is not_yet.outcome is Outcome.NO_BASIS
    assert never.inactive == ()
    assert not_yet.inactive[0].status == "not_yet_in_force"


def test_signed_but_not_in_force_never_grants(rules_copy: Path, edit: Editor) -> None:
    """A relationship with a signature date and no date of entry into force grants nothing at any date."""
    kb = _with_partner(
        edit,
        rules_copy,
        kind="agreement_on_cooperation",
        source="a public announcement",
        signed=date(2024, 4, 5),
    )
    for day in (date(2000, 1, 1), date(2024, 4, 5), date(2099, 1, 1)):
        decision = evaluate("Examplestan", "personal_data", as_of=day, knowledge=kb)
        assert decision.outcome is Outcome.NO_BASIS
    assert "no date of entry into force is recorded" in decision.explanation


@pytest.mark.parametrize(
    ("as_of", "outcome"),
    [
        (date(2011, 7, 21), Outcome.NO_BASIS),
        (date(2011, 7, 22), Outcome.ALLOWED),
        ("2011-07-23", Outcome.ALLOWED),
        (datetime(2011, 7, 21, 21, 59, tzinfo=UTC), Outcome.NO_BASIS),  # 23:59 in The Hague
        (datetime(2011, 7, 21, 22, 30, tzinfo=UTC), Outcome.ALLOWED),  # already 22 July there
        (None, Outcome.ALLOWED),
    ],
)
def test_switzerland_before_on_and_after_entry_into_force(as_of: date | str | None, outcome: Outcome) -> None:
    """The Swiss agreement is in force from 2011-07-22; a date-time's day is its day in The Hague."""
    assert evaluate("Switzerland", "personal_data", as_of=as_of).outcome is outcome


def test_the_united_kingdom_before_the_trade_and_cooperation_agreement() -> None:
    """The UK's agreement applies from 2021-01-01: before it there is no basis in this knowledge."""
    assert evaluate("UK", "evidence", as_of="2020-12-31").outcome is Outcome.NO_BASIS
    assert evaluate("UK", "evidence", as_of="2021-01-01").outcome is Outcome.ALLOWED


def test_undated_relationships_hold_at_every_date() -> None:
    """Norway's agreement carries no dates: it grants at any date."""
    for day in ("1990-01-01", "2024-09-30", "2100-01-01"):
        assert evaluate("Norway", "personal_data", as_of=day).allowed


def test_the_shipped_counts_hold_on_the_date_the_knowledge_speaks_for() -> None:
    """On the snapshot date, 13 agreements, 12 liaison prosecutors and 8 working arrangements are in force."""
    knowledge = load_knowledge()
    day = knowledge.speaks_for
    counts = {
        kind: sum(1 for p in knowledge.partners if kind in p.relationships_on(day))
        for kind in ("agreement_on_cooperation", "liaison_prosecutor", "working_arrangement")
    }
    assert counts == {"agreement_on_cooperation": 13, "liaison_prosecutor": 12, "working_arrangement": 8}


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", 20240101, b"2024-01-01", "x" * 1000, 1.5])
def test_a_bad_as_of_is_refused(value: object) -> None:
    """An as_of that is no date raises InvalidDateError (a ValueError) saying what to pass."""
    with pytest.raises(InvalidDateError, match="as_of must be a date") as caught:
        evaluate("Norway", "strategic", as_of=value)  # type: ignore[arg-type]  # wrong on purpose
    assert isinstance(caught.value, ValueError)


def test_reversed_dates_are_refused(rules_copy: Path, edit: Editor) -> None:
    """A relationship whose `until` is before its `from` is refused at load, naming the partner."""
    with pytest.raises(KnowledgeBaseError, match=r"`until` \(2020-01-01\) is before `from` \(2021-01-01\)"):
        _with_partner(
            edit, rules_copy, kind="contact_point", statements=["CP-1"], valid_from=date(2021, 1, 1),
            valid_until=date(2020, 1, 1),
        )  # fmt: skip


def test_the_armenia_amendment_changes_exactly_armenias_cells() -> None:
    """diff(default, default + Armenia) lists Armenia's three changed cells and their causes, nothing else."""
    base = load_knowledge()
    amended = load_knowledge(amendments=[ARMENIA])
    changes = diff(base, amended, as_of="2025-06-01").changes
    summary = {(c.partner, c.data_type.value, c.before, c.after, c.rules_added) for c in changes}
    assert summary == {
        ("Armenia", "strategic", Outcome.NO_BASIS, Outcome.ALLOWED, ("WA-STRATEGIC",)),
        ("Armenia", "best_practices", Outcome.NO_BASIS, Outcome.ALLOWED, ("WA-STRATEGIC",)),
        ("Armenia", "personal_data", Outcome.NO_BASIS, Outcome.PROHIBITED, ("WA-NO-PERSONAL-DATA",)),
    }
    assert all(c.relationships_added == ("working_arrangement",) for c in changes)
    assert all(c.sources for c in changes)
    assert [a.title for a in amended.amendments] == [
        "Armenia - agreement on cooperation (signed) and working arrangement"
    ]


def test_a_knowledge_base_compared_with_itself_has_no_changes() -> None:
    """A knowledge base compared with itself by diff is empty, at any date."""
    knowledge = load_knowledge()
    assert diff(knowledge, knowledge).changes == ()
    assert diff(knowledge, load_knowledge(), as_of="2011-01-01").changes == ()


def test_two_dates_of_one_knowledge_base() -> None:
    """Between 2011-01-01 and 2011-12-31 only Switzerland's agreement enters into force."""
    changes = diff(load_knowledge(), as_of="2011-01-01", new_as_of="2011-12-31").changes
    assert {c.partner for c in changes} == {"Switzerland"}
    assert all(c.relationships_added == ("agreement_on_cooperation",) for c in changes)
    assert len(changes) == 6


def test_an_amendment_error_names_the_amendment(tmp_path: Path) -> None:
    """A broken amendment is refused, and the error points into the amendment."""
    amendment = tmp_path / "broken"
    amendment.mkdir()
    (amendment / "amendment.yaml").write_text("title: Broken\ndescription: x\nsource: y\n", encoding="utf-8")
    (amendment / "partners.yaml").write_text(
        "partners:\n  - name: Nowhere\n    kind: organisation\n    relationships:\n      - kind: treaty\n"
        "        statements: [AGR-1]\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(amendments=[amendment])
    assert caught.value.file == "partners.yaml + broken/partners.yaml"
    assert "'treaty' is not defined" in str(caught.value)
    (amendment / "amendment.yaml").unlink()
    with pytest.raises(KnowledgeBaseError, match=r"broken/amendment\.yaml: the file is missing"):
        load_knowledge(amendments=[amendment])


def test_the_diff_command_shows_the_armenia_amendment(capsys: pytest.CaptureFixture[str]) -> None:
    """`sharing-rules diff --amend DIR` prints the changed cells with their causes."""
    assert main(["diff", "--amend", str(ARMENIA), "--as-of", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    assert "3 decision(s) change" in out
    assert "Armenia          strategic" in out
    assert "+WA-STRATEGIC +working_arrangement [WA-1, WA-2]" in out
    assert main(["diff"]) == 0
    assert "No decision changes." in capsys.readouterr().out


def test_today_is_the_local_date() -> None:
    """The cached date used when no as_of is given is the local date."""
    from sharing_rules._timeline import today

    assert today() == date.today()
    assert today() is today()
