"""examples/bpmn: a BPMN 2.0 transfer-approval process, run by SpiffWorkflow, calling the library.

Each path is run to its end, and the decision records it leaves are read back: an allowed package, a
package held back and refused by the data-protection officer, one approved on a route (the approval in
the records), and questions the library refuses (an unknown partner, a Member State), which end in their
own state.
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from sharing_rules import JsonLinesSink, configure_records

pytest.importorskip("SpiffWorkflow", reason="SpiffWorkflow is not installed: pip install -e '.[test]'")

FOLDER = Path(__file__).resolve().parent.parent / "examples" / "bpmn"
EXAMPLE = FOLDER / "run_transfer.py"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
NIGERIA = {
    "partner": "Nigeria", "as_of": "2024-09-30",
    "items": [{"data_type": "strategic", "label": "trend analysis"},
              {"data_type": "personal data", "label": "list of witnesses"}],
}  # fmt: skip


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    """The example's module namespace (run, approving, refusing...)."""
    return runpy.run_path(str(EXAMPLE))


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[Path]:
    """Decision records to a JSON Lines file for the test; off again afterwards."""
    path = tmp_path / "audit.jsonl"
    sink = JsonLinesSink(path)
    configure_records(sink)
    yield path
    configure_records(None)
    sink.close()


def _records(path: Path) -> list[dict[str, Any]]:
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def test_an_allowed_package_is_sent(example: dict[str, Any], audit: Path) -> None:
    """Every item allowed: the send path, no review; one record of the check."""
    outcome = example["run"](
        {
            "case_reference": "EJ-1",
            "partner": "Norway",
            "items": [{"data_type": "evidence", "label": "bank records"}],
        }
    )
    assert outcome.path == (
        "transfer_requested",
        "check_transfer",
        "every_item_allowed",
        "send_package",
        "package_sent",
    )
    assert outcome.data["sent"] == {"case_reference": "EJ-1", "route": None}
    assert "review" not in outcome.data
    (record,) = _records(audit)
    assert (record["operation"], record["case_reference"], record["outcome"]) == (
        "check_transfer",
        "EJ-1",
        "allowed",
    )
    assert record["review"] is None


def test_no_basis_and_refused_by_the_officer_stays_held_back(example: dict[str, Any], audit: Path) -> None:
    """An item without a basis goes to the officer, who refuses: held back, never sent, no approval."""
    outcome = example["run"]({"case_reference": "EJ-2", **NIGERIA}, example["refusing"])
    assert outcome.path == (
        "transfer_requested", "check_transfer", "every_item_allowed", "review_by_data_protection_officer",
        "officer_approves", "refused_by_officer",
    )  # fmt: skip
    assert "sent" not in outcome.data
    assert outcome.data["review"]["decision"] == "refuse"
    (record,) = _records(audit)
    assert (record["operation"], record["allowed"], record["outcome"]) == (
        "check_transfer",
        False,
        "no_basis",
    )
    assert [item["outcome"] for item in record["items"]] == ["allowed", "no_basis"]


def test_no_basis_and_approved_on_a_route_is_sent_and_recorded(example: dict[str, Any], audit: Path) -> None:
    """The officer approves on Article 58 with an assessment: the approval is a decision record, then sent."""
    officer = example["approving"]("ROUTE-SAFEGUARDS", "DPO-ASSESSMENT-2026-17")
    outcome = example["run"]({"case_reference": "EJ-3", **NIGERIA}, officer)
    assert outcome.path[-3:] == ("record_route_approval", "send_on_route", "sent_on_approved_route")
    assert outcome.data["sent"] == {"case_reference": "EJ-3", "route": "ROUTE-SAFEGUARDS"}
    check, approval = _records(audit)
    assert check["operation"] == "check_transfer"
    assert approval["operation"] == "route_approval"
    assert approval["case_reference"] == "EJ-3"
    assert approval["review"] == {
        "route": "ROUTE-SAFEGUARDS", "assessment": "DPO-ASSESSMENT-2026-17",
        "approved_by": "data-protection officer",
    }  # fmt: skip
    assert [item["label"] for item in approval["items"]] == ["list of witnesses"]  # only what was held back
    assert approval["outcome"] == "no_basis"  # the decision does not change: a route is no standing basis


