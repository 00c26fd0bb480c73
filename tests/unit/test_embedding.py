"""Embedding in case-management workflows: transfers, guards, decision records, reloads, schemas."""

from __future__ import annotations

import json
import logging
import random
import runpy
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import sharing_rules
from sharing_rules import (
    DataType,
    DecisionRecord,
    DecisionRecordError,
    InvalidTransferRequestError,
    JsonLinesSink,
    KnowledgeBaseError,
    Outcome,
    SharingNotAllowedError,
    SharingRulesError,
    TransferRequest,
    check_transfer,
    configure_records,
    evaluate,
    explain,
    load_knowledge,
    reload_knowledge,
    require,
    use_knowledge,
)
from sharing_rules._cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "amendments" / "examplestan"


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    """Every test leaves records off and the shipped knowledge in service."""
    yield
    configure_records(None)
    use_knowledge(load_knowledge())


def _request(partner: str, *items: tuple[str, str | None], **extra: Any) -> dict[str, Any]:
    return {
        "case_reference": "EJ-1",
        "partner": partner,
        "items": [{"data_type": data_type, "label": label} for data_type, label in items],
        **extra,
    }


def test_a_transfer_is_allowed_only_if_every_item_is() -> None:
    """One item without a basis makes the whole transfer not allowed; each item keeps its own decision."""
    verdict = check_transfer(
        _request("Nigeria", ("strategic", "trend report"), ("personal data", "witnesses"), as_of="2024-09-30")
    )
    assert (verdict.allowed, verdict.outcome, verdict.partner) == (False, Outcome.NO_BASIS, "Nigeria")
    assert [i.decision.outcome for i in verdict.items] == [Outcome.ALLOWED, Outcome.NO_BASIS]
    assert [i.label for i in verdict.items] == ["trend report", "witnesses"]
    assert {r.rule for r in verdict.reasons} == {"REG-NON-PERSONAL", "WA-STRATEGIC", "WA-NO-PERSONAL-DATA"}
    assert "witnesses (no basis)" in verdict.summary
    allowed = check_transfer(
        TransferRequest.model_validate(
            _request("UK", ("evidence", None), ("operational", None), ("strategic", None), as_of="2024-09-30")
        )
    )
    assert (allowed.allowed, allowed.outcome) == (True, Outcome.ALLOWED)
    assert [c.id for c in allowed.conditions] == [  # gathered once for the whole package
        "NECESSARY", "COMPETENT-RECIPIENT", "MEMBER-STATE-AUTHORISATION", "ONWARD-TRANSFER",
        "TASKS-REQUIRE", "COMPETENT-AUTHORITY", "SUPPLIER-RESTRICTIONS", "COOPERATION-STRATEGY",
    ]  # fmt: skip
    assert allowed.summary.startswith("Allowed, provided that the 8 conditions listed are met")


def test_a_transfer_on_a_date() -> None:
    """A transfer dated before Switzerland's agreement entered into force has no basis."""
    verdict = check_transfer(_request("Switzerland", ("evidence", None), as_of="2010-05-01"))
    assert verdict.items[0].decision.inactive[0].kind == "agreement_on_cooperation"
    assert (verdict.outcome, str(verdict.as_of)) == (Outcome.NO_BASIS, "2010-05-01")


