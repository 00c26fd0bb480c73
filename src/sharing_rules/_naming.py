"""How the names people type are matched to partners, Member States and other countries.

Matching ignores case, accents, dots, apostrophes, runs of white space and a leading "the". ISO 3166
codes are ASCII: a code matches only text that is those ASCII letters once case, white space, dots,
apostrophes and a leading "the" are set aside; accents and other folding (full-width letters, a combining
mark, a letter whose case folds to ASCII) are for names only, so "NÓ" is not Norway's code NO. Partners
(from ``partners.yaml``) come first, then the EU Member States and the territories that are part of them
(``member_states.yaml``), then every other country of ISO 3166-1, which is a country with no relationship
to Eurojust. A partner may not answer to a Member State's name or code: such a rules directory is refused.
Every territory also answers to its CLDR names in the 24 official languages of the Union
(``data/cldr_names.json``, written from Babel by ``scripts/cldr_names.py``), after the knowledge's own names
and the ISO names; a Member State's are known from the load (a partner answering to one is refused), and a
CLDR name that two territories share is refused as ambiguous, never guessed.

A caller's text is copied to a plain ``str`` (:func:`plain`) before it is compared, hashed or kept: a
``str`` subclass's own ``casefold``, ``__eq__`` or ``__hash__`` never take part in matching.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from types import MappingProxyType

import iso3166

from sharing_rules._errors import KnowledgeBaseError, UnknownPartnerError

MAX_NAME_LENGTH = 200
"""Longer text is no name of anything: it is refused without being searched."""

_DROPPED = str.maketrans("", "", ".'\u2019")


def plain(text: str) -> str:
    """``text`` as a plain ``str`` (a copy for a subclass, whose own methods are never called)."""
    return text if type(text) is str else str.__str__(text)


COMMON_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "AE": ("UAE",),
        "BN": ("Brunei",),
        "CD": ("DR Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"),
        "CG": ("Republic of the Congo", "Congo-Brazzaville"),
        "CI": ("Ivory Coast", "Cote d'Ivoire"),
        "CV": ("Cape Verde",),
        "FM": ("Micronesia",),
        "IR": ("Iran",),
        "KP": ("North Korea",),
        "KR": ("South Korea",),
        "LA": ("Laos",),
        "MM": ("Burma",),
        "RU": ("Russia",),
        "SY": ("Syria",),
        "SZ": ("Swaziland",),
        "TL": ("East Timor",),
        "TR": ("T\u00fcrkiye", "Turkey"),
        "TW": ("Taiwan",),
        "TZ": ("Tanzania",),
        "VA": ("Vatican", "Vatican City"),
        "VE": ("Venezuela",),
        "VN": ("Vietnam",),
    }
)
"""Short names in everyday English for countries whose ISO 3166 name differs (not legal content)."""
_PARENTHESIS = re.compile(r"\s*\(.*\)\s*$")


@functools.cache
def cldr_names() -> Mapping[str, tuple[str, ...]]:
    """Each territory's CLDR names in the 24 official languages of the Union, by its ISO alpha-2 code.

    Read once from ``data/cldr_names.json`` (written from Babel's CLDR data by ``scripts/cldr_names.py``;
    the library never imports Babel).
    """
    text = resources.files("sharing_rules").joinpath("data/cldr_names.json").read_text(encoding="utf-8")
    names: dict[str, list[str]] = json.loads(text)["names"]
    return MappingProxyType({code: tuple(found) for code, found in names.items()})


def as_written_in_ascii(text: str) -> bool:
    """Whether ``text`` is ASCII once white space, dots and apostrophes are set aside (as a code must be)."""
    return all(word.isascii() for word in plain(text).translate(_DROPPED).split())


def normalise(text: str) -> str:
    """The matching key of a name: case, accents, dots, apostrophes and a leading "the" ignored.

    >>> normalise("The  Côte d'Ivoire"), normalise("U.S.A.")
    ('cote divoire', 'usa')
    """
    text = plain(text)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = text.casefold().translate(_DROPPED).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Found(Enum):
    """What a name turned out to be."""

    PARTNER = "partner"
    MEMBER_STATE = "member state"
    OTHER_COUNTRY = "other country"


@dataclass(frozen=True, slots=True)
class Match:
    """A name matched: what it is and its canonical name."""

    found: Found
    name: str
    territory: str | None = None
    """For a territory inside a Member State (Réunion, the Azores): its name; ``name`` is the State."""


@dataclass(frozen=True, slots=True)
class Names:
    """The names one partner or Member State answers to, with where they come from (for errors)."""

    canonical: str
    spellings: tuple[str, ...]
    file: str
    entry: str
    country: str | None = None
    """The ISO 3166-1 alpha-2 code when these are the names of a country."""
    part_of: str | None = None
    """For a territory inside the Union: the Member State it is part of (``canonical`` is the territory)."""


class Directory:
    """Every name the engine recognises, built once per knowledge base and read-only after."""

    def __init__(self, partners: Iterable[Names], member_states: Iterable[Names]) -> None:
        index: dict[str, Match] = {}
        origin: dict[str, Names] = {}
        codes: set[str] = set()
        written_names: set[str] = set()
        self._countries_named: dict[str, Match] = {}
        """The countries the knowledge names (by ISO alpha-2 code): their ISO names lead to them too."""
        for found, group in ((Found.PARTNER, partners), (Found.MEMBER_STATE, member_states)):
            for names in group:
                if names.country is not None:
                    named = (
                        Match(found, names.canonical)
                        if names.part_of is None
                        else Match(found, names.part_of, names.canonical)
                    )
                    self._countries_named.setdefault(names.country, named)
                country_codes = _codes_of(names.country)
                for spelling in names.spellings:
                    key = normalise(spelling)
                    (codes if spelling in country_codes else written_names).add(key)
                    other = origin.get(key)
                    if other is not None and index[key].found is not found:  # partners come first
                        _refuse_member_state_partner(other, spelling, names)
                    if other is not None and other.canonical != names.canonical:
                        raise KnowledgeBaseError(
                            names.file,
                            names.entry,
                            f"the name or code {spelling!r} is already used by {other.canonical}"
                            f" ({other.file}, {other.entry}).",
                            "give every name, alias and code to one partner or Member State only.",
                        )
                    origin[key] = names
                    if names.part_of is None:
                        index[key] = Match(found, names.canonical)
                    else:
                        index[key] = Match(found, names.part_of, names.canonical)
        _add_member_states_in_every_language(index, origin)
        self._index: Mapping[str, Match] = MappingProxyType(index)
        self._codes = frozenset(codes - written_names)
        """The keys that are only ever an ISO code: matched only by text written in ASCII."""
        self._countries: Countries | None = None  # built when needed
        exact: dict[str, Match] = {}
        for names in {id(names): names for names in origin.values()}.values():
            match = index[normalise(names.spellings[0])]
            for spelling in names.spellings:
                for variant in (spelling, spelling.lower(), spelling.upper(), spelling.title()):
                    # only variants that are the same name: a dotless i upper-cases to I, another letter
                    if variant not in exact and normalise(variant) == normalise(spelling):
                        exact[variant] = match
        self._exact: Mapping[str, Match] = MappingProxyType(exact)

    def find(self, name: str) -> Match:
        """The partner, Member State or country that ``name`` means; :class:`UnknownPartnerError` if none."""
        name = plain(name)
        match = self._exact.get(name)
        if match is not None:
            return match
        if len(name) > MAX_NAME_LENGTH:
            raise UnknownPartnerError(name)
        key = normalise(name)
        match = self._index.get(key)
        codes = self._codes
        if match is None:
            countries, codes, ambiguous = self._other_countries()
            match = countries.get(key)
            if match is None and key in ambiguous:  # two territories answer to it: never guessed
                raise UnknownPartnerError.ambiguous(name, ambiguous[key])
        if match is not None and key in codes and not as_written_in_ascii(name):
            match = None  # folded onto a code: "NÓ" is no spelling of NO, since codes are ASCII
        if match is None:
            raise UnknownPartnerError(name, self.suggest(name))
        return match

    def suggest(self, name: str) -> tuple[str, ...]:
        """Up to three canonical names that look like ``name`` (for "did you mean").

        A name that looks like a Member State's is never answered with a partner or another country: then
        only the Member States it looks like are suggested (asking about them is refused, never allowed).
        """
        key = normalise(name)
        known = {**self._other_countries()[0], **self._index}
        candidates = [spelling for spelling in known if len(spelling) > 3]  # codes make poor suggestions
        close = difflib.get_close_matches(key, candidates, n=6, cutoff=0.75)
        states = [spelling for spelling in close if known[spelling].found is Found.MEMBER_STATE]
        return tuple(dict.fromkeys(known[spelling].name for spelling in (states or close)))[:3]

    def _other_countries(self) -> Countries:
        countries = self._countries
        if countries is None:  # two threads may both build it: they build the same thing
            other, codes, ambiguous = _other_countries(set(self._index), self._countries_named)
            countries = self._countries = (
                MappingProxyType(other), frozenset(codes), MappingProxyType(ambiguous),
            )  # fmt: skip
        return countries


Countries = tuple[Mapping[str, Match], frozenset[str], Mapping[str, tuple[str, ...]]]
"""The other countries by spelling, the spellings that are ISO codes, and the ambiguous spellings."""


def _add_member_states_in_every_language(index: dict[str, Match], origin: dict[str, Names]) -> None:
    """Each Member State (and territory of one) under its CLDR names too; a partner answering one is refused.

    A CLDR name that two Member States or territories share is left out (the hand-kept names stay).
    """
    owners: dict[str, set[str]] = {}
    states = {names.country: names for names in origin.values() if names.country and index[
        normalise(names.spellings[0])].found is Found.MEMBER_STATE}  # fmt: skip
    for country in states:
        for spelling in cldr_names().get(country, ()):
            owners.setdefault(normalise(spelling), set()).add(country)
    for key, countries in owners.items():
        if len(countries) > 1:
            continue
        names = states[next(iter(countries))]
        known = index.get(key)
        if known is not None and known.found is Found.PARTNER:
            _refuse_member_state_partner(origin[key], key, names)
        if known is None:
            canonical = index[normalise(names.spellings[0])]
            index[key] = canonical


def _refuse_member_state_partner(partner: Names, spelling: str, state: Names) -> None:
    """A partner that answers to a Member State's (or an EU territory's) name or code: refuse the load."""
    where = state.canonical if state.part_of is None else f"{state.canonical} (part of {state.part_of})"
    raise KnowledgeBaseError(
        partner.file,
        partner.entry,
        f"the name or code {spelling!r} is that of {where}, inside the European Union"
        f" ({state.file}, {state.entry}): an EU Member State is not a partner outside the EU, and a"
        " question about it must be refused, never answered.",
        "remove the partner (or that name or code from it); a partner is a third country or an organisation.",
    )


def _codes_of(country: str | None) -> frozenset[str]:
    """The ISO 3166-1 codes of a country given by its alpha-2 code (none for an organisation)."""
    if country is None:
        return frozenset()
    found = iso_country(country)
    return frozenset({country, found[0]} if found is not None else {country})


def _named_countries(taken: set[str], named: Mapping[str, Match]) -> dict[str, Match]:
    """The ISO names (not ``taken``) of the countries the knowledge names, leading to what it names them."""
    index: dict[str, Match] = {}
    for country in iso3166.countries:
        known = named.get(country.alpha2)
        if known is not None:
            for spelling in (country.name, country.apolitical_name):
                key = normalise(spelling)
                if key not in taken:
                    index.setdefault(key, known)
    return index


def _other_countries(
    taken: set[str], named: Mapping[str, Match]
) -> tuple[dict[str, Match], set[str], dict[str, tuple[str, ...]]]:
    """Every ISO 3166-1 country under the spellings not ``taken``; also the keys that are ISO codes.

    A country the knowledge names (``named``, by alpha-2 code) is found under its ISO names as what the
    knowledge names it (a partner, or a Member State); every other country as a country with no
    relationship. An ISO code is matched only by text written in ASCII.
    """
    index = _named_countries(taken, named)
    codes: set[str] = set()
    by_code: dict[str, Match] = dict(named)
    short_owners: dict[str, set[str]] = {}
    for country in iso3166.countries:
        if country.alpha2 in named:
            continue
        short = _PARENTHESIS.sub("", country.name).split(",")[0].strip()
        short_owners.setdefault(normalise(short), set()).add(country.alpha2)
    for country in iso3166.countries:
        if country.alpha2 in named:
            continue
        short = _PARENTHESIS.sub("", country.name).split(",")[0].strip()
        unique_short = short_owners[normalise(short)] == {country.alpha2}
        match = Match(Found.OTHER_COUNTRY, short if unique_short else country.name)
        common = COMMON_NAMES.get(country.alpha2, ())
        if common:
            match = Match(Found.OTHER_COUNTRY, common[0])
        by_code[country.alpha2] = match
        spellings = [country.name, country.apolitical_name, *common]
        if unique_short:
            spellings.append(short)
        for spelling in spellings:
            key = normalise(spelling)
            if key not in taken:
                index.setdefault(key, match)
        for code in (country.alpha2, country.alpha3):
            key = normalise(code)
            if key not in taken and key not in index:
                index[key] = match
                codes.add(key)
    ambiguous = _in_every_language(index, taken, by_code)
    return index, codes, ambiguous


def _in_every_language(
    index: dict[str, Match], taken: set[str], by_code: Mapping[str, Match]
) -> dict[str, tuple[str, ...]]:
    """Add each territory's CLDR names to ``index``; return the names that lead to two (never guessed)."""
    owners: dict[str, dict[Match, None]] = {}
    for code, spellings in cldr_names().items():
        match = by_code.get(code)
        if match is None:  # a territory the knowledge does not name and ISO 3166-1 does not list
            continue
        for spelling in spellings:
            owners.setdefault(normalise(spelling), {})[match] = None
    ambiguous = {}
    for key, matches in owners.items():
        if key in taken or key in index:  # the knowledge's own names and the ISO names come first
            continue
        if len(matches) > 1:
            ambiguous[key] = tuple(sorted(m.name for m in matches))
        else:
            index[key] = next(iter(matches))
    return ambiguous


def iso_country(alpha2: str) -> tuple[str, str] | None:
    """The ISO 3166-1 alpha-3 code and name for an alpha-2 code, or None if there is no such country."""
    try:
        country = iso3166.countries_by_alpha2[alpha2]
    except KeyError:
        return None
    return country.alpha3, country.name
