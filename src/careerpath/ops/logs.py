"""Structured logs: one JSON object per line, with the request id, and no personal data.

What a line may carry is fixed here (``SAFE_FIELDS``): method, route template, status, timings,
arm and model versions, counts. Resume text, file names, query strings and error messages about a
user's input never reach a log line: a careerpath message can quote the user's file name.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

request_id: ContextVar[str | None] = ContextVar("careerpath_request_id", default=None)

SAFE_FIELDS = (
    "event",
    "method",
    "route",
    "status",
    "duration_ms",
    "arm",
    "version",
    "error_code",
    "skills",
    "reason",
    "share",
)
LOGGER_NAME = "careerpath"


class JsonFormatter(logging.Formatter):
    """Render a record as one JSON line: time, level, logger, message, request id, safe extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            line["request_id"] = rid
        for name in SAFE_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: a traceback's locals and messages can hold resume text.
            line["exception"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False)


def configure_logging(fmt: str = "text", level: str = "INFO") -> None:
    """Send careerpath's and the server's logs to stderr, as JSON lines or plain text."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    for name in (LOGGER_NAME, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    # careerpath writes its own access line (route template, no query string): silence uvicorn's.
    logging.getLogger("uvicorn.access").disabled = True


def access_logger() -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.access")
