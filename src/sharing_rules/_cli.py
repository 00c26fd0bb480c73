"""The ``sharing-rules`` command line.

Exit codes: 0 allowed (or the command succeeded), 1 not allowed, 2 an error (with a message saying how
to mend it).

Each command imports what it needs when it runs, and ``evaluate`` first looks its question up in the
day's answer table (see ``_quick``): a fresh process then answers without importing pydantic or loading
the rules. Text output fits 100 columns; ``--json`` gives everything in full.
"""

from __future__ import annotations

import argparse
import os
import sys

from sharing_rules._errors import SharingRulesError
from sharing_rules._package import __version__
from sharing_rules._vocabulary import DataType, Outcome

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see the module docstring)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date
    from typing import NoReturn, TextIO

    from pydantic import BaseModel

    from sharing_rules._decisions import Decision
    from sharing_rules._knowledge import KnowledgeBase, MatrixLine

WIDTH = 100
"""The text output fits this many columns."""
_SHOWN = {
    "allowed": "allowed",
    "prohibited": "PROHIBITED",
    "no_basis": "no basis",
    "member_state": "EU MS",
    "union_law": "EU law",
}
_CELL = {"allowed": "yes", "prohibited": "PROH", "no_basis": "no", "member_state": "EU", "union_law": "EU"}
_NAME_WIDTH = 22
"""Longer partner names are shortened in the text matrix (``--json`` gives them whole)."""
_VERDICT = {
    Outcome.ALLOWED: "ALLOWED",
    Outcome.PROHIBITED: "PROHIBITED",
    Outcome.NO_BASIS: "NOT ALLOWED (no basis)",
}
_LEGEND = (
    "yes: allowed, a basis permits it, on conditions; PROH: prohibited, a rule excludes it; no: no basis,"
    " not allowed (case-by-case routes may remain); EU: no third country that day (a Member State, or in a"
    " transition period in which Union law still applied to it)."
)


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    import textwrap  # noqa: PLC0415  # only the usual path prints through it

    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _knowledge(args: argparse.Namespace) -> KnowledgeBase:
    from sharing_rules._knowledge import load_knowledge  # noqa: PLC0415  # see the module docstring

    return load_knowledge(args.rules, amendments=args.amend)


def _today(args: argparse.Namespace) -> date:
    from sharing_rules._timeline import asked_day  # noqa: PLC0415  # see the module docstring

    return asked_day(args.as_of)


def decision_text(decision: Decision, knowledge: KnowledgeBase, day: date) -> str:
    """What ``sharing-rules evaluate`` prints for a decision on ``day``."""
    label = knowledge.data_types[decision.data_type].label
    lines = [f"{decision.partner} - {label}: {_VERDICT[decision.outcome]} on {day}", ""]
    lines += [_wrap(decision.explanation), ""]
    if decision.conditions:
        lines.append("Conditions (each must be met):")
        for condition in decision.conditions:
            text = f"{condition.text} [{condition.id}; {', '.join(condition.statements)}]"
            lines.append(_wrap(text, "    ", "  - "))
        lines.append("")
    if decision.routes:
        lines.append("What remains, case by case (never a standing basis):")
        for route in decision.routes:
            lines.append(
                _wrap(f"{route.title} [{route.rule}; {', '.join(route.statements)}]", "    ", "  - ")
            )
        lines.append("")
    if decision.warnings:
        lines += [_wrap(f"WARNING: {warning}", "  ", "") for warning in decision.warnings]
        lines.append("")
    if decision.reasons:
        lines.append("Rules applied:")
        for reason in decision.reasons:
            text = f"{reason.effect.value:<8} {reason.rule}: {reason.title} [{', '.join(reason.statements)}]"
            lines.append(_wrap(text, " " * 11, "  "))
        lines.append("")
    if decision.statements:
        lines.append("Statements of the source cited:")
        for ident in sorted(decision.statements, key=list(knowledge.statements).index):
            lines.append(_wrap(f"{ident}: {knowledge.statements[ident].paraphrase}", "    ", "  "))
        lines.append("")
    source = f"Knowledge {decision.knowledge_version} ({knowledge.source.title}, {knowledge.source.snapshot}"
    source += "".join(f"; amended: {amendment.title}" for amendment in knowledge.amendments)
    lines.append(_wrap(source + ")."))
    return "\n".join(lines) + "\n"


