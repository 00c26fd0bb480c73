"""What the shipped knowledge decides for the partners it names, on the day it speaks for and around it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sharing_rules import DataType, Decision, KnowledgeBase, NotAThirdCountryError, Outcome, evaluate

AGREEMENT = (
    "Albania", "Georgia", "Iceland", "Liechtenstein", "Moldova", "Montenegro", "North Macedonia",
    "Norway", "Serbia", "Switzerland", "Ukraine", "United States",
)  # fmt: skip
"""Eurojust's own agreements on cooperation (Art. 56(2)(b)); the page also counts the United Kingdom's."""
PAGE_AGREEMENTS = (*AGREEMENT, "United Kingdom")
LIAISON = tuple(name for name in PAGE_AGREEMENTS if name != "Liechtenstein")
WORKING_ARRANGEMENT = ("AIAMP", "Nigeria", "Panama", "Costa Rica", "Bolivia", "Chile", "Ecuador", "Peru")
LATER_WORKING_ARRANGEMENT = ("Paraguay", "Uruguay", "Dominican Republic")
"""Signed after the page was written (late 2025), the day not public."""
UNION_AGREEMENT = ("United Kingdom", "Armenia", "Bosnia and Herzegovina")
SPEAKS_FOR = date(2024, 9, 30)
"""The day the page speaks for: its statements hold on that day."""
CONDITIONS_56_1 = ["NECESSARY", "COMPETENT-RECIPIENT", "MEMBER-STATE-AUTHORISATION", "ONWARD-TRANSFER"]
CONDITIONS_47_2 = ["TASKS-REQUIRE", "COMPETENT-AUTHORITY", "SUPPLIER-RESTRICTIONS", "COOPERATION-STRATEGY"]
ADEQUACY = (
    "Andorra", "Argentina", "European Patent Organisation", "Faroe Islands", "Guernsey", "Isle of Man",
    "Jersey", "New Zealand", "Republic of Korea", "Switzerland", "United Kingdom", "Uruguay",
)  # fmt: skip
"""Partners with a Commission adequacy decision that covers public authorities."""
LIMITED_ADEQUACY = ("Brazil", "Canada", "Israel", "Japan", "United States")
_ADDRESS = re.compile(r"https?://\S+")


def _with(knowledge: KnowledgeBase, relationship: str) -> set[str]:
    return {p.name for p in knowledge.partners if relationship in p.relationship_kinds}


def _on(knowledge: KnowledgeBase, relationship: str, day: date) -> set[str]:
    return {p.name for p in knowledge.partners if relationship in p.relationships_on(day)}


def test_the_counts_the_page_states(shipped: KnowledgeBase) -> None:
    """On the page's day: 13 agreement partners, 12 liaison prosecutors, 8 arrangements.

    The agreements are twelve of Eurojust's own and the UK's Union agreement; the knowledge also holds what
    came later.
    """
    assert _on(shipped, "agreement_on_cooperation", SPEAKS_FOR) == set(AGREEMENT)
    assert _on(shipped, "union_agreement", SPEAKS_FOR) == {"United Kingdom"}
    assert _on(shipped, "liaison_prosecutor", SPEAKS_FOR) == set(LIAISON)
    assert _on(shipped, "working_arrangement", SPEAKS_FOR) == set(WORKING_ARRANGEMENT)
    assert (len(PAGE_AGREEMENTS), len(LIAISON), len(WORKING_ARRANGEMENT)) == (13, 12, 8)
    assert _with(shipped, "union_agreement") == set(UNION_AGREEMENT)
    assert _with(shipped, "working_arrangement") == {*WORKING_ARRANGEMENT, *LATER_WORKING_ARRANGEMENT}
    assert _with(shipped, "adequacy_decision") == set(ADEQUACY)
    assert _with(shipped, "led_adequacy_decision") == {"United Kingdom"}
    assert _with(shipped, "limited_adequacy_decision") == set(LIMITED_ADEQUACY)


def test_serbias_liaison_prosecutor_is_no_longer_posted_from_march_2026(shipped: KnowledgeBase) -> None:
    """The mandate ended and the post is vacant from 2026-03-01: eleven liaison prosecutors then."""
    assert "Serbia" in _on(shipped, "liaison_prosecutor", date(2026, 2, 28))
    assert _on(shipped, "liaison_prosecutor", date(2026, 3, 1)) == set(LIAISON) - {"Serbia"}


def test_contact_points_are_recorded_where_a_public_source_names_them(shipped: KnowledgeBase) -> None:
    """Every contact point cites an address, and the Latin American ones the public sources name are there."""
    named = _with(shipped, "contact_point")
    assert {"Brazil", "Argentina", "Mexico", "Panama", "Moldova", "Iceland"} <= named
    for partner in shipped.partners:
        for relationship in partner.relationships:
            if relationship.kind == "contact_point":
                assert relationship.source is not None
                assert _ADDRESS.search(relationship.source)


def test_every_relationship_is_dated_and_every_date_cites_an_address(shipped: KnowledgeBase) -> None:
    """No relationship is timeless: each says when it started (or that it is unknown), with a source."""
    for partner in shipped.partners:
        for relationship in partner.relationships:
            assert relationship.start is not None
            assert relationship.source is not None, (partner.name, relationship.kind)
            if relationship.start != "unknown" or relationship.known_by is not None:
                assert _ADDRESS.search(relationship.source) or "page" in relationship.source, (
                    partner.name,
                    relationship.kind,
                )


@pytest.mark.parametrize("partner", AGREEMENT)
@pytest.mark.parametrize("data_type", ["operational", "evidence", "personal_data"])
def test_eurojusts_own_agreements_are_a_basis_under_article_56_2_b(partner: str, data_type: str) -> None:
    """On the page's day, a pre-2019 agreement is the basis, with the four Art. 56(1) conditions."""
    decision = evaluate(partner, data_type, as_of=SPEAKS_FOR)
    assert decision.outcome is Outcome.ALLOWED
    assert decision.basis == "REG-56-2-B"
    assert decision.instruments == ("agreement_on_cooperation",)
    assert [c.id for c in decision.conditions] == CONDITIONS_56_1
    assert {"AGR-1", "AGR-2", "REG-56-2-B", "REG-56-1"} <= set(decision.statements)
    assert decision.explanation.startswith("Allowed, provided that ")


