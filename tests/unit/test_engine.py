"""Inference on durable_rules: isolated, thread-free, and never silent about a failure."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any
from weakref import WeakValueDictionary

import pytest

from sharing_rules import KnowledgeBaseError, Outcome, evaluate, load_knowledge
from sharing_rules import _engine as engine_module
from sharing_rules import _knowledge as knowledge_module
from tests.unit.conftest import Editor


def test_loading_starts_no_background_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable_rules' dispatcher threads are disabled: compiling an engine leaves the thread count as it was.

    The engine cache is emptied first, so that the load really makes a durable_rules host (the suite's
    earlier loads have compiled the shipped rules already).
    """
    monkeypatch.setattr(engine_module, "_compiled", OrderedDict())
    monkeypatch.setattr(knowledge_module, "_LOADED", WeakValueDictionary())  # nor a live load reused
    before = threading.active_count()
    made = []
    real = engine_module._QuietHost

    def counted() -> object:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(engine_module, "_QuietHost", counted)
    load_knowledge()
    assert len(made) == 1  # a host was made, so the thread count below says something
    assert threading.active_count() == before


def test_two_knowledge_bases_live_side_by_side(edit: Editor, rules_copy: Path) -> None:
    """Knowledge bases with different rules have their own engines: loading one does not disturb the other.

    The second has no AGR-OPERATIONAL rule, so Norway's evidence has no basis there; the first still allows
    it after the second is loaded, and asks its own engine again (not a remembered answer) when re-derived.
    """
    first = load_knowledge()
    edit(
        "eligibility.yaml",
        lambda content: content.update(
            rules=[rule for rule in content["rules"] if rule["id"] != "AGR-OPERATIONAL"]
        ),
    )
    second = load_knowledge(rules_copy)
    assert evaluate("Norway", "evidence", knowledge=second).outcome is Outcome.NO_BASIS
    assert evaluate("Norway", "evidence", knowledge=first).allowed
    again = load_knowledge()  # the first rules again, derived after the second's engine ran
    assert evaluate("Norway", "evidence", knowledge=again).allowed
    assert evaluate("Norway", "evidence", knowledge=second).outcome is Outcome.NO_BASIS


def test_an_exception_inside_a_rule_action_refuses_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault injected inside inference refuses the load instead of serving a partial result."""

    def failing_action(rule: Any) -> engine_module.Action:
        def action(closure: Any) -> None:
            raise RuntimeError(f"injected fault in {rule.id}")

        return action

    monkeypatch.setattr(engine_module, "_rule_action", failing_action)
    monkeypatch.setattr(engine_module, "_compiled", OrderedDict())
    monkeypatch.setattr(knowledge_module, "_LOADED", WeakValueDictionary())  # compile afresh, with the fault
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge()
    message = str(caught.value)
    assert "inference failed" in message
    assert re.search(r"injected fault in [A-Z-]+", message)
    assert "Nothing of this knowledge base is used" in message


def test_an_exception_while_walking_the_hierarchy_refuses_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure in a derived step (operational includes evidence) is caught just the same."""

    def failing_inclusion(child: str) -> engine_module.Action:
        def action(closure: Any) -> None:
            raise ValueError(f"cannot include {child}")

        return action

    monkeypatch.setattr(engine_module, "_inclusion_action", failing_inclusion)
    monkeypatch.setattr(engine_module, "_compiled", OrderedDict())
    monkeypatch.setattr(knowledge_module, "_LOADED", WeakValueDictionary())  # nor a live load reused
    with pytest.raises(KnowledgeBaseError, match=r"cannot include (evidence|personal_data)"):
        load_knowledge()


def test_a_conclusion_no_rule_expects_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """An action asserting a fact durable_rules cannot place: the stored engine exception becomes an error."""

    def odd_action(rule: Any) -> engine_module.Action:
        def action(closure: Any) -> None:
            closure.assert_fact({"fact": "unplaceable"})

        return action

    monkeypatch.setattr(engine_module, "_rule_action", odd_action)
    monkeypatch.setattr(engine_module, "_compiled", OrderedDict())
    monkeypatch.setattr(knowledge_module, "_LOADED", WeakValueDictionary())  # nor a live load reused
    with pytest.raises(KnowledgeBaseError, match="inference failed"):
        load_knowledge()


