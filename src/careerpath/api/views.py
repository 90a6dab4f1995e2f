"""Typed response models of the JSON views (docs/json.md), so the OpenAPI schema describes every field.

They mirror careerpath.reports.serialize. Each model lets unknown keys through at run time (a field
added to a view reaches clients at once, and the API keeps answering exactly what the CLI prints),
but the schema lists the known fields only, without ``additionalProperties: true``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from careerpath.roles.models import Role
from careerpath.skills.models import Skill


def _typed_schema(schema: dict[str, Any]) -> None:
    schema.pop("additionalProperties", None)


class View(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, json_schema_extra=_typed_schema)


class EvidenceView(View):
    text: str
    start: int
    end: int
    section: str | None
    strength: str = Field(description="mentioned, used, or led/built (strongest kind of use)")
    sentence: str


class SkillMatchView(View):
    id: str
    name: str
    category: str
    confidence: float = Field(ge=0, le=1)
    strength: str
    source: str = Field(description="lexical, declared (typed profile) or semantic")
    esco_uri: str | None
    years: float | None
    evidence: list[EvidenceView]


class EscoSkillView(View):
    uri: str
    label: str
    score: float
    sentence: str
    start: int
    end: int
    design: str


class ExperienceView(View):
    title: str
    company: str | None
    start: str | None = Field(description="ISO date")
    end: str | None = Field(description="ISO date")
    current: bool
    years: float


class EducationView(View):
    degree_level: str
    field: str | None
    institution: str | None
    year: int | None


class ProfileView(View):
    name: str | None
    years_experience: float | None
    highest_degree: str | None
    degree_fields: list[str]
    experience: list[ExperienceView]
    education: list[EducationView]
    certifications: list[str]


class MarketView(View):
    salary_p25_usd: float | None
    salary_median_usd: float | None
    salary_p75_usd: float | None
    salary_count: int | None
    source: str | None


class FitPartsView(View):
    required_coverage: float
    nice_coverage: float
    transferable_credit: float


class GateView(View):
    name: Literal["education", "experience"]
    status: Literal["met", "not_met", "unknown"]
    required: str
    actual: str
    factor: float


class MatchedSkillView(View):
    skill: str
    name: str
    weight: float
    level: str
    required: bool
    credit: float
    via: str
    from_skill: str | None
    evidence: list[EvidenceView]


class MissingSkillView(View):
    skill: str
    name: str
    weight: float
    level: str
    required: bool
    credit: float
    demand: float | None = Field(description="Share of postings asking for it, when known")


class ImprovementView(View):
    action: str
    score_gain: float
    skill: str | None


class FitView(View):
    role: str
    role_name: str
    score: float = Field(ge=0, le=1)
    parts: FitPartsView
    gates: list[GateView]
    matched: list[MatchedSkillView]
    missing: list[MissingSkillView]
    improvements: list[ImprovementView]
    market: MarketView | None


class ResourceView(View):
    id: str
    title: str
    type: str
    provider: str
    free: bool
    hours: float
    level: str
    url: str | None


class PlanStepView(View):
    order: int
    skill: str
    name: str
    category: str
    hours: float
    week: int
    start_week: int
    end_week: int
    reason: str
    target: bool
    prerequisites: list[str]
    resources: list[ResourceView]


class DatasetView(View):
    name: str
    provider: str
    url: str | None


class ProjectView(View):
    id: str
    title: str
    description: str
    dataset: DatasetView
    hours: float
    start_week: int
    end_week: int
    skills: list[str]


class MilestoneView(View):
    week: int
    title: str


class PlanView(View):
    role: str
    role_name: str
    hours_per_week: float
    total_hours: float
    total_weeks: int
    steps: list[PlanStepView]
    projects: list[ProjectView]
    milestones: list[MilestoneView]
    already_done: list[str]


class RoleView(Role):
    """A role as in roles.yaml (docs/taxonomy.md), plus its market figures."""

    model_config = ConfigDict(extra="allow", json_schema_extra=_typed_schema)
    market: MarketView | None = None


class SkillView(Skill):
    """A skill as in skills.yaml (docs/taxonomy.md)."""

    model_config = ConfigDict(extra="allow", frozen=True, json_schema_extra=_typed_schema)


class AssessmentView(View):
    schema_: str = Field(alias="schema", description="careerpath.assessment/1")
    source: str
    profile: ProfileView
    skills: list[SkillMatchView]
    esco_skills: list[EscoSkillView]
    fits: list[FitView]
    target_role: str
    plan: PlanView


# Job matches (careerpath.jobs.report.matches_dict, schema careerpath.matches/1) ---------------------
class SpanView(View):
    text: str
    start: int
    end: int


class RequirementItemView(View):
    kind: str = Field(description="required or nice")
    name: str
    skill: str | None
    status: Literal["met", "transferable", "proof_gap", "missing", "hard_gate"]
    weight: float
    credit: float
    hours: float | None
    posting_evidence: SpanView | None
    resume_evidence: list[EvidenceView]


class MatchPartsView(View):
    requirement_fit: float | None
    similarity: float | None
    role_fit: float | None
    seniority_fit: float | None
    lexical: float | None


class MatchResultView(View):
    rank: int = Field(ge=1)
    posting_id: str
    title: str | None
    company: str | None
    location: str | None
    remote: bool | None
    role: str | None
    seniority: str | None
    salary_usd_yearly: float | None
    posted_on: str | None = Field(description="ISO date")
    url: str | None
    score: float
    parts: MatchPartsView
    matched: list[RequirementItemView]
    missing: list[RequirementItemView]
    duplicates: list[str]


class MatchesView(View):
    """Postings ranked for one person (`careerpath match --format json`)."""

    schema_: str = Field(alias="schema", examples=["careerpath.matches/1"])
    matcher: str
    source: str
    similarity: str | None
    semantic: bool
    considered: int
    scored: int
    notes: list[str]
    results: list[MatchResultView]
    warnings: list[str] = Field(default_factory=list)
