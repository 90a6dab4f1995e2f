from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from careerpath.api.schemas import ERROR_RESPONSES, SkillResponse, SkillsResponse
from careerpath.errors import InputError, UnknownSkillError
from careerpath.reports.serialize import skill_dict
from careerpath.server.deps import NavigatorDep
from careerpath.skills.models import Skill
from careerpath.skills.taxonomy import Taxonomy

router = APIRouter(prefix="/skills", tags=["skills"], responses=ERROR_RESPONSES)


@router.get("", response_model=SkillsResponse)
def list_skills(
    navigator: NavigatorDep,
    q: Annotated[str | None, Query(description="Filter by id, name, alias, category or text")] = None,
    category: Annotated[str | None, Query(description="Only this category")] = None,
) -> dict[str, Any]:
    """List or search the skills of the taxonomy (`careerpath skills [QUERY] --format json`)."""
    found = find_skills(navigator.taxonomy, q, category)
    return {"version": navigator.taxonomy.version, "skills": [skill_dict(s) for s in found]}


@router.get("/{skill_id}", response_model=SkillResponse)
def read_skill(skill_id: str, navigator: NavigatorDep) -> dict[str, Any]:
    """Return one skill by id, name or alias."""
    return skill_dict(navigator.taxonomy.resolve(skill_id))


def find_skills(taxonomy: Taxonomy, query: str | None, category: str | None) -> list[Skill]:
    """Return the skills matching ``query`` in ``category``, with the CLI's errors for none.

    Mirrors careerpath.cli.app.skills_command; a core ``search_skills`` would let both call one function.
    """
    found = taxonomy.search(query) if query else list(taxonomy)
    if category:
        categories = {s.category for s in taxonomy}
        if category not in categories:
            raise InputError(
                f"Unknown category {category!r}; choose from: {', '.join(sorted(categories))}.",
                details={"category": category, "categories": sorted(categories)},
            )
        found = [s for s in found if s.category == category]
    if query and not found:
        raise UnknownSkillError(query, taxonomy.suggest(query))
    return found
