"""The benchmarks run, and their peers answer the policy's questions as sharing-rules does.

No time is asserted here (speed is reported by benchmarks/run.py, not tested). What is tested is that each
benchmark module runs its quick path on tiny sizes, and - a real correctness check of the comparison - that
every peer engine that is installed gives sharing-rules' answer to every question of the policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import cerbos, cold_start, peers, run, scale
from benchmarks.common import Effort, policy_questions

from sharing_rules import DataType, Effect, KnowledgeBase, load_knowledge

TINY = Effort(calls=20, batches=1, runs=1)


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge()


@pytest.mark.parametrize("name", list(peers.PEERS))
def test_every_peer_answers_the_policy_as_sharing_rules_does(knowledge: KnowledgeBase, name: str) -> None:
    """Each contender, if installed, allows exactly what sharing-rules allows, on every question."""
    try:
        ask = peers.PEERS[name](knowledge)
    except ImportError as error:
        pytest.skip(f"{name} is not installed ({error.name}): pip install -e .[bench]")
    contender = peers.Built(name, ask)
    assert peers.disagreements(knowledge, contender) == []


def test_the_policy_questions_cover_both_answers(knowledge: KnowledgeBase) -> None:
    """The questions the peers are checked on include refusals, and an allowed exchange of every kind.

    Of every kind that some rule permits, itself or through a kind that includes it.
    """
    answers = {(kind, knowledge.decide(p, kind).allowed) for p, kind in policy_questions(knowledge)}
    assert {allowed for _, allowed in answers} == {True, False}

    def with_parts(kind: str) -> set[str]:
        return {kind}.union(*(with_parts(part) for part in knowledge.data_types[DataType(kind)].includes))

    permits = [rule for rule in knowledge.rules if rule.effect is Effect.PERMIT]
    permitted = set().union(*(with_parts(kind) for rule in permits for kind in rule.data_types))
    assert DataType.OPERATIONAL.value in permitted
    assert {kind for kind, allowed in answers if allowed} == permitted


def test_a_peer_that_answers_wrongly_is_caught(knowledge: KnowledgeBase) -> None:
    """The agreement check bites: a contender that allows everything is reported as wrong, not timed."""
    liberal = peers.Built("allows everything", lambda partner, data_type: True)
    assert peers.disagreements(knowledge, liberal)


def test_the_peer_table_has_a_time_or_a_reason_for_every_contender(knowledge: KnowledgeBase) -> None:
    """Every contender gets a time, or is reported unavailable; none is reported wrong."""
    rows = peers.measure(knowledge, TINY)
    assert [row.name for row in rows] == list(peers.PEERS)
    for row in rows:
        assert row.per_call_us is not None or row.note.startswith("unavailable"), row
    assert all(row.per_call_us is not None for row in rows if row.name in {peers.SHARING_RULES, peers.FLOOR})


@pytest.mark.slow
def test_the_cold_start_benchmark_runs() -> None:
    """The cold-start benchmark starts fresh processes and reports each figure."""
    cold = cold_start.measure(TINY)
    assert cold.process_ms > cold.first_load_ms > 0
    assert cold.import_ms > 0
    assert cold.next_loads_ms > 0
    command = cold.command  # each figure measured (no timing is asserted: see the module docstring)
    assert min(command.command_ms, command.interpreter_ms, command.no_cache_ms) > 0
    assert command.ratio == command.command_ms / command.interpreter_ms


def test_the_scale_benchmark_builds_and_measures_synthetic_knowledge() -> None:
    """Synthetic knowledge bases of a few partners load in a worker, which asks about every partner."""
    results = scale.measure(TINY, sizes=(3, 8))
    assert [(r.partners, r.questions) for r in results] == [(3, 3 * len(DataType)), (8, 8 * len(DataType))]
    assert all(r.peak_rss_mb >= r.rss_before_load_mb > 0 for r in results)


def test_the_synthetic_partners_are_valid_knowledge(tmp_path: Path) -> None:
    """The synthetic partners.yaml loads, with the relationships it was written with."""
    rules = scale.write_rules(tmp_path / "rules", 40)
    loaded = load_knowledge(rules)
    written = scale.synthetic_partners(40)["partners"]
    assert isinstance(written, list)
    assert [p.name for p in loaded.partners] == [p["name"] for p in written]
    assert {r.kind for p in loaded.partners for r in p.relationships} == set(scale.RELATIONSHIPS)


@pytest.mark.slow
def test_the_quick_report_runs_every_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    """``benchmarks/run.py --quick`` prints every section, the machine and the targets, and no wrong peer."""
    assert run.main(["--quick"]) == 0
    report = capsys.readouterr().out
    for heading in ("evaluate() next to a dict look-up", "peer engines", "Cold start", "Scale", "CPU"):
        assert heading in report
    assert report.count("Target") >= 5
    assert "WRONG" not in report


def test_the_cerbos_benchmark_skips_plainly_when_cerbos_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a Cerbos binary the peer is skipped with a message saying how to install it."""
    monkeypatch.setattr(cerbos, "binary", lambda: None)
    found = cerbos.measure(1.0, 1)
    assert isinstance(found, str)
    assert "scripts/install_cerbos.sh" in found
    assert cerbos.report(found, 1) == [found]


def test_an_answer_cerbos_did_not_give_to_the_question_is_never_read_as_allowed() -> None:
    """Only an answer of exactly one result whose ``share`` action is EFFECT_ALLOW counts as allowed."""
    allowed = {"results": [{"actions": {"share": "EFFECT_ALLOW"}}]}
    assert cerbos.cerbos_allows(allowed)
    assert not cerbos.cerbos_allows({"results": [{"actions": {"share": "EFFECT_DENY"}}]})
    assert not cerbos.cerbos_allows({"results": []})
    assert not cerbos.cerbos_allows({"results": [allowed["results"][0], allowed["results"][0]]})
    assert not cerbos.cerbos_allows({})


@pytest.mark.slow
def test_cerbos_answers_the_policy_as_sharing_rules_does(knowledge: KnowledgeBase) -> None:
    """Cerbos, when installed, allows exactly what sharing-rules allows on every question of the policy."""
    found = cerbos.binary()
    if found is None:
        pytest.skip("Cerbos is not installed: scripts/install_cerbos.sh")
    theirs, _, ours = cerbos.bodies(knowledge)
    with cerbos.running(found) as base:
        answers = [cerbos.cerbos_allows(cerbos.post(f"{base}/api/check/resources", body)) for body in theirs]
    assert answers == ours
    assert any(ours)
    assert not all(ours)
