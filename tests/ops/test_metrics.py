"""/metrics: a real scrape after real traffic, parsed with Prometheus's own parser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
RESUME = "Experience\nBuilt PyTorch models and SQL pipelines in Python for a retail forecasting team.\n"


def _samples(client: TestClient) -> dict[str, list[tuple[dict[str, str], float]]]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def _value(samples: dict[str, list[tuple[dict[str, str], float]]], name: str, **labels: str) -> float:
    return sum(v for found, v in samples.get(name, []) if all(found.get(k) == w for k, w in labels.items()))


def test_scrape_counts_requests_per_route_template_and_assessments_per_version(client: TestClient) -> None:
    for _ in range(3):
        assert client.get("/roles/mlops_engineer").status_code in (200, 404)
    files = {"file": ("resume.txt", RESUME.encode(), "text/plain")}
    assert client.post("/assessments", files=files).status_code == 200
    assert client.post("/assessments/typed", json={"skills": ["python"]}).status_code == 200
    assert client.get("/no/such/page").status_code == 404
    samples = _samples(client)

    route_counts = {
        labels["route"]: value
        for labels, value in samples["careerpath_http_requests_total"]
        if labels["method"] in ("GET", "POST")
    }
    role_route = [route for route in route_counts if route.startswith("/roles/{")]
    assert role_route and route_counts[role_route[0]] == 3  # the template, not /roles/mlops_engineer
    assert route_counts["/assessments"] == 1 and route_counts["unmatched"] == 1
    assert not any("mlops_engineer" in route for route in route_counts)
    assert _value(samples, "careerpath_http_request_duration_seconds_count", route="/assessments") == 1
    version = "keyword-match.v3+weighted-coverage.v1"
    assert _value(samples, "careerpath_assessments_total", arm="control", version=version, outcome="ok") == 2
    assert _value(samples, "careerpath_assessment_duration_seconds_count", version=version) == 2
    # Only the uploaded resume went through extraction of a document; it had descriptive sentences.
    assert _value(samples, "careerpath_skill_extraction_duration_seconds_count", version="keyword-match.v3") == 1
    assert _value(samples, "careerpath_resume_sentences_total", kind="all") >= 1
    assert _value(samples, "careerpath_store_size_bytes", store="market") == 0  # no market ingested yet


def _referenced_series() -> set[str]:
    alerts = (ROOT / "deploy/monitoring/alerts.yml").read_text(encoding="utf-8")
    exprs = [rule["expr"] for group in yaml.safe_load(alerts)["groups"] for rule in group["rules"]]
    dashboard = json.loads((ROOT / "deploy/monitoring/grafana-dashboard.json").read_text(encoding="utf-8"))
    exprs += [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    return {name for expr in exprs for name in re.findall(r"\bcareerpath_[a-z_]+", expr)}


def test_every_series_in_alerts_and_dashboard_exists_in_a_scrape(client: TestClient) -> None:
    response = client.get("/metrics")
    # A labelled series with no observation yet still declares its family (# HELP/# TYPE): compare families.
    families = {family.name for family in text_string_to_metric_families(response.text)}
    referenced = _referenced_series()
    assert len(referenced) >= 10
    missing = {name for name in referenced if re.sub(r"_(total|bucket|count|sum)$", "", name) not in families}
    assert not missing
