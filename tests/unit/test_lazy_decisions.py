"""Decisions written when first asked for, and questions about today answered from the day's tables."""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from weakref import WeakValueDictionary

import pytest

from sharing_rules import (
    DataType,
    Decision,
    KnowledgeBase,
    KnowledgeBaseError,
    _cache,
    _invariants,
    _knowledge,
    _timeline,
    load_knowledge,
)
from sharing_rules._derive import Cells
from tests.unit.conftest import Editor


def _cells(knowledge: KnowledgeBase) -> list[Cells]:
    return [
        table
        for timeline in knowledge._tables.decisions.values()  # the derived tables, looked at on purpose
        for table in timeline.values
        if isinstance(table, Cells)
    ]


def test_a_load_writes_no_decision_until_one_is_asked_for(rules_copy: Path) -> None:
    """A load derives the outcomes and proves the invariants; a period is written out on first use."""
    knowledge = load_knowledge(rules_copy)  # a directory of its own: no live load of it to reuse
    assert knowledge.proof.checked  # the invariants were proven on every period at the load
    cells = _cells(knowledge)
    assert cells
    assert all(dict.__len__(table) == 0 for table in cells)
    decision = knowledge.decide("Norway", DataType.EVIDENCE, date(2024, 9, 30))
    written = [table for table in cells if dict.__len__(table)]
    assert len(written) == 1  # that period only, every kind of it
    assert set(written[0]) == set(knowledge.data_types)
    assert written[0][DataType.EVIDENCE] is decision


def test_a_decision_written_later_is_the_one_a_whole_load_would_give(rules_copy: Path) -> None:
    """Every decision, written lazily in any order, equals the same decision asked of another load."""
    first, second = load_knowledge(rules_copy), load_knowledge()
    day = date(2024, 9, 30)
    kinds = list(first.data_types)
    for partner in first.partners:
        for kind in kinds:
            a = first.decide(partner.name, kind, day)
            b = second.decide(partner.name, kind, day)
            assert a == b
            assert a is not b
        kinds.reverse()  # another order of writing for the next partner


def test_threads_asking_at_once_get_the_very_same_decision() -> None:
    """A period's decisions are written once even when many threads ask for them at the same moment."""
    knowledge = load_knowledge()
    start = threading.Barrier(8)
    found: list[Decision] = []

    def ask() -> None:
        start.wait()
        found.append(knowledge.decide("Albania", DataType.PERSONAL_DATA, date(2024, 9, 30)))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8
    assert all(decision is found[0] for decision in found)


def _noon_in_the_hague(day: date) -> float:
    return datetime.combine(day, time(12), _timeline.SEAT).astimezone(UTC).timestamp()


