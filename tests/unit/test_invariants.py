"""The invariants of the law (rules/invariants.yaml), proven on every load.

The shipped knowledge holds every one of them; for each, an edit of the shipped rules that a careless
lawyer could make breaks it, and the load is refused whole, naming the invariant, the counterexample
(partner or combination of relationships, kind of information, day) and the rule that produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sharing_rules import KnowledgeBase, KnowledgeBaseError, load_knowledge
from sharing_rules._cli import main

from .conftest import Editor

Change = Callable[[Editor], None]


def _rule(content: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(rule for rule in content["rules"] if rule["id"] == ident)


def test_the_shipped_knowledge_holds_every_invariant(shipped: KnowledgeBase) -> None:
    """Each invariant of invariants.yaml was checked on decisions of both domains, and held."""
    proof = shipped.proof
    assert [i.id for i in proof.invariants] == [i.id for i in shipped.invariants]
    assert len(proof.invariants) >= 9
    assert all(proof.checked[i.id] > 0 for i in proof.invariants), proof.checked
    assert proof.partners == len(shipped.partners)
    assert proof.combinations >= 3**6  # every kind the Regulation's rules speak of, in three states
    assert proof.periods >= 5


def test_validate_says_what_it_proved(capsys: pytest.CaptureFixture[str]) -> None:
    """`sharing-rules validate` lists each invariant with the number of decisions it held on."""
    assert main(["validate"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Proved 9 invariant(s) of invariants.yaml" in out
    assert "WORKING-ARRANGEMENT-ALONE: held on" in out
    assert "combinations of relationships" in out


def _add_rule(entry: dict[str, Any]) -> Change:
    def change(edit: Editor) -> None:
        edit("eligibility.yaml", lambda c: c["rules"].append(entry))

    return change


def _edit_rule(ident: str, **values: Any) -> Change:
    def change(edit: Editor) -> None:
        edit("eligibility.yaml", lambda c: _rule(c, ident).update(values))

    return change


def _earlier_eurojust(edit: Editor) -> None:
    """Eurojust set up earlier, and a rule of no law in force since: strategic information before 2002."""
    edit("knowledge.yaml", lambda c: c.update(established="2000-01-01"))

    def lawless(content: dict[str, Any]) -> None:
        rule = _rule(content, "REG-NON-PERSONAL")
        del rule["law"]

    edit("eligibility.yaml", lawless)


def _transition_forgotten(edit: Editor) -> None:
    """The United Kingdom's transition period removed from member_states.yaml."""

    def forget(content: dict[str, Any]) -> None:
        del content["former_member_states"][0]["transition"]

    edit("member_states.yaml", forget)


def _no_signature_rule(edit: Editor) -> None:
    """The signature rule removed from relationships.yaml, and Switzerland's agreement dated 2022."""

    def no_rule(content: dict[str, Any]) -> None:
        agreement = next(k for k in content["relationships"] if k["id"] == "agreement_on_cooperation")
        del agreement["signed_before"]

    def later(content: dict[str, Any]) -> None:
        switzerland = next(p for p in content["partners"] if p["name"] == "Switzerland")
        switzerland["relationships"][0].update({"signed": "2022-11-27", "from": "2023-07-22"})
        liaison = switzerland["relationships"][1]
        liaison["from"] = "2023-09"

    edit("relationships.yaml", no_rule)
    edit("partners.yaml", later)


_ADMINISTRATIVE = {
    "title": "A rule the law does not have",
    "effect": "permit",
    "data_types": ["administrative_personal_data"],
    "basis": "EUDPR-47",
    "conditions": ["CONTROLLER-TASKS"],
    "statements": ["EUDPR-47"],
    "status": "stated",
    "law": "regulation",
    "explanation": "Only for the test.",
}

