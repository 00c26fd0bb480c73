"""The durable_rules patch and the script that applies it: exact, checked, and refusing what does not fit."""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_durable_wheel", SCRIPTS / "build_durable_wheel.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_durable_wheel", module)
    spec.loader.exec_module(module)
    return module


wheel = _load()
BEFORE = [f"line {n}\n" for n in range(1, 40)]


def _diff(before: list[str], after: list[str], name: str = "src/file.c") -> str:
    return "header text\n\n" + "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))


def test_the_project_patch_replaces_exactly_the_five_removed_calls() -> None:
    """The shipped patch changes src/rulespy/rules.c only: five PyEval_CallObject calls, nothing else."""
    changes = wheel.parse_patch(wheel.PATCH.read_text(encoding="utf-8"))
    assert list(changes) == [Path("src/rulespy/rules.c")]
    hunks = changes[Path("src/rulespy/rules.c")]
    assert len(hunks) == 5
    for hunk in hunks:
        removed = [line for line in hunk.old if line not in hunk.new]
        added = [line for line in hunk.new if line not in hunk.old]
        assert removed == ["    result = PyEval_CallObject(callback, arglist);"]
        assert added == ["    result = PyObject_CallObject(callback, arglist);"]


def test_the_patch_says_why_and_where_upstream_is() -> None:
    """The patch file's header gives the reason and the upstream pull request."""
    header = wheel.PATCH.read_text(encoding="utf-8").split("\n--- ", 1)[0]
    assert "Python 3.13" in header
    assert "PyEval_CallObject" in header
    assert "jruizgit/rules pull request #403" in header


def test_a_diff_applies_exactly(tmp_path: Path) -> None:
    """Hunks that match are applied (several in one file, with line offsets), and the result is the target."""
    after = list(BEFORE)
    after[3] = "changed 4\n"
    after.insert(20, "added after 20\n")
    after[30:32] = ["replaced 30-31\n"]
    (tmp_path / "src").mkdir()
    target = tmp_path / "src" / "file.c"
    target.write_text("".join(BEFORE))
    assert wheel.apply_patch(_diff(BEFORE, after), tmp_path) == [target]
    assert target.read_text() == "".join(after)


def test_a_diff_that_does_not_match_changes_nothing(tmp_path: Path) -> None:
    """A hunk whose context differs from the file is refused, and no file is written."""
    after = list(BEFORE)
    after[5] = "changed\n"
    other = list(BEFORE)
    other[4] = "someone else's edit\n"
    (tmp_path / "src").mkdir()
    target = tmp_path / "src" / "file.c"
    target.write_text("".join(other))
    with pytest.raises(wheel.BuildError, match=r"does not match src/file\.c"):
        wheel.apply_patch(_diff(BEFORE, after), tmp_path)
    assert target.read_text() == "".join(other)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ("no diff here\n", "changes no file"),
        ("@@ -1 +1 @@\n-a\n+b\n", "before any file name"),
        ("--- a/../x\n+++ b/../x\n@@ -1 +1 @@\n-a\n+b\n", "unsafe path"),
        ("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n", "ends inside a hunk"),
        ("--- a/x\n+++ b/x\n@@ -1 +1 @@\n?a\n+b\n", "malformed line"),
        ("--- a/missing\n+++ b/missing\n@@ -1 +1 @@\n-a\n+b\n", "which the archive does not have"),
    ],
)
def test_a_damaged_patch_is_refused(tmp_path: Path, patch: str, message: str) -> None:
    """A patch that is not a clean unified diff of files inside the tree is refused with the reason."""
    with pytest.raises(wheel.BuildError, match=message):
        wheel.apply_patch(patch, tmp_path)


def test_only_the_pinned_source_archive_is_accepted(tmp_path: Path) -> None:
    """An archive whose sha256 is not the pinned one is refused, naming both hashes."""
    archive = tmp_path / wheel.SDIST
    archive.write_bytes(b"not the real archive")
    with pytest.raises(wheel.BuildError) as caught:
        wheel.verify(archive)
    assert hashlib.sha256(b"not the real archive").hexdigest() in str(caught.value)
    assert wheel.SHA256 in str(caught.value)
