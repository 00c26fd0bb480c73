"""Loading a rules directory: decisions follow the data, and a broken directory is refused whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sharing_rules import KnowledgeBaseError, Outcome, evaluate, load_knowledge

from .conftest import Editor


def _add_partner(content: Any) -> None:
    content["partners"].append(
        {
            "name": "Kenya",
            "kind": "country",
            "iso_alpha2": "KE",
            "iso_alpha3": "KEN",
            "aliases": ["Republic of Kenya"],
            "relationships": [
                {"kind": "working_arrangement", "from": "2024-01-15", "source": "a test, https://example.org"}
            ],
        }
    )


def test_a_partner_added_to_the_data_gets_decisions_without_code_changes(
    rules_copy: Path, edit: Editor
) -> None:
    """A new partner in partners.yaml is decided by the rules as soon as the directory is loaded."""
    day = "2024-09-30"
    assert evaluate("Kenya", "strategic", as_of=day).instruments == ()
    edit("partners.yaml", _add_partner)
    knowledge = load_knowledge(rules_copy)
    strategic = evaluate("Republic of Kenya", "strategic", knowledge=knowledge, as_of=day)
    assert (strategic.partner, strategic.outcome, strategic.basis, strategic.instruments) == (
        "Kenya",
        Outcome.ALLOWED,
        "REG-47-2",
        ("working_arrangement",),
    )
    personal = evaluate("KEN", "personal data", knowledge=knowledge, as_of=day)
    assert (personal.outcome, [r.rule for r in personal.reasons]) == (
        Outcome.NO_BASIS,
        ["WA-NO-PERSONAL-DATA"],
    )
    assert evaluate("Kenya", "operational", knowledge=knowledge, as_of=day).outcome is Outcome.NO_BASIS
    assert evaluate("Kenya", "strategic", knowledge=knowledge, as_of="2024-01-14").instruments == ()
    assert evaluate("Kenya", "strategic", as_of=day).instruments == ()  # the shipped knowledge is untouched


def test_an_edited_rule_changes_the_decisions(rules_copy: Path, edit: Editor) -> None:
    """An edit of eligibility.yaml changes decisions: every adequacy decision counted, whatever its scope.

    Japan's administrative personal data become allowed (no invariant forbids this edit; the law does).
    """

    def widen(content: Any) -> None:
        rule = next(r for r in content["rules"] if r["id"] == "ADEQUACY-ADMINISTRATIVE")
        rule["when"]["has_any"].append("limited_adequacy_decision")
        limited = next(r for r in content["rules"] if r["id"] == "LIMITED-ADEQUACY-NO-BASIS")
        limited["data_types"] = ["personal_data"]

    kind = "administrative_personal_data"
    assert evaluate("Japan", kind, as_of="2024-09-30").outcome is Outcome.NO_BASIS
    edit("eligibility.yaml", widen)
    decision = evaluate("Japan", kind, as_of="2024-09-30", knowledge=load_knowledge(rules_copy))
    assert (decision.outcome, [r.rule for r in decision.reasons]) == (
        Outcome.ALLOWED,
        ["ADEQUACY-ADMINISTRATIVE"],
    )


def test_a_prohibition_wins_over_a_permission_and_the_decision_says_both(
    rules_copy: Path, edit: Editor
) -> None:
    """A rule made a real exclusion, unscoped, prohibits even where an agreement permits (and says both)."""

    def exclude(content: Any) -> None:
        rule = next(r for r in content["rules"] if r["id"] == "WA-NO-PERSONAL-DATA")
        del rule["when"]["lacks"]
        rule["effect"] = "prohibit"

    def give_norway_a_working_arrangement(content: Any) -> None:
        norway = next(p for p in content["partners"] if p["name"] == "Norway")
        norway["relationships"].append(
            {
                "kind": "working_arrangement",
                "statements": ["WA-1"],
                "from": "unknown",
                "known_by": "2024-09-30",
            }
        )

    edit("partners.yaml", give_norway_a_working_arrangement)
    both = load_knowledge(rules_copy)
    assert evaluate("Norway", "personal_data", knowledge=both, as_of="2024-09-30").outcome is Outcome.ALLOWED
    edit("eligibility.yaml", exclude)
    decision = evaluate("Norway", "personal_data", knowledge=load_knowledge(rules_copy), as_of="2024-09-30")
    assert (decision.outcome, decision.allowed, decision.basis) == (Outcome.PROHIBITED, False, None)
    assert [(r.rule, r.effect.value) for r in decision.reasons] == [
        ("WA-NO-PERSONAL-DATA", "prohibit"),
        ("AGR-OPERATIONAL", "permit"),
    ]
    assert "prevails over" in decision.explanation


def test_the_version_is_a_content_hash(rules_copy: Path, edit: Editor) -> None:
    """Two loads of equal content share a version; any edit changes it."""
    assert load_knowledge(rules_copy).version == load_knowledge().version
    edit("knowledge.yaml", lambda content: content.update(title="Edited"))
    assert load_knowledge(rules_copy).version != load_knowledge().version


def _expect_refusal(rules_copy: Path, file: str, entry: str | None, *fragments: str) -> KnowledgeBaseError:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge(rules_copy)
    error = caught.value
    assert error.file == file
    assert error.entry == entry
    for fragment in fragments:
        assert fragment in str(error)
    assert "To fix:" in str(error)
    return error


def test_an_unknown_key_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A misspelt key is not ignored: the load fails naming the file, the entry and the key."""
    edit("partners.yaml", lambda c: c["partners"][0].update(alias=["Shqiperia"]))
    _expect_refusal(
        rules_copy, "partners.yaml", "key 'partners', item 1 (Albania), key 'alias'", "Extra inputs"
    )


