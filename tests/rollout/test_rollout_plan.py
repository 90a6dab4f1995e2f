"""Rollout rules without a server: sticky split, canary steps, guardrails, the promotion gate, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.errors import InputError
from careerpath.rollout import (
    CANDIDATE,
    ArmStats,
    Evaluation,
    Guardrails,
    RolloutPlan,
    Variant,
    assign_arm,
    load_plan,
    promote,
    rollback,
    rollback_reason,
    save_plan,
    start,
    step,
)

USERS = [f"user-{i}" for i in range(10_000)]
LEXICAL = Variant(esco_design="lexical")
LEXICAL_PINNED = Variant(extractor="keyword-match.v3", fit="weighted-coverage.v1", esco_design="lexical.v2")


@pytest.mark.parametrize("share", [0.5, 0.1, 0.01])
def test_split_is_within_tolerance_over_10k_users_and_sticky(share: float) -> None:
    arms = [assign_arm(user, share, "salt-1") for user in USERS]
    on_candidate = arms.count(CANDIDATE)
    expected, sd = share * len(USERS), (len(USERS) * share * (1 - share)) ** 0.5
    assert abs(on_candidate - expected) < 4 * sd, (on_candidate, expected)
    assert [assign_arm(user, share, "salt-1") for user in USERS] == arms  # same key, same arm
    # Another experiment (salt) reshuffles who is in it, with the same share.
    other = [assign_arm(user, share, "salt-2") for user in USERS]
    assert other != arms and abs(other.count(CANDIDATE) - expected) < 4 * sd


def test_raising_a_canary_keeps_everyone_already_on_the_candidate() -> None:
    at_5 = {u for u in USERS if assign_arm(u, 0.05, "s") == CANDIDATE}
    at_25 = {u for u in USERS if assign_arm(u, 0.25, "s") == CANDIDATE}
    assert at_5 < at_25 and len(at_25) > 4 * len(at_5)


def test_canary_steps_up_then_stops_at_full_traffic() -> None:
    plan = start(RolloutPlan(), LEXICAL, "canary")
    shares = [plan.candidate_share]
    while plan.candidate_share < 1:
        plan = step(plan)
        shares.append(plan.candidate_share)
    assert shares == [0.01, 0.05, 0.25, 0.5, 1.0]
    with pytest.raises(InputError, match="already serves all traffic"):
        step(plan)
    assert [e.action for e in plan.history] == ["start", "step", "step", "step", "step"]


def test_start_pins_versions_from_the_registry_and_refuses_retired_or_unknown_ones() -> None:
    plan = start(RolloutPlan(), LEXICAL, "ab")
    assert plan.candidate == LEXICAL_PINNED  # aliases stored as the versions they meant at start
    assert plan.candidate.version() == "keyword-match.v3+weighted-coverage.v1+lexical.v2"
    with pytest.raises(InputError, match="retired"):
        start(RolloutPlan(), Variant(extractor="keyword-match.v1", esco_design="lexical"), "ab")
    with pytest.raises(InputError, match="Unknown"):
        start(RolloutPlan(), Variant(esco_design="telepathy"), "ab")


def test_start_refuses_the_control_itself_and_a_bad_share() -> None:
    with pytest.raises(InputError, match="is the control already"):
        start(RolloutPlan(), Variant(), "ab")
    with pytest.raises(InputError, match="share"):
        start(RolloutPlan(), LEXICAL, "ab", share=1.5)


def _evaluated(plan: RolloutPlan, control: float, candidate: float) -> RolloutPlan:
    assert plan.candidate is not None
    record = Evaluation(
        dataset="held-out.csv",
        metric="hit@3",
        n=120,
        control_version=plan.control.version(),
        candidate_version=plan.candidate.version(),
        control=control,
        candidate=candidate,
    )
    return plan.model_copy(update={"evaluations": [*plan.evaluations, record]})


def test_a_worse_scoring_candidate_cannot_be_promoted() -> None:
    plan = start(RolloutPlan(), LEXICAL, "ab")
    with pytest.raises(InputError, match="no offline evaluation"):
        promote(plan)
    with pytest.raises(InputError, match=r"below the control.s 0\.8000"):
        promote(_evaluated(plan, control=0.80, candidate=0.79))
    promoted = promote(_evaluated(plan, control=0.80, candidate=0.80))
    assert promoted.control == LEXICAL_PINNED and promoted.candidate is None and promoted.mode == "off"


def test_an_evaluation_of_other_versions_does_not_unlock_promotion() -> None:
    plan = _evaluated(start(RolloutPlan(), LEXICAL, "ab"), control=0.5, candidate=0.9)
    other = start(rollback(plan), Variant(esco_design="alt-max+desc+lex"), "ab")
    with pytest.raises(InputError, match="no offline evaluation"):
        promote(other)


def test_guardrails_roll_back_on_errors_and_on_latency_only_after_enough_requests() -> None:
    rails = Guardrails(max_error_rate=0.1, max_latency_ratio=2.0, min_requests=20)
    control, candidate = ArmStats(), ArmStats()
    for _ in range(20):
        control.record(0.010, error=False)
    for i in range(19):
        candidate.record(0.010, error=i % 2 == 0)
    assert rollback_reason(control, candidate, rails) is None  # 19 requests: too few to judge
    candidate.record(0.010, error=True)
    assert rollback_reason(control, candidate, rails) == "error_rate"
    slow = ArmStats()
    for _ in range(20):
        slow.record(0.019, error=False)
    assert rollback_reason(control, slow, rails) is None
    slow.latencies.clear()
    for _ in range(20):
        slow.record(0.025, error=False)
    assert rollback_reason(control, slow, rails) == "latency"


def test_plan_file_round_trips_and_a_broken_one_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "rollout.json"
    assert load_plan(path) == RolloutPlan()
    plan = start(RolloutPlan(), LEXICAL, "ab", share=0.2)
    save_plan(plan, path)
    assert load_plan(path) == plan
    path.write_text(json.dumps({"mode": "sideways"}), encoding="utf-8")
    with pytest.raises(InputError, match="not a valid plan"):
        load_plan(path)


def test_models_commands_refuse_to_promote_a_worse_candidate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path))
    runner = CliRunner()
    started = runner.invoke(app, ["models", "start", "--esco-design", "lexical", "--mode", "ab", "-f", "json"])
    assert started.exit_code == 0, started.output
    assert json.loads(started.stdout)["candidate"]["version"].endswith("+lexical.v2")
    path = tmp_path / "rollout.json"
    save_plan(_evaluated(load_plan(path), control=0.72, candidate=0.70), path)
    refused = runner.invoke(app, ["models", "promote"])
    assert refused.exit_code == 2
    assert "Cannot promote" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert load_plan(path).candidate == LEXICAL_PINNED  # unchanged
    rolled = runner.invoke(app, ["models", "rollback", "--reason", "worse offline", "-f", "json"])
    assert rolled.exit_code == 0 and json.loads(rolled.stdout)["mode"] == "off"
    assert load_plan(path).history[-1].detail.endswith("worse offline")


def test_models_evaluate_runs_both_versions_on_labelled_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_esco: Path
) -> None:
    """Shadow evaluation before traffic: both versions assess the same labelled resumes."""
    from careerpath.cli.common import navigator

    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CAREERPATH_ESCO_DIR", str(mini_esco))
    navigator.cache_clear()
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(
        "Category,Resume\n"
        '"Hadoop","Built Hadoop, Spark and Hive ETL pipelines; Kafka streaming; SQL data warehouse on AWS."\n'
        '"Java Developer","Java and Spring Boot microservices, REST APIs, Git, Docker, unit testing."\n'
        '"DevOps Engineer","Kubernetes, Docker, Terraform, CI/CD with Jenkins, Prometheus monitoring on AWS."\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["models", "start", "--esco-design", "lexical"]).exit_code == 0
    result = runner.invoke(app, ["models", "evaluate", str(labelled), "-f", "json"])
    navigator.cache_clear()
    assert result.exit_code == 0, result.output
    (evaluation,) = json.loads(result.stdout)["evaluations"]
    assert evaluation["n"] == 3 and evaluation["metric"] == "hit@3"
    assert evaluation["candidate_version"].endswith("+lexical.v2")
    # The ESCO tier does not change the role ranking: equal scores, so promotion is allowed.
    assert evaluation["candidate"] == evaluation["control"]
    promoted = runner.invoke(app, ["models", "promote", "-f", "json"])
    assert promoted.exit_code == 0, promoted.output
    assert json.loads(promoted.stdout)["control"]["esco_design"] == "lexical.v2"
