"""Re-audit: which recorded decisions would be decided differently on other knowledge, and why.

Every recorded question (its partner as asked, each kind of information, its day, as recorded) is asked
again of the other knowledge - each distinct question once, however many records repeat it - and each
record whose answer would now differ is listed, grouped by case and partner: its outcome before and
after, and the rules, relationships and statements that make the difference. What a record holds of its
answer (outcome, rules, statements) is compared; where the knowledge the record was made on is at hand
(its version is that of ``recorded``), the whole decision is rebuilt and its basis, conditions and routes
are compared too. A question refused before its day was read cannot be asked again: it is counted apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from sharing_rules._decisions import Decision
from sharing_rules._diff import Change, _change
from sharing_rules._errors import SharingRulesError
from sharing_rules._knowledge import KnowledgeBase
from sharing_rules._record_read import Row, Source


class ChangedRecord(BaseModel):
    """One recorded answer that the other knowledge would give differently."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_id: str
    timestamp: str
    operation: str
    as_of: date
    data_type: str
    before: str
    """The recorded outcome, or ``refused`` (the question was refused with an error)."""
    after: str
    """The outcome now, or ``refused`` (the other knowledge refuses the question)."""
    change: Change | None
    """What makes the difference: rules, relationships and statements (None when both refuse differently)."""
    cites_now: tuple[str, ...] = ()
    """Statements the answer cites now and the record did not (a condition or a provision added)."""
    cited_before: tuple[str, ...] = ()
    """Statements the record cited and the answer no longer does."""


class CaseGroup(BaseModel):
    """The changed records of one case (None: asked outside a case) and one partner."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_reference: str | None
    partner: str
    records: tuple[ChangedRecord, ...]


class Reaudit(BaseModel):
    """The outcome of a re-audit: how much was read and asked, and every changed record, grouped."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    knowledge_version: str
    records: int
    questions: int
    """Distinct questions asked of the knowledge (each once)."""
    not_replayable: int
    """Records of questions refused before their day was read (or of no kind asked): not asked again."""
    changed: int
    groups: tuple[CaseGroup, ...]


_Answer = tuple[str, frozenset[str], frozenset[str]] | str
"""What an answer says, as compared: (outcome, rules, statements), or the name of the error refusing it."""


def _answer_of(decision: Decision | SharingRulesError) -> _Answer:
    if isinstance(decision, SharingRulesError):
        return type(decision).__name__
    return decision.outcome.value, frozenset(r.rule for r in decision.reasons), frozenset(decision.statements)


def _cited(answer: _Answer) -> frozenset[str]:
    """The statements an answer cites (none for a refusal)."""
    return frozenset() if isinstance(answer, str) else answer[2]


def _recorded_answer(item: dict[str, Any] | None, error: str | None) -> _Answer:
    if item is None:
        return (error or "Error").split(":", 1)[0]
    return str(item["outcome"]), frozenset(item.get("rules", ())), frozenset(item.get("statements", ()))


class _Asker:
    """Asks each distinct question once of the knowledge (and of the recorded knowledge, when at hand)."""

    def __init__(self, knowledge: KnowledgeBase, recorded: KnowledgeBase | None) -> None:
        self.knowledge = knowledge
        self.recorded = recorded
        self._answers: dict[tuple[str, str, date, str | None], tuple[Any, Any]] = {}

    def ask(self, partner: str, kind: str, day: date, version: str | None) -> tuple[Any, Any]:
        """(the decision now or its error, the decision as recorded rebuilt or None)."""
        key = (partner, kind, day, version)
        found = self._answers.get(key)
        if found is None:
            now = _decide(self.knowledge, partner, kind, day)
            then = None
            if self.recorded is not None and version == self.recorded.version:
                then = _decide(self.recorded, partner, kind, day)
            found = self._answers[key] = (now, then)
        return found

    @property
    def questions(self) -> int:
        """How many distinct questions were asked."""
        return len(self._answers)


def _decide(knowledge: KnowledgeBase, partner: str, kind: str, day: date) -> Decision | SharingRulesError:
    try:
        return knowledge.decide(partner, kind, day)
    except SharingRulesError as error:
        return error


def _compare(
    record: dict[str, Any], kind: str, item: dict[str, Any] | None, now: Any, then: Any
) -> ChangedRecord | None:
    """The record's answer for one kind of information against the answer now; None when they agree."""
    before = _recorded_answer(item, record.get("error"))
    full = None
    if isinstance(then, Decision) and isinstance(now, Decision):  # the whole decision, rebuilt
        full = _change(now.partner, now.data_type, then, now)
        if full is None and before == _answer_of(now):
            return None
    elif before == _answer_of(now):
        return None
    return ChangedRecord(
        record_id=str(record["record_id"]), timestamp=str(record["timestamp"]),
        operation=str(record["operation"]), as_of=date.fromisoformat(str(record["as_of"])), data_type=kind,
        before="refused" if item is None else str(item["outcome"]),
        after="refused" if isinstance(now, SharingRulesError) else now.outcome.value,
        change=full or _recorded_change(item, now),
        cites_now=tuple(sorted(_cited(_answer_of(now)) - _cited(before))),
        cited_before=tuple(sorted(_cited(before) - _cited(_answer_of(now))))
        if isinstance(now, Decision)
        else (),
    )  # fmt: skip


