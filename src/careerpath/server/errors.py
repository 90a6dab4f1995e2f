"""Map exceptions to HTTP statuses and the one error shape: ``{"error": {"code", "message", "details"}}``.

Clients match on ``code`` (stable, the same codes the CLI prints); the message may improve freely.
Web pages ask for HTML instead through ``page_renderer`` (see careerpath.web).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from careerpath.errors import (
    CareerpathError,
    InputError,
    ResumeParseError,
    ServerBusy,
    StoreBusy,
    UnknownRoleError,
    UnknownSkillError,
)

logger = logging.getLogger("careerpath.api")

# An error page for browsers: return a Response for page requests, None to answer with JSON.
PageRenderer = Callable[[Request, int, dict[str, Any]], Response | None]

# Codes whose status differs from their class's: the request was fine except for the file.
STATUS_BY_CODE: dict[str, int] = {
    "unauthenticated": 401,
    "forbidden": 403,
    "csrf_failed": 403,
    "record_not_found": 404,
    "email_taken": 409,
    "rate_limited": 429,
    "file_too_large": 413,
    "pdf_too_large": 413,  # within the byte limit, but over a reading budget (pages, streams)
    "docx_too_large": 413,
    "unsupported_type": 415,
    "binary_file": 415,
}
# Checked in order, most specific first; anything else we raised on purpose is a server problem.
STATUS_BY_CLASS: Sequence[tuple[type[CareerpathError], int]] = (
    (ServerBusy, 503),  # the queue of assessments is full; Retry-After says when to come back
    (StoreBusy, 503),  # an ingest holds the market store; try again when it finishes
    (UnknownRoleError, 404),
    (UnknownSkillError, 404),
    (ResumeParseError, 400),  # the upload arrived but cannot be read: broken PDF, empty file, ...
    (InputError, 422),  # a well-formed request with a value the core refuses, like FastAPI's own 422
)
CODE_BY_STATUS: dict[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    404: "not_found",
    405: "method_not_allowed",
    413: "file_too_large",
    414: "query_too_long",
    415: "unsupported_type",
    431: "headers_too_large",
}


def status_for(exc: CareerpathError) -> int:
    """Return the HTTP status for an exception careerpath raised."""
    if exc.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[exc.code]
    for cls, status in STATUS_BY_CLASS:
        if isinstance(exc, cls):
            return status
    return 500


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the JSON body of every error response."""
    return {"error": {"code": code, "message": message, "details": jsonable_encoder(details or {})}}


def install_error_handlers(app: FastAPI, page_renderer: PageRenderer | None = None) -> None:
    """Register handlers that turn every error into the one JSON shape (or an HTML page)."""

    def respond(request: Request, status: int, body: dict[str, Any]) -> Response:
        if page_renderer is not None:
            page = page_renderer(request, status, body["error"])
            if page is not None:
                return page
        return JSONResponse(body, status_code=status)

    async def careerpath_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CareerpathError)
        status = status_for(exc)
        if status >= 500:
            logger.error("%s [%s] %s", request.url.path, exc.code, exc.message)
        response = respond(request, status, error_body(exc.code, exc.message, exc.details))
        if "retry_after" in exc.details or isinstance(exc, ServerBusy):
            response.headers["Retry-After"] = str(exc.details.get("retry_after", 5))
        return response

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request", "type": None}
        where = ".".join(part for part in first["loc"] if part not in ("body", "query", "path", "form"))
        if first["type"] == "json_invalid":
            message = "Invalid request: the body is not valid JSON."
        elif first["type"] == "missing" and where:
            message = f"Invalid request: {where} is required."
        else:
            message = f"Invalid request: {where + ': ' if where else ''}{first['msg']}."
        return respond(request, 422, error_body("invalid_request", message, {"errors": errors}))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = CODE_BY_STATUS.get(exc.status_code, "http_error")
        message = str(exc.detail)
        if exc.status_code == 404:
            message = f"Nothing at {request.url.path}; see /docs for the API or / for the web pages."
        response = respond(request, exc.status_code, error_body(code, message))
        response.headers.update(exc.headers or {})
        return response

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # Starlette logs the traceback and re-raises after sending this; we only shape the body.
        return respond(request, 500, error_body("internal_error", "Internal error; see the server log."))

    app.add_exception_handler(CareerpathError, careerpath_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
