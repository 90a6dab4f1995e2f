"""Ingest throughput (postings/s) and peak memory at 10k, 100k, 1M postings, DuckDB and Spark engines.

Replicates the Glassdoor postings with small perturbations so most replicas are distinct postings:
each replica keeps a random half of its base posting's sentences (shuffled), adds six sentences
from other postings, and varies company and date. The replicas are streamed, in chunks, to a
gzipped CSV (never held in memory), which is then ingested by path as a user would, into a fresh
store, one engine per child process. A monitor samples the child's process tree (pool workers,
the Spark JVM and its Python workers) every 0.2 s for the peak RSS (summed over processes) and
the CPU seconds. Run with `nice`:

    nice python benchmarks/bench_ingest.py --sizes 10000 100000 1000000 --engines duckdb spark

On a Spark standalone cluster of one, then two one-core workers (a master and workers started by
``careerpath.storage.spark_cluster.LocalSparkCluster``; ``--workers`` is then ignored):

    nice python benchmarks/bench_ingest.py --sizes 100000 --engines duckdb spark-cluster:1 spark-cluster:2

Needs psutil for the process-tree figures (else the largest single process, from getrusage).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from periodic_sampler import PeriodicSampler

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
CHUNK_ROWS = 5_000


def make_corpus(n: int, path: Path, seed: int = 7) -> Path:
    """Writes ``n`` perturbed replicas of the Glassdoor postings as a gzipped generic-schema CSV."""
    rng = random.Random(seed)
    with gzip.open(GLASSDOOR, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sentences = [s for r in rows for s in r["Job Description"].split(". ") if len(s) > 20]
    own_sentences = [r["Job Description"].split(". ") for r in rows]
    with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=1) as out:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["title", "company", "location", "posted_on", "salary", "description"])
        for i in range(n):
            base = rows[i % len(rows)]
            own = own_sentences[i % len(rows)]
            kept = rng.sample(own, max(min(3, len(own)), len(own) // 2))
            mixed = kept + rng.sample(sentences, 6)
            rng.shuffle(mixed)
            month = 1 + i % 12
            company = base["Company Name"].splitlines()[0] if base["Company Name"] else "Unknown"
            writer.writerow(
                [
                    base["Job Title"],
                    f"{company} {i % 997}",
                    base["Location"],
                    f"{2020 + i % 5}-{month:02d}-01",
                    base["Salary Estimate"],
                    ". ".join(mixed),
                ]
            )
            if (i + 1) % CHUNK_ROWS == 0:
                out.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
        out.write(buffer.getvalue())
    return path


def run_one(engine: str, corpus: Path, workers: int, store_dir: Path) -> None:
    """Ingests ``corpus`` into a fresh store and prints one JSON line of counts and seconds."""
    from careerpath.market.ingest import ingest_files

    start = time.perf_counter()
    if engine.startswith("spark-cluster"):
        # A standalone cluster in this process tree: a master and N one-core workers (spark-class).
        from careerpath.storage.spark_cluster import LocalSparkCluster
        from careerpath.storage.spark_store import SparkPostingStore

        cluster = LocalSparkCluster(workers=workers, cores=1, memory="1g").start()
        spark_store = SparkPostingStore(store_dir / "store", master=cluster.master_url)
        session_s = time.perf_counter() - start
        summary = ingest_files([corpus], spark_store)
        spark_store.spark.stop()
        cluster.stop()
    elif engine == "spark":
        from careerpath.storage.spark_store import SparkPostingStore, ingest_with_spark

        spark_store = SparkPostingStore(store_dir / "store", master=f"local[{workers}]")
        session_s = time.perf_counter() - start
        summary = ingest_with_spark([corpus], spark_store)
    else:
        from careerpath.storage.duckdb_store import DuckDBPostingStore

        store = DuckDBPostingStore(store_dir / "store.duckdb")
        session_s = time.perf_counter() - start
        summary = ingest_files([corpus], store, workers=workers)
        store.close()
    seconds = time.perf_counter() - start
    peak_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(
        json.dumps(
            {
                "read": summary.read,
                "new": summary.new,
                "duplicates": summary.duplicates,
                "rejected": summary.rejected,
                "seconds": seconds,
                "startup_s": session_s,
                "largest_process_mb": peak_kb / 1024,
            }
        ),
        flush=True,
    )


_JVM_ROLES = {
    "deploy.master.Master": "jvm master",
    "deploy.worker.Worker": "jvm worker",
    "CoarseGrainedExecutorBackend": "jvm executor",
    "SparkSubmit": "jvm driver",
}


def _kind(cmdline: list[str], root: bool) -> str:
    """Names a process of the tree for the CPU breakdown (which JVM, Python driver or worker)."""
    text = " ".join(cmdline)
    if "spark-submit" in text:  # the launcher script becomes the driver JVM (exec: same pid)
        return "jvm driver"
    if root:
        return "python driver"
    for marker, role in _JVM_ROLES.items():
        if marker in text:
            return role
    if "pyspark.daemon" in text or "pyspark/daemon" in text or "pyspark.worker" in text:
        return "python executor workers"
    return "python pool workers" if "python" in text else "other"


class TreeMonitor(PeriodicSampler):
    """Samples a process and its descendants: peak summed RSS and CPU seconds (per-pid last sample)."""

    def __init__(self, pid: int, interval_s: float = 0.2) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self.kinds: dict[int, str] = {}
        super().__init__(interval_s)

    def sample(self) -> bool:
        import psutil

        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return False  # the process is gone
        rss = 0
        for proc in procs:
            try:
                with proc.oneshot():
                    rss += proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    if proc.pid not in self.kinds:
                        self.kinds[proc.pid] = _kind(proc.cmdline(), proc.pid == self.root.pid)
            except psutil.Error:
                continue
        self.peak_rss = max(self.peak_rss, rss)
        return True

    def cpu_by_kind(self) -> dict[str, float]:
        """CPU seconds per kind of process (``_kind``), rounded to 0.1 s, by kind name."""
        by_kind: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            kind = self.kinds.get(pid, "other")
            by_kind[kind] = by_kind.get(kind, 0.0) + seconds
        return {k: round(v, 1) for k, v in sorted(by_kind.items())}


def bench(engine: str, corpus: Path, size: int, workers: int) -> dict[str, object]:
    """Runs one engine on one corpus in a child process; returns its figures."""
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = subprocess.Popen(
            [sys.executable, __file__, "--one", engine, str(corpus), str(workers), tmp],
            stdout=subprocess.PIPE,
            text=True,
        )
        monitor = None
        with contextlib.suppress(ImportError):  # without psutil: the largest process only
            monitor = TreeMonitor(child.pid)
        out, _ = child.communicate()
        if monitor:
            monitor.stop()
        if child.returncode:
            raise SystemExit(f"{engine} at {size} failed with exit code {child.returncode}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        store_mb = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 2**20
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    read = int(result["read"])  # type: ignore[call-overload]
    cpu_s = sum(monitor.cpu.values()) if monitor else None
    if monitor:
        result["cpu_s_by_process"] = monitor.cpu_by_kind()
    waited_cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result.update(
        engine=engine,
        size=size,
        workers=workers,
        postings_per_s=read / seconds,
        peak_tree_rss_mb=(monitor.peak_rss / 2**20) if monitor else None,
        cpu_s=max(cpu_s or 0.0, waited_cpu_s),
        store_mb=store_mb,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus-dir", type=Path, help="keep (and reuse) the replicated corpora here")
    parser.add_argument("--json", type=Path, help="append one JSON line per run to this file")
    parser.add_argument("--one", nargs=4, metavar=("ENGINE", "CORPUS", "WORKERS", "STORE_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], Path(args.one[1]), int(args.one[2]), Path(args.one[3]))
        return
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        folder = args.corpus_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print("engine\tpostings\tnew\tdup\tseconds\tpostings/s\tcpu_s\tcpu_ms/posting\tpeak_tree_MB\tstore_MB")
        for size in args.sizes:
            corpus = folder / f"corpus_{size}.csv.gz"
            if not corpus.exists():
                started = time.perf_counter()
                make_corpus(size, corpus)
                print(
                    f"# corpus {size}: {corpus.stat().st_size / 2**20:.0f} MB gz, "
                    f"{time.perf_counter() - started:.0f} s to write",
                    flush=True,
                )
            rates: dict[str, float] = {}
            for engine in args.engines:
                name, _, count = engine.partition(":")
                r = bench(name, corpus, size, int(count) if count else args.workers)
                r["engine"] = engine
                rates[engine] = float(r["postings_per_s"])  # type: ignore[arg-type]
                cpu = float(r["cpu_s"])  # type: ignore[arg-type]
                peak = r["peak_tree_rss_mb"] if r["peak_tree_rss_mb"] is not None else r["largest_process_mb"]
                print(
                    f"{engine}\t{r['read']}\t{r['new']}\t{r['duplicates']}\t{float(r['seconds']):.1f}\t"  # type: ignore[arg-type]
                    f"{rates[engine]:.0f}\t{cpu:.0f}\t{1000 * cpu / max(int(r['read']), 1):.2f}\t"  # type: ignore[call-overload]
                    f"{float(peak):.0f}\t{float(r['store_mb']):.0f}",  # type: ignore[arg-type]
                    flush=True,
                )
                if "cpu_s_by_process" in r:
                    print(f"# {engine} CPU s by process: {r['cpu_s_by_process']}", flush=True)
                if args.json:
                    with args.json.open("a", encoding="utf-8") as handle:
                        handle.write(json.dumps(r) + "\n")
            if "duckdb" in rates and "spark" in rates:
                print(f"# {size}: duckdb/spark throughput ratio {rates['duckdb'] / rates['spark']:.2f}", flush=True)


if __name__ == "__main__":
    main()
