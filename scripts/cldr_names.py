"""Write the partner names in the official languages of the Union from CLDR (through Babel).

    .venv/bin/python scripts/cldr_names.py           # write src/sharing_rules/data/cldr_names.json
    .venv/bin/python scripts/cldr_names.py --check   # exit 1 if the file is not what Babel gives now

The library reads the file (small, JSON) and never imports Babel: Babel is a tool of the test extra,
pinned there, and ``tests/unit/test_cldr_names.py`` regenerates the file and fails when it is out of date.
Each ISO 3166-1 territory gets its CLDR names in the 24 official languages of the Union, once each.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "sharing_rules" / "data" / "cldr_names.json"
LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip
"""The 24 official languages of the Union (Regulation No 1 of 1958, as amended), by ISO 639-1 code."""
EXTRA_TERRITORIES = ("XK",)
"""Territories outside ISO 3166-1 that partners may be (Kosovo: a user-assigned code, used by CLDR)."""


def generate() -> str:
    """The file's text: every territory's names, from the Babel installed (its CLDR data)."""
    import babel  # noqa: PLC0415  # a tool of this script only
    import iso3166  # noqa: PLC0415
    from babel import Locale  # noqa: PLC0415

    codes = sorted({c.alpha2 for c in iso3166.countries} | set(EXTRA_TERRITORIES))
    names: dict[str, list[str]] = {}
    for code in codes:
        found: list[str] = []
        for language in LANGUAGES:
            name = Locale(language).territories.get(code)
            if name and name not in found:
                found.append(name)
        names[code] = found
    head = {
        "about": "CLDR territory names in the 24 official languages of the Union; written by"
        " scripts/cldr_names.py, do not edit",
        "babel": babel.__version__,
        "languages": list(LANGUAGES),
    }
    lines = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    territories = [
        f"{json.dumps(code)}: {json.dumps(found, ensure_ascii=False)}" for code, found in names.items()
    ]
    return "{\n" + "\n".join(lines) + '\n"names": {\n' + ",\n".join(territories) + "\n}}\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.name} is out of date: run python scripts/cldr_names.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
