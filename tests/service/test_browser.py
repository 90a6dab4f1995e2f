"""The multi-user web pages in a real headless browser: Debian's chromium driven by Playwright, no download.

Each flow a person goes through (sign up, log in, upload a resume, read the result, tick plan steps,
history, export, log out, delete the account) runs end to end; every page is screenshotted under the
test's tmp dir and checked with axe-core's rules (no serious or critical violations).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careerpath.data_files import bundled_path

playwright_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need: pip install playwright")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")

PASSWORD = "correct horse battery staple"


def _chromium() -> str:
    path = os.environ.get("CAREERPATH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: .ci/run installs Debian's chromium")
        pytest.skip("no chromium: apt-get install chromium (or set CAREERPATH_CHROMIUM)")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture()
def live_service(service: Any) -> Iterator[tuple[str, Any]]:
    """The service (on SQLite, then on PostgreSQL) behind a real uvicorn on a free port."""
    import uvicorn

    app = service.app
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture()
def page(tmp_path: Path) -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True)
        yield context.new_page()
        context.close()
        browser.close()


class Visit:
    """Screenshot and accessibility-check each page the flow reaches."""

    def __init__(self, page: Any, folder: Path) -> None:
        self.page = page
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.axe = axe_module.Axe()
        self.count = 0

    def check(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)
        results = self.axe.run(self.page)
        serious = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not serious, f"{name}: {serious}"


def test_a_person_goes_from_sign_up_to_deleting_their_account(
    live_service: tuple[str, Any], page: Any, tmp_path: Path
) -> None:
    base, app = live_service
    visit = Visit(page, tmp_path / "screenshots")
    page.goto(base + "/")
    visit.check("home-anonymous")

    page.get_by_role("link", name="Sign up").first.click()
    visit.check("signup")
    page.fill("#email", "sam@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url(base + "/")
    visit.check("home-signed-in")

    page.set_input_files("#file", str(bundled_path("sample_resume.md")))
    page.check("input[name=keep_resume]")
    page.get_by_role("button", name="Assess").click()
    page.wait_for_selector("text=hours left")
    visit.check("result")
    left_before = float(page.locator("b", has_text="hours left").inner_text().split()[0])

    page.locator("button", has_text="Mark done").first.click()
    page.wait_for_selector("text=✓ done")
    visit.check("result-ticked")
    left_after = float(page.locator("b", has_text="hours left").inner_text().split()[0])
    assert left_after < left_before

    page.get_by_role("navigation").get_by_role("link", name="History").click()
    visit.check("history")
    assert page.locator("table tbody tr").count() == 1

    page.get_by_role("navigation").get_by_role("link", name="Account").click()
    visit.check("account")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export everything stored about you").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["account"]["email"] == "sam@example.org" and len(exported["assessments"]) == 1

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.click()
    visit.check("login")
    page.fill("#email", "sam@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")

    page.get_by_role("navigation").get_by_role("link", name="Account").click()
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Delete my account and data").click()
    page.wait_for_url(base + "/")
    visit.check("home-after-delete")
    assert page.get_by_role("link", name="Log in").count() >= 1
    assert app.state.store.list_users() == []
    assert len(list((tmp_path / "screenshots").glob("*.png"))) == visit.count


POSTINGS = (
    "title,company,location,posted_on,salary,description\n"
    'Machine Learning Engineer,Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, PyTorch and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)


def test_a_person_saves_a_job_search_runs_it_again_and_deletes_it(
    live_service: tuple[str, Any], page: Any, tmp_path: Path
) -> None:
    from careerpath.jobs import JobMatcher
    from careerpath.market.ingest import ingest_files
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    base, app = live_service
    home = app.state.settings.home
    (home / "postings.csv").write_text(POSTINGS, encoding="utf-8")
    with DuckDBPostingStore(home / "market.duckdb") as store:
        ingest_files([home / "postings.csv"], store)
    app.state.job_matcher = JobMatcher(app.state.navigator, home / "models", encoder="lexical")
    visit = Visit(page, tmp_path / "screenshots")

    page.goto(base + "/ui/signup")
    page.fill("#email", "sam@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url(base + "/")
    page.set_input_files("#file", str(bundled_path("sample_resume.md")))
    page.get_by_role("button", name="Assess").click()
    page.wait_for_selector("text=hours left")

    page.get_by_role("navigation").get_by_role("link", name="Postings").click()
    visit.check("matches-form-signed-in")
    page.select_option("#assessment_id", index=1)  # the assessment just made
    page.get_by_role("button", name="Find postings").click()
    page.wait_for_selector("article")
    shown = " ".join(page.locator("article").all_inner_texts())
    assert "Data Analyst" in shown and "Machine Learning Engineer" in shown
    visit.check("matches-for-saved-assessment")
    page.fill("#name", "Everything for my resume")
    page.get_by_role("button", name="Save this search").click()
    page.wait_for_selector("#searches")
    visit.check("history-with-a-search")
    assert page.locator("#searches + table tbody tr").count() == 1

    page.get_by_role("button", name="Run").click()
    page.wait_for_selector("text=Saved search: Everything for my resume")
    assert " ".join(page.locator("article").all_inner_texts()) == shown  # the same store, the same answer
    visit.check("saved-search-run")

    page.get_by_role("navigation").get_by_role("link", name="History").click()
    assert "never" not in page.locator("#searches + table").inner_text()  # it shows when it last ran
    page.get_by_role("button", name="Delete the search Everything for my resume").click()
    page.wait_for_selector("text=No saved searches")
    visit.check("history-search-deleted")
