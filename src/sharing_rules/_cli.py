"""The ``sharing-rules`` command line.

Exit codes: 0 allowed (or the command succeeded), 1 not allowed, 2 an error (with a message saying how
to mend it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TextIO

from pydantic import BaseModel

from sharing_rules._api import check_transfer
from sharing_rules._decisions import Decision
from sharing_rules._diff import diff
from sharing_rules._errors import InvalidTransferRequestError, NotAThirdCountryError, SharingRulesError
from sharing_rules._knowledge import KnowledgeBase, load_knowledge
from sharing_rules._model import Standing
from sharing_rules._timeline import coerce_day, dates_text
from sharing_rules._transfer import TransferDecision, TransferRequest
from sharing_rules._vocabulary import DataType, Outcome
from sharing_rules._yaml import read_request

_SHOWN = {"allowed": "allowed", "prohibited": "PROHIBITED", "no_basis": "no basis", "member_state": "EU MS"}
_LEGEND = (
    "allowed: a basis permits it, on conditions; PROHIBITED: a rule excludes it; no basis: not allowed"
    " (case-by-case routes may remain); EU MS: a Member State on that day."
)


def _knowledge(args: argparse.Namespace) -> KnowledgeBase:
    return load_knowledge(args.rules, amendments=args.amend)


def _print_decision(decision: Decision, knowledge: KnowledgeBase, day: date, out: TextIO) -> None:
    label = knowledge.data_types[decision.data_type].label
    verdict = {Outcome.ALLOWED: "ALLOWED", Outcome.PROHIBITED: "PROHIBITED", Outcome.NO_BASIS: "NOT ALLOWED"}
    out.write(
        f"{decision.partner} - {label}: {verdict[decision.outcome]} ({decision.outcome.value}) on {day}\n\n"
    )
    out.write(f"{decision.explanation}\n\n")
    if decision.conditions:
        out.write("Conditions (each must be met):\n")
        for condition in decision.conditions:
            out.write(f"  - {condition.text} [{condition.id}; {', '.join(condition.statements)}]\n")
        out.write("\n")
    if decision.routes:
        out.write("What remains, case by case (never a standing basis):\n")
        for route in decision.routes:
            out.write(f"  - {route.title} [{route.rule}; {', '.join(route.statements)}]\n")
        out.write("\n")
    if decision.warnings:
        for warning in decision.warnings:
            out.write(f"WARNING: {warning}\n")
        out.write("\n")
    if decision.reasons:
        out.write("Rules applied:\n")
        for reason in decision.reasons:
            out.write(
                f"  {reason.effect.value:<8} {reason.rule}: {reason.title} [{', '.join(reason.statements)}]\n"
            )
    if decision.statements:
        out.write("\nStatements of the source cited:\n")
        for ident in sorted(decision.statements, key=list(knowledge.statements).index):
            out.write(f"  {ident}: {knowledge.statements[ident].paraphrase}\n")
    out.write(
        f"\nKnowledge {decision.knowledge_version} ({knowledge.source.title}, {knowledge.source.snapshot}"
    )
    for amendment in knowledge.amendments:
        out.write(f"; amended: {amendment.title}")
    out.write(").\n")


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    day = coerce_day(args.as_of) or date.today()
    decision = knowledge.decide(args.partner, args.data_type, day)
    if args.json:
        out.write(decision.model_dump_json(indent=2) + "\n")
    else:
        _print_decision(decision, knowledge, day, out)
    return 0 if decision.allowed else 1


def _cmd_matrix(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    kinds = list(knowledge.relationship_kinds)
    types = list(knowledge.data_types)
    day = coerce_day(args.as_of) or date.today()

    def cell(partner: str, data_type: DataType) -> str:
        try:
            return knowledge.decide(partner, data_type, day).outcome.value
        except NotAThirdCountryError:  # a former Member State, on a day it was one
            return "member_state"

    if args.json:
        rows = {p.name: {t.value: cell(p.name, t) for t in types} for p in knowledge.partners}
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    abbreviations = {kind: knowledge.relationship_kinds[kind].short for kind in kinds}
    name_width = max(len(p.name) for p in knowledge.partners) + 2
    widths = [max(len(t.value), 10) for t in types]
    header = "partner".ljust(name_width) + " ".join(abbreviations[k].ljust(4) for k in kinds) + "| "
    header += " ".join(t.value.ljust(w) for t, w in zip(types, widths, strict=True))
    out.write(header.rstrip() + "\n" + "-" * len(header.rstrip()) + "\n")
    for partner in knowledge.partners:
        held = partner.relationships_on(day)
        doubtful = {r.kind for r in partner.relationships if r.standing(day) is Standing.UNCERTAIN}
        line = partner.name.ljust(name_width)
        line += " ".join(("x" if k in held else "?" if k in doubtful else ".").ljust(4) for k in kinds)
        line += "| " + " ".join(
            _SHOWN[cell(partner.name, t)].ljust(w) for t, w in zip(types, widths, strict=True)
        )
        out.write(line.rstrip() + "\n")
    out.write(
        "\nRelationships: "
        + ", ".join(f"{abbreviations[k]} = {knowledge.relationship_kinds[k].label}" for k in kinds)
        + ".\n"
    )
    out.write(
        f"{_LEGEND}\nx: in force; ?: date of entry into force uncertain (grants nothing yet).\n"
        "Any other third country: as a partner with no relationship.\n"
    )
    out.write(f"As of {day}. Knowledge {knowledge.version}, speaking for {knowledge.speaks_for}.\n")
    return 0


def _cmd_partners(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    if args.json:
        out.write(json.dumps([p.model_dump(mode="json") for p in knowledge.partners], indent=2) + "\n")
        return 0
    for partner in knowledge.partners:
        codes = (
            f" ({partner.iso_alpha2}, {partner.iso_alpha3})"
            if partner.iso_alpha2
            else f" ({partner.kind.value})"
        )
        out.write(f"{partner.name}{codes}\n")
        if partner.full_name:
            out.write(f"    full name: {partner.full_name}\n")
        if partner.aliases:
            out.write(f"    also: {', '.join(partner.aliases)}\n")
        for relationship in partner.relationships:
            label = knowledge.relationship_kinds[relationship.kind].label
            cited = ", ".join(relationship.statements) or f"source: {relationship.source}"
            out.write(f"    - {label} [{cited}] ({dates_text(relationship)})\n")
    out.write(f"\n{len(knowledge.partners)} partners. Knowledge {knowledge.version}.\n")
    return 0


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    if args.new is not None:
        old = load_knowledge(args.old)
        new = load_knowledge(args.new, amendments=args.amend)
    else:
        old = load_knowledge(args.old or args.rules)
        new = load_knowledge(args.old or args.rules, amendments=args.amend)
    result = diff(old, new, as_of=args.as_of, new_as_of=args.new_as_of)
    if args.json:
        out.write(result.model_dump_json(indent=2) + "\n")
        return 0
    out.write(f"Old: {result.old_version} as of {result.old_as_of}\n")
    out.write(f"New: {result.new_version} as of {result.new_as_of}\n")
    if not result.changes:
        out.write("No decision changes.\n")
        return 0
    out.write(
        f"{len(result.changes)} decision(s) change (+ rule or relationship now applies, - no longer):\n"
    )
    for change in result.changes:
        before = change.before.value if change.before else "unknown"
        after = change.after.value if change.after else "unknown"
        causes = [f"+{rule}" for rule in change.rules_added] + [f"-{rule}" for rule in change.rules_removed]
        causes += [f"+{kind}" for kind in change.relationships_added]
        causes += [f"-{kind}" for kind in change.relationships_removed]
        causes += [f"+pending:{kind}" for kind in change.pending_added]
        causes += [f"-pending:{kind}" for kind in change.pending_removed]
        cited = f" [{', '.join(change.statements)}]" if change.statements else ""
        cited += "".join(f"\n{'':19}source: {source}" for source in change.sources)
        out.write(f"  {change.partner:<16} {change.data_type.value:<28} {before:>10} -> {after:<10} ")
        out.write(f"{' '.join(causes)}{cited}\n")
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    day = coerce_day(args.as_of) or date.today()
    decision = knowledge.decide(args.partner, args.data_type, day)
    out.write(knowledge.legal_note(decision, day) + "\n")
    return 0 if decision.allowed else 1


_SCHEMAS: dict[str, type[BaseModel]] = {
    "Decision": Decision,
    "TransferRequest": TransferRequest,
    "TransferDecision": TransferDecision,
}


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    chosen = {args.model: _SCHEMAS[args.model]} if args.model else _SCHEMAS
    schemas = {
        name: model.model_json_schema(mode="validation" if name == "TransferRequest" else "serialization")
        for name, model in chosen.items()
    }
    out.write(json.dumps(schemas[args.model] if args.model else schemas, indent=2) + "\n")
    return 0


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    request = read_request(args.request)
    if not isinstance(request, dict):
        kind = "nothing" if request is None else f"a {type(request).__name__}"
        raise InvalidTransferRequestError([f"the request must be a JSON object (a mapping), got {kind}"])
    verdict = check_transfer(request, knowledge=knowledge)
    if args.json:
        out.write(verdict.model_dump_json(indent=2) + "\n")
        return 0 if verdict.allowed else 1
    out.write(f"Case {verdict.case_reference}: transfer to {verdict.partner} on {verdict.as_of}\n")
    out.write(f"{verdict.summary}\n\n")
    for item in verdict.items:
        decision = item.decision
        name = item.label or knowledge.data_types[decision.data_type].label
        out.write(f"  [{_SHOWN[decision.outcome]:^10}] {name} ({decision.data_type.value})\n")
        if not decision.allowed:
            out.write(f"{'':15}{decision.explanation}\n")
    if verdict.allowed and verdict.conditions:
        out.write("\nConditions for the whole package (each must be met):\n")
        for condition in verdict.conditions:
            out.write(f"  - {condition.text} [{condition.id}; {', '.join(condition.statements)}]\n")
    for warning in verdict.warnings:
        out.write(f"WARNING: {warning}\n")
    out.write(f"\nKnowledge {verdict.knowledge_version}.\n")
    return 0 if verdict.allowed else 1


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = load_knowledge(args.directory or args.rules, amendments=args.amend)
    out.write(
        f"OK: {knowledge.path} loads whole: {len(knowledge.statements)} statements,"
        f" {len(knowledge.rules)} rules,"
        f" {len(knowledge.data_types)} data types, {len(knowledge.partners)} partners."
        f" Version {knowledge.version}.\n"
    )
    return 0


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Run the decision service (``sharing-rules serve``); its modules load only here."""
    from sharing_rules._service._config import ServiceConfig  # noqa: PLC0415  # keeps the CLI fast
    from sharing_rules._service._run import serve  # noqa: PLC0415

    config = ServiceConfig(
        rules=args.rules,
        amend=tuple(args.amend),
        records=args.records,
        watch=args.watch,
        token_file=args.admin_token_file,
        max_body_bytes=args.max_body_bytes,
        timeout=args.timeout,
        cors_origins=tuple(args.cors_origin),
        workers=args.workers,
    )
    return serve(
        host=args.host,
        port=args.port,
        config=config,
        allow_remote=args.allow_remote,
        access_log=args.access_log,
        err=sys.stderr,
    )


