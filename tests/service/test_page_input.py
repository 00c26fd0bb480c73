"""The page refuses hostile input as kindly as the API: never a server error, never a traceback.

The application runs in process (FastAPI's TestClient): a live server would prove nothing more here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from tests.service.conftest import InProcess

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@pytest.fixture
def client(app: tuple[InProcess, TestClient]) -> httpx.Client:
    """A client of the application in process."""
    return app[1]


HOSTILE = [
    "",
    " ",
    "x" * 5000,
    "\x00",
    "Nor\x00way",
    "<script>alert(1)</script>",
    "'; DROP TABLE partners; --",
    "\u202eyawroN",
    "\ud7ff\uffff",
    "%00%ff",
    "../../etc/passwd",
    "9999-99-99",
    "2024-02-30",
    "-1",
    "{{7*7}}",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_on_every_page(client: httpx.Client, value: str) -> None:
    """Every page answers hostile values below 500, escapes them, and shows no traceback."""
    responses = [
        client.get("/note", params={"partner": value, "data_type": "evidence"}),
        client.get("/note", params={"partner": "Norway", "data_type": value}),
        client.get("/note/print", params={"partner": "Norway", "data_type": "evidence", "as_of": value}),
        client.get("/", params={"as_of": value}),
        client.get("/partners", params={"q": value}),
        client.post(
            "/check",
            data={
                "case_reference": value,
                "partner": value,
                "data_type": value,
                "label": value,
                "as_of": value,
            },
        ),
    ]
    for response in responses:
        assert response.status_code < 500, (response.request.url, response.text[:300])
        assert "Traceback" not in response.text
        assert "<script>alert(1)</script>" not in response.text


def test_what_is_typed_is_shown_as_text(client: httpx.Client) -> None:
    """A search for template or markup syntax is echoed as text, never evaluated or rendered."""
    page = client.get("/partners", params={"q": "{{7*7}}<b>x</b>"}).text
    assert 'value="{{7*7}}&lt;b&gt;x&lt;/b&gt;"' in page
    assert "<b>x</b>" not in page


def test_a_form_body_that_is_not_text_is_refused_kindly(client: httpx.Client) -> None:
    """Bytes that are no UTF-8, and a body of many fields, still get a page, not an error."""
    junk = client.post(
        "/check", content=b"\xff\xfe\x00=\x01", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert junk.status_code == 400
    many = client.post(
        "/check",
        content=b"&".join([b"label=x"] * 5000),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert many.status_code == 400
