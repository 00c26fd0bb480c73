"""Prometheus metrics: requests by route and status, latency, decisions by outcome, the knowledge version.

With several workers, ``serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a directory the workers share, and a
scrape of any worker reports the whole service (each knowledge gauge carries the worker's ``pid``).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import (
    multiprocess as _multiprocess,
)

from sharing_rules import Outcome

if TYPE_CHECKING:
    from sharing_rules import Decision
    from sharing_rules._service._state import KnowledgeState

_MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """The service's metrics (one set per process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = None if _MULTIPROCESS else self.registry
        self.requests = Counter(
            "sharing_rules_http_requests",
            "HTTP requests answered, by route, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "sharing_rules_http_request_duration_seconds",
            "Time to answer an HTTP request, by route.",
            ["route"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=registry,
        )
        self.decisions = Counter(
            "sharing_rules_decisions",
            "Decisions given, by outcome (each item of a batch or transfer counts).",
            ["outcome"],
            registry=registry,
        )
        self.knowledge = Gauge(
            "sharing_rules_knowledge_info",
            "The knowledge version in service (1) in this worker.",
            ["version"],
            registry=registry,
            multiprocess_mode="liveall",
        )
        self.reload_failed = Gauge(
            "sharing_rules_knowledge_reload_failed",
            "1 when the latest reload failed and an older knowledge version stays in service.",
            registry=registry,
            multiprocess_mode="liveall",
        )
        self.reload_failures = Counter(
            "sharing_rules_knowledge_reload_failures",
            "Reloads that failed (the old knowledge stayed in service).",
            registry=registry,
        )
        self.loaded = Gauge(
            "sharing_rules_knowledge_loaded_timestamp_seconds",
            "When the knowledge in service was loaded (Unix time).",
            registry=registry,
            multiprocess_mode="liveall",
        )
        self.chain_head = Gauge(
            "sharing_rules_record_chain_head",
            "The sequence of the last decision record this worker's chain holds (from 0), by chain.",
            ["chain"],
            registry=registry,
            multiprocess_mode="liveall",
        )
        self.chain_checkpoint = Gauge(
            "sharing_rules_record_chain_checkpoint",
            "The sequence of the chain's head at its last checkpoint (-1: none yet), by chain.",
            ["chain"],
            registry=registry,
            multiprocess_mode="liveall",
        )
        self.by_outcome = {outcome: self.decisions.labels(outcome.value) for outcome in Outcome}
        """The decision counter of each outcome, looked up once."""
        self._version: str | None = None
        self._failures_seen = 0
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def answered(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one request answered, and its time, by route, method and status.

        The labelled series are looked up once each (the routes, methods and statuses are few).
        """
        series = self._series.get((route, method, status))
        if series is None:
            series = (self.requests.labels(route, method, str(status)), self.latency.labels(route))
            self._series[(route, method, status)] = series
        series[0].inc()
        series[1].observe(seconds)

    def count(self, *decisions: Decision) -> None:
        """Count decisions given, by outcome (the one place they are counted)."""
        for decision in decisions:
            self.by_outcome[decision.outcome].inc()

    def chain(self, status: dict[str, Any]) -> None:
        """Follow this worker's chain of decision records: its head and last checkpoint."""
        chain = str(status["chain_id"])
        self.chain_head.labels(chain).set(int(status["sequence"]))
        checkpoint = status.get("checkpoint_sequence")
        self.chain_checkpoint.labels(chain).set(-1 if checkpoint is None else int(checkpoint))

    def knowledge_changed(self, state: KnowledgeState) -> None:
        """Follow the knowledge state: version, reload failures."""
        version = state.current.version if state.current is not None else None
        if version != self._version:
            if self._version is not None:
                self.knowledge.labels(self._version).set(0)
            if version is not None:
                self.knowledge.labels(version).set(1)
            self._version = version
            self.loaded.set(time.time())
        self.reload_failed.set(1 if state.failure is not None else 0)
        if state.failures > self._failures_seen:
            self.reload_failures.inc(state.failures - self._failures_seen)
            self._failures_seen = state.failures

    def exposition(self) -> bytes:
        """The metrics in the Prometheus text format (of every worker, in multi-process mode)."""
        if _MULTIPROCESS:
            registry = CollectorRegistry()
            _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)
