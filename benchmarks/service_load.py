"""Load on the decision service: POST /v1/decisions against a bare endpoint of the same stack.

    .venv/bin/python benchmarks/service_load.py [--seconds 5] [--connections 32]

Starts ``sharing-rules serve`` on a free loopback port (without decision records, then with records to a
JSON Lines file, to SQLite and to PostgreSQL - a throwaway cluster, when PostgreSQL is installed - each
compared with its own bare run), drives it with wrk (Debian's HTTP load generator;
``scripts/install_wrk.sh`` installs it) for a fixed time per run, with 1 and with 2 workers: GET /healthz
(the bare endpoint: the same middleware, no decision), POST /v1/decisions (questions cycling over
partners, spellings and dates), and the same decisions while the knowledge is reloaded every second.
It reports requests per second, p50 and p99 latency, the decision endpoint's throughput as a share of the
bare one's, and every failed request (non-2xx answers and socket errors; the target is 0, also while
reloading). Loopback only; each run is bounded in time. The targets: the decision endpoint at 70% or more
of the bare endpoint's throughput without records, 80% or more with them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make the project importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.pgcluster

from benchmarks.pgcluster import ClusterUnavailableError, cluster, fresh_database
from sharing_rules import shipped_rules  # after the path set-up just above

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "benchmark-admin-token"
QUESTIONS = [
    ("Norway", "personal_data", None), ("the UK", "evidence", "2024-09-30"),
    ("Nigeria", "personal data", None), ("USA", "strategic", "2020-06-01"),
    ("CH", "evidence", "2010-01-01"), ("Brazil", "best_practices", None),
    ("Ukraine", "operational", None), ("AIAMP", "strategic", "2024-09-30"),
]  # fmt: skip
TARGET = 0.70
RECORDS_TARGET = 0.80
SINKS = ("jsonl", "sqlite", "postgresql")


@dataclass(frozen=True)
class Run:
    """One wrk run's figures."""

    workers: int
    load: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int
    reloads: int = 0
    reload_failures: int = 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lua(path: Path) -> None:
    bodies = []
    for partner, data_type, as_of in QUESTIONS:
        body = {"partner": partner, "data_type": data_type, **({"as_of": as_of} if as_of else {})}
        bodies.append(json.dumps(body))
    cycling_posts(path, bodies)


def cycling_posts(path: Path, bodies: list[str]) -> None:
    """Write a wrk script to ``path`` that POSTs the JSON ``bodies`` in turn, round and round."""
    listed = ",\n".join(f"  [==[{body}]==]" for body in bodies)
    path.write_text(
        "local bodies = {\n" + listed + "\n}\nlocal n = 0\n"
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n  n = n + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])\nend\n",
        encoding="utf-8",
    )


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"wrk printed an unexpected latency {text!r}")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _wrk(url: str, seconds: float, connections: int, script: Path | None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99": _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
    }
    failed = 0
    if found := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        failed += int(found.group(1))
    if found := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        failed += sum(int(group) for group in found.groups())
    figures["failed"] = failed
    return figures


def _start(workers: int, rules: Path, records: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "SHARING_RULES_ADMIN_TOKEN": TOKEN}
    command = [sys.executable, "-m", "sharing_rules", "serve", "--port", str(port), "--workers", str(workers),
               "--rules", str(rules), *(["--records", str(records)] if records else [])]  # fmt: skip
    process = subprocess.Popen(command, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=1) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("the service did not start within 60 s")


