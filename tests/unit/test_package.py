"""The package as people meet it: its version, its namespace, one-line answers, and output that fits."""

from __future__ import annotations

import importlib.metadata
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sharing_rules
from sharing_rules import DataType, KnowledgeBase, Outcome, load_knowledge
from sharing_rules._cli import WIDTH, main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge()


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out, err=io.StringIO())
    return code, out.getvalue()


def test_the_version_is_the_installed_distributions() -> None:
    """``sharing_rules.__version__`` is the version pip installed."""
    assert sharing_rules.__version__ == importlib.metadata.version("sharing-rules")


def test_version_option_names_the_package_and_the_knowledge(knowledge: KnowledgeBase) -> None:
    """``sharing-rules --version`` prints the package's version and the shipped knowledge's, exit 0."""
    done = subprocess.run(
        [sys.executable, "-m", "sharing_rules", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == f"sharing-rules {sharing_rules.__version__}"
    assert knowledge.version in done.stdout


def test_every_public_name_resolves_and_is_listed() -> None:
    """Each name of ``__all__`` is importable from the package and ``dir()`` lists it; others are errors."""
    for name in sharing_rules.__all__:
        assert getattr(sharing_rules, name) is not None
    assert set(sharing_rules.__all__) <= set(dir(sharing_rules))
    with pytest.raises(AttributeError, match="no attribute 'evaluat'"):
        _ = sharing_rules.evaluat


def test_the_public_names_are_listed_once() -> None:
    """``__all__`` is made from the export table, and the imports for type checkers name exactly its entries.

    Each public class presents itself as ``sharing_rules.X`` (in reprs, docs and tracebacks), as httpx does.
    """
    import ast

    exports: dict[str, str] = sharing_rules._EXPORTS  # the one table
    assert sharing_rules.__all__ == sorted([*exports, "__version__"])
    tree = ast.parse((ROOT / "src" / "sharing_rules" / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    imported = {
        alias.name: node.module
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name  # re-exported
    }
    assert imported == exports
    for name in exports:
        value = getattr(sharing_rules, name)
        if isinstance(value, type):
            assert value.__module__ == "sharing_rules", name


def test_an_error_names_its_public_class_before_any_public_name_is_used() -> None:
    """A traceback names ``sharing_rules.UnknownPartnerError``, even in a process that never asked for it."""
    code = (
        "from sharing_rules._api import evaluate\n"
        "try:\n    evaluate('Narnia', 'strategic')\n"
        "except Exception as error:\n    print(type(error).__module__, type(error).__qualname__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["sharing_rules", "UnknownPartnerError"]


def test_the_command_line_imports_neither_pydantic_nor_the_engine_to_start() -> None:
    """Importing the package and the command line loads no pydantic, YAML or durable_rules (costly)."""
    code = "import sys, sharing_rules._cli; print(sorted({'pydantic', 'yaml', 'durable'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_quick_path_answers_without_pydantic(tmp_path: Path) -> None:
    """With the day's table cached, evaluate answers in a process that never imports pydantic."""
    environment = {**os.environ, "SHARING_RULES_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys; from sharing_rules._cli import main; code = main(['evaluate', 'Norway', 'evidence']);"
        " print('pydantic' in sys.modules, code)"
    )
    first = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=False
    )
    second = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=False
    )
    assert first.stdout.splitlines()[-1] == "True 0"  # derived, and the table written
    assert second.stdout.splitlines()[-1] == "False 0"
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1]


def test_an_engine_that_does_not_import_names_the_fix(tmp_path: Path) -> None:
    """If durable_rules fails to import (as the unpatched release does on 3.13), the error names the fix."""
    fake = tmp_path / "durable"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "engine.py").write_text(
        "raise ImportError('durable_rules_engine.so: undefined symbol: PyEval_CallObject')\n"
    )
    code = (
        "import sharing_rules\n"
        "try:\n    import sharing_rules._engine\n"
        "except sharing_rules.EngineUnavailableError as error:\n"
        "    print(isinstance(error, ImportError), error)\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=False
    )
    assert done.stdout.startswith("True durable_rules, the inference engine, cannot be imported")
    assert "undefined symbol: PyEval_CallObject" in done.stdout
    assert "scripts/build_durable_wheel.py" in done.stdout


def test_str_of_a_decision_is_the_one_line_answer(knowledge: KnowledgeBase) -> None:
    """``str(decision)`` is one line: the partner, the kind, the verdict and its basis."""
    norway = knowledge.decide("Norway", "evidence")
    assert str(norway) == f"Norway - evidence: ALLOWED ({norway.basis})"
    assert str(knowledge.decide("Bhutan", "operational")) == "Bhutan - operational: NOT ALLOWED (no basis)"
    for partner in knowledge.partners:
        for kind in DataType:
            decision = knowledge.decide(partner.name, kind)
            line = str(decision)
            assert "\n" not in line
            assert line.startswith(f"{partner.name} - {kind.value}: ")
            verdict = {Outcome.ALLOWED: "ALLOWED", Outcome.PROHIBITED: "PROHIBITED"}.get(decision.outcome)
            assert line.split(": ", 1)[1].startswith(verdict or "NOT ALLOWED (no basis)")


def test_the_demo_output_fits_the_width(knowledge: KnowledgeBase) -> None:
    """Matrix and evaluate print no line over 100 columns (but a long web address); no verdict repeated."""
    outputs = [_run("matrix")[1]]
    outputs += [_run("evaluate", p.name, kind.value)[1] for p in knowledge.partners for kind in DataType]
    outputs.append(_run("evaluate", "Bhutan", "strategic")[1])
    for output in outputs:
        for line in output.splitlines():  # a web address longer than a line is kept whole, on its own
            assert len(line) <= WIDTH or " " not in line.strip(), line
        assert "PROHIBITED (prohibited)" not in output
        assert "ALLOWED (allowed)" not in output
