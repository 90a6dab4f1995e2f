"""Schema of the skills taxonomy (validated on load)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Category = Literal[
    "programming_languages",
    "math_statistics",
    "ml_techniques",
    "deep_learning",
    "nlp",
    "computer_vision",
    "reinforcement_learning",
    "generative_ai",
    "data_engineering",
    "data_analysis",
    "mlops_cloud",
    "edge_ai",
    "robotics",
    "quantum_ml",
    "ai_ethics_governance",
    "software_engineering",
    "soft_skills_leadership",
]

SKILL_ID = re.compile(r"^[a-z][a-z0-9_]*$")
ESCO_SKILL_URI = re.compile(r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$")


class OnetLink(BaseModel):
    """Where a skill appears in O*NET: a content-model element and/or a technology example."""

    model_config = ConfigDict(extra="forbid")
    element_id: str | None = Field(None, description="O*NET content model element, e.g. 2.C.3.e")
    technology: str | None = Field(None, description="Example name in O*NET Technology Skills")


class EscoSkill(BaseModel):
    """The ESCO skill concept a skill corresponds to, with its preferred label (checked by `data check`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    uri: str
    label: str | None = None

    @field_validator("uri")
    @classmethod
    def _uri_shape(cls, value: str) -> str:
        if not ESCO_SKILL_URI.match(value):
            raise ValueError(f"{value!r} is not an ESCO skill URI")
        return value


class Skill(BaseModel):
    """One skill of the taxonomy. ``hours`` is the typical effort to reach working level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    category: Category
    description: str = ""
    aliases: list[str] = Field(default_factory=list)
    # Aliases that are ordinary words or single letters ("R", "Go", "Spark"): matched only with
    # their exact case and only where the context says it is the skill (see skills/extraction.py).
    ambiguous_aliases: list[str] = Field(default_factory=list)
    prerequisites: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    hours: int = Field(ge=1, le=2000)
    esco: EscoSkill | None = None
    onet: OnetLink | None = None

    @model_validator(mode="before")
    @classmethod
    def _legacy_esco_uri(cls, data: Any) -> Any:
        # Files written before `esco: {uri, label}` say `esco_uri: URI`; read them the same way.
        if isinstance(data, dict) and "esco_uri" in data:
            data = dict(data)
            uri = data.pop("esco_uri")
            data["esco"] = {"uri": uri} if uri else None
        return data

    @property
    def esco_uri(self) -> str | None:
        return self.esco.uri if self.esco else None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not SKILL_ID.match(value):
            raise ValueError(f"skill id {value!r} must be lower_snake_case")
        return value


class TaxonomyFile(BaseModel):
    """A taxonomy file: the bundled one or a user file merged over it."""

    model_config = ConfigDict(extra="forbid")
    version: str
    skills: list[Skill] = Field(default_factory=list)
