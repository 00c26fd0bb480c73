"""Configuration for the whole test suite: the Gherkin tags as markers, and the step definitions.

Every tag of a feature file is a registered marker (``--strict-markers``): the ids of the statement
catalogue (rules/statements.yaml, read through :func:`sharing_rules.load_knowledge`) and the layer tags.
A tag that is neither does not stop the whole run with a collection error: each scenario that carries it
fails and says why, and tests/test_statement_coverage.py lists every such tag.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator

import pytest

from sharing_rules import KnowledgeBaseError, load_knowledge
from tests.steps.specification import LAYER_TAGS

pytest_plugins = [
    "tests.steps.situation",
    "tests.steps.partners",
    "tests.steps.rules",
    "tests.steps.decisions",
    "tests.steps.time",
]

_TAGS: dict[str, str] = {}
"""The tags registered as markers in this run, with their meaning (filled by pytest_configure)."""
_CATALOGUE_PROBLEM: list[str] = []
"""Why the statement catalogue could not be registered, when it could not."""
_UNKNOWN_TAGS = "_sharing_rules_unknown_tags"
"""The attribute on a scenario's test function that lists its tags naming no statement."""


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The command line's cache goes to a directory of this run (also for subprocesses), never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SHARING_RULES_CACHE_DIR", str(tmp_path_factory.mktemp("cache") / "sharing-rules"))
        patch.delenv("SHARING_RULES_NO_CACHE", raising=False)
        yield


@pytest.fixture(scope="session")
def postgresql_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the session (skipped when PostgreSQL is missing, unless CI)."""
    from tests.postgresql import cluster

    with cluster() as url:
        yield url


@pytest.fixture
def postgresql_url(postgresql_cluster: str) -> str:
    """The URL of a new, empty database of the session's PostgreSQL cluster."""
    from tests.postgresql import fresh_database

    return fresh_database(postgresql_cluster)


_SLOW_ELSEWHERE = {"tests/proof/test_differential.py": "the engine against the reference model"}
"""Modules that are slow as a whole, marked here so that their own text stays as it is."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of the modules in ``_SLOW_ELSEWHERE`` slow (``python3 scripts/dev.py test --quick``)."""
    for item in items:
        if item.nodeid.split("::", 1)[0] in _SLOW_ELSEWHERE:
            item.add_marker(pytest.mark.slow)


def pytest_configure(config: pytest.Config) -> None:
    """Register a marker for every statement of the catalogue and for each layer tag."""
    _TAGS.clear()
    _CATALOGUE_PROBLEM.clear()
    _TAGS.update(LAYER_TAGS)
    try:
        statements = load_knowledge().statements
    except KnowledgeBaseError as error:
        # The unit tests still run; every scenario fails with this message, as does the coverage test.
        _CATALOGUE_PROBLEM.append(error.format_message())
    else:
        for statement in statements.values():
            summary = textwrap.shorten(statement.paraphrase, width=90, placeholder="...")
            _TAGS[statement.id] = f"statement {statement.id} of the source: {summary}"
    for tag, meaning in _TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {meaning}")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    """Mark a scenario with a known tag as usual; note a tag that names no statement, to fail the scenario."""
    if tag in _TAGS:
        return None  # pytest-bdd applies the marker
    unknown: tuple[str, ...] = getattr(function, _UNKNOWN_TAGS, ())
    setattr(function, _UNKNOWN_TAGS, (*unknown, tag))
    return True


def pytest_bdd_before_step_call(request: pytest.FixtureRequest) -> None:
    """Fail a scenario whose tags name no statement of the catalogue, saying which and how to mend it.

    It fails in its first step, so that Cucumber reports (and the spec report) show the failure too.
    """
    unknown: tuple[str, ...] = getattr(request.function, _UNKNOWN_TAGS, ())
    if not unknown:
        return
    statements = sorted(tag for tag in _TAGS if tag not in LAYER_TAGS)
    problem = f" The catalogue did not load: {_CATALOGUE_PROBLEM[0]}" if _CATALOGUE_PROBLEM else ""
    pytest.fail(
        f"the tag(s) {', '.join('@' + tag for tag in sorted(unknown))} name no statement of the catalogue"
        f" ({', '.join(statements) or 'none loaded'}) and no layer ({', '.join(LAYER_TAGS)}).{problem}"
        " Correct the tag in the feature file, or add the statement to rules/statements.yaml.",
        pytrace=False,
    )


def pytest_report_header(config: pytest.Config) -> str:
    """Say whether the statement catalogue could be registered as markers."""
    if _CATALOGUE_PROBLEM:
        return f"statement catalogue NOT registered as markers: {_CATALOGUE_PROBLEM[0]}"
    return f"Gherkin tags registered as markers: {', '.join(_TAGS)}"
