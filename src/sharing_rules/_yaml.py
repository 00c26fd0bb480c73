"""Strict reading of files: the YAML files of a rules directory, and transfer requests.

Only regular files are read (a FIFO, a device or a directory is refused without waiting on it), up to a
size limit, checked before anything is read. Safe loading only (no Python objects), UTF-8 only, duplicate
keys refused, and every problem in a rules file reported as a :class:`KnowledgeBaseError` naming the file
and the line. A transfer request is stricter still (:func:`read_request`): no anchors or aliases, a
bounded nesting depth.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

from sharing_rules._errors import InvalidTransferRequestError, KnowledgeBaseError, shown
from sharing_rules._json_input import MAX_DEPTH, UnreadableInputError, read_json

MAX_RULES_FILE_BYTES = 32 * 1024 * 1024
"""The largest rules file read (32 MiB; 10,000 partners take about 2 MiB)."""

MAX_REQUEST_BYTES = 4 * 1024 * 1024
"""The largest transfer request read (4 MiB; 1,000 items with 200-character labels take about 300 KiB)."""

MAX_REQUEST_DEPTH = MAX_DEPTH
"""The deepest nesting of lists and mappings in a request (a request itself needs 3)."""

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]  # a C or Python loader, by availability
    """A safe loader that refuses a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            _once(node, key_node, self.construct_object, seen)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]  # yaml is untyped here


def _once(node: yaml.MappingNode, key_node: yaml.Node, build: Any, seen: dict[Any, yaml.Node]) -> None:
    """Note a mapping's key; refuse it if the mapping had it already (plain keys compared as written)."""
    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else build(key_node)
    if key in seen:
        raise yaml.constructor.ConstructorError(
            "while reading a mapping",
            node.start_mark,
            f"found the key {key!r} twice (first on line {seen[key].start_mark.line + 1})",
            key_node.start_mark,
        )
    seen[key] = key_node


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp", "binary")
)
"""The tags of the scalars PyYAML builds in one call (and text, which is the scalar as written)."""


class _Unusual(Exception):  # noqa: N818  # a signal inside this module, never raised to a caller
    """A document the direct reading leaves to PyYAML's constructor: a merge key or a recursive value."""


class _Values:
    """The values of a composed YAML document, built directly from its nodes.

    What PyYAML's safe constructor builds, without its generators: each scalar by the same constructor
    of its tag (text as written), each node once (an alias gives the same object, as there), duplicate
    keys refused as :class:`_StrictLoader` refuses them. Anything else - a merge key (``<<``), a recursive
    value, a tag but those of plain text, numbers, booleans, null, dates, lists and mappings - is left to
    PyYAML (:class:`_Unusual`).
    """

    def __init__(self, loader: _StrictLoader) -> None:
        self._loader = loader
        self._constructors: dict[Any, Any] = loader.yaml_constructors
        self._built: dict[int, tuple[yaml.Node, Any]] = {}
        self._open: set[int] = set()

    def of(self, node: yaml.Node) -> Any:
        """The value of ``node``."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            return self._scalar(node)
        found = self._built.get(id(node))
        if found is not None:
            return found[1]
        if id(node) in self._open:
            raise _Unusual("a recursive value")
        self._open.add(id(node))
        value = self._sequence(node) if isinstance(node, yaml.SequenceNode) else self._mapping(node)
        self._open.discard(id(node))
        self._built[id(node)] = (node, value)
        return value

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALARS:
            raise _Unusual(node.tag)
        return self._constructors[node.tag](self._loader, node)

    def _sequence(self, node: yaml.SequenceNode) -> list[Any]:
        if node.tag != "tag:yaml.org,2002:seq":
            raise _Unusual(node.tag)
        return [self.of(child) for child in node.value]

    def _mapping(self, node: yaml.Node) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode) or node.tag != "tag:yaml.org,2002:map":
            raise _Unusual(node.tag)
        seen: dict[Any, yaml.Node] = {}
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise _Unusual("a merge key")
            _once(node, key_node, self.of, seen)
            key = self.of(key_node)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from None
            mapping[key] = self.of(value_node)
        return mapping


def load_strict(text: str) -> Any:
    """The content of a YAML document, read safely with :class:`_StrictLoader` (None for an empty one)."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _Values(loader).of(node)
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()


class _NotRegularError(OSError):
    """The path is a FIFO, a device, a socket or a directory: not a file to read."""


