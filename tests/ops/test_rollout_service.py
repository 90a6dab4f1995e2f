"""Two versions served side by side by the real app: sticky arms, versions on responses, auto-rollback."""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from careerpath.linking.designs import design_config
from careerpath.navigator import Navigator
from careerpath.ops.serving import build_runtime
from careerpath.rollout import Evaluation, RolloutPlan, Variant, load_plan, save_plan, start
from careerpath.server.app import create_app
from careerpath.server.operations import use_rollout
from careerpath.settings import Settings

from .conftest import wait_ready

RESUME = """Experience
Data Scientist, Northwind
- Worked to guarantee customer satisfaction and manage supplies across three regional stores.
- Built gradient boosting models in Python and SQL to forecast weekly demand for the stores.
"""


class FaultyLinker:
    """The candidate's ESCO linker with an injected fault: fails ``rate`` of its calls."""

    def __init__(self, rate: float) -> None:
        self.config = design_config("lexical")
        self.rate, self.calls, self._random = rate, 0, random.Random(7)
        self._lock = threading.Lock()

    def link_skills(self, sentences: Sequence[str], *, top_k: int = 10) -> list[list[Any]]:
        with self._lock:
            self.calls += 1
            fail = self._random.random() < self.rate
        if fail:
            raise RuntimeError("injected fault")
        return [[] for _ in sentences]


def _evaluated(plan: RolloutPlan, control: float = 0.8, candidate: float = 0.8) -> RolloutPlan:
    """The plan with an offline evaluation of its two versions recorded (as `careerpath models evaluate`)."""
    assert plan.candidate is not None
    record = Evaluation(
        dataset="held-out.csv",
        metric="hit@3",
        n=100,
        control_version=plan.control.version(),
        candidate_version=plan.candidate.version(),
        control=control,
        candidate=candidate,
    )
    return plan.model_copy(update={"evaluations": [record]})


def _assess(client: TestClient, key: str) -> Any:
    files = {"file": ("resume.txt", RESUME.encode(), "text/plain")}
    return client.post("/assessments", files=files, headers={"X-Rollout-Key": key})


def _rollbacks(client: TestClient) -> float:
    for family in text_string_to_metric_families(client.get("/metrics").text):
        if family.name == "careerpath_rollout_rollbacks":
            return sum(s.value for s in family.samples if s.name.endswith("_total"))
    return 0.0


