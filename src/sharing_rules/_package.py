"""What the installed package is: its version, its own source files, and the rules shipped with it.

Standard library only, and cheap to import (no pathlib): the command line's quick path reads it first.
"""

from __future__ import annotations

import hashlib
import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

__version__ = "0.1.0"
"""The version of sharing-rules (the wheel's version is read from here)."""

_HERE = os.path.dirname(os.path.abspath(__file__))


def shipped_rules_dir() -> str:
    """The path of the rules directory shipped with sharing-rules, as text (see :func:`shipped_rules`)."""
    packaged = os.path.join(_HERE, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(_HERE)), "rules")


def shipped_rules() -> Path:
    """The rules directory shipped with sharing-rules (inside the wheel, or at the top of a checkout)."""
    from pathlib import Path  # noqa: PLC0415  # see the module docstring

    return Path(shipped_rules_dir())


def source_digest() -> str:
    """A hash of the package's own Python files and data (the names in every language).

    It changes with any edit to the code or the data (editable installs).
    """
    digest = hashlib.sha256(__version__.encode())
    names = [name for name in sorted(os.listdir(_HERE)) if name.endswith(".py")]
    for name in [*names, os.path.join("data", "cldr_names.json")]:
        with open(os.path.join(_HERE, name), "rb") as file:
            digest.update(name.encode() + b"\0" + file.read() + b"\0")
    return digest.hexdigest()
