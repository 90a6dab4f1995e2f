"""The service's Prometheus series, on one registry per app (tests build many apps).

Names follow Prometheus conventions: ``_total`` counters, ``_seconds`` histograms, base units.
Labels carry route templates, arms and model versions, never user data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

# Request latency buckets: sub-millisecond health checks up to multi-second dense ESCO linking.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ServiceMetrics:
    """Every series /metrics exposes; ``registry`` is what the endpoint renders."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        # One registry per app; every histogram times with LATENCY_BUCKETS.
        counter = partial(Counter, registry=self.registry)
        histogram = partial(Histogram, registry=self.registry, buckets=LATENCY_BUCKETS)
        gauge = partial(Gauge, registry=self.registry)
        self.requests = counter(
            "careerpath_http_requests",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
        )
        self.latency = histogram(
            "careerpath_http_request_duration_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
        )
        self.assessments = counter(
            "careerpath_assessments",
            "Assessments by rollout arm, model version and outcome (ok, error)",
            ["arm", "version", "outcome"],
        )
        self.assessment_latency = histogram(
            "careerpath_assessment_duration_seconds",
            "Time of one assessment by arm and model version",
            ["arm", "version"],
        )
        self.no_skills = counter(
            "careerpath_assessments_without_skills",
            "Assessments of a resume in which no skill was found, by arm and model version",
            ["arm", "version"],
        )
        self.sentences = counter(
            "careerpath_resume_sentences",
            "Descriptive resume sentences, and those the curated pass left unexplained (kind=unexplained)",
            ["arm", "version", "kind"],
        )
        self.feedback = counter(
            "careerpath_feedback",
            "User feedback on an answer by arm, model version and rating",
            ["arm", "version", "rating"],
        )
        self.extraction = histogram(
            "careerpath_skill_extraction_duration_seconds",
            "Curated skill extraction time per document, by extractor version",
            ["version"],
        )
        self.linking = histogram(
            "careerpath_esco_linking_duration_seconds", "ESCO linking time per call, by linking design", ["design"]
        )
        self.rollout_share = gauge(
            "careerpath_rollout_candidate_share", "Share of traffic routed to the candidate (0 when none)"
        )
        self.rollbacks = counter(
            "careerpath_rollout_rollbacks", "Automatic rollbacks of a candidate, by reason", ["reason"]
        )

    def watch_ingest_runs(self, home: Callable[[], Path]) -> None:
        """Expose the market ingest runs recorded under ``home()`` (see careerpath.ops.ingest_runs)."""
        self.registry.register(_IngestRuns(home))

    def watch_files(self, name: str, help_text: str, paths: Callable[[], dict[str, Path]]) -> None:
        """Expose the sizes of files (such as the market store) read at scrape time."""
        self.registry.register(_FileSizes(name, help_text, paths))


class _FileSizes(Collector):
    def __init__(self, name: str, help_text: str, paths: Callable[[], dict[str, Path]]) -> None:
        self._name, self._help, self._paths = name, help_text, paths

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(self._name, self._help, labels=["store"])
        for label, path in self._paths().items():
            family.add_metric([label], float(path.stat().st_size) if path.is_file() else 0.0)
        yield family


class _IngestRuns(Collector):
    def __init__(self, home: Callable[[], Path]) -> None:
        self._home = home

    def collect(self) -> Iterator[Any]:
        from careerpath.ops.ingest_runs import DRIFT_KEYS, KINDS, read_ingest_runs

        runs = list(read_ingest_runs(self._home()))
        totals = CounterMetricFamily(
            "careerpath_ingest_records", "Posting records of all recorded ingest runs, by outcome", labels=["kind"]
        )
        for kind in KINDS:
            totals.add_metric([kind], sum(run.get(kind, 0.0) for run in runs))
        yield totals
        yield CounterMetricFamily("careerpath_ingest_runs", "Recorded market ingest runs", value=len(runs))
        last = runs[-1] if runs else {}  # no run yet: zeros, so dashboards and alerts see the series
        seconds = last.get("seconds", 0.0)
        yield GaugeMetricFamily(
            "careerpath_ingest_last_throughput_records_per_second",
            "Records read per second by the last ingest run",
            value=last.get("read", 0.0) / seconds if seconds else 0.0,
        )
        yield GaugeMetricFamily(
            "careerpath_ingest_last_rejected_share",
            "Share of the last run's records rejected as malformed",
            value=last.get("rejected", 0.0) / last["read"] if last.get("read") else 0.0,
        )
        yield GaugeMetricFamily(
            "careerpath_ingest_last_run_timestamp_seconds",
            "When the last ingest run ended",
            value=last.get("at", 0.0),
        )
        drift = GaugeMetricFamily(
            "careerpath_market_drift_psi",
            "Population stability index of roles and skills, latest month vs the previous, after the last ingest",
            labels=["dimension"],
        )
        for key in DRIFT_KEYS:
            if key in last:  # absent: too few postings to compare yet
                drift.add_metric([key.removeprefix("psi_")], last[key])
        yield drift
