"""A market store held by another process (a running ingest) is one clear line and exit 2, not a backend error."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import careerpath
from careerpath.cli.app import app
from careerpath.cli.common import navigator

CSV = (
    "title,company,location,posted_on,salary,description\n"
    'Machine Learning Engineer,Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, SQL and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)
SAMPLE = str(Path(careerpath.__file__).parent / "data" / "sample_resume.md")
# What `market ingest` does first: open the store for writing (and keep it while it reads the file).
HOLD = (
    "import sys\nfrom careerpath.storage.duckdb_store import DuckDBPostingStore\n"
    "store = DuckDBPostingStore(sys.argv[1])\nprint('holding', flush=True)\nsys.stdin.read()\nstore.close()\n"
)


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    navigator.cache_clear()
    postings = tmp_path / "postings.csv"
    postings.write_text(CSV, encoding="utf-8")
    path = tmp_path / "market.duckdb"
    assert CliRunner().invoke(app, ["market", "ingest", str(postings), "--store", str(path)]).exit_code == 0
    yield path
    navigator.cache_clear()


def _hold(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(careerpath.__file__).parents[1])}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_reading_a_store_that_another_process_writes_is_one_line_exit_2(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    commands = [
        ["market", "skills", "--store", str(store)],
        ["market", "roles", "--store", str(store), "--format", "json"],
        ["match", SAMPLE, "--store", str(store), "--similarity", "lexical"],
        ["market", "ingest", str(tmp_path / "postings.csv"), "--store", str(store)],
    ]
    holder = _hold(store)
    try:
        for args in commands:
            result = runner.invoke(app, args)
            assert result.exit_code == 2, (args, result.output)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1, (args, result.stderr)
            assert "store_busy" in lines[0] and f"PID {holder.pid}" in lines[0] and "try again" in lines[0]
            assert result.stdout == ""
    finally:
        holder.communicate(input="", timeout=30)  # the ingest finishes and closes the store
    after = runner.invoke(app, ["market", "roles", "--store", str(store), "--format", "json"])
    assert after.exit_code == 0, after.output  # once the other process is done, the same command works


def test_the_api_answers_a_busy_store_with_503() -> None:
    from careerpath.errors import StoreBusy
    from careerpath.server.errors import status_for

    assert status_for(StoreBusy("held")) == 503  # the server is fine; the store is briefly unavailable