def _reloads(url: str, rules: Path, stop: threading.Event, counts: list[int]) -> None:
    """Revise the rules and ask for a reload every second (bounded: at most 100)."""
    for round_ in range(100):
        if stop.wait(1.0):
            return
        path = rules / "knowledge.yaml"
        lines = [
            line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# bench")
        ]
        path.write_text("\n".join([*lines, f"# bench {round_ % 2}"]) + "\n", encoding="utf-8")
        request = urllib.request.Request(
            f"{url}/v1/admin/reload", method="POST", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        counts[0] += 1
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status != 200:
                    counts[1] += 1
        except OSError:
            counts[1] += 1


def _target(sink: str | None, scratch: str, workers: int, postgresql: str | None) -> str | None:
    """Where a run's records go: none, a JSON Lines file, a SQLite file, a fresh PostgreSQL database."""
    if sink is None:
        return None
    if sink == "postgresql":
        assert postgresql is not None
        return fresh_database(postgresql, f"bench_{workers}_{int(time.time() * 1000)}")
    return str(Path(scratch) / f"records-{workers}.{'jsonl' if sink == 'jsonl' else 'sqlite'}")


def measure(seconds: float, connections: int, sinks: tuple[str, ...] = SINKS) -> list[Run]:
    """Every run, with 1 and with 2 workers, without records and with each sink."""
    with contextlib.ExitStack() as stack:
        postgresql = None
        if "postgresql" in sinks:
            try:
                postgresql = stack.enter_context(cluster())
            except ClusterUnavailableError as reason:
                print(f"PostgreSQL runs left out: {reason}", file=sys.stderr)
                sinks = tuple(sink for sink in sinks if sink != "postgresql")
        return _measure(seconds, connections, sinks, postgresql)


def _measure(seconds: float, connections: int, sinks: tuple[str, ...], postgresql: str | None) -> list[Run]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="sharing-rules-bench-") as scratch:
        script = Path(scratch) / "decisions.lua"
        _lua(script)
        for workers in (1, 2):
            for records in (None, *sinks):
                rules = Path(scratch) / f"rules-{workers}-{records}"
                shutil.copytree(shipped_rules(), rules)
                process, url = _start(workers, rules, _target(records, scratch, workers, postgresql))
                try:
                    _wrk(f"{url}/healthz", 1, connections, None)  # warm up
                    _wrk(f"{url}/v1/decisions", 1, connections, script)
                    loads = [("bare GET /healthz", "/healthz", None, False),
                             ("POST /v1/decisions", "/v1/decisions", script, False),
                             ("POST /v1/decisions, reloading", "/v1/decisions", script, True)]  # fmt: skip
                    for load, path, lua, reload in loads if not records else loads[:2]:
                        stop = threading.Event()
                        counts = [0, 0]
                        reloader = threading.Thread(target=_reloads, args=(url, rules, stop, counts))
                        if reload:
                            reloader.start()
                        figures = _wrk(f"{url}{path}", seconds, connections, lua)
                        stop.set()
                        if reload:
                            reloader.join(timeout=30)
                        name = f"{load}{f', records: {records}' if records else ''}"
                        runs.append(
                            Run(workers, name, figures["rps"], figures["p50"], figures["p99"],
                                int(figures["requests"]), int(figures["failed"]), *counts)
                        )  # fmt: skip
                finally:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)
    return runs


def report(runs: list[Run]) -> str:
    """The runs as a Markdown table, with the ratio to the bare endpoint."""
    lines = [
        "| workers | load | requests/s | p50 | p99 | vs bare (req/s) | failed |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        sink = run.load.partition(", records: ")[2]
        bare = next(
            r
            for r in runs
            if r.workers == run.workers
            and r.load.startswith("bare")
            and r.load.partition(", records: ")[2] == sink
        )
        share = run.requests_per_second / bare.requests_per_second
        steady = run.reloads == 0  # the target is for steady load; while reloading, no request may fail
        target = RECORDS_TARGET if sink else TARGET
        mark = " MISSED" if steady and run is not bare and share < target else ""
        reloads = f" ({run.reloads} reloads, {run.reload_failures} failed)" if run.reloads else ""
        shown = "-" if run is bare else f"{share * 100:.1f}%{mark}"
        lines.append(
            f"| {run.workers} | {run.load} | {run.requests_per_second:,.0f} | {run.p50_ms:.2f} ms"
            f" | {run.p99_ms:.2f} ms | {shown} | {run.failed}{reloads} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the report (also written to build/service-load.md and .json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per run (default: 5)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (default: 32)")
    parser.add_argument(
        "--sinks", default=",".join(SINKS), help=f"the record sinks to compare (default: {','.join(SINKS)})"
    )
    args = parser.parse_args(argv)
    sinks = tuple(sink for sink in args.sinks.split(",") if sink in SINKS)
    if shutil.which("wrk") is None:
        installed = subprocess.run(["bash", str(ROOT / "scripts" / "install_wrk.sh")], check=False)
        if installed.returncode != 0 or shutil.which("wrk") is None:
            return 2
    runs = measure(min(max(args.seconds, 1.0), 60.0), max(1, min(args.connections, 256)), sinks)
    table = report(runs)
    heading = (
        f"Service load, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, {platform.system()}"
        f" {platform.machine()}, {os.cpu_count()} CPUs; wrk, {args.connections} connections,"
        f" {args.seconds:g} s per run; records: a decision record per question, to each sink named."
    )
    print(heading)
    print(table)
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    (build / "service-load.md").write_text(heading + "\n\n" + table + "\n", encoding="utf-8")
    (build / "service-load.json").write_text(
        json.dumps([asdict(r) for r in runs], indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
