"""A reference model of the sharing decision, written from the Regulation and the rules' documentation.

The differential test (``test_differential.py``) asks the engine and this model the same questions about
the same random knowledge base and requires the same answer. This module therefore shares no code with
``sharing_rules`` and imports nothing from it: it is a second, deliberately naive reading of the law.

The legal reading it encodes (Regulation (EU) 2018/1727 and the page it summarises, as ``rules/`` documents
them):

- Article 47(2): information that is not personal data (strategic information, best practices, information
  on legal systems) may go to any third country's competent authorities and any international organisation,
  with or without an agreement (REG-NON-PERSONAL). An agreement (either kind) also frames those kinds
  (AGR-NON-OPERATIONAL, our interpretation), a working arrangement frames strategic information and best
  practices (WA-STRATEGIC), a contact point information on legal systems (CP-LEGAL-SYSTEMS): all under
  Article 47(2), subject to the three conditions of Article 47.
- Article 56(2)(b): an agreement on cooperation Eurojust concluded before 12 December 2019 is a basis for
  operational information, evidence and personal data included (AGR-OPERATIONAL); Article 56(2)(c): so is
  an international agreement of the Union (UNION-AGREEMENT-OPERATIONAL); Article 56(2)(a) with Article
  57: so is an adequacy decision of the Commission for law enforcement (ADEQUACY-OPERATIONAL); all subject
  to the four conditions of Article 56(1). A decision names every basis that holds.
- Article 47 of Regulation (EU) 2018/1725: administrative personal data may go on an adequacy decision that
  covers public authorities, for law enforcement or not (ADEQUACY-ADMINISTRATIVE); one whose scope leaves
  out Eurojust's recipients is expressly no basis (LIMITED-ADEQUACY-NO-BASIS).
- A working arrangement is expressly no basis for operational personal data, for a partner whose only
  instrument it is (WA-NO-PERSONAL-DATA): cited, but it neither allows nor forbids.
- A liaison prosecutor and a contact point are channels: no basis of their own beyond the above.
- Without a basis, routes remain case by case: the non-personal part of operational information and
  evidence (Article 47(2)); appropriate safeguards (Article 58) and derogations (Article 59) for
  operational information, evidence and personal data; Regulation 2018/1725 for administrative personal
  data. A route names exactly its kinds, and is shown only when there is no basis.
- Article 82: the Regulation applies from 12 December 2019. Before it, Council Decision 2002/187/JHA:
  from 6 March 2002 (when it took effect) as adopted, from 4 June 2009 as amended by Council Decision
  2009/426/JHA. Under both, information that is not personal data goes to any third State's competent
  authorities (as far as the tasks require, with the supplying national member's consent); operational
  information, personal data included, under an agreement on cooperation; without one, personal data have
  no standing basis as read here (a rule says so), and the part that is not personal data remains as a
  route; from 2009 an urgent case through a national member is a route too. Administrative personal data
  have no standing basis before the Regulation (not modelled, and a rule says so). Each decision names the
  law of its day. A rule of a later law is never said to be pending on a day an earlier law governed.
  Nothing at all before Eurojust was set up (28 February 2002), nor before its Decision took effect.
- A prohibition wins; otherwise a permission allows; otherwise there is no basis.
- A relationship whose entry into force is not known to the day is uncertain until it certainly is: it
  grants nothing; if counting it as in force would make the answer stricter, the stricter answer holds.
  Nothing that concerns Eurojust can have applied before Eurojust was set up, nor a liaison prosecutor
  before the agreement it is posted under could; a Union agreement applied provisionally counts from that
  day, one that applies only after its entry into force from that later day.
- Membership of the Union: Croatia is a Member State from 1 July 2013 (a third country before); the
  United Kingdom was one until 31 January 2020, and Union law applied to and in it until 31 December 2020
  (Withdrawal Agreement, Articles 126-127): refused like a Member State until then, a third country after.

Names are matched as ``rules/partners.yaml`` documents it: case, accents, dots, runs of white space and a
leading "the" do not matter. ISO codes are ASCII: a code is matched by its letters in any case, with white
space, dots and a leading "the" set aside, but never through an accent or another folding ("NÓ" is no
code). Kinds of information are matched as the public API documents it: case does not matter, and a space
or a hyphen may stand for an underscore.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

AGREEMENT = "agreement_on_cooperation"
UNION_AGREEMENT = "union_agreement"
WORKING_ARRANGEMENT = "working_arrangement"
LIAISON_PROSECUTOR = "liaison_prosecutor"
CONTACT_POINT = "contact_point"
LED_ADEQUACY = "led_adequacy_decision"
ADEQUACY = "adequacy_decision"
LIMITED_ADEQUACY = "limited_adequacy_decision"
RELATIONSHIPS = (
    AGREEMENT,
    UNION_AGREEMENT,
    WORKING_ARRANGEMENT,
    LIAISON_PROSECUTOR,
    CONTACT_POINT,
    LED_ADEQUACY,
    ADEQUACY,
    LIMITED_ADEQUACY,
)
"""Every kind of relationship, in the order decisions list them."""
COMMISSION_ACTS = frozenset({LED_ADEQUACY, ADEQUACY, LIMITED_ADEQUACY})
"""The Commission's adequacy decisions: acts apart from Eurojust, which may be older than Eurojust."""
POSTED_UNDER = {LIAISON_PROSECUTOR: (AGREEMENT, UNION_AGREEMENT)}
"""A liaison prosecutor is posted under an agreement: it cannot have started before one could have."""

