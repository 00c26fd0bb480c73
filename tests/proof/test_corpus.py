"""The corpus of broken rules directories (tests/corpus/cases.yaml): each is refused, and says where.

Every case is the shipped rules directory with a few changes. Loading it must fail with a
:class:`~sharing_rules.KnowledgeBaseError` whose ``file`` and ``entry`` name the broken place and whose
message says what is wrong, never with another exception and never with a partial knowledge base.

A fault inside inference itself (an action that raises) is covered by
tests/unit/test_engine.py::test_an_exception_inside_a_rule_action_refuses_the_load.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharing_rules import KnowledgeBaseError, load_knowledge, shipped_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "cases.yaml"
CASES: Mapping[str, Mapping[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]
ACTIONS = ("replace", "append", "content", "content_latin1", "delete")


def apply(rules: Path, change: Mapping[str, Any]) -> None:
    """Apply one change of a corpus case to the rules directory ``rules``."""
    path = rules / change["file"]
    actions = [action for action in ACTIONS if action in change]
    assert len(actions) == 1, f"a change does exactly one of {ACTIONS}: {change}"
    action = actions[0]
    if action == "replace":
        old, new = change["replace"]
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (
            f"the corpus change no longer applies: {old!r} occurs {text.count(old)} times in {change['file']}"
            " (the shipped rules changed; update tests/corpus/cases.yaml)"
        )
        path.write_text(text.replace(old, new), encoding="utf-8")
    elif action == "append":
        path.write_text(path.read_text(encoding="utf-8") + change["append"], encoding="utf-8")
    elif action == "content":
        path.write_text(change["content"], encoding="utf-8")
    elif action == "content_latin1":
        path.write_bytes(change["content_latin1"].encode("latin-1"))
    else:
        path.unlink()


def params() -> list[Any]:
    """One pytest parameter per corpus case, with the case name as id (xfail while it shows a bug)."""
    found = []
    for name, case in CASES.items():
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        found.append(pytest.param(case, id=name, marks=marks))
    return found


def test_the_corpus_has_every_kind_of_breakage() -> None:
    """The corpus holds at least twenty cases, each described, changed and with a full expectation."""
    assert len(CASES) >= 20
    for name, case in CASES.items():
        assert case.get("about"), name
        assert case.get("changes"), name
        assert set(case["expect"]) == {"file", "entry", "message"}, name


@pytest.mark.parametrize("case", params())
def test_a_broken_rules_directory_is_refused_with_file_entry_and_reason(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], case: Mapping[str, Any]
) -> None:
    """A broken rules directory is refused with a KnowledgeBaseError naming the file and the entry."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    for change in case["changes"]:
        apply(rules, change)
    expected = case["expect"]

    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(rules)

    error = caught.value
    assert (error.file, error.entry) == (expected["file"], expected["entry"]), str(error)
    assert expected["message"] in str(error)
    assert error.problem, "every refusal says what is wrong"
    assert error.fix, "every refusal says how to mend it"
    if "silent" in case:
        seen = capfd.readouterr()
        assert case["silent"] not in seen.out + seen.err, "the YAML payload was executed"


def test_the_silence_check_would_see_a_command_run(capfd: pytest.CaptureFixture[str]) -> None:
    """The check behind `silent` captures what a shell command prints, so a payload that ran would show."""
    assert os.system("echo pwned") == 0  # the output the check looks for
    assert "pwned" in capfd.readouterr().out


def test_the_unmodified_copy_loads(tmp_path: Path) -> None:
    """The shipped rules, copied as the corpus copies them, load: the refusals come from the changes."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    assert load_knowledge(rules).partners
