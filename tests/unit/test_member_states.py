"""Member States and the places inside the Union: refused at every entry point, in every name they have.

A Member State named in its own language or by its official long name, and a territory that is part of a
Member State and of the Union (Aland, the outermost regions, Ceuta and Melilla), is refused like the State.
Territories outside the Union (Greenland, the Faroe Islands, the Crown Dependencies) stay third countries.
A did-you-mean never offers a partner or another country for a name that looks like a Member State's.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing_rules import (
    KnowledgeBase,
    NotAThirdCountryError,
    Outcome,
    UnknownPartnerError,
    check_transfer,
    evaluate,
    load_knowledge,
    shipped_rules,
)
from sharing_rules._cli import main

_STATES = yaml.safe_load((shipped_rules() / "member_states.yaml").read_text(encoding="utf-8"))[
    "member_states"
]

INSIDE = {
    "AX": "Finland", "Åland": "Finland", "Aland Islands": "Finland",
    "GF": "France", "French Guiana": "France", "Guyane": "France",
    "RE": "France", "Réunion": "France", "Reunion": "France",
    "MQ": "France", "Martinique": "France",
    "GP": "France", "Guadeloupe": "France",
    "YT": "France", "Mayotte": "France",
    "MF": "France", "Saint Martin": "France", "Saint-Martin": "France",
    "Canary Islands": "Spain", "the Canaries": "Spain", "Ceuta": "Spain", "Melilla": "Spain",
    "Azores": "Portugal", "the Azores": "Portugal", "Açores": "Portugal", "Madeira": "Portugal",
    "Deutschland": "Germany", "Federal Republic of Germany": "Germany",
    "Bundesrepublik Deutschland": "Germany",
    "Österreich": "Austria", "Osterreich": "Austria", "España": "Spain", "Espana": "Spain",
    "Kingdom of the Netherlands": "Netherlands", "Nederland": "Netherlands", "Polska": "Poland",
    "Sverige": "Sweden", "Suomi": "Finland", "Ελλάδα": "Greece", "България": "Bulgaria", "Éire": "Ireland",
    "Magyarország": "Hungary", "Italian Republic": "Italy", "Hrvatska": "Croatia", "Lëtzebuerg": "Luxembourg",
}  # fmt: skip
OUTSIDE = ["Greenland", "GL", "Faroe Islands", "FO", "Guernsey", "Jersey", "Isle of Man", "IM", "Aruba",
           "New Caledonia", "French Polynesia", "Saint Barthélemy", "Bonaire", "Curaçao",
           "Gibraltar"]  # fmt: skip


@pytest.mark.parametrize(("name", "state"), sorted(INSIDE.items()))
def test_a_place_inside_the_union_is_refused_like_its_member_state(name: str, state: str) -> None:
    """Territories of the Union and the Member States' own names: NotAThirdCountryError, everywhere."""
    with pytest.raises(NotAThirdCountryError) as caught:
        evaluate(name, "strategic")
    assert caught.value.member_state == state
    with pytest.raises(NotAThirdCountryError):
        check_transfer({"case_reference": "EJ", "partner": name, "items": [{"data_type": "strategic"}]})
    assert main(["evaluate", name, "strategic"]) == 2


@pytest.mark.parametrize("name", OUTSIDE)
def test_a_territory_outside_the_union_is_a_third_country(name: str) -> None:
    """Greenland, the Faroe Islands, the Crown Dependencies and the overseas countries have no basis."""
    decision = evaluate(name, "personal data")
    assert decision.outcome is Outcome.NO_BASIS


_ALL_NAMES = sorted(
    {
        spelling
        for state in _STATES
        for entry in (state, *state.get("territories", ()))
        for spelling in (entry["name"], *entry.get("aliases", ()))
    }
)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(_ALL_NAMES),
    edit=st.sampled_from(["drop", "double", "swap", "replace"]),
    where=st.integers(0, 60),
    letter=st.sampled_from("aeiourstnl"),
)
def test_a_misspelt_member_state_is_never_offered_a_partner(
    name: str, edit: str, where: int, letter: str
) -> None:
    """One slip in a Member State's name: refused, or unknown with only Member States suggested."""
    at = where % len(name)
    slipped = {
        "drop": name[:at] + name[at + 1 :],
        "double": name[:at] + name[at] + name[at:],
        "swap": name[:at] + name[at + 1 : at + 2] + name[at : at + 1] + name[at + 2 :],
        "replace": name[:at] + letter + name[at + 1 :],
    }[edit]
    knowledge = load_knowledge() if not _KB else _KB[0]
    _KB[:] = [knowledge]
    states = {state["name"] for state in _STATES}
    suggestions: tuple[str, ...] = ()
    try:
        evaluate(slipped, "personal data", knowledge=knowledge)  # the slip may be another real name
    except NotAThirdCountryError:
        pass
    except UnknownPartnerError as error:
        suggestions = error.suggestions
    assert set(suggestions) <= states, (slipped, suggestions)


_KB: list[KnowledgeBase] = []
