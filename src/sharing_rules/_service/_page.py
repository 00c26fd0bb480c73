"""The web page for people: the matrix on a date, legal notes, transfer checks, partner search, API docs.

Server-rendered HTML that works without JavaScript (a small script only adds rows to the transfer form),
with no external assets and a strict content security policy.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel
from starlette.staticfiles import StaticFiles

from sharing_rules._api import check_transfer, evaluate
from sharing_rules._decisions import Decision
from sharing_rules._errors import DecisionRecordError, SharingRulesError
from sharing_rules._json_input import UnreadableInputError, form_fields
from sharing_rules._knowledge import KnowledgeBase
from sharing_rules._records import request_id as request_id_var
from sharing_rules._service import _problems
from sharing_rules._service._app import VERSION_HEADER, Service, build_matrix, partner_named, record_refusal
from sharing_rules._timeline import coerce_day
from sharing_rules._vocabulary import Outcome

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
_ROWS = 5
_MAX_ROWS = 100
_SHOWN = {
    Outcome.ALLOWED: ("allowed", "\u2713", "Allowed"),
    Outcome.PROHIBITED: ("prohibited", "\u2715", "Prohibited"),
    Outcome.NO_BASIS: ("no-basis", "\u2013", "No basis"),
}
_EXTRA_FIELDS = ("conditions", "routes", "warnings")
"""Fields a decision may carry beyond the core ones; shown generically whenever they are there."""


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("sharing_rules._service", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["shown"] = _SHOWN
    environment.filters["query"] = urlencode
    environment.tests["numbered"] = lambda entry: bool(re.match(r"\d+\. ", entry))
    return environment


def note_sections(text: str) -> list[tuple[str, list[str]]]:
    """The library's legal note as (heading, entries): headings flush left, entries indented."""
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            sections.append((line.strip(), []))
        elif not sections:
            sections.append(("", [line.strip()]))
        elif line.startswith("   ") and sections[-1][1]:
            sections[-1][1][-1] += " " + line.strip()
        else:
            sections[-1][1].append(line.strip())
    return sections


def extra_fields(decision: Decision, note: str = "") -> list[tuple[str, list[dict[str, Any]]]]:
    """Conditions, routes, warnings...: each present field the legal note does not already state.

    Generic: any of these fields a decision carries is shown, as a list of plain mappings, unless every
    one of its items is already written out in the note (so a field appears once, whoever renders it).
    """
    written = " ".join(note.split())
    found = []
    for name in _EXTRA_FIELDS:
        value = getattr(decision, name, None)
        if not value:
            continue
        items = []
        for item in value if isinstance(value, list | tuple) else [value]:
            data = item.model_dump(mode="json") if isinstance(item, BaseModel) else item
            items.append(data if isinstance(data, dict) else {"text": str(data)})
        shown = [" ".join(str(i.get("text") or i.get("title") or i).split())[:60] for i in items]
        if not all(text and text in written for text in shown):
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


