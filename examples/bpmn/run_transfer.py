"""Run the transfer-approval process (``transfer_approval.bpmn``) with SpiffWorkflow.

The process's service tasks call sharing-rules through named operators, as a SpiffWorkflow or Camunda
host calls its connectors: ``sharing_rules.check_transfer`` decides the package (:func:`check_transfer`),
``sharing_rules.record_route_approval`` records the route the data-protection officer approved
(:func:`record_route_approval`). A question the library refuses (an unknown partner, an EU Member State,
an unknown kind of information, a request that does not fit) is thrown as the BPMN error
``question-refused``, caught on the check, and ends in its own state. The officer's user task, in the
officer's lane, has a form (``dpo_review.schema.json``): approve on a route of Article 58 or 59 with the
reference of the documented assessment, or refuse. Here an ``officer`` function stands for the officer's
inbox: it is given the form and returns what the officer filled in, checked against the form.

    python examples/bpmn/run_transfer.py          # the four paths, each with the records it leaves

Needs SpiffWorkflow and jsonschema (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from sharing_rules import (
    DecisionRecordError,
    JsonLinesSink,
    SharingRulesError,
    TransferDecision,
    check_transfer,
    configure_records,
    record_route_approval,
)

HERE = Path(__file__).resolve().parent
PROCESS = HERE / "transfer_approval.bpmn"
REFUSED = "question-refused"
"""The error code of the BPMN error a refused question is thrown as (``bpmn:error`` in the process)."""
OFFICERS = "Data-protection officer"
"""The lane whose tasks the data-protection officer's inbox takes."""

Form = Mapping[str, Any]
Officer = Callable[[Form, Mapping[str, Any]], dict[str, Any]]
"""The officer's inbox: given the form's schema and the verdict, returns the filled-in form."""


def _check_transfer(request: Mapping[str, Any]) -> dict[str, Any]:
    return check_transfer(request).model_dump(mode="json")


def _record_route_approval(
    verdict: Mapping[str, Any], route: str, assessment: str, approved_by: str
) -> dict[str, Any]:
    decided = TransferDecision.model_validate(verdict)
    record_route_approval(decided, route=route, assessment=assessment, approved_by=approved_by)
    return {"route": route, "assessment": assessment, "approved_by": approved_by}


OPERATORS: dict[str, Callable[..., dict[str, Any]]] = {
    "sharing_rules.check_transfer": _check_transfer,
    "sharing_rules.record_route_approval": _record_route_approval,
}
"""The named operators the process's service tasks call."""


class LibraryScriptEngine(PythonScriptEngine):  # type: ignore[misc]  # SpiffWorkflow has no type hints
    """Runs the process's scripts and calls its service tasks' operators."""

    def call_service(self, task: Any, operation_name: str, operation_params: dict[str, Any]) -> str:
        """Call a named operator; a question the library refuses is thrown as the ``question-refused`` error.

        A decision record that cannot be written is no refused question: it stops the process (no record,
        no decision).
        """
        operator = OPERATORS.get(operation_name)
        if operator is None:
            raise KeyError(f"no operator {operation_name!r}: the process names one this host does not have")
        arguments = {name: parameter["value"] for name, parameter in operation_params.items()}
        try:
            return json.dumps(operator(**arguments))
        except DecisionRecordError:
            raise
        except SharingRulesError as error:
            refusal = {"error": type(error).__name__, "detail": error.for_people()}
            definition = next(
                spec.event_definition
                for spec in task.workflow.spec.task_specs.values()
                if getattr(getattr(spec, "event_definition", None), "code", None) == REFUSED
            )
            task.workflow.top_workflow.catch(BpmnEvent(definition, refusal, target=task.workflow))
            return json.dumps(None)


@dataclass(frozen=True)
class Outcome:
    """Where the process went: the tasks completed in order, its end, and the data it ended with."""

    path: tuple[str, ...]
    end: str
    data: dict[str, Any]


