"""A reference model of the sharing decision, written from the statement catalogue, not from the engine.

The differential test (``test_differential.py``) asks the engine and this model the same questions about
the same random knowledge base and requires the same answer. This module therefore shares no code with
``sharing_rules`` and imports nothing from it: it is a second, deliberately naive reading of the law.

The legal reading it encodes (``rules/statements.yaml`` and the source page):

- AGR-1: an agreement on cooperation permits operational information, evidence and personal data
  (rule AGR-OPERATIONAL); our interpretation extends it to strategic information, best practices and
  information on legal systems (rule AGR-NON-OPERATIONAL).
- WA-1, WA-2: a working arrangement permits strategic information and best practices (WA-STRATEGIC) and
  is no basis for personal data, which it excludes only for a partner without an agreement on
  cooperation (WA-NO-PERSONAL-DATA).
- CP-2, CP-3: a contact point permits information on legal systems (CP-LEGAL-SYSTEMS).
- LP-1, LP-2: a liaison prosecutor is a channel; it permits nothing by itself.
- A prohibition wins over a permission; what nothing permits has no basis. The basis of an allowed
  exchange is the first relationship, in the order agreement on cooperation, working arrangement, liaison
  prosecutor, contact point, that one of the permitting rules rests on.

Names are matched as ``rules/partners.yaml`` documents it: case, accents, dots, runs of white space and a
leading "the" do not matter. Kinds of information are matched as the public API documents it: case does
not matter, and a space or a hyphen may stand for an underscore.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

AGREEMENT = "agreement_on_cooperation"
WORKING_ARRANGEMENT = "working_arrangement"
LIAISON_PROSECUTOR = "liaison_prosecutor"
CONTACT_POINT = "contact_point"
RELATIONSHIPS = (AGREEMENT, WORKING_ARRANGEMENT, LIAISON_PROSECUTOR, CONTACT_POINT)
"""Every kind of relationship, in the order that decides which one is named as the basis."""

OPERATIONAL = "operational"
EVIDENCE = "evidence"
PERSONAL_DATA = "personal_data"
STRATEGIC = "strategic"
BEST_PRACTICES = "best_practices"
LEGAL_SYSTEM_INFORMATION = "legal_system_information"
DATA_TYPES = (OPERATIONAL, EVIDENCE, PERSONAL_DATA, STRATEGIC, BEST_PRACTICES, LEGAL_SYSTEM_INFORMATION)

CITATIONS = {
    AGREEMENT: "AGR-2",
    WORKING_ARRANGEMENT: "WA-3",
    LIAISON_PROSECUTOR: "LP-2",
    CONTACT_POINT: "CP-1",
}
"""A statement of the source that mentions each kind of relationship (for writing partners.yaml)."""

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
)
"""Some real countries outside the EU, with their ISO 3166-1 alpha-2 and alpha-3 codes."""


# -- the law ------------------------------------------------------------------------------------------


class Outcome(Enum):
    """What may be done."""

    ALLOWED = "allowed"
    PROHIBITED = "prohibited"
    NO_BASIS = "no_basis"


@dataclass(frozen=True)
class Answer:
    """The reference answer to one question about one partner."""

    outcome: Outcome
    basis: str | None
    rules: frozenset[str]

    @property
    def allowed(self) -> bool:
        """Whether the exchange may go ahead."""
        return self.outcome is Outcome.ALLOWED


def decide(relationships: Iterable[str], data_type: str) -> Answer:
    """May information of ``data_type`` go to a partner holding ``relationships``? Read from the source."""
    held = set(relationships)
    permits: dict[str, str] = {}  # rule id -> the relationship it rests on
    prohibitions: set[str] = set()

    # AGR-1: "exchanging operational information, including evidence and personal data".
    if AGREEMENT in held and data_type in {OPERATIONAL, EVIDENCE, PERSONAL_DATA}:
        permits["AGR-OPERATIONAL"] = AGREEMENT
    # Interpretation: whoever may receive operational information may receive the less sensitive kinds.
    if AGREEMENT in held and data_type in {STRATEGIC, BEST_PRACTICES, LEGAL_SYSTEM_INFORMATION}:
        permits["AGR-NON-OPERATIONAL"] = AGREEMENT
    # WA-2: "allow exchanging strategic information and sharing best practices".
    if WORKING_ARRANGEMENT in held and data_type in {STRATEGIC, BEST_PRACTICES}:
        permits["WA-STRATEGIC"] = WORKING_ARRANGEMENT
    # WA-2: "not a basis to share operational personal data" - it takes nothing away from an agreement.
    if WORKING_ARRANGEMENT in held and AGREEMENT not in held and data_type == PERSONAL_DATA:
        prohibitions.add("WA-NO-PERSONAL-DATA")
    # CP-2, CP-3: contact points exist to give information on legal systems.
    if CONTACT_POINT in held and data_type == LEGAL_SYSTEM_INFORMATION:
        permits["CP-LEGAL-SYSTEMS"] = CONTACT_POINT
    # LP-1, LP-2: a liaison prosecutor works alongside; the source gives it no power of its own.

    rules = frozenset(permits) | frozenset(prohibitions)
    if prohibitions:
        return Answer(Outcome.PROHIBITED, None, rules)
    if not permits:
        return Answer(Outcome.NO_BASIS, None, rules)
    basis = next(kind for kind in RELATIONSHIPS if kind in permits.values())
    return Answer(Outcome.ALLOWED, basis, rules)


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


def data_type_of(text: str) -> str | None:
    """The kind of information a documented spelling names ("Personal data", "personal-data"), or None."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in DATA_TYPES else None


