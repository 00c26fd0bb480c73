"""Hostile files, by class: request files for `sharing-rules check`, and rules directories.

Request files: junk of any kind (nesting of any depth, anchors and aliases, duplicate keys, any bytes)
ends in exit code 2 with one line on stderr, never 1 (which means "not allowed") and never a traceback; a
byte-order mark is fine; YAML's reading of NO as false comes with a hint. Rules directories: a partner
that answers to a Member State's name or code, and anything that is not a regular file of bounded size,
are refused with the file and the entry; no file is read while the load lock is held.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from sharing_rules import KnowledgeBaseError, load_knowledge, shipped_rules
from sharing_rules import _knowledge as knowledge_module
from sharing_rules._cli import main
from sharing_rules._naming import normalise

pytestmark = pytest.mark.slow  # the command line started per case

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
VALID = {
    "case_reference": "EJ-7",
    "partner": "Norway",
    "items": [{"data_type": "strategic", "label": "trends"}],
}


class _Text(io.StringIO):
    """stdout or stderr of one run."""


def run_check(data: bytes, suffix: str, tmp: Path) -> tuple[int, str, str]:
    """Run `sharing-rules check` on ``data`` (a file with ``suffix``, or stdin for "-"); code, out, err."""
    out, err = _Text(), _Text()
    if suffix == "-":
        stdin = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        try:
            code = main(["check", "-"], out=out, err=err)
        finally:
            sys.stdin = stdin
    else:
        path = tmp / f"request{suffix}"
        path.write_bytes(data)
        code = main(["check", str(path)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def assert_refused(code: int, out: str, err: str) -> None:
    """Exit 2, nothing decided, one line on stderr, no traceback."""
    assert code == 2, (code, out, err[:300])
    assert out == ""
    assert err.count("\n") == 1, err[:300]
    assert err.startswith("sharing-rules: error: "), err[:300]
    assert "Traceback" not in err


@pytest.fixture
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch directory shared by the examples of one property."""
    return tmp_path_factory.mktemp("requests")


# -- 3 and 4: nesting and aliases in a request file ------------------------------------------------------


def deep_json(depth: int, opener: str) -> bytes:
    """JSON nested ``depth`` deep (closed or not)."""
    if opener == "[":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@SETTINGS
@given(
    depth=st.integers(17, 200_000),
    opener=st.sampled_from(["[", "{"]),
    closed=st.booleans(),
    suffix=st.sampled_from([".json", ".yaml", "-"]),
)
@example(depth=100_000, opener="[", closed=False, suffix=".json")
@example(depth=100_000, opener="[", closed=False, suffix=".yaml")
@example(depth=100_000, opener="[", closed=False, suffix="-")
def test_a_request_nested_to_any_depth_exits_2_in_one_line(
    tmp: Path, depth: int, opener: str, closed: bool, suffix: str
) -> None:
    """Nesting of any depth in a request file, JSON or YAML or stdin: exit 2, one line, no traceback."""
    data = deep_json(depth, opener) if closed else opener.encode() * depth
    assert_refused(*run_check(data, suffix, tmp))


@st.composite
def anchored_requests(draw: st.DrawFn) -> str:
    """A YAML request that uses an anchor and an alias somewhere (or a billion-laughs chain)."""
    field = draw(st.sampled_from(["partner", "items", "case_reference", "label", "data_type"]))
    if draw(st.booleans()):
        chain = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        for name, below in zip("bcdefghi", "abcdefgh", strict=True):
            chain += f"{name}: &{name} [" + ",".join([f"*{below}"] * 9) + "]\n"
        head = {"partner": "Norway", "case_reference": "EJ", "items": "[{data_type: strategic}]"}
        head[field if field in head else "items"] = "*i"
        return "".join(f"{key}: {value}\n" for key, value in head.items()) + chain
    return (
        "x: &v Norway\ncase_reference: EJ\npartner: *v\nitems: [{data_type: strategic}]\n"
        if field == "partner"
        else "case_reference: &c EJ\npartner: Norway\nitems: [{data_type: strategic, label: *c}]\n"
    )


@SETTINGS
@given(text=anchored_requests(), suffix=st.sampled_from([".yaml", ".yml", "-"]))
def test_a_request_with_anchors_or_aliases_exits_2(tmp: Path, text: str, suffix: str) -> None:
    """Anchors and aliases (so any alias bomb) are refused in a request, before anything expands."""
    code, out, err = run_check(text.encode(), suffix, tmp)
    assert_refused(code, out, err)
    assert "anchors or aliases" in err


# -- 11. duplicate keys, byte-order marks, YAML booleans -------------------------------------------------


