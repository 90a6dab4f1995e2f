"""Matching for the API and the web pages: the app's one JobMatcher, the person a request describes,
and a match against the server's market store (one place, so api/ and web/ never import each other)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request, UploadFile

from careerpath.errors import InputError
from careerpath.navigator import TypedProfile
from careerpath.server.notices import call_with_notices
from careerpath.server.uploads import read_upload
from careerpath.settings import Settings

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
