"""The service's decision records: checkpoints on a schedule and at shutdown, and each worker's chain status.

Every few seconds each worker writes a checkpoint of its chain's head to its store (when the head moved),
and tells the other workers where its chain stands (a file per worker in the shared state directory), so
that ``/v1/records/status`` and ``/metrics`` show every live worker's chain, head and last checkpoint.
When the service stops, each worker writes a last checkpoint and closes its sink.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from sharing_rules._record_store import StoreSink
from sharing_rules._records import JsonLinesSink, LoggingSink, Sink
from sharing_rules._service._metrics import Metrics

log = logging.getLogger("sharing_rules.service")
_FOLDER = "records"


class RecordKeeping:
    """Checkpoints and chain status of one worker's sink (nothing at all when records are off)."""

    def __init__(
        self, sink: Sink | None, state_dir: str | None, metrics: Metrics, every: float = 5.0
    ) -> None:
        self.sink = sink if isinstance(sink, LoggingSink | JsonLinesSink | StoreSink) else None
        self.every = every
        self.metrics = metrics
        self._folder = Path(state_dir) / _FOLDER if state_dir else None

    def own(self) -> dict[str, Any] | None:
        """The chain of this worker: its id, head sequence and hash, and the sequence last checkpointed."""
        if self.sink is None:
            return None
        return {"pid": os.getpid(), **self.sink.chain.status()}

    def tick(self, reason: str = "schedule") -> None:
        """Write a checkpoint if the head moved; publish where this worker's chain stands."""
        if self.sink is None:
            return
        try:
            self.sink.checkpoint(reason)
        except Exception:  # a checkpoint that fails is tried again at the next tick
            log.exception("the checkpoint of the decision records failed")
        self.publish()

    def publish(self) -> None:
        """Tell the other workers (and the metrics) where this worker's chain stands."""
        status = self.own()
        if status is None:
            return
        self.metrics.chain(status)
        if self._folder is None:
            return
        with contextlib.suppress(OSError):
            self._folder.mkdir(exist_ok=True)
            partial = self._folder / f".{os.getpid()}.json"
            partial.write_text(json.dumps(status), encoding="utf-8")
            partial.replace(self._folder / f"{os.getpid()}.json")

    def chains(self) -> list[dict[str, Any]]:
        """Every live worker's chain status (this worker's alone without a shared state directory)."""
        own = self.own()
        found: dict[int, dict[str, Any]] = {}
        if self._folder is not None and self._folder.is_dir():
            for path in sorted(self._folder.glob("*.json")):
                try:
                    status = json.loads(path.read_text(encoding="utf-8"))
                    os.kill(int(status["pid"]), 0)  # still alive?
                except (OSError, ValueError, KeyError, TypeError):
                    continue
                found[int(status["pid"])] = status
        if own is not None:
            found[own["pid"]] = own
        return [found[pid] for pid in sorted(found)]

    async def run(self) -> None:
        """Checkpoint on a schedule until cancelled."""
        if self.sink is None:
            return
        self.publish()
        while True:
            await asyncio.sleep(self.every)
            await asyncio.to_thread(self.tick)

    def stop(self) -> None:
        """A last checkpoint (every record before it is written by then); the sink stays usable.

        The sink is not closed: an application started again (a test client entered twice) writes on.
        """
        if self.sink is None:
            return
        self.tick("shutdown")
        if self._folder is not None:
            with contextlib.suppress(OSError):
                (self._folder / f"{os.getpid()}.json").unlink()
