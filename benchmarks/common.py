"""What every benchmark shares: timing, the policy's questions, and how results are printed."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sharing_rules import DataType, KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
"""The top of the checkout (benchmarks run their workers from here)."""

Ask = Callable[[str, str], object]
"""One question: a partner's name and a kind of information (its value), in; an answer out."""


@dataclass(frozen=True)
class Effort:
    """How hard to measure: calls per batch, batches, and repetitions of whole-process runs."""

    calls: int
    batches: int
    runs: int

    @classmethod
    def choose(cls, quick: bool) -> Effort:
        """A smoke run's effort, or a real one."""
        return cls(calls=500, batches=3, runs=2) if quick else cls(calls=20_000, batches=25, runs=9)


def per_call_us(function: Callable[[], object], calls: int, batches: int) -> float:
    """Median over ``batches`` of the time per call, in microseconds, of ``calls`` calls in a row."""
    samples = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


def cycling(questions: Sequence[tuple[str, str]], ask: Ask) -> Callable[[], object]:
    """A zero-argument call that asks the next question of the list each time, round and round."""
    position = 0
    size = len(questions)

    def call() -> object:
        nonlocal position
        partner, data_type = questions[position]
        position = position + 1 if position + 1 < size else 0
        return ask(partner, data_type)

    return call


def policy_questions(knowledge: KnowledgeBase) -> list[tuple[str, str]]:
    """Every partner of ``knowledge`` by its name, with every kind of information by its value."""
    return [(partner.name, kind.value) for partner in knowledge.partners for kind in DataType]


def machine() -> str:
    """The date and the machine, for the head of a report."""
    cpus = os.cpu_count() or 0
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; Python {platform.python_version()}"
        f" ({platform.python_implementation()}); {platform.platform()}; {platform.machine()},"
        f" {cpus} CPU{'s' if cpus != 1 else ''}"
    )


def verdict(met: bool) -> str:
    """How a target reads in the report."""
    return "met" if met else "MISSED"
