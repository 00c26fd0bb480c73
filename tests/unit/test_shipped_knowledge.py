"""What the shipped knowledge decides for every partner the source names."""

from __future__ import annotations

import pytest

from sharing_rules import DataType, KnowledgeBase, Outcome, evaluate

AGREEMENT = (
    "Albania", "Georgia", "Iceland", "Liechtenstein", "Moldova", "Montenegro", "North Macedonia",
    "Norway", "Serbia", "Switzerland", "Ukraine", "United Kingdom", "United States",
)  # fmt: skip
LIAISON = tuple(name for name in AGREEMENT if name != "Liechtenstein")
WORKING_ARRANGEMENT = ("AIAMP", "Nigeria", "Panama", "Costa Rica", "Bolivia", "Chile", "Ecuador", "Peru")


def _with(knowledge: KnowledgeBase, relationship: str) -> set[str]:
    return {p.name for p in knowledge.partners if relationship in p.relationship_kinds}


def test_the_counts_the_source_states(shipped: KnowledgeBase) -> None:
    """13 agreement partners, 12 liaison-prosecutor partners and 8 working-arrangement partners."""
    assert _with(shipped, "agreement_on_cooperation") == set(AGREEMENT)
    assert _with(shipped, "liaison_prosecutor") == set(LIAISON)
    assert _with(shipped, "working_arrangement") == set(WORKING_ARRANGEMENT)
    assert (len(AGREEMENT), len(LIAISON), len(WORKING_ARRANGEMENT)) == (13, 12, 8)


def test_liechtenstein_has_an_agreement_and_no_liaison_prosecutor(shipped: KnowledgeBase) -> None:
    """Liechtenstein is the one agreement country without a liaison prosecutor at Eurojust."""
    assert shipped.partner("Liechtenstein").relationship_kinds == {"agreement_on_cooperation"}


def test_aiamp_is_an_organisation_and_the_others_are_countries(shipped: KnowledgeBase) -> None:
    """AIAMP is an organisation without ISO codes; every other partner is a country with both codes."""
    for partner in shipped.partners:
        if partner.name == "AIAMP":
            assert (partner.kind.value, partner.iso_alpha2, partner.iso_alpha3) == (
                "organisation",
                None,
                None,
            )
        else:
            assert partner.kind.value == "country"
            assert partner.iso_alpha2 is not None
            assert partner.iso_alpha3 is not None


@pytest.mark.parametrize("partner", AGREEMENT)
@pytest.mark.parametrize("data_type", ["operational", "evidence", "personal_data", "strategic"])
def test_agreement_partners_may_exchange_operational_and_strategic_information(
    partner: str, data_type: str
) -> None:
    """An agreement on cooperation grants operational information, its parts, and strategic information."""
    decision = evaluate(partner, data_type)
    assert decision.allowed
    assert decision.outcome is Outcome.ALLOWED
    assert decision.basis == "agreement_on_cooperation"
    assert "AGR-1" in decision.statements
    assert "AGR-2" in decision.statements


@pytest.mark.parametrize("partner", WORKING_ARRANGEMENT)
def test_working_arrangement_partners(partner: str) -> None:
    """A working arrangement grants strategic information and best practices, excludes personal data."""
    for data_type in ("strategic", "best_practices"):
        decision = evaluate(partner, data_type)
        assert (decision.outcome, decision.basis) == (Outcome.ALLOWED, "working_arrangement")
    personal = evaluate(partner, "personal_data")
    assert (personal.outcome, personal.allowed, personal.basis) == (Outcome.PROHIBITED, False, None)
    assert [r.rule for r in personal.reasons] == ["WA-NO-PERSONAL-DATA"]
    assert "WA-2" in personal.statements
    for data_type in ("operational", "evidence"):
        decision = evaluate(partner, data_type)
        assert (decision.outcome, decision.allowed, decision.reasons) == (Outcome.NO_BASIS, False, ())


def test_evidence_is_granted_as_part_of_operational_information() -> None:
    """The hierarchy in rules/data_types.yaml carries a permission for operational information to evidence."""
    decision = evaluate("Norway", DataType.EVIDENCE)
    (reason,) = decision.reasons
    assert (reason.rule, reason.via) == ("AGR-OPERATIONAL", DataType.OPERATIONAL)
    assert "Evidence is part of operational information" in decision.explanation


def test_strategic_information_for_agreement_partners_is_marked_as_an_interpretation() -> None:
    """The agreement's cover of strategic information is our reading of the source, and says so."""
    decision = evaluate("Serbia", "strategic")
    (reason,) = decision.reasons
    assert reason.rule == "AGR-NON-OPERATIONAL"
    assert reason.status.value == "interpretation"
    assert "interpretation" in decision.explanation


def test_every_shipped_rule_and_relationship_cites_the_catalogue(shipped: KnowledgeBase) -> None:
    """Each rule and each partner relationship cites at least one statement of the source."""
    for rule in shipped.rules:
        assert rule.statements
        assert set(rule.statements) <= set(shipped.statements)
    for partner in shipped.partners:
        for relationship in partner.relationships:
            assert set(relationship.statements) <= set(shipped.statements)


def test_every_decision_of_the_shipped_knowledge_is_consistent(shipped: KnowledgeBase) -> None:
    """Across the whole matrix, allowed holds exactly when a permission applies and no prohibition does."""
    for partner in shipped.partners:
        for data_type in DataType:
            decision = shipped.decide(partner.name, data_type)
            effects = {reason.effect.value for reason in decision.reasons}
            assert decision.allowed == (effects == {"permit"})
            assert decision.knowledge_version == shipped.version
