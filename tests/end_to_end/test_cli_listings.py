from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from careerpath.cli.app import app


def test_roles_json_lists_every_role(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "--format", "json"])
    assert result.exit_code == 0
    roles = json.loads(result.stdout)["roles"]
    assert len(roles) >= 20 and {"id", "name", "required_skills", "onet_soc"} <= set(roles[0])


def test_role_by_title_alias(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["role", "MLOps Engineer", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "mlops_engineer"
    text = runner.invoke(app, ["role", "data scientist"])
    assert text.exit_code == 0 and "Responsibilities" in text.output


def test_skills_search_and_category(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["skills", "k8s", "--format", "json"])
    assert [s["id"] for s in json.loads(result.stdout)["skills"]] == ["kubernetes"]
    nlp = json.loads(runner.invoke(app, ["skills", "--category", "nlp", "--format", "json"]).stdout)["skills"]
    assert len(nlp) >= 10 and all(s["category"] == "nlp" for s in nlp)
    bad = runner.invoke(app, ["skills", "--category", "cooking"])
    assert bad.exit_code == 2


def test_extract_skills_json(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text("We need 3+ years of Python, Spark and Airflow; Kubernetes is a plus.", encoding="utf-8")
    result = runner.invoke(app, ["extract-skills", str(posting), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = {s["id"]: s for s in json.loads(result.stdout)["skills"]}
    assert {"python", "apache_airflow", "kubernetes"} <= set(found)
    evidence = found["python"]["evidence"][0]
    assert posting.read_text()[evidence["start"] : evidence["end"]] == "Python"


def test_core_import_does_not_pull_adapters() -> None:
    code = (
        "import sys, careerpath; careerpath.Navigator;"
        "bad = [m for m in ('typer', 'rich', 'fastapi', 'pyspark', 'torch') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_command_has_help(runner: CliRunner) -> None:
    import typer.main

    command = typer.main.get_command(app)
    names = list(command.commands)  # type: ignore[attr-defined]
    assert {"assess", "plan", "roles", "role", "skills", "progress", "extract-skills"} <= set(names)
    for name in names:
        assert command.commands[name].help, name  # type: ignore[attr-defined]
