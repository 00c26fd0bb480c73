"""Change impact: which decisions differ between two knowledge bases, or two dates of one, and why."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from sharing_rules._decisions import Decision
from sharing_rules._errors import SharingRulesError
from sharing_rules._knowledge import KnowledgeBase, knowledge_base
from sharing_rules._timeline import asked_day, coerce_day
from sharing_rules._vocabulary import DataType, Outcome


class Change(BaseModel):
    """One partner and kind of information whose decision differs, with what causes the difference."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    partner: str
    data_type: DataType
    before: Outcome | None
    """The old outcome; None when the old side gives no decision: it does not recognise the partner, or
    refuses the question on its day (a Member State then, or in a transition period after leaving)."""
    after: Outcome | None
    """The new outcome; None as for ``before``."""
    rules_added: tuple[str, ...]
    """Rules that take part in the new decision and not in the old."""
    rules_removed: tuple[str, ...]
    relationships_added: tuple[str, ...]
    """Relationships in force in the new decision and not in the old."""
    relationships_removed: tuple[str, ...]
    pending_added: tuple[str, ...] = ()
    """Relationships that may already be in force in the new decision (uncertain date) and not in the old."""
    pending_removed: tuple[str, ...] = ()
    statements: tuple[str, ...]
    """The statements cited by the rules and relationships that changed."""
    sources: tuple[str, ...] = ()
    """The public sources of changed relationships that the source document does not state."""

    def causes(self) -> list[str]:
        """What makes the difference, as the command line shows it.

        ``+rule``/``-rule``, ``+kind``/``-kind``, and ``+pending:kind``/``-pending:kind`` (a relationship
        whose date is uncertain).
        """
        causes = [f"+{rule}" for rule in self.rules_added] + [f"-{rule}" for rule in self.rules_removed]
        causes += [f"+{kind}" for kind in self.relationships_added]
        causes += [f"-{kind}" for kind in self.relationships_removed]
        causes += [f"+pending:{kind}" for kind in self.pending_added]
        causes += [f"-pending:{kind}" for kind in self.pending_removed]
        return causes


class KnowledgeDiff(BaseModel):
    """Every decision that changes between two knowledge bases (or two dates), and nothing else."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    old_version: str
    new_version: str
    old_as_of: date | None
    new_as_of: date | None
    changes: tuple[Change, ...]


def _decide(knowledge: KnowledgeBase, partner: str, data_type: DataType, day: date) -> Decision | None:
    """The decision on ``day``, or None where the knowledge refuses the question (any library error)."""
    try:
        return knowledge.decide(partner, data_type, day)
    except SharingRulesError:
        return None


def _said(decision: Decision) -> tuple[object, ...]:
    """What a decision says, as far as a change matters: outcome, basis, rules, routes, relationships."""
    return (
        decision.outcome,
        decision.basis,
        decision.instruments,
        frozenset(r.rule for r in decision.reasons),
        tuple(c.id for c in decision.conditions),
        tuple(r.rule for r in decision.routes),
        frozenset(i.kind for i in decision.inactive if i.status == "uncertain"),
        frozenset(decision.relationships),
    )


def _same(old: Decision, new: Decision) -> bool:
    """Whether two decisions say the same (see ``_said``)."""
    return _said(old) == _said(new)


def _change(partner: str, data_type: DataType, old: Decision | None, new: Decision | None) -> Change | None:
    if old is not None and new is not None and _same(old, new):
        return None
    if old is None and new is None:
        return None
    old_rules = {r.rule: r for r in old.reasons} if old is not None else {}
    new_rules = {r.rule: r for r in new.reasons} if new is not None else {}
    old_kinds = set(old.relationships) if old is not None else set()
    new_kinds = set(new.relationships) if new is not None else set()
    old_pending = {i.kind for i in old.inactive if i.status == "uncertain"} if old is not None else set()
    new_pending = {i.kind for i in new.inactive if i.status == "uncertain"} if new is not None else set()
    changed = [new_rules[k] for k in new_rules.keys() - old_rules.keys()]
    changed += [r for r in new_rules.values() if r.rule in old_rules and r != old_rules[r.rule]]
    changed += [old_rules[k] for k in old_rules.keys() - new_rules.keys()]
    statements = [s for reason in changed for s in (*reason.statements, *reason.relationship_statements)]
    return Change(
        partner=partner,
        data_type=data_type,
        before=old.outcome if old is not None else None,
        after=new.outcome if new is not None else None,
        rules_added=tuple(sorted(new_rules.keys() - old_rules.keys())),
        rules_removed=tuple(sorted(old_rules.keys() - new_rules.keys())),
        relationships_added=tuple(sorted(new_kinds - old_kinds)),
        relationships_removed=tuple(sorted(old_kinds - new_kinds)),
        pending_added=tuple(sorted(new_pending - old_pending)),
        pending_removed=tuple(sorted(old_pending - new_pending)),
        statements=tuple(dict.fromkeys(statements)),
        sources=tuple(
            dict.fromkeys(
                [
                    *(source for reason in changed for source in reason.relationship_sources),
                    *(
                        i.source
                        for i in (new.inactive if new is not None else ())
                        if i.kind in new_pending - old_pending and i.source
                    ),
                ]
            )
        ),
    )


def diff(
    old: KnowledgeBase,
    new: KnowledgeBase | None = None,
    *,
    as_of: date | str | None = None,
    new_as_of: date | str | None = None,
) -> KnowledgeDiff:
    """Every partner and kind of information whose decision differs from ``old`` to ``new``.

    ``new`` defaults to ``old``: then compare two dates of one knowledge base. ``as_of`` is the date of
    the old side (default: today) and ``new_as_of`` that of the new side (default: ``as_of``). Partners of
    either side are compared; one the other side does not know is compared as it would be decided there.
    """
    old = knowledge_base(old)
    new = old if new is None else knowledge_base(new)
    old_day = asked_day(as_of)
    new_day = coerce_day(new_as_of) or old_day
    names = dict.fromkeys([*(p.name for p in old.partners), *(p.name for p in new.partners)])
    changes = []
    for name in names:
        for data_type in DataType:
            before = _decide(old, name, data_type, old_day)
            found = _change(name, data_type, before, _decide(new, name, data_type, new_day))
            if found is not None:
                changes.append(found)
    return KnowledgeDiff(
        old_version=old.version,
        new_version=new.version,
        old_as_of=old_day,
        new_as_of=new_day,
        changes=tuple(changes),
    )
