"""Ingest throughput and rejected rows: a real `market ingest` run, then a scrape of the service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.navigator import Navigator
from careerpath.server.app import create_app
from careerpath.settings import Settings

CSV = """title,company,location,remote,posted_on,salary,description
Senior Data Scientist,Acme,"Austin, TX",false,2023-03-01,$120K-$150K,"Python and SQL for machine learning on AWS."
ML Engineer,Beta,Remote,true,2023-05-02,,"Deploy PyTorch models with Docker and Kubernetes. Python required."
,NoTitle,Nowhere,false,2024-02-01,,"missing title"
Data Engineer,Gamma,"Boston, MA",false,2024-01-15,$60-$70 per hour,"Spark, Hadoop and SQL pipelines in Python on AWS."
"""


def _samples(client: TestClient) -> dict[str, float]:
    text = client.get("/metrics").text
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            key = sample.name + "".join(f"[{v}]" for v in sample.labels.values())
            found[key] = sample.value
    return found


def test_ingest_runs_show_in_the_service_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_navigator: Navigator
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CAREERPATH_HOME", str(home))
    postings = tmp_path / "postings.csv"
    postings.write_text(CSV, encoding="utf-8")
    result = CliRunner().invoke(app, ["market", "ingest", str(postings), "--workers", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rejected"] >= 1  # the row without a title
    with TestClient(create_app(navigator=base_navigator, settings=Settings(home=home))) as client:
        samples = _samples(client)
    assert samples["careerpath_ingest_runs_total"] == 1
    for kind in ("read", "new", "duplicates", "rejected"):
        assert samples[f"careerpath_ingest_records_total[{kind}]"] == summary[kind]
    assert samples["careerpath_ingest_last_rejected_share"] == summary["rejected"] / summary["read"]
    assert samples["careerpath_ingest_last_throughput_records_per_second"] > 0
    assert samples["careerpath_store_size_bytes[market]"] > 0  # the store the run wrote
    runs = (home / "ingest_runs.jsonl").read_text(encoding="utf-8")
    assert "Acme" not in runs and "postings.csv" not in runs  # counts only
