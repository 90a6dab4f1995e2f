"""The /ui/matches page: a form, then the ranked postings with their explanations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from careerpath.server.deps import SettingsDep
from careerpath.server.matching import person_source, run_match
from careerpath.server.uploads import LimitedBodyRoute
from careerpath.web.pages import form_csrf
from careerpath.web.templating import render

router = APIRouter(route_class=LimitedBodyRoute, include_in_schema=False)


@router.get("/ui/matches", name="matches_form")
def matches_form(request: Request) -> Response:
    """The form: a resume and optional filters."""
    return render(request, "matches.html", data=None)


@router.post("/ui/matches", name="matches_page")
def matches_page(
    request: Request,
    settings: SettingsDep,
    _csrf: Annotated[None, Depends(form_csrf)],
    file: Annotated[UploadFile, File()],
    location: Annotated[str | None, Form()] = None,
    remote: Annotated[bool, Form()] = False,
    min_salary: Annotated[str | None, Form()] = None,
) -> Response:
    """The ten best postings of the server's market store for the uploaded resume."""
    source = person_source(file, None, None, None, settings.max_resume_bytes)
    salary = float(min_salary) if min_salary else None
    data = run_match(
        request, settings, source, role=None, location=location, remote=remote, min_salary=salary,
        posted_since=None, top=10,
    )  # fmt: skip
    return render(request, "matches.html", data=data)
