"""Fixtures for the unit tests: the shipped knowledge, and editable copies of the rules directory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharing_rules import KnowledgeBase, load_knowledge, shipped_rules


@pytest.fixture(scope="session")
def shipped() -> KnowledgeBase:
    """The knowledge base shipped in rules/."""
    return load_knowledge()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped rules directory, free to edit."""
    target = tmp_path / "rules"
    shutil.copytree(shipped_rules(), target)
    return target


Editor = Callable[[str, Callable[[Any], None]], None]


@pytest.fixture
def edit(rules_copy: Path) -> Editor:
    """Edit one YAML file of the rules copy through a function that changes its parsed content."""

    def apply(file: str, change: Callable[[Any], None]) -> None:
        path = rules_copy / file
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")

    return apply
