"""Schema of the role catalogue (validated on load)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Level = Literal["basic", "intermediate", "advanced", "expert"]
DegreeLevel = Literal["none", "certificate", "associate", "bachelor", "master", "phd"]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "principal"]

ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
ESCO_OCCUPATION_URI = re.compile(r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")


class RoleSkill(BaseModel):
    """A skill a role asks for; ``weight`` in (0, 1] is its importance to the role."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    skill: str
    weight: float = Field(gt=0, le=1)
    level: Level = "intermediate"


class Education(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_degree: DegreeLevel = "bachelor"
    typical_degrees: list[DegreeLevel] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)
    notes: str = ""


class SeniorityBand(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seniority: Seniority
    min_years: float = Field(ge=0)
    max_years: float | None = None
    expectations: str = ""


class EscoOccupation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uri: str
    label: str

    @field_validator("uri")
    @classmethod
    def _uri_shape(cls, value: str) -> str:
        if not ESCO_OCCUPATION_URI.match(value):
            raise ValueError(f"{value!r} is not an ESCO occupation URI")
        return value


class Transition(BaseModel):
    """A typical move into this role from another one, with what usually has to be learned."""

    model_config = ConfigDict(extra="forbid")
    from_role: str
    notes: str = ""


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    title_aliases: list[str] = Field(default_factory=list, description="Job titles that mean this role")
    family: str
    specialization: str | None = None
    summary: str
    responsibilities: list[str]
    required_skills: list[RoleSkill]
    nice_to_have_skills: list[RoleSkill] = Field(default_factory=list)
    education: Education
    experience: list[SeniorityBand]
    min_years_experience: float = Field(0, ge=0)
    related_roles: list[str] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    onet_soc: list[str] = Field(default_factory=list)
    esco_occupations: list[EscoOccupation] = Field(default_factory=list)

    @field_validator("onet_soc")
    @classmethod
    def _soc_shape(cls, value: list[str]) -> list[str]:
        for code in value:
            if not ONET_SOC.match(code):
                raise ValueError(f"{code!r} is not an O*NET-SOC code like 15-2051.00")
        return value


class RoleCatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    roles: list[Role] = Field(default_factory=list)