def _answer(decision: Decision, knowledge: KnowledgeBase, day: date) -> tuple[str, str]:
    return decision_text(decision, knowledge, day), decision.model_dump_json(indent=2) + "\n"


def _table_entry(args: argparse.Namespace) -> tuple[str, str] | None:
    """The cache entry name and key of the day's answer table, or None when the cache is off."""
    from sharing_rules import _cache  # noqa: PLC0415  # see the module docstring
    from sharing_rules._package import shipped_rules_dir  # noqa: PLC0415

    if _cache.directory() is None:
        return None
    rules: str = args.rules or shipped_rules_dir()
    amendments: list[str] = args.amend
    if not all(os.path.isdir(path) for path in (rules, *amendments)):
        return None
    from sharing_rules._quick import KIND  # noqa: PLC0415

    return _cache.entry_name(KIND, rules, amendments), _cache.knowledge_key(rules, amendments)


def _part(index_name: str, number: int) -> str:
    """The cache entry name of one partner's answers, beside the index's."""
    return f"{index_name.removesuffix('.json')}-{number}.json"


def _quick_evaluate(args: argparse.Namespace, out: TextIO) -> int | None:
    """Answer from the day's answer table; None when it has no answer (and mark it to be written)."""
    if args.as_of is not None:
        return None
    entry = _table_entry(args)
    if entry is None:
        return None
    import time  # noqa: PLC0415  # the moment, without importing datetime

    from sharing_rules import _cache, _quick  # noqa: PLC0415  # see the module docstring

    index = _cache.read(*entry)
    today = _quick.day_at(index, time.time())  # the table's day in The Hague, if it is today there
    place = _quick.where(index, args.partner, args.data_type, today)
    found = None
    if place is not None:
        name, kind, number = place
        found = _quick.answer_in(_cache.read(_part(entry[0], number), entry[1]), name, kind, today)
    if found is None:
        # absent, stale or not to be trusted (the index, or the partner's answers it points to)
        args.write_table = place is not None or not _quick.is_current(index, today)
        return None
    allowed, text, json_text = found
    out.write(json_text if args.json else text)
    return 0 if allowed else 1


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    day = _today(args)
    decision = knowledge.decide(args.partner, args.data_type, day)
    text, json_text = _answer(decision, knowledge, day)
    out.write(json_text if args.json else text)
    from sharing_rules._timeline import today  # noqa: PLC0415  # see the module docstring

    if getattr(args, "write_table", False) and day == today():
        from sharing_rules import _cache, _quick  # noqa: PLC0415  # see the module docstring

        entry = _table_entry(args)
        if entry is not None:
            index, parts = _quick.split(_quick.build_table(knowledge, day, _answer))
            numbers: dict[str, int] = index["files"]  # type: ignore[assignment]  # split() made it
            written = all(
                _cache.write(_part(entry[0], numbers[name]), entry[1], part) for name, part in parts.items()
            )
            if written:  # the index last: it points only to answers already written
                _cache.write(*entry, index)
    return 0 if decision.allowed else 1


def _abbreviation(value: str) -> str:
    words = value.split("_")
    return "".join(word[0] for word in words).upper() if len(words) > 1 else value[:2].upper()


def _cell(line: MatrixLine, data_type: DataType) -> str:
    """What the matrix says of a partner and a kind: the outcome, or why the question is refused."""
    if line.refusal is not None:  # a former Member State, on a day it was one or in transition
        return "union_law" if line.refusal.in_transition else "member_state"
    return line.outcomes[data_type].value