@SETTINGS
@given(
    key=st.sampled_from(["case_reference", "partner", "items", "as_of", "data_type", "label"]),
    first=st.sampled_from(["Nigeria", "Norway", "x"]),
    second=st.sampled_from(["Norway", "Nigeria", "y"]),
    as_yaml=st.booleans(),
)
@example(key="partner", first="Nigeria", second="Norway", as_yaml=False)
def test_a_key_given_twice_in_a_request_exits_2(
    tmp: Path, key: str, first: str, second: str, as_yaml: bool
) -> None:
    """Any key twice, in the request or in an item, JSON or YAML: refused, whichever value comes last."""
    if key in {"data_type", "label"}:
        item = f'{{"data_type": "strategic", "{key}": "{first}", "{key}": "{second}"}}'
        if key == "data_type":
            item = f'{{"data_type": "{first}", "data_type": "strategic"}}'
        text = f'{{"case_reference": "EJ", "partner": "Norway", "items": [{item}]}}'
    else:
        values = {"case_reference": '"EJ"', "partner": '"Norway"', "items": '[{"data_type": "strategic"}]'}
        duplicate = json.dumps(first) if key != "items" else '[{"data_type": "personal data"}]'
        pairs = [f'"{name}": {value}' for name, value in values.items()]
        pairs.insert(1, f'"{key}": {duplicate}')
        if key == "as_of":
            pairs.insert(1, '"as_of": "2024-01-01"')
        text = "{" + ", ".join(pairs) + "}"
    code, out, err = run_check(text.encode(), ".yaml" if as_yaml else ".json", tmp)
    assert_refused(code, out, err)
    assert "twice" in err


@pytest.mark.parametrize("suffix", [".json", ".yaml", "-"])
def test_a_byte_order_mark_is_accepted(tmp: Path, suffix: str) -> None:
    """A UTF-8 byte-order mark before a valid request changes nothing."""
    code, out, err = run_check(b"\xef\xbb\xbf" + json.dumps(VALID).encode(), suffix, tmp)
    assert (code, err) == (0, "")
    assert "Allowed" in out


@pytest.mark.parametrize("word", ["NO", "no", "yes", "on", "off", "true", "False", "~", "12", "2024-01-01"])
@pytest.mark.parametrize("field", ["partner", "case_reference", "data_type"])
def test_a_yaml_value_read_as_no_text_says_to_quote_it(tmp: Path, word: str, field: str) -> None:
    """partner: NO (read by YAML as false) and its kin: exit 2 with a hint to quote the value."""
    fields = {"case_reference": "EJ", "partner": "Norway", "data_type": "strategic"}
    fields[field] = word
    text = (
        f"case_reference: {fields['case_reference']}\npartner: {fields['partner']}\n"
        f"items:\n  - data_type: {fields['data_type']}\n"
    )
    code, out, err = run_check(text.encode(), ".yaml", tmp)
    assert_refused(code, out, err)
    if word != "~":  # null: no text at all, nothing to quote
        assert "quote the value" in err


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".json", ".yaml", "-"]))
def test_any_bytes_as_a_request_exit_2_in_one_line(tmp: Path, data: bytes, suffix: str) -> None:
    """Any bytes at all as a request: refused with exit 2 and one line (no request is valid by chance)."""
    assert_refused(*run_check(data, suffix, tmp))


# -- 2. a Member State loaded as a partner ---------------------------------------------------------------

_STATES = yaml.safe_load((shipped_rules() / "member_states.yaml").read_text(encoding="utf-8"))[
    "member_states"
]
_STATE_SPELLINGS = sorted(
    {
        spelling
        for state in _STATES
        for entry in (state, *state.get("territories", ()))
        for spelling in (
            entry["name"],
            entry.get("iso_alpha2"),
            entry.get("iso_alpha3"),
            *entry.get("aliases", ()),
        )
        if spelling
    }
)
_CODES = {state["iso_alpha2"]: state["iso_alpha3"] for state in _STATES}
_CODES.update(
    {
        t["iso_alpha2"]: t["iso_alpha3"]
        for s in _STATES
        for t in s.get("territories", ())
        if t.get("iso_alpha2")
    }
)


