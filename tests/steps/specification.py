"""The specification read as a document: the feature files, their rules, scenarios, tags and examples.

The tags of a scenario are the ids of the statements of the source it encodes (``@AGR-1``), plus one tag
that says which layer it belongs to. This module parses the feature files with the Gherkin parser that
pytest-bdd itself uses, so that the traceability tests see exactly what pytest-bdd runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import cast

from gherkin.parser import Parser
from gherkin.parser_types import Envelope, Rule, RuleEnvelope, Scenario, ScenarioEnvelope, Tag

FEATURES = Path(__file__).resolve().parents[2] / "features"
"""The feature files: one per section of the source, and one for the behaviour across them."""

LAYER_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "layer-source": "what the source says about the partners it names, against the shipped knowledge",
        "layer-rules": "the rules themselves, on partners the scenario gives, apart from today's list",
    }
)
"""The tags besides statement ids: every scenario carries exactly one of them."""

STATEMENT_ID = re.compile(r"^[A-Z]+-[1-9][0-9]*$")
"""The form of a statement id (statements.yaml)."""

RULE_HEADING = re.compile(r"^(?P<id>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) - (?P<title>.+)$")
"""A ``Rule:`` that encodes an eligibility rule: its id, a dash, and its title."""


@dataclass(frozen=True, slots=True)
class SpecScenario:
    """One scenario (or scenario outline, counted once) of a feature file."""

    file: str
    feature: str
    rule: str | None
    name: str
    line: int
    tags: tuple[str, ...]
    """The scenario's own tags, without the leading "@"."""
    examples_tags: tuple[str, ...]
    """Tags written on its Examples tables (pytest-bdd marks them, but Cucumber reports leave them out)."""
    steps: tuple[str, ...]
    examples: tuple[tuple[str, ...], ...]
    """The rows of its Examples tables, header rows left out."""

    @property
    def expanded(self) -> int:
        """How many tests the scenario becomes: one per Examples row, or one."""
        return len(self.examples) or 1

    @property
    def where(self) -> str:
        """The file and line of the scenario, for messages."""
        return f"{self.file}:{self.line}"

    @property
    def statement_tags(self) -> tuple[str, ...]:
        """The tags that are not layer tags: each should be the id of a statement."""
        return tuple(tag for tag in self.tags if tag not in LAYER_TAGS)


@dataclass(frozen=True, slots=True)
class SpecRule:
    """One ``Rule:`` of a feature file."""

    file: str
    name: str
    line: int


@dataclass(frozen=True, slots=True)
class Specification:
    """Every rule and scenario of the feature files."""

    rules: tuple[SpecRule, ...]
    scenarios: tuple[SpecScenario, ...]

    def __repr__(self) -> str:
        """A short form for failure reports: the counts, not every scenario."""
        return f"<Specification: {len(self.scenarios)} scenarios under {len(self.rules)} rules>"


def _tag_names(tags: Iterable[Tag]) -> tuple[str, ...]:
    return tuple(tag["name"].removeprefix("@") for tag in tags)


def _scenario(file: str, feature: str, rule: str | None, scenario: Scenario) -> SpecScenario:
    examples = scenario["examples"]
    rows = tuple(tuple(cell["value"] for cell in row["cells"]) for e in examples for row in e["tableBody"])
    return SpecScenario(
        file=file,
        feature=feature,
        rule=rule,
        name=scenario["name"],
        line=scenario["location"]["line"],
        tags=_tag_names(scenario["tags"]),
        examples_tags=tuple(t for e in examples for t in _tag_names(e["tags"])),
        steps=tuple(step["text"] for step in scenario["steps"]),
        examples=rows,
    )


def _scenario_of(child: Envelope) -> Scenario | None:
    return cast(ScenarioEnvelope, child)["scenario"] if "scenario" in child else None


def _rule_scenarios(file: str, feature: str, rule: Rule) -> Iterator[SpecScenario]:
    for child in rule["children"]:
        scenario = _scenario_of(child)
        if scenario is not None:
            yield _scenario(file, feature, rule["name"], scenario)


def parse_feature(path: Path) -> tuple[list[SpecRule], list[SpecScenario]]:
    """The rules and scenarios of one feature file."""
    document = Parser().parse(path.read_text(encoding="utf-8"))
    if "feature" not in document:  # an empty file
        return [], []
    feature = document["feature"]
    rules: list[SpecRule] = []
    scenarios: list[SpecScenario] = []
    for child in feature["children"]:
        if "rule" in child:
            rule = cast(RuleEnvelope, child)["rule"]
            rules.append(SpecRule(path.name, rule["name"], rule["location"]["line"]))
            scenarios.extend(_rule_scenarios(path.name, feature["name"], rule))
        else:
            scenario = _scenario_of(child)
            if scenario is not None:
                scenarios.append(_scenario(path.name, feature["name"], None, scenario))
    return rules, scenarios


def read_specification(directory: Path = FEATURES) -> Specification:
    """Every rule and scenario of the feature files in ``directory``, in file order."""
    rules: list[SpecRule] = []
    scenarios: list[SpecScenario] = []
    for path in sorted(directory.glob("*.feature")):
        found_rules, found_scenarios = parse_feature(path)
        rules += found_rules
        scenarios += found_scenarios
    return Specification(tuple(rules), tuple(scenarios))
