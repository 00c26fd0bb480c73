"""How partners and data types are recognised from what people type."""

from __future__ import annotations

import pytest

from sharing_rules import (
    DataType,
    NotAThirdCountryError,
    Outcome,
    UnknownDataTypeError,
    UnknownPartnerError,
    evaluate,
)


@pytest.mark.parametrize(
    ("typed", "partner"),
    [
        ("Norway", "Norway"),
        ("NORWAY", "Norway"),
        ("  norway ", "Norway"),
        ("NO", "Norway"),
        ("nor", "Norway"),
        ("UK", "United Kingdom"),
        ("the United Kingdom", "United Kingdom"),
        ("The  United   Kingdom", "United Kingdom"),
        ("GB", "United Kingdom"),
        ("Great Britain", "United Kingdom"),
        ("USA", "United States"),
        ("U.S.A.", "United States"),
        ("United States of America", "United States"),
        ("the United States", "United States"),
        ("Republic of Moldova", "Moldova"),
        ("MDA", "Moldova"),
        ("Ibero-American Association of Public Prosecutors' Offices", "AIAMP"),
        ("Asociacion Iberoamericana de Ministerios Publicos", "AIAMP"),
        ("Swiss Confederation", "Switzerland"),
        ("mk", "North Macedonia"),
        ("\uff2e\uff2f\uff32\uff37\uff21\uff39", "Norway"),  # full-width letters,
    ],
)
def test_partners_are_found_by_name_alias_and_code(typed: str, partner: str) -> None:
    """Names, aliases and ISO codes match whatever their case, spacing, dots, accents or a leading 'the'."""
    assert evaluate(typed, "strategic").partner == partner


@pytest.mark.parametrize("typed", ["N\u00d3", "GF\u0301", "\uff2e\uff2f", "\u212aE", "BR\u00c1", "fr\u0301"])
def test_an_iso_code_matches_only_as_ascii_letters(typed: str) -> None:
    """A code is its ASCII letters: an accent, full-width letters or a Kelvin sign make it no code at all.

    Accent folding is for names only ("Nórway" is Norway), so "NÓ" is not Norway and "GF" with a combining
    accent is not French Guiana (which would be refused as part of France): each is an unknown partner.
    """
    with pytest.raises(UnknownPartnerError):
        evaluate(typed, "strategic")
    assert evaluate("N\u00f3rway", "strategic").partner == "Norway"


@pytest.mark.parametrize(
    ("typed", "data_type"),
    [
        ("personal_data", DataType.PERSONAL_DATA),
        ("personal data", DataType.PERSONAL_DATA),
        ("Personal-Data", DataType.PERSONAL_DATA),
        ("PERSONAL DATA", DataType.PERSONAL_DATA),
        (" best practices ", DataType.BEST_PRACTICES),
        (DataType.EVIDENCE, DataType.EVIDENCE),
    ],
)
def test_data_types_are_found_by_value_in_any_case(typed: str, data_type: DataType) -> None:
    """A data type is its value, in any case, with spaces or hyphens for underscores."""
    assert evaluate("Norway", typed).data_type is data_type


@pytest.mark.parametrize("typed", ["Kenya", "KEN", "Lebanon", "LB", "Iran, Islamic Republic of", "Türkiye"])
def test_a_country_with_no_relationship_has_only_the_regulations_basis(typed: str) -> None:
    """A real country the knowledge does not name is not an error: only Art. 47(2) non-personal exchanges."""
    non_personal = {DataType.STRATEGIC, DataType.BEST_PRACTICES, DataType.LEGAL_SYSTEM_INFORMATION}
    for data_type in DataType:
        decision = evaluate(typed, data_type, as_of="2024-09-30")
        assert decision.relationships == ()
        if data_type in non_personal:
            assert (decision.outcome, decision.basis, decision.instruments) == (
                Outcome.ALLOWED,
                "REG-47-2",
                (),
            )
        else:
            assert (decision.outcome, decision.allowed, decision.basis) == (Outcome.NO_BASIS, False, None)
            assert "no relationship with Eurojust" in decision.explanation


def test_an_other_country_is_named_by_its_short_name() -> None:
    """Countries outside the knowledge are reported under their ISO name, shortened where unambiguous."""
    assert evaluate("BRA", "strategic").partner == "Brazil"
    assert evaluate("Venezuela", "strategic").partner == "Venezuela"


@pytest.mark.parametrize(
    "typed", ["Germany", "DE", "deu", "France", "Denmark", "EL", "Greece", "the Netherlands"]
)
def test_member_states_are_not_third_countries(typed: str) -> None:
    """An EU Member State is refused with NotAThirdCountryError, which is also a ValueError."""
    with pytest.raises(NotAThirdCountryError, match="is an EU Member State") as caught:
        evaluate(typed, "strategic")
    assert isinstance(caught.value, ValueError)


def test_an_unknown_partner_gets_suggestions() -> None:
    """A misspelt partner raises UnknownPartnerError (a LookupError) suggesting the likely partner."""
    with pytest.raises(UnknownPartnerError) as caught:
        evaluate("Norwey", "strategic")
    assert caught.value.suggestions[0] == "Norway"
    assert isinstance(caught.value, LookupError)
    assert str(caught.value).startswith("Unknown partner 'Norwey'. Did you mean 'Norway'?")


def test_an_unknown_data_type_lists_the_valid_values() -> None:
    """An unknown data type raises UnknownDataTypeError (a ValueError) listing every valid value."""
    with pytest.raises(UnknownDataTypeError) as caught:
        evaluate("Norway", "secrets")
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert message.startswith("Unknown data type 'secrets'. Valid values: ")
    for data_type in DataType:
        assert data_type.value in message
