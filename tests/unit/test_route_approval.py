"""record_route_approval: a data-protection officer's approval of a case-by-case route, in the records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sharing_rules import (
    InvalidInputError,
    JsonLinesSink,
    check_transfer,
    configure_records,
    record_route_approval,
)

HELD = {
    "case_reference": "EJ-9", "partner": "Nigeria", "as_of": "2024-09-30",
    "items": [{"data_type": "strategic", "label": "trend analysis"},
              {"data_type": "personal data", "label": "w"}],
}  # fmt: skip


def test_an_approval_is_one_record_of_the_items_held_back(tmp_path: Path) -> None:
    """The record names the route, the assessment's reference and the approver, for the held-back items."""
    verdict = check_transfer(HELD)
    sink = JsonLinesSink(tmp_path / "r.jsonl")
    configure_records(sink)
    try:
        record_route_approval(verdict, route="ROUTE-DEROGATIONS", assessment=" A-7 ", approved_by="dpo")
    finally:
        configure_records(None)
        sink.close()
    (record,) = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["operation"] == "route_approval"
    assert record["review"] == {"route": "ROUTE-DEROGATIONS", "assessment": "A-7", "approved_by": "dpo"}
    assert [item["data_type"] for item in record["items"]] == ["personal_data"]
    assert record["allowed"] is False


@pytest.mark.parametrize(
    ("route", "assessment", "approved_by"),
    [
        ("ROUTE-X", "A-1", "dpo"),            # a route the decision does not offer
        ("ROUTE-SAFEGUARDS", "", "dpo"),      # no assessment
        ("ROUTE-SAFEGUARDS", "A-1", " "),     # no one approved
        ("ROUTE-SAFEGUARDS", "A" * 201, "dpo"),  # more than a reference
        (None, "A-1", "dpo"),                 # not text
    ],
)  # fmt: skip
def test_an_approval_that_does_not_fit_is_refused(route: object, assessment: str, approved_by: str) -> None:
    """Anything but a route the held-back items offer, with a reference and an approver, is refused."""
    verdict = check_transfer(HELD)
    with pytest.raises(InvalidInputError):
        record_route_approval(verdict, route=route, assessment=assessment, approved_by=approved_by)  # type: ignore[arg-type]


def test_nothing_to_approve_when_everything_may_go() -> None:
    """A verdict that allows every item has no route to approve; a mapping is no verdict."""
    allowed = check_transfer(
        {"case_reference": "EJ-1", "partner": "Norway", "items": [{"data_type": "evidence"}]}
    )
    with pytest.raises(InvalidInputError, match="held back"):
        record_route_approval(allowed, route="ROUTE-SAFEGUARDS", assessment="A-1", approved_by="dpo")
    with pytest.raises(InvalidInputError, match="TransferDecision"):
        record_route_approval(HELD, route="ROUTE-SAFEGUARDS", assessment="A-1", approved_by="dpo")  # type: ignore[arg-type]