def test_the_united_kingdom_rests_on_the_trade_and_cooperation_agreement() -> None:
    """The UK's evidence rests on Art. 56(2)(c) and Art. 56(2)(a), with the four Art. 56(1) conditions.

    Art. 56(2)(c): a Union agreement, the TCA; Art. 56(2)(a): since 2021-06-28, an adequacy decision for law
    enforcement.
    """
    decision = evaluate("United Kingdom", "evidence", as_of=SPEAKS_FOR)
    assert (decision.outcome, decision.basis, decision.bases, decision.instruments) == (
        Outcome.ALLOWED,
        "REG-56-2-C",
        ("REG-56-2-C", "REG-56-2-A"),
        ("union_agreement", "led_adequacy_decision"),
    )
    assert [c.id for c in decision.conditions] == CONDITIONS_56_1
    assert any(
        "Trade and Cooperation Agreement" in s for r in decision.reasons for s in r.relationship_sources
    )


@pytest.mark.parametrize("partner", [*PAGE_AGREEMENTS, *WORKING_ARRANGEMENT, "Brazil", "Japan", "Kenya"])
@pytest.mark.parametrize("data_type", ["strategic", "best_practices", "legal_system_information"])
def test_information_that_is_not_personal_data_rests_on_article_47_2(partner: str, data_type: str) -> None:
    """Every third country's authorities may receive non-personal information, as far as the tasks require."""
    decision = evaluate(partner, data_type, as_of=SPEAKS_FOR)
    assert (decision.outcome, decision.basis) == (Outcome.ALLOWED, "REG-47-2")
    assert [c.id for c in decision.conditions] == CONDITIONS_47_2
    assert "REG-NON-PERSONAL" in {r.rule for r in decision.reasons}