def _cmd_matrix(args: argparse.Namespace, out: TextIO) -> int:
    import json  # noqa: PLC0415  # see the module docstring

    knowledge = _knowledge(args)
    kinds = list(knowledge.relationship_kinds)
    types = list(knowledge.data_types)
    matrix = knowledge.matrix(_today(args))
    day = matrix.day
    if args.json:
        rows = {line.partner.name: {t.value: _cell(line, t) for t in types} for line in matrix.lines}
        out.write(json.dumps(rows, indent=2) + "\n")
        for warning in matrix.warnings:  # the caveats of the day, beside the outcomes' JSON
            args.err.write(_wrap(f"Warning: {warning}", "  ", "") + "\n")
        return 0
    relationship_short = {kind: knowledge.relationship_kinds[kind].short for kind in kinds}
    type_short = {t: _abbreviation(t.value) for t in types}
    if len(set(type_short.values())) < len(types):  # two kinds would look alike: write them out
        type_short = {t: t.value for t in types}
    name_width = min(max(len(p.name) for p in knowledge.partners), _NAME_WIDTH) + 1
    kind_widths = [max(len(relationship_short[k]), 2) for k in kinds]
    type_widths = [max(len(type_short[t]), *(len(cell) for cell in _CELL.values())) for t in types]
    header = "partner".ljust(name_width)
    header += " ".join(relationship_short[k].ljust(w) for k, w in zip(kinds, kind_widths, strict=True))
    header += " | " + " ".join(type_short[t].ljust(w) for t, w in zip(types, type_widths, strict=True))
    out.write(header.rstrip() + "\n" + "-" * len(header.rstrip()) + "\n")
    for line in matrix.lines:
        name = line.partner.name
        text = (name if len(name) <= _NAME_WIDTH else name[: _NAME_WIDTH - 1] + "~").ljust(name_width)
        text += " ".join(
            ("x" if k in line.relationships else "?" if k in line.uncertain else ".").ljust(w)
            for k, w in zip(kinds, kind_widths, strict=True)
        )
        text += " | " + " ".join(
            _CELL[_cell(line, t)].ljust(w) for t, w in zip(types, type_widths, strict=True)
        )
        out.write(text.rstrip() + "\n")
    legend = [
        "Relationships: "
        + ", ".join(f"{relationship_short[k]} = {knowledge.relationship_kinds[k].label}" for k in kinds)
        + ". x: in force; ?: date of entry into force uncertain (grants nothing yet).",
        "Information: "
        + ", ".join(f"{type_short[t]} = {knowledge.data_types[t].label}" for t in types)
        + ".",
        _LEGEND,
        "Any other third country: as a partner with no relationship. A name cut short ends in ~; the full"
        " names: sharing-rules matrix --json.",
        f"As of {day}. Knowledge {knowledge.version}, speaking for {knowledge.speaks_for}.",
    ]
    out.write("\n" + "\n".join(_wrap(text, "  ", "") for text in legend) + "\n")
    if matrix.warnings:
        out.write("\nBefore relying on this matrix:\n")
        out.write("\n".join(_wrap(f"- {warning}", "  ", "") for warning in matrix.warnings) + "\n")
    return 0