@pytest.mark.parametrize(
    ("request_data", "fragments"),
    [
        (
            _request("Norway", ("gossip", None), ("evidence", "x\x00y")),
            ["items[0].data_type: Unknown data type 'gossip'", "items[1].label: String should match"],
        ),
        ({"partner": "Norway", "items": [{"data_type": "evidence"}]}, ["case_reference: Field required"]),
        (_request("Norway"), ["items: Tuple should have at least 1 item"]),
        (
            _request("Norway", ("evidence", "x\x00y")),
            ["items[0].label: String should match pattern", "(got text of 3 characters)"],
        ),
        (
            {**_request("Norway", ("evidence", None)), "payload": "secret"},
            ["payload: not a field of a transfer request (its value is not shown)"],
        ),
        (
            _request("Norway", ("evidence", None), as_of="someday"),
            ["as_of: as_of must be a date, got 'someday'"],
        ),
        ("not a mapping", ["the request must be a mapping, got text of 13 characters"]),
    ],
)
def test_invalid_requests_name_the_field_and_the_value(request_data: Any, fragments: list[str]) -> None:
    """A malformed request raises InvalidTransferRequestError naming each bad field (and own field values)."""
    with pytest.raises(InvalidTransferRequestError) as caught:
        check_transfer(request_data)
    assert isinstance(caught.value, ValueError)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_an_unknown_data_type_in_a_transfer_is_refused_as_evaluate_refuses_it() -> None:
    """An item of a kind the knowledge does not define: UnknownDataTypeError with the valid values."""
    with pytest.raises(sharing_rules.UnknownDataTypeError, match="gossip") as caught:
        check_transfer(_request("Norway", ("evidence", None), ("gossip", None)))
    assert "personal_data" in caught.value.valid


def test_an_unknown_partner_in_a_transfer_is_an_error() -> None:
    """A transfer to an unknown partner is refused like evaluate() refuses it."""
    with pytest.raises(sharing_rules.UnknownPartnerError, match="Norwey"):
        check_transfer(_request("Norwey", ("evidence", None)))


def test_require_returns_the_decision_or_raises_with_it() -> None:
    """require() passes allowed exchanges through and stops the others, carrying the decision."""
    assert require("Norway", "evidence").allowed
    with pytest.raises(SharingNotAllowedError) as caught:
        require("Peru", DataType.PERSONAL_DATA)
    assert caught.value.decision.outcome is Outcome.NO_BASIS
    assert "Not allowed to exchange personal_data with Peru (no basis)" in str(caught.value)
    with pytest.raises(SharingNotAllowedError, match="no basis"):
        require("Kenya", "evidence")


def test_records_are_off_by_default(tmp_path: Path) -> None:
    """Without configure_records nothing is written anywhere."""
    records: list[DecisionRecord] = []
    evaluate("Norway", "evidence")
    configure_records(records.append)
    configure_records(None)
    evaluate("Norway", "evidence")
    assert records == []


def test_each_call_emits_one_record_with_the_request_and_the_answer(tmp_path: Path) -> None:
    """evaluate, require and check_transfer each emit one record: request, outcome, rules, citations."""
    records: list[DecisionRecord] = []
    configure_records(records.append)
    evaluate("the UK", "personal data", as_of="2024-01-01")
    with pytest.raises(SharingNotAllowedError):
        require("Nigeria", "personal_data")
    check_transfer(_request("Peru", ("strategic", "analysis")))
    assert [r.operation for r in records] == ["evaluate", "require", "check_transfer"]
    first = records[0]
    assert (first.partner_asked, first.partner, str(first.as_of)) == (
        "the UK",
        "United Kingdom",
        "2024-01-01",
    )
    assert (first.outcome, first.allowed, first.rules) == (
        Outcome.ALLOWED,
        True,
        ("UNION-AGREEMENT-OPERATIONAL", "ADEQUACY-OPERATIONAL"),
    )
    assert first.statements[:3] == ("AGR-1", "REG-56-2-C", "REG-56-1")
    assert first.knowledge_version == load_knowledge().version
    assert records[1].outcome is Outcome.NO_BASIS
    assert records[2].case_reference == "EJ-1"
    assert records[2].items[0].label == "analysis"
    assert len({r.record_id for r in records}) == 3
    assert all(r.timestamp.tzinfo is not None for r in records)


def test_refused_questions_are_recorded_too() -> None:
    """A question refused with an error still leaves a record, with the error and no outcome."""
    records: list[DecisionRecord] = []
    configure_records(records.append)
    with pytest.raises(SharingRulesError):
        evaluate("Germany", "strategic")
    with pytest.raises(InvalidTransferRequestError):
        check_transfer({"partner": "Norway"})
    assert [(r.outcome, r.allowed) for r in records] == [(None, False), (None, False)]
    assert records[0].error is not None
    assert records[0].error.startswith("NotAThirdCountryError")


