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
    from careerpath.ops.logs import configure_logging

    app = create_app()  # a bad setting fails here, before anything is printed
    settings = app.state.settings
    typer.echo(f"careerpath: web pages at http://{host}:{port}/ and API docs at http://{host}:{port}/docs")
    if settings.log_format == "json":
        # JSON lines with request ids; uvicorn's own config would replace ours, so it gets none.
        configure_logging("json", settings.log_level)
        uvicorn.run(app, host=host, port=port, log_config=None)
    else:
        uvicorn.run(app, host=host, port=port)
