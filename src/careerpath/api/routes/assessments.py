from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from careerpath.api.schemas import ERROR_RESPONSES, AssessmentResponse, TypedAssessmentRequest
from careerpath.reports.serialize import assessment_dict
from careerpath.server.auth import AssessingAccount
from careerpath.server.deps import CareerpathDep, DoneDep, NavigatorDep
from careerpath.server.saving import assess_upload_and_save, save_result
from careerpath.server.uploads import LimitedBodyRoute
from careerpath.server.workers import run_in_pool

router = APIRouter(prefix="/assessments", tags=["assessments"], route_class=LimitedBodyRoute, responses=ERROR_RESPONSES)


@router.post("", response_model=AssessmentResponse)
async def create_assessment(
    request: Request,
    navigator: NavigatorDep,
    careerpath: CareerpathDep,
    account: AssessingAccount,
    done: DoneDep,
    file: Annotated[UploadFile, File(description="Resume: PDF, DOCX, TXT/MD or JSON Resume")],
    role: Annotated[str | None, Form(description="Target role (default: best fit)")] = None,
    hours_per_week: Annotated[
        float | None,
        Form(
            ge=1,
            le=100,
            description="Study hours per week for the plan, 1 to 100 [default: $CAREERPATH_HOURS_PER_WEEK or 10]",
        ),
    ] = None,
    keep_resume: Annotated[
        bool, Form(description="Multi-user service: keep the resume file (encrypted) with the saved assessment")
    ] = False,
) -> dict[str, Any]:
    """Assess an uploaded resume: skills with evidence, ranked roles, and the plan (`careerpath assess`).

    On the multi-user service this needs an account and saves the result in your history."""
    view, notices, saved = await assess_upload_and_save(
        request, careerpath, navigator, account, file, role, hours_per_week=hours_per_week, done=done,
        keep_resume=keep_resume,
    )  # fmt: skip
    return {**view, "warnings": notices, **_saved(saved)}


@router.post("/typed", response_model=AssessmentResponse)
async def create_typed_assessment(
    request: Request,
    body: TypedAssessmentRequest,
    navigator: NavigatorDep,
    careerpath: CareerpathDep,
    account: AssessingAccount,
    done: DoneDep,
) -> dict[str, Any]:
    """Assess a typed profile (`careerpath assess --skills …`); saved in your history on the multi-user service."""
    hours = careerpath.hours_per_week(body.hours_per_week)
    result, notices = await run_in_pool(
        request, lambda: navigator.assess(body.to_profile(), body.role, hours_per_week=hours, done=done)
    )
    view = assessment_dict(result)
    return {**view, "warnings": notices, **_saved(save_result(request, account, view))}


def _saved(saved_id: int | None) -> dict[str, int]:
    # Only the multi-user service saves; the single-user answer stays the CLI's JSON exactly.
    return {} if saved_id is None else {"saved_id": saved_id}
