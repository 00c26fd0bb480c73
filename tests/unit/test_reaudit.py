"""Re-audit of recorded decisions against other knowledge: exactly the records whose answer would change.

The class: records of many questions (partners, kinds of information, days; decided, refused, in a case)
in a store. Asked again of the knowledge they were made on, none changes. Asked of an amended knowledge,
exactly the records of the questions that ``diff`` (the independent oracle: the two knowledge bases
compared partner by partner on the record's day) says change are listed - no more, no fewer - grouped by
case and partner, with what makes the difference.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sharing_rules import (
    KnowledgeBase,
    SharingRulesError,
    SqliteSink,
    check_transfer,
    configure_records,
    diff,
    evaluate,
    load_knowledge,
    shipped_rules,
)
from sharing_rules._cli import main
from sharing_rules._reaudit import reaudit
from sharing_rules._record_read import open_source
from sharing_rules._record_sql import Filters

EXAMPLESTAN = Path(__file__).resolve().parents[2] / "examples" / "amendments" / "examplestan"
PARTNERS = ("Norway", "Armenia", "Nigeria", "Examplestan", "the UK")
KINDS = ("evidence", "operational_personal_data")
DAYS = ("2024-01-01", "2025-08-31", "2025-09-01", "2026-01-01")


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store of every question of PARTNERS x KINDS x DAYS, each asked twice, and two transfers."""
    target = str(tmp_path_factory.mktemp("reaudit") / "records.sqlite")
    sink = SqliteSink(target)
    configure_records(sink)
    try:
        for _ in range(2):  # the questions repeat, as they do in a real trail
            for partner in PARTNERS:
                for kind in KINDS:
                    for day in DAYS:
                        with contextlib.suppress(SharingRulesError):  # refused: recorded too
                            evaluate(partner, kind, as_of=day)
        for case, day in (("C-1", "2025-06-01"), ("C-2", "2025-10-01")):
            check_transfer({"case_reference": case, "partner": "Armenia", "as_of": day,
                            "items": [{"data_type": "evidence"}, {"data_type": "strategic"}]})  # fmt: skip
    finally:
        configure_records(None)
        sink.close()
    return target


