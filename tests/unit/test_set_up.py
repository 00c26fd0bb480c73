"""The set-up script: which Python it uses, when it rebuilds, and what it says instead of crashing.

Nothing is installed here: the decisions of ``scripts/dev.py`` are functions of what it finds, tested with
real interpreters, real failing commands and real files.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"


def _load(name: str) -> ModuleType:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))  # dev.py imports build_durable_wheel from beside it
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


dev = _load("dev")
wheel = _load("build_durable_wheel")
THIS = (sys.version_info.major, sys.version_info.minor)


def _interpreter(version: tuple[int, int], executable: str = "/opt/python/bin/python") -> object:
    return dev.Interpreter(executable, version, "/opt/python/include", "gcc")


def _shim(folder: Path, name: str) -> Path:
    """A pyenv-like shim of a version that is not active: it exists, and fails."""
    shim = folder / name
    shim.write_text(f"#!/bin/sh\necho 'pyenv: {name}: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    return shim


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A PATH directory holding a failing shim for every supported version but this one, and this Python."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for major, minor in dev.SUPPORTED:
        if (major, minor) != THIS:
            _shim(folder, f"python{major}.{minor}")
    (folder / f"python{THIS[0]}.{THIS[1]}").symlink_to(sys.executable)
    return folder


def test_the_running_python_is_used_when_supported() -> None:
    """A supported Python that runs the script is the one set up with, without a note."""
    current = _interpreter(dev.SUPPORTED[-1])
    assert dev.choose_python(current, find=lambda version: ["never asked"]) == (current, None)


@pytest.mark.skipif(THIS not in ((3, 11), (3, 12), (3, 13)), reason="needs a supported Python to find")
def test_an_unsupported_python_finds_a_working_one_and_passes_over_inactive_shims(
    bin_dir: Path, tmp_path: Path
) -> None:
    """Under an unsupported Python, the newest supported one that runs is chosen, and named; shims fail."""
    find = lambda version: dev.candidates(version, path=str(bin_dir), pyenv_root=str(tmp_path / "none"))  # noqa: E731
    chosen, note = dev.choose_python(_interpreter((3, 10)), find=find)
    assert chosen.version == THIS
    assert Path(chosen.executable).resolve() == Path(
        sys.executable
    ).resolve() or chosen.executable == getattr(sys, "_base_executable", sys.executable)
    assert note is not None
    assert f"using Python {THIS[0]}.{THIS[1]}" in note
    assert "3.10 is not supported" in note


def test_a_shim_of_an_inactive_version_is_not_a_python(tmp_path: Path) -> None:
    """A command that exits with an error (as pyenv's shim of an inactive version does) is no interpreter."""
    assert dev.probe(str(_shim(tmp_path, "python3.12"))) is None
    assert dev.probe(str(tmp_path / "missing")) is None
    found = dev.probe(sys.executable)
    assert found is not None
    assert found.version == THIS


def test_pyenv_versions_are_candidates(tmp_path: Path) -> None:
    """Interpreters under pyenv's versions directory are found even when no shim is on PATH."""
    binary = tmp_path / "pyenv" / "versions" / "3.13.0" / "bin" / "python3.13"
    binary.parent.mkdir(parents=True)
    binary.symlink_to(sys.executable)
    found = list(dev.candidates((3, 13), path=str(tmp_path / "empty"), pyenv_root=str(tmp_path / "pyenv")))
    assert found == [str(binary)]


def test_without_a_supported_python_one_sentence_says_what_to_install(tmp_path: Path) -> None:
    """No supported Python anywhere: one sentence naming the versions and how to install one."""
    find = lambda version: dev.candidates(version, path=str(tmp_path), pyenv_root=str(tmp_path))  # noqa: E731
    with pytest.raises(dev.SetupError) as caught:
        dev.choose_python(_interpreter((3, 10)), find=find)
    message = str(caught.value)
    assert "3.11, 3.12 or 3.13" in message
    assert "install one" in message
    assert "\n" not in message
    assert message.count(". ") == 0


def test_the_environment_is_reused_extended_or_rebuilt_as_needed() -> None:
    """No or a damaged stamp, or another fingerprint: rebuild; tools missing: add them; else reuse."""
    stamp = '{"fingerprint": "abc", "extras": ["test", "bench"]}'
    assert dev.plan(None, "abc", (), True).action == "rebuild"
    assert dev.plan("{not json", "abc", (), True).action == "rebuild"
    assert dev.plan(stamp, "abc", (), False).action == "rebuild"  # the environment's Python is gone
    assert dev.plan(stamp, "other", (), True).action == "rebuild"
    assert dev.plan(stamp, "abc", ("test",), True).action == "reuse"
    added = dev.plan(stamp, "abc", ("test", "dev"), True)
    assert (added.action, added.extras) == ("add", ("bench", "dev", "test"))
    fresh = dev.plan(stamp, "other", ("dev",), True)
    assert fresh.extras == ("dev",)


def test_the_demo_installs_only_the_runtime_and_the_tests_their_tools() -> None:
    """Demo needs no extra; test adds the test tools, the smoke tests' peers and the service; lint linters."""
    assert dev.EXTRAS["demo"] == ()
    assert set(dev.EXTRAS["test"]) == {"test", "bench", "service"}
    assert "dev" in dev.EXTRAS["lint"]


def test_the_fingerprint_changes_with_the_python_and_the_dependencies(tmp_path: Path) -> None:
    """Another interpreter, or an edit to pyproject.toml or the patch, gives another fingerprint."""
    for name in dev.FINGERPRINTED:
        target = tmp_path / name
        if name == "patches":
            target.mkdir()
            (target / "fix.patch").write_text("one")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(name)
    first = dev.fingerprint(_interpreter((3, 12)), tmp_path)
    assert first == dev.fingerprint(_interpreter((3, 12)), tmp_path)
    assert first != dev.fingerprint(_interpreter((3, 13), "/opt/python3.13/bin/python"), tmp_path)
    (tmp_path / "pyproject.toml").write_text("dependencies = ['more']")
    second = dev.fingerprint(_interpreter((3, 12)), tmp_path)
    assert second != first
    (tmp_path / "patches" / "fix.patch").write_text("two")
    assert dev.fingerprint(_interpreter((3, 12)), tmp_path) != second


def test_a_missing_compiler_or_header_is_one_sentence(tmp_path: Path) -> None:
    """No C compiler, or no Python.h: one sentence saying what to install; with both, no problem."""
    no_compiler = wheel.toolchain_problem("no-such-compiler-xyz", str(tmp_path), "3.13")
    assert "no C compiler" in no_compiler
    assert "apt-get install gcc" in no_compiler
    no_header = wheel.toolchain_problem(sys.executable, str(tmp_path), "3.13")
    assert "python3.13-dev" in no_header
    (tmp_path / "Python.h").write_text("")
    assert wheel.toolchain_problem(sys.executable, str(tmp_path), "3.13") is None
    for message in (no_compiler, no_header):
        assert "\n" not in message
        assert message.endswith("run this again.")


def test_set_up_without_a_compiler_exits_with_the_sentence_and_no_traceback(tmp_path: Path) -> None:
    """dev.py with no usable C compiler stops before creating anything, with exit code 3 and one line."""
    environment = {**os.environ, "CC": "no-such-compiler-xyz", "SHARING_RULES_VENV": str(tmp_path / "venv")}
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "dev.py"), "demo"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("dev.py: durable_rules is a C extension and no C compiler")
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "venv").exists()