def _recorded_change(item: dict[str, Any] | None, now: Any) -> Change | None:
    """What differs, from what the record holds (the knowledge it was made on is not at hand)."""
    if not isinstance(now, Decision):
        return None
    before = frozenset(item.get("rules", ())) if item else frozenset()
    after = frozenset(r.rule for r in now.reasons)
    added = [r for r in now.reasons if r.rule in after - before]
    statements = [s for r in added for s in (*r.statements, *r.relationship_statements)]
    return Change(
        partner=now.partner, data_type=now.data_type,
        before=None if item is None else item["outcome"], after=now.outcome,
        rules_added=tuple(sorted(after - before)), rules_removed=tuple(sorted(before - after)),
        relationships_added=tuple(sorted(now.relationships)) if item is None else (),
        relationships_removed=(), statements=tuple(dict.fromkeys(statements)),
    )  # fmt: skip


def _questions(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """Each kind of information the record asked about, with its recorded item (None for a refusal)."""
    items = record.get("items") or ()
    if items:
        for item in items:
            yield str(item["data_type"]), item
    else:
        for kind in record.get("asked") or ():
            yield str(kind), None


_Verdict = tuple[str | None, tuple["ChangedRecord", ...]] | None
"""What a recorded answer comes to: None when it cannot be asked again; else the partner and each kind's
changed answer (made for the first record with this answer: its id, time and operation are replaced)."""


def _key(row: Row) -> tuple[Any, ...]:
    """What decides a record's verdict: its question and its answer as recorded, not its id, time or case.

    The parts of the JSON that hold them, when it is as the sinks write it (keys sorted: a key's name in
    quotes followed by a colon is found only as a key, a quote inside a text being escaped); else the
    whole JSON.
    """
    text: str = row[-1]
    asked = text.find('"asked":')
    case = text.find('"case_reference":', asked)
    error = text.find('"error":', case)
    end = text.find('"knowledge_version":', error)
    if min(asked, case, error, end) < 0:
        return (text,)
    return (row[5], row[6], row[7], text[asked:case], text[error:end])


def _judge(body: dict[str, Any], asker: _Asker) -> _Verdict:
    """The verdict on one recorded answer (see :data:`_Verdict`)."""
    asked = list(_questions(body))
    if body.get("as_of") is None or not asked:
        return None
    day = date.fromisoformat(str(body["as_of"]))
    partner = body.get("partner")
    changes = []
    for kind, item in asked:
        now, then = asker.ask(str(body["partner_asked"]), kind, day, body.get("knowledge_version"))
        partner = partner or (now.partner if isinstance(now, Decision) else None)
        changed = _compare(body, kind, item, now, then)
        if changed is not None:
            changes.append(changed)
    return partner, tuple(changes)


def reaudit(source: Source, knowledge: KnowledgeBase, recorded: KnowledgeBase | None = None) -> Reaudit:
    """Ask every recorded question of ``knowledge``; list the records it would answer differently.

    Each distinct recorded answer is judged once (the JSON of a record is read only then).
    """
    asker = _Asker(knowledge, recorded)
    verdicts: dict[tuple[Any, ...], _Verdict] = {}
    groups: dict[tuple[str | None, str], list[ChangedRecord]] = {}
    count = skipped = 0
    for row in source.rows():
        count += 1
        key = _key(row)
        if key in verdicts:
            verdict = verdicts[key]
        else:
            verdict = verdicts[key] = _judge(json.loads(row[-1]), asker)
        if verdict is None:
            skipped += 1
            continue
        partner, changes = verdict
        for changed in changes:
            group = groups.setdefault((row[3], str(partner or row[5])), [])
            this = {"record_id": str(row[0]), "timestamp": str(row[1]), "operation": str(row[2])}
            group.append(changed.model_copy(update=this))
    ordered = sorted(groups.items(), key=lambda entry: (entry[0][0] or "", entry[0][1]))
    return Reaudit(
        knowledge_version=knowledge.version, records=count, questions=asker.questions, not_replayable=skipped,
        changed=sum(len(found) for found in groups.values()),
        groups=tuple(CaseGroup(case_reference=case, partner=partner, records=tuple(found))
                     for (case, partner), found in ordered),
    )  # fmt: skip


def as_text(result: Reaudit) -> str:
    """The re-audit as text: one block per case and partner, a line per changed record."""
    lines = [
        f"Re-audit against knowledge {result.knowledge_version}: {result.records} record(s),"
        f" {result.questions} distinct question(s) asked, {result.not_replayable} not replayable;"
        f" {result.changed} answer(s) change."
    ]
    for group in result.groups:
        lines.append(f"\nCase {group.case_reference or '(none)'} - {group.partner}:")
        for found in group.records:
            causes = _causes(found.change)
            if found.cites_now or found.cited_before:
                cites = [f"+cites:{s}" for s in found.cites_now] + [f"-cites:{s}" for s in found.cited_before]
                causes = f"{causes} {' '.join(cites)}".strip()
            lines.append(
                f"  {found.timestamp[:19]} {found.record_id} {found.data_type} on {found.as_of}:"
                f" {found.before} -> {found.after}{'  ' + causes if causes else ''}"
            )
    return "\n".join(lines) + "\n"


def _causes(change: Change | None) -> str:
    if change is None:
        return ""
    causes = change.causes()
    cited = f" [{', '.join(change.statements)}]" if change.statements else ""
    return " ".join(causes) + cited


def as_json(result: Reaudit) -> str:
    """The re-audit as JSON."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)
