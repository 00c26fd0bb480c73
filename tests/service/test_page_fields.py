"""The note shows a decision's extra fields (conditions, routes, warnings) once, whoever writes them."""

from __future__ import annotations

import pytest

pytest.importorskip("jinja2")

from sharing_rules import evaluate
from sharing_rules._service._page import extra_fields, note_sections


def test_fields_the_note_does_not_state_are_shown() -> None:
    """With no note text, every non-empty extra field of the decision is listed, item by item."""
    decision = evaluate("United Kingdom", "evidence", as_of="2024-09-30")
    fields = dict(extra_fields(decision, ""))
    assert decision.conditions
    assert [item["text"] for item in fields["conditions"]] == [c.text for c in decision.conditions]


def test_fields_the_note_states_are_not_repeated() -> None:
    """When the library's note already writes every condition out, the page does not list them again."""
    from sharing_rules import load_knowledge

    knowledge = load_knowledge()
    decision = knowledge.decide("United Kingdom", "evidence", "2024-09-30")
    note = knowledge.legal_note(decision, decision.valid_from or __import__("datetime").date(2024, 9, 30))
    assert "conditions" not in dict(extra_fields(decision, note))
    headings = [heading for heading, _ in note_sections(note)]
    assert headings[:2] == ["Question", "Answer"]