class _TooLargeError(OSError):
    """The file is larger than the limit: refused before it is read."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``; refuse anything else, or more than ``limit`` bytes.

    The file is opened without blocking (a FIFO never stalls the caller), checked to be a regular file
    (a symbolic link is followed: to a regular file it is read, to ``/dev/zero`` it is refused), and read
    only if it is not larger than ``limit`` - and never beyond it, should it grow meanwhile.
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegularError("it is not a regular file (a directory, a device, a pipe or a socket)")
        if info.st_size > limit:
            raise _TooLargeError(f"the file has {info.st_size} bytes, more than the {limit} read at most")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise _TooLargeError(f"the file grew beyond the {limit} bytes read at most")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def read_yaml(path: Path, label: str) -> tuple[Any, bytes]:
    """Read one YAML file; return its content and its raw bytes (for the knowledge version).

    ``label`` is how the file is named in errors (its path relative to the rules directory).
    """
    raw = read_rules_file(path, label)
    return parse_rules(raw, label), raw


def read_rules_file(path: Path, label: str) -> bytes:
    """The bytes of one rules file, or :class:`KnowledgeBaseError` naming it (``label``) and why not."""
    try:
        raw = read_regular_file(path, MAX_RULES_FILE_BYTES)
    except FileNotFoundError:
        raise KnowledgeBaseError(
            label, None, "the file is missing.", f"create {label} (see rules/README.md for what it holds)."
        ) from None
    except _NotRegularError as error:
        raise KnowledgeBaseError(label, None, f"{error}.", f"make {label} a regular YAML file.") from None
    except _TooLargeError as error:
        raise KnowledgeBaseError(
            label, None, f"{error}.", "split the knowledge, or check the file."
        ) from None
    except OSError as error:
        raise KnowledgeBaseError(
            label, None, f"the file cannot be read ({error.strerror}).", "check that it is a readable file."
        ) from None
    return raw


def parse_rules(raw: bytes, label: str) -> Any:
    """The content of one rules file's bytes, or :class:`KnowledgeBaseError` naming the file and line."""
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
        content = load_strict(text)  # _StrictLoader is a SafeLoader
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
    return content


class _RequestLoader(_StrictLoader):
    """The strict loader, for transfer requests (anchors, aliases and depth are checked before it runs)."""


def read_request(path: str) -> object:
    """The content of a transfer request file (JSON or YAML), or ``-`` for JSON or YAML on stdin.

    Refused with :class:`InvalidTransferRequestError` (one line, naming the problem): anything but a
    regular file, more than :data:`MAX_REQUEST_BYTES`, bytes that are not UTF-8, syntax errors, duplicate
    keys, YAML anchors and aliases (so no alias bomb expands), and nesting deeper than
    :data:`MAX_REQUEST_DEPTH`. A UTF-8 byte-order mark is accepted.
    """
    where = "standard input" if path == "-" else f"the file {shown(path, 200)}"
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)  # a text stream put in its place has none
            raw = (
                stream.read(MAX_REQUEST_BYTES + 1)
                if stream is not None
                else sys.stdin.read(MAX_REQUEST_BYTES + 1).encode("utf-8", "surrogateescape")
            )
            if len(raw) > MAX_REQUEST_BYTES:
                raise _TooLargeError(f"more than the {MAX_REQUEST_BYTES} bytes read at most")
        else:
            raw = read_regular_file(Path(path), MAX_REQUEST_BYTES)
    except (_NotRegularError, _TooLargeError) as error:
        raise InvalidTransferRequestError([f"{where} is refused: {error}"]) from None
    except OSError as error:
        raise InvalidTransferRequestError([f"{where} cannot be read ({error.strerror or 'error'})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidTransferRequestError(
            [f"{where} is not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start})"]
        ) from None
    text = text.removeprefix("\ufeff")
    yaml_file = path != "-" and Path(path).suffix.lower() in {".yaml", ".yml"}
    if not yaml_file and (path != "-" or text.lstrip()[:1] in {"{", "["}):
        return _json_request(text, where)
    return _yaml_request(text, where)


def _json_request(text: str, where: str) -> object:
    """The request's JSON, read as every door reads JSON (see ``_json_input``)."""
    try:
        return read_json(text, MAX_REQUEST_DEPTH)
    except UnreadableInputError as error:
        raise InvalidTransferRequestError([f"{where}: {error.problem}"]) from None


def _yaml_request(text: str, where: str) -> object:
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_RequestLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise InvalidTransferRequestError(
                    [f"{where} uses YAML anchors or aliases (& or *), which a request may not; write each"
                     " value out"]
                )  # fmt: skip
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_REQUEST_DEPTH:
                    raise InvalidTransferRequestError(
                        [f"{where} is nested more than {MAX_REQUEST_DEPTH} levels deep; a request needs 3"]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=_RequestLoader)  # a safe loader; duplicate keys refused
    except InvalidTransferRequestError:
        raise
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())[:300]
        raise InvalidTransferRequestError([f"{where} is not valid JSON or YAML ({problem})"]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        problem = " ".join(str(error).split())[:200]
        raise InvalidTransferRequestError(
            [f"{where} holds a value that cannot be read ({problem})"]
        ) from None