OPERATIONAL = "operational"
EVIDENCE = "evidence"
PERSONAL_DATA = "personal_data"
ADMINISTRATIVE = "administrative_personal_data"
STRATEGIC = "strategic"
BEST_PRACTICES = "best_practices"
LEGAL_SYSTEM_INFORMATION = "legal_system_information"
DATA_TYPES = (
    OPERATIONAL,
    EVIDENCE,
    PERSONAL_DATA,
    ADMINISTRATIVE,
    STRATEGIC,
    BEST_PRACTICES,
    LEGAL_SYSTEM_INFORMATION,
)
NON_PERSONAL = (STRATEGIC, BEST_PRACTICES, LEGAL_SYSTEM_INFORMATION)
INCLUDES = {OPERATIONAL: (EVIDENCE, PERSONAL_DATA)}
"""The page counts evidence and personal data as operational information."""

CITATIONS = {
    AGREEMENT: "AGR-2",
    UNION_AGREEMENT: "AGR-1",
    WORKING_ARRANGEMENT: "WA-3",
    LIAISON_PROSECUTOR: "LP-2",
    CONTACT_POINT: "CP-1",
    LED_ADEQUACY: "LED-36",
    ADEQUACY: "GDPR-45",
    LIMITED_ADEQUACY: "GDPR-45",
}
"""A statement of the source that mentions each kind of relationship (for writing partners.yaml)."""

ESTABLISHED = date(2002, 2, 28)
"""Council Decision 2002/187/JHA: the day Eurojust was set up."""
DECISION_TAKES_EFFECT = date(2002, 3, 6)
"""Council Decision 2002/187/JHA took effect when published (its Article 43)."""
DECISION_AMENDED = date(2009, 6, 4)
"""Council Decision 2009/426/JHA took effect when published (its Article 3)."""
REGULATION_APPLIES = date(2019, 12, 12)
"""Article 82 of Regulation (EU) 2018/1727. Also the first day on which Eurojust can no longer conclude an
agreement on cooperation of its own (Article 56(2)(b) covers only those signed before it)."""
SPEAKS_FOR = date(2026, 12, 6)
"""The day the shipped knowledge speaks for (checked against public sources up to that day)."""

ARTICLE_47 = ("TASKS-REQUIRE", "COMPETENT-AUTHORITY", "SUPPLIER-RESTRICTIONS", "COOPERATION-STRATEGY")
"""Articles 47(1)-(2) and 52(1): as far as the tasks require, to a competent authority, within the
suppliers' restrictions, in relations kept in line with the cooperation strategy."""
ARTICLE_56_1 = ("NECESSARY", "COMPETENT-RECIPIENT", "MEMBER-STATE-AUTHORISATION", "ONWARD-TRANSFER")
DECISION_2002 = ("DEC-2002-NECESSARY", "DEC-2002-CONSENT")
"""Articles 27(1)-(2) of the Decision as adopted: necessary for the tasks, with the supplier's consent."""
DECISION_2009 = ("DEC-2009-NECESSARY", "DEC-2009-CONSENT")
"""Articles 26a(1) and 27(1) of the amended Decision: the same two conditions."""
EUDPR_47 = ("CONTROLLER-TASKS",)
"""Article 47 of Regulation (EU) 2018/1725: solely for tasks within the controller's competence."""

MEMBER_STATES: tuple[tuple[str, ...], ...] = (
    ("Austria", "AT", "AUT"),
    ("Belgium", "BE", "BEL"),
    ("Bulgaria", "BG", "BGR"),
    ("Croatia", "HR", "HRV"),
    ("Cyprus", "CY", "CYP"),
    ("Czechia", "CZ", "CZE", "Czech Republic"),
    ("Denmark", "DK", "DNK"),
    ("Estonia", "EE", "EST"),
    ("Finland", "FI", "FIN"),
    ("France", "FR", "FRA"),
    ("Germany", "DE", "DEU"),
    ("Greece", "GR", "GRC", "EL", "Hellenic Republic"),
    ("Hungary", "HU", "HUN"),
    ("Ireland", "IE", "IRL"),
    ("Italy", "IT", "ITA"),
    ("Latvia", "LV", "LVA"),
    ("Lithuania", "LT", "LTU"),
    ("Luxembourg", "LU", "LUX"),
    ("Malta", "MT", "MLT"),
    ("Netherlands", "NL", "NLD", "Holland"),
    ("Poland", "PL", "POL"),
    ("Portugal", "PT", "PRT"),
    ("Romania", "RO", "ROU"),
    ("Slovakia", "SK", "SVK", "Slovak Republic"),
    ("Slovenia", "SI", "SVN"),
    ("Spain", "ES", "ESP"),
    ("Sweden", "SE", "SWE"),
)
"""The 27 EU Member States (Treaty on European Union, Article 52(1)): name, ISO codes, other names."""

