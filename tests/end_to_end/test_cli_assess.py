"""The CLI on real components: resumes in every format, JSON shape, user mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app

ML_RESUME = (Path(__file__).parent / "ml_resume.md").read_text(encoding="utf-8")  # shared with the other e2e tests

DATA_ML = {
    "ml_engineer",
    "data_scientist",
    "ai_engineer",
    "applied_scientist",
    "research_engineer",
    "computer_vision_engineer",
    "mlops_engineer",
    "nlp_engineer",
    "data_engineer",
    "research_scientist",
    "ai_platform_engineer",
    "generative_ai_engineer",
    "edge_ai_engineer",
}


def _assess_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(app, ["assess", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _pdf(path: Path, text: str) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _docx(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line in {"Summary", "Experience", "Education", "Skills"}:
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def _json_resume(path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "basics": {"name": "Jordan Lee", "summary": "Machine learning engineer."},
                "work": [
                    {
                        "name": "Acme AI",
                        "position": "Machine Learning Engineer",
                        "startDate": "2021-01-01",
                        "highlights": [
                            "Built and deployed PyTorch deep learning models with Docker on AWS.",
                            "Developed feature pipelines in Python, pandas and SQL.",
                        ],
                    }
                ],
                "education": [
                    {
                        "institution": "University of Somewhere",
                        "area": "Computer Science",
                        "studyType": "Master",
                        "endDate": "2020-06-01",
                    }
                ],
                "skills": [{"name": "ML", "keywords": ["Python", "PyTorch", "scikit-learn", "Kubernetes", "MLflow"]}],
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("kind", ["txt", "md", "pdf", "docx", "json"])
def test_assess_reads_every_format_and_ranks_ml_roles_first(
    kind: str, tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    path = tmp_path / f"resume.{kind}"
    if kind == "pdf":
        _pdf(path, ML_RESUME)
    elif kind == "docx":
        _docx(path, ML_RESUME)
    elif kind == "json":
        _json_resume(path)
    else:
        path.write_text(ML_RESUME, encoding="utf-8")
    data = _assess_json(runner, str(path))
    top3 = [f["role"] for f in data["fits"][:3]]
    assert set(top3) & {
        "ml_engineer",
        "computer_vision_engineer",
        "applied_scientist",
        "research_engineer",
    }, top3
    skills = {s["id"] for s in data["skills"]}
    assert {"python", "pytorch", "docker"} <= skills
    assert data["profile"]["highest_degree"] == "master"


def test_assess_json_has_the_documented_shape(home: Path, runner: CliRunner) -> None:
    data = _assess_json(runner)  # the bundled sample resume
    assert data["schema"] == "careerpath.assessment/1"
    scores = [f["score"] for f in data["fits"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert len(data["fits"]) >= 20
    best = data["fits"][0]
    assert best["matched"] and best["matched"][0]["evidence"][0]["text"]
    assert {"skill", "weight", "level", "required"} <= set(best["missing"][0])
    steps = data["plan"]["steps"]
    assert steps and {"skill", "hours", "week", "resources"} <= set(steps[0])
    assert data["plan"]["role"] == data["target_role"] == best["role"]
    # The sample says "no production experience with Kubernetes yet": not a skill.
    assert "kubernetes" not in {s["id"] for s in data["skills"]}
    tensorflow = next(s for s in data["skills"] if s["id"] == "tensorflow")
    python = next(s for s in data["skills"] if s["id"] == "python")
    assert tensorflow["confidence"] < python["confidence"]  # "familiar with" < used


def test_assess_plan_respects_prerequisites(home: Path, runner: CliRunner) -> None:
    from careerpath.skills.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    data = _assess_json(runner, "--role", "ML Engineer", "--hours-per-week", "5")
    steps = data["plan"]["steps"]
    position = {s["skill"]: s["order"] for s in steps}
    for step in steps:
        for prerequisite in taxonomy.prerequisite_closure(taxonomy.get(step["skill"]).prerequisites):
            if prerequisite in position:
                assert position[prerequisite] < step["order"]
    assert data["plan"]["hours_per_week"] == 5
    assert data["target_role"] == "ml_engineer"


def test_assess_text_shows_ranked_table_reasons_and_plan(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess"])
    assert result.exit_code == 0, result.output
    for expected in ("roles ranked by fit", "Why", "Missing", "Plan to", "Milestone"):
        assert expected in result.output


@pytest.mark.parametrize("fmt,marker", [("markdown", "## Learning plan"), ("html", "<table>")])
def test_assess_writes_markdown_and_html(fmt: str, marker: str, tmp_path: Path, home: Path, runner: CliRunner) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["assess", "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_assess_typed_profile(home: Path, runner: CliRunner) -> None:
    data = _assess_json(
        runner, "--skills", "python, SQL, pandas, statistics, sklearn", "--years", "2", "--degree", "bachelor"
    )
    assert data["fits"][0]["role"] in {"data_scientist", "data_analyst"}
    assert data["profile"]["years_experience"] == 2


@pytest.mark.parametrize(
    ("args", "code_word"),
    [
        (["assess", "no/such/resume.pdf"], "file_not_found"),
        (["assess", "--role", "ML Enginer"], "unknown_role"),
        (["assess", "--hours-per-week", "0"], "invalid_input"),
        (["assess", "--skills", "pyhton,sql"], "unknown_skill"),
        (["assess", "--skills", "python", "--degree", "diploma-ish"], "invalid_input"),
        (["role", "quantum chef"], "unknown_role"),
        (["skills", "zzzzqqq"], "unknown_skill"),
        (["progress", "done", "linear algebr"], "unknown_skill"),
    ],
)
def test_user_mistakes_give_one_line_and_exit_2(args: list[str], code_word: str, home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and code_word in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_unknown_role_suggests_the_right_one(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess", "--role", "ML Enginer"])
    assert "Machine Learning Engineer" in result.stderr


@pytest.mark.parametrize(
    ("content", "name", "code_word"),
    [
        (b"", "empty.txt", "empty_file"),
        (bytes(range(256)) * 64, "blob.bin", "unsupported_type"),
        (b"%PDF-1.4\n%broken", "broken.pdf", "pdf_corrupt"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.png", "unsupported_type"),
    ],
)
def test_bad_files_give_one_clear_line(
    content: bytes, name: str, code_word: str, tmp_path: Path, home: Path, runner: CliRunner
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2, result.output
    assert code_word in result.stderr


def test_oversized_resume_is_refused(
    tmp_path: Path, home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_MAX_RESUME_BYTES", "1000")
    path = tmp_path / "big.txt"
    path.write_text("Python developer. " * 200, encoding="utf-8")
    result = runner.invoke(app, ["assess", str(path)])
    assert result.exit_code == 2 and "file_too_large" in result.stderr


def test_progress_done_is_left_out_of_the_next_plan(home: Path, runner: CliRunner) -> None:
    before = _assess_json(runner, "--role", "ml_engineer")
    first = before["plan"]["steps"][0]["skill"]
    result = runner.invoke(app, ["progress", "done", first])
    assert result.exit_code == 0, result.output
    stored = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    assert first in stored["done"]
    after = _assess_json(runner, "--role", "ml_engineer")
    assert first not in {s["skill"] for s in after["plan"]["steps"]}
    assert after["plan"]["already_done"] == [first]
    shown = json.loads(runner.invoke(app, ["progress", "show", "--format", "json"]).stdout)
    assert shown["done"][0]["skill"] == first
    runner.invoke(app, ["progress", "undo", first])
    again = _assess_json(runner, "--role", "ml_engineer")
    assert again["plan"]["steps"][0]["skill"] == first


def test_user_taxonomy_file_merges_over_the_bundled_one(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    home.mkdir(parents=True)
    (home / "taxonomy.yaml").write_text(
        "version: mine\nskills:\n  - id: pytorch\n    aliases: [torchy]\n"
        "  - id: vibe_coding\n    name: Vibe coding\n    category: software_engineering\n    hours: 5\n",
        encoding="utf-8",
    )
    resume = tmp_path / "r.txt"
    resume.write_text("Skills\nTorchy, Vibe coding, Python\n", encoding="utf-8")
    data = _assess_json(runner, str(resume))
    assert {"pytorch", "vibe_coding", "python"} <= {s["id"] for s in data["skills"]}