@pytest.mark.parametrize("partner", WORKING_ARRANGEMENT)
def test_working_arrangement_partners(partner: str) -> None:
    """An arrangement frames strategic information; it is expressly no basis for personal data (no ban)."""
    for data_type in ("strategic", "best_practices"):
        decision = evaluate(partner, data_type, as_of=SPEAKS_FOR)
        assert decision.outcome is Outcome.ALLOWED
        assert decision.instruments == ("working_arrangement",)
    personal = evaluate(partner, "personal_data", as_of=SPEAKS_FOR)
    assert (personal.outcome, personal.allowed, personal.basis) == (Outcome.NO_BASIS, False, None)
    assert [(r.rule, r.effect.value) for r in personal.reasons] == [("WA-NO-PERSONAL-DATA", "not_a_basis")]
    assert {"WA-2", "REG-47-3"} <= set(personal.statements)
    assert [r.rule for r in personal.routes] == ["ROUTE-SAFEGUARDS", "ROUTE-DEROGATIONS"]
    assert personal.conditions == ()
    for data_type in ("operational", "evidence"):
        decision = evaluate(partner, data_type, as_of=SPEAKS_FOR)
        assert (decision.outcome, decision.allowed, decision.reasons) == (Outcome.NO_BASIS, False, ())
        assert decision.routes[0].rule == "ROUTE-NON-PERSONAL-PART"


def test_evidence_is_granted_as_part_of_operational_information() -> None:
    """The hierarchy in rules/data_types.yaml carries a permission for operational information to evidence."""
    decision = evaluate("Norway", DataType.EVIDENCE, as_of=SPEAKS_FOR)
    (reason,) = decision.reasons
    assert (reason.rule, reason.via) == ("AGR-OPERATIONAL", DataType.OPERATIONAL)
    assert "Evidence is part of operational information" in decision.explanation


def test_strategic_information_for_agreement_partners_is_marked_as_an_interpretation() -> None:
    """The agreement's cover of strategic information is our reading of the sources, and says so."""
    decision = evaluate("Serbia", "strategic", as_of=SPEAKS_FOR)
    reason = next(r for r in decision.reasons if r.rule == "AGR-NON-OPERATIONAL")
    assert reason.status.value == "interpretation"
    assert "(an interpretation)" in decision.explanation


_NO_ADEQUACY = sorted({*PAGE_AGREEMENTS, *WORKING_ARRANGEMENT, "Japan", "Kenya"} - set(ADEQUACY))


@pytest.mark.parametrize("partner", _NO_ADEQUACY)
def test_administrative_personal_data_have_no_standing_basis_and_name_their_route(partner: str) -> None:
    """Officials' contact details without an adequacy decision covering the recipient: no basis, a route.

    They are personal data too; the route of Regulation (EU) 2018/1725 is named.
    """
    decision = evaluate(partner, "administrative_personal_data", as_of=SPEAKS_FOR)
    assert decision.outcome is Outcome.NO_BASIS
    assert [r.rule for r in decision.routes] == ["ROUTE-ADMINISTRATIVE"]
    assert "REG-26" in decision.statements


@pytest.mark.parametrize("partner", ADEQUACY)
def test_administrative_personal_data_rest_on_an_adequacy_decision(partner: str) -> None:
    """With an adequacy decision covering public authorities, administrative personal data may go.

    They rest on Article 47 of Regulation (EU) 2018/1725, solely for tasks within Eurojust's competence.
    """
    decision = evaluate(partner, "administrative_personal_data", as_of=date(2026, 6, 1))
    assert (decision.outcome, decision.basis) == (Outcome.ALLOWED, "EUDPR-47")
    assert [c.id for c in decision.conditions] == ["CONTROLLER-TASKS"]
    assert "adequacy_decision" in decision.instruments


def test_a_bare_personal_data_is_operational_personal_data_and_says_so() -> None:
    """'personal data' means the stricter kind, and the decision says which kind it answered for."""
    decision = evaluate("Nigeria", "personal data", as_of=SPEAKS_FOR)
    assert decision.data_type is DataType.PERSONAL_DATA
    assert "operational personal data" in decision.explanation
    assert "administrative_personal_data" in decision.explanation


