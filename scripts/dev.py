"""Set up the project and run its jobs, on a machine that has only Python (and a C compiler).

    python3 scripts/dev.py demo          # set up the runtime; show the decision matrix and one decision
    python3 scripts/dev.py test          # set up with the test tools; run the whole test suite
    python3 scripts/dev.py test --quick  # the same, without the tests marked slow (the inner loop)
    python3 scripts/dev.py lint          # set up with the lint tools; run ruff and mypy --strict
    python3 scripts/dev.py spec-report   # set up; run the specs, write build/spec-report.html
    python3 scripts/dev.py bench         # set up, then run the benchmarks
    python3 scripts/dev.py setup         # set up with every tool, run nothing
    python3 scripts/dev.py pythons       # list the supported Pythons found on this machine

Set-up creates a virtual environment in .venv (or in $SHARING_RULES_VENV) with the Python that runs this
script when it is a supported one (3.11, 3.12, 3.13), otherwise with a supported one it finds (and says
which). It installs the project and what the job needs: ``demo`` only the runtime; ``test`` the test tools
the peer engines the benchmark smoke tests compare with, and the decision service's
dependencies; ``lint`` the linters. durable_rules is built
from its source archive with the project's patch (scripts/build_durable_wheel.py). The environment is made
again when the Python or the dependencies (pyproject.toml, the patch, the set-up scripts) change. A missing
Python, C compiler or header is reported in one sentence saying what to install. Extra arguments are
passed on to the tool.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import build_durable_wheel

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED = ((3, 11), (3, 12), (3, 13))
"""The Pythons the project is tested on (CI runs each): keep in step with pyproject.toml and README.md."""
STAMP_NAME = ".sharing-rules-installed"
EXTRAS = {
    "demo": (),
    "test": ("test", "bench", "service"),
    "lint": ("test", "dev", "service"),
    "spec-report": ("test",),
    "bench": ("bench", "service"),
    "setup": ("test", "dev", "bench", "service"),
    "pythons": (),
}
"""The optional dependencies each job installs beside the runtime (pyproject.toml's extras)."""
FINGERPRINTED = ("pyproject.toml", "scripts/dev.py", "scripts/build_durable_wheel.py", "patches")
"""What the environment is built from: a change to any of it makes the environment again."""
_PROBE = (  # inside a virtual environment, the Python it was made from
    "import json, sys, sysconfig; base = sys.prefix == sys.base_prefix;"
    " print(json.dumps([sys.executable if base else sys._base_executable, list(sys.version_info[:2]),"
    " sysconfig.get_paths()['include'], (sysconfig.get_config_var('CC') or '')]))"
)


class SetupError(Exception):
    """Set-up cannot go on; the message is one sentence saying what to do."""


@dataclass(frozen=True)
class Interpreter:
    """A Python that ran and told us what it is."""

    executable: str
    """The interpreter's own path (``sys.executable``), never a launcher or shim."""
    version: tuple[int, int]
    include: str
    """Its C header directory."""
    compiler: str
    """The C compiler it was configured with (may be empty)."""

    @property
    def name(self) -> str:
        """``3.13`` and the like."""
        return f"{self.version[0]}.{self.version[1]}"


def _wanted() -> str:
    names = [f"{major}.{minor}" for major, minor in SUPPORTED]
    return ", ".join(names[:-1]) + " or " + names[-1]


def probe(command: str) -> Interpreter | None:
    """Run ``command`` as a Python and ask what it is; None when it does not work (an inactive shim...)."""
    try:
        done = subprocess.run(
            [command, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=False
        )
        if done.returncode != 0:
            return None
        executable, version, include, compiler = json.loads(done.stdout.strip().splitlines()[-1])
        return Interpreter(str(executable), (int(version[0]), int(version[1])), str(include), str(compiler))
    except (OSError, subprocess.SubprocessError, ValueError, IndexError, TypeError):
        return None


def candidates(
    version: tuple[int, int], path: str | None = None, pyenv_root: str | None = None
) -> Iterator[str]:
    """Every command that may be this Python: ``pythonX.Y`` in each PATH directory, then pyenv's versions."""
    name = f"python{version[0]}.{version[1]}"
    seen: set[str] = set()
    for directory in (os.environ.get("PATH", "") if path is None else path).split(os.pathsep):
        found = Path(directory or ".") / name
        if str(found) not in seen and os.access(found, os.X_OK) and found.is_file():
            seen.add(str(found))
            yield str(found)
    root = Path(pyenv_root or os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    if root.is_dir():
        pattern = f"{version[0]}.{version[1]}.*"
        for prefix in sorted(root.glob(pattern), key=lambda p: p.name, reverse=True):
            found = prefix / "bin" / name
            if found.is_file() and str(found) not in seen:
                seen.add(str(found))
                yield str(found)


def supported_pythons(
    find: Callable[[tuple[int, int]], Iterable[str]] = candidates,
    ask: Callable[[str], Interpreter | None] = probe,
) -> dict[tuple[int, int], Interpreter]:
    """The first working interpreter of each supported version (a command that fails is passed over)."""
    found: dict[tuple[int, int], Interpreter] = {}
    for version in SUPPORTED:
        for command in find(version):
            interpreter = ask(command)
            if interpreter is not None and interpreter.version == version:
                found[version] = interpreter
                break
    return found


def choose_python(
    current: Interpreter,
    find: Callable[[tuple[int, int]], Iterable[str]] = candidates,
    ask: Callable[[str], Interpreter | None] = probe,
) -> tuple[Interpreter, str | None]:
    """The Python to set up with, and a note when it is not the one running this script.

    The running Python when it is supported; otherwise the newest supported one that works.
    """
    if current.version in SUPPORTED:
        return current, None
    for version in reversed(SUPPORTED):
        for command in find(version):
            interpreter = ask(command)
            if interpreter is not None and interpreter.version == version:
                return interpreter, (
                    f"Python {current.name} is not supported by sharing-rules; using Python"
                    f" {interpreter.name} ({interpreter.executable})."
                )
    raise SetupError(
        f"sharing-rules needs Python {_wanted()}, this is Python {current.name} and no supported Python was"
        " found on PATH or under pyenv: install one (for example your system's python3.13 package, or"
        f" `pyenv install 3.13`) and run `python3.13 {Path(__file__).name} ...` again."
    )


def fingerprint(interpreter: Interpreter, root: Path = ROOT) -> str:
    """A hash of the interpreter and of every file the environment is built from."""
    digest = hashlib.sha256(f"{interpreter.executable}\0{interpreter.name}\0".encode())
    for name in FINGERPRINTED:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() if file.is_file() else b"\0missing")
    return digest.hexdigest()


@dataclass(frozen=True)
class Plan:
    """What set-up must do: ``reuse`` the environment, ``add`` extras to it, or ``rebuild`` it."""

    action: str
    extras: tuple[str, ...]
    reason: str = ""


def plan(stamp: str | None, wanted_fingerprint: str, needed: Sequence[str], venv_python_exists: bool) -> Plan:
    """Decide from the stamp left by the last set-up (None: there is none) what to do now."""
    try:
        recorded = json.loads(stamp) if stamp is not None else None
    except ValueError:
        recorded = None
    if not isinstance(recorded, dict) or not venv_python_exists:
        return Plan("rebuild", tuple(sorted(needed)), "no complete environment yet")
    installed = recorded.get("extras")
    if recorded.get("fingerprint") != wanted_fingerprint or not isinstance(installed, list):
        return Plan("rebuild", tuple(sorted(needed)), "the Python or the dependencies changed")
    missing = set(needed) - set(installed)
    if missing:
        return Plan("add", tuple(sorted({*installed, *needed})), f"adding {', '.join(sorted(missing))}")
    return Plan("reuse", tuple(sorted(installed)))


def venv_dir() -> Path:
    """The environment's directory: .venv, or $SHARING_RULES_VENV (relative to the checkout)."""
    chosen = os.environ.get("SHARING_RULES_VENV")
    return ROOT / chosen if chosen else ROOT / ".venv"


def venv_python(venv: Path) -> Path:
    """The Python inside an environment."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _check(command: Sequence[str], failure: str, *, quiet: bool = False) -> None:
    output = subprocess.DEVNULL if quiet else None  # errors still go to stderr
    if subprocess.run(command, cwd=ROOT, stdout=output, check=False).returncode != 0:
        raise SetupError(failure)


def setup(job: str) -> Path:
    """Make sure the environment has what ``job`` needs; return its Python."""
    venv = venv_dir()
    python = venv_python(venv)
    stamp = venv / STAMP_NAME
    current = probe(sys.executable)
    if current is None:  # pragma: no cover - the running Python always answers
        raise SetupError(f"{sys.executable} did not run as a Python: run this script with python3.")
    interpreter, note = choose_python(current)
    if note:
        print(note, flush=True)
    wanted = fingerprint(interpreter)
    todo = plan(stamp.read_text() if stamp.is_file() else None, wanted, EXTRAS[job], python.exists())
    if todo.action == "reuse":
        return python
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q"]
    project = f"{ROOT}[{','.join(todo.extras)}]" if todo.extras else str(ROOT)
    if todo.action == "add":
        print(f"Setting up {venv.name}: {todo.reason}...", flush=True)
        _check([*pip, "install", "-e", project], "pip could not install the tools (its output is above).")
        stamp.write_text(json.dumps({"fingerprint": wanted, "extras": list(todo.extras)}))
        return python
    compiler = os.environ.get("CC") or interpreter.compiler or "cc"  # as the build itself chooses it
    problem = build_durable_wheel.toolchain_problem(
        compiler.split()[0], interpreter.include, interpreter.name
    )
    if problem:
        raise SetupError(problem)
    if venv.exists():
        shutil.rmtree(venv)
    print(f"Setting up {venv.name} ({todo.reason}) with Python {interpreter.name}:", flush=True)
    print(f"  {interpreter.executable}", flush=True)
    print("  durable_rules is patched and compiled once (scripts/build_durable_wheel.py)...", flush=True)
    _check(
        [interpreter.executable, "-m", "venv", str(venv)],
        f"Python {interpreter.name} could not create a virtual environment: install its venv module"
        f" (Debian/Ubuntu: apt-get install python{interpreter.name}-venv) and run this again.",
    )
    _check([*pip, "install", "--upgrade", "pip>=24"], "pip could not upgrade itself (its output is above).")
    with tempfile.TemporaryDirectory(prefix="durable-wheel-") as wheels:
        _check(
            [str(python), str(ROOT / "scripts" / "build_durable_wheel.py"), "--out", wheels],
            "the patched durable_rules could not be built (the reason is above).",
            quiet=True,
        )
        (wheel,) = Path(wheels).glob("durable_rules-*.whl")
        _check([*pip, "install", "-e", project, str(wheel)], "pip could not install the project (see above).")
    stamp.write_text(json.dumps({"fingerprint": wanted, "extras": list(todo.extras)}))
    return python


def _run(*command: str) -> int:
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def _demo(python: str, rest: list[str]) -> int:
    matrix = _run(python, "-m", "sharing_rules", "matrix", *rest)
    print(flush=True)
    explained = _run(python, "-m", "sharing_rules", "evaluate", "Nigeria", "personal data")
    return matrix or (0 if explained in {0, 1} else explained)  # 1 means "not allowed": a fine answer


SLOWEST = "--durations=15"
"""The test job ends by naming the slowest tests, so that a test that grew slow is seen."""


def _test(python: str, rest: list[str]) -> int:
    if "--quick" in rest:  # the inner loop: every test but those marked slow (see pyproject.toml)
        rest = [arg for arg in rest if arg != "--quick"]
        return _run(python, "-m", "pytest", "-m", "not slow", SLOWEST, *rest)
    return _run(python, "-m", "pytest", SLOWEST, *rest)


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


def _pythons() -> int:
    found = supported_pythons()
    for version in SUPPORTED:
        if version in found:
            print(found[version].executable)
        else:
            print(f"Python {version[0]}.{version[1]}: not found", file=sys.stderr)
    return 0 if len(found) == len(SUPPORTED) else 1


JOBS = {"demo": _demo, "test": _test, "lint": _lint, "spec-report": _spec_report, "bench": _bench}


def main(argv: list[str]) -> int:
    """Run one job (see the module docstring); ``setup`` only sets up."""
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    if argv[0] == "pythons":
        return _pythons()
    try:
        python = str(setup(argv[0]))
    except SetupError as error:
        print(f"dev.py: {error}", file=sys.stderr)
        return 3
    if argv[0] == "setup":
        return 0
    return JOBS[argv[0]](python, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
