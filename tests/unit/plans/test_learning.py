from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.plans.catalogue import LearningCatalogue
from careerpath.plans.learning import plan_learning
from careerpath.plans.models import Dataset, PortfolioProject, Resource
from careerpath.plans.progress import Progress, load_progress, save_progress
from careerpath.roles.candidate import Candidate
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.fit import score_fit
from careerpath.skills.matches import SkillMatch
from careerpath.skills.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def learning() -> LearningCatalogue:
    return LearningCatalogue(
        "test",
        [
            Resource(
                id="strang",
                title="MIT 18.06 Linear Algebra",
                type="course",
                provider="MIT OpenCourseWare",
                free=True,
                hours=40,
                level="beginner",
                skills=["linear_algebra"],
            ),
            Resource(
                id="dl_book",
                title="Deep Learning",
                type="book",
                provider="MIT Press",
                free=True,
                hours=80,
                level="advanced",
                skills=["deep_learning"],
            ),
            Resource(
                id="dl_spec",
                title="Deep Learning Specialization",
                type="course",
                provider="DeepLearning.AI",
                free=False,
                hours=80,
                level="intermediate",
                skills=["deep_learning"],
            ),
        ],
        [
            PortfolioProject(
                id="mnist",
                title="Digit classifier",
                description="Train a CNN.",
                roles=["ml_engineer"],
                skills=["deep_learning", "pytorch"],
                dataset=Dataset(name="MNIST", provider="LeCun et al."),
                hours=20,
                level="beginner",
            ),
        ],
    )


def _candidate(taxonomy: Taxonomy, ids: list[str]) -> Candidate:
    return Candidate(
        {i: SkillMatch(i, taxonomy.get(i).name, taxonomy.get(i).category, 0.9) for i in ids}, 2, "bachelor"
    )


def test_plan_orders_prerequisites_first(taxonomy: Taxonomy, roles: RoleCatalogue, learning: LearningCatalogue) -> None:
    candidate = _candidate(taxonomy, ["python"])
    fit = score_fit(candidate, roles.resolve("ml_engineer"), taxonomy)
    plan = plan_learning(fit, candidate, taxonomy, learning, hours_per_week=10)
    order = [s.skill_id for s in plan.steps]
    assert "linear_algebra" in order and "deep_learning" in order  # prerequisite pulled in
    position = {skill_id: i for i, skill_id in enumerate(order)}
    for skill_id in order:
        for prerequisite in taxonomy.prerequisite_closure(taxonomy.get(skill_id).prerequisites):
            if prerequisite in position:
                assert position[prerequisite] < position[skill_id], (prerequisite, skill_id)
    assert "python" not in order  # already known


def test_plan_schedule_fits_the_weekly_budget(
    taxonomy: Taxonomy, roles: RoleCatalogue, learning: LearningCatalogue
) -> None:
    candidate = _candidate(taxonomy, ["python"])
    fit = score_fit(candidate, roles.resolve("ml_engineer"), taxonomy)
    slow = plan_learning(fit, candidate, taxonomy, learning, hours_per_week=5)
    fast = plan_learning(fit, candidate, taxonomy, learning, hours_per_week=20)
    assert slow.total_hours == fast.total_hours
    assert slow.total_weeks == pytest.approx(fast.total_weeks * 4, abs=4)
    weeks = [s.start_week for s in slow.steps]
    assert weeks == sorted(weeks) and weeks[0] == 1
    assert slow.steps[-1].end_week <= slow.total_weeks


def test_plan_attaches_resources_projects_and_milestones(
    taxonomy: Taxonomy, roles: RoleCatalogue, learning: LearningCatalogue
) -> None:
    candidate = _candidate(taxonomy, ["python"])
    plan = plan_learning(score_fit(candidate, roles.resolve("ml_engineer"), taxonomy), candidate, taxonomy, learning)
    deep = next(s for s in plan.steps if s.skill_id == "deep_learning")
    # Free resources come first: the free book before the paid specialization.
    assert [r.id for r in deep.resources] == ["dl_book", "dl_spec"]
    assert plan.projects and plan.projects[0].project.id == "mnist"
    assert plan.milestones[-1].title == "Plan complete"


def test_plan_leaves_out_done_skills(taxonomy: Taxonomy, roles: RoleCatalogue, learning: LearningCatalogue) -> None:
    candidate = _candidate(taxonomy, ["python"])
    fit = score_fit(candidate, roles.resolve("ml_engineer"), taxonomy)
    before = plan_learning(fit, candidate, taxonomy, learning)
    after = plan_learning(fit, candidate, taxonomy, learning, done=["linear_algebra", "docker"])
    assert {"linear_algebra", "docker"} <= {s.skill_id for s in before.steps}
    assert not {"linear_algebra", "docker"} & {s.skill_id for s in after.steps}
    assert after.total_hours < before.total_hours


def test_progress_round_trips_and_survives_damage(tmp_path: Path) -> None:
    path = tmp_path / "home" / "progress.json"
    progress = load_progress(path)
    assert progress.mark_done(["docker", "sql"]) == ["docker", "sql"]
    assert progress.mark_done(["docker"]) == []
    save_progress(progress, path)
    assert set(load_progress(path).done) == {"docker", "sql"}
    path.write_text("{not json", encoding="utf-8")
    from careerpath.errors import DataError

    with pytest.raises(DataError, match=r"progress\.json"):
        load_progress(path)
    assert Progress().undo(["x"]) == []
