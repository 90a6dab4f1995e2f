from __future__ import annotations

import json

from typer.testing import CliRunner

from careerpath.cli.market_cmd import market_app

runner = CliRunner()


def test_market_cli_reports_missing_store_in_one_line(tmp_path):
    result = runner.invoke(market_app, ["roles", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "careerpath market ingest" in result.output


def test_market_cli_rejects_unsupported_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path))
    bad = tmp_path / "x.xlsx"
    bad.write_text("")
    result = runner.invoke(market_app, ["ingest", str(bad)])
    assert result.exit_code == 2
    assert "Unsupported postings file" in result.output


def test_market_cli_json_commands_after_ingest(postings_csv, store, parser, tmp_path):
    from careerpath.market.ingest import ingest_files
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    path = tmp_path / "m.duckdb"
    with DuckDBPostingStore(path) as opened:
        ingest_files([postings_csv], opened, parser=parser)
    for command in (
        ["roles"],
        ["salaries", "--min-count", "1"],
        ["trends", "--period", "quarter"],
        ["pairs", "--min-postings", "1"],
    ):
        result = runner.invoke(market_app, [*command, "--store", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert isinstance(json.loads(result.stdout), list)


def test_market_skills_json_carries_esco_links(postings_csv, parser, tmp_path):
    from careerpath.market.ingest import ingest_files
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    path = tmp_path / "m.duckdb"
    with DuckDBPostingStore(path) as opened:
        ingest_files([postings_csv], opened, parser=parser)
    result = runner.invoke(market_app, ["skills", "--store", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    python = next(r for r in rows if r["skill_id"] == "python")
    assert python["name"] == "Python"
    assert python["esco_uri"].startswith("http://data.europa.eu/esco/skill/")
