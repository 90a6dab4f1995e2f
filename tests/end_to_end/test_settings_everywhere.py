"""Each CAREERPATH_* setting, set once, means the same thing in the CLI, the API and the web pages.

Every interface gets its settings and defaults from one composition root (careerpath.app), so a
setting the CLI honours and the API ignores (hours per week planned at 3 in one and 10 in the
other) would fail here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.cli.common import root
from careerpath.data_files import bundled_path
from careerpath.errors import SettingsError
from careerpath.server.app import create_app

ML_RESUME = (Path(__file__).parent / "ml_resume.md").read_text(encoding="utf-8")
runner = CliRunner()


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A fresh $CAREERPATH_HOME; the test sets the other settings it checks."""
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    for name in ("CAREERPATH_HOURS_PER_WEEK", "CAREERPATH_MAX_RESUME_BYTES", "CAREERPATH_ESCO_DIR"):
        monkeypatch.delenv(name, raising=False)
    root.cache_clear()  # type: ignore[attr-defined]
    yield monkeypatch
    root.cache_clear()  # type: ignore[attr-defined]


def _cli(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _one_line_exit_2(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _upload(client: TestClient, path: str, text: str = ML_RESUME, **form: str) -> Any:
    if path.startswith("/ui/"):  # a page form carries its CSRF field, as a browser submits it
        match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
        assert match, "the upload form has no CSRF field"
        form = {"csrf_token": match.group(1), **form}
    return client.post(path, files={"file": ("resume.md", text.encode(), "text/markdown")}, data=form)


def test_hours_per_week_plans_the_same_in_every_interface(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("CAREERPATH_HOURS_PER_WEEK", "3")
    resume = tmp_path / "resume.md"
    resume.write_text(ML_RESUME, encoding="utf-8")
    assert _cli("assess", str(resume), "--format", "json")["plan"]["hours_per_week"] == 3
    assert _cli("plan", str(resume), "--format", "json")["hours_per_week"] == 3
    assert _cli("assess", str(resume), "--hours-per-week", "7", "--format", "json")["plan"]["hours_per_week"] == 7

    client = TestClient(create_app())
    assert _upload(client, "/assessments").json()["plan"]["hours_per_week"] == 3
    assert client.post("/assessments/typed", json={"skills": ["python"]}).json()["plan"]["hours_per_week"] == 3
    assert client.post("/roles/ml_engineer/plan", json={"skills": ["python"]}).json()["hours_per_week"] == 3
    assert 'value="3"' in client.get("/").text
    assert "at 3 hours a week" in _upload(client, "/ui/assess").text


@pytest.mark.parametrize("hours", ["nan", "1e-9", "0.5", "0", "101", "inf"])
def test_a_bad_weekly_budget_is_a_user_mistake_everywhere(env: pytest.MonkeyPatch, hours: str) -> None:
    assert "hours-per-week" in _one_line_exit_2("assess", "--skills", "python", "--hours-per-week", hours)
    client = TestClient(create_app())
    body = f'{{"skills": ["python"], "hours_per_week": {hours.replace("nan", "NaN").replace("inf", "Infinity")}}}'
    for path in ("/assessments/typed", "/roles/ml_engineer/plan"):
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert 400 <= response.status_code < 500, (path, response.text)
        assert set(response.json()["error"]) == {"code", "message", "details"}
    assert 400 <= _upload(client, "/assessments", hours_per_week=hours).status_code < 500

    env.setenv("CAREERPATH_HOURS_PER_WEEK", hours)
    assert "CAREERPATH_HOURS_PER_WEEK" in _one_line_exit_2("roles")
    with pytest.raises(SettingsError, match="CAREERPATH_HOURS_PER_WEEK"):
        create_app()


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("CAREERPATH_HOURS_PER_WEEK", "ten", "valid number"),
        ("CAREERPATH_MAX_RESUME_BYTES", "-1", "greater than or equal to 1"),
        ("CAREERPATH_MAX_RESUME_BYTES", "10MB", "valid integer"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(env: pytest.MonkeyPatch, name: str, value: str, words: str) -> None:
    env.setenv(name, value)
    line = _one_line_exit_2("skills")
    assert f"[invalid_setting] Setting {name}={value!r} is invalid" in line and words in line


def test_a_home_that_is_a_file_is_one_line_everywhere(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "not-a-folder"
    home.write_text("x", encoding="utf-8")
    env.setenv("CAREERPATH_HOME", str(home))
    assert f"{home} is a file; it must be a folder" in _one_line_exit_2("roles")
    with pytest.raises(SettingsError, match="CAREERPATH_HOME"):
        create_app()


def test_max_resume_bytes_refuses_the_same_upload_everywhere(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("CAREERPATH_MAX_RESUME_BYTES", "200")
    resume = tmp_path / "resume.md"
    resume.write_text(ML_RESUME, encoding="utf-8")
    assert "[file_too_large]" in _one_line_exit_2("assess", str(resume))
    assert "[file_too_large]" in _one_line_exit_2("extract-skills", str(resume))
    client = TestClient(create_app())
    assert _upload(client, "/assessments").json()["error"]["code"] == "file_too_large"
    assert _upload(client, "/ui/assess").status_code == 413


def _user_role(home: Path) -> None:
    """A new role in the user's roles.yaml: a copy of ml_engineer titled "Model Whisperer"."""
    bundled = yaml.safe_load(bundled_path("roles.yaml").read_text(encoding="utf-8"))
    role = next(r for r in bundled["roles"] if r["id"] == "ml_engineer")
    role = {**role, "id": "model_whisperer", "name": "Model Whisperer", "title_aliases": ["Model Whisperer"]}
    home.mkdir(parents=True, exist_ok=True)
    (home / "roles.yaml").write_text(yaml.safe_dump({"version": "mine", "roles": [role]}), encoding="utf-8")


POSTINGS = """title,company,location,posted_on,description
Model Whisperer,Acme,Remote,2024-03-01,"Coax large language models with Python and PyTorch; evaluate prompts and fine-tune."
Model Whisperer,Beta,Remote,2024-04-01,"Fine-tune LLMs in PyTorch, write Python evaluation harnesses, deploy with Docker."
Data Analyst,Gamma,"Austin, TX",2024-04-02,"Excel and Tableau dashboards with SQL for the sales team every week."
"""  # noqa: E501


def test_home_user_roles_reach_the_market_commands_and_the_api(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _user_role(home)
    postings = tmp_path / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    assert _cli("role", "Model Whisperer", "--format", "json")["id"] == "model_whisperer"
    _cli("market", "ingest", str(postings), "--workers", "1", "--format", "json")
    demand = _cli("market", "skills", "--role", "Model Whisperer", "--format", "json")
    assert {row["skill_id"] for row in demand} >= {"python", "pytorch"}
    assert all(row["postings"] <= 2 for row in demand)  # only the two Model Whisperer postings
    roles = {row["role_id"]: row["postings"] for row in _cli("market", "roles", "--format", "json")}
    assert roles["model_whisperer"] == 2
    table = runner.invoke(app, ["market", "skills", "--role", "Model Whisperer"]).stdout
    assert "Top skills for Model Whisperer" in table and "PyTorch" in table  # names, as the report prints them
    assert "pytorch" not in table and "model_whisperer" not in table
    client = TestClient(create_app())
    assert client.get("/roles/Model Whisperer").json()["id"] == "model_whisperer"
    assert "Model Whisperer" in client.get("/ui/roles").text


def test_the_users_market_snapshot_replaces_the_bundled_one_everywhere(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    snapshot = json.loads(bundled_path("market_snapshot.json").read_text(encoding="utf-8"))
    snapshot["role_salaries"]["ml_engineer"].update(median=123456.0, source="my own survey")
    (home / "market_snapshot.json").write_text(json.dumps(snapshot), encoding="utf-8")
    market = _cli("role", "ml_engineer", "--format", "json")["market"]
    assert market["salary_median_usd"] == 123456.0 and market["source"] == "my own survey"
    client = TestClient(create_app())
    assert client.get("/roles/ml_engineer").json()["market"]["salary_median_usd"] == 123456.0
    assert "my own survey" in client.get("/ui/roles/ml_engineer").text


def test_market_snapshot_output_is_read_back(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    _cli("market", "ingest", str(postings), "--workers", "1", "--format", "json")
    written = _cli("market", "snapshot", "--format", "json")
    assert Path(written["output"]) == tmp_path / "home" / "market_snapshot.json"
    root.cache_clear()  # type: ignore[attr-defined]  # a new process would read it afresh
    demand = root().navigator.demand
    assert demand["python"] == pytest.approx(2 / 3, abs=0.01)  # the user's 3 postings, not the bundled figures
