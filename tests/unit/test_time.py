"""Knowledge over time: validity dates, as_of, amendments and change impact."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from sharing_rules import (
    DataType,
    InvalidDateError,
    KnowledgeBase,
    KnowledgeBaseError,
    NotAThirdCountryError,
    Outcome,
    diff,
    evaluate,
    load_knowledge,
)
from sharing_rules._cli import main

from .conftest import Editor

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "amendments" / "examplestan"


def _with_partner(edit: Editor, rules: Path, **relationship: Any) -> KnowledgeBase:
    """The shipped rules plus the organisation 'Examplestan' holding one relationship."""
    renamed = {"valid_from": "from", "valid_until": "until"}
    entry = {renamed.get(key, key): value for key, value in relationship.items()}

    def add(content: Any) -> None:
        content["partners"].append({"name": "Examplestan", "kind": "organisation", "relationships": [entry]})

    edit("partners.yaml", add)
    return load_knowledge(rules)


def test_a_relationship_with_a_future_start_grants_only_from_that_day(rules_copy: Path, edit: Editor) -> None:
    """A Union agreement in force from 2030-01-01: no basis the day before, allowed on the day and after."""
    kb = _with_partner(
        edit, rules_copy, kind="union_agreement", statements=["AGR-1"], signed=date(2029, 6, 1),
        valid_from=date(2030, 1, 1),
    )  # fmt: skip
    before = evaluate("Examplestan", "evidence", as_of=date(2029, 12, 31), knowledge=kb)
    on = evaluate("Examplestan", "evidence", as_of=date(2030, 1, 1), knowledge=kb)
    after = evaluate("Examplestan", "evidence", as_of=date(2031, 5, 5), knowledge=kb)
    assert (before.outcome, on.outcome, after.outcome) == (Outcome.NO_BASIS, Outcome.ALLOWED, Outcome.ALLOWED)
    assert [(i.kind, i.status) for i in before.inactive] == [("union_agreement", "not_yet_in_force")]
    assert "not in force before 2030-01-01; signed 2029-06-01" in before.explanation
    assert (before.valid_from, before.valid_until) == (date(2026, 12, 7), date(2029, 12, 31))
    assert (on.valid_from, on.valid_until, on.inactive) == (date(2030, 1, 1), None, ())


def test_a_relationship_that_ended_grants_no_more(rules_copy: Path, edit: Editor) -> None:
    """A working arrangement in force until 2020-12-31 frames strategic information on that day, not after."""
    kb = _with_partner(
        edit, rules_copy, kind="working_arrangement", statements=["WA-3"], valid_from=date(2020, 1, 1),
        valid_until=date(2020, 12, 31),
    )  # fmt: skip
    last = evaluate("Examplestan", "strategic", as_of=date(2020, 12, 31), knowledge=kb)
    next_day = evaluate("Examplestan", "strategic", as_of=date(2021, 1, 1), knowledge=kb)
    assert (last.instruments, next_day.instruments) == (("working_arrangement",), ())
    assert next_day.outcome is Outcome.ALLOWED  # Art. 47(2) still: any third party's competent authorities
    assert [(i.kind, i.status) for i in next_day.inactive] == [("working_arrangement", "no_longer_in_force")]
    assert "no longer in force after 2020-12-31" in next_day.explanation


def test_not_yet_and_ended_are_told_apart_from_never(rules_copy: Path, edit: Editor) -> None:
    """A country that never had a relationship has no inactive relationships to report."""
    kb = _with_partner(
        edit, rules_copy, kind="working_arrangement", statements=["WA-3"], valid_from=date(2025, 1, 1)
    )
    never = evaluate("Japan", "strategic", as_of=date(2024, 1, 1), knowledge=kb)
    not_yet = evaluate("Examplestan", "strategic", as_of=date(2024, 1, 1), knowledge=kb)
    assert never.instruments == not_yet.instruments == ()
    assert never.inactive == ()
    assert not_yet.inactive[0].status == "not_yet_in_force"


def test_signed_with_an_unknown_start_is_uncertain_and_never_grants(rules_copy: Path, edit: Editor) -> None:
    """Signed, entry into force unknown: nothing before the signature, uncertain after, never allowed."""
    kb = _with_partner(
        edit,
        rules_copy,
        kind="union_agreement",
        source="a public announcement",
        signed=date(2024, 4, 5),
        valid_from="unknown",
    )
    before = evaluate("Examplestan", "personal_data", as_of=date(2024, 4, 4), knowledge=kb)
    assert before.outcome is Outcome.NO_BASIS
    assert before.inactive[0].status == "not_yet_in_force"
    assert not any("uncertain" in w for w in before.warnings)
    for day in (date(2024, 4, 5), date(2099, 1, 1)):
        decision = evaluate("Examplestan", "personal_data", as_of=day, knowledge=kb)
        assert decision.outcome is Outcome.NO_BASIS
        assert decision.inactive[0].status == "uncertain"
        assert "the date is uncertain" in " ".join(decision.warnings)
        assert "cannot have entered into force before 2024-04-05" in decision.explanation


def test_a_month_of_entry_into_force_is_uncertain_until_its_last_day(rules_copy: Path, edit: Editor) -> None:
    """In force "in October 2026": not before the 1st, uncertain up to the 30th, certain from the 31st."""
    kb = _with_partner(
        edit, rules_copy, kind="agreement_on_cooperation", statements=["AGR-1"], signed=date(2019, 1, 1),
        valid_from="2026-10",
    )  # fmt: skip
    statuses = []
    for day in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 30), date(2026, 10, 31)):
        decision = evaluate("Examplestan", "evidence", as_of=day, knowledge=kb)
        statuses.append((decision.outcome, tuple(i.status for i in decision.inactive)))
    assert statuses == [
        (Outcome.NO_BASIS, ("not_yet_in_force",)),
        (Outcome.NO_BASIS, ("uncertain",)),
        (Outcome.NO_BASIS, ("uncertain",)),
        (Outcome.ALLOWED, ()),
    ]
    inside = evaluate("Examplestan", "evidence", as_of=date(2026, 10, 15), knowledge=kb)
    assert "between 2026-10-01 and 2026-10-31" in inside.explanation


@pytest.mark.parametrize(
    ("as_of", "basis"),
    [
        (date(2011, 7, 21), None),
        (date(2011, 7, 22), "DEC-2009-26A-2"),
        ("2019-12-11", "DEC-2009-26A-2"),
        (date(2019, 12, 12), "REG-56-2-B"),
        (datetime(2019, 12, 11, 22, 59, tzinfo=UTC), "DEC-2009-26A-2"),  # 23:59 in The Hague
        (datetime(2019, 12, 11, 23, 30, tzinfo=UTC), "REG-56-2-B"),  # already 12 December there
        (None, "REG-56-2-B"),
    ],
)
def test_switzerland_before_on_and_after_the_regulation(as_of: date | str | None, basis: str | None) -> None:
    """The agreement is a basis from its entry into force, under the law of the day.

    A date-time's day is its day in The Hague.
    """
    assert evaluate("Switzerland", "personal_data", as_of=as_of).basis == basis


def test_before_the_regulation_a_decision_follows_the_older_law() -> None:
    """In force before 2019-12-12: allowed under the Decision as amended, with its conditions, no warning."""
    decision = evaluate("Switzerland", "personal_data", as_of="2016-01-01")
    assert decision.relationships == ("agreement_on_cooperation", "liaison_prosecutor", "adequacy_decision")
    assert (decision.law, decision.basis) == ("decision_2009", "DEC-2009-26A-2")
    assert [c.id for c in decision.conditions] == [
        "DEC-2009-NECESSARY",
        "DEC-2009-CONSENT",
        "DEC-2009-AGREEMENT-TERMS",
    ]
    assert decision.warnings == ()


def test_the_united_kingdom_before_and_after_the_trade_and_cooperation_agreement() -> None:
    """A Member State until 2020-01-31, Union law applied to it in 2020, the TCA from 2021-01-01."""
    with pytest.raises(NotAThirdCountryError, match="On 2020-01-31, United Kingdom was an EU Member State"):
        evaluate("UK", "evidence", as_of="2020-01-31")
    for day in ("2020-02-01", "2020-12-31"):
        with pytest.raises(NotAThirdCountryError, match="transition period") as caught:
            evaluate("UK", "evidence", as_of=day)
        assert caught.value.in_transition
        assert "WDA-127" in str(caught.value)
    provisional = evaluate("UK", "evidence", as_of="2021-01-01")
    assert (provisional.outcome, provisional.provisional) == (Outcome.ALLOWED, ("union_agreement",))
    in_force = evaluate("UK", "evidence", as_of="2021-05-01")
    assert (in_force.outcome, in_force.provisional) == (Outcome.ALLOWED, ())


def test_croatia_was_a_third_country_before_it_joined() -> None:
    """Croatia joined on 2013-07-01: before that it is a third country, from then a Member State."""
    before = evaluate("Croatia", "personal_data", as_of="2013-06-30")
    assert (before.partner, before.allowed) == ("Croatia", False)
    with pytest.raises(NotAThirdCountryError, match="Croatia is an EU Member State"):
        evaluate("HR", "strategic", as_of="2013-07-01")


def test_norway_before_its_agreement_and_before_eurojust() -> None:
    """Nothing before Eurojust existed, nothing before the signature, and the span of 2005 is uncertain."""
    ancient = evaluate("Norway", "personal_data", as_of="1990-01-01")
    assert not ancient.allowed
    assert any("Eurojust did not exist yet" in w for w in ancient.warnings)
    signing = evaluate("Norway", "personal_data", as_of="2005-04-27")
    assert [i.status for i in signing.inactive if i.kind == "agreement_on_cooperation"] == [
        "not_yet_in_force"
    ]
    span = evaluate("Norway", "personal_data", as_of="2005-06-01")
    assert "between 2005-04-28 and 2005-12-31" in span.explanation


def test_a_day_after_the_knowledge_speaks_for_is_warned() -> None:
    """The knowledge speaks for 2026-12-06: a later question carries a warning; that day does not."""
    assert evaluate("Norway", "evidence", as_of="2026-12-06").warnings == ()
    later = evaluate("Norway", "evidence", as_of="2026-12-07")
    assert later.allowed
    assert any("after 2026-12-06" in w for w in later.warnings)


def test_the_shipped_counts_hold_on_the_date_the_page_speaks_for() -> None:
    """On the page's date, 13 agreements, 12 liaison prosecutors and 8 working arrangements are in force."""
    knowledge = load_knowledge()
    day = knowledge.source.speaks_for
    counts = {
        kind: sum(1 for p in knowledge.partners if kind in p.relationships_on(day))
        for kind in (
            "agreement_on_cooperation",
            "union_agreement",
            "liaison_prosecutor",
            "working_arrangement",
        )
    }
    assert counts == {
        "agreement_on_cooperation": 12,
        "union_agreement": 1,
        "liaison_prosecutor": 12,
        "working_arrangement": 8,
    }


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", 20240101, b"2024-01-01", "x" * 1000, 1.5])
def test_a_bad_as_of_is_refused(value: object) -> None:
    """An as_of that is no date raises InvalidDateError (a ValueError) saying what to pass."""
    with pytest.raises(InvalidDateError, match="as_of must be a date") as caught:
        evaluate("Norway", "strategic", as_of=value)  # type: ignore[arg-type]  # wrong on purpose
    assert isinstance(caught.value, ValueError)