def form() -> dict[str, Any]:
    """The officer's form (a JSON Schema, as the user task names it)."""
    schema: dict[str, Any] = json.loads((HERE / "dpo_review.schema.json").read_text(encoding="utf-8"))
    return schema


def _review(task: Any, officer: Officer) -> None:
    """The officer's inbox: a task of the officer's lane, its form filled in and checked, then completed."""
    if task.task_spec.lane != OFFICERS:
        raise RuntimeError(f"{task.task_spec.bpmn_id} is not a task of the {OFFICERS}'s lane")
    properties = task.task_spec.extensions.get("properties", {})
    schema = json.loads((HERE / properties["formJsonSchemaFilename"]).read_text(encoding="utf-8"))
    filled = officer(schema, task.data["verdict"])
    jsonschema.validate(filled, schema)  # a form that does not fit is no review
    task.data["review"] = filled
    task.run()


def run(request: dict[str, Any], officer: Officer | None = None) -> Outcome:
    """Run the process for one transfer request to its end (``officer`` answers the review, if asked)."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_file(str(PROCESS))
    engine = LibraryScriptEngine(environment=TaskDataEnvironment())
    workflow = BpmnWorkflow(parser.get_spec("transfer_approval"), script_engine=engine)
    start = workflow.get_next_task(state=TaskState.READY)
    if start is not None:
        start.data["request"] = request
    for _ in range(100):  # a bounded loop: this process has a handful of steps
        workflow.do_engine_steps()
        waiting = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not waiting:
            break
        for task in waiting:
            if officer is None:
                raise RuntimeError(
                    "the process waits for the data-protection officer, and no officer was given"
                )
            _review(task, officer)
    if not workflow.completed:
        raise RuntimeError("the transfer-approval process did not finish")
    path = tuple(
        task.task_spec.bpmn_id
        for task in workflow.get_tasks(state=TaskState.COMPLETED)
        if getattr(task.task_spec, "bpmn_id", None)
    )
    last = workflow.last_task
    return Outcome(path, path[-1], dict(last.data) if last is not None else {})


def approving(route: str, assessment: str) -> Officer:
    """An officer who approves on ``route`` with the assessment ``assessment``."""

    def fill(schema: Form, verdict: Mapping[str, Any]) -> dict[str, Any]:
        return {"decision": "approve", "route": route, "assessment": assessment,
                "approved_by": "data-protection officer"}  # fmt: skip

    return fill


def refusing(schema: Form, verdict: Mapping[str, Any]) -> dict[str, Any]:
    """An officer who refuses: the package stays held back."""
    return {"decision": "refuse", "reason": "no documented assessment supports a transfer"}


def main() -> int:
    """Run the four paths and print where each went and the records it left."""
    nigeria = {"case_reference": "EJ-2026-0201", "partner": "Nigeria", "as_of": "2024-09-30",
               "items": [{"data_type": "strategic", "label": "trend analysis"},
                         {"data_type": "personal_data", "label": "list of witnesses"}]}  # fmt: skip
    cases: list[tuple[dict[str, Any], Officer | None]] = [
        ({"case_reference": "EJ-2026-0200", "partner": "Norway",
          "items": [{"data_type": "evidence", "label": "bank records"}]}, None),
        (nigeria, refusing),
        ({**nigeria, "case_reference": "EJ-2026-0202"},
         approving("ROUTE-SAFEGUARDS", "DPO-ASSESSMENT-2026-17")),
        ({"case_reference": "EJ-2026-0203", "partner": "Atlantis",
          "items": [{"data_type": "strategic"}]}, None),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "decisions.jsonl"
        sink = JsonLinesSink(records)
        configure_records(sink)
        try:
            for request, officer in cases:
                before = len(records.read_text(encoding="utf-8").splitlines()) if records.exists() else 0
                outcome = run(request, officer)
                left = [
                    json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()[before:]
                ]
                print(json.dumps({"case": request["case_reference"], "end": outcome.end, "path": outcome.path,
                                  "records": [(r["operation"], r["outcome"], r["review"]) for r in left]},
                                 indent=2))  # fmt: skip
        finally:
            configure_records(None)
            sink.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
