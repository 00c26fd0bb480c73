"""Partner names in the 24 official languages of the Union, from CLDR's territory names."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from weakref import WeakValueDictionary

import pytest

from sharing_rules import (
    NotAThirdCountryError,
    UnknownPartnerError,
    _knowledge,
    _naming,
    evaluate,
    load_knowledge,
)

ROOT = Path(__file__).resolve().parents[2]


def _script() -> object:
    spec = importlib.util.spec_from_file_location("cldr_names_script", ROOT / "scripts" / "cldr_names.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_names_are_what_babel_gives_now() -> None:
    """Regenerating the file from the pinned Babel gives the shipped file, byte for byte."""
    pytest.importorskip("babel")
    script = _script()
    generated = script.generate()  # type: ignore[attr-defined]
    shipped = (ROOT / "src" / "sharing_rules" / "data" / "cldr_names.json").read_text(encoding="utf-8")
    assert generated == shipped, "data/cldr_names.json is out of date: run python scripts/cldr_names.py"
    assert len(script.LANGUAGES) == 24  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("typed", "partner"),
    [
        ("Norvège", "Norway"), ("Noruega", "Norway"), ("Norwegen", "Norway"), ("Suiza", "Switzerland"),
        ("Ucraina", "Ukraine"), ("NORVÈGE", "Norway"), ("la Suisse", None), ("Szwajcaria", "Switzerland"),
        ("Royaume-Uni", "United Kingdom"), ("Stany Zjednoczone", "United States"), ("Норвегия", "Norway"),
        ("Норвегия ", "Norway"), ("Νορβηγία", "Norway"), ("Норвегія", None), ("Norvegia", "Norway"),
    ],
)  # fmt: skip
def test_a_partner_is_found_by_its_name_in_any_official_language(typed: str, partner: str | None) -> None:
    """A name in one of the 24 languages finds the partner, with today's normalisation (case, accents).

    Bulgarian (Норвегия) is one of them; Ukrainian (Норвегія) is not, and a phrase that is no CLDR name
    ("la Suisse") is no name here.
    """
    if partner is None:
        with pytest.raises(UnknownPartnerError):
            evaluate(typed, "strategic")
    else:
        assert evaluate(typed, "strategic").partner == partner


_STATES = [
    "Allemagne", "Niemcy", "Německo", "Γερμανία", "Tyskland", "Saksa",
    "An Ghearmáin", "il-Ġermanja", "Espagne", "Hiszpania", "Испания",
]  # fmt: skip


@pytest.mark.parametrize("typed", _STATES)
def test_a_member_state_named_in_any_official_language_is_refused(typed: str) -> None:
    """A Member State in any of the 24 languages is refused as a Member State, never answered."""
    with pytest.raises(NotAThirdCountryError):
        evaluate(typed, "strategic")


def test_a_country_with_no_relationship_is_found_in_any_language() -> None:
    """Türkei, Turquía, Japonia: the country, with its decisions."""
    assert evaluate("Türkei", "strategic").partner == "Türkiye"
    assert evaluate("Turquía", "personal data").partner == "Türkiye"


def _with_names(monkeypatch: pytest.MonkeyPatch, extra: Mapping[str, tuple[str, ...]]) -> None:
    names = {code: (*found, *extra.get(code, ())) for code, found in _naming.cldr_names().items()}
    monkeypatch.setattr(_naming, "cldr_names", lambda: names)
    # a load of the same bytes would reuse a knowledge base in use, named before the names changed
    monkeypatch.setattr(_knowledge, "_LOADED", WeakValueDictionary())


def test_a_name_two_territories_answer_to_is_refused_never_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CLDR name that normalises to two territories (here made up) is refused, naming both."""
    _with_names(monkeypatch, {"NO": ("Nordlandia",), "IS": ("Nórdlandia",)})
    knowledge = load_knowledge()
    with pytest.raises(UnknownPartnerError, match="not guessed") as caught:
        evaluate("nordlandia", "strategic", knowledge=knowledge)
    assert "Iceland" in str(caught.value)
    assert "Norway" in str(caught.value)
    assert evaluate("Norvège", "strategic", knowledge=knowledge).partner == "Norway"


def test_a_partner_answering_to_a_member_states_name_in_any_language_is_refused_at_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A partner alias that is a Member State's CLDR name (made up here) makes the load fail, as today."""
    from sharing_rules import KnowledgeBaseError

    _with_names(monkeypatch, {"DE": ("Kingdom of Norway",)})
    with pytest.raises(KnowledgeBaseError, match="inside the European Union"):
        load_knowledge()


def test_the_library_does_not_import_babel() -> None:
    """Babel is a tool of the script and the tests, never a run-time dependency."""
    import subprocess

    code = (
        "import sys, sharing_rules; sharing_rules.evaluate('Norvège', 'strategic');"
        " print('babel' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