def test_reversed_dates_are_refused(rules_copy: Path, edit: Editor) -> None:
    """A relationship whose `until` is before its `from` is refused at load, naming the partner."""
    with pytest.raises(
        KnowledgeBaseError, match=r"`until` \(2020-01-01\) is before it is in force \(2021-01-01\)"
    ):
        _with_partner(
            edit, rules_copy, kind="contact_point", statements=["CP-1"], valid_from=date(2021, 1, 1),
            valid_until=date(2020, 1, 1),
        )  # fmt: skip


def test_the_example_amendment_changes_exactly_the_cells_of_the_partner_it_adds() -> None:
    """diff(default, default + example): only the added partner's cells change."""
    base = load_knowledge()
    amended = load_knowledge(amendments=[EXAMPLE])
    assert diff(base, amended, as_of="2025-08-31").changes != ()  # the partner is new, its agreement not yet
    changes = diff(base, amended, as_of="2026-01-01").changes
    assert {c.partner for c in changes} == {"Examplestan Judicial Network"}
    assert len(changes) == len(DataType)
    assert all(c.before is None for c in changes)
    assert {c.after for c in changes} == {Outcome.ALLOWED, Outcome.NO_BASIS}
    assert [a.title for a in amended.amendments] == [
        "Examplestan - a fictitious Union agreement, to show how an amendment works"
    ]


