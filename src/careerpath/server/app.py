"""The composition root of the server: one app with the JSON API and the web pages (``pip install 'careerpath[api]'``).

careerpath.api and careerpath.web are routers that never import each other; they share the
plumbing in careerpath.server (deps, uploads, notices, errors). Only this module sees all three.

Example::

    from careerpath.server.app import create_app
    app = create_app()  # then: uvicorn.run(app), or `careerpath serve`
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from careerpath import __version__
from careerpath.api import api_router
from careerpath.navigator import Navigator
from careerpath.server.deps import build_navigator
from careerpath.server.errors import install_error_handlers
from careerpath.server.limits import RequestSizeLimits
from careerpath.server.workers import WorkerPool, process_executor
from careerpath.settings import Settings
from careerpath.web import install_web, render_error_page


@asynccontextmanager
async def _shutdown_pools(app: FastAPI) -> AsyncIterator[None]:
    """Stop the worker pools (and the heavy lane's processes) when the server stops."""
    yield
    for name in ("worker_pool", "heavy_pool"):
        pool = getattr(app.state, name, None)
        if pool is not None:
            pool.shutdown()


def create_app(navigator: Navigator | None = None, settings: Settings | None = None) -> FastAPI:
    """Return the app: JSON API, web pages and error handlers, sharing one navigator.

    ``navigator`` defaults to the bundled data plus the user's files under ``settings.home``,
    built now, once (loading takes about half a second); ``settings`` default to the environment.
    """
    settings = settings or Settings()
    app = FastAPI(
        lifespan=_shutdown_pools,
        title="careerpath",
        version=__version__,
        description="An offline AI/ML career navigator: which role fits, what is missing, how to get there. "
        'Errors always have the body {"error": {"code", "message", "details"}}.',
    )
    app.state.settings = settings
    app.state.navigator = navigator or build_navigator(settings)
    # Assessments run in a bounded pool off the event loop (503 + Retry-After when it is full).
    app.state.worker_pool = WorkerPool(
        settings.server_workers, settings.server_queue_limit, settings.server_request_seconds
    )
    # Large uploads get worker processes with their own navigators, built from the same settings;
    # a navigator passed in (tests, embedding apps) cannot be copied there, so they use threads.
    heavy_executor = process_executor(settings.server_heavy_workers, settings) if navigator is None else None
    app.state.heavy_pool = WorkerPool(
        settings.server_heavy_workers, settings.server_queue_limit, settings.server_request_seconds, heavy_executor
    )
    app.add_middleware(
        RequestSizeLimits, max_query_bytes=settings.max_query_bytes, max_header_bytes=settings.max_header_bytes
    )
    install_error_handlers(app, page_renderer=render_error_page)
    app.include_router(api_router)
    install_web(app)
    return app


__all__ = ["create_app"]