@pytest.fixture(scope="module")
def rules_text() -> dict[str, str]:
    """The shipped rules files, as text."""
    return {path.name: path.read_text(encoding="utf-8") for path in shipped_rules().glob("*.yaml")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spelling=st.sampled_from(_STATE_SPELLINGS),
    as_what=st.sampled_from(["name", "alias", "full_name", "codes"]),
    kind=st.sampled_from(["country", "organisation"]),
    case=st.sampled_from([str, str.upper, str.lower, lambda text: "the " + text]),
)
@example(spelling="Germany", as_what="codes", kind="country", case=str)
@example(spelling="France", as_what="name", kind="organisation", case=str)
def test_a_partner_answering_to_a_member_states_name_or_code_is_refused_at_load(  # noqa: PLR0917  # Hypothesis passes each drawn value by name
    tmp_path_factory: pytest.TempPathFactory,
    rules_text: dict[str, str],
    spelling: str,
    as_what: str,
    kind: str,
    case: Any,
) -> None:
    """Any name, code or alias of a Member State or EU territory, on a country or organisation: refused."""
    # a change of case that makes another name is no spelling of the State's: Cyprus's Turkish name, with a
    # dotless i (U+0131), upper-cases to KIBRIS, and a dotless i is no i (test_differential.py holds that)
    assume((as_what == "codes" and spelling in _CODES) or normalise(case(spelling)) == normalise(spelling))
    entry: dict[str, Any] = {"name": "Testland", "kind": kind}
    if as_what == "codes" and spelling in _CODES:
        entry.update(kind="country", iso_alpha2=spelling, iso_alpha3=_CODES[spelling])
    elif as_what in {"name", "codes"}:
        entry["name"] = case(spelling)
    elif as_what == "alias":
        entry["aliases"] = [case(spelling)]
    else:
        entry["full_name"] = case(spelling)
    if entry["kind"] == "country" and "iso_alpha2" not in entry:
        entry.update(iso_alpha2="BR", iso_alpha3="BRA")
    entry["relationships"] = [{"kind": "working_arrangement", "statements": ["WA-1"], "from": "2020-01-01",
                               "source": "made up for the test"}]  # fmt: skip
    rules = tmp_path_factory.mktemp("rules")
    for name, text in rules_text.items():
        (rules / name).write_text(text, encoding="utf-8")
    partners = yaml.safe_load(rules_text["partners.yaml"])
    partners["partners"] = [p for p in partners["partners"] if p.get("iso_alpha2") != "BR"] + [entry]
    (rules / "partners.yaml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(rules)
    assert caught.value.file == "partners.yaml"
    assert caught.value.entry == f"partner {entry['name']}"
    assert "inside the European Union" in str(caught.value)
    out, err = _Text(), _Text()
    assert main(["validate", str(rules)], out=out, err=err) == 2


# -- 10. files that are not regular files, or too large; the load lock -----------------------------------


def _rules_with(tmp_path: Path, make: Any) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    for path in shipped_rules().glob("*.yaml"):
        if path.name != "partners.yaml":
            (rules / path.name).write_bytes(path.read_bytes())
    make(rules / "partners.yaml")
    return rules


HOSTILE_FILES = {
    "a FIFO": os.mkfifo,
    "a link to /dev/zero": lambda path: path.symlink_to("/dev/zero"),
    "a link to /dev/urandom": lambda path: path.symlink_to("/dev/urandom"),
    "a directory": lambda path: path.mkdir(),
    "a 64 MB file": lambda path: _sparse(path, 64 * 1024 * 1024),
}


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as file:
        file.truncate(size)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev are POSIX")
@pytest.mark.parametrize("what", sorted(HOSTILE_FILES))
def test_a_rules_file_that_is_no_regular_file_of_bounded_size_is_refused(tmp_path: Path, what: str) -> None:
    """A FIFO, a device, a directory or a huge file as partners.yaml: exit 2 naming the file, at once."""
    rules = _rules_with(tmp_path, HOSTILE_FILES[what])
    done = subprocess.run(
        [sys.executable, "-m", "sharing_rules", "validate", str(rules)],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang, not a speed target
        check=False,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stderr.startswith("sharing-rules: error: partners.yaml: ")
    assert done.stderr.count("\n") == 1


@pytest.fixture
def load_lock_held() -> Iterator[None]:
    """The load lock, held by the test."""
    with knowledge_module._LOAD_LOCK:
        yield


def test_files_are_read_without_the_load_lock(tmp_path: Path, load_lock_held: None) -> None:
    """While another load holds the lock, a directory whose file is unreadable is refused without waiting."""
    rules = _rules_with(tmp_path, lambda path: path.write_bytes(b"partners: [\n"))
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_knowledge(rules)
        except KnowledgeBaseError as error:
            outcome.append(error)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(60)  # a guard against waiting for the lock; the test holds it throughout
    assert outcome, "the load waited for the lock"
    assert isinstance(outcome[0], KnowledgeBaseError)
