"""`sharing-rules serve` refuses unsafe or impossible settings before it listens."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # `sharing-rules serve` started per case


def _serve(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    program = (
        f"{code}\nimport sys\nfrom sharing_rules._cli import main\nsys.exit(main(['serve', *sys.argv[1:]]))"
    )
    return subprocess.run(
        [sys.executable, "-c", program, *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "example.org"])
def test_a_non_loopback_address_needs_an_explicit_flag(host: str) -> None:
    """Listening beyond loopback is refused (exit 2, one clear message) without --allow-remote."""
    result = _serve("--host", host)
    assert result.returncode == 2
    assert "not a loopback address" in result.stderr
    assert "--allow-remote" in result.stderr


def test_without_the_extra_serve_says_how_to_install_it() -> None:
    """With the service dependencies missing, serve says in one line how to install them."""
    result = _serve(code="import sys\nsys.modules['fastapi'] = None\nsys.modules['uvicorn'] = None")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "pip install 'sharing-rules[service]'" in lines[0]


def test_the_library_and_cli_import_without_the_service() -> None:
    """The library works without the service extra: nothing imports fastapi, uvicorn or jinja2."""
    program = (
        "import sys\n"
        "import sharing_rules, sharing_rules._cli\n"
        "sharing_rules.evaluate('Norway', 'strategic')\n"
        "service = {'fastapi', 'uvicorn', 'jinja2', 'starlette'}\n"
        "loaded = {m for m in sys.modules if m.split('.')[0] in service}\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_broken_rules_directory_stops_the_start(tmp_path: object) -> None:
    """A rules directory that does not load is refused at start with the library's message."""
    result = _serve("--rules", str(tmp_path), "--port", "1")
    assert result.returncode == 2
    assert "knowledge.yaml" in result.stderr or "rules directory" in result.stderr
    assert "Traceback" not in result.stderr
