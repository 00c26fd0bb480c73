"""Every sentence a decision says: its explanation, its warnings and the legal note.

The words come from the knowledge (labels, explanations, paraphrases, conditions); this module only puts
them together, so that a decision reads the same wherever it is shown.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from sharing_rules._content import Content
from sharing_rules._model import Relationship, Rule
from sharing_rules._timeline import dates_text
from sharing_rules._vocabulary import DataType, Effect, Outcome, RuleStatus

if TYPE_CHECKING:
    from sharing_rules._decisions import (
        Condition,
        Decision,
        InactiveRelationship,
        Reason,
        Route,
        Situation,
    )

_WIDTH = 100
_ADDRESS = re.compile(r"https?://[^\s;,)]+")
_ONE_DAY = timedelta(days=1)


def article(label: str) -> str:
    """``label`` with "a" or "an" before it."""
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


def listing(items: Sequence[str], last: str = "and") -> str:
    """Items as a sentence would list them.

    >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"], "or")
    ('a', 'a and b', 'a; b; or c')
    """
    if len(items) <= 2:
        return f" {last} ".join(items)
    return "; ".join(items[:-1]) + f"; {last} " + items[-1]


def _wrap(text: str, indent: str = "  ", hanging: str | None = None) -> str:
    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=hanging if hanging is not None else indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


NoteStyle = Literal["plain", "numbered", "bulleted", "hanging"]


@dataclass(frozen=True, slots=True)
class NoteSection:
    """One part of a legal note: its heading and its entries, each a sentence or a paragraph."""

    key: str
    """What the part is: question, answer, law, conditions, routes, warnings, reasoning or sources."""
    heading: str
    entries: tuple[str, ...]
    style: NoteStyle = "plain"
    """How the entries are set out: each a paragraph, numbered, bulleted, or with a hanging indent."""

    def text(self) -> str:
        """The part as the text note writes it: the heading flush left, the entries indented under it."""
        if self.style == "numbered":
            lines = [_wrap(entry, f"  {n}. ", "     ") for n, entry in enumerate(self.entries, start=1)]
        elif self.style == "bulleted":
            lines = [_wrap(entry, "  - ", "    ") for entry in self.entries]
        elif self.style == "hanging":
            lines = [_wrap(entry, "  ", "    ") for entry in self.entries]
        else:
            lines = [_wrap(entry) for entry in self.entries]
        return "\n".join([self.heading, *lines])


@dataclass(frozen=True, slots=True)
class LegalNote:
    """A decision written out for a case file: its parts in order, and what knowledge it was written from.

    The command line prints :meth:`text`; the service's page sets out the same parts.
    """

    sections: tuple[NoteSection, ...]
    footer: str

    def text(self) -> str:
        """The note as text, 100 columns wide."""
        return "\n\n".join([*(section.text() for section in self.sections), self.footer])


class Writer:
    """Writes the prose of decisions for one knowledge base."""

    def __init__(self, content: Content) -> None:
        self._content = content

    # -- words -----------------------------------------------------------------------------------

    def label(self, data_type: DataType | str) -> str:
        """How the knowledge names a kind of information."""
        return self._content.data_types[DataType(data_type)].label

    def relationship(self, kind: str) -> str:
        """How the knowledge names a kind of relationship."""
        return self._content.relationships[kind].label

    def provision(self, statement: str) -> str:
        """A provision as a lawyer cites it: "Article 56(2)(b) of the Regulation [REG-56-2-B]"."""
        found = self._content.statements.get(statement)
        if found is None or found.article is None:
            return f"statement {statement}"
        document = self._content.documents[self._content.sections[found.section]]
        return f"{found.article} of {document.short or document.title} [{statement}]"

    def _cite(self, item: Relationship | InactiveRelationship) -> str:
        named = f"{item.instrument}; " if item.instrument else ""
        if item.statements:
            return f" ({named}{', '.join(item.statements)})"
        if item.source is None:
            return f" ({item.instrument})" if item.instrument else ""
        addresses = _ADDRESS.findall(item.source)
        return f" ({named}source: {', '.join(addresses) if addresses else item.source})"

    @staticmethod
    def span(earliest: date | None, certain: date | None) -> str:
        """When an uncertain relationship entered into force, in words."""
        if earliest is not None and certain is not None:
            return f"it entered into force on a day between {earliest} and {certain}"
        if earliest is not None:
            return f"it cannot have entered into force before {earliest}, and no day is known on which it was"
        if certain is not None:
            return f"it was in force by {certain}, and it is not known since when"
        return "no day is known on which it was in force"

    # -- warnings --------------------------------------------------------------------------------

    def before_established(self) -> str:
        """The warning for a day before Eurojust existed."""
        knowledge = self._content.knowledge
        return (
            f"On this day Eurojust did not exist yet: it was set up on {knowledge.established}"
            f" ({knowledge.established_source}). No exchange is allowed before that day."
        )

    def after_speaks_for(self) -> str:
        """The warning for a day after the date the knowledge speaks for."""
        return (
            f"This question is about a day after {self._content.knowledge.speaks_for}, the day this"
            " knowledge speaks for: what changed since (a new agreement or arrangement, one that ended) is"
            " not known to it. Check for later changes before relying on the answer."
        )

    def older_law(self, day: date) -> str | None:
        """The caveat for a day governed by a body of law older than the latest one (None on other days)."""
        laws = self._content.knowledge.laws
        found = next((law for law in laws if law.applies(day)), None)
        if found is None or found is laws[-1]:
            return None
        latest = laws[-1]
        return (
            f"On {day} Eurojust's exchanges were governed by {found.title} (from {found.valid_from} to"
            f" {found.valid_until}) [{', '.join(found.statements)}], not by {latest.title}, which applies"
            f" from {latest.valid_from}: every answer of that day follows the older law, and what its text"
            " leaves open is not allowed here."
        )

    def rule_not_in_force(self, rule: Rule) -> str:
        """The warning for a decision that a rule not yet in force would change."""
        cited = ", ".join(rule.statements)
        return (
            f"Rule {rule.id} ({rule.title}) applies only from {rule.valid_from} [{cited}]: the provision it"
            " encodes did not apply yet on this day, so the exchange is not allowed on this day."
        )

    def law(self, where: Situation) -> str:
        """Which body of law the decision follows, in words (nothing before Eurojust existed)."""
        knowledge = self._content.knowledge
        if where.period.sample() < knowledge.established or not knowledge.laws:
            return ""
        found = next((law for law in knowledge.laws if law.id == where.law), None)
        if found is None:
            return " No body of law this knowledge models governed exchanges on this day."
        until = f" to {found.valid_until}" if found.valid_until is not None else ""
        cited = ", ".join(found.statements)
        return f" The law of this day: {found.title} (from {found.valid_from}{until}) [{cited}]."

    def uncertain_withheld(self, where: Situation, relationship: Relationship) -> str:
        """The warning for a decision that an uncertain relationship would allow."""
        return (
            f"{where.partner}'s {self.relationship(relationship.kind)}{self._cite(relationship)} may already"
            f" have been in force on this day, but the date is uncertain"
            f" ({self.span(relationship.earliest, relationship.valid_from)}). Until it is certain it counts"
            " as not in force and grants nothing; were it in force, the exchange would be allowed."
        )

    def uncertain_applied(self, where: Situation, relationship: Relationship) -> str:
        """The warning for a decision made stricter by an uncertain relationship."""
        return (
            f"{where.partner}'s {self.relationship(relationship.kind)}{self._cite(relationship)} may already"
            f" be in force on this day ({self.span(relationship.earliest, relationship.valid_from)}): what"
            " it excludes is applied, to be safe."
        )

    def answers_for(self, partner: str, day: date, decisions: Sequence[Decision]) -> str:
        """What a partner's decisions on ``day`` are, in a sentence: derived from them, never assumed."""
        by_outcome: dict[Outcome, list[Decision]] = {}
        for decision in decisions:
            by_outcome.setdefault(decision.outcome, []).append(decision)
        parts = []
        for outcome in (Outcome.ALLOWED, Outcome.PROHIBITED, Outcome.NO_BASIS):
            found = by_outcome.get(outcome, [])
            if not found:
                continue
            named = [self.label(d.data_type) for d in found]
            labels = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
            if outcome is Outcome.ALLOWED:
                bases = dict.fromkeys(b for d in found for b in d.bases)
                on = f" on {listing([self.provision(b) for b in bases])}" if bases else ""
                parts.append(f"{labels} may be exchanged{on}")
            elif outcome is Outcome.PROHIBITED:
                parts.append(f"{labels} may not be exchanged (a rule excludes it)")
            else:
                parts.append(f"{labels} {'has' if len(found) == 1 else 'have'} no basis")
        return f"On {day}, with {partner}: {'; '.join(parts)}." if parts else ""

    # -- the explanation -------------------------------------------------------------------------

    def explanation(
        self,
        where: Situation,
        data_type: DataType,
        outcome: Outcome,
        *,
        reasons: Sequence[Reason],
        conditions: Sequence[Condition],
        routes: Sequence[Route],
        bases: Sequence[str],
        inactive: Sequence[InactiveRelationship] = (),
    ) -> str:
        """A decision's explanation: the answer first, then why, then what else the reader must know."""
        label = self.label(data_type)
        if outcome is Outcome.ALLOWED:
            provided = listing([c.text for c in conditions])
            text = f"Allowed, provided that {provided}." if conditions else "Allowed."
            if bases:
                named = listing([self.provision(basis) for basis in bases])
                text += f" {'Bases, each sufficient' if len(bases) > 1 else 'Basis'}: {named}."
            text += "".join(
                " " + self._because(where, data_type, r) for r in reasons if r.effect is Effect.PERMIT
            )
            unused = [r for r in reasons if r.effect is Effect.NOT_A_BASIS]
            if unused:
                text += " Not a basis, but it does not stand in the way: " + " ".join(
                    self._because(where, data_type, r) for r in unused
                )
        elif outcome is Outcome.PROHIBITED:
            deciding = [r for r in reasons if r.effect is Effect.PROHIBIT]
            overridden = [r for r in reasons if r.effect is not Effect.PROHIBIT]
            text = "Prohibited: " + " ".join(self._because(where, data_type, r) for r in deciding)
            if overridden:
                text += " This exclusion prevails over what would otherwise permit it: " + " ".join(
                    self._because(where, data_type, r) for r in overridden
                )
        else:
            text = f"Not allowed: there is no basis for exchanging {label} with {where.partner}."
            text += "".join(" " + self._because(where, data_type, r) for r in reasons)
            if where.active:
                held = " and ".join(article(self.relationship(k)) for k in where.active)
                text += f" No rule in force gives a basis for it to a partner with {held}."
            else:
                text += (
                    " No rule in force gives it a basis, and it has no relationship with Eurojust in force."
                )
            if routes:
                text += (
                    " What remains, case by case and never as a standing basis (each transfer assessed"
                    " and documented): "
                    + listing(
                        [f"{route.title} [{route.rule}; {', '.join(route.statements)}]" for route in routes]
                    )
                    + "."
                )
        note = self._content.data_types[data_type].note
        if note:
            text += f" {note}"
        return text + self._dormant(where, inactive) + self.law(where) + self._period(where)

    def _has(self, where: Situation, kinds: Iterable[str]) -> str:
        held = {**where.active, **where.uncertain}
        parts = []
        for kind in kinds:
            text = article(self.relationship(kind))
            if kind in held:
                text += self._cite(held[kind])
            if kind in where.uncertain:
                text += ", which may not yet be in force"
            elif kind in where.provisional:
                text += (
                    f", applied provisionally since {held[kind].provisional} and not yet in force"
                    f" ({dates_text(held[kind])})"
                )
            parts.append(text)
        return f"{where.partner} has " + " and ".join(parts) + "."

    def _because(self, where: Situation, data_type: DataType, reason: Reason) -> str:
        text = f"{self._has(where, reason.relationships)} " if reason.relationships else ""
        text += f"{reason.explanation.rstrip('.')} [{reason.rule}; {', '.join(reason.statements)}]"
        if reason.status is RuleStatus.INTERPRETATION:
            text += " (an interpretation)"
        text += "."
        if reason.via is not None:
            part = self.label(data_type)
            whole = self._content.data_types[reason.via]
            text += f" {part[:1].upper()}{part[1:]} is part of {whole.label} [{', '.join(whole.statements)}]."
        return text

    def _dormant(self, where: Situation, inactive: Sequence[InactiveRelationship]) -> str:
        notes = []
        for item in inactive:
            label = self.relationship(item.kind)
            signed = f"; signed {item.signed}" if item.signed else ""
            if item.status == "no_longer_in_force":
                state = f"no longer in force after {item.valid_until}{signed}"
            elif item.status == "uncertain":
                state = (
                    f"its date of entry into force is uncertain: {self.span(item.earliest, item.valid_from)}"
                )
            elif item.earliest is not None:
                state = f"not in force before {item.earliest}{signed}"
            else:
                state = f"not in force{signed}"
            notes.append(
                f" {where.partner}'s {label}{self._cite(item)} grants nothing in this period ({state})."
            )
        return "".join(notes)

    def _period(self, where: Situation) -> str:
        return (
            " " + self.period(where.period.first, where.period.last)
            if where.period.first or where.period.last
            else ""
        )

    def period(self, first: date | None, last: date | None) -> str:
        """What the period of an answer is, in words: the days it holds for, and why it starts or ends there.

        A period is where nothing the answer depends on changes; it is not the day a basis began.
        """
        speaks_for = self._content.knowledge.speaks_for
        if first is not None and first == speaks_for + _ONE_DAY:
            return (
                f"This answer holds for every day from {first}: those days come after {speaks_for}, the"
                " date the knowledge speaks for, and changes after that date are not known to it."
            )
        span = (
            f"from {first} to {last}" if first and last else f"from {first} on" if first else f"until {last}"
        )
        text = (
            f"This answer is the same for every day {span}, the period in which the partner's relationships,"
            " the rules and the law it rests on stay as they are (not the day a basis began)"
        )
        if last == speaks_for:
            text += (
                f"; {last} is the date the knowledge speaks for, and later days are answered with a warning"
            )
        return text + "."

    # -- the legal note --------------------------------------------------------------------------

    def legal_note(
        self,
        decision: Decision,
        day: date,
        relationships: Mapping[str, Relationship],
        permitting: Sequence[frozenset[str]],
    ) -> LegalNote:
        """The decision on ``day`` as a short legal note, most needed first.

        The answer in one sentence a prosecutor can act on, the legal basis in words, the warnings, the
        period the answer holds for, the law of the day, the conditions, the routes, the reasoning and the
        sources. ``relationships`` are the partner's relationships by kind; ``permitting`` the sets of
        relationships that would give a basis for the kind of information (read from the compiled rules).
        """
        label = self.label(decision.data_type)
        sections = [
            NoteSection(
                "question", "Question", (f"May Eurojust exchange {label} with {decision.partner} on {day}?",)
            ),
            NoteSection("answer", "Answer", (self.answer(decision, day),)),
        ]
        if decision.bases:
            heading = "Legal basis" if len(decision.bases) == 1 else "Legal bases (each sufficient)"
            sections.append(
                NoteSection("basis", heading, self.bases_in_words(decision, relationships), "bulleted")
            )
        if decision.warnings:
            sections.append(NoteSection("warnings", "Warnings", decision.warnings, "bulleted"))
        if decision.valid_from or decision.valid_until:
            text = self.period(decision.valid_from, decision.valid_until)
            sections.append(NoteSection("period", "Period of this answer", (text,)))
        found = next((law for law in self._content.knowledge.laws if law.id == decision.law), None)
        if found is not None:
            until = f" to {found.valid_until}" if found.valid_until is not None else ""
            text = f"{found.title} (from {found.valid_from}{until}) [{', '.join(found.statements)}]"
            sections.append(NoteSection("law", "The law of that day", (text,)))
        if decision.conditions:
            conditions = tuple(f"{c.text} [{c.id}; {', '.join(c.statements)}]" for c in decision.conditions)
            sections.append(
                NoteSection("conditions", "Conditions (each must be met)", conditions, "numbered")
            )
        if decision.routes:
            heading = "What remains, case by case (not a standing basis; assess and document each transfer)"
            routes = tuple(
                f"{r.title}. {r.explanation} [{r.rule}; {', '.join(r.statements)}]" for r in decision.routes
            )
            sections.append(NoteSection("routes", heading, routes, "numbered"))
        steps = (
            *self._facts(decision, relationships),
            *self._rules(decision, label),
            *self._closing(decision, label, permitting),
        )
        sections.append(NoteSection("reasoning", "Reasoning", steps, "numbered"))
        sources = self._sources(decision, relationships)
        if sources:
            sections.append(NoteSection("sources", "Sources (paraphrased)", sources, "hanging"))
        footer = (
            f"Knowledge {decision.knowledge_version}, describing the situation on"
            f" {self._content.knowledge.speaks_for}."
        )
        return LegalNote(tuple(sections), footer)

    def _sources(self, decision: Decision, relationships: Mapping[str, Relationship]) -> tuple[str, ...]:
        cited = [*decision.statements, *(s for item in decision.inactive for s in item.statements)]
        cited += [s for kind in decision.relationships for s in relationships[kind].statements]
        order = list(self._content.statements)
        sources = []
        for ident in sorted(dict.fromkeys(cited), key=order.index):
            statement = self._content.statements[ident]
            where = f" ({statement.article}, {statement.address})" if statement.article else ""
            sources.append(f"{ident}: {statement.paraphrase}{where}")
        return tuple(sources)

    def basis_in_words(
        self, decision: Decision, basis: str, relationships: Mapping[str, Relationship]
    ) -> str:
        """One basis as people name it: "Article 56(2)(c) - international agreement ... (its name)"."""
        found = self._content.statements.get(basis)
        article_of = found.article if found is not None and found.article else basis
        permits = [r for r in decision.reasons if r.effect is Effect.PERMIT and r.basis == basis]
        kinds = list(dict.fromkeys(kind for r in permits for kind in r.relationships))
        if not kinds:
            what = permits[0].title if permits else self.provision(basis)
            return f"{article_of} - {what[:1].lower()}{what[1:]}"
        named = []
        for kind in kinds:
            text = self.relationship(kind)
            instrument = relationships[kind].instrument if kind in relationships else None
            if instrument:
                text += f" ({instrument})"
            if kind in decision.provisional:
                text += ", applied provisionally, not yet in force"
            named.append(text)
        return f"{article_of} - {' and '.join(named)}"

    def bases_in_words(
        self, decision: Decision, relationships: Mapping[str, Relationship]
    ) -> tuple[str, ...]:
        """Every basis of an allowed decision in words, the first one first."""
        return tuple(self.basis_in_words(decision, basis, relationships) for basis in decision.bases)

    def answer(self, decision: Decision, day: date) -> str:
        """The answer in one sentence a prosecutor can act on."""
        label = self.label(decision.data_type)
        what = f"{label} to {decision.partner} on {day}"
        if decision.outcome is Outcome.ALLOWED:
            count = len(decision.conditions)
            if not count:
                return f"Yes: you may send {what}."
            each = (
                "the condition below is met" if count == 1 else f"each of the {count} conditions below is met"
            )
            return f"Yes: you may send {what}, provided that {each}."
        if decision.outcome is Outcome.PROHIBITED:
            return f"No: do not send {what}; a rule excludes it."
        if decision.routes:
            return (
                f"No: do not send {what} as a matter of routine; only a case-by-case route below, assessed"
                " and documented (usually with the data-protection officer), can allow a transfer."
            )
        return f"No: do not send {what}; there is no legal basis for it."

    def _facts(self, decision: Decision, relationships: Mapping[str, Relationship]) -> Iterable[str]:
        for kind in decision.relationships:
            relationship = relationships[kind]
            cited = ", ".join(relationship.statements) or "a public source"
            named = f", the {relationship.instrument}" if relationship.instrument else ""
            yield (
                f"{decision.partner} has {article(self.relationship(kind))}{named} ({cited};"
                f" {dates_text(relationship)})."
            )
        if not decision.relationships:
            yield f"{decision.partner} has no relationship with Eurojust in force on that date."
        for item in decision.inactive:
            state = {
                "not_yet_in_force": "is not yet in force",
                "no_longer_in_force": "is no longer in force",
                "uncertain": f"may or may not be in force yet ({self.span(item.earliest, item.valid_from)})",
            }[item.status]
            dates = dates_text(relationships[item.kind]) if item.kind in relationships else ""
            yield (
                f"Its {self.relationship(item.kind)} {state}{f' ({dates})' if dates else ''},"
                " so it grants nothing."
            )

    def _rules(self, decision: Decision, label: str) -> Iterable[str]:
        rules = {rule.id: rule for rule in self._content.rules}
        for reason in decision.reasons:
            rule = rules[reason.rule]
            status = "stated by its sources" if rule.status is RuleStatus.STATED else "an interpretation"
            text = f"Rule {rule.id} ({status}; {', '.join(rule.statements)}): {rule.explanation}"
            if rule.why:
                text += f" Why this reading: {rule.why}"
            if rule.scope:
                text += f" Scope: {rule.scope}"
            if reason.via is not None:
                whole = self._content.data_types[reason.via]
                cited = ", ".join(whole.statements)
                text += f" {label[:1].upper()}{label[1:]} is part of {whole.label} ({cited})."
            yield text

    def _closing(self, decision: Decision, label: str, permitting: Sequence[frozenset[str]]) -> Iterable[str]:
        if decision.outcome is Outcome.PROHIBITED and any(
            r.effect is Effect.PERMIT for r in decision.reasons
        ):
            yield "An explicit exclusion prevails over any permission for the same information."
        if decision.outcome is Outcome.NO_BASIS:
            options = [
                " and ".join(article(self.relationship(kind)) for kind in sorted(needed))
                for needed in permitting
                if needed
            ]
            if options:
                yield (
                    f"A standing basis for {label} needs {listing(options, 'or')} in force (with the rules in"
                    " force), and there is none."
                )
            note = self._content.data_types[decision.data_type].note
            if note:
                yield note
            yield "Without a legal basis the exchange is not allowed."
