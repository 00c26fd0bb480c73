"""Steps about decisions: the questions asked and the answers given.

What is decided, on which basis, and which rules and statements are cited; and the questions that are
refused instead of answered. A question is asked as of the day the page speaks for, unless the scenario
names a day ("Eurojust asks on 2029-12-31 whether ...").
"""

from __future__ import annotations

import re

from pytest_bdd import parsers, then, when

from sharing_rules import (
    DataType,
    Decision,
    Effect,
    NotAThirdCountryError,
    Outcome,
    RuleStatus,
    SharingRulesError,
    UnknownDataTypeError,
    UnknownPartnerError,
)
from tests.steps.situation import DAY, Situation, a_day, kind_of_information, listed, relationship_kind

_KIND = r"(?P<kind>[^\"]+?)"
"""A kind of information as the features write it: its label ("operational personal data")."""

_ON = rf"(?: on (?P<day>{DAY}))?"
"""The day a question is asked about, when the scenario names one."""

_IDS = r"(?P<ids>[A-Z][A-Z0-9-]*(?:(?:, | and )[A-Z][A-Z0-9-]*)*)"
"""Rule or statement ids, one or a list: "WA-2", "AGR-1 and AGR-2", "AGR-1, WA-2 and AGR-2"."""


_DECIDING = {
    Outcome.PROHIBITED: Effect.PROHIBIT,
    Outcome.ALLOWED: Effect.PERMIT,
    Outcome.NO_BASIS: Effect.NOT_A_BASIS,
}


def _deciding(decision: Decision) -> list[str]:
    """The rules that decided: prohibitions, permissions, or (without a basis) rules that are no basis."""
    effect = _DECIDING[decision.outcome]
    return [reason.rule for reason in decision.reasons if reason.effect is effect]


def _outcome(decision: Decision, expected: Outcome) -> None:
    assert decision.outcome is expected, (
        f"{decision.partner}, {decision.data_type.value}: {decision.outcome.value}, not {expected.value}."
        f" {decision.explanation}"
    )
    assert decision.allowed is (expected is Outcome.ALLOWED)


# -- When ----------------------------------------------------------------------------------------------


@when(parsers.re(rf"Eurojust asks{_ON} whether it may share {_KIND} with it"))
def ask_about_it(situation: Situation, kind: str, day: str | None) -> None:
    """Ask about one kind of information and the partner the scenario is about, on a day or by default."""
    situation.ask(situation.about(), kind_of_information(kind), a_day(day) if day else None)


@when(parsers.re(rf'Eurojust asks{_ON} whether it may share {_KIND} with "(?P<name>[^"]+)"'))
def ask_about_named(situation: Situation, kind: str, name: str, day: str | None) -> None:
    """Ask about one kind of information and a partner named as a person would type it."""
    situation.ask(name, kind_of_information(kind), a_day(day) if day else None)


@when(
    parsers.re(
        r'Eurojust asks whether it may share information described as "(?P<words>[^"]*)"'
        r' with "(?P<name>[^"]+)"'
    )
)
def ask_in_own_words(situation: Situation, words: str, name: str) -> None:
    """Ask about a kind of information written as a person would type it."""
    situation.ask(name, words)


@when(parsers.re(rf"Eurojust considers{_ON} what it may share with it"))
def consider_everything(situation: Situation, day: str | None) -> None:
    """Ask about every kind of information, for the partner the scenario is about, on a day or by default."""
    situation.consider(situation.about(), a_day(day) if day else None)


# -- Then: the outcome ---------------------------------------------------------------------------------


@then("the exchange is allowed")
def is_allowed(situation: Situation) -> None:
    """Allowed: a rule permits the exchange and none excludes it."""
    _outcome(situation.answer(), Outcome.ALLOWED)


@then("the exchange is prohibited")
def is_prohibited(situation: Situation) -> None:
    """Prohibited: a rule excludes the exchange, whatever else permits it."""
    _outcome(situation.answer(), Outcome.PROHIBITED)


@then("the exchange is not allowed, for lack of a basis")
def has_no_basis(situation: Situation) -> None:
    """No basis: no rule permits the exchange, so it is not allowed."""
    decision = situation.answer()
    _outcome(decision, Outcome.NO_BASIS)
    assert decision.basis is None


