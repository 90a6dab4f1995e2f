"""Build the store the matching development set was judged on: the Glassdoor postings plus the first
1,000 rows of the aijobs salaries file (title-only postings), written to a plain CSV so that its
content hash, and so every posting id ("<sha256 of the file>[:16]:<line>"), is the same on every run.

    python benchmarks/matching_dev/make_store.py /tmp/match_dev   # -> /tmp/match_dev/market.duckdb
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
AIJOBS = SHARED / "aijobs_salaries" / "salaries_2025-01-19.csv.gz"
AIJOBS_ROWS = 1000


def build(folder: Path) -> Path:
    from careerpath.market.ingest import ingest_files
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    folder.mkdir(parents=True, exist_ok=True)
    sample = folder / "aijobs_first_1000.csv"
    with gzip.open(AIJOBS, "rt", encoding="utf-8", newline="") as handle:
        lines = [next(handle) for _ in range(AIJOBS_ROWS + 1)]
    sample.write_text("".join(lines), encoding="utf-8", newline="")
    store = folder / "market.duckdb"
    with DuckDBPostingStore(store) as opened:
        ingest_files([GLASSDOOR, sample], opened)
    return store


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