def _cmd_partners(args: argparse.Namespace, out: TextIO) -> int:
    import json  # noqa: PLC0415  # see the module docstring

    from sharing_rules._timeline import dates_text  # noqa: PLC0415

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
    from sharing_rules._diff import diff  # noqa: PLC0415  # see the module docstring
    from sharing_rules._knowledge import load_knowledge  # noqa: PLC0415

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
    count = len(result.changes)
    out.write(
        f"{count} {'decision changes' if count == 1 else 'decisions change'}"
        " (+ rule or relationship now applies, - no longer):\n"
    )
    for change in result.changes:
        before = change.before.value.replace("_", " ") if change.before else "unknown"
        after = change.after.value.replace("_", " ") if change.after else "unknown"
        causes = [f"+{rule}" for rule in change.rules_added] + [f"-{rule}" for rule in change.rules_removed]
        causes += [f"+{kind}" for kind in change.relationships_added]
        causes += [f"-{kind}" for kind in change.relationships_removed]
        causes += [f"+pending:{kind}" for kind in change.pending_added]
        causes += [f"-pending:{kind}" for kind in change.pending_removed]
        cited = f" [{', '.join(change.statements)}]" if change.statements else ""
        out.write(
            _wrap(f"{change.partner} - {change.data_type.value}: {before} -> {after}", "    ", "  ") + "\n"
        )
        if causes or cited:
            out.write(_wrap(f"{' '.join(causes)}{cited}", "      ", "    ") + "\n")
        for source in change.sources:
            out.write(_wrap(f"source: {source}", "      ", "    ") + "\n")
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    knowledge = _knowledge(args)
    day = _today(args)
    decision = knowledge.decide(args.partner, args.data_type, day)
    out.write(knowledge.legal_note(decision, day) + "\n")
    return 0 if decision.allowed else 1


_SCHEMAS = ("Decision", "TransferDecision", "TransferRequest")


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import json  # noqa: PLC0415  # see the module docstring

    from sharing_rules._decisions import Decision  # noqa: PLC0415
    from sharing_rules._transfer import TransferDecision, TransferRequest  # noqa: PLC0415

    models: dict[str, type[BaseModel]] = {
        "Decision": Decision,
        "TransferRequest": TransferRequest,
        "TransferDecision": TransferDecision,
    }
    chosen = {args.model: models[args.model]} if args.model else models
    schemas = {
        name: model.model_json_schema(mode="validation" if name == "TransferRequest" else "serialization")
        for name, model in chosen.items()
    }
    out.write(json.dumps(schemas[args.model] if args.model else schemas, indent=2) + "\n")
    return 0


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from sharing_rules._api import check_transfer  # noqa: PLC0415  # see the module docstring
    from sharing_rules._errors import InvalidTransferRequestError  # noqa: PLC0415
    from sharing_rules._yaml import read_request  # noqa: PLC0415

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
            out.write(_wrap(decision.explanation, " " * 15) + "\n")
    if verdict.allowed and verdict.conditions:
        out.write("\nConditions for the whole package (each must be met):\n")
        for condition in verdict.conditions:
            text = f"{condition.text} [{condition.id}; {', '.join(condition.statements)}]"
            out.write(_wrap(text, "    ", "  - ") + "\n")
    for warning in verdict.warnings:
        out.write(_wrap(f"WARNING: {warning}", "  ", "") + "\n")
    out.write(f"\nKnowledge {verdict.knowledge_version}.\n")
    return 0 if verdict.allowed else 1


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from sharing_rules._knowledge import load_knowledge  # noqa: PLC0415  # see the module docstring

    knowledge = load_knowledge(args.directory or args.rules, amendments=args.amend)
    out.write(
        f"OK: {knowledge.path} loads whole: {len(knowledge.statements)} statements,"
        f" {len(knowledge.rules)} rules,"
        f" {len(knowledge.data_types)} data types, {len(knowledge.partners)} partners."
        f" Version {knowledge.version}.\n"
    )
    proof = knowledge.proof
    out.write(
        "\n"
        + _wrap(
            f"Proved {len(proof.invariants)} invariant(s) of invariants.yaml on every decision of the"
            f" {proof.partners} partners, in every period, and for a partner holding any of"
            f" {proof.combinations:,} combinations of relationships (each in force, uncertain or not),"
            f" on each of the {proof.periods} periods of the rules:"
        )
        + "\n"
    )
    for line in proof.summary():
        out.write(_wrap(line, "    ", "  - ") + "\n")
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
        host=args.host,
        allowed_hosts=tuple(args.allowed_host),
    )
    return serve(
        host=args.host,
        port=args.port,
        config=config,
        allow_remote=args.allow_remote,
        access_log=args.access_log,
        err=sys.stderr,
    )


