"""Cold start: what a fresh process pays before it can answer its first question.

- Whole process: the wall time of ``python -c "import sharing_rules; sharing_rules.load_knowledge()"``,
  measured from outside (interpreter start, imports and the load), median of several runs; next to it the
  same for ``python -c pass``, the interpreter alone.
- In process: in a fresh process, the time of ``import sharing_rules``, of the first ``load_knowledge()``
  after it (the imports excluded), and the median of the loads that follow in the same process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from benchmarks.common import ROOT, Effort

LOAD = "import sharing_rules; sharing_rules.load_knowledge()"

WORKER = """
import json, statistics, sys, time
start = time.perf_counter()
import sharing_rules
imported = time.perf_counter()
sharing_rules.load_knowledge()
first = time.perf_counter()
samples = []
for _ in range(int(sys.argv[1])):
    begin = time.perf_counter()
    sharing_rules.load_knowledge()
    samples.append(time.perf_counter() - begin)
print(json.dumps({
    "import_ms": (imported - start) * 1e3,
    "first_load_ms": (first - imported) * 1e3,
    "next_loads_ms": statistics.median(samples) * 1e3,
}))
"""
"""Run with ``python -c WORKER LOADS``: times the import and the loads inside a fresh process."""


@dataclass(frozen=True)
class ColdStart:
    """The cold-start figures, in milliseconds."""

    process_ms: float
    """Median wall time of a fresh process that imports sharing-rules and loads the shipped knowledge."""
    interpreter_ms: float
    """Median wall time of a fresh ``python -c pass``."""
    import_ms: float
    """Median time of ``import sharing_rules`` in a fresh process."""
    first_load_ms: float
    """Median time of the first load in a fresh process, after the imports."""
    next_loads_ms: float
    """Median time of the loads after the first, in the same process."""
    runs: int


def _wall_ms(code: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def measure(effort: Effort) -> ColdStart:
    """Measure the cold start (``effort.runs`` fresh processes of each kind)."""
    inside = []
    for _ in range(effort.runs):
        command = [sys.executable, "-c", WORKER, str(max(effort.runs, 3))]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        inside.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return ColdStart(
        process_ms=_wall_ms(LOAD, effort.runs),
        interpreter_ms=_wall_ms("pass", effort.runs),
        import_ms=statistics.median(run["import_ms"] for run in inside),
        first_load_ms=statistics.median(run["first_load_ms"] for run in inside),
        next_loads_ms=statistics.median(run["next_loads_ms"] for run in inside),
        runs=effort.runs,
    )
