"""What proving the invariants of the law (rules/invariants.yaml) costs at each load.

Measured in process on the shipped knowledge, medians of several runs:

- the proof over every combination of relationships, on every period of the rules (done once per set of
  rules in a process, then remembered: the first load pays it);
- the proof over every decision of the knowledge's partners (every load pays it);
- a whole load when the first is remembered, and when it is not.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from benchmarks.common import Effort
from sharing_rules import _derive as derive  # the cost of the private prover is what is measured
from sharing_rules import _invariants as invariants
from sharing_rules import load_knowledge


@dataclass(frozen=True)
class Measured:
    """The proof's cost, in milliseconds (medians)."""

    combinations_ms: float
    partners_ms: float
    load_remembered_ms: float
    load_not_remembered_ms: float
    invariants: int
    combinations: int
    periods: int
    decisions: int
    runs: int


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def measure(effort: Effort) -> Measured:
    """Time the two halves of the proof and whole loads with and without the first remembered."""
    runs = max(3, effort.runs)
    knowledge = load_knowledge()
    content, tables = knowledge._content, knowledge._tables  # measured on purpose
    prover = invariants.Prover(content, tables.deriver.engine, tables.deriver.decider)
    combinations, partners, remembered, fresh = [], [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        prover._hypothetical()  # the half that is remembered
        combinations.append(_ms(started))
        started = time.perf_counter()
        periods = derive._partner_periods(content, tables.deriver, tables.decisions)
        prover._partners(knowledge.invariants, periods, invariants._Counts())
        partners.append(_ms(started))
        started = time.perf_counter()
        load_knowledge()
        remembered.append(_ms(started))
        invariants._REMEMBERED.clear()  # forget the proof over every combination
        started = time.perf_counter()
        load_knowledge()
        fresh.append(_ms(started))
    proof = knowledge.proof
    return Measured(
        combinations_ms=statistics.median(combinations),
        partners_ms=statistics.median(partners),
        load_remembered_ms=statistics.median(remembered),
        load_not_remembered_ms=statistics.median(fresh),
        invariants=len(proof.invariants),
        combinations=proof.combinations,
        periods=proof.periods,
        decisions=sum(proof.checked.values()),
        runs=runs,
    )
