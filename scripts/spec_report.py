"""Render the results of the Gherkin specification as one self-contained HTML page, statement by statement.

    python scripts/spec_report.py CUCUMBER_JSON OUTPUT_HTML [--rules DIR]

CUCUMBER_JSON is written by ``pytest tests/test_features.py --cucumberjson=build/cucumber.json``
(``python3 scripts/dev.py spec-report`` runs both). The page lists every statement of the catalogue
(``rules/statements.yaml``, or that of ``--rules DIR``) with its section and paraphrase, the scenarios tagged
with its id and whether each passed, and totals. Flagged: a statement that no scenario encodes, a failed
scenario, and a scenario tagged with no statement or with a tag that is no statement and no layer. The page
needs nothing but itself.

Exit status: 0 when every statement has a scenario and every scenario passed; 1 otherwise (the page is
written all the same); 2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from sharing_rules import KnowledgeBase, SharingRulesError, load_knowledge

LAYERS = {"layer-source": "source", "layer-rules": "rules"}
"""The tags that say which layer a scenario belongs to, and how the page shows them."""

_STATUS_ORDER = ("passed", "failed", "skipped")


class ReportError(Exception):
    """Input the report cannot be made from: the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """One scenario as run (an outline counts once per Examples row), with its tags and result."""

    feature: str
    uri: str
    name: str
    line: int
    tags: tuple[str, ...]
    status: str
    """passed, failed or skipped."""
    error: str | None

    @property
    def layer(self) -> str:
        """The layer the scenario belongs to, as shown on the page ("" when it has no layer tag)."""
        return next((LAYERS[tag] for tag in self.tags if tag in LAYERS), "")


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One statement of the catalogue and the scenarios that encode it."""

    id: str
    section: str
    paraphrase: str
    scenarios: tuple[ScenarioResult, ...]

    @property
    def status(self) -> str:
        """uncovered, failed, skipped or passed: the worst of its scenarios."""
        if not self.scenarios:
            return "uncovered"
        statuses = {scenario.status for scenario in self.scenarios}
        return next(status for status in ("failed", "skipped", "passed") if status in statuses)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the page shows."""

    title: str
    source: str
    knowledge_version: str
    results_file: str
    statements: tuple[StatementRow, ...]
    scenarios: tuple[ScenarioResult, ...]
    mistagged: tuple[tuple[ScenarioResult, str], ...]
    """Scenarios whose tags name no statement of the catalogue, or a tag that is no statement and no layer."""

    @property
    def ok(self) -> bool:
        """Every statement has a scenario, every scenario passed, and every scenario names a statement."""
        return (
            all(row.status == "passed" for row in self.statements)
            and all(s.status == "passed" for s in self.scenarios)
            and not self.mistagged
        )


# -- reading -----------------------------------------------------------------------------------------------


def _status(steps: Sequence[Any]) -> tuple[str, str | None]:
    statuses: list[str] = []
    error = None
    for step in steps:
        result = step.get("result", {}) if isinstance(step, dict) else {}
        status = str(result.get("status", "skipped"))
        statuses.append(status)
        if status == "failed" and error is None and result.get("error_message"):
            error = f"{step.get('keyword', '')} {step.get('name', '')}\n\n{result['error_message']}".strip()
    if "failed" in statuses:
        return "failed", error
    if statuses and all(status == "passed" for status in statuses):
        return "passed", None
    return "skipped", None


def read_results(path: Path) -> tuple[ScenarioResult, ...]:
    """The scenarios of a Cucumber JSON file, in its order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise ReportError(f"{path}: cannot read Cucumber JSON ({problem}).") from problem
    if not isinstance(data, list):
        raise ReportError(f"{path}: Cucumber JSON is a list of features; this is a {type(data).__name__}.")
    results: list[ScenarioResult] = []
    for feature in data:
        if not isinstance(feature, dict):
            raise ReportError(f"{path}: a feature is not a JSON object: {feature!r:.80}")
        for element in feature.get("elements", []):
            if not isinstance(element, dict) or element.get("type", "scenario") != "scenario":
                continue  # a Background is reported inside each scenario
            status, error = _status(element.get("steps", []))
            tags = tuple(str(tag.get("name", "")).removeprefix("@") for tag in element.get("tags", []))
            results.append(
                ScenarioResult(
                    feature=str(feature.get("name", "")),
                    uri=str(feature.get("uri", "")),
                    name=str(element.get("name", "")),
                    line=int(element.get("line", 0)),
                    tags=tags,
                    status=status,
                    error=error,
                )
            )
    return tuple(results)


def _section_titles(knowledge: KnowledgeBase) -> Mapping[str, str]:
    """The titles of the catalogue's sections (statements.yaml), by section id."""
    try:
        content = yaml.safe_load((knowledge.path / "statements.yaml").read_text(encoding="utf-8"))
        return {str(s["id"]): str(s["title"]) for s in content.get("sections", [])}
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError):
        return {}  # the section ids are shown instead


