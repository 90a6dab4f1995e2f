"""Uploads over the heavy-lane size run in worker processes, with the same components as small ones:
the ESCO tier the server is configured with, the request's rollout arm, and the arm's statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from careerpath.rollout import Evaluation, RolloutPlan, Variant, save_plan, start
from careerpath.server.app import create_app
from careerpath.settings import Settings

HEAVY_BYTES = 2_000
RESUME = """Experience
Data Scientist, Northwind
- Worked to guarantee customer satisfaction and manage supplies across three regional stores.
- Built gradient boosting models in Python and SQL to forecast weekly demand for the stores.
"""
# The same resume, made big by trailing blank lines (no words: nothing more to find in it).
BIG = RESUME + "\n" * (HEAVY_BYTES + 500)


def _wait_ready(client: TestClient) -> None:
    import time

    for _ in range(1200):
        if client.get("/ready").status_code == 200:
            return
        time.sleep(0.1)
    raise AssertionError(client.get("/ready").json())


def _assess(client: TestClient, text: str) -> Any:
    files = {"file": ("resume.txt", text.encode(), "text/plain")}
    response = client.post("/assessments", files=files, headers={"X-Rollout-Key": "user-1"})
    assert response.status_code == 200, response.text
    return response


def test_a_big_upload_gets_the_same_extractor_design_and_arm_as_a_small_one(tmp_path: Path, mini_esco: Path) -> None:
    settings = Settings(
        home=tmp_path / "home", esco_dir=mini_esco, esco_design="lexical", server_heavy_upload_bytes=HEAVY_BYTES,
        server_heavy_workers=1,
    )  # fmt: skip
    # Every request on the candidate: an older extractor version, the ESCO tier as configured.
    plan = start(RolloutPlan(), Variant(extractor="keyword-match.v2"), "ab", share=1.0)
    assert plan.candidate is not None
    evaluated = Evaluation(
        dataset="held-out.csv", metric="hit@3", n=100, control_version=plan.control.version(),
        candidate_version=plan.candidate.version(), control=0.8, candidate=0.8,
    )  # fmt: skip
    save_plan(plan.model_copy(update={"evaluations": [evaluated]}), settings.rollout_path)
    app = create_app(settings=settings)  # no navigator given: big uploads go to worker processes
    assert app.state.heavy_pool.uses_processes
    with TestClient(app) as client:
        _wait_ready(client)
        small, big = _assess(client, RESUME), _assess(client, BIG)
        assert app.state.heavy_pool._executor is not None  # the big one really went to a worker process
        for response in (small, big):
            assert response.headers["X-Model-Arm"] == "candidate"
            assert response.headers["X-Model-Version"].startswith("keyword-match.v2+")
        small_view, big_view = small.json(), big.json()
        assert small_view["esco_skills"], "the ESCO tier linked nothing in the small upload"
        assert {link["design"] for link in big_view["esco_skills"]} == {"lexical.v2"}
        assert big_view["esco_skills"] == small_view["esco_skills"]
        assert big_view["skills"] == small_view["skills"]
        # The worker's observations reached the server's arm: both assessments count for the candidate.
        arms = app.state.rollout.status()["arms"]
        assert arms["candidate"]["requests"] == 2 and arms["candidate"]["errors"] == 0