def test_a_duplicate_key_is_refused(rules_copy: Path) -> None:
    """The same key twice in one mapping is refused with both line numbers."""
    path = rules_copy / "knowledge.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "title: Again\n", encoding="utf-8")
    line = text.count("\n") + 1
    first = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("title:"))) + 1
    _expect_refusal(
        rules_copy,
        "knowledge.yaml",
        f"line {line}, column 1",
        f"found the key 'title' twice (first on line {first})",
    )


def test_an_unknown_relationship_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A partner's relationship must be one of relationships.yaml."""
    edit(
        "partners.yaml",
        lambda c: c["partners"][0]["relationships"].append(
            {"kind": "treaty", "statements": ["AGR-2"], "from": "unknown"}
        ),
    )
    _expect_refusal(
        rules_copy, "partners.yaml", "partner Albania", "the relationship 'treaty' is not defined"
    )


def test_an_unknown_statement_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A citation must name a statement of the catalogue."""
    edit("eligibility.yaml", lambda c: c["rules"][0].update(statements=["REG-47-2", "AGR-9"]))
    _expect_refusal(rules_copy, "eligibility.yaml", "rule REG-NON-PERSONAL", "cites the statement 'AGR-9'")


def test_an_unknown_data_type_in_a_rule_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A rule may only name data types defined in data_types.yaml."""
    edit("eligibility.yaml", lambda c: c["rules"][0].update(data_types=["secrets"]))
    _expect_refusal(
        rules_copy, "eligibility.yaml", "rule REG-NON-PERSONAL", "the data type 'secrets' is not defined"
    )


def test_an_alias_colliding_with_another_partner_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A name, alias or code may belong to one partner or Member State only."""
    edit("partners.yaml", lambda c: c["partners"][1].update(aliases=["UK"]))
    _expect_refusal(rules_copy, "partners.yaml", "partner United Kingdom", "'UK' is already used by Georgia")


def test_a_partner_code_colliding_with_a_member_state_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A partner's alias may not be a Member State's name."""
    edit("partners.yaml", lambda c: c["partners"][0].update(aliases=["Germany"]))
    with pytest.raises(KnowledgeBaseError, match="inside the European Union"):
        load_knowledge(rules_copy)


def test_mismatched_iso_codes_are_refused(rules_copy: Path, edit: Editor) -> None:
    """The alpha-3 code must be the one ISO 3166-1 gives the alpha-2 code."""
    edit("partners.yaml", lambda c: c["partners"][0].update(iso_alpha3="ALX"))
    _expect_refusal(
        rules_copy, "partners.yaml", "partner Albania", "'ALX' does not belong with 'AL'", 'iso_alpha3: "ALB"'
    )


def test_an_unquoted_norway_code_is_refused(rules_copy: Path) -> None:
    """YAML reads an unquoted NO as false: the loader refuses it instead of guessing."""
    path = rules_copy / "partners.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('iso_alpha2: "NO"', "iso_alpha2: NO"), encoding="utf-8"
    )
    _expect_refusal(
        rules_copy,
        "partners.yaml",
        "key 'partners', item 8 (Norway), key 'iso_alpha2'",
        "quote values like NO",
    )


def test_an_interpretation_must_say_why(rules_copy: Path, edit: Editor) -> None:
    """A rule marked as an interpretation without `why` is refused."""
    edit("eligibility.yaml", lambda c: c["rules"][3].pop("why"))
    _expect_refusal(
        rules_copy,
        "eligibility.yaml",
        "key 'rules', item 4 (AGR-NON-OPERATIONAL)",
        ": an interpretation must say why",
    )


def test_a_stray_yaml_file_is_refused(rules_copy: Path) -> None:
    """A YAML file the knowledge base does not know would be ignored silently, so it is refused."""
    (rules_copy / "partner.yaml").write_text("partners: []\n", encoding="utf-8")
    _expect_refusal(rules_copy, "partner.yaml", None, "not part of a knowledge base")


