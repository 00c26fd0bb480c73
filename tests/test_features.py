"""The Gherkin specifications in features/: every scenario of every feature file.

The steps are in tests/steps, registered in tests/conftest.py. Run alone with
``pytest tests/test_features.py``; add ``--cucumberjson=build/cucumber.json`` for scripts/spec_report.py.
"""

from pytest_bdd import scenarios

scenarios(".")
