"""The web page for people: the matrix on a date, legal notes, transfer checks, partner search, API docs.

Server-rendered HTML that works without JavaScript (a small script only adds rows to the transfer form),
with no external assets and a strict content security policy.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from sharing_rules import Decision, KnowledgeBase, Outcome, SharingRulesError, check_transfer, evaluate
from sharing_rules._json_input import UnreadableInputError, form_fields
from sharing_rules._prose import LegalNote
from sharing_rules._service import _problems
from sharing_rules._service._core import (
    VERSION_HEADER,
    KnowledgeDep,
    ServiceDep,
    build_matrix,
    record_refusal,
    request_id,
)
from sharing_rules._timeline import asked_day

router = APIRouter(include_in_schema=False)

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
STATIC = Path(str(resources.files("sharing_rules._service"))) / "static"
"""The page's own style sheet, script and icon (served under ``/static``)."""
_ICON = (STATIC / "favicon.svg").read_bytes()
_ROWS = 5
_MAX_ROWS = 100
_SHOWN = {
    Outcome.ALLOWED: ("allowed", "\u2713", "Allowed"),
    Outcome.PROHIBITED: ("prohibited", "\u2715", "Prohibited"),
    Outcome.NO_BASIS: ("no-basis", "\u2013", "No basis"),
}
_EXTRA_FIELDS = ("conditions", "routes", "warnings")
"""Fields a decision may carry beyond the core ones; shown generically when the note has no part for them."""


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("sharing_rules._service", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["shown"] = _SHOWN
    environment.filters["query"] = urlencode
    return environment


_TEMPLATES = _environment()


def extra_fields(decision: Decision, note: LegalNote | None = None) -> list[tuple[str, list[dict[str, Any]]]]:
    """Conditions, routes, warnings...: each field the decision carries that the note has no part for.

    Generic: any of these fields a decision carries is shown, as a list of plain mappings, unless the legal
    note sets it out in a part of its own (so a field appears once, whoever renders it).
    """
    written = {section.key for section in note.sections} if note is not None else set()
    found = []
    for name in _EXTRA_FIELDS:
        value = getattr(decision, name, None)
        if not value or name in written:
            continue
        items = []
        for item in value if isinstance(value, list | tuple) else [value]:
            data = item.model_dump(mode="json") if isinstance(item, BaseModel) else item
            items.append(data if isinstance(data, dict) else {"text": str(data)})
        found.append((name, items))
    return found


_SINGLE_FIELDS = ("case_reference", "partner", "as_of")
"""The fields of the transfer form that hold one value each (an item's kind and label repeat per row)."""


def read_form(body: bytes) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    """The transfer form's fields, read strictly: one value per single field, rows of a kind and a label.

    :class:`UnreadableInputError` for bytes that are not UTF-8, too many fields, a single field given twice
    (which would count?), a field the form does not have, or a kind of item without its label.
    """
    try:
        pairs = parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
            max_num_fields=2 * _MAX_ROWS + len(_SINGLE_FIELDS),
        )  # fmt: skip
    except UnicodeDecodeError:
        raise UnreadableInputError("it is not UTF-8 text") from None
    except ValueError:
        raise UnreadableInputError(f"it has more than {_MAX_ROWS} items") from None
    return form_fields(pairs, _SINGLE_FIELDS, ("data_type", "label"))


def _render(name: str, status: int = 200, knowledge: KnowledgeBase | None = None, **values: Any) -> Response:
    html = _TEMPLATES.get_template(name).render(knowledge=knowledge, **values)
    headers = {"Content-Security-Policy": PAGE_CSP}
    if knowledge is not None:
        headers[VERSION_HEADER] = knowledge.version
    return HTMLResponse(html, status_code=status, headers=headers)


def _refused(error: SharingRulesError, knowledge: KnowledgeBase, **values: Any) -> Response:
    body = _problems.for_error(error, request_id(), people=True)
    return _render("error.html", body["status"], knowledge, problem=body, **values)