def test_a_missing_file_is_refused(rules_copy: Path) -> None:
    """Every file of the knowledge base must be there."""
    (rules_copy / "member_states.yaml").unlink()
    _expect_refusal(rules_copy, "member_states.yaml", None, "the file is missing")


def test_a_missing_data_type_definition_is_refused(rules_copy: Path, edit: Editor) -> None:
    """Every data type a question may name must be defined."""
    edit("data_types.yaml", lambda c: c["data_types"].pop())
    _expect_refusal(rules_copy, "data_types.yaml", None, "'legal_system_information' is not defined")


def test_a_loop_in_the_hierarchy_is_refused(rules_copy: Path, edit: Editor) -> None:
    """Data types may not include each other in a loop."""
    edit("data_types.yaml", lambda c: c["data_types"][1].update(includes=["operational"]))
    _expect_refusal(
        rules_copy,
        "data_types.yaml",
        "data type operational",
        "operational includes evidence includes operational",
    )


def test_a_directory_that_is_not_there_is_refused(tmp_path: Path) -> None:
    """Loading a path that is no directory says so."""
    with pytest.raises(KnowledgeBaseError, match="not a directory"):
        load_knowledge(tmp_path / "nowhere")


def test_a_relationship_must_say_when_it_started(rules_copy: Path, edit: Editor) -> None:
    """No relationship is timeless: one without `from` is refused, with how to write an unknown date."""
    edit("partners.yaml", lambda c: c["partners"][3]["relationships"][0].pop("from"))
    _expect_refusal(
        rules_copy,
        "partners.yaml",
        "key 'partners', item 4 (Liechtenstein), key 'relationships', item 1 (agreement_on_cooperation),"
        " key 'from'",
        "Field required",
    )


@pytest.mark.parametrize("start", ["2016-13", "16-10", "soon", 1850, True])
def test_a_start_that_is_no_day_month_year_or_unknown_is_refused(
    rules_copy: Path, edit: Editor, start: object
) -> None:
    """`from` is a day, a month ("2016-10"), a year or unknown; anything else is refused, not guessed."""
    edit("partners.yaml", lambda c: c["partners"][3]["relationships"][0].update({"from": start}))
    with pytest.raises(KnowledgeBaseError, match="write `from` as a day"):
        load_knowledge(rules_copy)


def test_known_by_belongs_to_an_unknown_start(rules_copy: Path, edit: Editor) -> None:
    """A `known_by` day beside a known `from` would be ignored: it is refused."""
    edit("partners.yaml", lambda c: c["partners"][4]["relationships"][0].update(known_by="2020-01-01"))
    with pytest.raises(KnowledgeBaseError, match="`known_by` is for `from: unknown`"):
        load_knowledge(rules_copy)


def test_a_liaison_prosecutor_without_an_agreement_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A liaison prosecutor is posted under an agreement: without one, the partner is refused at load."""

    def drop_agreement(content: Any) -> None:
        albania = content["partners"][0]
        albania["relationships"] = [
            r for r in albania["relationships"] if r["kind"] != "agreement_on_cooperation"
        ]

    edit("partners.yaml", drop_agreement)
    _expect_refusal(
        rules_copy,
        "partners.yaml",
        "partner Albania, relationship liaison_prosecutor",
        "needs agreement on cooperation or international agreement between the Union and the country",
    )


def test_a_permission_must_name_its_basis_among_its_statements(rules_copy: Path, edit: Editor) -> None:
    """A permission says which provision it rests on, and cites it."""
    edit("eligibility.yaml", lambda c: c["rules"][1].pop("basis"))
    with pytest.raises(KnowledgeBaseError, match="must name the provision it rests on"):
        load_knowledge(rules_copy)


def test_an_unknown_condition_is_refused(rules_copy: Path, edit: Editor) -> None:
    """A rule's conditions must be defined in conditions.yaml."""
    edit("eligibility.yaml", lambda c: c["rules"][1]["conditions"].append("BE-NICE"))
    _expect_refusal(rules_copy, "eligibility.yaml", "rule AGR-OPERATIONAL", "the condition 'BE-NICE'")


def test_a_former_member_state_must_be_a_partner(rules_copy: Path, edit: Editor) -> None:
    """A former Member State names a partner of partners.yaml; a misspelt one is refused."""
    edit("member_states.yaml", lambda c: c["former_member_states"][0].update(partner="Untied Kingdom"))
    _expect_refusal(
        rules_copy, "member_states.yaml", "former member state Untied Kingdom", "the partner 'Untied Kingdom'"
    )


def test_every_partner_excludes_naming_relationships(rules_copy: Path, edit: Editor) -> None:
    """A rule for every partner cannot also require relationships: the contradiction is refused."""
    edit("eligibility.yaml", lambda c: c["rules"][0]["when"].update(has=["working_arrangement"]))
    with pytest.raises(KnowledgeBaseError, match="`every_partner` applies to every partner"):
        load_knowledge(rules_copy)
