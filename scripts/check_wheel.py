"""Check the wheel as a pip user gets it: built, installed outside the checkout, run from an empty directory.

    python3 scripts/check_wheel.py

Builds the sharing-rules wheel and the patched durable_rules wheel (scripts/build_durable_wheel.py) with
the Python that runs this script, installs both into a new virtual environment in a temporary directory,
then, from an empty directory there, runs ``sharing-rules --version`` and ``sharing-rules matrix`` and checks
that the installed distribution carries its LICENSE. Exit code 0 when all of it works, 1 otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LICENSE = (
    "import importlib.metadata as m; files = m.files('sharing-rules') or [];"
    " found = [f for f in files if f.name == 'LICENSE'];"
    " assert found and 'EUROPEAN UNION PUBLIC LICENCE v. 1.2' in found[0].read_text(), 'no LICENSE';"
    " print('LICENSE shipped:', found[0])"
)


def _step(title: str, command: list[str], cwd: Path, environment: dict[str, str]) -> bool:
    print(f"--- {title}", flush=True)
    done = subprocess.run(command, cwd=cwd, env=environment, check=False)
    if done.returncode != 0:
        print(f"check_wheel: {title} failed (exit code {done.returncode}).", file=sys.stderr)
    return done.returncode == 0


def main() -> int:
    """Build, install and run; 0 when everything worked."""
    with tempfile.TemporaryDirectory(prefix="sharing-rules-wheel-") as scratch:
        work = Path(scratch)
        venv, dist, empty = work / "venv", work / "dist", work / "empty"
        empty.mkdir()
        environment = {**os.environ, "SHARING_RULES_CACHE_DIR": str(work / "cache")}
        python = str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        command = str(venv / ("Scripts/sharing-rules.exe" if os.name == "nt" else "bin/sharing-rules"))
        pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
        steps = [
            ("create a virtual environment", [sys.executable, "-m", "venv", str(venv)], ROOT),
            ("upgrade pip", [*pip, "install", "--upgrade", "pip>=24"], ROOT),
            ("build the sharing-rules wheel", [*pip, "wheel", "--no-deps", "-w", str(dist), str(ROOT)], ROOT),
            (
                "build the patched durable_rules wheel",
                [python, str(ROOT / "scripts" / "build_durable_wheel.py"), "--out", str(dist)],
                ROOT,
            ),
        ]
        for title, step, cwd in steps:
            if not _step(title, step, cwd, environment):
                return 1
        wheels = sorted(str(wheel) for wheel in dist.glob("*.whl"))
        checks = [
            ("install both wheels", [*pip, "install", *wheels], empty),
            ("sharing-rules --version (from an empty directory)", [command, "--version"], empty),
            ("sharing-rules matrix (from an empty directory)", [command, "matrix"], empty),
            ("the LICENSE is in the installed distribution", [python, "-c", _LICENSE], empty),
        ]
        for title, step, cwd in checks:
            if not _step(title, step, cwd, environment):
                return 1
        if list(empty.iterdir()):
            print("check_wheel: the command wrote into the directory it ran in.", file=sys.stderr)
            return 1
    print("check_wheel: the wheel installs and runs outside the checkout.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
