"""scripts/spec_report.py: the HTML page that shows, statement by statement, the scenarios that encode it.

Each test writes a small Cucumber JSON file shaped like pytest-bdd's, runs the script on it as the dev
script does, and reads the page.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharing_rules import load_knowledge, shipped_rules

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "spec_report.py"
STATEMENTS = load_knowledge().statements
_CATALOGUE = yaml.safe_load((shipped_rules() / "statements.yaml").read_text(encoding="utf-8"))
SECTIONS = {section["id"]: section["title"] for section in _CATALOGUE["sections"]}


def _scenario(name: str, tags: Sequence[str], *statuses: str, line: int = 3) -> dict[str, Any]:
    steps = [
        {
            "keyword": "Given",
            "name": f"step {index}",
            "line": line + index,
            "match": {"location": ""},
            "result": {"status": status, "duration": 1}
            | ({"error_message": "AssertionError: expected allowed"} if status == "failed" else {}),
        }
        for index, status in enumerate(statuses, start=1)
    ]
    return {
        "keyword": "Scenario",
        "id": name.lower().replace(" ", "_"),
        "name": name,
        "line": line,
        "description": "",
        "tags": [{"name": tag, "line": line - 1} for tag in tags],
        "type": "scenario",
        "steps": steps,
    }


def _feature(*elements: dict[str, Any]) -> dict[str, Any]:
    return {
        "keyword": "Feature",
        "uri": "features/example.feature",
        "name": "An example feature",
        "id": "features/example.feature",
        "line": 1,
        "description": "",
        "language": "en",
        "tags": [],
        "elements": list(elements),
    }


def _run(tmp_path: Path, features: Any) -> tuple[int, str, str]:
    results = tmp_path / "cucumber.json"
    results.write_text(json.dumps(features), encoding="utf-8")
    page = tmp_path / "out" / "spec-report.html"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(results), str(page)], capture_output=True, text=True, check=False
    )
    return (
        done.returncode,
        page.read_text(encoding="utf-8") if page.exists() else "",
        done.stdout + done.stderr,
    )


def _statement_section(page: str, statement: str) -> str:
    match = re.search(
        rf'<section class="statement[^"]*" id="{re.escape(statement)}">(.*?)</section>', page, re.S
    )
    assert match is not None, f"no section for {statement}"
    return match.group(1)


@pytest.fixture
def partial_run(tmp_path: Path) -> tuple[int, str, str]:
    """A run that covers AGR-1 (one scenario passed, one failed) and WA-2 (passed), and nothing else."""
    return _run(
        tmp_path,
        [
            _feature(
                _scenario(
                    "Norway <may> share evidence", ["AGR-1", "AGR-2", "layer-source"], "passed", "passed"
                ),
                _scenario("Nigeria gets no personal data", ["WA-2", "layer-source"], "passed", line=9),
                _scenario("A broken scenario", ["AGR-1", "layer-rules"], "passed", "failed", line=15),
                _scenario("A scenario citing nothing", ["layer-rules"], "passed", line=21),
                _scenario("A scenario citing AGR-9", ["AGR-9", "AGR-1", "layer-rules"], "passed", line=27),
            )
        ],
    )


def test_the_page_lists_every_statement_of_the_catalogue(partial_run: tuple[int, str, str]) -> None:
    """Every statement of the catalogue has its id, section and paraphrase on the page."""
    _, page, output = partial_run
    assert page, output
    for statement in STATEMENTS.values():
        section = _statement_section(page, statement.id)
        assert html.escape(statement.paraphrase) in section
        assert html.escape(SECTIONS[statement.section]) in section


def test_statements_without_a_scenario_are_flagged(partial_run: tuple[int, str, str]) -> None:
    """A statement no scenario encodes is marked as such, and the script exits with 1."""
    returncode, page, _ = partial_run
    assert returncode == 1
    for statement in STATEMENTS:
        section = _statement_section(page, statement)
        flagged = "No scenario encodes this statement" in section
        assert flagged is (statement not in {"AGR-1", "AGR-2", "WA-2"}), statement
    assert re.search(r'<section class="statement flag" id="CP-1">', page)


def test_each_statement_shows_its_scenarios_and_their_results(partial_run: tuple[int, str, str]) -> None:
    """A statement lists the scenarios tagged with it, each passed or failed, with why it failed."""
    _, page, _ = partial_run
    agr1 = _statement_section(page, "AGR-1")
    assert "Norway &lt;may&gt; share evidence" in agr1  # escaped, never markup
    assert "A broken scenario" in agr1
    assert '<span class="badge failed">failed</span>' in agr1
    assert "AssertionError: expected allowed" in agr1
    assert "Nigeria gets no personal data" not in agr1
    wa2 = _statement_section(page, "WA-2")
    assert "Nigeria gets no personal data" in wa2
    assert '<span class="badge passed">passed</span>' in wa2


def test_the_page_has_totals_and_flags_scenarios_citing_nothing(partial_run: tuple[int, str, str]) -> None:
    """Totals count statements and scenarios; a scenario with no statement tag, or a wrong one, is listed."""
    _, page, output = partial_run
    assert f"3 of {len(STATEMENTS)}" in page
    assert "<td>Scenarios run (outlines expanded)</td><td>5</td>" in page
    assert "<td>Scenarios failed</td><td>1</td>" in page
    assert "<td>Scenarios whose tags need attention</td><td>2</td>" in page
    attention = page[page.index("<h2>Scenarios whose tags need attention</h2>") :]
    assert "A scenario citing nothing" in attention
    assert "no statement tag" in attention
    assert "A scenario citing AGR-9" in attention
    assert "tags that name no statement: @AGR-9" in attention
    assert f"3/{len(STATEMENTS)} statements with a scenario; 5 scenarios, 4 passed, 1 failed" in output


def test_the_page_needs_nothing_but_itself(partial_run: tuple[int, str, str]) -> None:
    """No stylesheet, script, image or font is fetched from elsewhere."""
    _, page, _ = partial_run
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(?:script|link|img|iframe)\b", page)
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "@import" not in page
    assert "url(" not in page


def test_a_complete_passing_run_exits_with_0(tmp_path: Path) -> None:
    """Every statement with a passing scenario and every scenario citing one: the script exits with 0."""
    scenarios = [_scenario(f"Scenario for {sid}", [sid, "layer-source"], "passed") for sid in STATEMENTS]
    returncode, page, output = _run(tmp_path, [_feature(*scenarios)])
    assert returncode == 0, output
    assert "No scenario encodes this statement" not in page
    assert "all statements specified and passing" in page


@pytest.mark.parametrize("content", ["not json", {"features": []}, [42]])
def test_unreadable_results_are_refused(tmp_path: Path, content: object) -> None:
    """Input that is no Cucumber JSON is refused with exit status 2 and a message; no page is written."""
    results = tmp_path / "cucumber.json"
    results.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    page = tmp_path / "spec-report.html"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(results), str(page)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "spec_report:" in done.stderr
    assert not page.exists()