@then(parsers.re(r"its basis is the (?P<relationship>.+)"))
def basis_is(situation: Situation, relationship: str) -> None:
    """The partner's relationship that the permission rests on (its instrument)."""
    decision = situation.answer()
    assert relationship_kind(relationship) in decision.instruments, f"it rests on {decision.instruments}"


_DOCUMENTS = {
    "REG": "the Regulation",
    "EUDPR": "Regulation (EU) 2018/1725",
    "DEC": "the Decision of 2002",
    "DECAM": "the Decision as amended in 2009",
}
"""How the features name the document of a provision, by the section of the statement."""


def _provision(situation: Situation, statement: str) -> str:
    """A provision as the features name it: "Article 56(2)(b) of the Regulation"."""
    found = situation.knowledge.statements[statement]
    return f"{found.article} of {_DOCUMENTS.get(found.section, found.section)}"


@then(
    parsers.re(
        r"it rests on (?P<provision>Article \S+ of (?:the Regulation|Regulation \(EU\) 2018/1725"
        r"|the Decision of 2002|the Decision as amended in 2009))"
        r"(?P<alone>, and on nothing else|, through its (?P<through>.+) only)?"
    )
)
def rests_on_article(situation: Situation, provision: str, alone: str | None, through: str | None) -> None:
    """A provision the permission rests on.

    "and on nothing else": its only basis, and no instrument of the partner either; "through its X only":
    its only basis, through that one instrument.
    """
    decision = situation.answer()
    _outcome(decision, Outcome.ALLOWED)
    named = {_provision(situation, basis): basis for basis in decision.bases}
    assert provision in named, f"it rests on {', '.join(named)} ({decision.bases})"
    article = situation.knowledge.statements[named[provision]].article
    assert article is not None, f"{named[provision]} names no article"
    assert article in decision.explanation, decision.explanation
    if alone:
        assert decision.bases == (named[provision],), f"it also rests on {decision.bases}"
        expected = (_instrument(situation, through),) if through else ()
        assert decision.instruments == expected, f"it rests on {decision.instruments}"


def _instrument(situation: Situation, words: str) -> str:
    """A partner's instrument named in short ("Union agreement") or by its label."""
    short = {"Union agreement": "union_agreement"}
    return short.get(words) or relationship_kind(words)


@then(parsers.re(r'the decision follows the law of that day, "(?P<title>[^"]+)"'))
def follows_the_law(situation: Situation, title: str) -> None:
    """The body of law the decision was reached under, named in the decision and its explanation."""
    decision = situation.answer()
    laws = {law.id: law for law in situation.knowledge.laws}
    assert decision.law in laws, f"it follows {decision.law!r}"
    assert title in laws[decision.law].title, f"it follows {laws[decision.law].title!r}"
    assert "The law of this day: " in decision.explanation, decision.explanation


@then(parsers.re(rf"its bases, each sufficient, are {_IDS}"))
def bases_are(situation: Situation, ids: str) -> None:
    """Every provision the permission rests on, in order, and the explanation names each."""
    decision = situation.answer()
    _outcome(decision, Outcome.ALLOWED)
    assert decision.bases == listed(ids), f"its bases are {decision.bases}"
    assert decision.basis == decision.bases[0]
    assert "Bases, each sufficient:" in decision.explanation, decision.explanation


@then(parsers.re(r"the decision says its (?P<relationship>.+) is applied provisionally, not yet in force"))
def applied_provisionally(situation: Situation, relationship: str) -> None:
    """The instrument grants by provisional application only, and the decision says so."""
    decision = situation.answer()
    kind = relationship_kind(relationship)
    assert kind in decision.provisional, f"provisionally applied: {decision.provisional}"
    assert "applied provisionally since" in decision.explanation, decision.explanation


@then(parsers.re(r"the decision says its (?P<relationship>.+) is in force, no longer provisionally"))
def in_force_not_provisionally(situation: Situation, relationship: str) -> None:
    """Once the instrument has entered into force, it is no longer said to apply provisionally."""
    decision = situation.answer()
    kind = relationship_kind(relationship)
    assert kind in decision.relationships, f"in force: {decision.relationships}"
    assert kind not in decision.provisional, f"provisionally applied: {decision.provisional}"
    assert "applied provisionally since" not in decision.explanation, decision.explanation


