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
from typing import TYPE_CHECKING

from fastapi import FastAPI

from careerpath import __version__
from careerpath.api import account_router, api_router
from careerpath.app import Careerpath
from careerpath.errors import BackendError, BackendUnavailable, InputError
from careerpath.navigator import Navigator
from careerpath.server.docs import install_docs
from careerpath.server.errors import install_error_handlers
from careerpath.server.limits import RequestSizeLimits
from careerpath.server.operations import install_operations
from careerpath.server.security import SecurityMiddleware
from careerpath.server.workers import WorkerPool, process_executor
from careerpath.settings import Settings
from careerpath.web import install_account_pages, install_web, render_error_page

if TYPE_CHECKING:
    from careerpath.accounts.store import AccountStore

SERVICE_HINT = "pip install 'careerpath[service]'"


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
    careerpath = Careerpath.from_settings(settings)  # SettingsError (one line, exit 2) on a bad CAREERPATH_*
    app = FastAPI(
        lifespan=_shutdown_pools,
        title="careerpath",
        version=__version__,
        description="An offline AI/ML career navigator: which role fits, what is missing, how to get there. "
        'Errors always have the body {"error": {"code", "message", "details"}}.',
        docs_url=None,  # served from local files by install_docs
        redoc_url=None,
    )
    app.state.careerpath = careerpath
    app.state.settings = settings = careerpath.settings
    # Large uploads get worker processes with their own navigators, built from the same settings;
    # a navigator passed in (tests, embedding apps) cannot be copied there, so they use threads.
    heavy_executor = process_executor(settings.server_heavy_workers, settings) if navigator is None else None
    if navigator is None:
        navigator = careerpath.navigator
        if settings.esco_dir is not None:  # CAREERPATH_ESCO_DIR turns the ESCO tier on, as in the CLI
            navigator.esco_linker = careerpath.esco_linker()
    app.state.navigator = navigator
    # Assessments run in a bounded pool off the event loop (503 + Retry-After when it is full).
    app.state.worker_pool = WorkerPool(
        settings.server_workers, settings.server_queue_limit, settings.server_request_seconds
    )
    app.state.heavy_pool = WorkerPool(
        settings.server_heavy_workers, settings.server_queue_limit, settings.server_request_seconds, heavy_executor
    )
    app.add_middleware(
        RequestSizeLimits, max_query_bytes=settings.max_query_bytes, max_header_bytes=settings.max_header_bytes
    )
    install_error_handlers(app, page_renderer=render_error_page)
    app.include_router(api_router)
    settings = careerpath.settings
    if settings.multi_user:
        from careerpath.accounts.limits import DatabaseRateLimiter

        app.state.store = store = open_account_store(settings)
        # Counted in the database: every worker process and server on it shares one count.
        app.state.auth_limiter = DatabaseRateLimiter(store.engine, "auth", settings.auth_rate_per_minute)
        app.state.assess_limiter = DatabaseRateLimiter(store.engine, "assess", settings.assess_rate_per_minute)
        app.include_router(account_router)
        install_account_pages(app)
    install_web(app)
    install_docs(app)
    if settings.cors_origins.strip():
        from fastapi.middleware.cors import CORSMiddleware

        origins = [origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()]
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-CSRF-Token"],
        )
    app.add_middleware(SecurityMiddleware)
    install_operations(app, careerpath.settings)  # request ids, JSON logs, /metrics, /ready, model rollout
    return app


def open_account_store(settings: Settings) -> AccountStore:
    """Return the accounts store on the configured database, migrated to the newest schema."""
    try:
        from careerpath.accounts.db import default_url, make_engine, migrate
        from careerpath.accounts.store import AccountStore
        from careerpath.accounts.vault import load_vault
    except ImportError as exc:
        raise BackendUnavailable(
            f"The multi-user service needs SQLAlchemy, Alembic, argon2-cffi and cryptography "
            f"({exc.name} is missing); run: {SERVICE_HINT}",
            details={"missing": exc.name, "install": SERVICE_HINT},
        ) from None
    if settings.database_url is None:
        settings.home.mkdir(parents=True, exist_ok=True)
        database = settings.home / "accounts.sqlite3"
        if not database.exists():  # private from the start: e-mails, password hashes, encrypted data
            database.touch(mode=0o600)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    url = settings.database_url or default_url(settings.home)
    try:
        engine = make_engine(url)
        migrate(engine)
    except ArgumentError as exc:
        raise InputError(f"CAREERPATH_DATABASE_URL is not a database URL: {exc}") from None
    except (SQLAlchemyError, ImportError) as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackendError(f"Cannot open the accounts database {shown}: {reason}") from None
    return AccountStore(engine, load_vault(settings.home, settings.secret_keys))


__all__ = ["create_app"]