def test_canary_with_injected_errors_is_rolled_back_automatically(tmp_path: Path, base_navigator: Navigator) -> None:
    settings = Settings(home=tmp_path)
    plan = _evaluated(start(RolloutPlan(), Variant(esco_design="lexical"), "canary", share=0.5))
    plan = plan.model_copy(update={"guardrails": plan.guardrails.model_copy(update={"min_requests": 20})})
    linker = FaultyLinker(rate=0.3)
    app = create_app(navigator=base_navigator, settings=settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        wait_ready(client)
        save_plan(plan, settings.rollout_path)
        runtime = build_runtime(
            plan,
            base_navigator,
            linker_factory=lambda design: linker,
            metrics=app.state.metrics,
            plan_path=settings.rollout_path,
        )
        use_rollout(app, runtime)
        seen: list[tuple[str, int]] = []
        for i in range(200):
            response = _assess(client, f"user-{i}")
            seen.append((response.headers["X-Model-Arm"], response.status_code))
            if runtime.plan.mode == "off":
                break
        candidate = [status for arm, status in seen if arm == "candidate"]
        assert len(candidate) == 20  # judged exactly when the candidate had enough requests
        assert candidate.count(500) / len(candidate) > 0.05
        assert all(status == 200 for arm, status in seen if arm == "control")
        # Rolled back: the plan file says so, everyone is on the control, the metric and /rollout show it.
        saved = load_plan(settings.rollout_path)
        assert saved.mode == "off" and saved.candidate is None
        assert saved.history[-1].action == "rollback" and "automatic: error_rate" in saved.history[-1].detail
        after = {_assess(client, f"user-{i}").headers["X-Model-Arm"] for i in range(30)}
        assert after == {"control"}
        assert _rollbacks(client) == 1
        assert client.get("/rollout").json()["arms"]["candidate"]["errors"] == candidate.count(500)


def test_ready_fails_while_a_version_cannot_load_and_health_still_answers(
    tmp_path: Path, base_navigator: Navigator
) -> None:
    settings = Settings(home=tmp_path)  # the candidate needs ESCO, and no ESCO folder is configured
    save_plan(start(RolloutPlan(), Variant(esco_design="lexical"), "ab"), settings.rollout_path)
    with TestClient(create_app(navigator=base_navigator, settings=settings)) as client:
        for _ in range(100):
            ready = client.get("/ready")
            if ready.json().get("error", {}).get("details", {}).get("failed"):
                break
            assert ready.status_code == 503  # still loading
        assert ready.status_code == 503
        assert "CAREERPATH_ESCO_DIR" in ready.json()["error"]["details"]["failed"]["models"]
        assert client.get("/health").status_code == 200


def test_two_versions_side_by_side_with_sticky_users_and_versions_on_responses(
    tmp_path: Path, base_navigator: Navigator, mini_esco: Path
) -> None:
    """Control: curated skills only. Candidate: plus the lexical ESCO tier on a real ESCO subset."""
    settings = Settings(home=tmp_path, esco_dir=mini_esco)
    save_plan(_evaluated(start(RolloutPlan(), Variant(esco_design="lexical"), "ab", share=0.5)), settings.rollout_path)
    app = create_app(navigator=base_navigator, settings=settings)
    with TestClient(app) as client:
        wait_ready(client)
        first = {f"user-{i}": _assess(client, f"user-{i}") for i in range(24)}
        versions = {key: r.headers["X-Model-Version"] for key, r in first.items()}
        assert all(r.status_code == 200 for r in first.values())
        assert set(versions.values()) == {
            "keyword-match.v3+weighted-coverage.v1",
            "keyword-match.v3+weighted-coverage.v1+lexical.v2",
        }
        for response in first.values():
            labels = {link["label"] for link in response.json()["esco_skills"]}
            if response.headers["X-Model-Arm"] == "control":
                assert labels == set()
            else:
                assert response.headers["X-Model-Version"].endswith("+lexical.v2")
                assert "guarantee customer satisfaction" in labels
        for key in list(first)[:8]:  # sticky: the same user gets the same version again
            assert _assess(client, key).headers["X-Model-Version"] == versions[key]
        status = client.get("/rollout").json()
        arms = status["arms"]
        assert status["mode"] == "ab"
        assert arms["control"]["requests"] + arms["candidate"]["requests"] == 32
        # Per-arm live quality: half the resume's sentences have no curated skill; the candidate's
        # ESCO tier explains that one, so its share of unexplained sentences drops.
        assert arms["control"]["unexplained_sentence_share"] == 0.5
        assert arms["candidate"]["unexplained_sentence_share"] == 0.0
        feedback = client.post("/feedback", json={"helpful": False}, headers={"X-Rollout-Key": "user-0"})
        assert feedback.json()["version"] == versions["user-0"]


@pytest.mark.parametrize("evaluation", ["none", "worse"])
def test_no_traffic_reaches_a_candidate_before_a_passing_offline_evaluation(
    tmp_path: Path, base_navigator: Navigator, evaluation: str
) -> None:
    plan = start(RolloutPlan(), Variant(esco_design="lexical"), "ab", share=0.9)
    if evaluation == "worse":
        plan = _evaluated(plan, control=0.8, candidate=0.7)
    linker = FaultyLinker(rate=0.0)
    app = create_app(navigator=base_navigator, settings=Settings(home=tmp_path))
    with TestClient(app) as client:
        wait_ready(client)
        use_rollout(app, build_runtime(plan, base_navigator, linker_factory=lambda design: linker))
        arms = {_assess(client, f"user-{i}").headers["X-Model-Arm"] for i in range(20)}
    assert arms == {"control"} and linker.calls == 0
