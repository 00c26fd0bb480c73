"""examples/bpmn: a BPMN 2.0 transfer-approval process, run by SpiffWorkflow, calling the library."""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sharing_rules import JsonLinesSink, configure_records

pytest.importorskip("SpiffWorkflow", reason="SpiffWorkflow is not installed: pip install -e '.[test]'")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "bpmn" / "run_transfer.py"


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[Path]:
    """Decision records to a JSON Lines file for the test; off again afterwards."""
    path = tmp_path / "audit.jsonl"
    sink = JsonLinesSink(path)
    configure_records(sink)
    yield path
    configure_records(None)
    sink.close()


def _run(request: dict[str, Any]) -> Any:
    return runpy.run_path(str(EXAMPLE))["run"](request)


def test_an_allowed_package_is_sent(audit: Path) -> None:
    """Every item allowed: the gateway takes the send path; one record of the check is left."""
    outcome = _run(
        {
            "case_reference": "EJ-1",
            "partner": "Norway",
            "items": [{"data_type": "evidence", "label": "bank records"}],
        }
    )
    assert outcome.path == (
        "transfer_requested", "check_eligibility", "every_item_allowed", "send_package", "package_sent",
    )  # fmt: skip
    assert outcome.data["sent"] is True
    assert "data_protection_officer_asked" not in outcome.data
    (record,) = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert (record["operation"], record["case_reference"], record["outcome"]) == (
        "check_transfer",
        "EJ-1",
        "allowed",
    )


def test_a_refused_package_is_held_back_and_the_officer_asked(audit: Path) -> None:
    """An item without a basis: the package is held back and the data-protection officer asked; never sent."""
    outcome = _run(
        {"case_reference": "EJ-2", "partner": "Nigeria", "as_of": "2024-09-30",
         "items": [{"data_type": "strategic", "label": "trend analysis"},
                   {"data_type": "personal data", "label": "list of witnesses"}]}
    )  # fmt: skip
    assert outcome.path == (
        "transfer_requested", "check_eligibility", "every_item_allowed", "ask_data_protection_officer",
        "package_held_back",
    )  # fmt: skip
    assert "send_package" not in outcome.path
    assert "sent" not in outcome.data
    assert outcome.data["verdict"]["held_back"] == ["list of witnesses"]
    (record,) = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert (record["case_reference"], record["allowed"], record["outcome"]) == ("EJ-2", False, "no_basis")
    assert [item["outcome"] for item in record["items"]] == ["allowed", "no_basis"]
