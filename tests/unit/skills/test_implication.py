"""Concept implication and proficiency levels on the bundled taxonomy."""

from __future__ import annotations

import pytest

from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.implication import check_implications, implied_skills, load_implications
from careerpath.skills.matches import Evidence, SkillMatch
from careerpath.skills.proficiency import meets, proficiency
from careerpath.skills.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def bundled() -> Taxonomy:
    return load_taxonomy()


def _direct(bundled: Taxonomy, text: str) -> dict[str, SkillMatch]:
    return {m.skill_id: m for m in SkillExtractor(bundled).extract(text)}


def test_bundled_rules_name_known_skills(bundled: Taxonomy) -> None:
    assert check_implications(load_implications(), bundled) == []


@pytest.mark.parametrize(
    ("text", "implied"),
    [
        ("Trained networks daily in PyTorch.", {"deep_learning"}),
        ("Fine-tuned LLMs with LoRA.", {"transformers_architecture", "deep_learning"}),
        ("Wrote CUDA kernels for attention.", {"gpu_computing"}),
        ("Provisioned everything with Terraform.", {"infrastructure_as_code"}),
        ("Ran services on AWS and GCP.", {"cloud_computing"}),
    ],
)
def test_tools_imply_their_concepts_with_the_evidence(bundled: Taxonomy, text: str, implied: set[str]) -> None:
    direct = _direct(bundled, text)
    found = implied_skills(direct, bundled)
    assert implied <= set(found)
    for skill_id in implied:
        match = found[skill_id]
        assert match.source == "implied" and match.implied_by
        assert match.evidence and all(text[e.start : e.end] == e.text for e in match.evidence)
        assert proficiency(match) == "working"


def test_a_negated_skill_is_never_implied(bundled: Taxonomy) -> None:
    direct = _direct(bundled, "Trained models in PyTorch.")
    assert "deep_learning" not in implied_skills(direct, bundled, blocked={"deep_learning"})


def test_a_phd_in_machine_learning_holds_ml_statistics_and_research(bundled: Taxonomy) -> None:
    found = implied_skills({}, bundled, degree="phd", degree_fields=["Machine Learning"])
    for skill_id in ("machine_learning", "statistics", "research_methodology", "scientific_writing"):
        assert proficiency(found[skill_id]) == "expert"
    bachelor = implied_skills({}, bundled, degree="bachelor", degree_fields=["Statistics"])
    assert proficiency(bachelor["statistics"]) == "working"


def _match(strength: str, confidence: float) -> SkillMatch:
    evidence = Evidence("x", 0, 1, "experience", strength)  # type: ignore[arg-type]
    return SkillMatch("python", "Python", "programming_languages", confidence, (evidence,))


def test_levels_follow_use_and_years() -> None:
    assert proficiency(None) == "none"
    assert proficiency(_match("hedged", 0.4)) == "aware"
    assert proficiency(_match("mentioned", 0.75)) == "working"
    assert proficiency(_match("used", 0.85), years=1) == "working"
    assert proficiency(_match("used", 0.85), years=4) == "advanced"
    assert proficiency(_match("led", 0.95), years=2) == "advanced"
    assert proficiency(_match("led", 0.99), years=6) == "expert"
    assert meets("advanced", "intermediate") and not meets("working", "advanced")


def test_prerequisites_are_implied_only_by_skills_in_use(bundled: Taxonomy) -> None:
    """A bare listing ("clustering" in a DBA's skills) does not make someone a statistician."""
    listed = _direct(bundled, "Skills: clustering")
    assert "machine_learning" not in implied_skills(listed, bundled)
    used = _direct(bundled, "Built customer segments using clustering in scikit-learn.")
    assert "machine_learning" in implied_skills(used, bundled)
