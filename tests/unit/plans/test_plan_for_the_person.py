"""Plans on the bundled data: never plan what a person holds; top up what is below the level."""

from __future__ import annotations

import pytest

from careerpath.navigator import Navigator, TypedProfile


@pytest.fixture(scope="module")
def navigator() -> Navigator:
    return Navigator()


def _planned(navigator: Navigator, skills: tuple[str, ...], role: str) -> dict[str, object]:
    result = navigator.assess(TypedProfile(skills=skills, years_experience=5, degree="master"), role)
    return {s.skill_id: s for s in result.plan.steps}


def test_implied_concepts_are_not_planned(navigator: Navigator) -> None:
    steps = _planned(navigator, ("Python", "PyTorch", "LLM fine-tuning", "CUDA"), "generative_ai_engineer")
    assert not {"deep_learning", "transformers_architecture", "gpu_computing", "llm_fine_tuning"} & set(steps)


def test_terraform_user_is_not_taught_infrastructure_as_code(navigator: Navigator) -> None:
    steps = _planned(navigator, ("Terraform", "AWS", "Kubernetes"), "ai_platform_engineer")
    assert not {"infrastructure_as_code", "cloud_computing", "kubernetes", "docker"} & set(steps)


def test_a_skill_known_only_in_passing_is_a_shorter_formalising_step(navigator: Navigator) -> None:
    from careerpath.resumes import parse_profile, read_resume_bytes

    text = "Sam Lee\n\nSummary\nBackend developer in Python; familiar with machine learning.\n"
    profile = parse_profile(read_resume_bytes(text.encode(), "r.txt"))
    result = navigator.assess(profile, "ml_engineer")
    step = next(s for s in result.plan.steps if s.skill_id == "machine_learning")
    assert step.kind == "top-up" and step.level_now == "aware" and step.level_target == "advanced"
    assert step.reason.startswith("formalise")
    assert step.hours < navigator.taxonomy.skills["machine_learning"].hours


def test_resources_match_the_person_level(navigator: Navigator) -> None:
    from careerpath.plans.learning import _resources

    everything = navigator.learning.resources_for("machine_learning", limit=50)
    assert any(r.level == "beginner" for r in everything)
    assert all(r.level != "beginner" for r in _resources(navigator.learning, "machine_learning", "working"))
    assert all(r.level == "advanced" for r in _resources(navigator.learning, "machine_learning", "advanced"))


def test_milestones_are_in_order_and_the_plan_completes_last(navigator: Navigator) -> None:
    result = navigator.assess(TypedProfile(skills=("Python",)), "ml_engineer", hours_per_week=5)
    plan = result.plan
    weeks = [m.week for m in plan.milestones]
    assert weeks == sorted(weeks)
    assert plan.milestones[-1].title == "Plan complete"
    ends = [s.end_week for s in plan.steps] + [p.end_week for p in plan.projects]
    assert plan.milestones[-1].week == max(ends) == plan.total_weeks


def test_a_skill_is_matched_or_missing_never_both(navigator: Navigator) -> None:
    result = navigator.assess(TypedProfile(skills=("Python", "TensorFlow", "SQL")), "ml_engineer")
    for fit in result.fits:
        assert not {m.skill_id for m in fit.matched} & {m.skill_id for m in fit.missing}


def test_json_shows_the_level_asked_and_the_level_held(navigator: Navigator) -> None:
    from careerpath.reports.serialize import assessment_dict

    data = assessment_dict(navigator.assess(TypedProfile(skills=("PyTorch", "SQL")), "ml_engineer"))
    fit = next(f for f in data["fits"] if f["role"] == "ml_engineer")
    deep = next(m for m in fit["matched"] + fit["missing"] if m["skill"] == "deep_learning")
    assert deep["held_level"] == "working"  # implied by PyTorch
    assert all(m["held_level"] == "none" for m in fit["missing"] if m["credit"] == 0)
