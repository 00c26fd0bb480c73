"""Cerbos PDP beside the decision service: the same policy and questions over HTTP on loopback.

    .venv/bin/python benchmarks/cerbos.py [--seconds 5] [--connections 50]

Cerbos (a policy decision point written in Go) is installed by ``scripts/install_cerbos.sh`` into
``build/cerbos/`` (the npm package ``cerbos`` ships its binary); when it is absent this benchmark says so
and skips it. Its policy is the peers' one (``benchmarks/peers.py``: what needs no basis, what an
agreement or an adequacy decision opens), and a partner's facts travel in the request as the principal's
attributes (Cerbos keeps no partner data of its own). Before anything is timed, every question (each
partner of the shipped knowledge with each kind of information) is put to Cerbos and its answer compared
with sharing-rules' decision.

Then wrk drives each server with the same questions, cycling, for a fixed time: Cerbos's
``POST /api/check/resources`` and sharing-rules' ``POST /v1/decisions`` (one worker), each pinned to one
CPU with ``taskset`` (wrk on the other), and each unpinned. Reported: requests per second, p50 and p99,
and requests per CPU-second of the server (its own CPU time during the run, from ``/proc``): the
throughput per CPU whatever the pinning. Loopback only; every run is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, policy_questions  # after the path set-up just above
from benchmarks.peers import ADMINISTRATIVE_KINDS, NON_PERSONAL_KINDS, OPERATIONAL_KINDS, partner_facts
from benchmarks.service_load import _free_port, _wrk, cycling_posts
from sharing_rules import KnowledgeBase, evaluate, load_knowledge

POLICY = """apiVersion: api.cerbos.dev/v1
resourcePolicy:
  version: default
  resource: data_type
  rules:
    - actions: ["share"]
      effect: EFFECT_ALLOW
      roles: ["partner"]
      condition:
        match:
          expr: request.resource.attr.non_personal
    - actions: ["share"]
      effect: EFFECT_ALLOW
      roles: ["partner"]
      condition:
        match:
          all:
            of:
              - expr: request.principal.attr.agreement
              - expr: request.resource.attr.operational
    - actions: ["share"]
      effect: EFFECT_ALLOW
      roles: ["partner"]
      condition:
        match:
          all:
            of:
              - expr: request.principal.attr.administrative
              - expr: request.resource.attr.administrative
"""
"""The peers' policy as a Cerbos resource policy (every rule an allow; anything else is denied)."""

CONFIG = """server:
  httpListenAddr: "127.0.0.1:{http}"
  grpcListenAddr: "127.0.0.1:{grpc}"
storage:
  driver: disk
  disk:
    directory: "{policies}"
audit:
  enabled: false
"""
DEADLINE_S = 30.0
"""How long a server may take to start."""


def binary() -> str | None:
    """The Cerbos binary that ``scripts/install_cerbos.sh`` installs, or one on PATH; None if neither."""
    found = sorted(
        glob.glob(str(ROOT / "build" / "cerbos" / "node_modules" / "@cerbos" / "cerbos-*" / "cerbos-*"))
    )
    return next((path for path in found if os.access(path, os.X_OK)), None) or shutil.which("cerbos")


def cerbos_body(partner: str, data_type: str, facts: dict[str, bool]) -> str:
    """One question as Cerbos reads it: may the partner (with its facts) share this kind of information."""
    resource = {
        "kind": "data_type",
        "id": data_type,
        "attr": {
            "non_personal": data_type in NON_PERSONAL_KINDS,
            "operational": data_type in OPERATIONAL_KINDS,
            "administrative": data_type in ADMINISTRATIVE_KINDS,
        },
    }
    principal = {"id": partner, "roles": ["partner"], "attr": facts}
    return json.dumps(
        {
            "requestId": "bench",
            "principal": principal,
            "resources": [{"actions": ["share"], "resource": resource}],
        }
    )


