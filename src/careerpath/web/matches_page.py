"""The /ui/matches page: a form, then the ranked postings with their explanations.

On the multi-user service a signed-in person can also match one of their saved assessments or typed
skills, and save that search (its filters and profile) to run again later from the history page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from careerpath.navigator import Navigator
from careerpath.server.auth import get_store, optional_account
from careerpath.server.deps import NavigatorDep, SettingsDep
from careerpath.server.matching import person_source, run_match
from careerpath.server.searches import (
    SearchFilters,
    SearchProfile,
    filters_from_form,
    profile_from_form,
    search_source,
)
from careerpath.server.uploads import LimitedBodyRoute
from careerpath.web.pages import form_csrf
from careerpath.web.templating import render

router = APIRouter(route_class=LimitedBodyRoute, include_in_schema=False)


def search_filters_form(
    role: Annotated[str | None, Form(max_length=100)] = None,
    location: Annotated[str | None, Form(max_length=200)] = None,
    remote: Annotated[bool, Form()] = False,
    min_salary: Annotated[str | None, Form(max_length=20)] = None,
    posted_since: Annotated[str | None, Form(max_length=10)] = None,
    top: Annotated[str | None, Form(max_length=4)] = None,
) -> SearchFilters:
    """The search filters of the matches form and of the save-search form (one declaration for both)."""
    return filters_from_form(
        role=role, location=location, remote=remote, min_salary=min_salary, posted_since=posted_since, top=top
    )


@dataclass(frozen=True)
class ProfileFields:
    """The profile fields of those forms: a saved assessment's id or typed skills (read only when used:
    a resume upload needs neither)."""

    assessment_id: Annotated[str | None, Form(max_length=12)] = None
    skills: Annotated[str | None, Form(max_length=2000)] = None

    def profile(self) -> SearchProfile:
        return profile_from_form(assessment_id=self.assessment_id, skills=self.skills)


FiltersForm = Annotated[SearchFilters, Depends(search_filters_form)]
ProfileForm = Annotated[ProfileFields, Depends()]


def match_page_context(request: Request, navigator: Navigator, **extra: Any) -> dict[str, Any]:
    """The page's choices (roles; the signed-in person's saved assessments) and what to show."""
    multi_user = getattr(request.app.state, "store", None) is not None
    viewer = optional_account(request) if multi_user else None
    assessments = get_store(request).list_assessments(viewer.id) if viewer else []
    roles = sorted(((role.id, role.name) for role in navigator.roles), key=lambda pair: pair[1].lower())
    return {"roles": roles, "assessments": assessments, "save": None, "data": None, "heading": None, **extra}


def run_filters(request: Request, settings: Any, source: Any, filters: SearchFilters) -> dict[str, Any]:
    since = filters.posted_since.isoformat() if filters.posted_since else None
    return run_match(
        request, settings, source, role=filters.role, location=filters.location, remote=filters.remote,
        min_salary=filters.min_salary, posted_since=since, top=filters.top,
    )  # fmt: skip


@router.get("/ui/matches", name="matches_form")
def matches_form(request: Request, navigator: NavigatorDep) -> Response:
    """The form: a resume (or, signed in, a saved assessment or typed skills) and optional filters."""
    return render(request, "matches.html", **match_page_context(request, navigator))


@router.post("/ui/matches", name="matches_page")
def matches_page(
    request: Request,
    settings: SettingsDep,
    navigator: NavigatorDep,
    _csrf: Annotated[None, Depends(form_csrf)],
    filters: FiltersForm,
    profile_form: ProfileForm,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The best postings of the server's market store for the uploaded resume (or a saved profile)."""
    multi_user = getattr(request.app.state, "store", None) is not None
    viewer = optional_account(request) if multi_user else None
    save = None
    if (file is not None and file.filename) or viewer is None:
        source = person_source(file if file is not None and file.filename else None, None, None, None,
                               settings.max_resume_bytes)  # fmt: skip
    else:
        profile = profile_form.profile()
        source = search_source(get_store(request), viewer.id, profile)
        # An upload is not kept, so only a search on a saved assessment or typed skills can be saved.
        save = {"filters": filters.model_dump(mode="json"), "profile": profile.model_dump(mode="json")}
    data = run_filters(request, settings, source, filters)
    return render(request, "matches.html", **match_page_context(request, navigator, data=data, save=save))
