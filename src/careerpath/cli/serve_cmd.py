"""`careerpath serve`: run the HTTP API and web pages locally."""

from __future__ import annotations

from typing import Annotated

import typer

from careerpath.errors import BackendUnavailable

INSTALL_HINT = "pip install 'careerpath[api]'"


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes it to the network")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Serve the JSON API (/docs) and the web pages (/) on the bundled data, offline."""
    try:
        import uvicorn

        from careerpath.server.app import create_app
    except ImportError as exc:
        raise BackendUnavailable(
            f"The API needs FastAPI, uvicorn, Jinja2 and python-multipart ({exc.name} is missing); run: {INSTALL_HINT}",
            details={"missing": exc.name, "install": INSTALL_HINT},
        ) from None
    typer.echo(f"careerpath: web pages at http://{host}:{port}/ and API docs at http://{host}:{port}/docs")
    uvicorn.run(create_app(), host=host, port=port)
