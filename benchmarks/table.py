"""Every row of the performance table in one run, each next to its peer or floor measured in the same run.

    .venv/bin/python benchmarks/table.py [--quick] [--seconds 5]

Rows: ``evaluate`` per call (a dict of precomputed decisions, zen-engine, cedarpy, pycasbin: answers
checked first, see ``peers``); the load of the shipped knowledge when warm (a load of bytes already
loaded and in use, and a load derived and proven afresh in the same process) next to reading its YAML
alone; a cold ``python -c "import sharing_rules; sharing_rules.evaluate(...)"`` next to ``python -c pass``
and to the same one question asked of zen-engine and cedarpy, runs interleaved; synthetic knowledge of
30, 1,000 and 10,000 partners (load, peak memory), each in a worker process; ``sharing-rules validate``
of the 10,000; and the service next to Cerbos PDP (``cerbos``). Prints a Markdown table (the README's),
also written to ``build/performance.md``. Bounded: fixed counts of calls and runs, wrk runs of
``--seconds`` each, loopback only. ``--quick`` is a smoke run of the same code on tiny sizes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import cerbos, peers, scale  # after the path set-up just above
from benchmarks.common import ROOT, Effort, machine  # idem
from sharing_rules import _content, _knowledge, _yaml, load_knowledge, shipped_rules  # idem

COLD = {
    "sharing-rules": "import sharing_rules; sharing_rules.evaluate('Norway', 'evidence')",
    "zen-engine": (
        "import zen; e = zen.ZenEngine({'loader': {'type': 'static', 'content': {'policy': %s}}});"
        " e.evaluate('policy', {'agreement': True, 'administrative': False, 'dataType': 'evidence'})"
    ),
    "cedarpy": (
        "import cedarpy, json; p = cedarpy.PolicySet.from_str(%r);"
        " h = cedarpy.Entities.from_json_str(%r);"
        " cedarpy.is_authorized({'principal': {'type': 'Partner', 'id': 'Norway'},"
        " 'action': {'type': 'Action', 'id': 'share'},"
        " 'resource': {'type': 'DataType', 'id': 'evidence'}}, p, h)"
    ),
}
"""One question in a fresh process, per contender (the peers' policy, as in ``peers``)."""


def _cedar_entities() -> str:
    entities = [
        {"uid": {"type": "Partner", "id": "Norway"}, "attrs": {"agreement": True, "administrative": False}},
        {
            "uid": {"type": "DataType", "id": "evidence"},
            "attrs": {"non_personal": False, "operational": True, "administrative": False},
        },
    ]
    return json.dumps([{**entity, "parents": []} for entity in entities])


def cold_commands() -> dict[str, list[str]]:
    """The fresh-process commands timed side by side (a peer that is not installed is left out)."""
    commands = {"python -c pass": [sys.executable, "-c", "pass"]}
    commands["sharing-rules"] = [sys.executable, "-c", COLD["sharing-rules"]]
    for name, module, code in (
        ("zen-engine", "zen", COLD["zen-engine"] % repr(peers.zen_decision_table())),
        ("cedarpy", "cedarpy", COLD["cedarpy"] % (peers.CEDAR_POLICIES, _cedar_entities())),
    ):
        available = subprocess.run(
            [sys.executable, "-c", f"import {module}"], capture_output=True, check=False
        )
        if available.returncode == 0:
            commands[name] = [sys.executable, "-c", code]
    return commands


def cold_starts(runs: int) -> dict[str, float]:
    """Median wall time (ms) of each fresh-process command, runs interleaved, after one warm-up each."""
    commands = cold_commands()
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True, timeout=120)
            if round_:  # the first round writes bytecode and caches, as a first use does
                samples[name].append((time.perf_counter() - start) * 1e3)
    return {name: statistics.median(values) for name, values in samples.items()}


@dataclass(frozen=True)
class Loads:
    """In-process loads of the shipped knowledge, in ms (medians)."""

    reused: float
    """A load of bytes already loaded and in use."""
    afresh: float
    """A load derived and proven afresh (the proof over every combination remembered, as after a first)."""
    yaml_only: float
    """Reading the YAML files alone."""


def loads(runs: int) -> Loads:
    """Time the three in process."""
    held = load_knowledge()
    folder = shipped_rules()
    reused, afresh, yaml_only = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        load_knowledge()
        reused.append(time.perf_counter() - start)
        _knowledge._LOADED.clear()  # forget the live load: derive again (measured on purpose)
        start = time.perf_counter()
        load_knowledge()
        afresh.append(time.perf_counter() - start)
        _knowledge._LOADED[(str(folder), held.version)] = held
        start = time.perf_counter()
        for name in _content.FILES:
            _yaml.read_yaml(folder / name, name)
        yaml_only.append(time.perf_counter() - start)
    return Loads(*(statistics.median(values) * 1e3 for values in (reused, afresh, yaml_only)))


