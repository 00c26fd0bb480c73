"""A throwaway PostgreSQL cluster for the tests: ``initdb`` and ``pg_ctl`` in a temporary folder.

It listens on a free loopback port (and a socket in the folder), trusts local connections and is removed
when the session ends. When PostgreSQL or psycopg is missing the tests that need it are skipped with the
reason, unless the ``CI`` environment variable is set: then they fail (CI installs both).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/<v>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]),
        reverse=True,
    )
    return Path(versions[0]).parent if versions else None


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; under CI PostgreSQL must be there (scripts/install_postgresql.sh)")
    pytest.skip(f"{reason} (scripts/install_postgresql.sh installs it)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database; stop and remove it afterwards."""
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[test]'")
    binaries = _binaries()
    if binaries is None:
        _missing("PostgreSQL is not installed: no initdb on PATH nor under /usr/lib/postgresql")
    assert binaries is not None
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="sharing-rules-pg-"))
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the postgres user
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            _missing("running as root and there is no postgres user to run the server as")
        prefix = ["runuser", "-u", "postgres", "--"]
        os.chown(folder, account.pw_uid, account.pw_gid)
    port = _free_port()
    data = folder / "data"
    try:
        subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True,
                       timeout=120)  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                        "-l", str(folder / "log"), "start"], check=True, capture_output=True,
                       timeout=120)  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str) -> str:
    """A new empty database in the cluster at ``url``; its URL."""
    import psycopg

    name = "records_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name
