"""POST /matches, POST /fit and the /ui/matches page on a real store, with the shared error shape."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from careerpath.api import create_app
from careerpath.market.ingest import ingest_files
from careerpath.settings import Settings
from careerpath.storage.duckdb_store import DuckDBPostingStore

CSV = (
    "title,company,location,posted_on,salary,description\n"
    'Machine Learning Engineer,Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, PyTorch and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)
RESUME = (
    "Jordan Lee\n\nExperience\nMachine Learning Engineer, Acme AI\nJan 2021 - Present\n"
    "- Built PyTorch models in Python and shipped them with Docker.\n"
)
POSTING = (
    "Machine Learning Engineer\n\nRequirements:\n- Python and PyTorch\n- 3+ years of experience\n"
    "Nice to have:\n- Kubernetes\n"
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("home")
    postings = home / "postings.csv"
    postings.write_text(CSV, encoding="utf-8")
    with DuckDBPostingStore(home / "market.duckdb") as store:
        ingest_files([postings], store)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERPATH_HOME", str(home))
        app = create_app(settings=Settings(home=home))
        from careerpath.jobs import JobMatcher

        app.state.job_matcher = JobMatcher(app.state.navigator, home / "models", encoder="lexical")
        yield TestClient(app)


def test_matches_for_an_upload_and_a_typed_profile(client: TestClient) -> None:
    upload = client.post("/matches", files={"file": ("resume.txt", RESUME.encode(), "text/plain")})
    assert upload.status_code == 200, upload.text
    body = upload.json()
    assert body["schema"] == "careerpath.matches/1"
    assert body["results"][0]["title"] == "Machine Learning Engineer"
    assert {m["skill"] for m in body["results"][0]["matched"]} >= {"python", "pytorch"}
    typed = client.post("/matches", data={"skills": "sql,excel", "remote": "true"})
    assert typed.status_code == 200 and [r["title"] for r in typed.json()["results"]] == ["Data Analyst"]


def test_fit_of_a_posting(client: TestClient) -> None:
    response = client.post("/fit", data={"posting": POSTING, "skills": "python,tensorflow", "years_experience": "1"})
    assert response.status_code == 200, response.text
    items = {i["skill"]: i["status"] for i in response.json()["requirements"] if i["skill"]}
    assert items["python"] == "met" and items["pytorch"] == "transferable" and items["kubernetes"] == "missing"
    assert any(i["status"] == "hard_gate" and i["kind"] == "years" for i in response.json()["requirements"])


def test_errors_have_the_shared_shape(client: TestClient) -> None:
    cases = [
        client.post("/fit", data={"posting": "   ", "skills": "python"}),
        client.post("/matches", data={"skills": "python", "min_salary": "9000000"}),
        client.post("/matches", data={}),
    ]
    for response in cases:
        assert response.status_code == 422, response.text
        assert set(response.json()["error"]) == {"code", "message", "details"}
    assert cases[0].json()["error"]["code"] == "posting_unreadable"


def test_matches_page_lists_postings(client: TestClient) -> None:
    form = client.get("/ui/matches")
    assert form.status_code == 200 and "Find postings" in form.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, "the matches form has no CSRF field"
    forged = client.post(
        "/ui/matches", files={"file": ("resume.txt", RESUME.encode(), "text/plain")}, data={"csrf_token": "x"}
    )
    assert forged.status_code == 403  # a cross-site form cannot know the token
    page = client.post(
        "/ui/matches",
        files={"file": ("resume.txt", RESUME.encode(), "text/plain")},
        data={"csrf_token": token.group(1)},
    )
    assert page.status_code == 200 and "Machine Learning Engineer" in page.text and "Have:" in page.text
