"""Steps about partners: who they are, how they are named, and the relationships they have with Eurojust."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from sharing_rules import (
    DataType,
    KnowledgeBaseError,
    NotAThirdCountryError,
    PartnerKind,
    SharingRulesError,
    Standing,
    UnknownPartnerError,
    default_knowledge,
)
from tests.steps.situation import (
    DATING,
    DAY,
    Situation,
    a_day,
    amended_knowledge,
    amendment_directory,
    given_relationship,
    kind_of_information,
    listed,
    relationship_kind,
    relationship_label,
)

_RELATIONSHIP = r"(?P<relationship>(?:a|an) [^\"]+?)"
"""A relationship as the features write it: its label after "a" or "an"."""


# -- Given ---------------------------------------------------------------------------------------------


@given("the partners the source names")
def the_partners_the_source_names(situation: Situation) -> None:
    """The scenario speaks about the partners of the shipped knowledge."""
    assert default_knowledge().partners, "the shipped knowledge names no partner"
    situation.partner = None


@given(parsers.parse('"{name}", a partner the source names'))
def a_partner_the_source_names(situation: Situation, name: str) -> None:
    """The scenario is about a partner of the shipped knowledge, named as the source names it."""
    partner = default_knowledge().partner(name)  # the scenario may still add partners or change rules
    assert partner.name == name, f"{name!r} is known as {partner.name!r}: write the name the source uses"
    situation.partner = partner.name


@given(parsers.parse('"{name}", a country the source does not name'))
def a_country_the_source_does_not_name(situation: Situation, name: str) -> None:
    """The scenario is about a real country that is no partner in the shipped knowledge."""
    try:
        default_knowledge().partner(name)
    except UnknownPartnerError:
        pass
    else:
        raise AssertionError(f"{name} is a partner the source names")
    situation.partner = name


@given(parsers.re(r'"(?P<name>[^"]+)", a partner (?:that other public sources name|the knowledge names)'))
def a_partner_the_knowledge_names(situation: Situation, name: str) -> None:
    """The scenario is about a partner of the shipped knowledge, named by the page or by another source."""
    partner = default_knowledge().partner(name)
    assert partner.name == name, f"{name!r} is known as {partner.name!r}: write the name the knowledge uses"
    situation.partner = partner.name


@given(parsers.re(r'"(?P<name>[^"]+)", a partner added by the amendment in "(?P<amendment>[^"]+)"'))
def a_partner_an_amendment_adds(situation: Situation, name: str, amendment: str) -> None:
    """The scenario is about a partner the source does not name, added by an amendment loaded on top."""
    directory = amendment_directory(amendment)
    try:
        default_knowledge().partner(name)
    except UnknownPartnerError:
        pass
    else:
        raise AssertionError(f"{name} is a partner the source names, not one the amendment adds")
    partner = amended_knowledge((directory,)).partner(name)
    assert partner.name == name, f"{name!r} is known as {partner.name!r}: write the name the amendment uses"
    situation.amend(directory)
    situation.partner = partner.name


@given(parsers.re(rf'a partner "(?P<name>[^"]+)" with {_RELATIONSHIP}{DATING}?'))
def a_partner_with(situation: Situation, name: str, relationship: str, dating: str | None) -> None:
    """A partner of the scenario's own, with one relationship, in force when the scenario says (or always)."""
    situation.give_partner(name, (given_relationship(relationship, dating),))


@given(parsers.parse('a partner "{name}" that has no relationship with Eurojust'))
def a_partner_without_relationship(situation: Situation, name: str) -> None:
    """A partner of the scenario's own, with no relationship at all."""
    situation.give_partner(name, ())


@given(parsers.re(rf"it also has {_RELATIONSHIP}{DATING}?"))
def it_also_has(situation: Situation, relationship: str, dating: str | None) -> None:
    """The scenario's own partner has one more relationship, in force when the scenario says (or always)."""
    situation.add_relationship(given_relationship(relationship, dating))


@given(
    parsers.re(
        rf"it was a Member State of the EU until (?P<until>{DAY})"
        rf"(?:, with a transition period until (?P<transition>{DAY}))?"
    )
)
def it_was_a_member_state(situation: Situation, until: str, transition: str | None) -> None:
    """The scenario's own partner left the Union after ``until``; Union law applied until ``transition``."""
    situation.withdraw(date.fromisoformat(until), date.fromisoformat(transition) if transition else None)


# -- When ----------------------------------------------------------------------------------------------


@when("Eurojust loads the knowledge")
def load_the_knowledge(situation: Situation) -> None:
    """Load the scenario's knowledge; a refusal is kept for the Then steps."""
    try:
        situation.knowledge  # noqa: B018  # loading is the point
    except SharingRulesError as error:
        situation.refusal = error