def test_armenia_and_bosnia_and_herzegovina_have_uncertain_union_agreements() -> None:
    """Signed after the page, their entry into force not published: uncertain from their signature on."""
    for name, signed in (("Armenia", date(2024, 4, 5)), ("BiH", date(2024, 10, 28))):
        decision = evaluate(name, "personal_data", as_of="2026-06-01")
        assert decision.outcome is Outcome.NO_BASIS
        assert [(i.kind, i.status, i.signed) for i in decision.inactive] == [
            ("union_agreement", "uncertain", signed)
        ]


def test_a_knowledge_base_compared_with_itself_has_no_changes() -> None:
    """A knowledge base compared with itself by diff is empty, at any date."""
    knowledge = load_knowledge()
    assert diff(knowledge, knowledge).changes == ()
    assert diff(knowledge, load_knowledge(), as_of="2011-01-01").changes == ()


def test_two_dates_of_one_knowledge_base() -> None:
    """Only Switzerland's agreement and Israel's adequacy decision take effect during 2011.

    The agreement is a basis under the amended Decision; the adequacy decision grants nothing then.
    """
    changes = diff(load_knowledge(), as_of="2011-01-01", new_as_of="2011-12-31").changes
    added = {(c.partner, c.relationships_added) for c in changes}
    assert added == {
        ("Switzerland", ("agreement_on_cooperation",)),
        ("Israel", ("limited_adequacy_decision",)),
    }
    assert len(changes) == 2 * len(DataType)
    changed = {(c.partner, c.data_type.value) for c in changes if c.before is not c.after}
    assert changed == {("Switzerland", kind) for kind in ("operational", "evidence", "personal_data")}


