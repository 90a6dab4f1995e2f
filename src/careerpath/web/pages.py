"""The HTML pages; like the API routes, each makes one core call and hands the JSON view to a template."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from careerpath.navigator import Navigator
from careerpath.reports.serialize import role_dict
from careerpath.server.auth import assessing_account, check_csrf
from careerpath.server.deps import CareerpathDep, DoneDep, NavigatorDep, SettingsDep
from careerpath.server.saving import assess_upload_and_save
from careerpath.server.uploads import LimitedBodyRoute
from careerpath.web.templating import render

router = APIRouter(route_class=LimitedBodyRoute, include_in_schema=False)


def form_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Every form repeats the CSRF cookie in a hidden field (careerpath.server.security)."""
    check_csrf(request, csrf_token)


def assessing_page_account(request: Request, _csrf: Annotated[None, Depends(form_csrf)]) -> Any:
    """The form's CSRF field is checked first; then, on the multi-user service, who assesses."""
    return assessing_account(request, page=True)


AssessingPageAccount = Annotated[Any, Depends(assessing_page_account)]


def _role_choices(navigator: Navigator) -> list[tuple[str, str]]:
    return sorted(((role.id, role.name) for role in navigator.roles), key=lambda pair: pair[1].lower())


@router.get("/", name="index")
def index_page(request: Request, navigator: NavigatorDep, settings: SettingsDep) -> Response:
    """The upload form."""
    return render(
        request,
        "index.html",
        roles=_role_choices(navigator),
        hours_per_week=settings.hours_per_week,
        max_megabytes=settings.max_resume_bytes / (1024 * 1024),
    )


@router.post("/ui/assess", name="assess_page")
async def assess_page(
    request: Request,
    navigator: NavigatorDep,
    careerpath: CareerpathDep,
    account: AssessingPageAccount,
    done: DoneDep,
    file: Annotated[UploadFile, File()],
    role: Annotated[str | None, Form()] = None,
    hours_per_week: Annotated[float | None, Form()] = None,
    keep_resume: Annotated[bool, Form()] = False,
) -> Response:
    """The assessment of an uploaded resume: ranked roles, evidence, gaps and the plan."""
    view, notices, saved_id = await assess_upload_and_save(
        request, careerpath, navigator, account, file, role, hours_per_week=hours_per_week, done=done,
        keep_resume=keep_resume,
    )  # fmt: skip
    return render(request, "result.html", a=view, warnings=notices, saved_id=saved_id, done=done)


@router.get("/ui/roles", name="roles_page")
def roles_page(request: Request, navigator: NavigatorDep) -> Response:
    """Every role, with its family and pay."""
    roles = [role_dict(role, navigator.market.get(role.id)) for role in navigator.roles]
    return render(request, "roles.html", roles=sorted(roles, key=lambda r: r["name"].lower()))


@router.get("/ui/roles/{role_id}", name="role_page")
def role_page(request: Request, role_id: str, navigator: NavigatorDep) -> Response:
    """One role: responsibilities, skills with levels, education, experience and related roles."""
    role = navigator.roles.resolve(role_id)
    return render(
        request,
        "role.html",
        role=role_dict(role, navigator.market.get(role.id)),
        skill_names={skill.id: skill.name for skill in navigator.taxonomy},
        role_names={other.id: other.name for other in navigator.roles},
    )