@router.get("/favicon.ico")
async def favicon() -> Response:
    """The page's icon."""
    return Response(_ICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/")
async def index(knowledge: KnowledgeDep, as_of: str | None = None) -> Response:
    """The matrix on a date (today in The Hague by default)."""
    try:
        matrix = build_matrix(knowledge, as_of or None)
    except SharingRulesError as error:
        return _refused(error, knowledge)
    return _render(
        "index.html",
        knowledge=knowledge,
        matrix=matrix,
        labels={t: knowledge.data_types[t].label for t in matrix.data_types},
        kinds={k: v.label for k, v in knowledge.relationship_kinds.items()},
        shorts={k: v.short for k, v in knowledge.relationship_kinds.items()},
        day=matrix.as_of,
    )


_CASE_REFERENCE_LENGTH = 100
"""The most characters of a case reference the print view shows (the form's own limit)."""


def _note(
    service: ServiceDep,
    knowledge: KnowledgeBase,
    question: tuple[str, str, str | None],
    template: str,
    **more: Any,
) -> Response:
    partner, data_type, as_of = question
    try:
        day = asked_day(as_of or None)
        decision = evaluate(partner, data_type, as_of=day, knowledge=knowledge)
    except SharingRulesError as error:
        return _refused(error, knowledge)
    service.metrics.count(decision)
    note = knowledge.note(decision, day)
    return _render(
        template,
        knowledge=knowledge,
        decision=decision,
        day=day,
        label=knowledge.data_types[decision.data_type].label,
        note=note,
        extras=extra_fields(decision, note),
        statements=[(s, knowledge.statements[s].paraphrase) for s in decision.statements
                    if s in knowledge.statements],
        link={"partner": decision.partner, "data_type": decision.data_type.value, "as_of": day.isoformat()},
        **more,
    )  # fmt: skip


@router.get("/note")
@router.get("/note/print")
async def note_page(
    request: Request,
    *,
    service: ServiceDep,
    knowledge: KnowledgeDep,
    partner: str = "",
    data_type: str = "",
    as_of: str | None = None,
    case_reference: str = "",
) -> Response:
    """One decision as a legal note; under ``/note/print`` set out for printing into the case file.

    The print view says when it was generated, by which knowledge, under which request id the decision
    record was written (``record_id``), for which case, and the stable address of the note.
    """
    question = (partner, data_type, as_of)
    if not request.url.path.endswith("/print"):
        return _note(service, knowledge, question, "note.html")
    return _note(
        service, knowledge, question, "print.html",
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        record_id=request_id(),
        case_reference=case_reference.strip()[:_CASE_REFERENCE_LENGTH],
        base_url=str(request.base_url).rstrip("/"),
    )  # fmt: skip


def _check_form(knowledge: KnowledgeBase, status: int = 200, **values: Any) -> Response:
    values.setdefault("rows", [{"data_type": "", "label": ""} for _ in range(_ROWS)])
    values.setdefault("form", {"case_reference": "", "partner": "", "as_of": ""})
    return _render(
        "check.html", status, knowledge,
        data_types=[(t.value, d.label) for t, d in knowledge.data_types.items()],
        partners=[p.name for p in knowledge.partners], **values,
    )  # fmt: skip


@router.get("/check")
async def check_page(knowledge: KnowledgeDep) -> Response:
    """The transfer form, empty."""
    return _check_form(knowledge)


@router.post("/check")
async def check_submit(request: Request, service: ServiceDep, knowledge: KnowledgeDep) -> Response:
    """The transfer form, checked: the verdict on the package, item by item."""
    try:
        once, read_rows = read_form(await request.body())
    except UnreadableInputError as error:
        record_refusal("check_transfer", knowledge, "cannot be read as the page's form")
        body = _problems.problem(
            400, "invalid-form", "The form cannot be read",
            f"The form cannot be read in one way only: {error.problem}. Send the page's own form.",
            request_id(),
        )  # fmt: skip
        return _check_form(knowledge, 400, problem=body)
    form = {key: once.get(key, "").strip() for key in _SINGLE_FIELDS}
    rows = [{"data_type": data_type, "label": label} for data_type, label in read_rows]
    items = [{"data_type": r["data_type"], **({"label": r["label"]} if r["label"] else {})}
             for r in rows if r["data_type"]]  # fmt: skip
    shown_rows = rows + [{"data_type": "", "label": ""}] * max(0, _ROWS - len(rows))
    request_body: dict[str, Any] = {
        "case_reference": form["case_reference"], "partner": form["partner"], "items": items,
    }  # fmt: skip
    if form["as_of"]:
        request_body["as_of"] = form["as_of"]
    try:
        verdict = check_transfer(request_body, knowledge=knowledge)
    except SharingRulesError as error:
        body = _problems.for_error(error, request_id(), people=True)
        return _check_form(knowledge, body["status"], form=form, rows=shown_rows, problem=body)
    service.metrics.count(*(item.decision for item in verdict.items))
    return _check_form(
        knowledge, form=form, rows=shown_rows, verdict=verdict,
        labels={t: d.label for t, d in knowledge.data_types.items()},
    )  # fmt: skip


@router.get("/partners")
async def partners_page(knowledge: KnowledgeDep, q: str = "") -> Response:
    """The partners, and the one a search names."""
    found = None
    problem = None
    if q.strip():
        try:
            found = knowledge.partner(q.strip())
        except SharingRulesError as error:
            problem = _problems.for_error(error, request_id(), people=True)
    kinds = {k: v.label for k, v in knowledge.relationship_kinds.items()}
    return _render(
        "partners.html", 200, knowledge,  # a search that finds nothing is still a page of results
        q=q, found=found, problem=problem, partners=knowledge.partners, kinds=kinds,
    )  # fmt: skip


@router.get("/docs")
async def docs(request: Request) -> Response:
    """The API's description, read from its OpenAPI document, as a page that needs no script."""
    document = request.app.openapi()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
    ]
    schemas = {
        name: json.dumps(schema, indent=2)
        for name, schema in sorted(document.get("components", {}).get("schemas", {}).items())
    }
    return _render("docs.html", operations=operations, schemas=schemas, title=document["info"]["title"])
