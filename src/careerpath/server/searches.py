"""Saved job searches (multi-user service): what a search is, and running one against the current store.

A search is the filters of ``POST /matches`` plus the profile it ran for: one of the person's saved
assessments (its skills, years and degree) or typed skills. The API and the pages both use this
module, so they save and run searches the same way; the store keeps the spec encrypted.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from careerpath.errors import AccountError, InputError
from careerpath.navigator import Navigator, TypedProfile
from careerpath.server.matching import run_match
from careerpath.settings import Settings

if TYPE_CHECKING:
    from careerpath.accounts.store import AccountStore

Degree = Literal["none", "certificate", "associate", "bachelor", "master", "phd"]
MAX_ID = 2**31 - 1
ModelT = TypeVar("ModelT", bound=BaseModel)


class SearchFilters(BaseModel):
    """The filters of POST /matches."""

    model_config = ConfigDict(extra="forbid")

    role: str | None = Field(None, max_length=100, description="Only postings of this role (id, name or alias)")
    location: str | None = Field(None, max_length=200, description="Location contains this (remote always passes)")
    remote: bool = Field(False, description="Only remote postings")
    min_salary: float | None = Field(None, ge=0, le=100_000_000, description="Yearly USD at least")
    posted_since: date | None = Field(None, description="Only postings posted on or after this day")
    top: int = Field(10, ge=1, le=200, description="How many postings")


class SearchProfile(BaseModel):
    """Who the search is for: a saved assessment of yours, or typed skills (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    assessment_id: int | None = Field(None, ge=1, le=MAX_ID, description="One of your saved assessments")
    skills: list[str] | None = Field(
        None, min_length=1, max_length=100, description="Skill ids, names or aliases", examples=[["python", "sql"]]
    )
    years_experience: float | None = Field(None, ge=0, le=80)
    degree: Degree | None = None

    @model_validator(mode="after")
    def _one_profile(self) -> SearchProfile:
        if (self.assessment_id is None) == (self.skills is None):
            raise ValueError("give either assessment_id or skills, not both and not neither")
        if self.assessment_id is not None and (self.years_experience is not None or self.degree is not None):
            raise ValueError("years_experience and degree come from the assessment; send them only with skills")
        return self


class SearchSpec(BaseModel):
    """A job search to keep: a name, the filters, the profile."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, examples=["ML jobs near Boston"])
    filters: SearchFilters = Field(default_factory=lambda: SearchFilters.model_validate({}))
    profile: SearchProfile


def clean_spec(spec: SearchSpec, navigator: Navigator, store: AccountStore, user_id: int) -> dict[str, Any]:
    """Check ``spec`` against the data (the role and skills exist, the assessment is the person's own) and
    return it as stored: role and skills as ids, the name without control characters."""
    filters, profile = spec.filters, spec.profile
    if filters.role:
        filters = filters.model_copy(update={"role": navigator.roles.resolve(filters.role).id})
    if profile.skills is not None:
        ids = list(dict.fromkeys(navigator.taxonomy.resolve(skill).id for skill in profile.skills))
        profile = profile.model_copy(update={"skills": ids})
    if profile.assessment_id is not None:
        store.get_assessment(user_id, profile.assessment_id)  # 404 unless it is the caller's own
    name = "".join(c for c in spec.name.strip() if c.isprintable())[:100] or "search"
    return SearchSpec(name=name, filters=filters, profile=profile).model_dump(mode="json")


def search_source(store: AccountStore, user_id: int, profile: SearchProfile) -> TypedProfile:
    """The profile to match: the saved assessment's skills, years and degree, or the typed skills."""
    if profile.assessment_id is None:
        return TypedProfile(
            skills=tuple(profile.skills or ()), years_experience=profile.years_experience, degree=profile.degree
        )
    try:
        view = store.get_assessment(user_id, profile.assessment_id)
    except AccountError:
        raise AccountError(
            "The saved assessment this search was for has been deleted; save the search again with another profile.",
            code="record_not_found",
        ) from None
    person = view.get("profile") or {}
    return TypedProfile(
        skills=tuple(skill["id"] for skill in view.get("skills", [])),
        years_experience=person.get("years_experience"),
        degree=person.get("highest_degree"),
    )


def run_saved_search(
    request: Request, settings: Settings, store: AccountStore, user_id: int, search_id: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run one of the person's searches on the market store as it is now; return (the search, the matches)."""
    saved = store.get_search(user_id, search_id)
    spec = SearchSpec.model_validate({key: saved[key] for key in ("name", "filters", "profile")})
    filters = spec.filters
    matches = run_match(
        request,
        settings,
        search_source(store, user_id, spec.profile),
        role=filters.role,
        location=filters.location,
        remote=filters.remote,
        min_salary=filters.min_salary,
        posted_since=filters.posted_since.isoformat() if filters.posted_since else None,
        top=filters.top,
    )
    return store.search_ran(user_id, search_id), matches


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _validated(model: type[ModelT], data: dict[str, Any]) -> ModelT:
    """``model`` of ``data``; one clear InputError (HTTP 422, the error page) when a field is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "search"
        raise InputError(f"The search is not valid: {where}: {first['msg']}.", details={"field": where}) from None


def filters_from_form(
    *,
    role: str | None,
    location: str | None,
    remote: bool,
    min_salary: str | None,
    posted_since: str | None,
    top: str | None,
) -> SearchFilters:
    """The filters an HTML form describes (empty fields are unset)."""
    data = {
        "role": _given(role),
        "location": _given(location),
        "remote": remote,
        "min_salary": _given(min_salary),
        "posted_since": _given(posted_since),
        "top": _given(top) or 10,
    }
    return _validated(SearchFilters, data)


def profile_from_form(*, assessment_id: str | None, skills: str | None) -> SearchProfile:
    """A saved assessment's id, else comma-separated skills, from an HTML form."""
    if _given(assessment_id):
        return _validated(SearchProfile, {"assessment_id": _given(assessment_id)})
    typed = [s.strip() for s in (skills or "").split(",") if s.strip()]
    if not typed:
        raise InputError("Choose a resume file, one of your saved assessments, or type some skills.")
    return _validated(SearchProfile, {"skills": typed})


def spec_from_form(*, name: str | None, filters: SearchFilters, profile: SearchProfile) -> SearchSpec:
    return _validated(SearchSpec, {"name": _given(name) or "search", "filters": filters, "profile": profile})
