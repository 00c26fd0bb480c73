"""The cache of derived knowledge: used only when it is private, whole and current; rebuilt otherwise.

And the command line's quick path that reads it: its answers are exactly those of the usual path.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sharing_rules import (
    DataType,
    KnowledgeBase,
    SharingRulesError,
    _cache,
    _quick,
    load_knowledge,
    shipped_rules,
)
from sharing_rules._cli import _answer, main
from sharing_rules._timeline import today

AMENDMENT = Path(__file__).resolve().parents[2] / "examples" / "amendments" / "examplestan"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test (not yet created)."""
    folder = tmp_path / "cache" / "sharing-rules"
    monkeypatch.setenv("SHARING_RULES_CACHE_DIR", str(folder))
    monkeypatch.delenv("SHARING_RULES_NO_CACHE", raising=False)
    return folder


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge()


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_document_is_read_back_under_its_key(cache_dir: Path) -> None:
    """What is written is read back under the same name and key; the directory is 0700, the file 0600."""
    assert _cache.write("entry.json", "k1", {"a": [1, "two"]})
    assert _cache.read("entry.json", "k1") == {"a": [1, "two"]}
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert (cache_dir / "entry.json").stat().st_mode & 0o777 == 0o600
    assert _cache.read("entry.json", "k2") is None  # another key: stale
    assert _cache.read("other.json", "k1") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-5],  # truncated
        lambda data: data.replace(b'"two"', b'"TWO"'),  # altered, hash no longer matches
        lambda data: b"",  # empty
        lambda data: b"sharing-rules-cache/1 k1 " + data.split(b" ", 3)[3],  # header lost a field
        lambda data: data.replace(b"sharing-rules-cache/1", b"sharing-rules-cache/0"),  # another format
    ],
)
def test_a_damaged_document_is_not_believed(cache_dir: Path, damage: object) -> None:
    """A truncated, altered, empty or foreign file is ignored (read gives None), never half-trusted."""
    assert _cache.write("entry.json", "k1", {"a": [1, "two"]})
    path = cache_dir / "entry.json"
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _cache.read("entry.json", "k1") is None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX ownership and permissions")
def test_a_document_others_could_have_written_is_not_believed(cache_dir: Path) -> None:
    """A file readable or writable by others, a link, or a directory open to others: ignored, not written."""
    assert _cache.write("entry.json", "k1", {"a": 1})
    path = cache_dir / "entry.json"
    path.chmod(0o644)
    assert _cache.read("entry.json", "k1") is None
    path.chmod(0o600)
    (cache_dir / "link.json").symlink_to(path)
    assert _cache.read("link.json", "k1") is None
    assert _cache.read("entry.json", "k1") == {"a": 1}
    cache_dir.chmod(0o755)
    assert _cache.read("entry.json", "k1") is None
    assert not _cache.write("entry.json", "k1", {"a": 2})
    cache_dir.chmod(0o700)


