"""Traceability between the source and the specification.

Every statement of the catalogue is encoded by at least one scenario, every scenario says which statements
it encodes, and the Gherkin speaks the same words as the knowledge (rule ids and titles, the partners the
source names).

The feature files are read from pytest's ``bdd_features_base_dir``, like the scenarios themselves; a copy
can be checked with ``pytest tests/test_statement_coverage.py -o bdd_features_base_dir=/path/to/copy``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pytest

from sharing_rules import Statement, default_knowledge, load_knowledge
from tests.steps.specification import (
    LAYER_TAGS,
    RULE_HEADING,
    STATEMENT_ID,
    Specification,
    read_specification,
)

IMPLEMENTATION_WORDS = re.compile(r"\b(?:facts?|rulesets?|engines?)\b", re.IGNORECASE)
"""Words of the implementation, not of the domain: steps describe behaviour."""


@pytest.fixture(scope="module")
def specification(pytestconfig: pytest.Config) -> Specification:
    """The feature files pytest-bdd binds (``bdd_features_base_dir``), read as a document."""
    base = Path(str(pytestconfig.getini("bdd_features_base_dir")))
    directory = base if base.is_absolute() else pytestconfig.rootpath / base
    found = read_specification(directory)
    assert found.scenarios, f"no scenario found in {directory}"
    return found


@pytest.fixture(scope="module")
def catalogue() -> Mapping[str, Statement]:
    """The statement catalogue of the shipped knowledge (rules/statements.yaml)."""
    return load_knowledge().statements


def test_every_statement_has_a_scenario(
    specification: Specification, catalogue: Mapping[str, Statement]
) -> None:
    """A statement of the source that no scenario is tagged with is not specified: the suite fails."""
    tagged = {tag for scenario in specification.scenarios for tag in scenario.tags}
    missing = [f"{sid} ({statement.paraphrase})" for sid, statement in catalogue.items() if sid not in tagged]
    assert not missing, "statements with no scenario tagged with their id:\n  " + "\n  ".join(missing)


def test_every_tag_names_a_statement_or_a_layer(
    specification: Specification, catalogue: Mapping[str, Statement]
) -> None:
    """A tag is the id of a statement in the catalogue or a layer tag; anything else is a mistake."""
    wrong = [
        f"{scenario.where} {scenario.name!r}: @{tag}"
        + (
            " is not in the statement catalogue"
            if STATEMENT_ID.match(tag)
            else " is no statement id and no layer"
        )
        for scenario in specification.scenarios
        for tag in scenario.tags
        if tag not in catalogue and tag not in LAYER_TAGS
    ]
    assert not wrong, "tags that name no statement:\n  " + "\n  ".join(wrong)


def test_tags_stand_on_the_scenario_itself(specification: Specification) -> None:
    """Tags on an Examples table are left out of Cucumber reports, so the spec report would not see them."""
    wrong = [f"{s.where} {s.name!r}: {s.examples_tags}" for s in specification.scenarios if s.examples_tags]
    assert not wrong, "move these tags from the Examples to the scenario:\n  " + "\n  ".join(wrong)


def test_every_scenario_encodes_a_statement(specification: Specification) -> None:
    """Each scenario is tagged with at least one statement it encodes or relies on."""
    untagged = [f"{s.where} {s.name!r}" for s in specification.scenarios if not s.statement_tags]
    assert not untagged, "scenarios with no statement tag:\n  " + "\n  ".join(untagged)


def test_every_scenario_belongs_to_one_layer(specification: Specification) -> None:
    """Each scenario is about the source's partners or about the rules themselves, and says which."""
    wrong = [
        f"{s.where} {s.name!r}: {[t for t in s.tags if t in LAYER_TAGS] or 'no layer tag'}"
        for s in specification.scenarios
        if sum(tag in LAYER_TAGS for tag in s.tags) != 1
    ]
    assert not wrong, f"scenarios without exactly one of {sorted(LAYER_TAGS)}:\n  " + "\n  ".join(wrong)


def test_both_layers_are_present_with_enough_scenarios(specification: Specification) -> None:
    """The specification has both layers, and at least 80 scenarios once the outlines are expanded."""
    per_layer = Counter(tag for s in specification.scenarios for tag in s.tags if tag in LAYER_TAGS)
    assert set(per_layer) == set(LAYER_TAGS), per_layer
    expanded = sum(s.expanded for s in specification.scenarios)
    assert expanded >= 80, f"only {expanded} scenarios after the outlines expand"


def test_rule_headings_name_the_eligibility_rules(specification: Specification) -> None:
    """Every eligibility rule has a ``Rule:`` with its id and title, in the words of eligibility.yaml."""
    rules = {rule.id: rule.title for rule in default_knowledge().rules}
    headed: dict[str, str] = {}
    wrong: list[str] = []
    for heading in specification.rules:
        match = RULE_HEADING.match(heading.name)
        if match is None:
            continue
        rule_id, title = match["id"], match["title"]
        if rule_id not in rules:
            wrong.append(f"{heading.file}:{heading.line}: {rule_id} is no rule of eligibility.yaml")
        elif title != rules[rule_id]:
            wrong.append(
                f"{heading.file}:{heading.line}: {rule_id} is titled {rules[rule_id]!r}, not {title!r}"
            )
        headed[rule_id] = heading.file
    wrong += [
        f"{rule_id} ({title}) has no Rule: heading"
        for rule_id, title in rules.items()
        if rule_id not in headed
    ]
    assert not wrong, "\n".join(wrong)


def test_outlines_list_every_partner_the_source_names(specification: Specification) -> None:
    """For each relationship, a source-layer outline lists exactly the partners the knowledge gives it."""
    partners = default_knowledge().partners
    listed = [
        {row[0] for row in scenario.examples}
        for scenario in specification.scenarios
        if "layer-source" in scenario.tags and scenario.examples
    ]
    wrong = []
    for kind in sorted({kind for partner in partners for kind in partner.relationship_kinds}):
        holders = {partner.name for partner in partners if kind in partner.relationship_kinds}
        if holders not in listed:
            wrong.append(f"{kind}: no outline lists exactly {', '.join(sorted(holders))}")
    assert not wrong, "\n".join(wrong)


def test_steps_speak_the_language_of_the_domain(specification: Specification) -> None:
    """Steps describe behaviour in the words of the domain, never the implementation's."""
    wrong = [
        f"{s.where} {s.name!r}: {step!r}"
        for s in specification.scenarios
        for step in s.steps
        if IMPLEMENTATION_WORDS.search(step)
    ]
    assert not wrong, "steps that speak of the implementation:\n  " + "\n  ".join(wrong)


def test_scenario_names_are_unique_within_a_feature(specification: Specification) -> None:
    """pytest-bdd finds scenarios by name: two scenarios of one feature with the same name would hide one."""
    counts = Counter((s.file, s.name) for s in specification.scenarios)
    twice = [f"{file}: {name!r}" for (file, name), count in counts.items() if count > 1]
    assert not twice, "scenario names used twice in a feature:\n  " + "\n  ".join(twice)
