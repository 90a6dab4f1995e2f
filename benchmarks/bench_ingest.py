"""Ingest throughput (postings/s) and peak memory at 10k, 100k, 1M postings, DuckDB and Spark engines.

Replicates the Glassdoor postings with small perturbations (sentences shuffled and mixed between
postings, company/location/title varied) so most replicas are distinct postings, then times
`ingest_files` on a fresh store. Run with `nice`:

    nice python benchmarks/bench_ingest.py --sizes 10000 100000 1000000 --engines duckdb spark
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"


def make_corpus(n: int, path: Path, seed: int = 7) -> Path:
    """Writes ``n`` perturbed replicas of the Glassdoor postings as a generic-schema CSV."""
    rng = random.Random(seed)
    rows = list(csv.DictReader(gzip.open(GLASSDOOR, "rt", encoding="utf-8")))
    sentences = [s for r in rows for s in r["Job Description"].split(". ") if len(s) > 20]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "company", "location", "posted_on", "salary", "description"])
        for i in range(n):
            base = rows[i % len(rows)]
            own = base["Job Description"].split(". ")
            rng.shuffle(own)
            mixed = own[: max(3, len(own) // 2)] + rng.sample(sentences, 6)
            month = 1 + i % 12
            writer.writerow([base["Job Title"], f"{base['Company Name'].splitlines()[0]} {i % 997}",
                             base["Location"], f"{2020 + i % 5}-{month:02d}-01", base["Salary Estimate"],
                             ". ".join(mixed)])
    return path


def run_one(engine: str, corpus: Path, workers: int) -> None:
    from careerpath.market.ingest import ingest_files

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        if engine == "spark":
            from careerpath.storage.spark_store import SparkPostingStore, ingest_with_spark

            spark_store = SparkPostingStore(Path(tmp) / "store", master=f"local[{workers}]")
            summary = ingest_with_spark([corpus], spark_store)
        else:
            from careerpath.storage.duckdb_store import DuckDBPostingStore

            store = DuckDBPostingStore(Path(tmp) / "store.duckdb")
            summary = ingest_files([corpus], store, workers=workers)
            store.close()
        seconds = time.perf_counter() - start
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(f"{engine}\t{summary.read}\t{seconds:.1f}s\t{summary.read / seconds:.0f} postings/s\t"
          f"peak {peak_mb:.0f} MB (largest process)\tnew {summary.new} dup {summary.duplicates}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "CORPUS", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], Path(args.one[1]), int(args.one[2]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            corpus = make_corpus(size, Path(tmp) / f"corpus_{size}.csv")
            for engine in args.engines:
                # One process per run, so peak memory is that run's own.
                subprocess.run([sys.executable, __file__, "--one", engine, str(corpus), str(args.workers)], check=True)


if __name__ == "__main__":
    main()
