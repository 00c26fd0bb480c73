"""Decisions are frozen values that cannot say "allowed" without a reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sharing_rules import DataType, Decision, Outcome, evaluate


def test_a_decision_round_trips_through_json() -> None:
    """model_dump_json and model_validate_json give back an equal decision."""
    for partner, data_type in (("Norway", "evidence"), ("Nigeria", "personal_data"), ("Japan", "strategic")):
        decision = evaluate(partner, data_type)
        assert Decision.model_validate_json(decision.model_dump_json()) == decision


def test_a_decision_is_frozen() -> None:
    """A decision cannot be changed after it is made."""
    decision = evaluate("Nigeria", "personal_data")
    with pytest.raises(ValidationError, match="frozen"):
        decision.allowed = True  # type: ignore[misc]  # frozen on purpose


def test_a_decision_cannot_claim_allowed_without_a_permission() -> None:
    """Flipping allowed or the outcome of a real decision makes it invalid: the model fails closed."""
    data = evaluate("Japan", "personal_data").model_dump()
    with pytest.raises(ValidationError, match="does not follow from the reasons"):
        Decision.model_validate({**data, "allowed": True, "outcome": "allowed", "basis": "REG-56-2-B"})
    with pytest.raises(ValidationError, match="allowed must be true exactly"):
        Decision.model_validate({**data, "allowed": True})
    not_a_basis = evaluate("Nigeria", "personal_data").model_dump()
    with pytest.raises(ValidationError, match="does not follow from the reasons"):
        Decision.model_validate({**not_a_basis, "allowed": True, "outcome": "allowed", "basis": "REG-47-2"})
    allowed = evaluate("Norway", "personal_data", as_of="2024-09-30").model_dump()
    with pytest.raises(ValidationError, match="routes are named only"):
        Decision.model_validate({**allowed, "routes": not_a_basis["routes"]})
    with pytest.raises(ValidationError, match="conditions and instruments belong"):
        Decision.model_validate({**not_a_basis, "conditions": allowed["conditions"]})


def test_a_decision_has_no_truth_value() -> None:
    """`if decision:` raises TypeError instead of silently reading a refusal as a yes."""
    for partner in ("Norway", "Nigeria"):
        decision = evaluate(partner, "personal_data")
        with pytest.raises(TypeError, match=r"test decision\.allowed"):
            bool(decision)


def test_a_decision_names_its_knowledge_version_and_citations() -> None:
    """Every decision carries the version of the knowledge and the statements it rests on."""
    decision = evaluate("Norway", DataType.PERSONAL_DATA, as_of="2024-09-30")
    assert decision.knowledge_version.startswith("sha256:")
    assert decision.statements[:6] == ("AGR-1", "REG-56-2-B", "REG-80-5", "REG-56-1", "REG-82", "AGR-2")
    assert decision.statements[6:] == ("REG-47-5",)  # cited by the conditions
    assert decision.outcome is Outcome.ALLOWED