def test_every_shipped_rule_and_relationship_cites_the_catalogue(shipped: KnowledgeBase) -> None:
    """Each rule and each relationship the page states cites statements of the catalogue."""
    for rule in shipped.rules:
        assert rule.statements
        assert set(rule.statements) <= set(shipped.statements)
    for partner in shipped.partners:
        for relationship in partner.relationships:
            assert set(relationship.statements) <= set(shipped.statements)


def _decide(knowledge: KnowledgeBase, name: str, data_type: DataType, day: date) -> Decision | None:
    """The decision, or None for the United Kingdom when it is refused, as it must be.

    That is while it was a Member State or in its transition period.
    """
    if name == "United Kingdom" and day <= date(2020, 1, 31):
        with pytest.raises(NotAThirdCountryError, match="was an EU Member State"):
            knowledge.decide(name, data_type, day)
        return None
    if name == "United Kingdom" and day <= date(2020, 12, 31):
        with pytest.raises(NotAThirdCountryError, match="transition period"):
            knowledge.decide(name, data_type, day)
        return None
    return knowledge.decide(name, data_type, day)


_NON_PERSONAL = (DataType.STRATEGIC, DataType.BEST_PRACTICES, DataType.LEGAL_SYSTEM_INFORMATION)
_DAYS = (
    date(1990, 1, 1), date(2002, 2, 27), date(2002, 2, 28), date(2005, 6, 1), date(2011, 7, 22),
    date(2019, 12, 11), date(2019, 12, 12), date(2020, 6, 1), date(2021, 1, 1), SPEAKS_FOR,
    date(2026, 11, 29), date(2026, 12, 7),
)  # fmt: skip


def test_every_decision_of_the_shipped_knowledge_is_consistent(shipped: KnowledgeBase) -> None:
    """Around every boundary: allowed exactly when a permission applies and no prohibition does."""
    for day in _DAYS:
        for partner in shipped.partners:
            for data_type in DataType:
                decision = _decide(shipped, partner.name, data_type, day)
                if decision is None:
                    continue
                effects = {reason.effect.value for reason in decision.reasons}
                assert decision.allowed == ("permit" in effects and "prohibit" not in effects)
                assert decision.knowledge_version == shipped.version
                assert bool(decision.conditions) == decision.allowed
                assert not (decision.routes and decision.allowed)


def test_nothing_is_allowed_before_the_eurojust_decision_took_effect(shipped: KnowledgeBase) -> None:
    """Before 2002-03-06 no law governed exchanges: nothing is allowed, and the decision says why."""
    for day in (date(1990, 1, 1), date(2002, 2, 28), date(2002, 3, 5)):
        for name in (*(p.name for p in shipped.partners), "Kenya"):
            for data_type in DataType:
                decision = _decide(shipped, name, data_type, day)
                if decision is None:
                    continue
                assert not decision.allowed, (name, data_type, day)
                assert decision.law is None
                if data_type in _NON_PERSONAL:  # what would be allowed later is said to be pending
                    assert decision.warnings, (name, data_type, day)


@pytest.mark.parametrize(
    ("day", "law", "basis"),
    [
        (date(2002, 3, 6), "decision_2002", "DEC-2002-27-1"),
        (date(2009, 6, 3), "decision_2002", "DEC-2002-27-1"),
        (date(2009, 6, 4), "decision_2009", "DEC-2009-26A-1"),
        (date(2019, 12, 11), "decision_2009", "DEC-2009-26A-1"),
        (date(2019, 12, 12), "regulation", "REG-47-2"),
    ],
)
def test_every_decision_follows_the_law_of_its_day(
    shipped: KnowledgeBase, day: date, law: str, basis: str
) -> None:
    """Strategic information for every third country rests on the law of the day, which it names."""
    for name in (*(p.name for p in shipped.partners), "Kenya"):
        decision = _decide(shipped, name, DataType.STRATEGIC, day)
        if decision is None:
            continue
        assert (decision.law, decision.basis) == (law, basis), name
        assert not any("applies only from" in warning for warning in decision.warnings), name
