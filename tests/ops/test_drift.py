"""Drift of ingested postings: PSI by hand, then `market ingest` + `market drift` + the service's gauge."""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.market.drift import population_stability_index
from careerpath.navigator import Navigator
from careerpath.server.app import create_app
from careerpath.settings import Settings

WORDS = [
    "team",
    "product",
    "growth",
    "customers",
    "platform",
    "quality",
    "roadmap",
    "mission",
    "data",
    "users",
    "reliable",
    "scale",
]
JOBS = {
    "ds": ("Data Scientist", ["Python", "SQL", "Tableau", "statistics"]),
    "mle": ("Machine Learning Engineer", ["PyTorch", "Kubernetes", "Docker", "MLOps"]),
}


def test_psi_is_zero_for_the_same_mix_and_matches_the_formula() -> None:
    assert population_stability_index({"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5}) == 0
    assert population_stability_index({"a": 0.9, "b": 0.1}, {"a": 0.1, "b": 0.9}) == pytest.approx(1.6 * math.log(9))
    # A category new in the latest window counts (floored share), it does not divide by zero.
    assert population_stability_index({"a": 1.0}, {"a": 0.5, "b": 0.5}) > 0.25


def _postings(path: Path, months: dict[str, list[str]]) -> None:
    rng = random.Random(3)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "company", "location", "remote", "posted_on", "salary", "description"])
        n = 0
        for month, kinds in months.items():
            for kind in kinds:
                n += 1
                title, skills = JOBS[kind]
                filler = " ".join(rng.choice(WORDS) for _ in range(30))
                description = f"We need {', '.join(skills)} experience. {filler} Posting {n} of company {n}."
                writer.writerow([title, f"Company {n}", "Remote", "true", f"{month}-15", "", description])


def _ingest(home: Path, csv_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    monkeypatch.setenv("CAREERPATH_HOME", str(home))
    runner = CliRunner()
    ingested = runner.invoke(app, ["market", "ingest", str(csv_path), "--workers", "1", "--format", "json"])
    assert ingested.exit_code == 0, ingested.output
    assert json.loads(ingested.stdout)["new"] == 60
    drift = runner.invoke(app, ["market", "drift", "--format", "json"])
    assert drift.exit_code == 0, drift.output
    return list(json.loads(drift.stdout))


def test_a_changed_mix_is_major_drift_and_the_service_exposes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_navigator: Navigator
) -> None:
    postings = tmp_path / "postings.csv"
    _postings(postings, {"2024-01": ["ds"] * 27 + ["mle"] * 3, "2024-02": ["mle"] * 27 + ["ds"] * 3})
    home = tmp_path / "home"
    result = {d["dimension"]: d for d in _ingest(home, postings, monkeypatch)}
    assert set(result) == {"roles", "skills"}
    assert result["roles"]["previous"] == "2024-01" and result["roles"]["current"] == "2024-02"
    assert result["roles"]["level"] == "major" and result["skills"]["level"] == "major"
    # 90% -> 10% and 10% -> 90%: 1.6 ln 9 whatever the role ids are.
    assert result["roles"]["psi"] == pytest.approx(1.6 * math.log(9), abs=1e-3)
    with TestClient(create_app(navigator=base_navigator, settings=Settings(home=home))) as client:
        text = client.get("/metrics").text
    gauges = {
        s.labels["dimension"]: s.value
        for family in text_string_to_metric_families(text)
        if family.name == "careerpath_market_drift_psi"
        for s in family.samples
    }
    assert gauges["roles"] == pytest.approx(result["roles"]["psi"], abs=1e-4)
    report = tmp_path / "report.html"
    rendered = CliRunner().invoke(app, ["market", "report", "--output", str(report)])
    assert rendered.exit_code == 0, rendered.output
    page = report.read_text(encoding="utf-8")
    assert "Drift: latest month against the previous" in page and "major" in page


def test_the_same_mix_in_both_months_is_stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    postings = tmp_path / "postings.csv"
    mix = ["ds"] * 20 + ["mle"] * 10
    _postings(postings, {"2024-01": mix, "2024-02": mix})
    result = {d["dimension"]: d for d in _ingest(tmp_path / "home", postings, monkeypatch)}
    assert result["roles"]["psi"] < 0.01 and result["roles"]["level"] == "stable"
    assert result["skills"]["level"] == "stable"
