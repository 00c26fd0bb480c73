"""Run the transfer-approval process (``transfer_approval.bpmn``) with SpiffWorkflow.

The process's script task "Check eligibility" calls :func:`sharing_rules.check_transfer`; its gateway
sends the package only when every item may go, and otherwise holds it back and asks the data-protection
officer (a user task: here the runner completes it as the officer's inbox would).

    python examples/bpmn/run_transfer.py          # an allowed package and a refused one

Needs SpiffWorkflow (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.util.task import TaskState

from sharing_rules import check_transfer

PROCESS = Path(__file__).resolve().parent / "transfer_approval.bpmn"


def check_eligibility(request: dict[str, Any]) -> dict[str, Any]:
    """The script task's call: the library decides the package; the process keeps plain data."""
    verdict = check_transfer(request)
    return {
        "allowed": verdict.allowed,
        "outcome": verdict.outcome.value,
        "summary": verdict.summary,
        "held_back": [
            item.label or item.decision.data_type.value for item in verdict.items if not item.decision.allowed
        ],
        "knowledge_version": verdict.knowledge_version,
    }


@dataclass(frozen=True)
class Outcome:
    """Where the process went: the tasks completed in order, and the data it ended with."""

    path: tuple[str, ...]
    data: dict[str, Any]


def run(request: dict[str, Any]) -> Outcome:
    """Run the process for one transfer request to its end."""
    parser = BpmnParser()
    parser.add_bpmn_file(str(PROCESS))
    engine = PythonScriptEngine(environment=TaskDataEnvironment({"check_eligibility": check_eligibility}))
    workflow = BpmnWorkflow(parser.get_spec("transfer_approval"), script_engine=engine)
    start = workflow.get_next_task(state=TaskState.READY)
    if start is not None:
        start.data["request"] = request
    for _ in range(100):  # a bounded loop: this process has a handful of steps
        workflow.do_engine_steps()
        waiting = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not waiting:
            break
        for task in waiting:  # the data-protection officer's inbox
            task.data["data_protection_officer_asked"] = True
            task.run()
    if not workflow.completed:
        raise RuntimeError("the transfer-approval process did not finish")
    path = tuple(
        task.task_spec.bpmn_id
        for task in workflow.get_tasks(state=TaskState.COMPLETED)
        if getattr(task.task_spec, "bpmn_id", None)
    )
    last = workflow.last_task
    return Outcome(path, dict(last.data) if last is not None else {})


def main() -> int:
    """Run an allowed and a refused package and print where each went."""
    packages = [
        {"case_reference": "EJ-2026-0200", "partner": "Norway",
         "items": [{"data_type": "evidence", "label": "bank records"}]},
        {"case_reference": "EJ-2026-0201", "partner": "Nigeria",
         "items": [{"data_type": "strategic", "label": "trend analysis"},
                   {"data_type": "personal_data", "label": "list of witnesses"}]},
    ]  # fmt: skip
    for request in packages:
        outcome = run(request)
        print(json.dumps({"case": request["case_reference"], "path": outcome.path,
                          "verdict": outcome.data["verdict"]}, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