def validate_s(rules: Path) -> float:
    """Wall time of ``sharing-rules validate`` on ``rules``, in a fresh process (imports included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sharing_rules", "validate", str(rules)], cwd=ROOT,
                   stdout=subprocess.DEVNULL, check=True, timeout=600)  # fmt: skip
    return time.perf_counter() - start


def _ratio(value: float, other: float) -> str:
    return f"{value / other:.1f}x" if other else "-"


def _evaluate_row(effort: Effort) -> str:
    rows = {row.name: row for row in peers.measure(load_knowledge(), effort)}
    ours = rows[peers.SHARING_RULES].per_call_us or 0.0
    floor = rows[peers.FLOOR].per_call_us or 0.0
    others = [(row.per_call_us, name) for name, row in rows.items()
              if row.per_call_us is not None and name not in {peers.SHARING_RULES, peers.FLOOR}]  # fmt: skip
    named = "; ".join(f"{name} {value:.2f} µs" for value, name in sorted(others))
    fastest = min(others)[0] if others else 0.0
    return (
        f"| `evaluate(p, t)` per call | {ours:.3f} µs | dict of precomputed decisions {floor:.3f} µs;"
        f" {named} | {_ratio(fastest, ours)} faster than the fastest peer (target >= 20x);"
        f" {_ratio(ours, floor)} the dict (target <= 3x) |"
    )


def rows(effort: Effort, sizes: Sequence[int], seconds: float) -> list[str]:
    """The table's rows, measured now."""
    lines = ["| measure | now | peer or floor, same run | ratio and target |", "| --- | --- | --- | --- |"]
    lines.append(_evaluate_row(effort))
    found = loads(max(effort.runs, 3))
    lines.append(
        f"| load of the shipped knowledge, warm | {found.reused:.2f} ms (bytes already loaded and in use);"
        f" {found.afresh:.1f} ms derived and proven afresh | YAML reading alone {found.yaml_only:.1f} ms |"
        f" target <= 25 ms, invariants proven |"
    )
    cold = cold_starts(effort.runs)
    floor = cold.pop("python -c pass")
    ours = cold.pop("sharing-rules")
    peer_text = "; ".join(f"{name}'s equivalent {_ratio(value, floor)}" for name, value in cold.items())
    lines.append(
        f'| `python -c "import sharing_rules; evaluate(...)"`, cold | {ours:.0f} ms = {_ratio(ours, floor)}'
        f" `python -c pass` ({floor:.0f} ms) | {peer_text or 'no peer installed'} | target <= 5x |"
    )
    with tempfile.TemporaryDirectory(prefix="sharing-rules-table-") as scratch:
        measured: list[tuple[Path, scale.Measured]] = []
        for size in (sizes[0], *sizes):  # the first twice: its first worker proves and stores the rules
            rules = scale.write_rules(Path(scratch) / f"rules-{size}-{len(measured)}", size)
            measured.append((rules, scale.run_worker(rules, Effort(calls=200, batches=1, runs=1))))
        measured = measured[1:]
        base = measured[0][1]
        loaded = " / ".join(f"{m.load_s:.2f} s" for _, m in measured[1:])
        named = " / ".join(f"{m.partners:,}" for _, m in measured[1:])
        per_partner = " / ".join(f"{m.load_s / m.partners * 1e3:.2f}" for _, m in measured)
        largest_rules, largest = measured[-1]
        ratio = _ratio(largest.load_s, base.load_s)
        lines.append(
            f"| {named} partners: load | {loaded} ({ratio} the {base.partners}-partner load,"
            f" {base.load_s:.2f} s; ms per partner at each size: {per_partner}) | |"
            f" linear; {largest.partners:,} in <= 5 s |"
        )
        lines.append(
            f"| {largest.partners:,} partners: peak memory | {largest.peak_rss_mb:.0f} MB (the whole worker;"
            f" {largest.rss_before_load_mb:.0f} MB before the load) | | <= 300 MB |"
        )
        lines.append(
            f"| `validate` of {largest.partners:,} partners | {validate_s(largest_rules):.1f} s (a fresh"
            " process, imports included) | | <= 5 s |"
        )
    lines += _service_rows(seconds)
    return lines


def _service_rows(seconds: float) -> list[str]:
    runs = cerbos.measure(seconds, 50)
    if isinstance(runs, str):
        return [f"| service, POST /v1/decisions, 50 connections | {runs} | | |"]
    lines = []
    for pinned, ours, theirs in cerbos.pairs(runs):
        how = "1 CPU (taskset)" if pinned else "unpinned"
        lines.append(
            f"| service, POST /v1/decisions, {how}, 50 connections | {ours.requests_per_second:,.0f} req/s,"
            f" {ours.per_cpu_second:,.0f} per CPU-second, p99 {ours.p99_ms:.1f} ms | Cerbos PDP"
            f" {theirs.requests_per_second:,.0f} req/s, {theirs.per_cpu_second:,.0f} per CPU-second, p99"
            f" {theirs.p99_ms:.1f} ms | {_ratio(ours.per_cpu_second, theirs.per_cpu_second)} per CPU"
            f" (target >= 1.5x); p99 at or below Cerbos's: {'yes' if ours.p99_ms <= theirs.p99_ms else 'no'}"
            " |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every row and print the table (and write it to build/performance.md)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: tiny sizes, few calls")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per service run (1 to 60)")
    args = parser.parse_args(argv)
    effort = Effort.choose(args.quick)
    if not args.quick:
        effort = Effort(calls=20_000, batches=9, runs=5)
    sizes = (5, 20, 40) if args.quick else (30, 1_000, 10_000)
    seconds = 1.0 if args.quick else min(max(args.seconds, 1.0), 60.0)
    heading = f"sharing-rules performance table{' (--quick: a smoke run)' if args.quick else ''}; {machine()}"
    table = rows(effort, sizes, seconds)
    print(heading)
    print("\n".join(table))
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    (build / "performance.md").write_text(heading + "\n\n" + "\n".join(table) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
