"""POST /matches (ranked postings of the server's market store) and POST /fit (one posting).

A person is an uploaded resume (``file``) or a typed profile (``skills``, ``years_experience``,
``degree``); the answers are the JSON of ``careerpath match|fit --format json`` (docs/json.md).
Registered with one line in api/routes/__init__.py (``matches.router``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from careerpath.api.schemas import ERROR_RESPONSES
from careerpath.api.views import MatchesView
from careerpath.server.deps import CareerpathDep, SettingsDep
from careerpath.server.matching import job_matcher, person_source, run_match
from careerpath.server.notices import call_with_notices
from careerpath.server.uploads import LimitedBodyRoute

router = APIRouter(tags=["matching"], route_class=LimitedBodyRoute, responses=ERROR_RESPONSES)


@router.post("/matches", response_model=MatchesView)
def create_matches(
    request: Request,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File(description="Resume: PDF, DOCX, TXT/MD or JSON Resume")] = None,
    skills: Annotated[str | None, Form(description="Typed profile instead of a resume: 'python,sql'")] = None,
    years_experience: Annotated[float | None, Form()] = None,
    degree: Annotated[str | None, Form()] = None,
    role: Annotated[str | None, Form(description="Only postings of this role")] = None,
    location: Annotated[str | None, Form(description="Only postings whose location contains this (or remote)")] = None,
    remote: Annotated[bool, Form(description="Only remote postings")] = False,
    min_salary: Annotated[float | None, Form(description="Yearly USD at least")] = None,
    posted_since: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
    top: Annotated[int, Form(ge=1, le=200)] = 10,
) -> dict[str, Any]:
    """Postings of the market store ranked for a resume or typed profile, each explained (`careerpath match`)."""
    source = person_source(file, skills, years_experience, degree, settings.max_resume_bytes)
    return run_match(
        request, settings, source, role=role, location=location, remote=remote, min_salary=min_salary,
        posted_since=posted_since, top=top,
    )  # fmt: skip


@router.post("/fit")
def create_fit(
    request: Request,
    settings: SettingsDep,
    careerpath: CareerpathDep,
    posting: Annotated[str, Form(description="The posting's text (first line: its title); Markdown or HTML work")],
    file: Annotated[UploadFile | None, File(description="Resume: PDF, DOCX, TXT/MD or JSON Resume")] = None,
    skills: Annotated[str | None, Form(description="Typed profile instead of a resume: 'python,sql'")] = None,
    years_experience: Annotated[float | None, Form()] = None,
    degree: Annotated[str | None, Form()] = None,
    location: Annotated[str | None, Form(description="Where you are or want to work")] = None,
    hours_per_week: Annotated[
        float | None,
        Form(ge=1, le=100, description="Study hours per week for the plan [default: $CAREERPATH_HOURS_PER_WEEK or 10]"),
    ] = None,
) -> dict[str, Any]:
    """How a resume or typed profile fits one posting, requirement by requirement, with a plan (`careerpath fit`)."""
    from careerpath.jobs.posting_file import posting_from_bytes
    from careerpath.jobs.report import posting_fit_dict

    title, description = posting_from_bytes(posting.encode("utf-8"), "posting")
    source = person_source(file, skills, years_experience, degree, settings.max_resume_bytes)
    matcher = job_matcher(request)

    def fit() -> Any:
        person = matcher.person(source, location=location, encoder=matcher.encoder("hashing-3gram-256.v1"))
        return matcher.fit(
            person, matcher.requirements(title, description), hours_per_week=careerpath.hours_per_week(hours_per_week)
        )

    result, notices = call_with_notices(fit)
    return {**posting_fit_dict(result), "warnings": notices}
