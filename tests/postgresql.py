"""A throwaway PostgreSQL cluster for the tests (see ``benchmarks/pgcluster.py``), or a plain skip.

When PostgreSQL or psycopg is missing the tests that need it are skipped with the reason, unless the
``CI`` environment variable is set: then they fail (CI installs both).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
from benchmarks import pgcluster


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database; stop and remove it afterwards."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg is not installed (pip install -e '.[test]')")
    try:
        with pgcluster.cluster() as url:
            yield url
    except pgcluster.ClusterUnavailableError as reason:
        _missing(str(reason))


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; under CI PostgreSQL must be there (scripts/install_postgresql.sh)")
    pytest.skip(f"{reason} (scripts/install_postgresql.sh installs it)")


def fresh_database(url: str) -> str:
    """A new empty database in the cluster at ``url``; its URL."""
    return pgcluster.fresh_database(url, "records_" + uuid.uuid4().hex[:12])