def test_the_logging_sink(caplog: pytest.LogCaptureFixture) -> None:
    """The default sink logs each record as JSON to the sharing_rules.decisions logger."""
    with caplog.at_level(logging.INFO, logger="sharing_rules.decisions"):
        configure_records()
        evaluate("Iceland", "evidence")
    (entry,) = [r for r in caplog.records if r.name == "sharing_rules.decisions"]
    data = json.loads(entry.getMessage())
    assert (data["partner"], data["outcome"]) == ("Iceland", "allowed")


def test_a_failing_sink_is_not_silent() -> None:
    """If a record cannot be written, the caller gets DecisionRecordError rather than an unrecorded answer."""

    def broken(record: DecisionRecord) -> None:
        raise OSError("disk full")

    configure_records(broken)
    with pytest.raises(DecisionRecordError, match="disk full"):
        evaluate("Norway", "evidence")


def test_a_broken_reload_keeps_the_old_knowledge(rules_copy: Path) -> None:
    """Reloading from a broken directory raises KnowledgeBaseError; the previous knowledge keeps answering."""
    before = evaluate("Norway", "evidence")
    (rules_copy / "eligibility.yaml").write_text("rules: [", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"eligibility\.yaml"):
        reload_knowledge(rules_copy)
    assert evaluate("Norway", "evidence") == before


def test_a_reload_puts_new_knowledge_in_service() -> None:
    """After reload_knowledge with the example amendment, the default knowledge knows the partner it adds."""
    with pytest.raises(sharing_rules.UnknownPartnerError):
        evaluate("Examplestan", "evidence", as_of="2025-01-01")
    reload_knowledge(amendments=[EXAMPLE])
    pending = evaluate("Examplestan", "evidence", as_of="2025-01-01").inactive
    assert [(i.kind, i.status) for i in pending] == [("union_agreement", "not_yet_in_force")]


def _mixed_call(kind: float, partner: str, data_type: DataType, day: str) -> tuple[str, Outcome]:
    """One call of the mix: evaluate (60%), require (20%) or check_transfer (20%); its version and outcome."""
    if kind < 0.6:
        decision = evaluate(partner, data_type, as_of=day)
    elif kind < 0.8:
        try:
            decision = require(partner, data_type, as_of=day)
        except SharingNotAllowedError as refusal:
            decision = refusal.decision
    else:
        verdict = check_transfer(_request(partner, (data_type.value, None), as_of=day))
        decision = verdict.items[0].decision
    return decision.knowledge_version, decision.outcome


@pytest.mark.slow
def test_many_threads_with_reloads_give_no_wrong_decision_and_one_record_per_call(tmp_path: Path) -> None:
    """8 threads x 20,000 mixed calls with reloads: no wrong decision, no exception, one record per call."""
    base = load_knowledge()
    amended = load_knowledge(amendments=[EXAMPLE])
    day = "2025-10-01"
    partners = [p.name for p in base.partners] + ["KEN", "the UK", "usa"]  # known to both versions
    expected = {
        kb.version: {(p, t): kb.decide(p, t, day).outcome for p in partners for t in DataType}
        for kb in (base, amended)
    }
    sink = JsonLinesSink(tmp_path / "records.jsonl")
    configure_records(sink)
    wrong: list[str] = []
    errors: list[BaseException] = []
    calls_per_thread = 20_000
    stop = threading.Event()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(calls_per_thread):
                partner, data_type = rng.choice(partners), rng.choice(list(DataType))
                version, outcome = _mixed_call(rng.random(), partner, data_type, day)
                if expected[version][(partner, data_type)] is not outcome:
                    wrong.append(f"{partner} {data_type} {version} {outcome}")
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    reloads = []

    def reloader() -> None:
        flip = False
        while not stop.wait(0.2):  # a reload every 0.2 s: dozens while the calls run, and room for them
            reload_knowledge(amendments=[EXAMPLE] if flip else [])  # from disk, as an operator would
            reloads.append(flip)
            flip = not flip

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    swapper = threading.Thread(target=reloader)
    swapper.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    swapper.join()
    configure_records(None)
    sink.close()
    assert errors == []
    assert wrong == []
    assert len(reloads) >= 2
    lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 * calls_per_thread
    versions = {json.loads(line)["knowledge_version"] for line in lines}
    assert versions == {base.version, amended.version}


