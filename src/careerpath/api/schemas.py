"""The HTTP contract: ``…Request`` bodies and ``…Response`` shapes.

Responses reuse the dicts of careerpath.reports.serialize, so the API returns the same JSON as
``careerpath … --format json`` (docs/json.md). The models name the top-level fields and allow
the documented rest through (``extra="allow"``): docs/json.md stays the one detailed reference.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpath.api.views import AssessmentView, PlanView, RoleView, SkillView
from careerpath.navigator import TypedProfile

Degree = Literal["none", "certificate", "associate", "bachelor", "master", "phd"]


# Requests ----------------------------------------------------------------------------------------
class TypedProfileRequest(BaseModel):
    """A profile typed by hand instead of read from a resume."""

    model_config = ConfigDict(extra="forbid")

    skills: list[str] = Field(min_length=1, description="Skill ids, names or aliases", examples=[["python", "sql"]])
    years_experience: float | None = Field(None, ge=0, le=80, description="Years of work experience")
    degree: Degree | None = Field(None, description="Highest degree")
    fields: list[str] = Field(default_factory=list, description="Degree fields, e.g. 'Computer Science'")

    def to_profile(self) -> TypedProfile:
        return TypedProfile(
            skills=tuple(self.skills),
            years_experience=self.years_experience,
            degree=self.degree,
            fields=tuple(self.fields),
        )


class TypedAssessmentRequest(TypedProfileRequest):
    """A typed profile, the target role (default: the best fit) and the weekly study budget."""

    role: str | None = Field(None, description="Role id, name or job title")
    hours_per_week: float | None = Field(
        None,
        ge=1,
        le=100,
        description="Study hours per week for the plan, 1 to 100 [default: $CAREERPATH_HOURS_PER_WEEK or 10]",
    )


class PlanRequest(TypedProfileRequest):
    """A typed profile and the weekly study budget; the role is in the path."""

    hours_per_week: float | None = Field(
        None,
        ge=1,
        le=100,
        description="Study hours per week for the plan, 1 to 100 [default: $CAREERPATH_HOURS_PER_WEEK or 10]",
    )


# Responses ---------------------------------------------------------------------------------------
class HealthResponse(BaseModel):
    status: str = "ok"
    version: str
    taxonomy_version: str
    roles_version: str
    skills: int
    roles: int
    market_snapshot: bool


class RoleResponse(RoleView):
    """One role: the fields of roles.yaml (docs/taxonomy.md) plus ``market``."""


class RolesResponse(BaseModel):
    version: str
    roles: list[RoleResponse]


class SkillResponse(SkillView):
    """One skill: the fields of skills.yaml (docs/taxonomy.md)."""


class SkillsResponse(BaseModel):
    version: str
    skills: list[SkillResponse]


class PlanResponse(PlanView):
    """A learning plan: the ``plan`` object of docs/json.md, plus ``warnings``."""

    warnings: list[str] = Field(default_factory=list, description="Degraded results, e.g. no skills found")


class AssessmentResponse(AssessmentView):
    """An assessment (schema ``careerpath.assessment/1``, docs/json.md) plus ``warnings``.

    On the multi-user service it also carries ``saved_id``, its id in ``GET /me/assessments``.
    """

    warnings: list[str] = Field(default_factory=list, description="Degraded results, e.g. no skills found")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. unknown_role")
    message: str = Field(description="What went wrong and what to do next")
    details: dict[str, Any] = Field(default_factory=dict, description="E.g. name and suggestions")


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Unreadable resume (code says why)",
        401: "Multi-user service: log in first, or the API token is unknown or revoked",
        403: "Multi-user service: not allowed (csrf_failed, forbidden)",
        404: "Unknown role or skill (details.suggestions)",
        413: "Resume over the size limit",
        415: "Unsupported file type",
        422: "Invalid request values",
        429: "Multi-user service: too many requests (rate_limited; see Retry-After)",
    }.items()
}
