"""`careerpath fit` and `careerpath match` as a user runs them, bad input included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from careerpath.cli.app import app

SAMPLE = str(Path(__file__).parents[2] / "src" / "careerpath" / "data" / "sample_resume.md")
POSTING = """Machine Learning Engineer

Requirements:
- 3+ years of experience
- Python, SQL and Docker
Nice to have:
- Kubernetes is a plus
"""
CSV = (
    "title,company,location,posted_on,salary,description\n"
    'Machine Learning Engineer,Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, SQL and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)


def test_fit_text_json_and_stdin(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    posting = tmp_path / "posting.md"
    posting.write_text(POSTING, encoding="utf-8")
    text = runner.invoke(app, ["fit", SAMPLE, str(posting)])
    assert text.exit_code == 0, text.output
    assert "Requirements" in text.output and "met" in text.output
    data = json.loads(runner.invoke(app, ["fit", SAMPLE, "-", "--format", "json"], input=POSTING).stdout)
    assert data["schema"] == "careerpath.posting_fit/1"
    by_skill = {r["skill"]: r for r in data["requirements"] if r["skill"]}
    assert by_skill["python"]["status"] == "met" and by_skill["python"]["resume_evidence"]
    assert by_skill["kubernetes"]["kind"] == "nice" and by_skill["kubernetes"]["posting_evidence"]["text"]
    assert data["plan"] is not None
    html = runner.invoke(app, ["fit", SAMPLE, str(posting), "--format", "html"])
    assert html.exit_code == 0 and html.stdout.startswith("<!doctype html>")


def test_fit_bad_posting_is_one_line_exit_2(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    for path in (empty, binary, tmp_path / "missing.txt"):
        result = runner.invoke(app, ["fit", SAMPLE, str(path)])
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1 and "posting_unreadable" in result.stderr


def test_match_lists_explained_postings(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(CSV, encoding="utf-8")
    store = tmp_path / "market.duckdb"
    assert runner.invoke(app, ["market", "ingest", str(postings), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["match", SAMPLE, "--store", str(store), "--similarity", "lexical", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "careerpath.matches/1" and data["results"]
    first = data["results"][0]
    assert first["title"] == "Machine Learning Engineer"
    assert {m["skill"] for m in first["matched"]} >= {"python", "sql"}
    assert all(m["resume_evidence"] for m in first["matched"] if m["status"] == "met")
    text = runner.invoke(app, ["match", SAMPLE, "--store", str(store), "--top", "1"])
    assert text.exit_code == 0 and "have:" in text.stdout


def test_match_bad_input_exit_2(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(CSV, encoding="utf-8")
    store = tmp_path / "market.duckdb"
    runner.invoke(app, ["market", "ingest", str(postings), "--store", str(store)])
    cases = [
        ["match", SAMPLE, "--store", str(tmp_path / "nothing.duckdb")],  # no store
        ["match", SAMPLE, "--store", str(store), "--min-salary", "9000000"],  # nothing after filters
        ["match", SAMPLE, "--store", str(store), "--posted-since", "yesterday"],
        ["match", SAMPLE, "--store", str(store), "--top", "0"],
    ]
    for args in cases:
        result = runner.invoke(app, [*args, "--similarity", "lexical"])
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1


def test_match_on_an_empty_store_exit_2(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    store = tmp_path / "empty.duckdb"
    DuckDBPostingStore(store).close()
    result = runner.invoke(app, ["match", SAMPLE, "--store", str(store), "--similarity", "lexical"])
    assert result.exit_code == 2 and "no postings" in result.stderr


MORE_CSV = (
    "title,company,location,posted_on,salary,description\n"
    'Data Engineer,Pipes,"Austin, TX",2024-04-02,$120K-$140K,"Requirements: Python, SQL, Apache Spark and Airflow."\n'
    'NLP Engineer,Words,Remote,2024-04-03,$130K-$160K,"You have Python, PyTorch and transformers. Fully remote."\n'
)


def _ingest(runner: CliRunner, rows: str, path: Path, store: Path) -> Any:
    path.write_text(rows, encoding="utf-8")
    return runner.invoke(app, ["market", "ingest", str(path), "--store", str(store)])


def test_ingest_keeps_an_existing_match_index_current(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    from careerpath.jobs.index import MatchIndex
    from careerpath.jobs.store_adapter import index_dir

    store = tmp_path / "market.duckdb"
    first = _ingest(runner, CSV, tmp_path / "first.csv", store)
    assert first.exit_code == 0 and "Match index" not in first.stderr  # no index yet: the first match builds it
    assert not index_dir(store).exists()
    built = runner.invoke(app, ["match", SAMPLE, "--store", str(store), "--similarity", "lexical", "-f", "json"])
    assert built.exit_code == 0, built.output

    more = _ingest(runner, MORE_CSV, tmp_path / "more.csv", store)
    assert more.exit_code == 0, more.output
    assert "Match index updated: 2 new postings" in more.stderr
    meta = index_dir(store) / "meta.json"
    assert len(MatchIndex.load(index_dir(store))) == 4 and json.loads(meta.read_text())["postings"] == 4
    stamp = meta.stat().st_mtime_ns
    result = runner.invoke(app, ["match", SAMPLE, "--store", str(store), "-f", "json", "--top", "10"])
    assert result.exit_code == 0, result.output
    assert "NLP Engineer" in {r["title"] for r in json.loads(result.stdout)["results"]}
    assert meta.stat().st_mtime_ns == stamp  # the index was current: match did not rewrite it


def test_a_failed_index_update_keeps_the_ingest(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    from careerpath.jobs.store_adapter import index_dir

    store = tmp_path / "market.duckdb"
    _ingest(runner, CSV, tmp_path / "first.csv", store)
    assert runner.invoke(app, ["match", SAMPLE, "--store", str(store), "--similarity", "lexical"]).exit_code == 0
    meta = index_dir(store) / "meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "encoder": "an-encoder-this-install-lacks"}))

    more = _ingest(runner, MORE_CSV, tmp_path / "more.csv", store)
    assert more.exit_code == 0, more.output
    lines = [line for line in more.stderr.splitlines() if "Match index" in line]
    assert len(lines) == 1 and lines[0].startswith("Match index not updated (")
    # The new rows are stored: a rebuilt index finds them.
    args = ["--similarity", "lexical", "--rebuild", "-f", "json", "--top", "10"]
    rebuilt = runner.invoke(app, ["match", SAMPLE, "--store", str(store), *args])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "NLP Engineer" in {r["title"] for r in json.loads(rebuilt.stdout)["results"]}