def test_the_cache_can_be_turned_off_and_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SHARING_RULES_NO_CACHE=1 turns it off; otherwise XDG_CACHE_HOME, or ~/.cache, holds it."""
    monkeypatch.delenv("SHARING_RULES_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.directory() == str(tmp_path / "sharing-rules")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/allowed")
    assert _cache.directory() == str(Path.home() / ".cache" / "sharing-rules")
    monkeypatch.setenv("SHARING_RULES_NO_CACHE", "1")
    assert _cache.directory() is None
    assert not _cache.write("entry.json", "k", {})
    assert _cache.read("entry.json", "k") is None


def test_the_key_changes_with_any_byte_of_the_rules_or_amendments(tmp_path: Path) -> None:
    """Editing, adding or removing a file of the rules or of an amendment gives another key."""
    rules = tmp_path / "rules"
    shutil.copytree(shipped_rules(), rules)
    amendment = tmp_path / "examplestan"
    shutil.copytree(AMENDMENT, amendment)
    first = _cache.knowledge_key(rules, [amendment])
    assert first == _cache.knowledge_key(rules, [amendment])
    assert first != _cache.knowledge_key(rules)
    partners = rules / "partners.yaml"
    partners.write_bytes(partners.read_bytes() + b"\n")
    second = _cache.knowledge_key(rules, [amendment])
    assert second != first
    (rules / "notes.txt").write_text("x")
    third = _cache.knowledge_key(rules, [amendment])
    assert third != second
    next(amendment.iterdir()).write_text("changed")
    assert _cache.knowledge_key(rules, [amendment]) != third


def _days(knowledge: KnowledgeBase) -> list[date]:
    """Every day on which some decision changes, the day before each, and a few fixed days."""
    starts = {start for p in knowledge.partners for start in knowledge.timeline(p.name).starts}
    around = {day + timedelta(days=delta) for day in starts for delta in (-1, 0)}
    return sorted(around | {date(2000, 1, 1), knowledge.speaks_for, today(), date(2099, 12, 31)})


@pytest.mark.slow
def test_the_answer_table_answers_exactly_as_the_knowledge_does(knowledge: KnowledgeBase) -> None:
    """For each boundary day: every partner, spelling and kind gives the usual path's exact output."""
    spellings = {
        p.name: [s for s in (p.name, p.full_name, p.iso_alpha2, p.iso_alpha3, *p.aliases) if s]
        + [p.name.upper()]
        for p in knowledge.partners
    }
    kinds = [*DataType, *(t.value.replace("_", " ") for t in DataType)]
    for day in _days(knowledge):
        table = json.loads(json.dumps(_quick.build_table(knowledge, day, _answer)))  # as stored
        answered = refused = 0
        rendered: dict[int, tuple[object, tuple[bool, str, str]]] = {}  # by decision (shared by spellings)
        for names in spellings.values():
            for name in names:
                for kind in kinds:
                    found = _quick.look_up(table, name, str(kind), day.isoformat())
                    try:
                        decision = knowledge.decide(name, kind, day)
                    except SharingRulesError:  # e.g. a Member State on that day: the usual path explains
                        assert found is None, (name, kind, day)
                        refused += 1
                        continue
                    if id(decision) not in rendered:
                        rendered[id(decision)] = (
                            decision,
                            (decision.allowed, *_answer(decision, knowledge, day)),
                        )
                    assert found == rendered[id(decision)][1], (name, kind, day)
                    answered += 1
                    assert (
                        _quick.look_up(table, name, str(kind), (day + timedelta(days=1)).isoformat()) is None
                    )
        assert answered + refused == sum(map(len, spellings.values())) * len(kinds)
        assert answered > refused


def test_the_table_has_no_answer_for_what_needs_the_usual_path(knowledge: KnowledgeBase) -> None:
    """Unknown names, other countries, Member States and misspelt kinds are not in it: the usual way."""
    table = _quick.build_table(knowledge, today(), _answer)
    day = today().isoformat()
    for partner, kind in [
        ("Norwey", "evidence"),
        ("Bhutan", "evidence"),
        ("France", "evidence"),
        ("Norway", "x"),
    ]:
        assert _quick.look_up(table, partner, kind, day) is None
    with pytest.raises(SharingRulesError):
        knowledge.decide("Norwey", "evidence")


