"""Rules files are read directly from YAML's nodes: the same values, and the same refusals, as PyYAML's.

The class: any YAML document - plain data of any shape, aliases, merge keys, recursive values, explicit
tags, duplicate or unhashable keys, values that cannot be built - gives the value PyYAML's safe loader
(with the duplicate-key check) gives, or the same error.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing_rules import _yaml
from sharing_rules._package import shipped_rules


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates()
    | st.sampled_from(["yes", "No", "~", "0x1f", "1_000", "2011-02-30", "12:30", ".inf", "!", "&a", "*b"])
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(SCALARS.filter(_hashable), inner, max_size=4),
    max_leaves=25,
)
CRAFTED = [
    "a: &x [1, 2]\nb: *x\n",
    "base: &b {k: 1}\nthis:\n  <<: *b\n  j: 2\n",
    "&r [1, *r]\n",
    "a: 1\na: 2\n",
    "? [1, 2]\n: x\n",
    "? {a: 1}\n: x\n",
    "!!set {a, b}\n",
    "!!binary aGVsbG8=\n",
    "!!python/object:os.system x\n",
    "!custom 1\n",
    "!!str 12\n",
    "a: !!int '7'\n",
    "d: 2011-02-30\n",
    "1: a\n'1': b\n",
    "t: 2024-01-01 10:00:00\n",
    "- !!omap [a: 1, b: 2]\n",
    "- !!pairs [a: 1, a: 2]\n",
    "x: !!float '1e3'\n",
    "[",
    "a: b: c\n",
    "",
]
"""Documents that take the unusual ways through PyYAML: each must come out as it does there."""


def _both(text: str) -> tuple[Any, Any]:
    def read(how: Any) -> Any:
        try:
            return ("value", repr(how(text)))  # repr: types told apart, recursion shown as [...]
        except Exception as error:  # the error itself is what is compared
            return ("error", type(error).__name__, str(error))

    return read(lambda t: yaml.load(t, Loader=_yaml._StrictLoader)), read(_yaml.load_strict)


@settings(max_examples=300, deadline=None)
@given(data=DATA, flow=st.booleans())
def test_any_plain_document_reads_as_pyyaml_reads_it(data: object, flow: bool) -> None:
    """Plain data of any shape, in block or flow style, comes out exactly as PyYAML builds it."""
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    pyyaml, direct = _both(text)
    assert direct == pyyaml


def test_every_unusual_document_reads_or_fails_as_pyyaml_does() -> None:
    """Unusual documents come out as in PyYAML.

    Aliases, merge keys, recursion, explicit and unknown tags, duplicate and unhashable keys, bad values.
    """
    for text in CRAFTED:
        pyyaml, direct = _both(text)
        assert direct == pyyaml, text


def test_an_alias_gives_the_same_object_as_in_pyyaml() -> None:
    """Two aliases of one anchor are one object, as PyYAML makes them (nothing is copied per alias)."""
    value = _yaml.load_strict("a: &x [1, 2]\nb: *x\nc: *x\n")
    assert value["a"] is value["b"] is value["c"]


def test_every_shipped_rules_file_reads_as_pyyaml_reads_it() -> None:
    """The shipped rules (and every YAML file beside them) read the same both ways."""
    files = sorted(shipped_rules().rglob("*.yaml"))
    assert files
    for path in files:
        pyyaml, direct = _both(path.read_text(encoding="utf-8"))
        assert pyyaml[0] == "value"
        assert direct == pyyaml, path
