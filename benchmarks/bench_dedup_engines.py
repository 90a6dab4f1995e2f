"""Near-duplicate marking of a synthetic corpus: the DuckDB engine's first pass vs Spark's distributed
``mark_duplicates`` on a local standalone cluster, with the same keep rule (market.dedup).

The corpus is bench_ingest's perturbed Glassdoor replicas (dated, ~5% near-duplicates at 100k),
written once to ``--corpus-dir``. For each engine it prints one JSON line: seconds, CPU seconds of
the process tree (the driver, the JVMs and their Python workers; psutil), postings kept and marked.

- ``duckdb``: ``market.ingest.plan_duplicates`` over the file (read, first parse stage, signatures,
  the store lookup and ``decide_duplicates``), as ``market ingest`` runs it; also the rule alone
  (``decide_duplicates`` on signatures already computed).
- ``spark-cluster:N``: a master and N one-core workers (``LocalSparkCluster``); the records are
  written to Parquet first (not timed, the input a Spark reader would give), then
  ``mark_duplicates`` (signatures on executors, band-key self-join, verification, label
  grouping on the later posting of each pair) and a count of the kept postings.

    nice python benchmarks/bench_dedup_engines.py --size 100000 --engines duckdb spark-cluster:2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import make_corpus


def _tree_cpu() -> float:
    """Returns the user+system CPU seconds of this process and all its descendants (alive now)."""
    try:
        import psutil
    except ImportError:
        return time.process_time()
    me = psutil.Process()
    total = 0.0
    for process in (me, *me.children(recursive=True)):
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def bench_duckdb(corpus: Path) -> dict[str, object]:
    from careerpath.market.dedup import decide_duplicates
    from careerpath.market.ingest import _chunks, _signed, file_hash, parse_chunk, plan_duplicates
    from careerpath.market.parsing import PostingParser
    from careerpath.market.readers import read_postings_file
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    fhash = file_hash(corpus)
    cpu, start = _tree_cpu(), time.perf_counter()
    flags = plan_duplicates([(corpus, fhash)], DuckDBPostingStore(":memory:")).flags()
    seconds, cpu_s = time.perf_counter() - start, _tree_cpu() - cpu
    parser = PostingParser([], None)
    _, records = read_postings_file(corpus)
    signed = [
        p
        for chunk in _chunks(records, 4000)
        for p in _signed(parse_chunk(parser, chunk, fhash=fhash, source="", source_file="", with_skills=False))
    ]
    rule_start = time.perf_counter()
    decide_duplicates(signed)
    rule_s = time.perf_counter() - rule_start
    kept = sum(1 for duplicate in flags.values() if not duplicate)
    return {
        "engine": "duckdb",
        "postings": len(flags),
        "kept": kept,
        "duplicates": len(flags) - kept,
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu_s, 1),
        "rule_only_s": round(rule_s, 1),
    }


def _records_parquet(corpus: Path, target: Path) -> Path:
    from careerpath.market.ingest import file_hash
    from careerpath.market.readers import read_postings_file

    fhash = file_hash(corpus)
    _, records = read_postings_file(corpus)
    names = ("posting_id", "posted_on", "title", "company", "location", "description")
    columns: dict[str, list[object]] = {n: [] for n in names}
    for record in records:
        fields = record.fields or {}
        columns["posting_id"].append(f"{fhash[:16]}:{record.line}")
        for name in names[1:]:
            columns[name].append(fields.get(name))
    schema = pa.schema([(n, pa.date32() if n == "posted_on" else pa.string()) for n in names])
    pq.write_table(pa.table(columns, schema=schema), target)
    return target


def bench_spark(corpus: Path, workers: int, folder: Path) -> dict[str, object]:
    from careerpath.market.spark_dedup import mark_duplicates
    from careerpath.storage.spark_cluster import LocalSparkCluster
    from careerpath.storage.spark_store import _spark_session

    parquet = _records_parquet(corpus, folder / f"{corpus.stem}.parquet")
    with LocalSparkCluster(workers=workers, cores=1, memory="1g") as cluster:
        spark = _spark_session(cluster.master_url)
        try:
            postings = spark.read.parquet(str(parquet))
            cpu, start = _tree_cpu(), time.perf_counter()
            marked = mark_duplicates(postings)
            total = marked.count()
            kept = marked.where("NOT is_duplicate").count()
            seconds, cpu_s = time.perf_counter() - start, _tree_cpu() - cpu
        finally:
            spark.stop()
    return {
        "engine": f"spark-cluster:{workers}",
        "postings": total,
        "kept": kept,
        "duplicates": total - kept,
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark-cluster:2"])
    parser.add_argument("--corpus-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "careerpath-bench")
    args = parser.parse_args()
    args.corpus_dir.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus_dir / f"corpus-{args.size}.csv.gz"
    if not corpus.exists():
        make_corpus(args.size, corpus)
    for engine in args.engines:
        if engine == "duckdb":
            result = bench_duckdb(corpus)
        elif engine.startswith("spark-cluster:"):
            result = bench_spark(corpus, int(engine.split(":")[1]), args.corpus_dir)
        else:
            raise SystemExit(f"unknown engine {engine!r}: use duckdb or spark-cluster:N")
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
