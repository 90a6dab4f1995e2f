"""The JSON API on real components and the bundled data: uploads, typed profiles, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from careerpath.server.app import create_app
from careerpath.settings import Settings

ML_RESUME = """Jordan Lee
jordan@example.com

Summary
Machine learning engineer with 4 years of experience.

Experience
Machine Learning Engineer, Acme AI
Jan 2021 - Present
- Built and deployed PyTorch deep learning models for image classification with Docker on AWS.
- Developed feature engineering pipelines in Python, pandas and SQL; tracked experiments with MLflow.

Education
MSc Computer Science, University of Somewhere, 2020

Skills
Python, PyTorch, scikit-learn, pandas, NumPy, SQL, Docker, AWS, MLflow, Git
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERPATH_HOME", str(path))
        yield path


@pytest.fixture(scope="module")
def client(home: Path) -> TestClient:
    """One app (and one navigator) for the whole module, as `careerpath serve` builds it."""
    return TestClient(create_app())


@pytest.fixture(scope="module")
def small_client(client: TestClient) -> TestClient:
    """The same navigator with a 2,000-byte upload limit."""
    navigator = client.app.state.navigator  # type: ignore[attr-defined]
    return TestClient(create_app(navigator, Settings(max_resume_bytes=2_000)))


def _pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _upload(client: TestClient, name: str, data: bytes, **form: str) -> Any:
    return client.post("/assessments", files={"file": (name, data, "application/octet-stream")}, data=form)


