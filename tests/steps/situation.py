"""What a scenario has set up and asked so far, shared by every step definition.

A scenario speaks about the partners the source names (the shipped knowledge) or about partners it gives
itself ("a partner "Examplestan" with a working arrangement"). The latter are added, as organisations (which
need no ISO codes), to a private copy of the shipped rules directory, together with any edit of a rule the
scenario asks for; the copy is loaded on the first question, and the shipped knowledge is never touched.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharing_rules import (
    DataType,
    Decision,
    KnowledgeBase,
    Partner,
    SharingRulesError,
    default_knowledge,
    load_knowledge,
    shipped_rules,
)

RuleEdit = Callable[[dict[str, Any]], None]
"""A change to one rule of eligibility.yaml, made on its parsed YAML mapping."""

_ARTICLE = re.compile(r"^(?:a|an|the|its)\s+", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+")


def kind_of_information(words: str) -> DataType:
    """The kind of information that ``words`` names: its label in data_types.yaml ("evidence")."""
    labels = {definition.label: kind for kind, definition in default_knowledge().data_types.items()}
    found = labels.get(words.strip())
    if found is None:
        raise AssertionError(f"no kind of information is labelled {words!r}; the labels are {sorted(labels)}")
    return found


def relationship_kind(words: str) -> str:
    """The relationship that ``words`` names: its label in relationships.yaml, with or without an article."""
    labels = {kind.label: kind.id for kind in default_knowledge().relationship_kinds.values()}
    found = labels.get(_ARTICLE.sub("", words.strip()))
    if found is None:
        raise AssertionError(f"no relationship is labelled {words!r}; the labels are {sorted(labels)}")
    return found


def relationship_label(kind: str) -> str:
    """How the knowledge names a relationship ("agreement on cooperation")."""
    return default_knowledge().relationship_kinds[kind].label


def listed(words: str) -> tuple[str, ...]:
    """The items of a list written as prose: "AGR-1, AGR-2 and WA-2" or "AGR-1 and AGR-2"."""
    return tuple(item for item in _LIST_SEPARATOR.split(words.strip()) if item)


class Situation:
    """The partners and rules a scenario has set up, the partner it is about, and the answers it got."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        """Nothing set up and nothing asked; a copy of the rules goes under ``tmp_path_factory`` if needed."""
        self._tmp_path_factory = tmp_path_factory
        self._given_partners: dict[str, list[str]] = {}
        self._rule_edits: list[tuple[str, RuleEdit]] = []
        self._knowledge: KnowledgeBase | None = None
        self.partner: str | None = None
        """The partner the scenario is about: what "it" means in a step."""
        self.decision: Decision | None = None
        self.decisions: Mapping[DataType, Decision] = {}
        self.refusal: SharingRulesError | None = None
        self.record: Partner | None = None
        self.listed: tuple[Partner, ...] = ()

    # -- setting up --------------------------------------------------------------------------------

    def give_partner(self, name: str, relationships: tuple[str, ...]) -> None:
        """Add a partner of the scenario's own, with these relationships, and make it the one spoken of."""
        self._before_questions("a partner")
        if name in self._given_partners:
            raise AssertionError(f"the scenario already gave a partner called {name!r}")
        self._given_partners[name] = list(relationships)
        self.partner = name

    def add_relationship(self, kind: str) -> None:
        """Give the partner the scenario is about one more relationship."""
        self._before_questions("a relationship")
        name = self.about()
        if name not in self._given_partners:
            raise AssertionError(f"{name} is a partner the source names: its relationships are the source's")
        if kind in self._given_partners[name]:
            raise AssertionError(f"{name} already has the relationship {kind}")
        self._given_partners[name].append(kind)

    def edit_rule(self, rule: str, edit: RuleEdit) -> None:
        """Change one eligibility rule in the scenario's copy of the rules."""
        self._before_questions("a change of rule")
        if rule not in {r.id for r in default_knowledge().rules}:
            raise AssertionError(f"there is no rule {rule!r} in eligibility.yaml")
        self._rule_edits.append((rule, edit))

    def _before_questions(self, what: str) -> None:
        if self._knowledge is not None:
            raise AssertionError(f"{what} must be set up before the first question is asked")

    # -- asking ------------------------------------------------------------------------------------

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge the scenario's questions are answered from (built on first use)."""
        if self._knowledge is None:
            changed = bool(self._given_partners or self._rule_edits)
            self._knowledge = self._build() if changed else default_knowledge()
        return self._knowledge

    def about(self) -> str:
        """The partner the scenario is about; a clear failure when no step has named one."""
        if self.partner is None:
            raise AssertionError("no partner has been named yet: start with a Given step that names one")
        return self.partner

    def ask(self, partner: str, data_type: DataType | str) -> None:
        """Ask for one decision, keeping the refusal when the question is refused."""
        try:
            self.decision = self.knowledge.decide(partner, data_type, self.knowledge.speaks_for)
        except SharingRulesError as error:
            self.refusal = error

    def answer(self) -> Decision:
        """The decision the scenario got; a clear failure when the question was refused instead."""
        if self.refusal is not None:
            raise AssertionError(f"the question was refused: {self.refusal}")
        if self.decision is None:
            raise AssertionError("no question has been asked yet")
        return self.decision

    def refused(self, kind: type[SharingRulesError]) -> SharingRulesError:
        """The refusal the scenario got, which must be of this kind."""
        if self.refusal is None:
            answered = self.decision.outcome.value if self.decision else "nothing"
            raise AssertionError(f"the question was not refused: the answer was {answered}")
        if not isinstance(self.refusal, kind):
            raise AssertionError(
                f"expected {kind.__name__}, got {type(self.refusal).__name__}: {self.refusal}"
            )
        return self.refusal

    def answers(self) -> Mapping[DataType, Decision]:
        """The decisions for every kind of information, from a step that considered them all."""
        if not self.decisions:
            raise AssertionError("no step has considered every kind of information yet")
        return self.decisions

    # -- the scenario's own copy of the rules ------------------------------------------------------

    def _build(self) -> KnowledgeBase:
        directory = self._tmp_path_factory.mktemp("rules")
        shutil.copytree(shipped_rules(), directory, dirs_exist_ok=True)
        shipped = default_knowledge()

        def add_partners(content: dict[str, Any]) -> None:
            for name, kinds in self._given_partners.items():
                relationships = [
                    # A partner of the scenario's own cites the statement that introduces its relationship.
                    {"kind": kind, "statements": [shipped.relationship_kinds[kind].statements[0]]}
                    for kind in kinds
                ]
                content["partners"].append(
                    {"name": name, "kind": "organisation", "relationships": relationships}
                )

        def edit_rules(content: dict[str, Any]) -> None:
            by_id = {rule["id"]: rule for rule in content["rules"]}
            for rule, edit in self._rule_edits:
                edit(by_id[rule])

        if self._given_partners:
            _rewrite(directory / "partners.yaml", add_partners)
        if self._rule_edits:
            _rewrite(directory / "eligibility.yaml", edit_rules)
        return load_knowledge(directory)


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def situation(tmp_path_factory: pytest.TempPathFactory) -> Situation:
    """A fresh situation for each scenario: the partners the source names, nothing asked yet."""
    return Situation(tmp_path_factory)