def bodies(knowledge: KnowledgeBase) -> tuple[list[str], list[str], list[bool]]:
    """Cerbos's and sharing-rules' request bodies for every question, and sharing-rules' answers."""
    facts = partner_facts(knowledge)
    questions = policy_questions(knowledge)
    ours = [evaluate(partner, kind, knowledge=knowledge).allowed for partner, kind in questions]
    theirs = [
        cerbos_body(
            partner,
            kind,
            {"agreement": facts[partner].agreement, "administrative": facts[partner].administrative},
        )
        for partner, kind in questions
    ]
    service = [json.dumps({"partner": partner, "data_type": kind}) for partner, kind in questions]
    return theirs, service, ours


def post(url: str, body: str) -> dict[str, object]:
    """POST one JSON body on loopback; the JSON answer."""
    request = urllib.request.Request(url, body.encode(), {"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        answer: dict[str, object] = json.loads(response.read())
    return answer


def cerbos_allows(answer: Mapping[str, object]) -> bool:
    """Whether Cerbos's answer to one question allows sharing."""
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != 1:
        return False  # not an answer to the one question asked: no "allowed" read from it
    actions = results[0].get("actions", {})
    return bool(actions.get("share") == "EFFECT_ALLOW")


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) of a process and of its children, live or reaped, so far."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if stat.parent.name == str(pid):
            ticks += sum(int(value) for value in fields[11:15])  # its own time and its reaped children's
        elif fields[1] == str(pid):
            ticks += int(fields[11]) + int(fields[12])  # a live child's
    return ticks / os.sysconf("SC_CLK_TCK")


def _ready(url: str) -> bool:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False


@dataclass(frozen=True)
class Run:
    """One server under one pinning: wrk's figures and the server's CPU time."""

    server: str
    pinned: bool
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    failed: int
    per_cpu_second: float


def _measure(
    server: str,
    command: list[str],
    *,
    ready: str,
    url: str,
    script: Path,
    seconds: float,
    connections: int,
) -> Run | None:
    pinned = command[0] == "taskset"
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        if not _ready(ready):
            print(f"{server} did not start within {DEADLINE_S:.0f} s: skipped", flush=True)
            return None
        wrk_prefix = ["taskset", "-c", "1"] if pinned else []
        _wrk_run(wrk_prefix, url, 1, connections, script)  # warm up
        before = _cpu_seconds(process.pid)
        figures = _wrk_run(wrk_prefix, url, seconds, connections, script)
        cpu = _cpu_seconds(process.pid) - before
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    return Run(
        server, pinned, figures["rps"], figures["p50"], figures["p99"], int(figures["failed"]),
        figures["requests"] / cpu if cpu > 0 else 0.0,
    )  # fmt: skip


def _wrk_run(prefix: list[str], url: str, seconds: float, connections: int, script: Path) -> dict[str, float]:
    if not prefix:
        return _wrk(url, seconds, connections, script)
    real = shutil.which("wrk") or "wrk"
    with tempfile.TemporaryDirectory(prefix="sharing-rules-wrk-") as folder:
        wrapper = Path(folder) / "wrk"
        wrapper.write_text(f'#!/bin/sh\nexec {" ".join(prefix)} {real} "$@"\n', encoding="utf-8")
        wrapper.chmod(0o700)
        path = os.environ.get("PATH", "")
        os.environ["PATH"] = f"{folder}{os.pathsep}{path}"
        try:
            return _wrk(url, seconds, connections, script)
        finally:
            os.environ["PATH"] = path


def configure(folder: Path) -> tuple[Path, str]:
    """Write the policy and a loopback configuration (free ports) into ``folder``: the config and the URL."""
    (folder / "policies").mkdir()
    (folder / "policies" / "data_type.yaml").write_text(POLICY, encoding="utf-8")
    http, grpc = _free_port(), _free_port()
    config = folder / "config.yaml"
    config.write_text(CONFIG.format(http=http, grpc=grpc, policies=folder / "policies"), encoding="utf-8")
    return config, f"http://127.0.0.1:{http}"


@contextlib.contextmanager
def running(found: str) -> Iterator[str]:
    """Cerbos serving the policy on loopback for the block: its base URL (RuntimeError if it never starts)."""
    with tempfile.TemporaryDirectory(prefix="sharing-rules-cerbos-") as scratch:
        config, base = configure(Path(scratch))
        server = subprocess.Popen([found, "server", f"--config={config}"], start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            if not _ready(f"{base}/_cerbos/health"):
                raise RuntimeError(f"Cerbos did not start within {DEADLINE_S:.0f} s")
            yield base
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def measure(seconds: float, connections: int) -> list[Run] | str:
    """Every run, or why Cerbos was skipped."""
    found = binary()
    if found is None:
        return "Cerbos is not installed (scripts/install_cerbos.sh installs it): skipped."
    if shutil.which("wrk") is None or shutil.which("taskset") is None:
        return "wrk or taskset is missing (scripts/install_wrk.sh installs wrk): Cerbos skipped."
    knowledge = load_knowledge()
    theirs, service, ours = bodies(knowledge)
    runs: list[Run] = []
    try:
        with running(found) as base:
            wrong = sum(
                cerbos_allows(post(f"{base}/api/check/resources", body)) != allowed
                for body, allowed in zip(theirs, ours, strict=True)
            )
    except RuntimeError as error:
        return f"{error}: skipped."
    if wrong:
        return f"Cerbos disagreed with sharing-rules on {wrong} of {len(ours)} questions: not timed."
    with tempfile.TemporaryDirectory(prefix="sharing-rules-cerbos-") as scratch:
        folder = Path(scratch)
        config, base = configure(folder)
        cycling_posts(folder / "cerbos.lua", theirs)
        cycling_posts(folder / "service.lua", service)
        port = _free_port()
        ours_command = [sys.executable, "-m", "sharing_rules", "serve", "--port", str(port), "--workers", "1"]
        for pin in (["taskset", "-c", "0"], []):
            cerbos_run = _measure(
                "Cerbos PDP",
                [*pin, found, "server", f"--config={config}"],
                ready=f"{base}/_cerbos/health",
                url=f"{base}/api/check/resources",
                script=folder / "cerbos.lua",
                seconds=seconds,
                connections=connections,
            )
            ours_run = _measure(
                "sharing-rules serve, 1 worker",
                [*pin, *ours_command],
                ready=f"http://127.0.0.1:{port}/readyz",
                url=f"http://127.0.0.1:{port}/v1/decisions",
                script=folder / "service.lua",
                seconds=seconds,
                connections=connections,
            )
            runs += [run for run in (cerbos_run, ours_run) if run is not None]
    return runs


def pairs(runs: list[Run]) -> Iterator[tuple[bool, Run, Run]]:
    """(pinned, sharing-rules' run, Cerbos's run) for each pinning measured on both sides."""
    for pinned in (True, False):
        pair = {run.server.split()[0]: run for run in runs if run.pinned is pinned}
        if "Cerbos" in pair and "sharing-rules" in pair:
            yield pinned, pair["sharing-rules"], pair["Cerbos"]


def report(runs: list[Run] | str, connections: int) -> list[str]:
    """The runs as lines of text, with sharing-rules' ratios to Cerbos under the same pinning."""
    if isinstance(runs, str):
        return [runs]
    lines = [
        f"{'server':<32}{'pinning':<16}{'req/s':>9}{'p50':>10}{'p99':>10}{'req/CPU-s':>11}{'failed':>8}",
    ]
    for run in runs:
        pinning = "1 CPU (taskset)" if run.pinned else "unpinned"
        lines.append(
            f"{run.server:<32}{pinning:<16}{run.requests_per_second:>9,.0f}{run.p50_ms:>8.2f}ms"
            f"{run.p99_ms:>8.2f}ms{run.per_cpu_second:>11,.0f}{run.failed:>8}"
        )
    for pinned, ours, theirs in pairs(runs):
        lines.append(
            f"{'pinned' if pinned else 'unpinned'}, {connections} connections: sharing-rules"
            f" {ours.per_cpu_second / theirs.per_cpu_second:.2f}x Cerbos's requests per CPU-second"
            f" (target >= 1.5x), p99 {ours.p99_ms:.2f} ms against {theirs.p99_ms:.2f} ms (target: at or"
            " below)."
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per run (1 to 60; default 5)")
    parser.add_argument("--connections", type=int, default=50, help="open connections (default 50)")
    args = parser.parse_args(argv)
    connections = max(1, min(args.connections, 256))
    for line in report(measure(min(max(args.seconds, 1.0), 60.0), connections), connections):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
