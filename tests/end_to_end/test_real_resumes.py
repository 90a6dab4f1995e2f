"""The CLI on real resumes from the public Kaggle UpdatedResumeDataSet (deduplicated)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.evaluation.role_ranking import read_labelled_resumes

DATA_ML_FAMILIES = {"data", "ml", "research", "platform"}


@pytest.fixture(scope="module")
def kaggle(shared_data: Path) -> list[tuple[str, str]]:
    return read_labelled_resumes(shared_data / "resume_dataset_kaggle_updated" / "UpdatedResumeDataSet.csv.gz")


def test_kaggle_resumes_are_deduplicated(kaggle: list[tuple[str, str]]) -> None:
    texts = [text for _, text in kaggle]
    assert len(texts) == len(set(texts)) == 166


def test_data_science_resumes_get_a_data_ml_role_in_top3(
    kaggle: list[tuple[str, str]], tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    from careerpath.roles.catalogue import load_roles
    from careerpath.skills.taxonomy import load_taxonomy

    families = {r.id: r.family for r in load_roles(load_taxonomy())}
    data_science = [text for category, text in kaggle if category == "Data Science"]
    hits = 0
    for index, text in enumerate(data_science):
        path = tmp_path / f"ds-{index}.txt"
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["assess", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["skills"], "a data-science resume names some skill"
        top3 = [fit["role"] for fit in data["fits"][:3]]
        hits += bool({families[r] for r in top3} & DATA_ML_FAMILIES - {"software"})
    assert hits / len(data_science) >= 0.8


def test_non_technical_resumes_score_low(kaggle: list[tuple[str, str]], home: Path) -> None:
    from careerpath import Navigator
    from careerpath.resumes import parse_profile, read_resume_bytes

    navigator = Navigator()
    best = []
    for category, text in kaggle:
        if category in {"HR", "Advocate", "Arts"}:
            profile = parse_profile(read_resume_bytes(text.encode(), "r.txt"))
            skills = navigator.profile_skills(profile)
            best.append(navigator.rank(navigator.candidate_from_profile(profile, skills))[0].score)
    assert best and sum(best) / len(best) < 0.15


def test_eval_roles_command_ends_with_json(shared_data: Path, home: Path, runner: CliRunner) -> None:
    path = shared_data / "resume_dataset_kaggle_updated" / "UpdatedResumeDataSet.csv.gz"
    result = runner.invoke(app, ["eval", "roles", str(path), "--limit", "20"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["metric"] == "hit@3"
    assert sum(c["n"] for c in metrics["categories"].values()) == 20


def test_eval_roles_rejects_a_file_without_the_columns(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("name,text\na,b\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "roles", str(path)])
    assert result.exit_code == 2 and "Category" in result.stderr
