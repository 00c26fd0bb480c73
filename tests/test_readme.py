"""The README's examples run, the way doctests do: every Python and shell example, its output compared.

Python blocks run in order in one namespace (as a reader would type them into one session); an expression
whose comment starts with a value (``True``, ``'REG-47-2'``, ``('a', 'b')``, ``Outcome.NO_BASIS``, a string
ending in ``...``) must give that value, and one whose comment names an error must raise it. Shell blocks:
each ``sharing-rules`` command runs (placeholders such as ``path/to/rules`` stand for the shipped rules and
the example amendment; a synopsis's ``[optional parts]`` are left out) and must not fail; a ``$`` transcript
must print what it shows (``...`` stands for any text); the service's commands start a real server, and
the ``curl`` examples run against one, each ``# ->`` line compared with the answer. The few commands that
set up a machine (the set-up jobs, pip, the wheel's build) are listed in :data:`NOT_RUN`, each with why;
a command of the README that is neither run nor listed fails the test.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import sharing_rules
from sharing_rules._package import shipped_rules

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
NOT_RUN = {
    "python3 scripts/dev.py demo": "sets up a virtual environment: the suite itself runs inside one",
    "python3 scripts/dev.py test": "runs this suite",
    "python3.13 scripts/build_durable_wheel.py": (
        "downloads and builds durable_rules (tests/unit/test_durable_patch.py checks the patch)"
    ),
    "pip install": "installs packages (scripts/check_wheel.py installs the wheel under CI)",
}
"""Commands of the README that set up a machine, by how they start, each with why it is not run here."""

_FENCE = re.compile(r"^```(\S*)\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced example of the README."""

    language: str
    line: int
    text: str


def blocks() -> list[Block]:
    """Every fenced block of the README, in order; an unclosed fence fails."""
    found = []
    opened: tuple[str, int, list[str]] | None = None
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), start=1):
        fence = _FENCE.match(line)
        if opened is None:
            if fence:
                assert fence.group(1), f"README.md:{number}: a fence opens without a language"
                opened = (fence.group(1), number, [])
        elif fence:
            assert not fence.group(1), f"README.md:{number}: a fence opens inside the one of line {opened[1]}"
            found.append(Block(opened[0], opened[1], "\n".join(opened[2])))
            opened = None
        else:
            opened[2].append(line)
    assert opened is None, f"README.md:{opened[1]}: the fence is never closed"
    return found


def commands(text: str) -> list[tuple[str, str]]:
    """The commands of a shell block with their comments: continued lines and open quotes joined."""
    found: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            if found and line.lstrip().startswith("# ->"):
                found[-1] = (found[-1][0], found[-1][1] + "\n" + line.strip())
            continue
        pending += line + "\n"
        body = pending.rstrip("\n")
        if body.endswith("\\"):
            continue
        try:
            shlex.split(body, comments=True)
        except ValueError:  # a quote still open: the command goes on
            continue
        command, _, comment = body.partition("  #")
        found.append((command.strip(), comment.strip()))
        pending = ""
    assert not pending, f"a command never ends: {pending!r}"
    return found


# -- Python ------------------------------------------------------------------------------------------


def _expected(comment: str, namespace: dict[str, Any]) -> tuple[str, Any] | None:
    """What a comment says an expression gives: ("value", v), ("raises", error class) or None."""
    text = comment.strip().removeprefix("...").strip()
    name = re.match(r"[A-Za-z_][\w.]*", text)
    error = getattr(sharing_rules, name.group(0), None) if name else None
    if isinstance(error, type) and issubclass(
        error, sharing_rules.SharingRulesError
    ):  # an error, by its name
        return ("raises", error)
    if name and name.group(0).split(".")[0] in namespace:
        value = eval(name.group(0), namespace)  # a name of the README's own namespace
        if isinstance(value, type) and issubclass(value, BaseException):
            return ("raises", value)
        return ("value", value)
    for end in range(len(text), 0, -1):
        try:
            return ("value", ast.literal_eval(text[:end]))
        except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
            continue
    return None


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, str) and isinstance(value, str) and expected.endswith("..."):
        return value.startswith(expected[:-3].rstrip())
    return bool(value == expected)


def _trailing_comments(source: str) -> dict[int, str]:
    """The comment at the end of each line of ``source``, by line number."""
    import tokenize

    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string.lstrip("#").strip()
    return found


