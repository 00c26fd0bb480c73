"""The note shows a decision's extra fields (conditions, routes, warnings) once, whoever writes them."""

from __future__ import annotations

import pytest

pytest.importorskip("jinja2")

from sharing_rules import evaluate
from sharing_rules._service._page import extra_fields


def test_fields_the_note_does_not_state_are_shown() -> None:
    """With no legal note, every non-empty extra field of the decision is listed, item by item."""
    decision = evaluate("United Kingdom", "evidence", as_of="2024-09-30")
    fields = dict(extra_fields(decision, None))
    assert decision.conditions
    assert [item["text"] for item in fields["conditions"]] == [c.text for c in decision.conditions]


def test_fields_the_note_states_are_not_repeated() -> None:
    """When the library's note sets the conditions out in a part of their own, the page does not repeat them.

    The page sets out the note's parts, the very ones the text note is written from: no text is parsed.
    """
    from datetime import date

    from sharing_rules import load_knowledge

    knowledge = load_knowledge()
    decision = knowledge.decide("United Kingdom", "evidence", "2024-09-30")
    note = knowledge.note(decision, date(2024, 9, 30))
    assert "conditions" not in dict(extra_fields(decision, note))
    assert [section.key for section in note.sections][:2] == ["question", "answer"]
    assert knowledge.legal_note(decision, date(2024, 9, 30)) == note.text()
    (conditions,) = (section for section in note.sections if section.key == "conditions")
    assert conditions.entries[0].startswith(decision.conditions[0].text)


def test_the_page_shows_each_warning_once_without_a_second_bullet() -> None:
    """A warning is a list item of its own on the page, with no "- " of the text note before it."""
    from datetime import date

    from sharing_rules import load_knowledge

    knowledge = load_knowledge()
    decision = knowledge.decide("Nigeria", "personal data", "2030-01-01")  # after the day it speaks for
    note = knowledge.note(decision, date(2030, 1, 1))
    (warnings,) = (section for section in note.sections if section.key == "warnings")
    assert warnings.entries == decision.warnings
    assert not any(entry.startswith("-") for entry in warnings.entries)
