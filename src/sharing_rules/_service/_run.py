"""``sharing-rules serve``: check the settings, then run uvicorn with one or more workers."""

from __future__ import annotations

import ipaddress
import os
import shutil
import tempfile
from pathlib import Path
from typing import TextIO

from sharing_rules import LoggingSink, load_knowledge, open_sink
from sharing_rules._service._config import ENVIRONMENT, ServiceConfig

INSTALL_HINT = (
    "sharing-rules serve needs the optional service dependencies:"
    " pip install 'sharing-rules[service]' (in a checkout: python3 scripts/dev.py setup)."
)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    *,
    host: str,
    port: int,
    config: ServiceConfig,
    allow_remote: bool,
    access_log: bool,
    err: TextIO,
) -> int:
    """Run the service until interrupted; return the exit code."""
    try:
        import uvicorn  # noqa: PLC0415  # the optional extra, imported only to serve

        import sharing_rules._service._app  # noqa: PLC0415  # fail here, not in a worker
        import sharing_rules._service._protocol  # noqa: F401, PLC0415  # httptools too
    except ImportError:
        err.write(f"sharing-rules: error: {INSTALL_HINT}\n")
        return 2
    if not is_loopback(host) and not allow_remote:
        err.write(
            f"sharing-rules: error: refusing to listen on {host}, which is not a loopback address: the"
            " service has no authentication for its decision endpoints. Put it behind a proxy that does,"
            " and pass --allow-remote to listen on other addresses.\n"
        )
        return 2
    if config.token_file is not None and not Path(config.token_file).is_file():
        err.write(f"sharing-rules: error: the admin token file {config.token_file} does not exist.\n")
        return 2
    if config.records not in {None, "logging"}:  # once, here: a worker that cannot open it would be restarted
        sink = open_sink(config.records)  # DecisionRecordError: one line, exit 2
        if not isinstance(sink, LoggingSink):
            sink.close()
    knowledge = load_knowledge(config.rules, amendments=config.amend)  # a broken directory stops here
    state = tempfile.mkdtemp(prefix="sharing-rules-service-")
    try:
        metrics = Path(state) / "metrics"
        metrics.mkdir()
        if config.workers > 1:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        config = ServiceConfig(**{**config.__dict__, "state_dir": state, "host": host})
        os.environ[ENVIRONMENT] = config.to_environment()
        shown = f"[{host}]" if ":" in host else host
        err.write(
            f"sharing-rules: serving knowledge {knowledge.version} on http://{shown}:{port}/"
            f" ({config.workers} worker{'s' if config.workers != 1 else ''};"
            f" reload {'on' if config.admin_token() else 'off'}"
            f"{f', watching every {config.watch:g} s' if config.watch else ''})\n"
        )
        err.flush()
        uvicorn.run(
            "sharing_rules._service._app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=config.workers,
            access_log=access_log,
            server_header=False,
            http="sharing_rules._service._protocol:BoundedHttpToolsProtocol",  # bounds each request's head
            timeout_keep_alive=max(1, min(5, int(config.timeout))),  # an idle connection: within --timeout
            timeout_graceful_shutdown=5,
            log_level="info" if access_log else "warning",
        )
    finally:
        shutil.rmtree(state, ignore_errors=True)
    return 0
