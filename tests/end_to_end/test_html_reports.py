"""One HTML renderer: the files of `assess/match -f html` and the web pages show the same, escaped."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.jobs import JobMatcher
from careerpath.market.ingest import ingest_files
from careerpath.reports.rendering import render_report
from careerpath.server.app import create_app
from careerpath.settings import Settings
from careerpath.storage.duckdb_store import DuckDBPostingStore

HOSTILE = "<script>alert(1)</script>"
RESUME = (
    f"Sam {HOSTILE} Rivera\n\nExperience\nData Scientist, Shop <b>Inc</b>\nJan 2019 - Present\n"
    f"- Built churn models in Python and SQL {HOSTILE} with scikit-learn and pandas.\n"
    "- Ran A/B tests and wrote the reports in Tableau.\n\nEducation\nMSc Statistics, 2018\n"
)
CSV = (
    "title,company,location,posted_on,salary,description\n"
    f'"Data Scientist {HOSTILE}",Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, SQL and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)


class _Text(HTMLParser):
    """The visible text of a part of a page (the elements under ``inside``), one chunk per text node."""

    def __init__(self, inside: str) -> None:
        super().__init__()
        self.inside, self.depth, self.chunks, self.scripts = inside, 0, [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        if tag == self.inside or self.depth:
            self.depth += tag not in ("br", "input", "meta", "link")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.chunks.append(" ".join(data.split()))


def _text(html: str, inside: str) -> _Text:
    parser = _Text(inside)
    parser.feed(html)
    return parser


def _form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form has no CSRF field"
    return match.group(1)


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from careerpath.cli.common import navigator

    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("CAREERPATH_HOME", str(path))
    navigator.cache_clear()
    return path


def test_assess_html_file_shows_what_the_web_result_page_shows(home: Path, tmp_path: Path) -> None:
    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME, encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["assess", str(resume), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")

    client = TestClient(create_app(settings=Settings(home=home)))
    token = _form_token(client.get("/").text)
    page = client.post(
        "/ui/assess",
        files={"file": ("resume.txt", RESUME.encode(), "text/plain")},
        data={"role": "", "hours_per_week": "10", "csrf_token": token},
    )
    assert page.status_code == 200, page.text

    file_text, page_text = _text(report, "main"), _text(page.text, "main")
    # The resume's markup is text in both, never markup: no script element, the words escaped.
    assert file_text.scripts == 0 and page_text.scripts == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report and "<b>Inc</b>" not in report
    assert any(HOSTILE in chunk for chunk in file_text.chunks)
    # Every section, row and figure of the file is on the page (the page adds links and forms only).
    missing = [chunk for chunk in file_text.chunks if chunk not in page_text.chunks]
    assert missing == ["Made offline by careerpath."], missing[:10]
    for heading in ("Roles ranked by fit", "Why each role scores as it does", "Learning plan", "Skills found"):
        assert heading in file_text.chunks or any(c.startswith(heading) for c in file_text.chunks), heading
    # Demand is honest: a share of the named postings, or "not in the data", never a bare 0%.
    demand = json.loads(CliRunner().invoke(app, ["assess", str(resume), "-f", "json"]).stdout)
    notes = {m["demand_note"] for fit in demand["fits"] for m in fit["missing"] if m["demand_note"]}
    assert notes and all(note in report for note in notes)
    assert not any(re.fullmatch(r"in 0% of .*", note) for note in notes)


def test_esco_skills_are_listed_once_escaped_and_linked_only_over_http(home: Path, tmp_path: Path) -> None:
    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME, encoding="utf-8")
    view = json.loads(CliRunner().invoke(app, ["assess", str(resume), "-f", "json"]).stdout)
    view["esco_skills"] = [
        {"uri": "http://data.europa.eu/esco/skill/abc", "label": "negotiate contracts", "score": 0.71,
         "sentence": f"Negotiated {HOSTILE} vendor contracts.", "start": 0, "end": 10, "design": "lexical.v2"},
        {"uri": "javascript:alert(1)", "label": "bad link", "score": 0.5,
         "sentence": "x", "start": 0, "end": 1, "design": "lexical.v2"},
    ]  # fmt: skip
    html = render_report("assessment.html", a=view, warnings=[])
    assert html.count("<h2>ESCO skills</h2>") == 1
    assert '<a href="http://data.europa.eu/esco/skill/abc" rel="noopener noreferrer">negotiate contracts</a>' in html
    assert "javascript:" not in html and "bad link" in html
    assert "<script>" not in html and "Negotiated &lt;script&gt;" in html


def test_match_html_file_lists_what_the_web_matches_page_lists(home: Path, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(CSV, encoding="utf-8")
    store = home / "market.duckdb"
    with DuckDBPostingStore(store) as opened:
        ingest_files([postings], opened)
    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME, encoding="utf-8")
    out = tmp_path / "matches.html"
    args = ["match", str(resume), "--store", str(store), "--similarity", "lexical", "-f", "html", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")

    web = create_app(settings=Settings(home=home))
    web.state.job_matcher = JobMatcher(web.state.navigator, home / "models", encoder="lexical")
    client = TestClient(web)
    token = _form_token(client.get("/ui/matches").text)
    page = client.post(
        "/ui/matches", files={"file": ("resume.txt", RESUME.encode(), "text/plain")}, data={"csrf_token": token}
    )
    assert page.status_code == 200, page.text

    file_articles, page_articles = _text(report, "article"), _text(page.text, "article")
    assert file_articles.chunks and file_articles.chunks == page_articles.chunks
    assert f"1. Data Scientist {HOSTILE} — Acme" in file_articles.chunks
    assert file_articles.scripts == 0 and page_articles.scripts == 0