@then(parsers.parse('the knowledge is refused, naming "{entry}"'))
def knowledge_refused(situation: Situation, entry: str) -> None:
    """The load failed with a KnowledgeBaseError that names the entry and says how to mend it."""
    refusal = situation.refused(KnowledgeBaseError)
    assert isinstance(refusal, KnowledgeBaseError)
    assert refusal.entry == entry, f"it names {refusal.entry!r}"
    assert "To fix:" in str(refusal), str(refusal)


@when("Eurojust looks at how it cooperates with it")
def look_at_cooperation(situation: Situation) -> None:
    """Look up the partner the scenario is about, with its relationships."""
    situation.record = situation.knowledge.partner(situation.about())


@when(parsers.re(rf"Eurojust lists the partners with {_RELATIONSHIP}"))
def list_partners_with(situation: Situation, relationship: str) -> None:
    """List the partners that have one kind of relationship."""
    kind = relationship_kind(relationship)
    day = situation.page_day
    situation.listed = tuple(p for p in situation.knowledge.partners if kind in p.relationships_on(day))


@when("Eurojust lists every partner the source names")
def list_every_partner(situation: Situation) -> None:
    """List every partner the page names (the knowledge also holds partners other public sources name)."""
    situation.listed = tuple(
        p for p in situation.knowledge.partners if any(r.statements for r in p.relationships)
    )


@when(parsers.re(rf"Eurojust considers every partner on (?P<day>{DAY})"))
def consider_every_partner(situation: Situation, day: str) -> None:
    """Look at every partner's relationships on one day."""
    situation.on_day = a_day(day)
    situation.listed = situation.knowledge.partners


# -- Then ----------------------------------------------------------------------------------------------


def _standings(situation: Situation) -> list[tuple[str, str, Standing]]:
    day = situation.on_day
    assert day is not None, "no step has named the day to look at"
    return [(p.name, r.kind, r.standing(day)) for p in situation.listed for r in p.relationships]


def _may_receive(situation: Situation, kind: str) -> dict[str, bool]:
    """Each listed partner: may the kind go to it on the day looked at (a refused question: no)."""
    day = situation.on_day
    assert day is not None, "no step has named the day to look at"
    found = {}
    for partner in situation.listed:
        try:
            found[partner.name] = situation.knowledge.decide(
                partner.name, kind_of_information(kind), day
            ).allowed
        except NotAThirdCountryError:
            found[partner.name] = False
    return found


@then(parsers.re(r"only these partners may receive (?P<kind>.+) that day: (?P<names>.+)"))
def only_these_receive(situation: Situation, kind: str, names: str) -> None:
    """Exactly the partners named are allowed the kind on that day."""
    allowed = {name for name, yes in _may_receive(situation, kind).items() if yes}
    expected = set() if names.strip() == "none" else set(listed(names))
    assert allowed == expected, f"allowed to: {sorted(allowed)}"


@then(parsers.re(r"every partner may receive (?P<kind>.+) that day, except (?P<names>.+)"))
def every_partner_receives(situation: Situation, kind: str, names: str) -> None:
    """Every partner but those named is allowed the kind on that day."""
    refused = {name for name, yes in _may_receive(situation, kind).items() if not yes}
    assert refused == set(listed(names)), f"not allowed to: {sorted(refused)}"


@then(parsers.re(r'every decision that day follows the law "(?P<title>[^"]+)"'))
def every_decision_follows(situation: Situation, title: str) -> None:
    """Every partner's decisions on the day were reached under that body of law (a refusal has none)."""
    day = situation.on_day
    assert day is not None, "no step has named the day to look at"
    law = next((law for law in situation.knowledge.laws if title in law.title), None)
    assert law is not None, f"no law is titled {title!r}"
    for partner in situation.listed:
        try:
            decision = situation.knowledge.decide(partner.name, DataType.STRATEGIC, day)
        except NotAThirdCountryError:
            continue
        assert decision.law == law.id, f"{partner.name} follows {decision.law}"


@then("no relationship of any partner is uncertain on that day")
def none_uncertain(situation: Situation) -> None:
    """Not one relationship of any partner may possibly be in force on the day."""
    doubtful = [f"{name}: {kind}" for name, kind, at in _standings(situation) if at is Standing.UNCERTAIN]
    assert not doubtful, f"uncertain on {situation.on_day}: {', '.join(doubtful)}"


