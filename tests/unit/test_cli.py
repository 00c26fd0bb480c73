"""The sharing-rules command line: readable answers and honest exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from sharing_rules import load_knowledge
from sharing_rules._cli import main


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_evaluate_allowed_exits_0_and_explains() -> None:
    """An allowed exchange prints the verdict, the explanation, the rules and the statements, exit code 0."""
    code, out, _ = _run("evaluate", "the UK", "personal data")
    assert code == 0
    assert out.startswith("United Kingdom - operational personal data: ALLOWED on ")
    assert "UNION-AGREEMENT-OPERATIONAL" in out
    words = " ".join(out.split())  # the text is wrapped to 100 columns
    assert "Bases, each sufficient: Article 56(2)(c) of the Eurojust Regulation [REG-56-2-C]" in words
    assert "Conditions (each must be met):" in out
    assert "ONWARD-TRANSFER" in out
    assert "AGR-1:" in out
    assert "REG-56-1:" in out


def test_evaluate_not_allowed_exits_1() -> None:
    """A prohibited or baseless exchange exits with 1."""
    assert _run("evaluate", "Nigeria", "personal_data")[0] == 1
    code, out, _ = _run("evaluate", "Brazil", "personal data")
    assert code == 1
    assert "NOT ALLOWED (no basis)" in out
    assert "What remains, case by case (never a standing basis):" in " ".join(out.split())


def test_evaluate_json_prints_the_decision() -> None:
    """--json prints the decision model as JSON."""
    code, out, _ = _run("evaluate", "Peru", "strategic", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["partner"], data["outcome"], data["basis"]) == ("Peru", "allowed", "REG-47-2")
    assert data["instruments"] == ["working_arrangement"]
    assert [c["id"] for c in data["conditions"]] == [
        "TASKS-REQUIRE",
        "COMPETENT-AUTHORITY",
        "SUPPLIER-RESTRICTIONS",
        "COOPERATION-STRATEGY",
    ]


def test_errors_exit_2_with_a_message() -> None:
    """Unknown partners, Member States and unknown data types exit with 2 and say how to mend it."""
    code, out, err = _run("evaluate", "Norwey", "strategic")
    assert (code, out) == (2, "")
    assert "Did you mean 'Norway'?" in err
    assert _run("evaluate", "France", "strategic")[0] == 2
    code, _, err = _run("evaluate", "Norway", "gossip")
    assert code == 2
    assert "Valid values:" in err


def test_matrix_shows_every_partner_and_data_type() -> None:
    """The matrix has one row per partner and one column per data type."""
    code, out, _ = _run("matrix")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("|")[1].split() == ["OP", "EV", "PD", "APD", "ST", "BP", "LSI"]
    assert "PD = operational personal data" in out  # each abbreviation is in the legend
    nigeria = next(line for line in lines if line.startswith("Nigeria"))
    cells = dict(zip(lines[0].split("|")[1].split(), nigeria.split("|")[1].split(), strict=True))
    assert cells["PD"] == "no"  # an arrangement is no basis for personal data, not a ban
    assert "PROHIB" not in nigeria
    assert sum(1 for line in lines if "|" in line) == 1 + len(load_knowledge().partners)


def test_matrix_json() -> None:
    """Matrix --json maps every partner to its outcome per data type."""
    data = json.loads(_run("matrix", "--json")[1])
    assert len(data) == len(load_knowledge().partners)
    assert data["Liechtenstein"]["personal_data"] == "allowed"
    assert data["AIAMP"]["operational"] == "no_basis"


def test_partners_lists_relationships_with_citations() -> None:
    """Partners lists each partner with its codes, aliases and cited relationships."""
    code, out, _ = _run("partners")
    assert code == 0
    assert "Norway (NO, NOR)" in out
    assert "AIAMP (organisation)" in out
    assert "liaison prosecutor posted at Eurojust [LP-2]" in out
    json_out = json.loads(_run("partners", "--json")[1])
    assert {p["name"] for p in json_out} >= {"Norway", "AIAMP"}


def test_validate_reports_a_good_and_a_broken_directory(rules_copy: Path) -> None:
    """Validate says OK for a sound directory and exits 2 with the file and entry for a broken one."""
    code, out, _ = _run("validate", str(rules_copy))
    assert code == 0
    assert "loads whole" in out
    (rules_copy / "statements.yaml").write_text("statements: [\n", encoding="utf-8")
    code, _, err = _run("validate", str(rules_copy))
    assert code == 2
    assert "statements.yaml, line" in err


def test_the_console_script_runs_as_a_module() -> None:
    """Python -m sharing_rules runs the same command line in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-m", "sharing_rules", "evaluate", "Liechtenstein", "evidence"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Liechtenstein - evidence: ALLOWED" in result.stdout


def test_the_matrix_says_the_caveats_of_its_day() -> None:
    """The text matrix ends with the day's warnings in words; with --json they go to stderr, JSON intact."""
    code, out, _ = _run("matrix", "--as-of", "2010-01-01")
    assert code == 0
    caveats = " ".join(out[out.index("Before relying on this matrix:") :].split())
    assert "governed by Council Decision 2002/187/JHA as amended by Council Decision 2009/426/JHA" in caveats
    assert max(len(line) for line in out.splitlines()) <= 100
    code, out, err = _run("matrix", "--as-of", "2010-01-01", "--json")
    assert code == 0
    assert json.loads(out)["Norway"]["strategic"] == "allowed"
    assert "Council Decision 2009/426/JHA" in " ".join(err.split())
    knowledge = load_knowledge()
    later = knowledge.speaks_for.replace(year=knowledge.speaks_for.year + 1).isoformat()
    _, out, _ = _run("matrix", "--as-of", later)
    assert f"after {knowledge.speaks_for}, the day this knowledge speaks for" in " ".join(out.split())