TERRITORIES: tuple[tuple[str, ...], ...] = (
    ("Åland Islands", "AX", "ALA"),
    ("Guadeloupe", "GP", "GLP"),
    ("French Guiana", "GF", "GUF"),
    ("Martinique", "MQ", "MTQ"),
    ("Réunion", "RE", "REU"),
    ("Mayotte", "YT", "MYT"),
    ("Saint Martin", "MF", "MAF"),
    ("Azores", "", ""),
    ("Madeira", "", ""),
    ("Canary Islands", "", ""),
    ("Ceuta", "", ""),
    ("Melilla", "", ""),
)
"""Places that are part of a Member State and of the Union though named apart (ISO 3166 lists some as
countries): the outermost regions (TFEU Articles 349 and 355(1)), Åland (Article 355(4)), Ceuta and Melilla
(Spain's Act of Accession). A question about one is refused as about a Member State. Mayotte has been an
outermost region since 2014-01-01 (before, an overseas territory outside the Union); the knowledge refuses
it on every day, failing closed, and so does this model (see the notes)."""

JOINED = {"Croatia": date(2013, 7, 1)}
"""Member States that joined within the knowledge's time: before that day they are third countries."""

UNITED_KINGDOM = "United Kingdom"
LEFT = {UNITED_KINGDOM: date(2020, 1, 31)}
"""Former Member States: their last day in the Union (the withdrawal agreement)."""
TRANSITION = {UNITED_KINGDOM: date(2020, 12, 31)}
"""The last day of the transition period after withdrawal (Withdrawal Agreement Articles 126-127): Union
law applied to and in the United Kingdom until then, so a question about it is refused like a Member
State's until that day."""

THIRD_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("Norway", "NO", "NOR"),
    ("Japan", "JP", "JPN"),
    ("Brazil", "BR", "BRA"),
    ("Canada", "CA", "CAN"),
    ("Nigeria", "NG", "NGA"),
    ("Chile", "CL", "CHL"),
    ("Kenya", "KE", "KEN"),
    ("Georgia", "GE", "GEO"),
    ("Iceland", "IS", "ISL"),
    ("Ukraine", "UA", "UKR"),
    ("Peru", "PE", "PER"),
    ("Mexico", "MX", "MEX"),
    (UNITED_KINGDOM, "GB", "GBR"),
)
"""Some real countries outside the EU, with their ISO 3166-1 alpha-2 and alpha-3 codes."""


def _today_in_the_hague() -> date:
    """Today where Eurojust sits: the day a question without a date is about."""
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


# -- the law ------------------------------------------------------------------------------------------

LAWS: tuple[tuple[str, date, date | None], ...] = (
    ("decision_2002", DECISION_TAKES_EFFECT, DECISION_AMENDED - timedelta(days=1)),
    ("decision_2009", DECISION_AMENDED, REGULATION_APPLIES - timedelta(days=1)),
    ("regulation", REGULATION_APPLIES, None),
)
"""The bodies of law in turn: the Decision setting up Eurojust as adopted (its 2003 amendment touched only
its budget), as amended in 2009, and the Regulation."""


def law_of(day: date) -> str | None:
    """The body of law that governed ``day`` (None: before the Decision took effect)."""
    return next((law for law, first, last in LAWS if first <= day and (last is None or day <= last)), None)


class Outcome(Enum):
    """What may be done."""

    ALLOWED = "allowed"
    PROHIBITED = "prohibited"
    NO_BASIS = "no_basis"


SEVERITY = {Outcome.ALLOWED: 0, Outcome.NO_BASIS: 1, Outcome.PROHIBITED: 2}


@dataclass(frozen=True)
class Provision:
    """One reading of the law: who it applies to, what it does to which kinds, from when."""

    id: str
    effect: str
    """permit, prohibit, not_a_basis or route."""
    kinds: tuple[str, ...]
    every_partner: bool = False
    has: tuple[str, ...] = ()
    has_any: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    basis: str | None = None
    conditions: tuple[str, ...] = ()
    first: date | None = REGULATION_APPLIES
    last: date | None = None
    law: str | None = "regulation"
    """The body of law it belongs to (``LAWS``); None for a rule of no particular law."""

    def applies(self, held: frozenset[str]) -> bool:
        """Whether a partner holding ``held`` falls under it."""
        if self.every_partner:
            return True
        return (
            all(kind in held for kind in self.has)
            and (not self.has_any or any(kind in held for kind in self.has_any))
            and not any(kind in held for kind in self.lacks)
        )

    def covers(self, data_type: str) -> bool:
        """Whether it speaks of ``data_type`` (a route only of the kinds it names)."""
        if self.effect == "route":
            return data_type in self.kinds
        return any(data_type == kind or data_type in INCLUDES.get(kind, ()) for kind in self.kinds)

    def in_force(self, day: date) -> bool:
        """Whether it is in force on ``day`` (never before Eurojust existed)."""
        if day < ESTABLISHED:
            return False
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)

    def pending(self, day: date) -> bool:
        """Whether it comes into force only after ``day`` and may be warned of then.

        Eurojust exists on ``day``, and the rule belongs to the law that governed that day (or, if none
        did, to the next one): a later law never speaks for a day an earlier one governed.
        """
        if day < ESTABLISHED or self.first is None or day >= self.first:
            return False
        governing = law_of(day) or next((law for law, first, _ in LAWS if first > day), None)
        return self.law is None or governing is None or self.law == governing

    def relied_on(self, held: frozenset[str]) -> tuple[str, ...]:
        """The relationships it rests on for a partner holding ``held``."""
        return (*self.has, *(kind for kind in self.has_any if kind in held))


