"""Watching a rules directory within the loader's bounds: what changed, never more read than a load reads.

``--watch`` polls: it asks the file system, every few seconds, whether what a load would read has changed.
Polling by ``stat`` was chosen over change notification (inotify, or watchfiles): it needs no extra
dependency, behaves the same on every platform, and sees changes on network and container volumes, where a
shared rules directory usually lives and where notifications often never arrive.

Each poll lists the directories and looks at each entry's ``stat`` first. Only the files a load reads (the
rules files by name, ``amendment.yaml``) are ever read, each at most once per change and never beyond the
loader's limit: a file over it (or no regular file) is not read at all, is reported once, and counts by its
size and times alone - the load that follows refuses it. A file whose ``stat`` did not change is not read
again, unless it changed so recently that a rewrite of the same size could hide within one tick of the
file system's clock. Other YAML files count by name only (a load refuses them); other files are ignored,
as a load ignores them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from sharing_rules._content import FILES
from sharing_rules._yaml import MAX_RULES_FILE_BYTES, read_regular_file

log = logging.getLogger("sharing_rules.service")

READ = frozenset({*FILES, "amendment.yaml"})
"""The files a load reads: only these are ever read by the watch."""
_SETTLED = 2.0
"""Seconds after its last change from which a file's ``stat`` is trusted to show any further change."""

Signature = tuple[int, int, int, int, int]
"""Device, inode, size, and the modification and change times in nanoseconds."""


def _signature(status: os.stat_result) -> Signature:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class DirectoryWatch:
    """A fingerprint of what loading these directories would read; cheap to take again and again."""

    def __init__(self, directories: Iterable[Path], limit: int = MAX_RULES_FILE_BYTES) -> None:
        self._directories = tuple(directories)
        self._limit = limit
        self._digests: dict[Path, tuple[Signature, str, float]] = {}
        """Each file read: its signature then, its content's digest, and when it was read."""
        self._reported: dict[Path, Signature] = {}
        self._lock = threading.Lock()

    def fingerprint(self) -> str:
        """A digest of the directories' listing and of every file a load would read (see the module)."""
        digest = hashlib.sha256()
        with self._lock:
            seen: set[Path] = set()
            for directory in self._directories:
                digest.update(f"{directory}\0".encode())
                try:
                    names = sorted(os.listdir(directory))
                except OSError as error:
                    digest.update(f"unreadable: {error.strerror}\0".encode())
                    continue
                for name in names:
                    path = directory / name
                    seen.add(path)
                    digest.update(f"{name}\0{self._entry(path, name)}\0".encode())
            for gone in set(self._digests).difference(seen):
                del self._digests[gone]
        return digest.hexdigest()

    def _entry(self, path: Path, name: str) -> str:
        """What one directory entry contributes to the fingerprint."""
        if name not in READ:
            return "another yaml file" if name.endswith((".yaml", ".yml")) else ""
        try:
            status = os.stat(path)  # a link is followed, as the loader follows it
        except OSError as error:
            return f"unreadable: {error.strerror}"
        signature = _signature(status)
        if not stat.S_ISREG(status.st_mode) or status.st_size > self._limit:
            self._report(path, signature, status)
            return f"refused: {signature}"
        known = self._digests.get(path)
        if known is not None and known[0] == signature and known[2] - status.st_mtime > _SETTLED:
            return known[1]
        read_at = time.time()
        try:
            content = read_regular_file(path, self._limit)  # bounded again: it may have grown meanwhile
        except OSError as error:
            self._report(path, signature, status)
            return f"refused: {signature} {error}"
        found = hashlib.sha256(content).hexdigest()
        self._digests[path] = (signature, found, read_at)
        return found

    def _report(self, path: Path, signature: Signature, status: os.stat_result) -> None:
        """Say once per change that a file is not read, and why (the load will refuse it too)."""
        if self._reported.get(path) == signature:
            return
        self._reported[path] = signature
        if not stat.S_ISREG(status.st_mode):
            why = "it is not a regular file"
        elif status.st_size > self._limit:
            why = f"it has {status.st_size} bytes, more than the {self._limit} a load reads"
        else:
            why = "it cannot be read within the loader's limit"
        log.warning("watching %s: %s is not read (%s); a load refuses it", path.parent, path.name, why)
