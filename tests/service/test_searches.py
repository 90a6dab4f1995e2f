"""Saved job searches: save the filters and profile of a match, list, run again on the current store, delete;
private to their owner, in the export, gone with the account; the same through the API and the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careerpath.market.ingest import ingest_files
from careerpath.storage.duckdb_store import DuckDBPostingStore

CSV_HEADER = "title,company,location,posted_on,salary,description\n"
FIRST = (
    'Machine Learning Engineer,Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, PyTorch and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)
LATER = 'ML Platform Engineer,Globex,"Boston, MA",2024-05-02,$170K-$190K,"Requirements: Python, PyTorch, Kubernetes."\n'
RESUME = (
    "Jordan Lee\n\nExperience\nMachine Learning Engineer, Acme AI\nJan 2021 - Present\n"
    "- Built PyTorch models in Python and shipped them with Docker.\n"
)
SEARCH = {
    "name": "ML in Boston",
    "filters": {"location": "Boston", "posted_since": "2024-01-01", "top": 5},
    "profile": {"skills": ["python", "PyTorch", "docker"], "years_experience": 3},
}


def _ingest(home: Path, rows: str, name: str) -> None:
    postings = home / name
    postings.write_text(CSV_HEADER + rows, encoding="utf-8")
    with DuckDBPostingStore(home / "market.duckdb") as store:
        ingest_files([postings], store)


@pytest.fixture()
def market(service: Any) -> Any:
    """The service with a small market store and the lexical matcher (no model download)."""
    from careerpath.jobs import JobMatcher

    service.home.mkdir(parents=True, exist_ok=True)
    _ingest(service.home, FIRST, "first.csv")
    service.app.state.job_matcher = JobMatcher(service.app.state.navigator, service.home / "models", encoder="lexical")
    return service


def _titles(run: dict[str, Any]) -> list[str]:
    return [r["title"] for r in run["matches"]["results"]]


def test_save_list_run_and_delete_a_search(market: Any, sign_up: Any) -> None:
    client = market.client()
    sign_up(client, "alice@example.org")
    saved = client.post("/me/searches", json=SEARCH)
    assert saved.status_code == 201, saved.text
    search = saved.json()
    # Stored as ids, so a later run means the same thing whatever aliases were typed.
    assert search["profile"]["skills"] == ["python", "pytorch", "docker"]
    assert search["filters"]["location"] == "Boston" and search["last_run_at"] is None
    assert client.get("/me/searches").json()["searches"] == [search]

    first = client.post(f"/me/searches/{search['id']}/run")
    assert first.status_code == 200, first.text
    assert _titles(first.json()) == ["Machine Learning Engineer"]  # the 2023 remote analyst is filtered out
    assert first.json()["search"]["last_run_at"] is not None
    # The same answer as POST /matches with those filters and skills, result for result.
    direct = client.post(
        "/matches",
        data={"skills": "python,pytorch,docker", "years_experience": "3", "location": "Boston",
              "posted_since": "2024-01-01", "top": "5"},
    )  # fmt: skip
    assert direct.json()["results"] == first.json()["matches"]["results"]

    # Re-running reads the store as it is now: a posting ingested since shows up.
    _ingest(market.home, LATER, "later.csv")
    again = client.post(f"/me/searches/{search['id']}/run").json()
    assert set(_titles(again)) == {"Machine Learning Engineer", "ML Platform Engineer"}

    assert client.delete(f"/me/searches/{search['id']}").status_code == 204
    assert client.get("/me/searches").json() == {"searches": []}
    assert client.post(f"/me/searches/{search['id']}/run").status_code == 404


def test_a_search_on_a_saved_assessment_uses_its_skills(market: Any, sign_up: Any) -> None:
    client = market.client()
    sign_up(client, "alice@example.org")
    assessed = client.post("/assessments", files={"file": ("cv.txt", RESUME.encode(), "text/plain")}).json()
    body = {"name": "from my resume", "profile": {"assessment_id": assessed["saved_id"]}}
    search = client.post("/me/searches", json=body).json()
    run = client.post(f"/me/searches/{search['id']}/run").json()
    assert _titles(run)[0] == "Machine Learning Engineer"
    assert {m["skill"] for m in run["matches"]["results"][0]["matched"]} >= {"python", "pytorch"}
    # Deleting the assessment leaves the search, which then says why it cannot run.
    client.delete(f"/me/assessments/{assessed['saved_id']}")
    gone = client.post(f"/me/searches/{search['id']}/run")
    assert gone.status_code == 404 and "deleted" in gone.json()["error"]["message"]


def test_bad_searches_are_refused_with_a_clear_error(market: Any, sign_up: Any) -> None:
    alice, bob = market.client(), market.client()
    sign_up(alice, "alice@example.org")
    sign_up(bob, "bob@example.org")
    bobs = bob.post("/assessments/typed", json={"skills": ["sql"]}).json()["saved_id"]
    cases = [
        ({**SEARCH, "profile": {"skills": ["python"], "assessment_id": 1}}, 422),  # both profiles
        ({**SEARCH, "profile": {}}, 422),  # neither
        ({**SEARCH, "filters": {"top": 0}}, 422),
        ({**SEARCH, "filters": {"posted_since": "yesterday"}}, 422),
        ({**SEARCH, "filters": {"role": "astronaut"}}, 404),
        ({**SEARCH, "profile": {"skills": ["basket weaving"]}}, 404),
        ({**SEARCH, "profile": {"assessment_id": bobs}}, 404),  # not Alice's to search with
    ]
    for body, status in cases:
        response = alice.post("/me/searches", json=body)
        assert response.status_code == status, (body, response.text)
        assert set(response.json()["error"]) == {"code", "message", "details"}
    assert alice.get("/me/searches").json() == {"searches": []}


def test_nobody_else_can_read_run_or_delete_a_search(market: Any, sign_up: Any) -> None:
    alice, bob, anonymous = market.client(), market.client(), market.client()
    sign_up(alice, "alice@example.org")
    sign_up(bob, "bob@example.org")
    search = alice.post("/me/searches", json=SEARCH).json()
    path = f"/me/searches/{search['id']}"
    assert bob.get("/me/searches").json() == {"searches": []}
    for method, url in (("GET", path), ("POST", f"{path}/run"), ("DELETE", path)):
        assert bob.request(method, url).status_code == 404, (method, url)
        assert anonymous.request(method, url).status_code == 401, (method, url)
    # Nor through the pages: Bob's forms carry his own valid CSRF token and still reach nothing.
    token = bob.headers["X-CSRF-Token"]
    for action in ("run", "delete"):
        page = bob.post(f"/ui/searches/{search['id']}/{action}", data={"csrf_token": token})
        assert page.status_code == 404, action
    assert "ML in Boston" not in str(bob.get("/me/export").json())
    assert "ML in Boston" not in bob.get("/ui/history").text
    assert alice.get(path).json() == search  # untouched
    assert alice.post(f"{path}/run").status_code == 200


def test_save_run_and_delete_through_the_pages(market: Any, sign_up: Any, form_token: Any) -> None:
    client = market.client()
    sign_up(client, "alice@example.org")
    form = client.get("/ui/matches")
    fields = {
        "csrf_token": form_token(form.text),
        "skills": "python, pytorch",
        "location": "Boston",
        "top": "5",
    }
    shown = client.post("/ui/matches", data=fields, files={"file": ("", b"", "application/octet-stream")})
    assert shown.status_code == 200, shown.text
    assert "Machine Learning Engineer" in shown.text and "Save this search" in shown.text
    save_form = next(form for form in shown.text.split("</form>") if "Save this search" in form)
    hidden = dict(re_fields(save_form))
    assert hidden["skills"] == "python,pytorch" and hidden["location"] == "Boston" and hidden["top"] == "5"
    saved = client.post("/ui/searches", data={**hidden, "name": "Boston ML"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("history#searches")
    history = client.get("/ui/history")
    assert "Boston ML" in history.text and "python, pytorch" in history.text
    search_id = client.get("/me/searches").json()["searches"][0]["id"]

    token = form_token(history.text)
    ran = client.post(f"/ui/searches/{search_id}/run", data={"csrf_token": token})
    assert ran.status_code == 200 and "Saved search: Boston ML" in ran.text
    assert "Machine Learning Engineer" in ran.text
    assert client.post(f"/ui/searches/{search_id}/run", data={}).status_code == 403  # no CSRF field
    deleted = client.post(f"/ui/searches/{search_id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert deleted.status_code == 303
    assert "Boston ML" not in client.get("/ui/history").text


def test_an_uploaded_resume_matches_but_is_not_offered_for_saving(market: Any, sign_up: Any, form_token: Any) -> None:
    client = market.client()
    sign_up(client, "alice@example.org")
    token = form_token(client.get("/ui/matches").text)
    shown = client.post(
        "/ui/matches", data={"csrf_token": token}, files={"file": ("cv.txt", RESUME.encode(), "text/plain")}
    )
    assert shown.status_code == 200 and "Machine Learning Engineer" in shown.text
    assert "Save this search" not in shown.text and "cannot be saved" in shown.text


def re_fields(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