def test_an_amendment_error_names_the_amendment(tmp_path: Path) -> None:
    """A broken amendment is refused, and the error points into the amendment."""
    amendment = tmp_path / "broken"
    amendment.mkdir()
    (amendment / "amendment.yaml").write_text("title: Broken\ndescription: x\nsource: y\n", encoding="utf-8")
    (amendment / "partners.yaml").write_text(
        "partners:\n  - name: Nowhere\n    kind: organisation\n    relationships:\n      - kind: treaty\n"
        "        statements: [AGR-1]\n        from: unknown\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(amendments=[amendment])
    assert caught.value.file == "partners.yaml + broken/partners.yaml"
    assert "'treaty' is not defined" in str(caught.value)
    (amendment / "amendment.yaml").unlink()
    with pytest.raises(KnowledgeBaseError, match=r"broken/amendment\.yaml: the file is missing"):
        load_knowledge(amendments=[amendment])


def test_the_diff_command_shows_the_example_amendment(capsys: pytest.CaptureFixture[str]) -> None:
    """`sharing-rules diff --amend DIR` prints the changed cells with their causes."""
    assert main(["diff", "--amend", str(EXAMPLE), "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert f"{len(DataType)} decisions change" in out
    assert "Examplestan Judicial Network - operational: unknown -> allowed" in out
    assert max(len(line) for line in out.splitlines()) <= 100  # text output fits 100 columns
    assert "+union_agreement" in out
    assert main(["diff"]) == 0
    assert "No decision changes." in capsys.readouterr().out


def test_today_is_the_day_in_the_hague(monkeypatch: pytest.MonkeyPatch) -> None:
    """The day a question without a date is about is the day in The Hague, whatever the machine's zone.

    At 23:30 UTC on 2024-09-30 it is already 2024-10-01 in The Hague: that is today, for every door.
    """
    import time

    from sharing_rules import _timeline

    moment = datetime(2024, 9, 30, 23, 30, tzinfo=UTC).timestamp()
    monkeypatch.setattr(_timeline, "_today", (0.0, 0.0, date.min))  # nothing remembered
    monkeypatch.setattr(time, "time", lambda: moment)
    assert _timeline.today() == date(2024, 10, 1)
    assert _timeline.asked_day(None) == date(2024, 10, 1)
    assert _timeline.today() is _timeline.today()
    monkeypatch.setattr(time, "time", lambda: moment - 3600)  # 00:30 in The Hague: still the 1st
    assert _timeline.today() == date(2024, 10, 1)
    monkeypatch.setattr(time, "time", lambda: moment - 7200)  # 23:30 on the 30th there
    assert _timeline.today() == date(2024, 9, 30)


def test_a_prohibition_an_uncertain_relationship_would_lift_is_warned(rules_copy: Path, edit: Editor) -> None:
    """Excluded while a relationship that would lift the exclusion is uncertain: prohibited, and warned."""

    def add_rule(content: Any) -> None:
        content["rules"].append(
            {
                "id": "TEST-NO-CP",
                "title": "A test exclusion for partners without a contact point",
                "effect": "prohibit",
                "when": {"has": ["working_arrangement"], "lacks": ["contact_point"]},
                "data_types": ["strategic"],
                "statements": ["WA-2"],
                "status": "interpretation",
                "why": "a test",
                "explanation": "A test exclusion.",
            }
        )

    edit("eligibility.yaml", add_rule)
    kb = _with_partner(
        edit, rules_copy, kind="working_arrangement", statements=["WA-3"], valid_from=date(2020, 1, 1)
    )
    assert (
        evaluate("Examplestan", "strategic", as_of=date(2024, 9, 30), knowledge=kb).outcome
        is Outcome.PROHIBITED
    )

    def add_uncertain_contact_point(content: Any) -> None:
        partner = next(p for p in content["partners"] if p["name"] == "Examplestan")
        partner["relationships"].append({"kind": "contact_point", "from": "unknown", "source": "a test"})

    edit("partners.yaml", add_uncertain_contact_point)
    decision = evaluate(
        "Examplestan", "strategic", as_of=date(2024, 9, 30), knowledge=load_knowledge(rules_copy)
    )
    assert decision.outcome is Outcome.PROHIBITED  # fail closed: the contact point is not certain
    assert any("contact point" in w and "were it in force" in w for w in decision.warnings), decision.warnings