def _assert_error_shape(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return dict(body["error"])


def _assert_assessment(body: dict[str, Any]) -> None:
    assert body["schema"] == "careerpath.assessment/1"
    scores = [fit["score"] for fit in body["fits"]]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == 22
    assert body["plan"]["steps"], "a plan towards the target role"
    assert body["plan"]["role"] == body["target_role"]


def test_health_reports_what_is_loaded(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["roles"] == 22 and body["skills"] > 300


@pytest.mark.parametrize(
    ("name", "data"),
    [("resume.txt", ML_RESUME.encode()), ("resume.pdf", _pdf_bytes(ML_RESUME))],
    ids=["text", "pdf"],
)
def test_upload_assessment_ranks_roles_and_plans(client: TestClient, name: str, data: bytes) -> None:
    response = _upload(client, name, data, hours_per_week="8")
    assert response.status_code == 200, response.text
    body = response.json()
    _assert_assessment(body)
    assert body["source"] == name
    assert body["plan"]["hours_per_week"] == 8
    assert body["fits"][0]["role"] in {"ml_engineer", "computer_vision_engineer", "applied_scientist", "mlops_engineer"}
    skills = {s["id"]: s for s in body["skills"]}
    assert {"python", "pytorch", "docker"} <= set(skills)
    assert "PyTorch" in skills["pytorch"]["evidence"][0]["sentence"]
    assert body["warnings"] == []


def test_upload_with_role_targets_it(client: TestClient) -> None:
    body = _upload(client, "resume.md", ML_RESUME.encode(), role="Data Engineer").json()
    assert body["target_role"] == "data_engineer"
    assert body["plan"]["role"] == "data_engineer"


def test_api_returns_the_same_json_as_the_cli(client: TestClient, tmp_path: Path) -> None:
    from careerpath.cli.app import app
    from careerpath.cli.common import navigator

    resume = tmp_path / "resume.txt"
    resume.write_text(ML_RESUME, encoding="utf-8")
    navigator.cache_clear()
    cli = CliRunner().invoke(app, ["assess", str(resume), "--format", "json"])
    navigator.cache_clear()
    assert cli.exit_code == 0, cli.output
    api = _upload(client, "resume.txt", ML_RESUME.encode()).json()
    assert api.pop("warnings") == []
    assert api == json.loads(cli.stdout)


def test_typed_assessment(client: TestClient) -> None:
    response = client.post(
        "/assessments/typed",
        json={"skills": ["python", "SQL", "pandas"], "years_experience": 3, "degree": "master", "role": "ML Engineer"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    _assert_assessment(body)
    assert body["source"] == "typed profile"
    assert body["target_role"] == "ml_engineer"
    assert {s["source"] for s in body["skills"]} == {"declared"}


def test_typed_assessment_without_skills_found_warns(client: TestClient) -> None:
    body = client.post("/assessments/typed", json={"skills": [" "]}).json()
    assert body["warnings"] and "No recognisable" in body["warnings"][0]


def test_plan_for_a_role(client: TestClient) -> None:
    response = client.post("/roles/data_scientist/plan", json={"skills": ["python"], "hours_per_week": 5})
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["role"] == "data_scientist" and plan["hours_per_week"] == 5
    assert plan["steps"] and plan["total_weeks"] >= plan["steps"][-1]["end_week"]


def test_roles_and_skills_listings(client: TestClient) -> None:
    roles = client.get("/roles").json()
    assert len(roles["roles"]) == 22
    role = client.get("/roles/ML Engineer").json()
    assert role["id"] == "ml_engineer" and role["required_skills"]
    found = client.get("/skills", params={"q": "torch"}).json()["skills"]
    assert "pytorch" in {s["id"] for s in found}
    category = client.get("/skills", params={"category": "programming_languages"}).json()["skills"]
    assert category and {s["category"] for s in category} == {"programming_languages"}
    assert client.get("/skills/scikit-learn").json()["id"] == "scikit_learn"


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "/roles/ml enginer", None),
        ("post", "/assessments/typed", {"skills": ["python"], "role": "ml enginer"}),
        ("post", "/roles/ml enginer/plan", {"skills": ["python"]}),
    ],
)
def test_unknown_role_is_404_with_suggestions(
    client: TestClient, method: str, path: str, payload: dict[str, Any] | None
) -> None:
    response = client.request(method, path, json=payload)
    assert response.status_code == 404
    error = _assert_error_shape(response)
    assert error["code"] == "unknown_role"
    assert "Machine Learning Engineer" in error["details"]["suggestions"]
    assert "Did you mean" in error["message"]


def test_unknown_skill_is_404(client: TestClient) -> None:
    response = client.post("/assessments/typed", json={"skills": ["pythn"]})
    assert response.status_code == 404
    assert _assert_error_shape(response)["code"] == "unknown_skill"


@pytest.mark.parametrize("size", [3_000, 200_000], ids=["file-part-over-limit", "content-length-over-limit"])
def test_oversized_upload_is_413(small_client: TestClient, size: int) -> None:
    response = _upload(small_client, "resume.txt", b"python " * (size // 7))
    assert response.status_code == 413
    error = _assert_error_shape(response)
    assert error["code"] == "file_too_large"
    assert "2,000-byte limit" in error["message"]


def test_streamed_body_without_length_is_cut_off(small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"x" * 10_000

    response = small_client.post(
        "/assessments", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code == 413
    assert _assert_error_shape(response)["code"] == "file_too_large"


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("resume.pdf", b"%PDF-1.4\n1 0 obj garbage", 400, "pdf_corrupt"),
        ("resume.pdf", b"not a pdf at all", 400, "pdf_corrupt"),
        ("resume.txt", b"   \n  ", 400, "empty_file"),
        ("resume.exe", b"MZ\x90\x00", 415, "unsupported_type"),
    ],
)
def test_unreadable_uploads_say_why(client: TestClient, name: str, data: bytes, status: int, code: str) -> None:
    response = _upload(client, name, data)
    assert response.status_code == status
    assert _assert_error_shape(response)["code"] == code


# Every error response has exactly the one shape (datasette's test_error_shape).
TEXT_FILE = {"file": ("a.txt", b"Python and SQL", "text/plain")}
ERROR_CASES: list[tuple[str, str, dict[str, Any], int]] = [
    ("get", "/roles/nope-nope", {}, 404),
    ("get", "/skills/nope-nope", {}, 404),
    ("get", "/skills?q=zzzqqq", {}, 404),
    ("get", "/skills?category=nope", {}, 422),
    ("get", "/no/such/path", {}, 404),
    ("delete", "/roles", {}, 405),
    ("post", "/assessments", {"data": {"role": "ml_engineer"}}, 422),
    ("post", "/assessments", {"files": TEXT_FILE, "data": {"hours_per_week": "x"}}, 422),
    ("post", "/assessments", {"files": TEXT_FILE, "data": {"hours_per_week": "0"}}, 422),
    ("post", "/assessments/typed", {"json": {"skills": []}}, 422),
    ("post", "/assessments/typed", {"json": {"skills": ["python"], "degree": "wizard"}}, 422),
    ("post", "/assessments/typed", {"json": {"skills": ["python"], "unknown_field": 1}}, 422),
    ("post", "/assessments/typed", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("post", "/roles/ml_engineer/plan", {"json": {"skills": ["python"], "hours_per_week": 500}}, 422),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), ERROR_CASES)
def test_error_shape(client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int) -> None:
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    _assert_error_shape(response)


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/health",
        "/roles",
        "/roles/{role_id}",
        "/roles/{role_id}/plan",
        "/skills",
        "/skills/{skill_id}",
        "/assessments",
        "/assessments/typed",
    } <= paths
    assert not any(p.startswith("/ui") for p in paths)


def test_serve_command_explains_a_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from careerpath.cli.serve_cmd import serve_command
    from careerpath.errors import BackendUnavailable

    real_import = builtins.__import__

    def no_uvicorn(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'", name="uvicorn")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    with pytest.raises(BackendUnavailable, match=r"pip install 'careerpath\[api\]'"):
        serve_command()