def _add_serve(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="run the decision service: a JSON API and a web page (needs the 'service' extra)",
        description="Serve the decisions over HTTP: the API under /v1/, the page at /, the API docs at /docs."
        " Reloading is on when an admin token is set (SHARING_RULES_ADMIN_TOKEN, or a file).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    serve.add_argument(
        "--allow-remote", action="store_true", help="allow listening on an address that is not loopback"
    )
    serve.add_argument(
        "--records",
        metavar="FILE",
        help="write a decision record per question: a JSON Lines file, or 'logging'",
    )
    serve.add_argument(
        "--watch", metavar="SECONDS", type=float, nargs="?", const=2.0,
        help="reload when the rules directory changes, polling every SECONDS (default 2)",
    )  # fmt: skip
    serve.add_argument("--admin-token-file", metavar="FILE", help="a file holding the admin bearer token")
    serve.add_argument(
        "--max-body-bytes", type=int, default=1_000_000, help="the largest request body (default: 1000000)"
    )
    serve.add_argument("--timeout", type=float, default=10.0, help="seconds a request may take (default: 10)")
    serve.add_argument(
        "--cors-origin", action="append", default=[], metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; default: none)",
    )  # fmt: skip
    serve.add_argument("--access-log", action="store_true", help="log every request (uvicorn's access log)")
    serve.set_defaults(handler=_cmd_serve)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sharing-rules",
        description="Decide what information Eurojust may exchange with partners outside the EU, and why.",
        epilog="Exit codes: 0 allowed or done, 1 not allowed, 2 error.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--rules", metavar="DIR", help="the rules directory (default: the shipped rules)")
    common.add_argument(
        "--amend", metavar="DIR", action="append", default=[], help="an amendment to load on top (repeatable)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    evaluate = commands.add_parser(
        "evaluate", parents=[common], help="decide one partner and one kind of information, explained"
    )
    evaluate.add_argument("partner", help="a partner's name, alias or ISO code (e.g. Norway, UK, USA)")
    evaluate.add_argument(
        "data_type", help=f"the kind of information: {', '.join(d.value for d in DataType)}"
    )
    evaluate.add_argument("--as-of", metavar="DATE", help="the date the question is about (default: today)")
    evaluate.add_argument("--json", action="store_true", help="print the decision as JSON")
    evaluate.set_defaults(handler=_cmd_evaluate)

    matrix = commands.add_parser(
        "matrix", parents=[common], help="every partner against every kind of information"
    )
    matrix.add_argument("--as-of", metavar="DATE", help="the date the matrix is about (default: today)")
    matrix.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    matrix.set_defaults(handler=_cmd_matrix)

    partners = commands.add_parser(
        "partners", parents=[common], help="the partners the knowledge names, with their relationships"
    )
    partners.add_argument("--json", action="store_true", help="print the partners as JSON")
    partners.set_defaults(handler=_cmd_partners)

    changes = commands.add_parser(
        "diff",
        parents=[common],
        help="which decisions change between two rules directories, two dates, or with --amend",
        description="List every partner and data type whose decision changes, with the rules and"
        " statements that cause it. With OLD and NEW: two rules directories (NEW may take --amend). With"
        " OLD only, or neither: the same directory with and without the --amend directories, or at --as-of"
        " and --new-as-of.",
    )
    changes.add_argument(
        "old", nargs="?", help="the old rules directory (default: --rules or the shipped rules)"
    )
    changes.add_argument("new", nargs="?", help="the new rules directory")
    changes.add_argument("--as-of", metavar="DATE", help="the date of the old side (default: today)")
    changes.add_argument("--new-as-of", metavar="DATE", help="the date of the new side (default: --as-of)")
    changes.add_argument("--json", action="store_true", help="print the changes as JSON")
    changes.set_defaults(handler=_cmd_diff)

    explain = commands.add_parser(
        "explain", parents=[common], help="a decision written out as a legal note, with its sources"
    )
    explain.add_argument("partner", help="a partner's name, alias or ISO code")
    explain.add_argument("data_type", help="the kind of information")
    explain.add_argument("--as-of", metavar="DATE", help="the date the question is about (default: today)")
    explain.set_defaults(handler=_cmd_explain)

    check = commands.add_parser(
        "check", parents=[common], help="check a transfer request (JSON or YAML file, or - for stdin)"
    )
    check.add_argument(
        "request", help="the transfer request file (.json, .yaml) or - to read JSON or YAML from stdin"
    )
    check.add_argument("--json", action="store_true", help="print the transfer decision as JSON")
    check.set_defaults(handler=_cmd_check)

    schema = commands.add_parser(
        "schema", help="JSON Schemas of Decision, TransferRequest and TransferDecision"
    )
    schema.add_argument("--model", choices=sorted(_SCHEMAS), help="print only this model's schema")
    schema.set_defaults(handler=_cmd_schema)

    validate = commands.add_parser(
        "validate", parents=[common], help="check that a rules directory loads whole"
    )
    validate.add_argument(
        "directory", nargs="?", help="the rules directory (default: --rules or the shipped rules)"
    )
    validate.set_defaults(handler=_cmd_validate)
    _add_serve(commands, common)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return its exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
    try:
        return handler(args, out)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # kept open: silences the flush at exit
        return 0
    except SharingRulesError as error:
        err.write(f"sharing-rules: error: {_one_line(error.format_message())}\n")
        return error.exit_code if error.exit_code != 1 else 2  # 1 means "not allowed", never an error
    except Exception as error:  # a fault not foreseen: still an error (2), one line, nothing decided
        err.write(
            f"sharing-rules: error: unexpected {type(error).__name__} ({_one_line(str(error))[:200]});"
            " nothing was decided. Please report this with the command that caused it.\n"
        )
        return 2


def _one_line(text: str) -> str:
    """A message on one line: a newline in it would read as a second message."""
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
