"""Schemathesis against the live server's OpenAPI document: no 5xx, every response fits its schema.

The document is built at collection time by the same application factory the server runs (Schemathesis
parametrizes tests when they are collected); the first test checks that the live server serves exactly
that document, and every generated request goes to the live server.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings

from tests.service.conftest import Server

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from schemathesis.checks import positive_data_acceptance  # noqa: E402

from sharing_rules._service._app import create_app  # noqa: E402
from sharing_rules._service._config import ServiceConfig  # noqa: E402

pytestmark = pytest.mark.slow  # generated requests by the hundred

DOCUMENT: dict[str, Any] = create_app(ServiceConfig()).openapi()
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_live_server_serves_this_document(server: Server) -> None:
    """The document the tests are generated from is the one the live server serves."""
    assert httpx.get(f"{server.url}/openapi.json", timeout=10).json() == DOCUMENT


@schema.parametrize()  # type: ignore[untyped-decorator]
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_contract(case: Any, server: Server) -> None:
    """Generated requests (valid and invalid): no server error, and each response fits the document.

    Every default check runs except "schema-valid data is accepted": a partner or data type is free text
    in the schema, and an unknown one is rightly refused (404, 422) with a problem.
    """
    case.call_and_validate(base_url=server.url, timeout=10, excluded_checks=[positive_data_acceptance])