def test_reloading_unchanged_rules_reuses_the_compiled_engine(rules_copy: Path) -> None:
    """durable_rules never frees a compiled ruleset: equal rules share one engine, different rules do not."""
    first = engine_module.engine_for(load_knowledge().rules, (), ("agreement_on_cooperation",))
    again = engine_module.engine_for(load_knowledge(rules_copy).rules, (), ("agreement_on_cooperation",))
    other = engine_module.engine_for(load_knowledge().rules[:1], (), ("agreement_on_cooperation",))
    assert first is again
    assert other is not first


def test_the_engine_derives_conclusions_from_facts() -> None:
    """Asserting a partner's relationships yields the permissions and prohibitions of the rules."""
    knowledge = load_knowledge()
    engine = engine_module.Engine(
        knowledge.rules, knowledge.data_types.values(), knowledge.relationship_kinds
    )
    every_rule = frozenset(rule.id for rule in knowledge.rules)
    derived = engine.derive(
        [
            engine_module.Profile(
                "Examplestan", frozenset({"working_arrangement"}), frozenset({"WA-STRATEGIC"})
            )
        ]
    )
    summary = {(c.effect.value, c.data_type, c.rule, c.via) for c in derived["Examplestan"]}
    assert summary == {
        ("permit", "strategic", "WA-STRATEGIC", None),
        ("permit", "best_practices", "WA-STRATEGIC", None),
    }
    excluded = engine.derive(
        [engine_module.Profile("Examplestan", frozenset({"working_arrangement"}), every_rule)]
    )
    found = {(c.effect.value, c.data_type, c.rule) for c in excluded["Examplestan"]}
    assert ("not_a_basis", "personal_data", "WA-NO-PERSONAL-DATA") in found
    assert ("route", "personal_data", "ROUTE-SAFEGUARDS") in found
    assert ("route", "personal_data", "ROUTE-NON-PERSONAL-PART") not in found  # routes are not inherited
    chained = engine.derive(
        [engine_module.Profile("Otherland", frozenset({"agreement_on_cooperation"}), every_rule)]
    )
    vias = {(c.data_type, c.via) for c in chained["Otherland"] if c.rule == "AGR-OPERATIONAL"}
    assert vias == {("operational", None), ("evidence", "operational"), ("personal_data", "operational")}


def test_many_partners_are_derived_without_exhausting_working_memories() -> None:
    """Each partner gets a working memory that is freed afterwards: more than 1,024 partners work."""
    knowledge = load_knowledge()
    engine = engine_module.Engine(
        knowledge.rules, knowledge.data_types.values(), knowledge.relationship_kinds
    )
    profiles = [
        engine_module.Profile(f"P{i}", frozenset({"contact_point"}), frozenset({"CP-LEGAL-SYSTEMS"}))
        for i in range(1500)
    ]
    derived = engine.derive(profiles)
    assert len(derived) == 1500
    assert all(len(conclusions) == 1 for conclusions in derived.values())
    assert evaluate("Norway", "strategic", knowledge=knowledge).outcome is Outcome.ALLOWED


def test_an_engine_whose_first_question_fires_no_rule_does_not_crash() -> None:
    """durable_rules aborts the process when its first working memory fired nothing: the engine warms up."""
    code = (
        "from sharing_rules import load_knowledge\n"
        "from sharing_rules import _engine as e\n"
        "k = load_knowledge()\n"
        "engine = e.Engine(k.rules, k.data_types.values(), k.relationship_kinds)\n"
        "found = engine.derive([e.Profile('Nowhere', frozenset(), frozenset())])\n"
        "print(len(found['Nowhere']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "0"), done.stderr[-500:]
