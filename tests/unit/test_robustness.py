"""No input, however odd, yields "allowed" for something the knowledge does not grant."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing_rules import (
    DataType,
    InvalidInputError,
    KnowledgeBase,
    SharingRulesError,
    evaluate,
    load_knowledge,
)
from sharing_rules._naming import normalise


def _spellings(knowledge: KnowledgeBase) -> dict[str, str]:
    found = {}
    for partner in knowledge.partners:
        for spelling in (
            partner.name,
            partner.full_name,
            partner.iso_alpha2,
            partner.iso_alpha3,
            *partner.aliases,
        ):
            if spelling:
                found[normalise(spelling)] = partner.name
    return found


@settings(max_examples=300, deadline=None)
@given(partner=st.text(max_size=60), data_type=st.sampled_from(list(DataType)))
def test_random_text_is_never_allowed_unless_it_names_a_partner(
    shipped: KnowledgeBase, partner: str, data_type: DataType
) -> None:
    """Arbitrary Unicode is refused, or decided for what it names: personal data only for a named partner."""
    try:
        decision = evaluate(partner, data_type)
    except SharingRulesError:
        return
    if decision.allowed and decision.instruments:
        assert _spellings(shipped).get(normalise(partner)) == decision.partner
    elif decision.allowed:  # any third country's authorities, under Art. 47(2): never personal data
        assert decision.basis == "REG-47-2"
        assert data_type not in {DataType.PERSONAL_DATA, DataType.EVIDENCE, DataType.OPERATIONAL}


@pytest.mark.parametrize(
    "partner",
    ["", " ", "\x00", "Norway\x00", "No\u200bway", "N" * 1_000_000, "Norway; DROP TABLE", "../../etc/passwd"],
)
def test_odd_partner_text_never_leaks(partner: str) -> None:
    """Empty, control characters, zero-width spaces and 1 MB of text are refused, never allowed."""
    with pytest.raises(SharingRulesError):
        evaluate(partner, "personal_data")


@pytest.mark.parametrize("value", [None, 3, 4.5, b"Norway", ["Norway"], {"name": "Norway"}])
def test_non_text_is_a_type_error(value: object) -> None:
    """Non-text partners or data types raise InvalidInputError, which is also a TypeError."""
    with pytest.raises(InvalidInputError) as caught:
        evaluate(value, "strategic")  # type: ignore[arg-type]  # wrong on purpose
    assert isinstance(caught.value, TypeError)
    with pytest.raises(TypeError):
        evaluate("Norway", value)  # type: ignore[arg-type]  # wrong on purpose


@settings(max_examples=200, deadline=None)
@given(data_type=st.text(max_size=40))
def test_random_data_types_are_refused_or_recognised(data_type: str) -> None:
    """Any text as a data type is either one of the vocabulary or an UnknownDataTypeError."""
    try:
        decision = evaluate("Norway", data_type)
    except SharingRulesError:
        return
    assert normalise(data_type).replace(" ", "_").replace("-", "_") == decision.data_type.value


def test_remembered_spellings_are_bounded() -> None:
    """Endless new spellings of a country are answered, but the memory of spellings stops growing."""
    knowledge = load_knowledge()
    limit = knowledge._spellings_limit
    for number in range(limit + 500):
        padding = format(number, "b").replace("0", " ").replace("1", "\t")  # new blanks each time
        assert knowledge.decide(padding + "Brazil", DataType.STRATEGIC).partner == "Brazil"
    assert len(knowledge._by_spelling) == limit