OLD_2002: dict[str, Any] = {"first": DECISION_TAKES_EFFECT, "last": DECISION_AMENDED - timedelta(days=1),
                            "law": "decision_2002"}  # fmt: skip
OLD_2009: dict[str, Any] = {"first": DECISION_AMENDED, "last": REGULATION_APPLIES - timedelta(days=1),
                            "law": "decision_2009"}  # fmt: skip

LAW: tuple[Provision, ...] = (
    Provision("REG-NON-PERSONAL", "permit", NON_PERSONAL, every_partner=True, basis="REG-47-2",
              conditions=ARTICLE_47),
    Provision("AGR-OPERATIONAL", "permit", (OPERATIONAL,), has=(AGREEMENT,), basis="REG-56-2-B",
              conditions=ARTICLE_56_1),
    Provision("UNION-AGREEMENT-OPERATIONAL", "permit", (OPERATIONAL,), has=(UNION_AGREEMENT,),
              basis="REG-56-2-C", conditions=ARTICLE_56_1),
    Provision("AGR-NON-OPERATIONAL", "permit", NON_PERSONAL, has_any=(AGREEMENT, UNION_AGREEMENT),
              basis="REG-47-2", conditions=ARTICLE_47),
    Provision("ADEQUACY-OPERATIONAL", "permit", (OPERATIONAL,), has=(LED_ADEQUACY,), basis="REG-56-2-A",
              conditions=ARTICLE_56_1),
    Provision("ADEQUACY-ADMINISTRATIVE", "permit", (ADMINISTRATIVE,), has_any=(LED_ADEQUACY, ADEQUACY),
              basis="EUDPR-47", conditions=EUDPR_47),
    Provision("LIMITED-ADEQUACY-NO-BASIS", "not_a_basis", (ADMINISTRATIVE, PERSONAL_DATA),
              has=(LIMITED_ADEQUACY,), lacks=(LED_ADEQUACY, ADEQUACY)),
    Provision("WA-STRATEGIC", "permit", (STRATEGIC, BEST_PRACTICES), has=(WORKING_ARRANGEMENT,),
              basis="REG-47-2", conditions=ARTICLE_47),
    Provision("WA-NO-PERSONAL-DATA", "not_a_basis", (PERSONAL_DATA,), has=(WORKING_ARRANGEMENT,),
              lacks=(AGREEMENT, UNION_AGREEMENT, LED_ADEQUACY)),
    Provision("CP-LEGAL-SYSTEMS", "permit", (LEGAL_SYSTEM_INFORMATION,), has=(CONTACT_POINT,),
              basis="REG-47-2", conditions=ARTICLE_47),
    Provision("ROUTE-NON-PERSONAL-PART", "route", (OPERATIONAL, EVIDENCE), every_partner=True),
    Provision("ROUTE-SAFEGUARDS", "route", (OPERATIONAL, EVIDENCE, PERSONAL_DATA), every_partner=True),
    Provision("ROUTE-DEROGATIONS", "route", (OPERATIONAL, EVIDENCE, PERSONAL_DATA), every_partner=True),
    Provision("ROUTE-ADMINISTRATIVE", "route", (ADMINISTRATIVE,), every_partner=True),
    # the Decision as adopted: any information with the consent of the supplier's national member; personal
    # data under an agreement the Council approved; without one, no standing basis as far as it is read
    Provision("DEC-2002-NON-PERSONAL", "permit", NON_PERSONAL, every_partner=True, basis="DEC-2002-27-1",
              conditions=DECISION_2002, **OLD_2002),
    Provision("DEC-2002-AGREEMENT-OPERATIONAL", "permit", (OPERATIONAL,), has=(AGREEMENT,),
              basis="DEC-2002-27-3", conditions=(*DECISION_2002, "DEC-2002-AGREEMENT-TERMS"), **OLD_2002),
    Provision("DEC-2002-PERSONAL-DATA-WITHOUT-AGREEMENT", "not_a_basis", (PERSONAL_DATA,), lacks=(AGREEMENT,),
              **OLD_2002),
    Provision("DEC-2002-ROUTE-NON-PERSONAL-PART", "route", (OPERATIONAL, EVIDENCE), every_partner=True,
              **OLD_2002),
    # the Decision as amended in 2009: the same, in Article 26a; an urgent case through a national member
    Provision("DEC-2009-NON-PERSONAL", "permit", NON_PERSONAL, every_partner=True, basis="DEC-2009-26A-1",
              conditions=DECISION_2009, **OLD_2009),
    Provision("DEC-2009-AGREEMENT-OPERATIONAL", "permit", (OPERATIONAL,), has=(AGREEMENT,),
              basis="DEC-2009-26A-2", conditions=(*DECISION_2009, "DEC-2009-AGREEMENT-TERMS"), **OLD_2009),
    Provision("DEC-2009-PERSONAL-DATA-WITHOUT-AGREEMENT", "not_a_basis", (PERSONAL_DATA,), lacks=(AGREEMENT,),
              **OLD_2009),
    Provision("DEC-2009-ROUTE-NON-PERSONAL-PART", "route", (OPERATIONAL, EVIDENCE), every_partner=True,
              **OLD_2009),
    Provision("DEC-2009-ROUTE-URGENT", "route", (OPERATIONAL, EVIDENCE, PERSONAL_DATA), every_partner=True,
              **OLD_2009),
    # administrative personal data before the Regulation: not modelled, so no standing basis
    Provision("OLDER-LAW-ADMINISTRATIVE", "not_a_basis", (ADMINISTRATIVE,), every_partner=True,
              first=DECISION_TAKES_EFFECT, last=REGULATION_APPLIES - timedelta(days=1), law=None),
)  # fmt: skip
"""The shipped rules, as read from the law, in the order of ``eligibility.yaml``."""

