"""Strict reading of the YAML files of a rules directory.

Safe loading only (no Python objects), UTF-8 only, duplicate keys refused, and every problem reported as
a :class:`KnowledgeBaseError` naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sharing_rules._errors import KnowledgeBaseError

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]  # a C or Python loader, by availability
    """A safe loader that refuses a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            # plain keys are compared as written (quicker than constructing them twice)
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else self.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice (first on line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]  # yaml is untyped here


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def read_yaml(path: Path, label: str) -> tuple[Any, bytes]:
    """Read one YAML file; return its content and its raw bytes (for the knowledge version).

    ``label`` is how the file is named in errors (its path relative to the rules directory).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KnowledgeBaseError(
            label, None, "the file is missing.", f"create {label} (see rules/README.md for what it holds)."
        ) from None
    except OSError as error:
        raise KnowledgeBaseError(
            label, None, f"the file cannot be read ({error.strerror}).", "check that it is a readable file."
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KnowledgeBaseError(
            label,
            f"line {line}",
            f"the file is not valid UTF-8 (byte {raw[error.start]:#04x} at offset {error.start}).",
            "save the file as UTF-8.",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        content = yaml.load(text, Loader=_StrictLoader)  # _StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else None
        problem = " ".join(str(part) for part in (error.context, error.problem) if part)
        fix = "correct the YAML there (only plain YAML values are accepted: text, numbers, lists, mappings)."
        if mark is not None and _character_at(text, mark.line, mark.column) == "\t":
            problem += " (the character there is a tab)"
            fix = "indent with spaces: YAML does not allow tabs for indentation."
        raise KnowledgeBaseError(label, where, f"the YAML cannot be read: {problem}.", fix) from None
    except yaml.YAMLError as error:
        raise KnowledgeBaseError(
            label, None, f"the YAML cannot be read: {error}.", "correct the YAML."
        ) from None
    except (ValueError, TypeError, OverflowError) as error:  # a value YAML recognises but cannot build
        raise KnowledgeBaseError(
            label,
            None,
            f"a value cannot be read ({error}); a date like 2011-02-30 does not exist.",
            "write dates as real days (YYYY-MM-DD), or quote the value if it is text.",
        ) from None
    except RecursionError:
        raise KnowledgeBaseError(
            label,
            None,
            "the YAML is nested too deeply to be read.",
            "write the file as a plain, shallow list.",
        ) from None
    if content is None:
        raise KnowledgeBaseError(label, None, "the file is empty.", f"fill in {label} (see rules/README.md).")
    return content, raw