def test_a_question_about_today_follows_the_day_when_it_changes(
    shipped: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today's answers are kept for the day only: the day after, the same question gets that day's answer."""
    knowledge = load_knowledge()
    last = knowledge.speaks_for
    for day in (last, last + timedelta(days=1), last):
        moment = _noon_in_the_hague(day)
        monkeypatch.setattr("time.time", lambda moment=moment: moment)  # today() reads the clock
        monkeypatch.setattr(_knowledge, "_clock", lambda moment=moment: moment)
        asked = knowledge.decide("Norway", DataType.EVIDENCE)
        again = knowledge.decide("Norway", DataType.EVIDENCE)
        assert again is asked
        assert asked == knowledge.decide("Norway", DataType.EVIDENCE, day)
        assert asked == shipped.decide("Norway", DataType.EVIDENCE, day)
    after = knowledge.decide("Norway", DataType.EVIDENCE, last + timedelta(days=1))
    assert any("after" in warning for warning in after.warnings)  # a day the knowledge does not speak for
    assert not any("after" in warning for warning in knowledge.decide("Norway", "evidence", last).warnings)


def test_a_live_load_is_reused_only_for_the_same_bytes_of_the_same_directory(rules_copy: Path) -> None:
    """Loading again what is loaded and in use reuses its derivation; other bytes are loaded afresh.

    Edited rules, another directory with the same files, or a load no longer referred to: each is derived
    and proven again.
    """
    first = load_knowledge(rules_copy)
    again = load_knowledge(rules_copy)
    assert again is not first
    assert again._tables is first._tables  # the same bytes: what was derived and proven holds
    assert load_knowledge()._tables is not first._tables  # the shipped directory: another one
    knowledge_file = rules_copy / "knowledge.yaml"
    knowledge_file.write_bytes(knowledge_file.read_bytes() + b"# edited\n")
    edited = load_knowledge(rules_copy)
    assert edited._tables is not first._tables
    assert edited.version != first.version
    key = (str(rules_copy), edited.version)
    assert _knowledge._LOADED.get(key) is edited
    del edited
    gc.collect()
    assert _knowledge._LOADED.get(key) is None  # no longer in use: nothing is kept for it


def _forget_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proof kept in this process, and no live load reused: the next load looks at the stored proof."""
    monkeypatch.setattr(_invariants, "_REMEMBERED", OrderedDict())
    monkeypatch.setattr(_knowledge, "_LOADED", WeakValueDictionary())


def _proved(monkeypatch: pytest.MonkeyPatch, rules: Path) -> list[str]:
    """Load ``rules`` afresh; return which half of the proof the load computed ("combinations" if it did)."""
    computed: list[str] = []
    real = _invariants.Prover._hypothetical

    def counted(self: _invariants.Prover) -> tuple[int, int, dict[str, int]]:
        computed.append("combinations")
        return real(self)

    _forget_in_process(monkeypatch)
    monkeypatch.setattr(_invariants.Prover, "_hypothetical", counted)
    load_knowledge(rules)
    return computed


def test_the_proof_over_every_combination_is_stored_and_reused_for_the_same_rules_only(
    rules_copy: Path, edit: Editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh process reuses the stored proof of the very same rules; other rules are proven afresh."""
    assert _proved(monkeypatch, rules_copy) in (["combinations"], [])  # stored by now either way
    assert _proved(monkeypatch, rules_copy) == []  # the same rules: read from the store
    proof = load_knowledge(rules_copy).proof
    edit("invariants.yaml", lambda content: content["invariants"].pop())
    assert _proved(monkeypatch, rules_copy) == [
        "combinations"
    ]  # other invariants: the stored one is not used
    assert load_knowledge(rules_copy).proof.checked != proof.checked


def test_a_damaged_or_foreign_stored_proof_is_never_used(
    rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored proof whose bytes were altered, or one written for other rules, is proven afresh instead."""
    _proved(monkeypatch, rules_copy)
    knowledge = load_knowledge(rules_copy)
    rules_key = _invariants._rules_key(knowledge._content)
    name, key = _invariants._stored_key(rules_key)
    folder = _cache.directory()
    assert folder is not None
    stored = Path(folder) / name
    original = stored.read_bytes()
    stored.write_bytes(original.replace(b'"combinations":', b'"combinations":1'))  # damaged: its hash fails
    assert _proved(monkeypatch, rules_copy) == ["combinations"]
    forged = {"rules": "0" * 64, "combinations": 1, "periods": 1, "checked": {}}  # another set of rules
    assert _cache.write(name, key, forged)
    assert _proved(monkeypatch, rules_copy) == ["combinations"]
    assert load_knowledge(rules_copy).proof.checked == knowledge.proof.checked


def test_a_period_of_decisions_cannot_be_changed_by_a_caller() -> None:
    """The tables a timeline hands out are read-only: no caller can plant or remove a decision in them."""
    knowledge = load_knowledge()
    table: Any = knowledge.timeline("Norway").at(date(2024, 9, 30))  # tried as a caller's code might
    decision = table[DataType.EVIDENCE]
    attempts = [
        lambda: table.__setitem__(DataType.EVIDENCE, decision),
        lambda: table.__delitem__(DataType.EVIDENCE),
        lambda: table.update({}),
        lambda: table.pop(DataType.EVIDENCE),
        table.popitem,
        table.clear,
        lambda: table.setdefault(DataType.EVIDENCE, decision),
    ]
    for attempt in attempts:
        with pytest.raises(TypeError, match="cannot be changed"):
            attempt()
    assert knowledge.decide("Norway", DataType.EVIDENCE, date(2024, 9, 30)) is decision
    assert len(table) == len(knowledge.data_types)


def test_a_load_in_use_never_hides_what_makes_the_same_bytes_refused(rules_copy: Path) -> None:
    """A file the rules directory must not hold refuses the load even while its files' bytes are in use."""
    knowledge = load_knowledge(rules_copy)
    (rules_copy / "stray.yaml").write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"stray\.yaml"):
        load_knowledge(rules_copy)
    (rules_copy / "stray.yaml").unlink()
    assert load_knowledge(rules_copy)._tables is knowledge._tables
