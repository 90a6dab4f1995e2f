"""`careerpath mcp`: serve careerpath's tools to AI assistants over the Model Context Protocol."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from careerpath.errors import BackendUnavailable

INSTALL_HINT = "pip install 'careerpath[mcp]'"


class Transport(str, Enum):
    stdio = "stdio"
    streamable_http = "streamable-http"


def mcp_command(
    transport: Annotated[Transport, typer.Option(help="stdio (launched by an assistant) or streamable-http")] = (
        Transport.stdio
    ),
    host: Annotated[str, typer.Option(help="streamable-http: interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="streamable-http: TCP port")] = 8765,
) -> None:
    """Serve assess, roles, role, skills and plan as MCP tools (and the role catalogue as resources)."""
    try:
        from careerpath.mcp_server import build_server
    except ImportError as exc:
        raise BackendUnavailable(
            f"The MCP server needs the MCP SDK and the API extra ({exc.name} is missing); run: {INSTALL_HINT}",
            details={"missing": exc.name, "install": INSTALL_HINT},
        ) from None
    if transport is Transport.stdio:
        build_server().run("stdio")  # stdout carries the protocol: print nothing else
    else:
        # Over HTTP the caller is not the local user: resumes come as text, never as file paths.
        build_server(allow_paths=False).run("streamable-http", host=host, port=port)
