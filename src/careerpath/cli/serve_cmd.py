"""`careerpath serve`: run the HTTP API and web pages locally (or the multi-user service)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from careerpath.errors import BackendUnavailable, InputError

INSTALL_HINT = "pip install 'careerpath[api]'"


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes it to the network")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    multi_user: Annotated[
        bool,
        typer.Option(
            "--multi-user",
            help="Accounts and private per-user data in a database [default: $CAREERPATH_MULTI_USER or off]",
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Worker processes (several need --multi-user or none)")] = 1,
) -> None:
    """Serve the JSON API (/docs) and the web pages (/) on the bundled data, offline."""
    try:
        import uvicorn

        from careerpath.server.app import create_app, open_account_store
    except ImportError as exc:
        raise BackendUnavailable(
            f"The API needs FastAPI, uvicorn, Jinja2 and python-multipart ({exc.name} is missing); run: {INSTALL_HINT}",
            details={"missing": exc.name, "install": INSTALL_HINT},
        ) from None
    from careerpath.ops.logs import configure_logging
    from careerpath.settings import load_settings

    if workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}.")
    if multi_user:
        os.environ["CAREERPATH_MULTI_USER"] = "1"  # worker processes read their settings from the environment
    settings = load_settings()  # a bad setting fails here (one line, exit 2), before anything is printed
    app = create_app(settings=settings)
    if settings.multi_user:
        open_account_store(settings)  # migrate once here, before any worker starts
    mode = "multi-user service" if settings.multi_user else "single-user"
    typer.echo(f"careerpath ({mode}): web pages at http://{host}:{port}/ and API docs at http://{host}:{port}/docs")
    # JSON lines with request ids; uvicorn's own config would replace ours, so it gets none.
    log_config: dict[str, Any] = {"log_config": None} if settings.log_format == "json" else {}
    if settings.log_format == "json":
        configure_logging("json", settings.log_level)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, **log_config)
    else:
        uvicorn.run(
            "careerpath.server.app:create_app", factory=True, host=host, port=port, workers=workers, **log_config
        )
