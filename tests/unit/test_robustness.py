"""No input, however odd, yields "allowed" for something the knowledge does not grant."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing_rules import (
    DataType,
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


def _data_type_spellings(knowledge: KnowledgeBase) -> list[tuple[str, DataType]]:
    """Every id, label and alias of the knowledge's data types, with the data type it names."""
    return [
        (spelling, member)
        for member, definition in knowledge.data_types.items()
        for spelling in (member.value, definition.label, *definition.aliases)
    ]


_SHIPPED_SPELLINGS = _data_type_spellings(load_knowledge())


@st.composite
def _typed(draw: st.DrawFn) -> tuple[str, DataType | None]:
    """A data type's id, label or alias as someone may type it (case, separators, spacing), or any text."""
    if draw(st.booleans()):
        return draw(st.text(max_size=40)), None
    spelling, member = draw(st.sampled_from(_SHIPPED_SPELLINGS))
    words = spelling.replace("_", " ").split()
    joined = draw(st.sampled_from([" ", "-", "_", "  ", "\t"])).join(words)
    cased = draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize, str.swapcase]))(joined)
    return draw(st.sampled_from(["", " "])) + cased + draw(st.sampled_from(["", " ", "\t"])), member


@settings(max_examples=300, deadline=None)
@given(typed=_typed())
def test_a_data_type_is_read_by_its_id_label_or_alias_and_nothing_else(
    shipped: KnowledgeBase, typed: tuple[str, DataType | None]
) -> None:
    """A data type's id, label or alias, in any case and with any separators, names it; other text is refused.

    Any text that is accepted names a data type one of whose spellings it is, once case and separators are
    set aside.
    """
    text, meant = typed
    try:
        decision = evaluate("Norway", text)
    except SharingRulesError:
        assert meant is None, f"{text!r} is a spelling of {meant} and was refused"
        return
    if meant is not None:
        assert decision.data_type is meant
    own = {_words(spelling) for spelling, member in _SHIPPED_SPELLINGS if member is decision.data_type}
    assert _words(text) in own


def _words(text: str) -> str:
    """Text with case, hyphens, underscores and runs of white space set aside."""
    return " ".join(normalise(text.replace("_", " ").replace("-", " ")).split())


def test_remembered_spellings_are_bounded() -> None:
    """Endless new spellings of a country are answered, but the memory of spellings stops growing."""
    knowledge = load_knowledge()
    limit = knowledge._spellings_limit
    for number in range(limit + 500):
        padding = format(number, "b").replace("0", " ").replace("1", "\t")  # new blanks each time
        assert knowledge.decide(padding + "Brazil", DataType.STRATEGIC).partner == "Brazil"
    assert len(knowledge._by_spelling) == limit
