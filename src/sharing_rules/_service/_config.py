"""The service's settings: set by ``sharing-rules serve``, handed to every worker process."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

ENVIRONMENT = "SHARING_RULES_SERVICE_CONFIG"
"""The variable that carries the settings to the worker processes (as JSON)."""
TOKEN_VARIABLE = "SHARING_RULES_ADMIN_TOKEN"
TOKEN_FILE_VARIABLE = "SHARING_RULES_ADMIN_TOKEN_FILE"
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_UNSPECIFIED = frozenset({"0.0.0.0", "::", ""})
"""Addresses that mean "every address": not a name a request can carry."""


@dataclass(frozen=True)
class ServiceConfig:
    """What a worker needs to know; every field has a safe default."""

    rules: str | None = None
    """The rules directory (None: the shipped rules)."""
    amend: tuple[str, ...] = ()
    records: str | None = None
    """Where decision records go: a JSON Lines file, ``logging``, or None for none."""
    watch: float | None = None
    """Poll the rules directory's content every so many seconds (None: no watching)."""
    state_dir: str | None = None
    """A directory shared by the workers of one service: reload requests, versions, metrics."""
    token_file: str | None = None
    """A file holding the admin token (else the environment variable; else reloading is off)."""
    max_body_bytes: int = 1_000_000
    timeout: float = 10.0
    """Seconds a request may take, receiving its body included."""
    max_batch: int = 1000
    cors_origins: tuple[str, ...] = ()
    workers: int = 1
    host: str = "127.0.0.1"
    """The address the service listens on (also a name it answers to, unless it is 0.0.0.0 or ::)."""
    allowed_hosts: tuple[str, ...] = ()
    """Names the ``Host`` header may carry besides the loopback names and ``host`` (``*``: any)."""

    def to_environment(self) -> str:
        """The settings as the JSON text of :data:`ENVIRONMENT`."""
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> ServiceConfig:
        """The settings ``serve`` left for this worker (the defaults when there are none)."""
        text = os.environ.get(ENVIRONMENT)
        if not text:
            return cls()
        data = json.loads(text)
        data["amend"] = tuple(data.get("amend", ()))
        data["cors_origins"] = tuple(data.get("cors_origins", ()))
        data["allowed_hosts"] = tuple(data.get("allowed_hosts", ()))
        return cls(**data)

    def host_names(self) -> frozenset[str] | None:
        """The names a request's ``Host`` may carry (lower case, no port), or None when any is accepted."""
        extra = {name.strip().lower().rstrip(".") for name in self.allowed_hosts}
        if "*" in extra:
            return None
        served = self.host.strip("[]").lower()
        if served in _UNSPECIFIED:  # listening on every address: only the names given are known
            served = "localhost"
        return frozenset({*_LOOPBACK, served, *extra})

    def admin_token(self) -> bytes | None:
        """The admin token (from the file, else the environment), or None when reloading is off."""
        path = self.token_file or os.environ.get(TOKEN_FILE_VARIABLE)
        if path:
            token = Path(path).read_text(encoding="utf-8").strip()
        else:
            token = os.environ.get(TOKEN_VARIABLE, "").strip()
        return token.encode("utf-8") if token else None
