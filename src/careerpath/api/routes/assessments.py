from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from careerpath.api.schemas import ERROR_RESPONSES, AssessmentResponse, TypedAssessmentRequest
from careerpath.reports.serialize import assessment_dict
from careerpath.server.deps import DoneDep, NavigatorDep, SettingsDep
from careerpath.server.uploads import LimitedBodyRoute
from careerpath.server.workers import assess_upload_in_pool, run_in_pool

router = APIRouter(prefix="/assessments", tags=["assessments"], route_class=LimitedBodyRoute, responses=ERROR_RESPONSES)


@router.post("", response_model=AssessmentResponse)
async def create_assessment(
    request: Request,
    navigator: NavigatorDep,
    settings: SettingsDep,
    done: DoneDep,
    file: Annotated[UploadFile, File(description="Resume: PDF, DOCX, TXT/MD or JSON Resume")],
    role: Annotated[str | None, Form(description="Target role (default: best fit)")] = None,
    hours_per_week: Annotated[float, Form(description="Study hours per week for the plan")] = 10.0,
) -> dict[str, Any]:
    """Assess an uploaded resume: skills with evidence, ranked roles, and the plan (`careerpath assess`)."""
    body, notices = await assess_upload_in_pool(
        request,
        navigator,
        file,
        role,
        hours_per_week=hours_per_week,
        done=done,
        max_bytes=settings.max_resume_bytes,
    )
    return {**body, "warnings": notices}


@router.post("/typed", response_model=AssessmentResponse)
async def create_typed_assessment(
    request: Request, body: TypedAssessmentRequest, navigator: NavigatorDep, done: DoneDep
) -> dict[str, Any]:
    """Assess a typed profile (`careerpath assess --skills …`)."""
    result, notices = await run_in_pool(
        request, lambda: navigator.assess(body.to_profile(), body.role, hours_per_week=body.hours_per_week, done=done)
    )
    return {**assessment_dict(result), "warnings": notices}