def test_the_schemas_validate_real_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    """`sharing-rules schema` prints JSON Schemas that real decisions and requests validate against."""
    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    assert set(schemas) == {"Decision", "TransferRequest", "TransferDecision"}
    for partner, data_type in (("Norway", "evidence"), ("Nigeria", "personal_data"), ("Japan", "strategic")):
        jsonschema.validate(evaluate(partner, data_type).model_dump(mode="json"), schemas["Decision"])
    request = _request("Nigeria", ("strategic", "report"), ("personal_data", None))
    jsonschema.validate(request, schemas["TransferRequest"])
    verdict = check_transfer(request)
    jsonschema.validate(verdict.model_dump(mode="json"), schemas["TransferDecision"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**request, "payload": "x"}, schemas["TransferRequest"])
    broken = {**evaluate("Norway", "evidence").model_dump(mode="json"), "outcome": "maybe"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schemas["Decision"])


def test_the_check_command_reads_json_and_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`sharing-rules check FILE` decides a request file, exit 0 when allowed and 1 when not."""
    allowed = tmp_path / "allowed.json"
    allowed.write_text(json.dumps(_request("Norway", ("evidence", "bank records"))), encoding="utf-8")
    blocked = tmp_path / "blocked.yaml"
    blocked.write_text(
        "case_reference: EJ-2\npartner: Panama\nitems:\n  - {data_type: personal data, label: suspects}\n",
        encoding="utf-8",
    )
    assert main(["check", str(allowed)]) == 0
    assert "the one item may go to Norway." in capsys.readouterr().out
    assert main(["check", str(blocked)]) == 1
    assert "[ no basis ] suspects (personal_data)" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["check", str(broken)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err


def test_explain_writes_a_legal_note(capsys: pytest.CaptureFixture[str]) -> None:
    """explain() and `sharing-rules explain` give question, answer, numbered reasoning and the sources."""
    note = explain("Nigeria", "personal data", as_of="2025-01-01")
    assert note.startswith(
        "Question\n  May Eurojust exchange operational personal data with Nigeria on 2025-01-01?"
    )
    assert "No: do not send operational personal data to Nigeria on 2025-01-01 as a matter of routine" in note
    assert "What remains, case by case" in note
    assert "1. Nigeria has a working arrangement (WA-3; in force from 2023-11-09)." in note
    assert "Rule WA-NO-PERSONAL-DATA (stated by its sources; WA-2, REG-47-3, REG-82)" in note
    assert "WA-2: A working arrangement allows" in note
    assert "REG-58: " in note
    assert main(["explain", "Brazil", "evidence"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "A standing basis for evidence needs an agreement on cooperation; an international agreement"
        " between the Union and the country; or an adequacy decision for law enforcement in force" in out
    )


def test_the_case_workflow_example_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The example workflow sends the allowed items, holds back the others and leaves one record per check."""
    audit = tmp_path / "audit.jsonl"
    module = runpy.run_path(str(ROOT / "examples" / "case_workflow.py"))
    sent = module["run"](audit)
    assert sent == [
        "Norway: identities of two suspects",
        "Norway: bank statements 2025",
        "Nigeria: fraud pattern analysis",
    ]
    records = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert [(r["operation"], r["outcome"]) for r in records] == [
        ("check_transfer", "allowed"), ("check_transfer", "no_basis"), ("require", "no_basis"),
    ]  # fmt: skip
    assert "held back: list of witnesses (no basis)" in capsys.readouterr().out