@then("no relationship of any partner that concerns Eurojust is in force on that day")
def none_in_force(situation: Situation) -> None:
    """Only the acts that exist apart from Eurojust (adequacy decisions) may be older than Eurojust."""
    kinds = situation.knowledge.relationship_kinds
    found = [
        f"{name}: {kind}"
        for name, kind, at in _standings(situation)
        if at is Standing.IN_FORCE and not kinds[kind].apart_from_eurojust
    ]
    assert not found, f"in force on {situation.on_day}: {', '.join(found)}"


@then(parsers.re(rf"it has {_RELATIONSHIP} according to statement (?P<statement>[A-Z]+-\d+)"))
def it_has_according_to(situation: Situation, relationship: str, statement: str) -> None:
    """The partner has the relationship, and the knowledge cites the statement that gives it."""
    record = situation.record
    assert record is not None, "no step has looked at the partner's cooperation"
    kind = relationship_kind(relationship)
    held = {r.kind: r.statements for r in record.relationships}
    assert kind in held, (
        f"{record.name} has no {relationship_label(kind)}; it has {sorted(held) or 'nothing'}"
    )
    assert statement in held[kind], (
        f"{record.name}'s {relationship_label(kind)} cites {held[kind]}, not {statement}"
    )


@then(parsers.parse("it has no {label}"))
def it_has_no(situation: Situation, label: str) -> None:
    """The partner lacks the relationship."""
    record = situation.record
    assert record is not None, "no step has looked at the partner's cooperation"
    kind = relationship_kind(label)
    assert kind not in record.relationship_kinds, f"{record.name} has a {label}"


@then(parsers.re(rf"it has {_RELATIONSHIP}, with the public source that names it"))
def it_has_from_a_source(situation: Situation, relationship: str) -> None:
    """The partner has the relationship, and the knowledge gives the address of the source that names it."""
    record = situation.record
    assert record is not None, "no step has looked at the partner's cooperation"
    kind = relationship_kind(relationship)
    found = [r for r in record.relationships if r.kind == kind]
    assert found, f"{record.name} has no {relationship_label(kind)}"
    assert "http" in (found[0].source or ""), f"no address in {found[0].source!r}"


@then(parsers.re(rf"none of them has {_RELATIONSHIP} according to the page"))
def none_has_on_the_pages_word(situation: Situation, relationship: str) -> None:
    """No listed partner holds the relationship citing a statement of the page."""
    kind = relationship_kind(relationship)
    cited = [p.name for p in situation.listed for r in p.relationships if r.kind == kind and r.statements]
    assert not cited, f"{', '.join(cited)} cite the page for a {relationship_label(kind)}"


@then(parsers.parse("there are {count:d} of them"))
def there_are(situation: Situation, count: int) -> None:
    """The list has exactly this many partners."""
    names = [p.name for p in situation.listed]
    assert len(names) == count, f"{len(names)} partners, not {count}: {', '.join(names) or 'none'}"


@then(parsers.parse("there are fewer than {count:d} of them"))
def there_are_fewer_than(situation: Situation, count: int) -> None:
    """The list has fewer partners than this."""
    assert len(situation.listed) < count, f"{len(situation.listed)} partners, not fewer than {count}"


@then("each of them is a country outside the EU")
def each_is_a_third_country(situation: Situation) -> None:
    """Every listed partner is a country, and none is a Member State of the EU."""
    assert situation.listed, "the list is empty"
    for partner in situation.listed:
        assert partner.kind is PartnerKind.COUNTRY, f"{partner.name} is an {partner.kind.value}"
        try:  # a Member State's code would be refused as not a third country
            found = situation.knowledge.partner(partner.iso_alpha2 or "")
        except SharingRulesError as error:
            raise AssertionError(f"{partner.name} is not recognised as a partner: {error}") from error
        assert found.name == partner.name, f"{partner.iso_alpha2} means {found.name}, not {partner.name}"


@then(parsers.re(r"(?P<count>\d+) of them (?:is an organisation|are organisations)"))
def organisations(situation: Situation, count: str) -> None:
    """So many of the listed partners are organisations (networks or associations), not countries."""
    found = [p.name for p in situation.listed if p.kind is PartnerKind.ORGANISATION]
    assert len(found) == int(count), f"{len(found)} organisations, not {count}: {', '.join(found) or 'none'}"


@then(parsers.re(r"(?P<count>\d+) of them (?:is a country|are countries)"))
def countries(situation: Situation, count: str) -> None:
    """So many of the listed partners are countries."""
    found = [p.name for p in situation.listed if p.kind is PartnerKind.COUNTRY]
    assert len(found) == int(count), f"{len(found)} countries, not {count}: {', '.join(found) or 'none'}"