@then(parsers.re(rf"the exchange is allowed, provided that the conditions {_IDS} are met"))
def allowed_with_conditions(situation: Situation, ids: str) -> None:
    """Allowed, with exactly these conditions, which the explanation spells out first."""
    decision = situation.answer()
    _outcome(decision, Outcome.ALLOWED)
    assert [c.id for c in decision.conditions] == list(listed(ids)), [c.id for c in decision.conditions]
    assert decision.explanation.startswith("Allowed, provided that "), decision.explanation
    for condition in decision.conditions:
        assert condition.text in decision.explanation, condition.text


@then(parsers.re(r'the condition (?P<ident>[A-Z][A-Z0-9-]*) says "(?P<text>[^"]+)"'))
def condition_says(situation: Situation, ident: str, text: str) -> None:
    """A condition of the decision, in the words a reader gets."""
    decision = situation.answer()
    found = {condition.id: condition.text for condition in decision.conditions}
    assert ident in found, f"the conditions are {list(found)}"
    assert text in found[ident], found[ident]


@then(parsers.re(r'the route (?P<ident>[A-Z][A-Z0-9-]*) says "(?P<text>[^"]+)"'))
def route_says(situation: Situation, ident: str, text: str) -> None:
    """A route that remains, in the words a reader gets."""
    decision = situation.answer()
    found = {route.rule: route.explanation for route in decision.routes}
    assert ident in found, f"the routes are {list(found)}"
    assert text in found[ident], found[ident]


@then(parsers.re(rf"the routes that remain, case by case, are {_IDS}"))
def routes_remain(situation: Situation, ids: str) -> None:
    """Without a basis, these case-by-case routes are named: never as an "allowed"."""
    decision = situation.answer()
    _outcome(decision, Outcome.NO_BASIS)
    assert [r.rule for r in decision.routes] == list(listed(ids)), [r.rule for r in decision.routes]
    assert "never as a standing basis" in decision.explanation, decision.explanation


@then("no route is named")
def no_route(situation: Situation) -> None:
    """No case-by-case route is named (the exchange is allowed, or nothing remains)."""
    decision = situation.answer()
    assert decision.routes == (), [r.rule for r in decision.routes]


@then(parsers.re(r'the decision warns that "(?P<text>[^"]+)"'))
def warns(situation: Situation, text: str) -> None:
    """One of the decision's warnings says this."""
    decision = situation.answer()
    assert any(text in warning for warning in decision.warnings), decision.warnings


@then("the decision gives no warning")
def no_warning(situation: Situation) -> None:
    """The decision has nothing to warn of."""
    decision = situation.answer()
    assert decision.warnings == (), decision.warnings


@then(parsers.re(r'the explanation says "(?P<text>[^"]+)"'))
def explanation_says(situation: Situation, text: str) -> None:
    """The decision's explanation says this, in these words."""
    decision = situation.answer()
    assert text in decision.explanation, decision.explanation


# -- Then: why -----------------------------------------------------------------------------------------


@then(parsers.re(rf"the decision rests on the rules? {_IDS}"))
def rests_on(situation: Situation, ids: str) -> None:
    """Exactly these rules decided, and the explanation cites each of them."""
    decision = situation.answer()
    expected = listed(ids)
    deciding = _deciding(decision)
    assert sorted(deciding) == sorted(expected), (
        f"the decision rests on {deciding or 'no rule'}, not {list(expected)}. {decision.explanation}"
    )
    for rule in expected:
        assert rule in decision.explanation, f"the explanation does not cite {rule}: {decision.explanation}"


@then(parsers.re(rf"the decision cites the statements? {_IDS}"))
def cites_statements(situation: Situation, ids: str) -> None:
    """The decision cites each of these statements of the source."""
    decision = situation.answer()
    missing = [s for s in listed(ids) if s not in decision.statements]
    assert not missing, f"the decision cites {list(decision.statements)}, not {missing}"


@then("the decision cites no rule")
def cites_no_rule(situation: Situation) -> None:
    """Nothing permits, excludes or is expressly no basis for the exchange: no rule is among the reasons."""
    decision = situation.answer()
    assert decision.reasons == (), f"the decision cites {[r.rule for r in decision.reasons]}"


@then(parsers.re(rf"the decision notes that {_KIND} is part of (?P<whole>.+)"))
def notes_part_of(situation: Situation, kind: str, whole: str) -> None:
    """The deciding rule names the broader kind, and the decision says the kind asked about is part of it."""
    decision = situation.answer()
    part, broader = kind_of_information(kind), kind_of_information(whole)
    assert decision.data_type is part, f"the decision is about {decision.data_type.value}"
    deciding = [r for r in decision.reasons if r.rule in _deciding(decision)]
    assert deciding, "no rule decided"
    assert all(r.via is broader for r in deciding), f"reached through {[r.via for r in deciding]}"
    assert f"part of {whole}" in decision.explanation, decision.explanation