@pytest.mark.slow
def test_the_command_line_answers_alike_with_and_without_the_cache(
    cache_dir: Path, knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evaluate (text and --json) prints the same with a warm cache as with none, for every question."""
    assert _run("evaluate", "Norway", "evidence")[0] == 0  # writes the day's table
    assert len(list(cache_dir.glob("evaluate-*.json"))) == 1 + len(knowledge.partners)  # index, answers
    kinds = list(DataType)  # every partner, each with another kind in turn (the table test covers all)
    questions = [
        (p.name, kinds[index % len(kinds)].value, *extra)
        for index, p in enumerate(knowledge.partners)
        for extra in ((), ("--json",))
    ]
    warm = [_run("evaluate", *question) for question in questions]
    monkeypatch.setenv("SHARING_RULES_NO_CACHE", "1")
    cold = [_run("evaluate", *question) for question in questions]
    assert warm == cold


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a stored document and store it again whole (a valid header: only its content is wrong)."""
    header, _, body = path.read_bytes().partition(b"\n")
    document = json.loads(body)
    change(document)
    data = json.dumps(document).encode()
    fields = [*header.split(b" ")[:2], hashlib.sha256(data).hexdigest().encode(), str(len(data)).encode()]
    path.write_bytes(b" ".join(fields) + b"\n" + data)


@pytest.mark.slow
def test_a_stale_or_damaged_table_is_rebuilt_and_answers_correctly(cache_dir: Path) -> None:
    """A stale index or stale, foreign or damaged answers are not used: derived afresh, and rewritten."""
    expected = _run("evaluate", "Nigeria", "personal data")
    (index,) = (
        p for p in cache_dir.glob("evaluate-*.json") if re.fullmatch(r"evaluate-[0-9a-f]+\.json", p.name)
    )
    number = json.loads(index.read_bytes().partition(b"\n")[2])["files"]["Nigeria"]
    answers = index.with_name(f"{index.stem}-{number}.json")

    def of_another_day(document: dict[str, Any]) -> None:
        document["day"] = "2000-01-01"
        document["answers"] = {kind: [True, "ALLOWED\n", "{}\n"] for kind in document["answers"]}

    def of_another_partner(document: dict[str, Any]) -> None:
        document["partner"] = "Norway"
        document["answers"] = {kind: [True, "ALLOWED\n", "{}\n"] for kind in document["answers"]}

    for damage in (of_another_day, of_another_partner):  # answers that would say "allowed" to everything
        _rewrite(answers, damage)
        assert _run("evaluate", "Nigeria", "personal data") == expected
        assert json.loads(answers.read_bytes().partition(b"\n")[2])["partner"] == "Nigeria"  # rewritten
    _rewrite(index, lambda d: d.update(day="2000-01-01"))  # a stale index
    assert _run("evaluate", "Nigeria", "personal data") == expected
    assert json.loads(index.read_bytes().partition(b"\n")[2])["day"] == today().isoformat()  # rewritten
    answers.write_bytes(answers.read_bytes()[:-100])  # truncated answers
    assert _run("evaluate", "Nigeria", "personal data") == expected
    key = index.read_bytes().split(b" ")[1].decode()
    assert _quick.answer_in(_cache.read(answers.name, key), "Nigeria", "personal_data", today().isoformat())


def _plant_deep(path: Path, key: str) -> None:
    """An entry whose header is right for its key, and whose JSON is nested 200,000 levels deep."""
    body = b"[" * 200_000 + b"]" * 200_000
    header = f"{_cache.FORMAT} {key} {hashlib.sha256(body).hexdigest()} {len(body)}\n"
    path.write_bytes(header.encode() + body)
    path.chmod(0o600)


def _plant_link(path: Path, key: str) -> None:
    """A symbolic link to a private regular file holding a whole entry of the right key."""
    target = path.with_name("elsewhere")
    shutil.copyfile(path, target)
    target.chmod(0o600)
    path.unlink()
    path.symlink_to(target)


def _plant_oversized(path: Path, key: str) -> None:
    """A private regular file of 65 MiB (sparse: it takes no disk), over the cache's 64 MiB."""
    with path.open("r+b") as file:
        file.truncate(65 * 1024 * 1024)


def _plant_fifo(path: Path, key: str) -> None:
    """A FIFO (no writer will ever come), private to the user."""
    path.unlink()
    os.mkfifo(path, 0o600)


def _plant_directory(path: Path, key: str) -> None:
    """An empty private directory."""
    path.unlink()
    path.mkdir(0o700)


PLANTED: dict[str, Callable[[Path, str], None]] = {
    "fifo": _plant_fifo,
    "nested 200,000 deep": _plant_deep,
    "symbolic link": _plant_link,
    "directory": _plant_directory,
    "oversized": _plant_oversized,
}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and modes are POSIX")
@pytest.mark.parametrize("kind", list(PLANTED))
def test_an_entry_that_is_no_file_of_bounded_size_is_ignored_and_written_afresh(
    cache_dir: Path, kind: str
) -> None:
    """A FIFO, deep nesting, a link, a directory or an oversized file as the day's table: answered as usual.

    The command neither hangs (on a FIFO without a writer) nor fails (on JSON nested beyond the parser's
    recursion): the entry is ignored like any unusable one, the answer is the usual path's, and a whole
    entry is written in its place.
    """
    from sharing_rules._package import shipped_rules_dir

    command = [sys.executable, "-m", "sharing_rules", "evaluate", "Nigeria", "personal data"]
    environment = {**os.environ, "SHARING_RULES_CACHE_DIR": str(cache_dir)}
    usual = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    name = _cache.entry_name(_quick.KIND, shipped_rules_dir())
    key = _cache.knowledge_key(shipped_rules_dir())
    entry = cache_dir / name
    assert _cache.read(name, key) is not None  # the first run wrote the day's table
    PLANTED[kind](entry, key)
    again = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60, check=False)
    assert (again.returncode, again.stdout, again.stderr) == (usual.returncode, usual.stdout, usual.stderr)
    assert entry.is_file()
    assert not entry.is_symlink()
    assert _cache.read(name, key) is not None  # written afresh, whole
