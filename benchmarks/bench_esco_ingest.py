"""Extra ingest cost of the ESCO second tier (``market ingest --esco``) on the Glassdoor postings.

Ingests the Glassdoor file into a fresh in-memory DuckDB store, serially (one process, so
``time.process_time`` is the whole cost, torch threads included), once without the tier and once
per ESCO design, and prints JSON lines: setup (parser build: ESCO release, linker and model
load) and ingest seconds, wall and CPU, and how many new postings got at least one ESCO link.
Run with ``nice``:

    nice python benchmarks/bench_esco_ingest.py --esco ../shared/data/esco_v1_1_1 --designs none lexical

Dense designs embed the ESCO release once into ``--cache-dir`` (tens of CPU-minutes when cold).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from careerpath.market.ingest import ingest_files
from careerpath.market.parsers import default_parser, esco_parser
from careerpath.storage.duckdb_store import DuckDBPostingStore

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"


def measure(design: str, esco: Path, cache_dir: Path | None, postings: Path) -> dict[str, object]:
    """Returns the timings and link counts of one serial ingest of ``postings`` (design "none": no tier)."""
    wall, cpu = time.perf_counter(), time.process_time()
    if design == "none":
        parser = default_parser()
    else:
        parser = esco_parser(str(esco), design, None if cache_dir is None else str(cache_dir))
        if parser.esco_linker is not None:
            parser.esco_linker.prepare()  # type: ignore[attr-defined]  # embeddings now, not in the first batch
    setup_wall, setup_cpu = time.perf_counter() - wall, time.process_time() - cpu
    store = DuckDBPostingStore(":memory:")
    wall, cpu = time.perf_counter(), time.process_time()
    summary = ingest_files([postings], store, parser=parser)
    ingest_wall, ingest_cpu = time.perf_counter() - wall, time.process_time() - cpu
    linked = store.con.execute("SELECT count(DISTINCT posting_id), count(*) FROM posting_esco_skills").fetchone()
    assert linked is not None
    return {
        "design": design,
        "read": summary.read,
        "new": summary.new,
        "setup_wall_s": round(setup_wall, 2),
        "setup_cpu_s": round(setup_cpu, 2),
        "ingest_wall_s": round(ingest_wall, 2),
        "ingest_cpu_s": round(ingest_cpu, 2),
        "cpu_ms_per_new_posting": round(1000 * ingest_cpu / max(summary.new, 1), 2),
        "postings_with_esco_link": int(linked[0]),
        "esco_links": int(linked[1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1", help="ESCO CSV folder")
    parser.add_argument("--designs", nargs="+", default=["none", "lexical"], help='"none" = without --esco')
    parser.add_argument("--cache-dir", type=Path, default=None, help="embeddings cache of dense designs")
    parser.add_argument("--postings", type=Path, default=GLASSDOOR)
    args = parser.parse_args()
    for design in args.designs:
        print(json.dumps(measure(design, args.esco, args.cache_dir, args.postings)), flush=True)


if __name__ == "__main__":
    main()
