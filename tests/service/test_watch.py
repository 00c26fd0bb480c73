"""``--watch`` stays within the loader's bounds: it never reads a file the loader would refuse to read.

The class: any file in the watched directory that a load refuses unread (larger than the loader's limit,
or no regular file). The watch looks at its ``stat`` only, reports it, and the load that follows refuses it
as usual; the service's memory does not grow with the file.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from sharing_rules import shipped_rules
from sharing_rules._service._watch import DirectoryWatch
from sharing_rules._yaml import MAX_RULES_FILE_BYTES
from tests.service.conftest import start_server

pytestmark = pytest.mark.slow  # watching real directories over time

HUGE = 384 * 1024 * 1024
"""A rules file of 384 MiB (sparse: it takes no disk), twelve times the loader's limit."""


def _grow(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(HUGE)


def _peak_kib(pid: int) -> int:
    """The most memory the process has held so far (VmHWM, its resident set's high-water mark), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc")


def test_the_watch_reads_no_file_over_the_loaders_limit(tmp_path: Path) -> None:
    """A fingerprint of a directory with a file far over the limit reads none of it, and sees it change."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for name in ("partners.yaml", "statements.yaml"):
        (rules / name).write_bytes((shipped_rules() / name).read_bytes())
    watch = DirectoryWatch([rules])
    before = watch.fingerprint()
    assert watch.fingerprint() == before
    _grow(rules / "partners.yaml")
    tracemalloc.start()
    try:
        grown = watch.fingerprint()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert grown != before
    assert peak < 4 * 1024 * 1024, f"{peak} bytes allocated to look at a file of {HUGE}"  # the others
    assert HUGE > MAX_RULES_FILE_BYTES


def test_the_watch_sees_a_rewrite_of_the_same_size_at_once(tmp_path: Path) -> None:
    """A file rewritten with other bytes of the same length, within the file system's clock tick, is seen."""
    rules = tmp_path / "rules"
    rules.mkdir()
    partners = rules / "partners.yaml"
    partners.write_bytes(b"partners: [a]\n")
    watch = DirectoryWatch([rules])
    first = watch.fingerprint()
    status = partners.stat()
    partners.write_bytes(b"partners: [b]\n")
    os.utime(partners, ns=(status.st_atime_ns, status.st_mtime_ns))  # the same size and times
    assert watch.fingerprint() != first


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the memory of a process in /proc")
def test_watching_a_file_far_over_the_limit_keeps_memory_within_50_mb(tmp_path: Path) -> None:
    """``serve --watch`` with partners.yaml grown to 384 MiB: the peak memory grows by less than 50 MB.

    The reload it causes is refused (the old knowledge stays in service, and says so), without reading it.
    """
    server = start_server(tmp_path, "--watch", "0.2")
    try:
        time.sleep(1.0)  # a few polls of the unchanged directory: the idle peak
        idle = _peak_kib(server.process.pid)
        _grow(server.rules / "partners.yaml")
        failed = _wait_for(
            lambda: httpx.get(f"{server.url}/v1/knowledge", timeout=5).json()["reload"]["failed"]
        )
        assert failed, "the watch did not notice the grown file"
        time.sleep(1.0)  # a few more polls of the grown file
        grown = _peak_kib(server.process.pid) - idle
        assert grown < 50 * 1024, f"the peak memory grew by {grown // 1024} MiB"
        assert "is not read" in server.log.read_text(encoding="utf-8")
    finally:
        server.stop()


def _wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False
