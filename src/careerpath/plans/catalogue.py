"""Load the bundled learning resources and portfolio projects, checked against taxonomy and roles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from careerpath.data_files import bundled_path, first_problem, read_yaml
from careerpath.errors import TaxonomyError
from careerpath.plans.models import PortfolioProject, Resource, ResourcesFile
from careerpath.skills.taxonomy import Taxonomy

BUNDLED_RESOURCES = "resources.yaml"
_LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}


@dataclass
class LearningCatalogue:
    """Resources indexed by the skills they teach, and projects by role."""

    version: str
    resources: list[Resource]
    projects: list[PortfolioProject]
    _by_skill: dict[str, list[Resource]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            for skill_id in resource.skills:
                index[skill_id].append(resource)
        self._by_skill = dict(index)

    def resources_for(self, skill_id: str, limit: int = 3) -> list[Resource]:
        """Return resources teaching ``skill_id``: focused ones first, then free, then easier."""
        found = self._by_skill.get(skill_id, [])
        ranked = sorted(
            found,
            key=lambda r: (
                len(r.skills) > 6,
                not r.free,
                r.type == "paper",
                _LEVEL_ORDER[r.level],
                r.hours,
                r.id,
            ),
        )
        return ranked[:limit]

    def projects_for(self, role_id: str) -> list[PortfolioProject]:
        return [p for p in self.projects if role_id in p.roles]


def load_learning_catalogue(
    taxonomy: Taxonomy, role_ids: set[str] | None = None, *, bundled: Path | None = None
) -> LearningCatalogue:
    """Return the bundled resources and projects, after checking every skill and role they name."""
    path = bundled or bundled_path(BUNDLED_RESOURCES)
    try:
        document = ResourcesFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise TaxonomyError(f"{path}: invalid resources {first_problem(exc)}") from exc
    items: list[Resource | PortfolioProject] = [*document.resources, *document.projects]
    problems = [
        f"{item.id} teaches unknown skill {skill_id!r}"
        for item in items
        for skill_id in item.skills
        if skill_id not in taxonomy
    ]
    if role_ids is not None:
        problems += [
            f"project {p.id} names unknown role {r!r}" for p in document.projects for r in p.roles if r not in role_ids
        ]
    if problems:
        raise TaxonomyError(f"{path}: " + "; ".join(problems[:5]))
    return LearningCatalogue(document.version, list(document.resources), list(document.projects))