HYPOTHETICAL: tuple[Provision, ...] = (
    Provision("TEST-LP-PROHIBIT", "prohibit", (OPERATIONAL,), has=(LIAISON_PROSECUTOR,),
              lacks=(UNION_AGREEMENT,), first=None, law=None),
    Provision("TEST-CP-BEST-PRACTICES", "permit", (BEST_PRACTICES,),
              has_any=(CONTACT_POINT, WORKING_ARRANGEMENT), lacks=(AGREEMENT,), basis="REG-47-2",
              conditions=("TASKS-REQUIRE",), first=date(2021, 6, 1), last=date(2023, 12, 31)),
    Provision("TEST-LP-WITHOUT-CP", "prohibit", (STRATEGIC,), has=(LIAISON_PROSECUTOR,),
              lacks=(CONTACT_POINT,)),
)  # fmt: skip
"""Rules the law does not have, added to some random knowledge bases so that prohibitions (one that a
relationship lifts), a permission that a relationship takes away, a rule in force since Eurojust exists and
a rule that ends are tried. None breaks an invariant of the law (``rules/invariants.yaml``): a knowledge
base with one would not load."""


@dataclass(frozen=True)
class Answer:
    """The reference answer to one question about one partner on one day."""

    outcome: Outcome
    basis: str | None
    rules: frozenset[str]
    bases: tuple[str, ...] = ()
    """Every distinct basis of the permissions that allow it, in the order of the law."""
    instruments: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    provisional: tuple[str, ...] = ()
    """Those of ``relationships`` applied provisionally only, not yet certainly in force."""
    law: str | None = None
    """The body of law that governed the day (``LAWS``)."""
    warnings: frozenset[str] = frozenset()
    """The kinds of warning: established, speaks_for, pending, withheld, applied."""
    uncertain: tuple[str, ...] = ()
    """The relationships that may or may not be in force on the day (they grant nothing)."""
    doubted: bool = False
    """Whether counting the uncertain relationships as in force made the answer stricter (and so holds)."""

    @property
    def allowed(self) -> bool:
        """Whether the exchange may go ahead."""
        return self.outcome is Outcome.ALLOWED


def _outcome(effects: Iterable[str]) -> Outcome:
    found = set(effects)
    if "prohibit" in found:
        return Outcome.PROHIBITED
    return Outcome.ALLOWED if "permit" in found else Outcome.NO_BASIS


def _applying(
    law: Iterable[Provision], held: frozenset[str], in_force: Iterable[str], data_type: str
) -> list[Provision]:
    live = set(in_force)
    return [p for p in law if p.id in live and p.covers(data_type) and p.applies(held)]