def page_routes(app: FastAPI, service: Service) -> None:  # noqa: PLR0915  # the page's routes, in order
    """Mount the page, its static files and the API docs page."""
    environment = _environment()
    static = Path(str(resources.files("sharing_rules._service"))) / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    def render(
        name: str, status: int = 200, knowledge: KnowledgeBase | None = None, **values: Any
    ) -> Response:
        html = environment.get_template(name).render(knowledge=knowledge, **values)
        headers = {"Content-Security-Policy": PAGE_CSP}
        if knowledge is not None:
            headers[VERSION_HEADER] = knowledge.version
        return HTMLResponse(html, status_code=status, headers=headers)

    def refused(error: SharingRulesError, knowledge: KnowledgeBase, **values: Any) -> Response:
        body = _problems.for_error(error, request_id_var.get())
        return render("error.html", body["status"], knowledge, problem=body, **values)

    def day_of(text: str | None) -> date:
        return coerce_day(text or None) or date.today()

    icon = (static / "favicon.svg").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    @app.get("/", include_in_schema=False)
    async def index(as_of: str | None = None) -> Response:
        knowledge = service.knowledge()
        try:
            day = day_of(as_of)
        except SharingRulesError as error:
            return refused(error, knowledge)
        matrix = build_matrix(knowledge, day)
        labels = {t: knowledge.data_types[t].label for t in matrix.data_types}
        kinds = {k: v.label for k, v in knowledge.relationship_kinds.items()}
        shorts = {k: v.short for k, v in knowledge.relationship_kinds.items()}
        return render(
            "index.html",
            knowledge=knowledge,
            matrix=matrix,
            labels=labels,
            kinds=kinds,
            shorts=shorts,
            day=day,
        )

    def note(partner: str, data_type: str, as_of: str | None, template: str) -> Response:
        knowledge = service.knowledge()
        try:
            day = day_of(as_of)
            decision = evaluate(partner, data_type, as_of=day, knowledge=knowledge)
        except DecisionRecordError as error:
            return refused(error, knowledge)
        except SharingRulesError as error:
            return refused(error, knowledge)
        service.metrics.by_outcome[decision.outcome].inc()
        text = knowledge.legal_note(decision, day)
        return render(
            template,
            knowledge=knowledge,
            decision=decision,
            day=day,
            label=knowledge.data_types[decision.data_type].label,
            sections=note_sections(text),
            extras=extra_fields(decision, text),
            statements=[(s, knowledge.statements[s].paraphrase) for s in decision.statements
                        if s in knowledge.statements],
            link={"partner": decision.partner, "data_type": decision.data_type.value,
                  "as_of": day.isoformat()},
        )  # fmt: skip

    @app.get("/note", include_in_schema=False)
    async def note_page(partner: str = "", data_type: str = "", as_of: str | None = None) -> Response:
        return note(partner, data_type, as_of, "note.html")

    @app.get("/note/print", include_in_schema=False)
    async def note_print(partner: str = "", data_type: str = "", as_of: str | None = None) -> Response:
        return note(partner, data_type, as_of, "print.html")

    def check_form(knowledge: KnowledgeBase, status: int = 200, **values: Any) -> Response:
        values.setdefault("rows", [{"data_type": "", "label": ""} for _ in range(_ROWS)])
        values.setdefault("form", {"case_reference": "", "partner": "", "as_of": ""})
        return render(
            "check.html", status, knowledge,
            data_types=[(t.value, d.label) for t, d in knowledge.data_types.items()],
            partners=[p.name for p in knowledge.partners], **values,
        )  # fmt: skip

    @app.get("/check", include_in_schema=False)
    async def check_page() -> Response:
        return check_form(service.knowledge())

    @app.post("/check", include_in_schema=False)
    async def check_submit(request: Request) -> Response:
        knowledge = service.knowledge()
        try:
            once, read_rows = read_form(await request.body())
        except UnreadableInputError as error:
            record_refusal("check_transfer", knowledge, "cannot be read as the page's form")
            body = _problems.problem(
                400, "invalid-form", "The form cannot be read",
                f"The form cannot be read in one way only: {error.problem}. Send the page's own form.",
                request_id_var.get(),
            )  # fmt: skip
            return check_form(knowledge, 400, problem=body)
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
            body = _problems.for_error(error, request_id_var.get())
            return check_form(knowledge, body["status"], form=form, rows=shown_rows, problem=body)
        service.count([item.decision for item in verdict.items])
        return check_form(
            knowledge, form=form, rows=shown_rows, verdict=verdict,
            labels={t: d.label for t, d in knowledge.data_types.items()},
        )  # fmt: skip

    @app.get("/partners", include_in_schema=False)
    async def partners_page(q: str = "") -> Response:
        knowledge = service.knowledge()
        found = None
        problem = None
        if q.strip():
            try:
                found = partner_named(knowledge, q.strip())
            except SharingRulesError as error:
                problem = _problems.for_error(error, request_id_var.get())
        kinds = {k: v.label for k, v in knowledge.relationship_kinds.items()}
        return render(
            "partners.html", 200, knowledge,  # a search that finds nothing is still a page of results
            q=q, found=found, problem=problem, partners=knowledge.partners, kinds=kinds,
        )  # fmt: skip

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        document = app.openapi()
        operations = [
            {"path": path, "method": method.upper(), **operation}
            for path, item in document.get("paths", {}).items()
            for method, operation in item.items()
        ]
        schemas = {
            name: json.dumps(schema, indent=2)
            for name, schema in sorted(document.get("components", {}).get("schemas", {}).items())
        }
        return render("docs.html", operations=operations, schemas=schemas, title=document["info"]["title"])
