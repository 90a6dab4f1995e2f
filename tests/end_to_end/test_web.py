"""The web pages on real components: forms, result page, role pages, friendly errors, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from careerpath.data_files import bundled_path
from careerpath.server.app import create_app

SAMPLE = bundled_path("sample_resume.md").read_bytes()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERPATH_HOME", str(tmp_path_factory.mktemp("home")))
        yield TestClient(create_app())


@pytest.fixture(scope="module")
def role_names(client: TestClient) -> dict[str, str]:
    return {role["id"]: role["name"] for role in client.get("/roles").json()["roles"]}


@pytest.fixture(scope="module")
def sample_page(client: TestClient) -> str:
    response = _assess(client, "sample_resume.md", SAMPLE)
    assert response.status_code == 200, response.text
    return response.text


def _assess(client: TestClient, name: str, data: bytes, **form: str) -> Any:
    fields = {"role": "", "hours_per_week": "10", **form}
    return client.post("/ui/assess", files={"file": (name, data, "application/octet-stream")}, data=fields)


def _assert_offline_html(html: str) -> None:
    assert "<script" not in html.lower()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        if "stylesheet" in url or url.endswith(".css"):
            assert url.startswith(("http://testserver/", "/")), url


def test_index_has_the_upload_form_and_every_role(client: TestClient, role_names: dict[str, str]) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html and 'name="hours_per_week"' in html
    for role_id, name in role_names.items():
        assert f'<option value="{role_id}">{name}</option>' in html
    _assert_offline_html(html)


def test_stylesheet_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


def test_roles_pages_render(client: TestClient, role_names: dict[str, str]) -> None:
    listing = client.get("/ui/roles")
    assert listing.status_code == 200
    for name in role_names.values():
        assert name in listing.text
    page = client.get("/ui/roles/ml_engineer")
    assert page.status_code == 200
    assert "Machine Learning Engineer" in page.text and "Required skills" in page.text
    assert "Python" in page.text  # skill names, not only ids
    _assert_offline_html(page.text)


def test_result_page_shows_ranking_evidence_gaps_and_plan(
    client: TestClient, sample_page: str, role_names: dict[str, str]
) -> None:
    for name in role_names.values():
        assert name in sample_page
    for heading in ("Roles ranked by fit", "Matched skills", "Missing skills", "Gates", "What would move this role up"):
        assert heading in sample_page
    assert "Learning plan" in sample_page and "Portfolio projects" in sample_page and "Weeks" in sample_page
    # The evidence sentence the API gives for the best role's first matched skill, with the skill marked.
    api = client.post("/assessments", files={"file": ("sample_resume.md", SAMPLE)}).json()
    evidence = api["fits"][0]["matched"][0]["evidence"][0]
    sentence, text = str(escape(evidence["sentence"])), str(escape(evidence["text"]))
    assert text in sentence
    assert sentence.replace(text, f"<mark>{text}</mark>", 1) in sample_page
    _assert_offline_html(sample_page)


def test_result_page_honours_the_chosen_role(client: TestClient) -> None:
    html = _assess(client, "cv.md", SAMPLE, role="data_engineer", hours_per_week="5").text
    assert "Learning plan: Data Engineer" in html
    assert "at 5 hours a week" in html


def test_resume_html_is_escaped(client: TestClient) -> None:
    resume = (
        "Sam <b>Bold</b>\n\nExperience\n"
        "- Built <script>alert(1)</script> dashboards in Python and SQL for the sales team.\n"
    )
    response = _assess(client, "<img src=x onerror=alert(2)>.txt", resume.encode())
    assert response.status_code == 200, response.text
    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>Bold</b>" not in html


@pytest.mark.parametrize(
    ("name", "data", "status", "text"),
    [
        ("cv.pdf", b"%PDF-1.4 broken", 400, "damaged PDF"),
        ("cv.exe", b"MZ\x90\x00", 415, "unsupported type"),
        ("", b"", 422, "file is required"),  # the form sent without choosing a file
    ],
)
def test_bad_uploads_get_a_friendly_page(client: TestClient, name: str, data: bytes, status: int, text: str) -> None:
    response = _assess(client, name, data)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "That did not work" in response.text and text in response.text
    assert "Back to the upload form" in response.text


def test_unknown_role_page_suggests_roles(client: TestClient) -> None:
    response = client.get("/ui/roles/ml enginer")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Did you mean" in response.text and "Machine Learning Engineer" in response.text


def test_form_mistakes_render_the_error_page(client: TestClient) -> None:
    response = _assess(client, "cv.md", SAMPLE, hours_per_week="lots")
    assert response.status_code == 422
    assert "hours_per_week" in response.text and "That did not work" in response.text
    missing = client.get("/ui/nowhere")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")


def test_api_errors_stay_json_next_to_pages(client: TestClient) -> None:
    response = client.get("/roles/ml enginer")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_role"