def run_python(block: Block, namespace: dict[str, Any]) -> int:
    """Run a Python block statement by statement; return how many values were compared."""
    tree = ast.parse(block.text)
    comments = _trailing_comments(block.text)
    compared = 0
    for statement in tree.body:
        where = f"README.md:{block.line + statement.lineno}"
        expected = None
        if isinstance(statement, ast.Expr) and statement.end_lineno in comments:
            expected = _expected(comments[statement.end_lineno], namespace)
        code = compile(ast.Module([statement], []), where, "exec")
        if expected is not None and expected[0] == "raises":
            with pytest.raises(expected[1]):
                exec(code, namespace)  # the README's own example
            compared += 1
            continue
        if not isinstance(statement, ast.Expr):
            exec(code, namespace)
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            value = eval(compile(ast.Expression(statement.value), where, "eval"), namespace)
        if printed.getvalue():
            value = printed.getvalue().rstrip("\n")
        if expected is not None:
            assert _same(value, expected[1]), f"{where}: got {value!r}, the README says {expected[1]!r}"
            compared += 1
    return compared


@pytest.fixture
def checkout_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory like a checkout's (the examples there), where files the examples write stay."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_fence_of_the_readme_is_closed_and_has_a_language() -> None:
    """An unclosed fence would run the examples after it together into one block."""
    found = blocks()
    assert {b.language for b in found} <= {"python", "sh", "text"}, {b.language for b in found}
    assert sum(b.language == "python" for b in found) >= 3


@pytest.mark.slow  # loads the knowledge a few times (seconds)
def test_the_python_examples_run_and_give_what_they_say(checkout_cwd: Path) -> None:
    """Every Python example runs in order; each value its comment states is the value it gives."""
    from sharing_rules import configure_records, reload_knowledge

    namespace: dict[str, Any] = {"__name__": "readme"}
    compared = 0
    try:
        for block in blocks():
            if block.language == "python":
                compared += run_python(block, namespace)
    finally:
        configure_records(None)
        reload_knowledge()
    assert compared >= 12, f"only {compared} values compared: the comparison no longer reads the comments"
    assert (checkout_cwd / "decisions.jsonl").exists()


# -- the shell ---------------------------------------------------------------------------------------


def _command_line(command: str, cwd: Path) -> list[str]:
    """A README command as run here: this Python's sharing-rules, placeholders filled, options dropped."""
    command = re.sub(r"\s*\[[^\]]*\]", "", command)  # a synopsis's optional parts
    command = command.replace("path/to/rules", str(shipped_rules()))
    command = command.replace("path/to/amendment", "examples/amendments/examplestan")
    words = shlex.split(command)
    words = [w for w in words if not re.fullmatch(r"[A-Z_]+=.*", w)]  # an environment variable set
    assert words[0] == "sharing-rules", words
    return [sys.executable, "-m", "sharing_rules", *words[1:]]


def _request_file(cwd: Path) -> None:
    request = {
        "case_reference": "EJ-2026-0117", "partner": "Nigeria",
        "items": [{"data_type": "strategic", "label": "trend analysis"}],
    }  # fmt: skip
    (cwd / "request.json").write_text(json.dumps(request), encoding="utf-8")


def _not_run(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def _shell_commands() -> list[tuple[int, str, str]]:
    return [
        (block.line, command, comment)
        for block in blocks()
        if block.language == "sh"
        for command, comment in commands(block.text)
    ]


def test_every_shell_command_of_the_readme_is_run_or_says_why_not() -> None:
    """Each command is a sharing-rules command, a curl call to the service, or set-up listed with why."""
    seen = set()
    for line, command, _ in _shell_commands():
        first = shlex.split(command)
        first = [w for w in first if not re.fullmatch(r"[A-Z_]+=.*", w)]
        why = _not_run(command)
        if why:
            seen.add(next(start for start in NOT_RUN if command.startswith(start)))
            continue
        assert first[0] in ("sharing-rules", "curl"), f"README.md:{line}: {command!r} is not run by a test"
    assert seen == set(NOT_RUN), f"listed as not run but no longer in the README: {set(NOT_RUN) - seen}"


@pytest.mark.slow  # a process per command (seconds)
def test_the_command_line_examples_run(checkout_cwd: Path) -> None:
    """Every `sharing-rules` command of the README but `serve` runs: exit 0, or 1 for "not allowed"."""
    _request_file(checkout_cwd)
    env = {**os.environ, "SHARING_RULES_NO_CACHE": "1"}
    ran = 0
    for line, command, _ in _shell_commands():
        if not command.startswith("sharing-rules") or " serve" in command or _not_run(command):
            continue
        argv = _command_line(command, checkout_cwd)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, check=False)
        allowed_codes = {0, 1} if argv[3] in ("evaluate", "explain", "check") else {0}
        assert done.returncode in allowed_codes, f"README.md:{line}: {command!r}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr
        ran += 1
    assert ran >= 10


