r"""The one reading of JSON that callers send: every key once, a bounded depth, UTF-8, nothing ambiguous.

Every door that reads a caller's JSON reads it here: ``sharing-rules check`` (a file or standard input),
the service's ``/v1/decisions``, ``/v1/decisions/batch`` and ``/v1/transfers``. A body that can be read in
more than one way is refused, never read one of those ways: a key given twice (also when one spelling of it
is escaped, ``"p\u0061rtner"``: keys are compared as decoded), a value JSON does not have (``NaN``,
``Infinity``), bytes that are not UTF-8. Nesting is bounded before anything is parsed, so no body exhausts
the parser's recursion.

The page's form is read with the same rule (:func:`form_fields`): a field that holds one value, given twice,
is refused, and so is a row (an item's kind and its label) that is not whole.
"""

from __future__ import annotations

import json
import re

from sharing_rules._errors import shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the command line's quick path)
if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence
    from typing import Any

MAX_DEPTH = 16
"""The deepest nesting of arrays and objects read (a transfer request or a batch needs 3)."""

_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
"""A JSON string (skipped whole, escapes included) or a bracket: what counting the depth needs."""


class UnreadableInputError(ValueError):
    """Input that cannot be read in one way only; ``problem`` says why, quoting only a bounded key."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem)


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON text nested deeper than ``limit``, counted over the text (strings skipped), unparsed."""
    depth = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                raise UnreadableInputError(f"it is nested more than {limit} levels deep")
        elif char in "]}":
            depth -= 1


class _RepeatedKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(f"the key {shown(key, 40)} is given twice")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _RepeatedKeyError(key)
        found[key] = value
    return found


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is no JSON value")


def read_json(data: bytes | str, limit: int = MAX_DEPTH) -> object:
    """The value of JSON ``data`` (UTF-8, a byte-order mark allowed); :class:`UnreadableInputError` if none.

    Refused: bytes that are not UTF-8, nesting deeper than ``limit``, a key given twice in one object, NaN
    and the infinities, and anything that is not JSON. The problem never quotes a value, only a key (bounded).
    """
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnreadableInputError(
                f"it is not UTF-8 text (byte {bytes(data)[error.start]:#04x} at offset {error.start})"
            ) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    check_depth(text, limit)
    try:
        return json.loads(text, object_pairs_hook=_unique, parse_constant=_no_constant)
    except _RepeatedKeyError as error:
        raise UnreadableInputError(f"{error}; give each key once") from None
    except json.JSONDecodeError as error:
        problem = f"{error.msg} at line {error.lineno}, column {error.colno}"
        raise UnreadableInputError(f"it is not valid JSON ({problem})") from None
    except (ValueError, RecursionError):  # NaN, a number of too many digits
        raise UnreadableInputError("it is not valid JSON (a value cannot be read)") from None


def form_fields(
    pairs: Iterable[tuple[str, str]], single: Collection[str], row: Sequence[str]
) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    """A form's fields read strictly: each of ``single`` at most once, and whole rows of ``row``, in order.

    A row is the fields of ``row`` one after the other (an item's kind, then its label): a field of a row
    out of its place, or a row left incomplete, would leave a value without the others it belongs with.
    :class:`UnreadableInputError` for that, for a field of ``single`` given twice (which of the two would
    count?) and for a field the form does not have (named bounded, its value never quoted).
    """
    once: dict[str, str] = {}
    rows: list[tuple[str, ...]] = []
    current: list[str] = []
    for key, value in pairs:
        if key in row:
            if key != row[len(current)]:
                order = ", ".join(row)
                raise UnreadableInputError(
                    f"the field {shown(key, 40)} is out of its place: each row gives {order}, in order"
                )
            current.append(value)
            if len(current) == len(row):
                rows.append(tuple(current))
                current = []
        elif key not in single:
            raise UnreadableInputError(f"the field {shown(key, 40)} is not a field of this form")
        elif key in once:
            raise UnreadableInputError(f"the field {shown(key, 40)} is given twice; give each field once")
        else:
            once[key] = value
    if current:
        raise UnreadableInputError(f"a row is incomplete: each row gives {', '.join(row)}, in order")
    return once, rows
