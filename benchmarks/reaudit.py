"""Re-audit of a large store: 1,000,000 decision records in SQLite, asked again of amended knowledge.

    .venv/bin/python benchmarks/reaudit.py [--records 1000000] [--store FILE]

Builds (once; kept when ``--store`` names a file that already holds them) a SQLite store of chained
records made by the library: the questions of every partner, kind of information and one day a month over
three years, each recorded once through a real sink, then repeated - with fresh ids and times, sealed in
one chain - up to the number asked. Then times ``reaudit`` of the whole store against the shipped knowledge
(nothing changes) and against the Examplestan amendment (its records change), and ``records verify``. The
target: the re-audit of 1,000,000 records in under 10 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the project importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from sharing_rules import DecisionRecord, SharingRulesError, configure_records, evaluate, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
EXAMPLESTAN = ROOT / "examples" / "amendments" / "examplestan"
TARGET_SECONDS = 10.0


def _templates() -> list[dict[str, Any]]:
    """One record of each distinct question, made by the library through a sink that keeps them."""
    knowledge = load_knowledge()
    kept: list[DecisionRecord] = []
    configure_records(kept.append)
    try:
        days = [date(2024 + month // 12, month % 12 + 1, 15) for month in range(36)]
        names = [*(partner.name for partner in knowledge.partners[:40]), "Examplestan"]
        for name in names:
            for kind in knowledge.data_types:
                for day in days:
                    with contextlib.suppress(SharingRulesError):
                        evaluate(name, kind, as_of=day, knowledge=knowledge)
    finally:
        configure_records(None)
    return [record.model_dump(mode="json") for record in kept]


def build(path: str, count: int) -> None:
    """A SQLite store of ``count`` chained records, repeating the distinct questions."""
    from sharing_rules._chain import Chain  # noqa: PLC0415  # the same sealing as every sink
    from sharing_rules._record_sql import SQLITE, open_sqlite, write_group  # noqa: PLC0415

    templates = _templates()
    chain = Chain()
    connection = open_sqlite(path, create=True)
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    written = 0
    while written < count:
        size = min(20_000, count - written)
        bodies = [
            {**templates[(written + n) % len(templates)], "record_id": uuid.uuid4().hex, "timestamp": now}
            for n in range(size)
        ]
        sealed, head = chain.seal(bodies)
        write_group(connection, SQLITE, sealed, None)
        chain.advance(head)
        written += size
    connection.close()
    print(f"built {count:,} records ({len(templates):,} distinct questions) in {path}")


def _timed(label: str, action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s")
    return seconds, result


def main(argv: list[str] | None = None) -> int:
    """Build the store if needed, then time the re-audits and the verification."""
    from sharing_rules._reaudit import reaudit  # noqa: PLC0415
    from sharing_rules._record_read import open_source, verify  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=1_000_000, help="records in the store (default 1e6)")
    parser.add_argument(
        "--store", help="the SQLite file to use (built when missing; default: a temporary one)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sharing-rules-reaudit-") as scratch:
        path = args.store or os.path.join(scratch, "records.sqlite")
        if not os.path.exists(path):
            build(path, max(1, args.records))
        shipped = load_knowledge()
        amended = load_knowledge(amendments=[EXAMPLESTAN])
        figures = {}
        for label, knowledge in (("shipped knowledge", shipped), ("Examplestan amendment", amended)):
            source = open_source(path)
            seconds, result = _timed(
                f"re-audit against the {label}", lambda k=knowledge, s=source: reaudit(s, k, shipped)
            )
            source.close()
            print(f"  {result.records:,} records, {result.questions:,} questions, {result.changed:,} change")
            figures[label] = seconds
        source = open_source(path)
        _, report = _timed("records verify", lambda: verify(source))
        source.close()
        print(f"  {report.records:,} records, {len(report.problems)} problems")
    worst = max(figures.values())
    print(f"target: under {TARGET_SECONDS:g} s per re-audit: {'met' if worst < TARGET_SECONDS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
