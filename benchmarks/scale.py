"""Scale: synthetic knowledge bases of many partners, each loaded and asked in a process of its own.

For each size, a rules directory is written (the shipped rules with a ``partners.yaml`` of that many
organisations, each with an alias and a random set of relationships, dated as a day, a month, a year or
unknown) and a fresh worker process
(``python -m benchmarks.scale --worker DIR``) loads it and asks it questions. The worker reports:

- load time: ``load_knowledge(DIR)``, wall clock, after the imports;
- per-call time: the median time of ``evaluate(name, kind)`` cycling over every partner and kind (in a
  shuffled order), and of a dict look-up of the same decisions in the same order (what the memory
  hierarchy alone costs as the working set grows);
- peak memory: the worker's peak resident set size (Linux: ``VmHWM``; elsewhere ``ru_maxrss``) - the whole
  process, interpreter and imports included - and the same figure just before the load, so that the
  load's share shows.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import yaml

from benchmarks.common import ROOT, Effort, cycling, per_call_us
from sharing_rules import DataType, evaluate, load_knowledge, shipped_rules

RELATIONSHIPS = (
    "agreement_on_cooperation",
    "union_agreement",
    "working_arrangement",
    "liaison_prosecutor",
    "contact_point",
    "led_adequacy_decision",
    "adequacy_decision",
    "limited_adequacy_decision",
)
CITATIONS = {
    "agreement_on_cooperation": "AGR-2",
    "union_agreement": "AGR-1",
    "working_arrangement": "WA-3",
    "liaison_prosecutor": "LP-2",
    "contact_point": "CP-1",
    "led_adequacy_decision": "LED-36",
    "adequacy_decision": "GDPR-45",
    "limited_adequacy_decision": "GDPR-45",
}
AGREEMENTS = {"agreement_on_cooperation", "union_agreement"}
"""A liaison prosecutor is posted under one of these: a partner has one only with an agreement."""
STARTS: tuple[dict[str, object], ...] = (
    {"from": date(2010, 3, 1)},
    {"from": "2016-10"},
    {"from": 2005},
    {"from": "unknown", "known_by": date(2018, 6, 13)},
    {"from": "unknown"},
)
"""How precisely a synthetic relationship's entry into force is known: a day, a month, a year, or not."""
SIGNED = {"agreement_on_cooperation": date(2004, 6, 1)}
"""An agreement on cooperation says when it was signed (before 2019-12-12, and before any start above)."""
POSTED_STARTS = STARTS[3:]
"""A liaison prosecutor's start: never before the agreement it is posted under can have taken effect."""
SIZES = (30, 100, 1_000, 10_000)
QUICK_SIZES = (5, 20)
BASELINE = 30
"""The size the per-call time at scale is compared with (about the shipped knowledge's size)."""


def synthetic_partners(count: int, seed: int = 6) -> dict[str, object]:
    """The content of a ``partners.yaml`` with ``count`` organisations and random relationships."""
    rng = random.Random(seed)
    partners = []
    for number in range(1, count + 1):
        kinds = [kind for kind in RELATIONSHIPS if rng.random() < 0.4]  # a fair mix
        if AGREEMENTS.isdisjoint(kinds):
            kinds = [kind for kind in kinds if kind != "liaison_prosecutor"]
        relationships = [
            {
                "kind": kind,
                "statements": [CITATIONS[kind]],
                **({"signed": SIGNED[kind]} if kind in SIGNED else {}),
                **rng.choice(POSTED_STARTS if kind == "liaison_prosecutor" else STARTS),
            }
            for kind in kinds
        ]
        partners.append(
            {
                "name": f"Partner {number:05d}",
                "kind": "organisation",
                "aliases": [f"P{number:05d} network"],
                "relationships": relationships,
            }
        )
    return {"partners": partners}


def write_rules(target: Path, count: int) -> Path:
    """A rules directory at ``target``: the shipped rules with ``count`` synthetic partners."""
    shutil.copytree(shipped_rules(), target)
    text = yaml.safe_dump(synthetic_partners(count), sort_keys=False, allow_unicode=True)
    (target / "partners.yaml").write_text(text, encoding="utf-8")
    # a former Member State must be one of the partners: the synthetic partners name none
    members = target / "member_states.yaml"
    document = yaml.safe_load(members.read_text(encoding="utf-8"))
    document.pop("former_member_states", None)
    members.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    invariants = target / "invariants.yaml"  # nor may an invariant check one
    document = yaml.safe_load(invariants.read_text(encoding="utf-8"))
    for invariant in document["invariants"]:
        invariant.pop("refused_until", None)
    invariants.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


@dataclass(frozen=True)
class Measured:
    """What one worker measured on one synthetic knowledge base."""

    partners: int
    load_s: float
    per_call_us: float
    dict_per_call_us: float
    """A dict look-up of the same decisions, cycling over the same questions: the memory's share."""
    peak_rss_mb: float
    rss_before_load_mb: float
    questions: int


def peak_rss_mb() -> float:
    """The peak resident set size of this process so far, in MB.

    On Linux this is ``VmHWM`` from /proc/self/status, which starts afresh when the process starts (the
    ``ru_maxrss`` of a child started by fork and exec keeps the parent's peak). Elsewhere, ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def worker(rules: Path, calls: int, batches: int) -> Measured:
    """Load ``rules``, then time questions about every partner; runs inside the worker process."""
    before = peak_rss_mb()
    start = time.perf_counter()
    knowledge = load_knowledge(rules)
    load_s = time.perf_counter() - start
    questions = [(p.name, kind.value) for p in knowledge.partners for kind in DataType]
    random.Random(1).shuffle(questions)

    def ask(partner: str, data_type: str) -> object:
        return evaluate(partner, data_type, knowledge=knowledge)

    table = {(partner, data_type): knowledge.decide(partner, data_type) for partner, data_type in questions}

    def look_up(partner: str, data_type: str) -> object:
        return table[(partner, data_type)]

    per_call = per_call_us(cycling(questions, ask), calls, batches)
    floor = per_call_us(cycling(questions, look_up), calls, batches)
    peak = peak_rss_mb()
    return Measured(len(knowledge.partners), load_s, per_call, floor, peak, before, len(questions))


def run_worker(rules: Path, effort: Effort) -> Measured:
    """Measure ``rules`` in a fresh worker process."""
    command = [sys.executable, "-m", "benchmarks.scale", "--worker", str(rules)]
    command += ["--calls", str(effort.calls), "--batches", str(effort.batches)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the scale worker failed on {rules}:\n{done.stderr}")
    return Measured(**json.loads(done.stdout.strip().splitlines()[-1]))


def measure(effort: Effort, sizes: Sequence[int] = SIZES) -> list[Measured]:
    """Write a synthetic knowledge base of each size and measure each in its own worker."""
    results = []
    with tempfile.TemporaryDirectory(prefix="sharing-rules-scale-") as scratch:
        for size in sizes:
            rules = write_rules(Path(scratch) / f"rules-{size}", size)
            results.append(run_worker(rules, effort))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """The worker's entry point (``--worker DIR``)."""
    parser = argparse.ArgumentParser(description="Scale benchmark worker.")
    parser.add_argument("--worker", type=Path, required=True, help="the rules directory to measure")
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--batches", type=int, default=25)
    args = parser.parse_args(argv)
    print(json.dumps(asdict(worker(args.worker, args.calls, args.batches))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
