"""A log of market ingest runs in $CAREERPATH_HOME, so the service's /metrics can show them.

The ingestion CronJob runs in its own short-lived pod; it appends one JSON line per run to
``ingest_runs.jsonl`` on the shared volume, and the service exposes the totals and the last run
at scrape time. Only counts and timings are kept (no file names, no posting text).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

RUNS_FILE = "ingest_runs.jsonl"
KINDS = ("read", "new", "duplicates", "rejected")
DRIFT_KEYS = ("psi_roles", "psi_skills")  # careerpath.market.drift, after the run


def record_ingest_run(home: Path, summary: Mapping[str, Any], seconds: float) -> None:
    """Append one run's counts and duration to ``home/ingest_runs.jsonl``."""
    line: dict[str, float] = {"at": round(time.time(), 3), "seconds": round(seconds, 3)}
    line.update({k: int(summary.get(k, 0)) for k in KINDS})
    line.update({k: float(summary[k]) for k in DRIFT_KEYS if k in summary})
    home.mkdir(parents=True, exist_ok=True)
    with (home / RUNS_FILE).open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def read_ingest_runs(home: Path) -> Iterator[dict[str, float]]:
    """Yield the recorded runs, oldest first; a torn last line (a run killed mid-write) is skipped."""
    path = home / RUNS_FILE
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                yield {k: float(v) for k, v in json.loads(line).items()}
            except (ValueError, AttributeError):
                continue
