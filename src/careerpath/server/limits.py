"""Refuse requests with an oversized query string or header block before any route runs.

A 60 KB ``?q=`` cost seconds of CPU in a search route; a query string over ``max_query_bytes``
gets 414 ``query_too_long`` and a header block over ``max_header_bytes`` 431
``headers_too_large``, both in the one JSON error shape. (Body sizes are limited per route, see
careerpath.server.uploads.)
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from careerpath.server.errors import error_body


class RequestSizeLimits:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp, *, max_query_bytes: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_query_bytes = max_query_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = len(scope.get("query_string", b""))
            headers = sum(len(name) + len(value) + 4 for name, value in scope.get("headers", ()))
            if query > self.max_query_bytes:
                await _refuse(
                    414,
                    "query_too_long",
                    f"The query string is {query:,} bytes, over the "
                    f"{self.max_query_bytes:,}-byte limit; shorten the search.",
                    scope,
                    receive,
                    send,
                )
                return
            if headers > self.max_header_bytes:
                await _refuse(
                    431,
                    "headers_too_large",
                    f"The request headers are {headers:,} bytes, over the {self.max_header_bytes:,}-byte limit.",
                    scope,
                    receive,
                    send,
                )
                return
        await self.app(scope, receive, send)


async def _refuse(status: int, code: str, message: str, scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse(error_body(code, message), status_code=status)(scope, receive, send)
