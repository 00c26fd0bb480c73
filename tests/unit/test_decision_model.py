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
    data = evaluate("Japan", "strategic").model_dump()
    with pytest.raises(ValidationError, match="does not follow from the reasons"):
        Decision.model_validate(
            {**data, "allowed": True, "outcome": "allowed", "basis": "working_arrangement"}
        )
    with pytest.raises(ValidationError, match="allowed must be true exactly"):
        Decision.model_validate({**data, "allowed": True})
    prohibited = evaluate("Nigeria", "personal_data").model_dump()
    with pytest.raises(ValidationError, match="does not follow from the reasons"):
        Decision.model_validate(
            {**prohibited, "allowed": True, "outcome": "allowed", "basis": "working_arrangement"}
        )


def test_a_decision_has_no_truth_value() -> None:
    """`if decision:` raises TypeError instead of silently reading a refusal as a yes."""
    for partner in ("Norway", "Nigeria"):
        decision = evaluate(partner, "personal_data")
        with pytest.raises(TypeError, match=r"test decision\.allowed"):
            bool(decision)


def test_a_decision_names_its_knowledge_version_and_citations() -> None:
    """Every decision carries the version of the knowledge and the statements it rests on."""
    decision = evaluate("Norway", DataType.PERSONAL_DATA)
    assert decision.knowledge_version.startswith("sha256:")
    assert decision.statements == ("AGR-1", "AGR-2")
    assert decision.outcome is Outcome.ALLOWED
