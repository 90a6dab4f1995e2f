"""Schema of learning resources and portfolio projects (validated on load)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ResourceType = Literal["course", "book", "certification", "paper", "docs", "dataset", "tutorial"]
ResourceLevel = Literal["beginner", "intermediate", "advanced"]


class Resource(BaseModel):
    """A real, well-known learning resource. ``url`` is omitted rather than guessed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    type: ResourceType
    provider: str
    free: bool
    hours: float = Field(gt=0)
    level: ResourceLevel
    skills: list[str] = Field(min_length=1)
    url: str | None = None


class Dataset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    provider: str
    url: str | None = None


class PortfolioProject(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    description: str
    roles: list[str] = Field(min_length=1)
    skills: list[str] = Field(min_length=1)
    dataset: Dataset
    hours: float = Field(gt=0)
    level: ResourceLevel


class ResourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    resources: list[Resource] = Field(default_factory=list)
    projects: list[PortfolioProject] = Field(default_factory=list)
