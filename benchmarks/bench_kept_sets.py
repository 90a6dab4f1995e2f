"""Do the two engines' full ingest pipelines keep the same postings? Prints the comparison.

Ingests one postings file (the Glassdoor file, or a synthetic corpus of ``--size`` postings from
``bench_ingest.make_corpus``) with the DuckDB engine and with the Spark pipeline (a standalone
cluster of ``--workers`` one-core workers), then compares the kept postings as

- **records**: (file hash, record ordinal). The engines number postings differently (DuckDB: the
  line a record starts on; Spark: the record number), so each store's numbers of one file (stored
  postings and rejections together) are replaced by their rank: the record's position in the file;
- **content**: the multiset of (source, title, company, location, SHA-256 of the description).

Only small rows reach the driver (numbers, short fields and a digest, never a description), so it
also runs under the contract suite's ``spark.driver.maxResultSize=1m``. Not in CI at 100k (minutes):

    nice python benchmarks/bench_kept_sets.py --size 100000 --workers 2
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import GLASSDOOR, make_corpus

# One query text for both engines: DuckDB's sha256() and Spark SQL's sha2(…, 256) give the same hex.
RECORDS = """
SELECT file_hash, record_no AS n, NOT is_duplicate AS kept, source, title, company, location, {digest} AS digest
FROM postings
UNION ALL
SELECT file_hash, line AS n, false AS kept, NULL, NULL, NULL, NULL, NULL FROM rejections
"""

Identity = tuple[Any, ...]


def store_records(store: Any) -> list[tuple[Any, ...]]:
    """Returns every stored record of ``store`` (either engine) as the rows of ``RECORDS``: postings as
    the store reads them (a Spark store's un-kept postings overlaid as duplicates) and rejections."""
    if hasattr(store, "con"):  # DuckDB
        return [tuple(r) for r in store.con.execute(RECORDS.format(digest="sha256(description)")).fetchall()]
    store._register()  # the views every Spark store query reads (postings with the un-kept overlay)
    store.table("rejections").createOrReplaceTempView("rejections")
    return [tuple(r) for r in store.spark.sql(RECORDS.format(digest="sha2(description, 256)")).collect()]


def kept_postings(records: list[tuple[Any, ...]]) -> tuple[set[Identity], Counter[Identity]]:
    """Returns the kept postings of ``store_records`` rows as (file hash, record ordinal) and as a
    multiset of content identities (source, title, company, location, description digest)."""
    by_file: dict[str, list[int]] = {}
    for file_hash, number, *_ in records:
        by_file.setdefault(file_hash, []).append(int(number))
    ordinal = {f: {n: i for i, n in enumerate(sorted(numbers), 1)} for f, numbers in by_file.items()}
    kept = [r for r in records if r[2]]
    ids = {(r[0], ordinal[r[0]][int(r[1])]) for r in kept}
    return ids, Counter(tuple(r[3:]) for r in kept)


def compare(duckdb_store: Any, spark_store: Any) -> dict[str, object]:
    """Returns the kept-posting comparison of two stores of the same input."""
    d_ids, d_content = kept_postings(store_records(duckdb_store))
    s_ids, s_content = kept_postings(store_records(spark_store))
    return {
        "duckdb_kept": len(d_ids),
        "spark_kept": len(s_ids),
        "records_only_duckdb": len(d_ids - s_ids),
        "records_only_spark": len(s_ids - d_ids),
        "same_records": d_ids == s_ids,
        "same_content": d_content == s_content,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, help="a synthetic corpus of this many postings (default: Glassdoor)")
    parser.add_argument("--corpus", type=Path, help="a postings file to compare on instead")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from careerpath.market.ingest import ingest_files
    from careerpath.storage.duckdb_store import DuckDBPostingStore
    from careerpath.storage.spark_cluster import LocalSparkCluster
    from careerpath.storage.spark_store import SparkPostingStore

    with tempfile.TemporaryDirectory(prefix="bench_kept_") as tmp:
        corpus = args.corpus or GLASSDOOR
        if args.size is not None:
            corpus = make_corpus(args.size, Path(tmp) / "corpus.csv.gz")
        started = time.perf_counter()
        duckdb_store = DuckDBPostingStore(Path(tmp) / "store.duckdb")
        d = ingest_files([corpus], duckdb_store)
        seconds = time.perf_counter() - started
        print(f"duckdb\tread {d.read}\tnew {d.new}\tdup {d.duplicates}\t{seconds:.1f} s", flush=True)
        with LocalSparkCluster(workers=args.workers, cores=1, memory="1g") as cluster:
            started = time.perf_counter()
            spark_store = SparkPostingStore(Path(tmp) / "spark", master=cluster.master_url)
            s = ingest_files([corpus], spark_store)
            seconds = time.perf_counter() - started
            print(f"spark:{args.workers}\tread {s.read}\tnew {s.new}\tdup {s.duplicates}\t{seconds:.1f} s", flush=True)
            result = compare(duckdb_store, spark_store)
            spark_store.spark.stop()
        duckdb_store.close()
    print("\t".join(f"{k} {v}" for k, v in result.items()), flush=True)
    if not (result["same_records"] and result["same_content"]):
        raise SystemExit("the engines kept different postings")


if __name__ == "__main__":
    main()