def _add_serve(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
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
    serve.add_argument(
        "--allowed-host", action="append", default=[], metavar="NAME",
        help="a host name requests may name besides the loopback names and --host (repeatable; '*': any,"
        " only behind a proxy that checks it)",
    )  # fmt: skip
    serve.add_argument("--access-log", action="store_true", help="log every request (uvicorn's access log)")
    serve.set_defaults(handler=_cmd_serve)


class _Version(argparse.Action):
    """``--version``: the package's version and the version of the knowledge it ships."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from sharing_rules._knowledge import load_knowledge  # noqa: PLC0415  # see the module docstring

        try:
            knowledge = load_knowledge()
        except SharingRulesError as error:
            parser.exit(error.exit_code, f"sharing-rules: error: {error.format_message()}\n")
        sys.stdout.write(
            f"sharing-rules {__version__}\n"
            f"knowledge {knowledge.version} ({knowledge.source.title}, {knowledge.source.snapshot};"
            f" speaking for {knowledge.speaks_for})\n"
        )
        parser.exit(0)


class _Formatter(argparse.HelpFormatter):
    """Help fitted to the terminal (or to 100 columns), without argparse importing shutil on every run."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = WIDTH
        super().__init__(prog, width=min(columns, WIDTH) - 2)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # argparse's own arguments


class _NotQuickError(Exception):
    """The quick parser cannot parse these arguments: the whole parser will (and report any error)."""


class _QuickParser(_Parser):
    def error(self, message: str) -> NoReturn:
        raise _NotQuickError(message)


def _parser(*, only_evaluate: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; with ``only_evaluate``, a parser of the ``evaluate`` command alone."""
    parser = (_QuickParser if only_evaluate else _Parser)(
        prog="sharing-rules",
        description="Decide what information Eurojust may exchange with partners outside the EU, and why.",
        epilog="Exit codes: 0 allowed or done, 1 not allowed, 2 error.",
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="print the version and the shipped knowledge's, and exit"
    )
    common = _Parser(add_help=False)
    common.add_argument("--rules", metavar="DIR", help="the rules directory (default: the shipped rules)")
    common.add_argument(
        "--amend", metavar="DIR", action="append", default=[], help="an amendment to load on top (repeatable)"
    )
    commands = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        parser_class=_QuickParser if only_evaluate else _Parser,
    )

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
    if only_evaluate:
        return parser
    _add_knowledge_commands(commands, common)
    _add_serve(commands, common)
    return parser


def _add_knowledge_commands(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    """The other commands: matrix, partners, diff, explain, check, schema and validate."""
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
    schema.add_argument("--model", choices=_SCHEMAS, help="print only this model's schema")
    schema.set_defaults(handler=_cmd_schema)

    validate = commands.add_parser(
        "validate", parents=[common], help="check that a rules directory loads whole"
    )
    validate.add_argument(
        "directory", nargs="?", help="the rules directory (default: --rules or the shipped rules)"
    )
    validate.set_defaults(handler=_cmd_validate)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return its exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = None
    if arguments[:1] == ["evaluate"] and not {"-h", "--help"} & set(arguments):
        try:  # a parser of this command alone is quicker to build (see the module docstring)
            args = _parser(only_evaluate=True).parse_args(arguments)
        except _NotQuickError:
            args = None
    if args is None:
        args = _parser().parse_args(arguments)
    handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
    args.err = err  # where a command writes what is no part of its output (the matrix's caveats beside JSON)
    try:
        if handler is _cmd_evaluate:
            answered = _quick_evaluate(args, out)
            if answered is not None:
                return answered
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
