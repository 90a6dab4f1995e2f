"""Take resume uploads without holding more than the size limit in memory.

Two checks, both against ``Settings.max_resume_bytes``:

1. ``LimitedBodyRoute`` refuses a request whose body is larger than the limit plus room for the
   multipart envelope: at once when ``Content-Length`` says so, otherwise as soon as the streamed
   body passes it. The form parser therefore never spools a huge body.
2. ``read_upload`` reads the file part in chunks and stops one byte past the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response, UploadFile
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive

from careerpath.errors import ResumeParseError
from careerpath.navigator import Assessment, Navigator
from careerpath.resumes import parse_profile, read_resume_bytes

# Boundaries, part headers and the small form fields around the file; generous on purpose.
MULTIPART_ALLOWANCE_BYTES = 64 * 1024
CHUNK_BYTES = 64 * 1024


def too_large(name: str | None, max_bytes: int) -> ResumeParseError:
    what = f"Resume file '{name}'" if name else "The upload"
    return ResumeParseError(
        f"{what} is over the {max_bytes:,}-byte limit; use a smaller file (a text or PDF export of the resume).",
        code="file_too_large",
        details={"max_bytes": max_bytes},
    )


class LimitedBodyRoute(APIRoute):
    """An APIRoute that refuses request bodies over the resume size limit before parsing them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited_handler(request: Request) -> Response:
            max_bytes: int = request.app.state.settings.max_resume_bytes
            allowed = max_bytes + MULTIPART_ALLOWANCE_BYTES
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > allowed:
                raise too_large(None, max_bytes)
            counter = _CountingReceive(request.receive, allowed)
            try:
                return await handler(Request(request.scope, counter))
            except StarletteHTTPException:
                # FastAPI reports any failure while parsing the body as "400 error parsing the body".
                if counter.exceeded:
                    raise too_large(None, max_bytes) from None
                raise

        return limited_handler


class _CountingReceive:
    """An ASGI receive channel that fails once more than ``allowed`` body bytes have arrived."""

    def __init__(self, receive: Receive, allowed: int) -> None:
        self.receive = receive
        self.allowed = allowed
        self.seen = 0
        self.exceeded = False

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.allowed:
                self.exceeded = True
                raise too_large(None, self.allowed - MULTIPART_ALLOWANCE_BYTES)
        return message


def read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    """Return the uploaded file's bytes; raise file_too_large as soon as it passes ``max_bytes``."""
    name = upload.filename or "resume"
    if upload.size is not None and upload.size > max_bytes:
        raise too_large(name, max_bytes)
    chunks: list[bytes] = []
    size = 0
    while chunk := upload.file.read(min(CHUNK_BYTES, max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise too_large(name, max_bytes)
    return b"".join(chunks)


def assess_upload(
    navigator: Navigator,
    upload: UploadFile,
    role: str | None,
    *,
    hours_per_week: float,
    done: list[str],
    max_bytes: int,
) -> Assessment:
    """Return the assessment of an uploaded resume: read it, parse it, assess it."""
    data = read_upload(upload, max_bytes)
    document = read_resume_bytes(data, upload.filename or "resume", max_bytes=max_bytes, budgets=navigator.budgets)
    profile = parse_profile(document)
    return navigator.assess(profile, role or None, hours_per_week=hours_per_week, done=done, max_bytes=max_bytes)
