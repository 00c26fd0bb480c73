"""The knowledge in service in one worker, and how every worker of a service converges on a new version.

A request reads :attr:`KnowledgeState.current` once and answers everything from that knowledge base, so a
reload that swaps it meanwhile never gives a request a mix of two versions. A reload loads the rules
directory whole first: a broken directory leaves the old version in service and is reported.

Workers share a state directory: a reload asked of one worker bumps a generation counter there, and every
worker's watch loop, seeing it, reloads too; each writes the version it holds, so ``/v1/knowledge`` can
tell whether all have converged. With ``--watch`` each worker also polls a fingerprint of what loading the
rules directory (and amendments) would read, within the loader's bounds (see ``_watch``), and reloads
when it changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sharing_rules import KnowledgeBase, KnowledgeBaseError, SharingRulesError, load_knowledge, shipped_rules
from sharing_rules._service._config import ServiceConfig
from sharing_rules._service._watch import DirectoryWatch

log = logging.getLogger("sharing_rules.service")

_GENERATION = "reload-generation"
_WORKERS = "workers"


@dataclass(frozen=True)
class ReloadFailure:
    """The last reload that failed: the old knowledge stayed in service."""

    at: datetime
    error: str


class KnowledgeState:
    """One worker's knowledge in service, its reload history, and its part in the shared state."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self._rules = Path(config.rules) if config.rules else shipped_rules()
        self._amend = [Path(a) for a in config.amend]
        self._watched = DirectoryWatch([self._rules, *self._amend])
        self._lock = threading.Lock()
        self._state_dir = Path(config.state_dir) if config.state_dir else None
        self.current: KnowledgeBase | None = None
        self.loaded_at: datetime | None = None
        self.failure: ReloadFailure | None = None
        self.failures = 0
        self._seen_hash: str | None = None
        self._seen_generation = self._generation()
        self.on_change: Callable[[KnowledgeState], None] | None = None
        """Called after every load and every failed reload (the metrics follow it)."""

    # -- loading -------------------------------------------------------------------------------

    def load_initial(self) -> KnowledgeBase:
        """Load the knowledge at start; a broken directory stops the service from starting."""
        self._seen_hash = self.directory_hash()
        knowledge = load_knowledge(self._rules, amendments=self._amend)
        self._put(knowledge)
        return knowledge

    def reload(self) -> KnowledgeBase:
        """Load the rules directory again and put it in service; on failure keep the old and raise."""
        with self._lock:
            self._seen_hash = self.directory_hash()
            try:
                knowledge = load_knowledge(self._rules, amendments=self._amend)
            except SharingRulesError as error:
                self.failures += 1
                self.failure = ReloadFailure(datetime.now(UTC), error.format_message()[:2000])
                log.error("knowledge reload failed; the old version stays in service: %s", error)
                self._publish()
                raise
            except Exception as error:  # an unexpected fault while loading: still fail closed
                self.failures += 1
                self.failure = ReloadFailure(datetime.now(UTC), f"{type(error).__name__}: {error}"[:2000])
                log.exception("knowledge reload failed; the old version stays in service")
                self._publish()
                raise KnowledgeBaseError(
                    str(self._rules), None, f"loading failed ({type(error).__name__}).", "see the log."
                ) from error
            self.failure = None
            self._put(knowledge)
            return knowledge

    def _put(self, knowledge: KnowledgeBase) -> None:
        knowledge.matrix()  # today's decisions written now (in the loading thread), not by a first request
        self.current = knowledge
        self.loaded_at = datetime.now(UTC)
        gc.freeze()  # what the load made lives on: later collections (in the requests' tail) skip it
        log.info("knowledge %s in service (from %s)", knowledge.version, knowledge.path)
        self._publish()

    # -- sharing with the other workers --------------------------------------------------------

    def directory_hash(self) -> str:
        """The fingerprint of what loading the rules directory and the amendments would read."""
        return self._watched.fingerprint()

    def _generation(self) -> str:
        if self._state_dir is None:
            return ""
        try:
            return (self._state_dir / _GENERATION).read_text(encoding="utf-8")
        except OSError:
            return ""

    def ask_every_worker(self) -> None:
        """Tell the other workers to reload (they see the new generation on their next poll)."""
        if self._state_dir is None:
            return
        with self._lock:
            nonce = f"{time.time_ns()}-{os.getpid()}"
            target = self._state_dir / _GENERATION
            partial = self._state_dir / f".{_GENERATION}.{os.getpid()}"
            partial.write_text(nonce, encoding="utf-8")
            partial.replace(target)  # atomic: a reader sees the old or the new generation
            self._seen_generation = nonce

    def _publish(self) -> None:
        if self.on_change is not None:
            self.on_change(self)
        if self._state_dir is None:
            return
        folder = self._state_dir / _WORKERS
        folder.mkdir(exist_ok=True)
        partial = folder / f".{os.getpid()}.tmp"
        partial.write_text(json.dumps(self._own_report()), encoding="utf-8")
        partial.replace(folder / f"{os.getpid()}.json")

    def workers(self) -> list[dict[str, object]]:
        """What every live worker of this service holds (only this one without a state directory)."""
        if self._state_dir is None:
            return [self._own_report()]
        found = []
        for path in sorted((self._state_dir / _WORKERS).glob("*.json")):
            try:
                report = json.loads(path.read_text(encoding="utf-8"))
                os.kill(int(report["pid"]), 0)  # still alive?
            except (OSError, ValueError, KeyError, TypeError):
                continue
            found.append(report)
        return found or [self._own_report()]

    def _own_report(self) -> dict[str, object]:
        """What this worker holds, as it tells the others (and ``/v1/knowledge``)."""
        return {
            "pid": os.getpid(),
            "version": self.current.version if self.current else None,
            "loaded_at": self.loaded_at.isoformat() if self.loaded_at else None,
            "reload_error": self.failure.error if self.failure else None,
        }

    # -- the watch loop ------------------------------------------------------------------------

    async def watch(self, poll: float) -> None:
        """Reload when another worker asked, or (with ``--watch``) when the directory's content changed."""
        next_hash_check = time.monotonic()
        while True:
            await asyncio.sleep(poll)
            try:
                asked = self._state_dir is not None and self._generation() != self._seen_generation
                changed = False
                if not asked and self.config.watch is not None and time.monotonic() >= next_hash_check:
                    next_hash_check = time.monotonic() + self.config.watch
                    changed = await asyncio.to_thread(self.directory_hash) != self._seen_hash
                if asked or changed:
                    self._seen_generation = self._generation()
                    with contextlib.suppress(SharingRulesError):  # reported in /v1/knowledge and metrics
                        await asyncio.to_thread(self.reload)
            except Exception:  # the loop must survive anything: it is how this worker converges
                log.exception("the knowledge watch loop met an error; it goes on")
