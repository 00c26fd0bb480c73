"""A throwaway PostgreSQL cluster (``initdb``, ``pg_ctl``) in a temporary folder, on a loopback port.

For the record store's tests and benchmarks: it trusts local connections, runs as the ``postgres`` user
when started by root (the server refuses root), and is removed when the block ends.
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
from collections.abc import Iterator
from pathlib import Path


class ClusterUnavailableError(Exception):
    """PostgreSQL cannot be started here: the reason says why."""


def binaries() -> Path | None:
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database; stop and remove it afterwards."""
    folder_of = binaries()
    if folder_of is None:
        raise ClusterUnavailableError(
            "PostgreSQL is not installed: no initdb on PATH nor under /usr/lib/postgresql"
        )
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="sharing-rules-pg-"))
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the postgres user
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            raise ClusterUnavailableError(
                "running as root and there is no postgres user to run the server as"
            ) from None
        prefix = ["runuser", "-u", "postgres", "--"]
        os.chown(folder, account.pw_uid, account.pw_gid)
    port = _free_port()
    data = folder / "data"
    try:
        subprocess.run([*prefix, str(folder_of / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True,
                       timeout=120)  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        subprocess.run([*prefix, str(folder_of / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                        "-l", str(folder / "log"), "start"], check=True, capture_output=True,
                       timeout=120)  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(folder_of / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, check=False)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database ``name`` in the cluster at ``url``; its URL."""
    import psycopg  # noqa: PLC0415  # the test extra

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name
