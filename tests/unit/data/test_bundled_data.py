"""The bundled knowledge is real: counts and coverage (ESCO/O*NET identifiers: test_data_check.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from careerpath.plans.catalogue import LearningCatalogue, load_learning_catalogue
from careerpath.roles.catalogue import RoleCatalogue, load_roles
from careerpath.skills.models import Category
from careerpath.skills.taxonomy import Taxonomy, load_taxonomy

MISSION_ROLES = {
    "ml_engineer",
    "data_scientist",
    "ai_engineer",
    "ai_platform_engineer",
    "mlops_engineer",
    "data_engineer",
    "research_scientist",
    "applied_scientist",
    "nlp_engineer",
    "computer_vision_engineer",
    "rl_engineer",
    "generative_ai_engineer",
    "edge_ai_engineer",
    "robotics_engineer",
    "ai_governance_specialist",
    "ai_safety_researcher",
    "quantum_ml_researcher",
    "ai_engineering_manager",
    "ai_product_manager",
    "data_analyst",
    "software_engineer",
}


@pytest.fixture(scope="module")
def bundled_taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def bundled_roles(bundled_taxonomy: Taxonomy) -> RoleCatalogue:
    return load_roles(bundled_taxonomy)


@pytest.fixture(scope="module")
def bundled_learning(bundled_taxonomy: Taxonomy, bundled_roles: RoleCatalogue) -> LearningCatalogue:
    return load_learning_catalogue(bundled_taxonomy, set(bundled_roles.roles))


def test_taxonomy_has_300_skills_in_every_category(bundled_taxonomy: Taxonomy) -> None:
    assert len(bundled_taxonomy) >= 300
    counts = Counter(s.category for s in bundled_taxonomy)
    assert set(counts) == set(Category.__args__)  # type: ignore[attr-defined]
    assert min(counts.values()) >= 5


def test_taxonomy_aliases_are_unambiguous(bundled_taxonomy: Taxonomy) -> None:
    owners: dict[str, set[str]] = {}
    for skill in bundled_taxonomy:
        for label in (skill.name, *skill.aliases):
            owners.setdefault(label.casefold(), set()).add(skill.id)
    shared = {label: ids for label, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_taxonomy_orders_foundations_before_deep_learning(bundled_taxonomy: Taxonomy) -> None:
    before_deep = bundled_taxonomy.prerequisite_closure(["deep_learning"])
    assert {"linear_algebra", "machine_learning", "python"} <= before_deep
    assert "rag" not in before_deep and "large_language_models" in bundled_taxonomy.prerequisite_closure(["rag"])


def test_roles_cover_the_mission(bundled_roles: RoleCatalogue) -> None:
    assert len(bundled_roles) >= 20
    assert set(bundled_roles.roles) >= MISSION_ROLES
    for role in bundled_roles:
        assert role.required_skills and role.responsibilities and role.onet_soc and role.esco_occupations


def test_resources_and_projects_are_plentiful(
    bundled_learning: LearningCatalogue, bundled_roles: RoleCatalogue
) -> None:
    assert len(bundled_learning.resources) >= 200
    assert len({r.id for r in bundled_learning.resources}) == len(bundled_learning.resources)
    for role in bundled_roles:
        projects = bundled_learning.projects_for(role.id)
        assert len(projects) >= 3, role.id
        assert all(p.dataset.name for p in projects)


def test_every_role_skill_has_a_resource(bundled_learning: LearningCatalogue, bundled_roles: RoleCatalogue) -> None:
    taught = {s for r in bundled_learning.resources for s in r.skills}
    needed = {i.skill for role in bundled_roles for i in role.required_skills}
    soft = {
        s
        for s in needed
        if s in bundled_roles.taxonomy and bundled_roles.taxonomy.skills[s].category == "soft_skills_leadership"
    }
    assert not (needed - soft) - taught
