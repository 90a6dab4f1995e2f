#!/usr/bin/env python3
"""Rebuild the bundled market snapshot (src/careerpath/data/market_snapshot.json) from the shared data.

Inputs, read from $CAREERPATH_SHARED_DATA (default ../shared/data), each described in its SOURCE.md:

- aijobs_salaries/salaries_2025-01-19.csv.gz: the aijobs.net salary survey (CC0), for pay per role
  and the role mix per year;
- glassdoor_ds_jobs_2020/glassdoor_jobs.csv.gz: Glassdoor data-science postings of 2020, for skill
  demand (only aggregates are shipped).

Both go through the current `market ingest` pipeline with the bundled taxonomy and roles only (no
user files), into a fresh DuckDB store, and `careerpath.market.snapshot.build_snapshot` writes the
figures. Run it again whenever the title → role mapping, the taxonomy or the extractor changes:

    PYTHONPATH=src python scripts/build_market_snapshot.py            # writes the bundled file
    PYTHONPATH=src python scripts/build_market_snapshot.py --check    # exit 1 if the bundled file is stale

Everything but ``built_at`` is a function of the inputs and the code (``--check`` compares that).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from careerpath.data_files import bundled_path
from careerpath.market.ingest import ingest_files
from careerpath.market.snapshot import (
    SNAPSHOT_FILE,
    MarketSnapshot,
    build_snapshot,
    load_market_snapshot,
    save_snapshot,
)
from careerpath.storage.duckdb_store import DuckDBPostingStore

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("aijobs_salaries/salaries_2025-01-19.csv.gz", "glassdoor_ds_jobs_2020/glassdoor_jobs.csv.gz")
SOURCES = [
    {"name": "aijobs.net salaries 2025-01-19", "license": "CC0-1.0", "url": "https://aijobs.net/salaries"},
    {"name": "Glassdoor DS jobs 2020 (PlayingNumbers/ds_salary_proj)", "license": "none stated; aggregates only"},
]


def shared_data() -> Path:
    return Path(os.environ.get("CAREERPATH_SHARED_DATA") or ROOT.parent / "shared" / "data")


def snapshot_of(shared: Path) -> MarketSnapshot:
    """The snapshot of the inputs under ``shared``, built as `market ingest` + `market snapshot` would."""
    missing = [name for name in INPUTS if not (shared / name).is_file()]
    if missing:
        raise SystemExit(f"missing inputs under {shared} (set CAREERPATH_SHARED_DATA): {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as folder, DuckDBPostingStore(Path(folder) / "snapshot.duckdb") as store:
        for name in INPUTS:
            summary = ingest_files([shared / name], store)
            print(f"{name}: {summary}", file=sys.stderr)
        return build_snapshot(store, sources=SOURCES)


def _comparable(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key != "built_at"}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--output", type=Path, default=bundled_path(SNAPSHOT_FILE), help="where to write")
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args()
    started = time.perf_counter()
    snapshot = snapshot_of(shared_data())
    print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if args.check:
        current = json.loads(args.output.read_text(encoding="utf-8"))
        fresh = json.loads(json.dumps(asdict(snapshot)))  # tuples and floats as the file holds them
        stale = _comparable(current) != _comparable(fresh)
        print(f"{args.output} is {'STALE: rerun without --check' if stale else 'current'}")
        return 1 if stale else 0
    save_snapshot(snapshot, args.output)
    load_market_snapshot(args.output)  # careerpath reads it back
    print(f"wrote {args.output}: {snapshot.postings:,} postings, pay for {len(snapshot.role_salaries)} roles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