def test_an_approval_the_form_does_not_allow_is_refused(example: dict[str, Any], audit: Path) -> None:
    """Approving without an assessment, or on a route the form does not offer, is no review."""
    import jsonschema

    without_assessment = {"decision": "approve", "route": "ROUTE-SAFEGUARDS", "approved_by": "dpo"}
    on_article_47 = {"decision": "approve", "route": "ROUTE-NON-PERSONAL-PART", "assessment": "A-1"}
    for filled in (without_assessment, {**on_article_47, "approved_by": "dpo"}):
        with pytest.raises(jsonschema.ValidationError):
            example["run"]({"case_reference": "EJ-4", **NIGERIA}, lambda schema, verdict, f=filled: f)
    assert all(r["operation"] == "check_transfer" for r in _records(audit))


@pytest.mark.parametrize(
    ("partner", "error"), [("Atlantis", "UnknownPartnerError"), ("Germany", "NotAThirdCountryError")]
)
def test_a_refused_question_ends_in_its_own_state(
    example: dict[str, Any], audit: Path, partner: str, error: str
) -> None:
    """An unknown partner or a Member State: the BPMN error is caught on the check; the process ends there."""
    outcome = example["run"](
        {"case_reference": "EJ-5", "partner": partner, "items": [{"data_type": "strategic"}]}
    )
    assert outcome.path == (
        "transfer_requested",
        "check_transfer",
        "question_refused_caught",
        "question_refused",
    )
    assert outcome.data["refusal"]["error"] == error
    assert "sharing-rules" not in outcome.data["refusal"]["detail"]  # said for people
    (record,) = _records(audit)
    assert (record["operation"], record["outcome"], record["partner"]) == ("check_transfer", None, None)
    assert record["error"].startswith(error)


def test_the_process_is_written_as_its_users_expect() -> None:
    """The process is written as a Camunda or SpiffWorkflow user expects.

    Service tasks with named operators, no script calls the library, every script has its format, every
    condition is a tFormalExpression, the officer's task has a lane, a candidate group and a form, and the
    check carries an error boundary event.
    """
    root = ElementTree.parse(FOLDER / "transfer_approval.bpmn").getroot()
    process = root.find(f"{BPMN}process")
    assert process is not None
    scripts = process.findall(f"{BPMN}scriptTask")
    assert scripts
    assert all(s.get("scriptFormat") == "python" for s in scripts)
    assert not any("check" in (s.findtext(f"{BPMN}script") or "") for s in scripts)
    services = {s.get("id") for s in process.findall(f"{BPMN}serviceTask")}
    assert services == {"check_transfer", "record_route_approval"}
    conditions = process.findall(f".//{BPMN}conditionExpression")
    assert conditions
    assert all(c.get(f"{XSI}type") == "bpmn:tFormalExpression" for c in conditions)
    (review,) = process.findall(f"{BPMN}userTask")
    assert review.find(f".//{BPMN}potentialOwner//{BPMN}formalExpression").text == "data-protection-officer"  # type: ignore[union-attr]
    assert (FOLDER / "dpo_review.schema.json").exists()
    (boundary,) = process.findall(f"{BPMN}boundaryEvent")
    assert boundary.get("attachedToRef") == "check_transfer"
    assert boundary.find(f"{BPMN}errorEventDefinition") is not None


def test_the_example_runs_as_a_script(capsys: pytest.CaptureFixture[str]) -> None:
    """`python examples/bpmn/run_transfer.py` runs the four paths to their ends."""
    assert runpy.run_path(str(EXAMPLE))["main"]() == 0
    out = capsys.readouterr().out
    for end in ("package_sent", "refused_by_officer", "sent_on_approved_route", "question_refused"):
        assert f'"end": "{end}"' in out