def build_report(results: Sequence[ScenarioResult], knowledge: KnowledgeBase, results_file: str) -> Report:
    """Match the scenarios run with the statements of the catalogue."""
    titles = _section_titles(knowledge)
    rows = tuple(
        StatementRow(
            id=statement.id,
            section=titles.get(statement.section, statement.section),
            paraphrase=statement.paraphrase,
            scenarios=tuple(r for r in results if statement.id in r.tags),
        )
        for statement in knowledge.statements.values()
    )
    catalogue = set(knowledge.statements)
    mistagged: list[tuple[ScenarioResult, str]] = []
    for result in results:
        unknown = [tag for tag in result.tags if tag not in catalogue and tag not in LAYERS]
        if unknown:
            mistagged.append((result, "tags that name no statement: " + ", ".join("@" + t for t in unknown)))
        elif not catalogue & set(result.tags):
            mistagged.append((result, "no statement tag"))
    return Report(
        title=knowledge.title,
        source=knowledge.source.title,
        knowledge_version=knowledge.version,
        results_file=results_file,
        statements=rows,
        scenarios=tuple(results),
        mistagged=tuple(mistagged),
    )


# -- writing -----------------------------------------------------------------------------------------------

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 0; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #ddd; }
th { background: #f4f4f6; }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; border-radius: .8rem; padding: 0 .5rem;
         font-size: .8rem; font-weight: 600; }