def decide(
    certain: Iterable[str],
    data_type: str,
    day: date,
    *,
    uncertain: Iterable[str] = (),
    provisional: Iterable[str] = (),
    law: tuple[Provision, ...] = LAW,
    notes: Iterable[str] = (),
) -> Answer:
    """Whether information of ``data_type`` may go, on ``day``, to a partner with these relationships.

    ``certain``: the relationships certainly in force; ``uncertain``: those that may be; ``provisional``:
    those of ``certain`` that apply only provisionally; ``notes``: the kinds of warning that hold for the
    day itself.
    """
    actual_held = frozenset(certain)
    maybe = frozenset(uncertain) - actual_held
    doubt_held = actual_held | maybe
    in_force = [p.id for p in law if p.in_force(day)]
    pending = [p.id for p in law if p.pending(day)]
    actual = _applying(law, actual_held, in_force, data_type)
    doubtful = _applying(law, doubt_held, in_force, data_type)
    hoped = _applying(law, doubt_held, in_force + pending, data_type)
    outcome_of = {
        "actual": _outcome(p.effect for p in actual),
        "doubtful": _outcome(p.effect for p in doubtful),
    }
    fail_closed = SEVERITY[outcome_of["doubtful"]] > SEVERITY[outcome_of["actual"]]
    chosen, held = (doubtful, doubt_held) if fail_closed else (actual, actual_held)
    outcome = outcome_of["doubtful" if fail_closed else "actual"]
    deciding = [p for p in chosen if p.effect != "route"]
    permits = [p for p in deciding if p.effect == "permit"] if outcome is Outcome.ALLOWED else []
    relied = {kind for p in permits for kind in p.relied_on(held)}
    warnings = set(notes)
    if fail_closed and any(set(p.relied_on(doubt_held)) & maybe for p in chosen):
        warnings.add("applied")
    if outcome is not Outcome.ALLOWED:
        # would it be allowed were the uncertain relationships in force (and the rules not yet in force)?
        # Then the rules that make the difference say why: one not yet in force, or one that needs, or
        # excludes, an uncertain relationship.
        used = {p.id for p in chosen}
        tried = ((doubtful, bool(maybe) and not fail_closed), (hoped, bool(pending)))
        for found, counted in tried:
            if not counted or _outcome(p.effect for p in found) is not Outcome.ALLOWED:
                continue
            differing = {p.id for p in found} ^ used
            for p in (p for p in law if p.id in differing):
                if p.id in {q.id for q in found} and p.id not in in_force:
                    warnings.add("pending")
                if (set(p.relied_on(doubt_held)) | set(p.lacks)) & maybe:
                    warnings.add("withheld")
    bases = tuple(dict.fromkeys(p.basis for p in permits if p.basis is not None))
    return Answer(
        outcome=outcome,
        basis=bases[0] if bases else None,
        bases=bases,
        rules=frozenset(p.id for p in deciding),
        instruments=tuple(kind for kind in RELATIONSHIPS if kind in relied),
        conditions=tuple(dict.fromkeys(c for p in permits for c in p.conditions)),
        routes=tuple(p.id for p in chosen if p.effect == "route") if outcome is Outcome.NO_BASIS else (),
        relationships=tuple(kind for kind in RELATIONSHIPS if kind in actual_held),
        provisional=tuple(kind for kind in RELATIONSHIPS if kind in actual_held and kind in set(provisional)),
        law=law_of(day),
        warnings=frozenset(warnings),
        uncertain=tuple(kind for kind in RELATIONSHIPS if kind in maybe),
        doubted=fail_closed,
    )


def day_notes(day: date) -> frozenset[str]:
    """The warnings a day carries whatever is asked: before Eurojust, after the page."""
    notes = set()
    if day < ESTABLISHED:
        notes.add("established")
    if day > SPEAKS_FOR:
        notes.add("speaks_for")
    return frozenset(notes)


# -- when a relationship is in force ------------------------------------------------------------------


@dataclass(frozen=True)
class Tie:
    """One relationship of a partner, dated as ``partners.yaml`` dates it.

    ``start`` is the day it entered into force, a month ("2016-10"), a year (2005) or "unknown" (then
    ``known_by`` may give a day a source shows it in force). ``signed``: it cannot be in force before;
    ``until``: its last day. An agreement may apply before it enters into force, provisionally
    (``provisional``: from that day on it counts as in force), or only from a later day (``applies_from``).
    """

    kind: str
    start: date | int | str = date(2002, 2, 28)
    known_by: date | None = None
    signed: date | None = None
    until: date | None = None
    provisional: date | None = None
    applies_from: date | None = None

    def entry_possible(self, floor: date | None = None) -> date | None:
        """The first day it can have entered into force: not before its signature nor ``floor``."""
        start = self.start
        if isinstance(start, date):
            found: date | None = start
        elif isinstance(start, int):
            found = date(start, 1, 1)
        elif start == "unknown":
            found = None
        else:
            found = date(int(start[:4]), int(start[5:7]), 1)
        for limit in (self.signed, floor):
            if limit is not None and (found is None or limit > found):
                found = limit
        return found

    @property
    def entry_certain(self) -> date | None:
        """The first day it has surely entered into force (None: never known)."""
        start = self.start
        if isinstance(start, date):
            return start
        if isinstance(start, int):
            return date(start, 12, 31)
        if start == "unknown":
            return self.known_by
        year, month = int(start[:4]), int(start[5:7])
        return date(year, month, calendar.monthrange(year, month)[1])

    def first_possible(self, floor: date | None = None) -> date | None:
        """The first day it can have applied (None: any day)."""
        if self.provisional is not None:
            return self.provisional
        found = self.entry_possible(floor)
        if self.applies_from is not None and (found is None or self.applies_from > found):
            return self.applies_from
        return found

    @property
    def first_certain(self) -> date | None:
        """The first day it surely applies (None: never known)."""
        if self.provisional is not None:
            return self.provisional
        certain = self.entry_certain
        if certain is None or self.applies_from is None:
            return certain
        return max(certain, self.applies_from)

    def state(self, day: date, floor: date | None = None) -> str:
        """Where it stands on ``day``: "in force", "uncertain", "not yet" or "ended"."""
        if self.until is not None and day > self.until:
            return "ended"
        certain = self.first_certain
        if certain is not None and certain <= day:
            return "in force"
        possible = self.first_possible(floor)
        if possible is None or possible <= day:
            return "uncertain"
        return "not yet"

    def only_provisional(self, day: date) -> bool:
        """Whether on ``day`` it applies provisionally and has not surely entered into force yet."""
        if self.provisional is None or self.state(day) != "in force":
            return False
        return self.entry_certain is None or day < self.entry_certain

    def days(self) -> tuple[date, ...]:
        """The days its state may change on, each with its neighbours (for asking about)."""
        marks = [self.entry_possible(), self.entry_certain, self.signed, self.known_by, self.provisional]
        marks += [self.applies_from, self.until]
        return tuple(d + timedelta(days=shift) for d in marks if d for shift in (-1, 0, 1))

    def as_yaml(self) -> dict[str, object]:
        """The relationship written as an entry of ``partners.yaml``."""
        written: dict[str, object] = {"kind": self.kind, "statements": [CITATIONS[self.kind]]}
        if self.signed is not None:
            written["signed"] = self.signed
        if self.provisional is not None:
            written["provisional"] = self.provisional
        written["from"] = self.start
        if self.known_by is not None:
            written["known_by"] = self.known_by
        if self.applies_from is not None:
            written["applies_from"] = self.applies_from
        if self.until is not None:
            written["until"] = self.until
        return written


