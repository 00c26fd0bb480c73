"""Set up the project and run its jobs, on a machine that has only Python.

    python3 scripts/dev.py demo          # set up; show the decision matrix and one explained decision
    python3 scripts/dev.py test          # set up; run the whole test suite (unit tests and Gherkin specs)
    python3 scripts/dev.py lint          # set up, then run ruff and mypy --strict
    python3 scripts/dev.py spec-report   # set up; run the specs, write build/spec-report.html
    python3 scripts/dev.py bench         # set up, then run the benchmarks

Set-up creates a virtual environment in .venv (once, and again when pyproject.toml or this script changes)
and installs the project into it with its test, development and benchmark extras (the peer engines the
benchmarks and their smoke tests compare with). Extra arguments are passed on to the tool.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".sharing-rules-installed"
SUPPORTED = ((3, 11), (3, 12))


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _find_supported_python() -> str:
    if sys.version_info[:2] in SUPPORTED:
        return sys.executable
    for major, minor in reversed(SUPPORTED):
        found = shutil.which(f"python{major}.{minor}")
        if found:
            return found
    wanted = " or ".join(f"{major}.{minor}" for major, minor in SUPPORTED)
    sys.exit(
        f"sharing-rules needs Python {wanted} (durable_rules does not work on 3.13), but this is "
        f"{sys.version.split()[0]} and no python3.11/python3.12 is on PATH. Install one and run this again."
    )


def setup() -> Path:
    """Create .venv if needed and install the project into it; return its Python."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + Path(__file__).read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and _python().exists():
        return _python()
    base = _find_supported_python()
    if VENV.exists():
        shutil.rmtree(VENV)
    print(f"Setting up {VENV.name} with {base} (once; a C compiler builds durable_rules)...", flush=True)
    if base == sys.executable:
        venv.create(VENV, with_pip=True)
    else:
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    pip = [str(_python()), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip>=24"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test,dev,bench,service]"], check=True)
    STAMP.write_text(wanted)
    return _python()


def _run(*command: str) -> int:
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def _demo(python: str, rest: list[str]) -> int:
    matrix = _run(python, "-m", "sharing_rules", "matrix", *rest)
    print(flush=True)
    explained = _run(python, "-m", "sharing_rules", "evaluate", "Nigeria", "personal data")
    return matrix or (0 if explained in {0, 1} else explained)  # 1 means "not allowed": a fine answer


def _test(python: str, rest: list[str]) -> int:
    return _run(python, "-m", "pytest", *rest)


def _lint(python: str, rest: list[str]) -> int:
    checks = (["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy", *rest])
    return max(_run(python, "-m", *check) for check in checks)


def _spec_report(python: str, rest: list[str]) -> int:
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    cucumber = build / "cucumber.json"
    tests = _run(python, "-m", "pytest", "tests/test_features.py", f"--cucumberjson={cucumber}", "-q", *rest)
    report = _run(python, "scripts/spec_report.py", str(cucumber), str(build / "spec-report.html"))
    return tests or report


def _bench(python: str, rest: list[str]) -> int:
    return _run(python, "benchmarks/run.py", *rest)


JOBS = {"demo": _demo, "test": _test, "lint": _lint, "spec-report": _spec_report, "bench": _bench}


def main(argv: list[str]) -> int:
    """Run one job (see the module docstring); ``setup`` only sets up."""
    if not argv or argv[0] not in {*JOBS, "setup"}:
        print(__doc__)
        return 2
    python = str(setup())
    if argv[0] == "setup":
        return 0
    return JOBS[argv[0]](python, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
