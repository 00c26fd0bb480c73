"""A decision written out the way a lawyer would: question, answer, reasoning, sources."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import date

from sharing_rules._decisions import Decision
from sharing_rules._knowledge import KnowledgeBase
from sharing_rules._model import Relationship, Rule
from sharing_rules._timeline import dates_text
from sharing_rules._vocabulary import DataType, Effect, Outcome, RuleStatus

_WIDTH = 100


def _wrap(text: str, indent: str = "  ", hanging: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=hanging if hanging is not None else indent,
    )


def _broader(knowledge: KnowledgeBase, data_type: DataType) -> set[str]:
    """The data type and every kind that includes it, directly or not."""
    found = {data_type.value}
    changed = True
    while changed:
        changed = False
        for definition in knowledge.data_types.values():
            if definition.id not in found and found & set(definition.includes):
                found.add(definition.id)
                changed = True
    return found


def _granting_rules(knowledge: KnowledgeBase, data_type: DataType) -> Iterable[Rule]:
    covering = _broader(knowledge, data_type)
    return (r for r in knowledge.rules if r.effect is Effect.PERMIT and covering & set(r.data_types))


def explain_decision(decision: Decision, knowledge: KnowledgeBase, day: date) -> str:
    """The decision on ``day`` as a short legal note: question, answer, reasoning step by step, sources."""
    label = knowledge.data_types[decision.data_type].label
    held = {r.kind: r for p in knowledge.partners if p.name == decision.partner for r in p.relationships}
    steps = [
        *_facts(decision, knowledge, held),
        *_rules(decision, knowledge, label),
        *_closing(decision, knowledge),
    ]
    cited = [*decision.statements, *(s for item in decision.inactive for s in item.statements)]
    cited += [s for kind in decision.relationships for s in held[kind].statements]
    lines = [
        "Question",
        _wrap(f"May Eurojust exchange {label} with {decision.partner} on {day}?"),
        "",
        "Answer",
        _wrap(_answer(decision, knowledge)),
        "",
        "Reasoning",
        *(_wrap(step, f"  {n}. ", "     ") for n, step in enumerate(steps, start=1)),
    ]
    if cited:
        order = list(knowledge.statements)
        lines += ["", "Sources (statements of the source document, paraphrased)"]
        for ident in sorted(dict.fromkeys(cited), key=order.index):
            lines.append(_wrap(f"{ident}: {knowledge.statements[ident].paraphrase}", "  ", "    "))
    lines += [
        "",
        f"Knowledge {decision.knowledge_version}, describing the situation on {knowledge.speaks_for}.",
    ]
    return "\n".join(lines)


def _answer(decision: Decision, knowledge: KnowledgeBase) -> str:
    if decision.outcome is Outcome.ALLOWED and decision.basis is not None:
        basis = knowledge.relationship_kinds[decision.basis].label
        return f"Yes. The exchange is allowed on the basis of the {basis}."
    if decision.outcome is Outcome.PROHIBITED:
        return "No. The exchange is excluded by an explicit rule."
    return "No. There is no legal basis for the exchange."


def _facts(decision: Decision, knowledge: KnowledgeBase, held: dict[str, Relationship]) -> Iterable[str]:
    kinds = knowledge.relationship_kinds
    for kind in decision.relationships:
        relationship = held[kind]
        cited = ", ".join(relationship.statements) or f"source: {relationship.source}"
        since = f", in force since {relationship.valid_from}" if relationship.valid_from else ""
        yield f"{decision.partner} has {_a(kinds[kind].label)} ({cited}{since})."
    if not decision.relationships:
        yield f"{decision.partner} has no relationship with Eurojust in force on that date."
    for item in decision.inactive:
        state = "is not yet in force" if item.status == "not_yet_in_force" else "is no longer in force"
        dates = dates_text(item.signed, item.valid_from, item.valid_until)
        yield f"Its {kinds[item.kind].label} {state}{f' ({dates})' if dates else ''}, so it grants nothing."


def _rules(decision: Decision, knowledge: KnowledgeBase, label: str) -> Iterable[str]:
    rules = {rule.id: rule for rule in knowledge.rules}
    for reason in decision.reasons:
        rule = rules[reason.rule]
        status = (
            "stated by the source" if rule.status is RuleStatus.STATED else "an interpretation of the source"
        )
        text = f"Rule {rule.id} ({status}; {', '.join(rule.statements)}): {rule.explanation}"
        if rule.why:
            text += f" Why this reading: {rule.why}"
        if rule.scope:
            text += f" Scope: {rule.scope}"
        if reason.via is not None:
            whole = knowledge.data_types[reason.via]
            text += (
                f" {label[:1].upper()}{label[1:]} is part of {whole.label} ({', '.join(whole.statements)})."
            )
        yield text


def _closing(decision: Decision, knowledge: KnowledgeBase) -> Iterable[str]:
    if decision.outcome is Outcome.PROHIBITED and any(r.effect is Effect.PERMIT for r in decision.reasons):
        yield "An explicit exclusion prevails over any permission for the same information."
    if decision.outcome is Outcome.NO_BASIS:
        label = knowledge.data_types[decision.data_type].label
        kinds = knowledge.relationship_kinds
        needed = sorted(
            {
                kinds[kind].label
                for rule in _granting_rules(knowledge, decision.data_type)
                for kind in rule.when.has
            }
        )
        if needed:
            yield f"Only {' or '.join(_a(n) for n in needed)} would permit {label}, and none is in force."
        yield "Without a legal basis the exchange is not allowed."


def _a(label: str) -> str:
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"