# -- the words people type ----------------------------------------------------------------------------


def name_key(text: str) -> str:
    """What is left of a name once case, accents, dots, apostrophes, spacing and a leading "the" go."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    words = decomposed.casefold().replace(".", "").replace("'", "").replace("\u2019", "").split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


def code_key(text: str) -> str | None:
    """``text`` read as an ISO code (its ASCII letters, lower case), or None if it is not written in ASCII."""
    words = text.replace(".", "").replace("'", "").replace("\u2019", "").split()
    if not all(word.isascii() for word in words):
        return None
    words = [word.lower() for word in words]
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


def data_type_of(text: str) -> str | None:
    """The kind of information a documented spelling names ("Personal data", "personal-data"), or None."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in DATA_TYPES else None


# -- a knowledge base of partners ---------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    """A partner as ``partners.yaml`` lists it, with its dated relationships."""

    name: str
    ties: tuple[Tie, ...] = ()
    iso_alpha2: str | None = None
    iso_alpha3: str | None = None
    aliases: tuple[str, ...] = ()

    def floor(self, tie: Tie) -> date | None:
        """The first day ``tie`` can have applied for reasons outside its own dates.

        Nothing concerning Eurojust before Eurojust existed (an adequacy decision, a Commission act, may be
        older); and a liaison prosecutor not before one of the agreements it may be posted under can have
        applied (when each of those the partner has gives such a day).
        """
        if tie.kind in COMMISSION_ACTS:
            return None
        floor = ESTABLISHED
        under = [t.first_possible(ESTABLISHED) for t in self.ties if t.kind in POSTED_UNDER.get(tie.kind, ())]
        if under and all(day is not None for day in under):
            floor = max(floor, min(day for day in under if day is not None))
        return floor

    def on(self, day: date) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The kinds surely in force on ``day``, those that may be, and those only applied provisionally."""
        states = {tie.kind: tie.state(day, self.floor(tie)) for tie in self.ties}
        certain = frozenset(kind for kind, state in states.items() if state == "in force")
        provisional = frozenset(tie.kind for tie in self.ties if tie.only_provisional(day))
        return certain, frozenset(k for k, state in states.items() if state == "uncertain"), provisional

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind of relationship it has at some time."""
        return frozenset(tie.kind for tie in self.ties)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name and code this partner answers to."""
        return (self.name, *self.codes, *self.aliases)

    @property
    def codes(self) -> tuple[str, ...]:
        """Its ISO codes (none for an organisation)."""
        return tuple(code for code in (self.iso_alpha2, self.iso_alpha3) if code)

    def as_yaml_entry(self) -> dict[str, object]:
        """The partner written as an entry of ``partners.yaml``."""
        entry: dict[str, object] = {"name": self.name}
        if self.iso_alpha2:
            entry |= {"kind": "country", "iso_alpha2": self.iso_alpha2, "iso_alpha3": self.iso_alpha3}
        else:
            entry["kind"] = "organisation"
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        order = {kind: index for index, kind in enumerate(RELATIONSHIPS)}
        entry["relationships"] = [tie.as_yaml() for tie in sorted(self.ties, key=lambda t: order[t.kind])]
        return entry


def always(*kinds: str) -> tuple[Tie, ...]:
    """Relationships in force since Eurojust exists (an agreement on cooperation signed that day)."""
    return tuple(Tie(kind, signed=ESTABLISHED if kind == AGREEMENT else None) for kind in kinds)


class Verdict(Enum):
    """What a question's partner text turned out to be."""

    PARTNER = "a partner of the knowledge base"
    MEMBER_STATE = "an EU Member State"
    OTHER_COUNTRY = "a country the knowledge base does not name"
    UNKNOWN = "nothing at all"
    UNCERTAIN = "no partner; possibly a country the reference does not list"


