"""The web pages: Jinja templates and one stylesheet, served by the API app (no scripts, no external assets)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from careerpath.web.account_pages import router as account_router
from careerpath.web.matches_page import router as matches_router
from careerpath.web.pages import router
from careerpath.web.search_pages import router as search_router
from careerpath.web.templating import STATIC_DIR, render_error_page


def install_web(app: FastAPI) -> None:
    """Add the pages (``/`` and ``/ui/…``) and their stylesheet (``/static``) to ``app``."""
    app.include_router(router)
    app.include_router(matches_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


def install_account_pages(app: FastAPI) -> None:
    """Add the multi-user service's pages: sign-up, log-in, history, saved searches, account."""
    app.include_router(account_router)
    app.include_router(search_router)


__all__ = ["install_account_pages", "install_web", "render_error_page"]
