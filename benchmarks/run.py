"""Benchmarks: how fast sharing-rules answers, next to a dict look-up and to peer engines; cold start; scale.

    python3 scripts/dev.py bench            # or: .venv/bin/python benchmarks/run.py [--quick]

One run prints one report: the date and the machine; evaluate() on several kinds of question next to a
dict look-up measured in the same run; the same policy in sharing-rules and in its peers (pycasbin, cedarpy,
zen-engine, durable_rules asked per request), checked to agree before they are timed; the cold start; and
synthetic knowledge bases of 100 to 10,000 partners. Every time is a median; targets are printed beside the
measurements, and nothing here asserts a time (the report says "MISSED" instead).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import cold_start, invariants, peers, scale  # after the path set-up just above
from benchmarks.common import (  # idem
    Effort,
    cycling,
    machine,
    per_call_us,
    policy_questions,
    verdict,
)
from sharing_rules import (  # idem
    DataType,
    JsonLinesSink,
    configure_records,
    evaluate,
    load_knowledge,
    use_knowledge,
)

TARGET_EVALUATE_US = 5.0
"""evaluate() on any kind of question, median per call."""
TARGET_PEER_FACTOR = 10.0
"""evaluate() at least this many times faster than the fastest peer engine."""
TARGET_FLOOR_FACTOR = 30.0
"""evaluate() at most this many times slower than a dict look-up."""
TARGET_LOAD_MS = 50.0
"""Loading the shipped knowledge, in process, after the imports."""
TARGET_DATE_FACTOR = 2.0
"""evaluate(..., as_of=...) against evaluate() without a date."""
TARGET_COMMAND_FACTOR = 4.0
"""A fresh ``sharing-rules evaluate Norway evidence`` at most this many times ``python -c pass``."""
TARGET_NO_SINK_FACTOR = 1.25
"""evaluate() with records off against the bare decision it returns (what evaluate() was before records)."""
TARGET_SCALE_LOAD_S = 10.0
TARGET_SCALE_SLOWDOWN = 2.0
TARGET_SCALE_MEMORY_MB = 300.0
"""At 10,000 partners: load time, per-call time against the 30-partner case, peak memory."""


def evaluate_workloads(effort: Effort) -> list[tuple[str, float]]:
    """evaluate() on several kinds of question, and the dict look-up floor, in microseconds per call."""
    knowledge = load_knowledge()
    evaluate("Norway", "strategic")  # warm the default knowledge base
    canonical = [(p.name, t) for p in knowledge.partners for t in DataType]
    typed = [
        (alias, t.value.replace("_", " "))
        for p in knowledge.partners
        for alias in (p.aliases[:1] or (p.name.upper(),))
        for t in DataType
    ]
    others = [(name, t.value) for name in ("Brazil", "Japan", "JPN", "Korea, Republic of") for t in DataType]
    table = {(p, t.value): knowledge.decide(p, t) for p, t in canonical}
    by_value = [(p, t.value) for p, t in canonical]
    calls, batches = effort.calls, effort.batches
    return [
        ("dict look-up (floor)", per_call_us(cycling(by_value, lambda p, t: table[(p, t)]), calls, batches)),
        ("evaluate(name, DataType)", per_call_us(cycling(canonical, evaluate), calls, batches)),
        ("evaluate(alias, 'spaced text')", per_call_us(cycling(typed, evaluate), calls, batches)),
        ("evaluate(other country)", per_call_us(cycling(others, evaluate), calls, batches)),
    ]


def report_evaluate(effort: Effort) -> list[str]:
    """The evaluate() table and its target."""
    rows = evaluate_workloads(effort)
    floor = rows[0][1]
    lines = [f"{'workload':<34}{'median per call':>17}{'x dict':>9}"]
    lines += [f"{name:<34}{value:>14.3f} us{value / floor:>9.1f}" for name, value in rows]
    worst = max(value for _, value in rows[1:])
    lines.append(
        f"Target: evaluate() <= {TARGET_EVALUATE_US} us per call on every workload:"
        f" {verdict(worst <= TARGET_EVALUATE_US)} (slowest {worst:.3f} us)."
    )
    return lines


TEXT_DATE_LABEL = "evaluate(..., as_of='2024-09-30')"


def report_dates(effort: Effort) -> list[str]:
    """evaluate() with and without as_of on the same questions: a date must not re-run inference."""
    knowledge = load_knowledge()
    questions = [(p.name, t) for p in knowledge.partners for t in DataType]
    day = date(2024, 9, 30)
    calls, batches = effort.calls, effort.batches
    plain = per_call_us(cycling(questions, evaluate), calls, batches)
    dated = per_call_us(cycling(questions, lambda p, t: evaluate(p, t, as_of=day)), calls, batches)
    text = per_call_us(cycling(questions, lambda p, t: evaluate(p, t, as_of="2024-09-30")), calls, batches)
    worst = max(dated, text) / plain
    return [
        f"{'workload':<40}{'median per call':>17}{'x no date':>11}",
        f"{'evaluate(name, DataType)':<40}{plain:>14.3f} us{1:>11.2f}",
        f"{'evaluate(..., as_of=date(2024, 9, 30))':<40}{dated:>14.3f} us{dated / plain:>11.2f}",
        f"{TEXT_DATE_LABEL:<40}{text:>14.3f} us{text / plain:>11.2f}",
        f"Target: evaluate(..., as_of=...) within {TARGET_DATE_FACTOR:.0f}x of evaluate() without a date:"
        f" {verdict(worst <= TARGET_DATE_FACTOR)} ({worst:.2f}x).",
    ]


def report_records(effort: Effort) -> list[str]:
    """What decision records cost: nothing when off, and the price of a record when on."""
    knowledge = load_knowledge()
    use_knowledge(knowledge)
    questions = [(p.name, t) for p in knowledge.partners for t in DataType]
    calls, batches = effort.calls, effort.batches
    before = per_call_us(cycling(questions, knowledge.decide), calls, batches)
    off = per_call_us(cycling(questions, evaluate), calls, batches)
    with tempfile.TemporaryDirectory(prefix="sharing-rules-records-") as scratch:
        sink = JsonLinesSink(Path(scratch) / "records.jsonl")
        configure_records(sink)
        try:
            jsonl = per_call_us(cycling(questions, evaluate), calls // 4, batches)
            configure_records(lambda record: None)
            callable_sink = per_call_us(cycling(questions, evaluate), calls // 4, batches)
        finally:
            configure_records(None)
            sink.close()
    return [
        f"{'workload':<46}{'median per call':>17}{'x no sink':>11}",
        f"{'the decision alone (KnowledgeBase.decide)':<46}{before:>14.3f} us{before / off:>11.2f}",
        f"{'evaluate(), no sink configured':<46}{off:>14.3f} us{1:>11.2f}",
        f"{'evaluate(), records to a callable doing nothing':<46}{callable_sink:>14.3f} us"
        f"{callable_sink / off:>11.2f}",
        f"{'evaluate(), records to a JSON Lines file':<46}{jsonl:>14.3f} us{jsonl / off:>11.2f}",
        f"Without a sink, evaluate() costs {off / before:.2f}x the bare decision (the check for a sink);"
        f" a JSON Lines record adds {jsonl - off:.1f} us per call.",
        f"Target: evaluate() with no sink no slower than the bare decision, within noise"
        f" ({TARGET_NO_SINK_FACTOR:.2f}x): {verdict(off / before <= TARGET_NO_SINK_FACTOR)}"
        f" ({off / before:.2f}x).",
    ]


def report_peers(effort: Effort) -> list[str]:
    """The peer table (same policy, same questions, answers checked first) and its targets."""
    knowledge = load_knowledge()
    rows = peers.measure(knowledge, effort)
    times = {row.name: row.per_call_us for row in rows}
    ours, floor = times[peers.SHARING_RULES], times[peers.FLOOR]
    lines = [
        f"{len(policy_questions(knowledge))} questions ({len(knowledge.partners)} partners x"
        f" {len(DataType)} kinds of information); every peer's answers checked against sharing-rules first.",
        f"{'engine':<28}{'median per call':>17}{'x sharing-rules':>17}  note",
    ]
    for row in rows:
        if row.per_call_us is None:
            lines.append(f"{row.name:<28}{'-':>17}{'-':>17}  {row.note}")
            continue
        ratio = f"{row.per_call_us / ours:.2f}" if ours else "-"
        lines.append(f"{row.name:<28}{row.per_call_us:>14.3f} us{ratio:>17}  {row.note}")
    contenders = [
        (row.per_call_us, row.name)
        for row in rows
        if row.per_call_us is not None and row.name not in {peers.SHARING_RULES, peers.FLOOR}
    ]
    if ours is not None and contenders:
        fastest, name = min(contenders)
        lines.append(
            f"Target: evaluate() >= {TARGET_PEER_FACTOR:.0f}x faster than the fastest peer ({name}):"
            f" {verdict(fastest / ours >= TARGET_PEER_FACTOR)} ({fastest / ours:.1f}x)."
        )
    else:
        lines.append(
            "Target: evaluate() >= 10x faster than the fastest peer: not measured (no peer available)."
        )
    if ours is not None and floor:
        lines.append(
            f"Target: evaluate() within {TARGET_FLOOR_FACTOR:.0f}x of the dict look-up:"
            f" {verdict(ours / floor <= TARGET_FLOOR_FACTOR)} ({ours / floor:.1f}x)."
        )
    return lines


def report_cold_start(effort: Effort) -> list[str]:
    """The cold-start figures and the load target."""
    cold = cold_start.measure(effort)
    return [
        f"Fresh process, import + load of the shipped knowledge: {cold.process_ms:8.1f} ms"
        f"  (python -c pass alone: {cold.interpreter_ms:.1f} ms; median of {cold.runs} runs)",
        f"  of which import sharing_rules:                      {cold.import_ms:8.1f} ms",
        f"In process, first load_knowledge() after the imports:  {cold.first_load_ms:8.1f} ms",
        f"In process, later loads (median):                      {cold.next_loads_ms:8.1f} ms",
        f"Target: load of the shipped knowledge < {TARGET_LOAD_MS:.0f} ms (first load in a fresh process):"
        f" {verdict(cold.first_load_ms < TARGET_LOAD_MS)} ({cold.first_load_ms:.1f} ms).",
        f"Fresh `sharing-rules {' '.join(cold_start.QUESTION)}`: {cold.command.command_ms:8.1f} ms"
        f"  (python -c pass: {cold.command.interpreter_ms:.1f} ms;"
        f" cache off: {cold.command.no_cache_ms:.1f} ms; median of {cold.command.runs} interleaved runs)",
        f"Target: the command within {TARGET_COMMAND_FACTOR:.0f}x of python -c pass:"
        f" {verdict(cold.command.ratio <= TARGET_COMMAND_FACTOR)} ({cold.command.ratio:.1f}x;"
        f" cache off: {cold.command.no_cache_ms / cold.command.interpreter_ms:.1f}x).",
    ]


def report_invariants(effort: Effort) -> list[str]:
    """What proving the invariants of the law costs at each load."""
    found = invariants.measure(effort)
    return [
        f"{found.invariants} invariants, checked on {found.decisions:,} decisions: every decision of the"
        f" shipped partners, and {found.combinations:,} combinations of relationships on {found.periods}"
        " periods of the rules.",
        f"Proof over every combination (once per set of rules): {found.combinations_ms:8.1f} ms",
        f"Proof over every decision of the partners (each load): {found.partners_ms:8.1f} ms",
        f"Load of the shipped knowledge, the first remembered:   {found.load_remembered_ms:8.1f} ms",
        f"Load of the shipped knowledge, proving both:           {found.load_not_remembered_ms:8.1f} ms",
        f"(medians of {found.runs} runs, in process, after the imports)",
    ]


def report_scale(effort: Effort, sizes: Sequence[int]) -> list[str]:
    """The scale table and its targets."""
    results = scale.measure(effort, sizes)
    base = results[0]
    lines = [
        "Synthetic knowledge bases (organisations with random relationships), each in a fresh process.",
        "Per call: evaluate(name, kind) over every partner and kind, shuffled; dict: a look-up of the same",
        "decisions in the same order. Peak memory: the worker's peak RSS (Linux VmHWM): the whole process.",
        f"{'partners':>9}{'load':>10}{'per call':>12}{'x ' + str(base.partners):>7}{'dict':>11}"
        f"{'x ' + str(base.partners):>7}{'peak RSS':>11}{'before load':>13}",
    ]
    for result in results:
        lines.append(
            f"{result.partners:>9,}{result.load_s:>8.2f} s{result.per_call_us:>9.3f} us"
            f"{result.per_call_us / base.per_call_us:>7.2f}{result.dict_per_call_us:>8.3f} us"
            f"{result.dict_per_call_us / base.dict_per_call_us:>7.2f}{result.peak_rss_mb:>8.0f} MB"
            f"{result.rss_before_load_mb:>10.0f} MB"
        )
    largest = results[-1]
    slowdown = largest.per_call_us / base.per_call_us
    lines += [
        f"Target at {largest.partners:,} partners: load < {TARGET_SCALE_LOAD_S:.0f} s:"
        f" {verdict(largest.load_s < TARGET_SCALE_LOAD_S)} ({largest.load_s:.2f} s);"
        f" per call within {TARGET_SCALE_SLOWDOWN:.0f}x of {base.partners} partners:"
        f" {verdict(slowdown <= TARGET_SCALE_SLOWDOWN)} ({slowdown:.2f}x);"
        f" peak memory < {TARGET_SCALE_MEMORY_MB:.0f} MB:"
        f" {verdict(largest.peak_rss_mb < TARGET_SCALE_MEMORY_MB)} ({largest.peak_rss_mb:.0f} MB).",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and print the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few calls, tiny knowledge bases: a smoke run")
    args = parser.parse_args(argv)
    effort = Effort.choose(args.quick)
    sizes = scale.QUICK_SIZES if args.quick else scale.SIZES
    sections = [
        ("evaluate() next to a dict look-up", report_evaluate),
        ("evaluate() on a date", report_dates),
        ("Decision records", report_records),
        ("The same policy in peer engines", report_peers),
        ("Cold start", report_cold_start),
        ("Proving the invariants of the law", report_invariants),
        ("Scale", lambda e: report_scale(e, sizes)),
    ]
    print(f"sharing-rules benchmarks{' (--quick: a smoke run, not a measurement)' if args.quick else ''}")
    print(machine())
    print(
        f"{effort.calls:,} calls x {effort.batches} batches per timing; {effort.runs} runs per process timing"
    )
    for title, section in sections:
        print(f"\n== {title}", flush=True)
        for line in section(effort):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
