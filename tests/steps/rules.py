"""Steps about the eligibility rules and the statement catalogue they cite."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then

from tests.steps.situation import Situation, kind_of_information, relationship_kind

_RULE = r"(?P<rule>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)"


@given(parsers.re(rf"the rule {_RULE} also applies to partners that have (?P<relationship>(?:a|an) .+)"))
def rule_also_applies(situation: Situation, rule: str, relationship: str) -> None:
    """A reading of the source in which the rule no longer spares partners with this relationship."""
    kind = relationship_kind(relationship)

    def drop_exception(entry: dict[str, Any]) -> None:
        lacks = entry.get("when", {}).get("lacks", [])
        assert kind in lacks, f"the rule {rule} does not spare partners that have {relationship}"
        lacks.remove(kind)
        if not lacks:
            del entry["when"]["lacks"]

    situation.edit_rule(rule, drop_exception)


@given(parsers.re(rf"the rule {_RULE} covers (?P<kind>.+) instead"))
def rule_covers_instead(situation: Situation, rule: str, kind: str) -> None:
    """A reading of the source in which the rule names another kind of information."""
    data_type = kind_of_information(kind)

    def replace_kinds(entry: dict[str, Any]) -> None:
        entry["data_types"] = [data_type.value]

    situation.edit_rule(rule, replace_kinds)


@given(parsers.re(rf"the rule {_RULE} excludes what it names"))
def rule_excludes(situation: Situation, rule: str) -> None:
    """A reading in which the rule is a real exclusion (a prohibition), not merely "no basis"."""

    def make_exclusion(entry: dict[str, Any]) -> None:
        entry["effect"] = "prohibit"
        entry.pop("basis", None)
        entry.pop("conditions", None)

    situation.edit_rule(rule, make_exclusion)


@then(parsers.re(r"the catalogue of the source's statements holds (?P<statement>[A-Z]+(?:-[0-9A-Z]+)+)"))
def catalogue_holds(situation: Situation, statement: str) -> None:
    """The statement is in the catalogue that rules, partners and scenarios cite."""
    catalogue = situation.knowledge.statements
    assert statement in catalogue, f"{statement} is not in the catalogue ({', '.join(catalogue)})"