# -- a knowledge base of partners ---------------------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    """When a relationship holds.

    ``start`` and ``end`` are its first and last days; ``signed`` without ``start`` means never in force.
    """

    start: date | None = None
    end: date | None = None
    signed: date | None = None

    def holds_on(self, day: date) -> bool:
        """Whether the relationship is in force on ``day``."""
        if self.start is None and self.signed is not None:
            return False
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


ALWAYS = Validity()


@dataclass(frozen=True)
class Partner:
    """A partner as ``partners.yaml`` lists it; ``validity`` dates some of its relationships."""

    name: str
    relationships: frozenset[str]
    iso_alpha2: str | None = None
    iso_alpha3: str | None = None
    aliases: tuple[str, ...] = ()
    validity: tuple[tuple[str, Validity], ...] = ()

    def relationships_on(self, day: date) -> frozenset[str]:
        """The relationships in force on ``day``."""
        dated = dict(self.validity)
        return frozenset(kind for kind in self.relationships if dated.get(kind, ALWAYS).holds_on(day))

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name and code this partner answers to."""
        codes = tuple(code for code in (self.iso_alpha2, self.iso_alpha3) if code)
        return (self.name, *codes, *self.aliases)

    def as_yaml_entry(self) -> dict[str, object]:
        """The partner written as an entry of ``partners.yaml``."""
        entry: dict[str, object] = {"name": self.name}
        if self.iso_alpha2:
            entry |= {"kind": "country", "iso_alpha2": self.iso_alpha2, "iso_alpha3": self.iso_alpha3}
        else:
            entry["kind"] = "organisation"
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        dated = dict(self.validity)
        listed: list[dict[str, object]] = []
        for kind in RELATIONSHIPS:
            if kind in self.relationships:
                written: dict[str, object] = {"kind": kind, "statements": [CITATIONS[kind]]}
                validity = dated.get(kind, ALWAYS)
                for key, value in (
                    ("signed", validity.signed),
                    ("from", validity.start),
                    ("until", validity.end),
                ):
                    if value is not None:
                        written[key] = value
                listed.append(written)
        entry["relationships"] = listed
        return entry


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


_MEMBER_STATE_KEYS = {name_key(name): names[0] for names in MEMBER_STATES for name in names}
_THIRD_COUNTRY_KEYS = {name_key(name): country[0] for country in THIRD_COUNTRIES for name in country}


class Knowledge:
    """The reference view of a knowledge base: its partners, and every name they answer to."""

    def __init__(self, partners: Iterable[Partner]) -> None:
        """Index the names of ``partners``."""
        self.partners = tuple(partners)
        self._by_key: dict[str, Partner] = {}
        for partner in self.partners:
            for spelling in partner.spellings:
                self._by_key.setdefault(name_key(spelling), partner)
        self._by_name: Mapping[str, Partner] = {p.name: p for p in self.partners}

    def resolve(self, text: str) -> Resolved:
        """What ``text``, typed as a partner, means."""
        key = name_key(text)
        partner = self._by_key.get(key)
        if partner is not None:
            return Resolved(Verdict.PARTNER, partner.name)
        if key in _MEMBER_STATE_KEYS:
            return Resolved(Verdict.MEMBER_STATE, _MEMBER_STATE_KEYS[key])
        if key in _THIRD_COUNTRY_KEYS:
            return Resolved(Verdict.OTHER_COUNTRY, _THIRD_COUNTRY_KEYS[key])
        if not key or any(not (ch.isalpha() or ch in " ,()-'") for ch in key):
            return Resolved(Verdict.UNKNOWN)  # no country's name has digits, symbols or control characters
        return Resolved(Verdict.UNCERTAIN)

    def answer(self, partner: str, data_type: str, day: date | None = None) -> Answer:
        """The reference answer about a partner of this knowledge base (by its name), on ``day`` (today)."""
        return decide(self._by_name[partner].relationships_on(day or date.today()), data_type)


def in_force(relationship: Mapping[str, Any], day: date) -> bool:
    """Whether a relationship of ``partners.yaml`` holds on ``day`` (undated ones always do).

    A relationship signed but with no date of entry into force does not hold yet.
    """
    valid_from, valid_until = relationship.get("from"), relationship.get("until")
    if valid_from is None and relationship.get("signed") is not None:
        return False
    return (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)


def read_partners(path: Path, day: date | None = None) -> tuple[Partner, ...]:
    """The partners of a ``partners.yaml`` file, with the relationships in force on ``day`` (today)."""
    on = day or date.today()
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Partner(
            name=entry["name"],
            relationships=frozenset(r["kind"] for r in entry.get("relationships", ()) if in_force(r, on)),
            iso_alpha2=entry.get("iso_alpha2"),
            iso_alpha3=entry.get("iso_alpha3"),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in document["partners"]
    )