@dataclass(frozen=True)
class Resolved:
    """The partner text of a question, resolved."""

    verdict: Verdict
    name: str | None = None


_MEMBER_STATE_KEYS = {
    name_key(name): names[0] for names in (*MEMBER_STATES, *TERRITORIES) for name in (names[0], *names[3:])
}
_MEMBER_STATE_CODES = {
    code.lower(): names[0] for names in (*MEMBER_STATES, *TERRITORIES) for code in names[1:3] if code
}
_THIRD_COUNTRY_KEYS = {name_key(country[0]): country[0] for country in THIRD_COUNTRIES}
_THIRD_COUNTRY_CODES = {code.lower(): country[0] for country in THIRD_COUNTRIES for code in country[1:]}


@dataclass
class Knowledge:
    """The reference view of a knowledge base: its partners, every name they answer to, and its law.

    ``law``: the rules in force (the shipped ones, and any hypothetical ones added); ``former``: the
    partners that were Member States, with their last day in the Union.
    """

    partners: tuple[Partner, ...]
    law: tuple[Provision, ...] = LAW
    former: Mapping[str, date] = field(default_factory=lambda: dict(LEFT))

    def __post_init__(self) -> None:
        """Index the names of the partners."""
        self.partners = tuple(self.partners)
        self._by_key: dict[str, Partner] = {}
        self._by_code: dict[str, Partner] = {}
        for partner in self.partners:
            for spelling in (partner.name, *partner.aliases):
                self._by_key.setdefault(name_key(spelling), partner)
            for code in partner.codes:
                self._by_code.setdefault(code.lower(), partner)
        self._by_name: Mapping[str, Partner] = {p.name: p for p in self.partners}

    def resolve(self, text: str) -> Resolved:
        """What ``text``, typed as a partner, means: a name (folded), else a code (as written in ASCII)."""
        key = name_key(text)
        code = code_key(text)
        partner = self._by_key.get(key) or (self._by_code.get(code) if code is not None else None)
        if partner is not None:
            return Resolved(Verdict.PARTNER, partner.name)
        for names, codes, verdict in (
            (_MEMBER_STATE_KEYS, _MEMBER_STATE_CODES, Verdict.MEMBER_STATE),
            (_THIRD_COUNTRY_KEYS, _THIRD_COUNTRY_CODES, Verdict.OTHER_COUNTRY),
        ):
            if key in names:
                return Resolved(verdict, names[key])
            if code is not None and code in codes:
                return Resolved(verdict, codes[code])
        if not key or any(not (ch.isalpha() or ch in " ,()-'") for ch in key):
            return Resolved(Verdict.UNKNOWN)  # no country's name has digits, symbols or control characters
        return Resolved(Verdict.UNCERTAIN)

    def refused(self, resolved: Resolved, day: date | None = None) -> bool:
        """Whether a question about ``resolved`` on ``day`` (today) is about a Member State of that day.

        A former Member State counts as one until the end of its transition period, in which Union law
        still applied to and in it.
        """
        on = day or _today_in_the_hague()
        if resolved.verdict is Verdict.MEMBER_STATE:
            joined = JOINED.get(resolved.name or "")
            return joined is None or on >= joined
        if resolved.verdict is Verdict.PARTNER and resolved.name is not None and resolved.name in self.former:
            return on <= TRANSITION.get(resolved.name, self.former[resolved.name])
        return False

    def answer(self, partner: str | None, data_type: str, day: date | None = None) -> Answer:
        """The reference answer about a partner, by its name, on ``day`` (today).

        ``partner`` None, or a name the knowledge does not have: a country with no relationship.
        """
        on = day or _today_in_the_hague()
        known = self._by_name.get(partner or "")
        nothing: frozenset[str] = frozenset()
        certain, uncertain, provisional = known.on(on) if known is not None else (nothing, nothing, nothing)
        return decide(
            certain,
            data_type,
            on,
            uncertain=uncertain,
            provisional=provisional,
            law=self.law,
            notes=day_notes(on),
        )


def read_partners(path: Path) -> tuple[Partner, ...]:
    """The partners of a ``partners.yaml`` file, with their dated relationships."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Partner(
            name=entry["name"],
            ties=tuple(_tie(r) for r in entry.get("relationships", ())),
            iso_alpha2=entry.get("iso_alpha2"),
            iso_alpha3=entry.get("iso_alpha3"),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in document["partners"]
    )


def _tie(written: Mapping[str, Any]) -> Tie:
    until = written.get("until")
    for extension in written.get("extended", ()):
        until = extension["until"]  # each extension keeps it in force for longer: the last one counts
    return Tie(
        kind=written["kind"],
        start=written["from"],
        known_by=written.get("known_by"),
        signed=written.get("signed"),
        until=until,
        provisional=written.get("provisional"),
        applies_from=written.get("applies_from"),
    )