.passed { background: #dff3e3; color: #175c2a; } .failed { background: #fbe0e0; color: #8a1c1c; }
.skipped { background: #fff1cc; color: #6b4e00; } .uncovered { background: #8a1c1c; color: #fff; }
.statement { border: 1px solid #ddd; border-radius: .5rem; padding: .8rem 1rem; margin: 1rem 0; }
.statement.flag { border: 2px solid #8a1c1c; background: #fff7f7; }
.statement p { margin: .4rem 0; }
.totals td:first-child { width: 22rem; }
.layer { color: #555; font-size: .85rem; }
pre { white-space: pre-wrap; font-size: .8rem; background: #f7f7f7; padding: .5rem; max-height: 20rem;
      overflow: auto; }
code { font-size: .9em; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(status: str, text: str | None = None) -> str:
    return f'<span class="badge {_e(status)}">{_e(text or status)}</span>'


def _scenario_rows(scenarios: Sequence[ScenarioResult], notes: Sequence[str] = ()) -> str:
    rows = []
    for index, s in enumerate(scenarios):
        note = f"<br><strong>{_e(notes[index])}</strong>" if index < len(notes) else ""
        error = (
            f"<details><summary>why it failed</summary><pre>{_e(s.error)}</pre></details>" if s.error else ""
        )
        rows.append(
            f"<tr><td>{_badge(s.status)}</td><td>{_e(s.name)}{note}{error}</td>"
            f'<td>{_e(s.feature)} <span class="layer">({_e(s.uri)}:{s.line})</span></td>'
            f'<td class="layer">{_e(s.layer)}</td></tr>'
        )
    return (
        "<table><thead><tr><th>result</th><th>scenario</th><th>feature</th><th>layer</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _statement(row: StatementRow) -> str:
    counts = Counter(s.status for s in row.scenarios)
    if row.scenarios:
        summary = ", ".join(f"{counts[status]} {status}" for status in _STATUS_ORDER if counts[status])
        body = (
            f"<details{' open' if row.status != 'passed' else ''}><summary>{len(row.scenarios)} scenario(s):"
            f" {_e(summary)}</summary>{_scenario_rows(row.scenarios)}</details>"
        )
    else:
        body = "<p><strong>No scenario encodes this statement.</strong> Tag a scenario with its id.</p>"
    flag = " flag" if row.status != "passed" else ""
    label = "NO SCENARIO" if row.status == "uncovered" else row.status
    return (
        f'<section class="statement{flag}" id="{_e(row.id)}"><h3>{_badge(row.status, label)} '
        f"<code>{_e(row.id)}</code> &middot; {_e(row.section)}</h3>"
        f"<p>{_e(row.paraphrase)}</p>{body}</section>"
    )


def render(report: Report) -> str:
    """The whole page: totals, a summary table, then each statement with its scenarios."""
    scenario_counts = Counter(s.status for s in report.scenarios)
    covered = sum(1 for row in report.statements if row.scenarios)
    uncovered = [row.id for row in report.statements if not row.scenarios]
    layers = Counter(s.layer or "none" for s in report.scenarios)
    totals = [
        ("Statements in the catalogue", str(len(report.statements))),
        ("Statements with at least one scenario", f"{covered} of {len(report.statements)}"),
        ("Statements with no scenario", ", ".join(uncovered) or "none"),
        ("Scenarios run (outlines expanded)", str(len(report.scenarios))),
        *((f"Scenarios {status}", str(scenario_counts[status])) for status in _STATUS_ORDER),
        ("Scenarios per layer", ", ".join(f"{layer}: {n}" for layer, n in sorted(layers.items()))),
        ("Scenarios whose tags need attention", str(len(report.mistagged))),
    ]
    summary_rows = "".join(
        f'<tr><td><a href="#{_e(row.id)}"><code>{_e(row.id)}</code></a></td><td>{_e(row.section)}</td>'
        f"<td>{len(row.scenarios)}</td>"
        f"<td>{_badge(row.status, 'NO SCENARIO' if row.status == 'uncovered' else row.status)}</td></tr>"
        for row in report.statements
    )
    mistagged = ""
    if report.mistagged:
        scenarios, notes = zip(*report.mistagged, strict=True)
        mistagged = (
            "<h2>Scenarios whose tags need attention</h2>"
            "<p>Each scenario is tagged with the ids of the statements it encodes, and with its layer.</p>"
            f'<div class="statement flag">{_scenario_rows(scenarios, notes)}</div>'
        )
    verdict = (
        _badge("passed", "all statements specified and passing")
        if report.ok
        else _badge("failed", "attention needed")
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Specification report: {_e(report.title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Specification report: {_e(report.title)}</h1>
<p class="meta">The statements of <em>{_e(report.source)}</em> and the scenarios that encode them.
Knowledge {_e(report.knowledge_version)}; results from {_e(report.results_file)};
generated {_e(generated)}.</p>
<p>{verdict}</p>
<h2>Totals</h2>
<table class="totals"><tbody>
{"".join(f"<tr><td>{_e(name)}</td><td>{_e(value)}</td></tr>" for name, value in totals)}
</tbody></table>
<h2>Statements at a glance</h2>
<table><thead><tr><th>statement</th><th>section</th><th>scenarios</th><th>result</th></tr></thead>
<tbody>{summary_rows}</tbody></table>
<h2>Statements and their scenarios</h2>
{"".join(_statement(row) for row in report.statements)}
{mistagged}
</body>
</html>
"""


# -- command line ------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Read the Cucumber JSON and the catalogue, write the page, and say in one line how it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("cucumber_json", type=Path, help="Cucumber JSON written by pytest --cucumberjson")
    parser.add_argument("output_html", type=Path, help="where to write the HTML page")
    parser.add_argument(
        "--rules", type=Path, default=None, help="rules directory (default: the shipped rules)"
    )
    args = parser.parse_args(argv)
    try:
        results = read_results(args.cucumber_json)
        knowledge = load_knowledge(args.rules)
    except (ReportError, SharingRulesError) as error:
        print(f"spec_report: {error}", file=sys.stderr)
        return 2
    report = build_report(results, knowledge, args.cucumber_json.name)
    args.output_html.parent.mkdir(parents=True, exist_ok=True)
    args.output_html.write_text(render(report), encoding="utf-8")
    covered = sum(1 for row in report.statements if row.scenarios)
    counts = Counter(s.status for s in report.scenarios)
    print(
        f"{args.output_html}: {covered}/{len(report.statements)} statements with a scenario;"
        f" {len(report.scenarios)} scenarios, {counts['passed']} passed, {counts['failed']} failed,"
        f" {counts['skipped']} skipped"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
