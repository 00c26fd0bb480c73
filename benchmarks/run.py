"""Benchmarks: how fast sharing-rules answers, next to the floor of a plain dict look-up.

    python3 scripts/dev.py bench            # or: .venv/bin/python benchmarks/run.py [--quick]

Prints, for each workload, the median time per call over many batches, and the ratio to a dict look-up
measured in the same run. Targets are printed beside the measurements; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sharing_rules import DataType, evaluate, load_knowledge

TARGET_EVALUATE_US = 5.0


def per_call_us(function: Callable[[], object], calls: int, batches: int) -> float:
    """Median over ``batches`` of the time per call, in microseconds, of ``calls`` calls in a row."""
    samples = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


def cycling(questions: Sequence[tuple[str, DataType | str]], ask: Callable[[str, DataType | str], object]) -> Callable[[], object]:
    """A zero-argument call that asks the next question of the list each time."""
    state = {"i": 0}
    size = len(questions)

    def call() -> object:
        i = state["i"]
        state["i"] = i + 1 if i + 1 < size else 0
        partner, data_type = questions[i]
        return ask(partner, data_type)

    return call


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls: a smoke run")
    args = parser.parse_args(argv)
    calls, batches = (2_000, 5) if args.quick else (20_000, 25)

    start = time.perf_counter()
    knowledge = load_knowledge()
    load_ms = (time.perf_counter() - start) * 1e3
    evaluate("Norway", "strategic")  # warm the default knowledge base

    canonical = [(p.name, t) for p in knowledge.partners for t in DataType]
    typed = [
        (alias, t.value.replace("_", " "))
        for p in knowledge.partners
        for alias in (p.aliases[:1] or (p.name.upper(),))
        for t in DataType
    ]
    others = [(name, t.value) for name in ("Brazil", "Japan", "JPN", "Korea, Republic of") for t in DataType]
    table = {(p, t): knowledge.decide(p, t) for p, t in canonical}

    floor = per_call_us(cycling(canonical, lambda p, t: table[(p, t)]), calls, batches)
    rows = [
        ("dict look-up (floor)", floor),
        ("evaluate(name, DataType)", per_call_us(cycling(canonical, evaluate), calls, batches)),
        ("evaluate(alias, 'spaced text')", per_call_us(cycling(typed, evaluate), calls, batches)),
        ("evaluate(other country)", per_call_us(cycling(others, evaluate), calls, batches)),
    ]
    print(f"sharing-rules benchmarks - {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}; {calls} calls x {batches} batches")
    print(f"Load of the shipped knowledge (in process, after import): {load_ms:.1f} ms\n")
    print(f"{'workload':<34}{'median per call':>17}{'x dict':>9}")
    for name, value in rows:
        print(f"{name:<34}{value:>14.3f} us{value / floor:>9.1f}")
    worst = max(value for name, value in rows[1:])
    verdict = "met" if worst <= TARGET_EVALUATE_US else "MISSED"
    print(f"\nTarget: evaluate() median <= {TARGET_EVALUATE_US} us per call: {verdict} (slowest workload {worst:.3f} us).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
