"""Logs: JSON lines with the request id, and nothing of the resume."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from careerpath.ops.logs import JsonFormatter

SECRET_NAME = "Quillon Vantersby"
SECRET_SENTENCE = "Reduced churn of the Zephyrine loyalty programme by 17 percent"
RESUME = f"""{SECRET_NAME}
quillon.vantersby@example.org  +44 7700 900123

Experience
Data Scientist, Northwind
- {SECRET_SENTENCE} with gradient boosting in Python and SQL.
"""


@pytest.fixture()
def captured() -> Iterator[io.StringIO]:
    """Everything careerpath and the server log, through the JSON formatter the service uses."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("careerpath", "uvicorn", "uvicorn.error", "fastapi")]
    old = [(lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield stream
    for lg, (level, propagate) in zip(loggers, old, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)
        lg.propagate = propagate


def test_logs_are_json_with_request_ids_and_never_resume_content(client: TestClient, captured: io.StringIO) -> None:
    named = {"file": ("quillon_vantersby_cv.txt", RESUME.encode(), "text/plain")}
    ok = client.post("/assessments?note=Zephyrine", files=named, headers={"X-Rollout-Key": "user-7"})
    assert ok.status_code == 200
    broken = {"file": ("quillon_vantersby_cv.pdf", b"%PDF-1.4 " + SECRET_SENTENCE.encode(), "application/pdf")}
    assert client.post("/assessments", files=broken).status_code == 400
    typed = client.post("/assessments/typed", json={"skills": [SECRET_NAME]}, headers={"X-Request-ID": "abc-123"})
    assert typed.status_code in (404, 422)

    text = captured.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]
    access = [line for line in lines if line.get("event") == "request"]
    assert len(access) == 3
    assert access[0]["request_id"] == ok.headers["X-Request-ID"]
    assert access[0]["route"] == "/assessments" and access[0]["status"] == 200
    assert access[0]["version"] == ok.headers["X-Model-Version"]
    assert access[2]["request_id"] == "abc-123"  # a plain client id is kept for tracing
    for secret in ("Quillon", "Vantersby", "Zephyrine", "quillon", "7700 900123", "example.org"):
        assert secret not in text


def test_a_client_request_id_that_is_not_plain_is_replaced(client: TestClient, captured: io.StringIO) -> None:
    response = client.get("/health", headers={"X-Request-ID": "Quillon Vantersby <script>"})
    assert response.headers["X-Request-ID"] != "Quillon Vantersby <script>"
    assert "Quillon" not in captured.getvalue()
