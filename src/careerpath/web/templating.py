"""The web's Jinja templates over the reports' renderer (careerpath.reports.rendering), and the error page.

The environment, its filters and the assessment and match templates are the core's, so a page and
``careerpath assess -f html`` render from the same template; this folder adds the layout (base.html),
the forms and the links between pages.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from careerpath.errors import CareerpathError
from careerpath.reports.rendering import environment
from careerpath.server.auth import optional_account

HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
# Paths answered with HTML pages, errors included; everything else is the JSON API.
PAGE_PREFIX = "/ui"


templates = Jinja2Templates(env=environment([TEMPLATE_DIR]))


def relative_path(request: Request, target: str) -> str:
    """Return the app path ``target`` relative to the page being answered.

    Relative links keep working when a reverse proxy serves the app under a path prefix that the
    app does not know about (``/careerpath/ui/roles`` links to ``../`` and ``roles/mlops``).
    """
    current = request.url.path
    root = request.scope.get("root_path", "").rstrip("/")
    if root and current.startswith(root):
        current = current[len(root) :] or "/"
    folder = current if current.endswith("/") else posixpath.dirname(current)
    relative = posixpath.relpath(target, folder or "/")
    if relative == ".":
        return "./"
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative


def relative_url(request: Request, name: str, **params: Any) -> str:
    """Return the route ``name`` as a URL relative to the current page (pages and redirects use it)."""
    return relative_path(request, str(request.app.url_path_for(name, **params)))


@pass_context
def _url_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    return relative_url(context["request"], name, **params)


@pass_context
def _path_url(context: dict[str, Any], path: str) -> str:
    return relative_path(context["request"], path)


# Every link, form action and stylesheet in the pages is relative (see relative_path).
templates.env.globals["url_for"] = _url_for
templates.env.globals["path_url"] = _path_url


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Return the template ``name`` rendered as an HTML response.

    Every page gets the CSRF token for its forms and, on the multi-user service, who is signed in.
    """
    multi_user = getattr(request.app.state, "store", None) is not None
    try:
        viewer = optional_account(request) if multi_user else None
    except CareerpathError:  # an error page for a bad token must still render
        viewer = None
    base: dict[str, Any] = {
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "multi_user": multi_user,
        "viewer": viewer,
        "saved_id": None,
        "done": [],
        "warnings": [],
        "layout": "base.html",  # the reports' templates extend the layout they are given
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


def is_page_request(request: Request) -> bool:
    root = request.scope.get("root_path", "").rstrip("/")
    path = request.url.path
    if root and path.startswith(root):
        path = path[len(root) :]
    return path in ("", "/") or path == PAGE_PREFIX or path.startswith(PAGE_PREFIX + "/")


def render_error_page(request: Request, status: int, error: dict[str, Any]) -> Response | None:
    """Return a friendly error page for page requests; None lets the API answer with JSON."""
    if not is_page_request(request):
        return None
    return render(request, "error.html", status_code=status, status=status, error=error)