@pytest.fixture(scope="module")
def armenia(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A test amendment: Armenia's Union agreement in force from 2025-09-01 (a date made up for the test)."""
    folder = tmp_path_factory.mktemp("armenia")
    shipped = yaml.safe_load((shipped_rules() / "partners.yaml").read_text(encoding="utf-8"))
    entry = next(p for p in shipped["partners"] if p["name"] == "Armenia")
    entry["relationships"][0]["from"] = date(2025, 9, 1)
    (folder / "partners.yaml").write_text(yaml.safe_dump({"partners": [entry]}), encoding="utf-8")
    (folder / "amendment.yaml").write_text(
        yaml.safe_dump(
            {
                "title": "Test: Armenia's agreement in force",
                "description": "For a test only.",
                "source": "None: made up for the test.",
            }
        ),
        encoding="utf-8",
    )
    return folder


def _bodies(target: str) -> list[dict[str, Any]]:
    source = open_source(target)
    try:
        return [body for _, body in source.listed(Filters())]
    finally:
        source.close()


def _expected(target: str, old: KnowledgeBase, new: KnowledgeBase) -> set[tuple[str, str]]:
    """(record id, kind) of each recorded question whose decision ``diff`` says changes on its day."""
    changing: dict[str, set[tuple[str, str]]] = {}
    expected = set()
    for body in _bodies(target):
        kinds = [item["data_type"] for item in body["items"]] or list(body["asked"])
        day = body["as_of"]
        if day not in changing:
            changing[day] = {(c.partner, c.data_type.value) for c in diff(old, new, as_of=day).changes}
        for kind in kinds:
            try:
                name = new.partner(body["partner_asked"]).name
            except SharingRulesError:
                continue
            if (name, new.data_type(kind).value) in changing[day]:
                expected.add((body["record_id"], kind))
    return expected


def _listed(target: str, knowledge: KnowledgeBase, recorded: KnowledgeBase) -> set[tuple[str, str]]:
    source = open_source(target)
    try:
        result = reaudit(source, knowledge, recorded)
    finally:
        source.close()
    return {(found.record_id, found.data_type) for group in result.groups for found in group.records}


def test_the_knowledge_the_records_were_made_on_changes_none_of_them(records: str) -> None:
    """Shipped knowledge against itself: nothing listed, every question asked once (text and JSON)."""
    out = io.StringIO()
    assert main(["reaudit", records, "--json"], out=out) == 0
    result = json.loads(out.getvalue())
    assert result["changed"] == 0
    assert result["groups"] == []
    assert result["records"] == len(_bodies(records))
    assert result["questions"] <= len(PARTNERS) * (len(KINDS) + 1) * len(DAYS) + 4
    text = io.StringIO()
    main(["reaudit", records], out=text)
    assert "0 answer(s) change" in text.getvalue()


@pytest.mark.parametrize("amendment", ["armenia", "examplestan"])
def test_an_amendment_lists_exactly_the_records_it_changes(
    records: str, armenia: Path, amendment: str
) -> None:
    """Against an amendment: exactly the recorded questions ``diff`` says change on their days, no other."""
    folder = armenia if amendment == "armenia" else EXAMPLESTAN
    shipped = load_knowledge()
    amended = load_knowledge(amendments=[folder])
    expected = _expected(records, shipped, amended)
    assert expected, "the amendment changes none of the recorded questions: the test would prove nothing"
    assert _listed(records, amended, shipped) == expected
    bodies = {body["record_id"]: body for body in _bodies(records)}
    partners = {bodies[rid]["partner_asked"] for rid, _ in expected}
    assert partners == {"Armenia" if amendment == "armenia" else "Examplestan"}


def test_the_armenia_changes_are_only_on_the_days_it_changes(records: str, armenia: Path) -> None:
    """Armenia before its agreement was signed is not listed; on the day it applies and after, it is."""
    shipped = load_knowledge()
    amended = load_knowledge(amendments=[armenia])
    listed = _listed(records, amended, shipped)
    bodies = {body["record_id"]: body for body in _bodies(records)}
    days = {bodies[rid]["as_of"] for rid, _ in listed}
    assert "2024-01-01" not in days
    assert {"2025-09-01", "2026-01-01", "2025-10-01"} <= days
    out = io.StringIO()
    main(["reaudit", records, "--amend", str(armenia)], out=out)
    text = out.getvalue()
    assert "Case C-2 - Armenia:" in text
    assert "no_basis -> allowed  +UNION-AGREEMENT-OPERATIONAL +union_agreement" in text


def test_a_record_whose_answer_now_cites_other_provisions_says_which(tmp_path: Path) -> None:
    """Same outcome and rules, other statements (a condition or provision added): the line names them."""
    decided = evaluate("Switzerland", "strategic", as_of="2024-09-30")
    recorded = [s for s in decided.statements if s != "REG-52-1"] + ["REG-99-OLD"]
    assert "REG-52-1" in decided.statements, "the example needs a provision the answer cites today"
    item = {"data_type": "strategic", "label": None, "outcome": "allowed",
            "rules": [r.rule for r in decided.reasons], "statements": recorded}  # fmt: skip
    record = {
        "record_id": "r-1", "timestamp": "2024-09-30T10:00:00Z", "operation": "evaluate",
        "case_reference": None, "partner_asked": "Switzerland", "partner": "Switzerland",
        "as_of": "2024-09-30", "items": [item], "allowed": True, "outcome": "allowed", "error": None,
        "rules": item["rules"], "statements": recorded, "knowledge_version": "sha256:older",
        "request_id": None,
    }  # fmt: skip
    trail = tmp_path / "older.jsonl"
    trail.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = reaudit(open_source(str(trail)), load_knowledge())
    (changed,) = (found for group in result.groups for found in group.records)
    assert (changed.before, changed.after) == ("allowed", "allowed")
    assert changed.cites_now == ("REG-52-1",)
    assert changed.cited_before == ("REG-99-OLD",)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["reaudit", str(trail)]) == 0
    assert "+cites:REG-52-1 -cites:REG-99-OLD" in out.getvalue()
