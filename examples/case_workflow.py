"""A case-management workflow that asks sharing-rules before anything leaves Eurojust.

Case EJ-2026-0117 (a cross-border fraud) has material for three partners. The workflow checks each
outgoing package, sends what is allowed, holds back what is not, and leaves an audit trail of every
decision in a JSON Lines file. Run it with:

    python examples/case_workflow.py [AUDIT_FILE]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from sharing_rules import (
    JsonLinesSink,
    SharingNotAllowedError,
    check_transfer,
    configure_records,
    require,
)

OUTGOING: list[dict[str, Any]] = [  # as parsed from a case system's JSON: check_transfer reads them
    {
        "case_reference": "EJ-2026-0117",
        "partner": "Norway",
        "items": [
            {"data_type": "personal data", "label": "identities of two suspects"},
            {"data_type": "evidence", "label": "bank statements 2025"},
        ],
    },
    {
        "case_reference": "EJ-2026-0117",
        "partner": "Nigeria",
        "items": [
            {"data_type": "strategic", "label": "fraud pattern analysis"},
            {"data_type": "personal data", "label": "list of witnesses"},
        ],
    },
]


def send(partner: str, label: str) -> None:
    """Stand-in for the real transmission: here it only says what would be sent."""
    print(f"    sent to {partner}: {label}")


def run(audit_file: Path) -> list[str]:
    """Run the workflow with records written to ``audit_file``; return what was sent."""
    sink = JsonLinesSink(audit_file)
    configure_records(sink)
    sent: list[str] = []
    try:
        for request in OUTGOING:
            verdict = check_transfer(request)
            print(f"{verdict.case_reference} -> {verdict.partner}: {verdict.summary}")
            for item in verdict.items:
                if item.decision.allowed:
                    send(verdict.partner, item.label or item.decision.data_type.value)
                    sent.append(f"{verdict.partner}: {item.label}")
                else:
                    print(f"    held back: {item.label} ({item.decision.outcome.value.replace('_', ' ')})")
        # A step that must not go on without a basis guards itself with require().
        try:
            require("Brazil", "evidence")
        except SharingNotAllowedError as refusal:
            print(f"Guard stopped a transfer to {refusal.decision.partner}: {refusal.decision.outcome.value}")
    finally:
        configure_records(None)
        sink.close()
    print(f"\nAudit trail ({audit_file}):")
    for line in audit_file.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        print(
            f"  {record['timestamp']} {record['operation']:<14} {record['partner_asked']:<8}"
            f" {record['outcome']:<10} rules={','.join(record['rules']) or '-'}"
            f" statements={','.join(record['statements']) or '-'} knowledge={record['knowledge_version']}"
        )
    return sent


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "audit.jsonl"
    run(target)