@pytest.mark.slow  # runs `sharing-rules diff` (seconds)
def test_the_transcripts_print_what_they_show(checkout_cwd: Path) -> None:
    """A `$ command` in a text block prints the lines under it (``...`` for any text, widths kept)."""
    checker = doctest.OutputChecker()
    checked = 0
    for block in blocks():
        if block.language != "text" or not block.text.startswith("$ "):
            continue
        command, _, shown = block.text.partition("\n")
        argv = _command_line(command.removeprefix("$ "), checkout_cwd)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert checker.check_output(shown + "\n", done.stdout, doctest.ELLIPSIS), (
            f"README.md:{block.line}: the output differs:\n{done.stdout[:3000]}"
        )
        assert max(len(line) for line in done.stdout.splitlines()) <= 100, "text output fits 100 columns"
        checked += 1
    assert checked >= 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _serving(command: str, cwd: Path) -> Iterator[str]:
    """Run a README `serve` command on a free loopback port; yield its address when it is ready."""
    import httpx

    port = _free_port()
    argv = _command_line(command, cwd)
    if "--port" in argv:
        argv[argv.index("--port") + 1] = str(port)
    else:
        argv += ["--port", str(port)]
    env = {**os.environ, "SHARING_RULES_ADMIN_TOKEN": "readme-token-0123456789"}
    log = (cwd / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, f"{command!r} stopped:\n{(cwd / f'serve-{port}.log').read_text()}"
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/readyz", timeout=1.0).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise AssertionError(f"{command!r} was not ready within 60 s")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


@pytest.mark.slow  # live servers
def test_the_service_examples_run(checkout_cwd: Path) -> None:
    """Each `serve` command starts a ready service; each curl example answers as its `# ->` line shows."""
    pytest.importorskip("uvicorn")
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    serves = [
        (line, c) for line, c, _ in _shell_commands() if c.startswith("sharing-rules serve") or " serve " in c
    ]
    assert len(serves) >= 3
    for _, command in serves:
        with _serving(command, checkout_cwd):
            pass
    curls = [(line, c, comment) for line, c, comment in _shell_commands() if c.startswith("curl")]
    assert len(curls) >= 8
    compared = 0
    with _serving("sharing-rules serve", checkout_cwd) as url:
        env = {**os.environ, "SHARING_RULES_ADMIN_TOKEN": "readme-token-0123456789"}
        for line, command, comment in curls:
            local = command.replace("localhost:8000", url.removeprefix("http://"))
            local = re.sub(r"\$\{?SHARING_RULES_ADMIN_TOKEN\}?", "readme-token-0123456789", local)
            done = subprocess.run(
                ["bash", "-c", local + " -f -S"], capture_output=True, text=True, timeout=60, env=env,
                check=False,
            )  # fmt: skip
            assert done.returncode == 0, f"README.md:{line}: {command!r}: {done.stderr}"
            for shown in re.findall(r"# -> (.*)", comment):
                answer = json.dumps(
                    json.loads(done.stdout.split("\n")[0]) if done.stdout.startswith("{") else {}
                )
                for key, value in re.findall(r'"(\w+)": ("[^"]*"|true|false|null|\d+)', shown):
                    if value == '"..."':
                        continue
                    assert f'"{key}": {value}' in answer, (
                        f"README.md:{line}: {key} is not {value} in {answer[:500]}"
                    )
                    compared += 1
    assert compared >= 5, f"only {compared} values of the curl examples compared"


def test_every_job_a_message_names_is_one_the_readme_lists() -> None:
    """A `python3 scripts/dev.py JOB` that the package tells people to run is a job the README describes."""
    readme = README.read_text(encoding="utf-8")
    named = set()
    for path in (ROOT / "src" / "sharing_rules").rglob("*.py"):
        named |= set(re.findall(r"scripts/dev\.py (\w+)", path.read_text(encoding="utf-8")))
    assert named, "no message names a job: the test reads nothing"
    for job in named:
        assert re.search(rf"`{job}`|dev\.py {job}\b", readme), (
            f"the job {job!r} is named by a message, not the README"
        )