BREAKS: dict[str, tuple[Change, tuple[str, ...]]] = {
    "NOTHING-BEFORE-EUROJUST": (_earlier_eurojust, ("before", "REG-NON-PERSONAL", "from 2000-01-01")),
    "NO-PERSONAL-DATA-ON-ARTICLE-47-2": (
        _edit_rule(
            "REG-NON-PERSONAL",
            data_types=["strategic", "best_practices", "legal_system_information", "personal_data"],
        ),
        ("operational personal data", "REG-47-2", "REG-NON-PERSONAL"),
    ),
    "WORKING-ARRANGEMENT-ALONE": (
        _add_rule({**_ADMINISTRATIVE, "id": "WA-ADMINISTRATIVE", "when": {"has": ["working_arrangement"]}}),
        ("working arrangement", "administrative personal data", "WA-ADMINISTRATIVE"),
    ),
    "CHANNELS-ARE-NO-BASIS": (
        _add_rule({**_ADMINISTRATIVE, "id": "CP-ADMINISTRATIVE", "when": {"has": ["contact_point"]}}),
        ("contact point", "administrative personal data", "CP-ADMINISTRATIVE"),
    ),
    "OPERATIONAL-PERSONAL-DATA-ON-ARTICLE-56": (
        _edit_rule(
            "AGR-OPERATIONAL", conditions=["NECESSARY", "COMPETENT-RECIPIENT", "MEMBER-STATE-AUTHORISATION"]
        ),
        ("ONWARD-TRANSFER", "are missing", "AGR-OPERATIONAL"),
    ),
    "OPERATIONAL-PERSONAL-DATA-UNDER-THE-OLDER-LAW": (
        _edit_rule(
            "DEC-2009-AGREEMENT-OPERATIONAL",
            basis="DEC-2009-26A-1",
            statements=["AGR-1", "DEC-2009-26A-1", "DEC-2009-26A-2", "DEC-2009-26A-3", "DEC-2009-27-1"],
        ),
        ("allowed on DEC-2009-26A-1", "DEC-2009-AGREEMENT-OPERATIONAL", "operational"),
    ),
    "ADMINISTRATIVE-PERSONAL-DATA-ON-AN-ADEQUACY-DECISION": (
        _edit_rule("ADEQUACY-ADMINISTRATIVE", conditions=[]),
        ("CONTROLLER-TASKS", "are missing", "ADEQUACY-ADMINISTRATIVE"),
    ),
    "ARTICLE-56-2-B-BEFORE-2019": (
        _edit_rule("AGR-OPERATIONAL", when={"has_any": ["agreement_on_cooperation", "union_agreement"]}),
        ("REG-56-2-B may rest only on agreement_on_cooperation", "union_agreement", "AGR-OPERATIONAL"),
    ),
    "MEMBER-STATES-ARE-NO-PARTNERS": (
        _transition_forgotten,
        ("United Kingdom", "is answered as a third country", "until 2020-12-31"),
    ),
}


@pytest.mark.parametrize("invariant", sorted(BREAKS))
def test_a_rules_edit_that_breaks_an_invariant_is_refused(
    invariant: str, rules_copy: Path, edit: Editor
) -> None:
    """The edit loads as YAML and as rules; the proof finds the counterexample and refuses the load."""
    change, fragments = BREAKS[invariant]
    change(edit)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(rules_copy)
    error = caught.value
    assert (error.file, error.entry) == ("invariants.yaml", f"invariant {invariant}"), str(error)
    for fragment in fragments:
        assert fragment in str(error), str(error)
    assert "To fix:" in str(error)


def test_the_signature_of_an_agreement_is_checked_even_without_the_loaders_rule(
    rules_copy: Path, edit: Editor
) -> None:
    """Without `signed_before` in relationships.yaml, the invariant still refuses a 2022 agreement."""
    _no_signature_rule(edit)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(rules_copy)
    assert caught.value.entry == "invariant ARTICLE-56-2-B-BEFORE-2019", str(caught.value)
    assert "Switzerland" in str(caught.value)
    assert "signed 2022-11-27" in str(caught.value)


def test_every_invariant_has_a_breaking_edit(shipped: KnowledgeBase) -> None:
    """Each invariant of the shipped file is shown able to fail by one of the edits above."""
    assert set(BREAKS) == {invariant.id for invariant in shipped.invariants}


def test_an_invariant_that_says_nothing_is_refused(rules_copy: Path, edit: Editor) -> None:
    """An invariant must say what holds: one without any check is refused when the file is read."""
    edit(
        "invariants.yaml",
        lambda c: c["invariants"].append({"id": "EMPTY", "title": "x", "statements": ["REG-82"]}),
    )
    with pytest.raises(KnowledgeBaseError, match="say what must hold"):
        load_knowledge(rules_copy)


def test_an_invariant_about_an_unknown_partner_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A partner named in `refused_until` must be one of the knowledge (a typo would disable the check)."""

    def misspell(content: dict[str, Any]) -> None:
        checks = next(i for i in content["invariants"] if "refused_until" in i)
        checks["refused_until"] = {"Untied Kingdom": "2020-12-31"}

    edit("invariants.yaml", misspell)
    with pytest.raises(KnowledgeBaseError, match="the partner 'Untied Kingdom' is not defined"):
        load_knowledge(rules_copy)