@then("the decision says its rule is an interpretation of the source")
def is_an_interpretation(situation: Situation) -> None:
    """The deciding rule is our reading of the source, and the explanation says so."""
    decision = situation.answer()
    deciding = [r for r in decision.reasons if r.rule in _deciding(decision)]
    assert deciding, "no rule decided"
    assert all(r.status is RuleStatus.INTERPRETATION for r in deciding), [r.status.value for r in deciding]
    assert "interpretation" in decision.explanation, decision.explanation


@then(
    parsers.re(
        r"the decision also cites the permission (?P<rule>[A-Z0-9-]+), which the prohibition overrides"
    )
)
def cites_overridden(situation: Situation, rule: str) -> None:
    """A prohibited exchange still shows the permission it overrides, after the prohibition."""
    decision = situation.answer()
    _outcome(decision, Outcome.PROHIBITED)
    effects = [(r.rule, r.effect) for r in decision.reasons]
    assert (rule, Effect.PERMIT) in effects, f"the decision cites {effects}"
    assert decision.reasons[0].effect is Effect.PROHIBIT, "the prohibition must come first"
    assert rule in decision.explanation, f"the explanation does not cite {rule}: {decision.explanation}"


@then(parsers.re(r"the rule (?P<rule>[A-Z0-9-]+) plays no part in the decision"))
def plays_no_part(situation: Situation, rule: str) -> None:
    """The rule is not among the decision's reasons."""
    decision = situation.answer()
    assert rule not in [r.rule for r in decision.reasons], (
        f"{rule} is among the reasons: {decision.explanation}"
    )


# -- Then: what the question was about -----------------------------------------------------------------


@then(parsers.parse('the decision is about "{partner}"'))
def is_about(situation: Situation, partner: str) -> None:
    """The name typed was recognised as this partner."""
    decision = situation.answer()
    assert decision.partner == partner, f"the decision is about {decision.partner!r}"


@then(parsers.re(rf"the decision concerns {_KIND}"))
def concerns(situation: Situation, kind: str) -> None:
    """The words typed were understood as this kind of information."""
    decision = situation.answer()
    assert decision.data_type is kind_of_information(kind), f"it concerns {decision.data_type.value}"


# -- Then: refusals ------------------------------------------------------------------------------------


@then(
    parsers.re(
        r"the question is refused because (?P<state>.+) is a Member State of the EU, not a third country"
    )
)
def refused_member_state(situation: Situation, state: str) -> None:
    """A Member State is outside the scope of exchanges with partners outside the EU."""
    refusal = situation.refused(NotAThirdCountryError)
    assert isinstance(refusal, NotAThirdCountryError)
    assert refusal.member_state == state, f"refused as {refusal.member_state}"
    assert "is an EU Member State" in str(refusal), str(refusal)


@then(parsers.re(r"the question is refused because (?P<state>.+) was a Member State of the EU on that day"))
def refused_former_member_state(situation: Situation, state: str) -> None:
    """On a day it was a Member State, a partner is outside the scope of exchanges with third countries."""
    refusal = situation.refused(NotAThirdCountryError)
    assert isinstance(refusal, NotAThirdCountryError)
    assert refusal.member_state == state, f"refused as {refusal.member_state}"
    assert f"{state} was an EU Member State" in str(refusal), str(refusal)


@then(
    parsers.re(
        r"the question is refused because Union law still applied to and in (?P<state>.+)"
        r" in its transition period"
    )
)
def refused_in_transition(situation: Situation, state: str) -> None:
    """In a former Member State's transition period, an exchange with it was no transfer outside the EU."""
    refusal = situation.refused(NotAThirdCountryError)
    assert isinstance(refusal, NotAThirdCountryError)
    assert refusal.member_state == state, f"refused as {refusal.member_state}"
    assert refusal.in_transition, str(refusal)
    assert "transition period" in str(refusal), str(refusal)


@then(parsers.re(r'the refusal says "(?P<text>[^"]+)"'))
def refusal_says(situation: Situation, text: str) -> None:
    """The refusal's message says this, in these words."""
    refusal = situation.refused(SharingRulesError)
    assert text in str(refusal), str(refusal)


