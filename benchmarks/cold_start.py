"""Cold start: what a fresh process pays before it can answer its first question.

- Whole process: the wall time of ``python -c "import sharing_rules; sharing_rules.load_knowledge()"``,
  measured from outside (interpreter start, imports and the load), median of several runs; next to it the
  same for ``python -c pass``, the interpreter alone.
- In process: in a fresh process, the time of ``import sharing_rules``, of the first ``load_knowledge()``
  after it (the imports excluded), and the median of the loads that follow in the same process.
- The command line: the wall time of a fresh ``sharing-rules evaluate Norway evidence`` next to a fresh
  ``python -c pass`` (runs interleaved, median of 10), as a user runs it: bytecode written, after one
  run that fills the cache (of the day's answers, in a temporary cache directory); and with the cache off.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import ROOT, Effort

LOAD = "import sharing_rules; sharing_rules.load_knowledge()"

WORKER = """
import json, statistics, sys, time
start = time.perf_counter()
import sharing_rules
import sharing_rules._api  # the package namespace loads on first use: import the library whole here
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
    command: CommandStart


QUESTION = ("evaluate", "Norway", "evidence")
COMMAND_RUNS = 10


@dataclass(frozen=True)
class CommandStart:
    """A fresh ``sharing-rules evaluate Norway evidence`` next to a fresh ``python -c pass``, in ms."""

    command_ms: float
    """Median wall time of the command, the day's answers cached."""
    interpreter_ms: float
    """Median wall time of ``python -c pass``, timed between the command's runs."""
    no_cache_ms: float
    """Median wall time of the command with the cache off (``SHARING_RULES_NO_CACHE=1``)."""
    runs: int

    @property
    def ratio(self) -> float:
        """The command's time over the interpreter's."""
        return self.command_ms / self.interpreter_ms


def command_line() -> list[str]:
    """The command as a user runs it: the ``sharing-rules`` script beside this Python, or ``-m``."""
    script = Path(sys.executable).with_name("sharing-rules")
    if script.is_file():
        return [str(script), *QUESTION]
    return [sys.executable, "-m", "sharing_rules", *QUESTION]


def _timed_ms(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1e3


def measure_command(runs: int = COMMAND_RUNS) -> CommandStart:
    """Time the command, the interpreter and the command without cache, in interleaved fresh processes."""
    with tempfile.TemporaryDirectory(prefix="sharing-rules-bench-") as cache:
        environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        environment |= {"SHARING_RULES_CACHE_DIR": cache}
        environment.pop("SHARING_RULES_NO_CACHE", None)
        uncached = environment | {"SHARING_RULES_NO_CACHE": "1"}
        command = command_line()
        _timed_ms(command, environment)  # writes the bytecode and the day's answers, as a first use does
        samples: dict[str, list[float]] = {"command": [], "pass": [], "no cache": []}
        for _ in range(runs):
            samples["pass"].append(_timed_ms([sys.executable, "-c", "pass"], environment))
            samples["command"].append(_timed_ms(command, environment))
            samples["no cache"].append(_timed_ms(command, uncached))
    return CommandStart(
        command_ms=statistics.median(samples["command"]),
        interpreter_ms=statistics.median(samples["pass"]),
        no_cache_ms=statistics.median(samples["no cache"]),
        runs=runs,
    )


def _wall_ms(code: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def measure(effort: Effort) -> ColdStart:
    """Measure the cold start (``effort.runs`` fresh processes of each kind)."""
    _wall_ms(LOAD, 1)  # writes the bytecode and the stored proof (see README), as a first use does
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
        command=measure_command(COMMAND_RUNS if effort.runs >= COMMAND_RUNS - 1 else effort.runs),
    )
