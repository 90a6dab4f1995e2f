"""POST /matches (ranked postings of the server's market store) and POST /fit (one posting).

A person is an uploaded resume (``file``) or a typed profile (``skills``, ``years_experience``,
``degree``); the answers are the JSON of ``careerpath match|fit --format json`` (docs/json.md).
Registered with one line in api/routes/__init__.py (``matches.router``).
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from careerpath.api.deps import SettingsDep
from careerpath.api.notices import call_with_notices
from careerpath.api.schemas import ERROR_RESPONSES
from careerpath.api.uploads import LimitedBodyRoute, read_upload
from careerpath.errors import InputError
from careerpath.navigator import TypedProfile
from careerpath.settings import Settings

router = APIRouter(tags=["matching"], route_class=LimitedBodyRoute, responses=ERROR_RESPONSES)
_MATCHER_LOCK = threading.Lock()


def job_matcher(request: Request) -> Any:
    """The app's one JobMatcher (built on first use over the app's navigator; loads no model until needed)."""
    with _MATCHER_LOCK:
        matcher = getattr(request.app.state, "job_matcher", None)
        if matcher is None:
            from careerpath.jobs import JobMatcher

            settings: Settings = request.app.state.settings
            matcher = JobMatcher(request.app.state.navigator, settings.cache_dir / "models")
            request.app.state.job_matcher = matcher
        return matcher


def person_source(
    file: UploadFile | None, skills: str | None, years: float | None, degree: str | None, max_bytes: int
) -> Any:
    """The profile a request describes: an uploaded resume or typed skills, never both."""
    from careerpath.resumes import parse_profile
    from careerpath.resumes.readers import read_resume_bytes

    if file is not None and skills:
        raise InputError("Send either a resume file or skills, not both.")
    if file is not None:
        data = read_upload(file, max_bytes)
        return parse_profile(read_resume_bytes(data, file.filename or "resume", max_bytes=max_bytes))
    names = tuple(s.strip() for s in (skills or "").split(",") if s.strip())
    if not names:
        raise InputError("Send a resume file or a comma-separated list of skills.")
    return TypedProfile(skills=names, years_experience=years, degree=degree)


def run_match(
    request: Request,
    settings: Settings,
    source: Any,
    *,
    role: str | None,
    location: str | None,
    remote: bool,
    min_salary: float | None,
    posted_since: str | None,
    top: int,
) -> dict[str, Any]:
    """The ``careerpath.matches/1`` JSON of matching ``source`` against the server's market store."""
    from careerpath.jobs.matching import MatchFilters
    from careerpath.jobs.report import matches_dict
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    matcher = job_matcher(request)
    since = None
    if posted_since:
        try:
            since = date.fromisoformat(posted_since)
        except ValueError:
            raise InputError(f"posted_since must be a date like 2024-01-31, not {posted_since!r}.") from None
    role_id = matcher.nav.roles.resolve(role).id if role else None
    store_path = Path(settings.market_store)
    if not store_path.exists():
        raise InputError(f"No market store at {store_path}. Run `careerpath market ingest FILE` first.")
    filters = MatchFilters(role_id, location or None, remote, min_salary, since)
    with DuckDBPostingStore(store_path, read_only=True) as store:
        run, notices = call_with_notices(lambda: matcher.match(source, store, store_path, filters, top=top))
    label = "typed profile" if isinstance(source, TypedProfile) else source.document.source_name
    return {**matches_dict(run, label), "warnings": notices}


@router.post("/matches")
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
    posting: Annotated[str, Form(description="The posting's text (first line: its title); Markdown or HTML work")],
    file: Annotated[UploadFile | None, File(description="Resume: PDF, DOCX, TXT/MD or JSON Resume")] = None,
    skills: Annotated[str | None, Form(description="Typed profile instead of a resume: 'python,sql'")] = None,
    years_experience: Annotated[float | None, Form()] = None,
    degree: Annotated[str | None, Form()] = None,
    location: Annotated[str | None, Form(description="Where you are or want to work")] = None,
    hours_per_week: Annotated[float, Form(description="Study hours per week for the plan")] = 10.0,
) -> dict[str, Any]:
    """How a resume or typed profile fits one posting, requirement by requirement, with a plan (`careerpath fit`)."""
    from careerpath.jobs.posting_file import posting_from_bytes
    from careerpath.jobs.report import posting_fit_dict

    title, description = posting_from_bytes(posting.encode("utf-8"), "posting")
    source = person_source(file, skills, years_experience, degree, settings.max_resume_bytes)
    matcher = job_matcher(request)

    def fit() -> Any:
        person = matcher.person(source, location=location, encoder=matcher.encoder("hashing-3gram-256.v1"))
        return matcher.fit(person, matcher.requirements(title, description), hours_per_week=hours_per_week)

    result, notices = call_with_notices(fit)
    return {**posting_fit_dict(result), "warnings": notices}