@then(parsers.parse('the question is refused because no partner or country is called "{name}"'))
def refused_unknown_partner(situation: Situation, name: str) -> None:
    """A name that is no partner, no Member State and no country is refused, not answered."""
    refusal = situation.refused(UnknownPartnerError)
    assert isinstance(refusal, UnknownPartnerError)
    assert refusal.name == name, f"refused {refusal.name!r}"


@then(parsers.parse('"{name}" is suggested instead'))
def suggested(situation: Situation, name: str) -> None:
    """The refusal suggests the partner the name probably meant."""
    refusal = situation.refused(UnknownPartnerError)
    assert isinstance(refusal, UnknownPartnerError)
    assert name in refusal.suggestions, f"suggested {list(refusal.suggestions)}"
    assert f"Did you mean {name!r}" in str(refusal), str(refusal)


@then(parsers.parse('the question is refused because "{words}" is not a kind of information Eurojust knows'))
def refused_unknown_kind(situation: Situation, words: str) -> None:
    """A kind of information nobody defined is refused, not answered."""
    refusal = situation.refused(UnknownDataTypeError)
    assert isinstance(refusal, UnknownDataTypeError)
    assert refusal.value == words, f"refused {refusal.value!r}"


@then("the refusal lists every kind of information Eurojust knows")
def refusal_lists_kinds(situation: Situation) -> None:
    """The refusal says what may be asked about instead."""
    refusal = situation.refused(UnknownDataTypeError)
    assert isinstance(refusal, UnknownDataTypeError)
    assert set(refusal.valid) == {kind.value for kind in DataType}, refusal.valid
    for kind in DataType:
        assert kind.value in str(refusal), str(refusal)


# -- Then: every kind of information at once -----------------------------------------------------------


@then(parsers.re(r"these kinds of information are allowed on the basis of its (?P<relationship>.+):"))
def these_are_allowed(situation: Situation, relationship: str, datatable: list[list[str]]) -> None:
    """Each kind in the table is allowed on this basis, by the rule and citing the statements given."""
    decisions = situation.answers()
    basis = relationship_kind(relationship)
    header, *rows = datatable
    assert header == ["kind of information", "rule", "statements"], header
    for kind, rule, statements in rows:
        decision = decisions[kind_of_information(kind)]
        _outcome(decision, Outcome.ALLOWED)
        assert basis in decision.instruments, f"{kind}: it rests on {decision.instruments}"
        assert rule in _deciding(decision), f"{kind}: decided by {_deciding(decision)}, not {rule}"
        missing = [s for s in listed(statements) if s not in decision.statements]
        assert not missing, f"{kind}: the decision cites {list(decision.statements)}, not {missing}"


@then("these kinds of information are not allowed, for lack of a basis:")
def these_have_no_basis(situation: Situation, datatable: list[list[str]]) -> None:
    """Each kind in the table has no basis: no rule permits it."""
    decisions = situation.answers()
    header, *rows = datatable
    assert header == ["kind of information"], header
    for (kind,) in rows:
        decision = decisions[kind_of_information(kind)]
        _outcome(decision, Outcome.NO_BASIS)
        permits = [r.rule for r in decision.reasons if r.effect is Effect.PERMIT]
        assert not permits, f"{kind}: permitted by {permits}"


@then("nothing may be shared with it, for lack of a basis")
def nothing_may_be_shared(situation: Situation) -> None:
    """Every kind of information has no basis."""
    for decision in situation.answers().values():
        _outcome(decision, Outcome.NO_BASIS)


@then(
    parsers.re(
        r"only (?P<kinds>.+?) may be shared with it(?:, on Article (?P<article>\S+) of the Regulation)?"
    )
)
def only_these_may_be_shared(situation: Situation, kinds: str, article: str | None) -> None:
    """Only the kinds named are allowed (on that article, when named); every other kind has no basis."""
    allowed = {kind_of_information(kind) for kind in re.split(r", | and ", kinds)}
    for data_type, decision in situation.answers().items():
        _outcome(decision, Outcome.ALLOWED if data_type in allowed else Outcome.NO_BASIS)
        if article and decision.allowed:
            found = situation.knowledge.statements[decision.basis or ""].article
            assert found == f"Article {article}", f"{data_type.value} rests on {found}"
