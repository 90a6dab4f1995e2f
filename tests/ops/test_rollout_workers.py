"""Several worker processes serve one rollout plan file: a rollback in one reaches the others."""

from __future__ import annotations

import time
from pathlib import Path

from careerpath.navigator import Navigator
from careerpath.ops.serving import build_runtime
from careerpath.rollout import Evaluation, RolloutPlan, Variant, load_plan, save_plan, start


def _evaluated_plan() -> RolloutPlan:
    plan = start(RolloutPlan(), Variant(extractor="keyword-match.v2"), "ab", share=1.0)
    assert plan.candidate is not None
    record = Evaluation(
        dataset="held-out.csv", metric="hit@3", n=100, control_version=plan.control.version(),
        candidate_version=plan.candidate.version(), control=0.8, candidate=0.8,
    )  # fmt: skip
    return plan.model_copy(update={"evaluations": [record]})


def test_a_rollback_in_one_worker_reaches_the_others(tmp_path: Path, base_navigator: Navigator) -> None:
    path = tmp_path / "rollout.json"
    save_plan(_evaluated_plan(), path)
    first, second = (build_runtime(load_plan(path), base_navigator, plan_path=path) for _ in range(2))
    assert first.arm_for("user-1").name == second.arm_for("user-1").name == "candidate"

    time.sleep(0.01)  # a later modification time than the file the workers loaded
    first.roll_back("automatic: error_rate")  # the first worker's own traffic broke a guardrail
    assert first.arm_for("user-1").name == "control"
    second.follow_plan_file(every=0)  # the second worker's next look at the file (every 2 s when serving)
    assert second.arm_for("user-1").name == "control"
    assert second.status()["mode"] == "off"


def test_a_plan_naming_versions_not_loaded_waits_for_a_restart(tmp_path: Path, base_navigator: Navigator) -> None:
    path = tmp_path / "rollout.json"
    save_plan(RolloutPlan(), path)  # control only
    runtime = build_runtime(load_plan(path), base_navigator, plan_path=path)
    time.sleep(0.01)
    save_plan(_evaluated_plan(), path)  # a candidate this worker has not built
    runtime.follow_plan_file(every=0)
    assert runtime.arm_for("user-1").name == "control" and set(runtime.arms) == {"control"}
