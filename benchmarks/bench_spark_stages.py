"""Where a Spark ingest spends its time, stage by stage, from Spark's event log.

Ingests ``bench_ingest.make_corpus(size)`` on a standalone cluster of ``--workers`` one-core
workers with the event log on, then prints every stage's executor run time, GC time and shuffle
records (summed over its tasks), and the stages grouped by their place in the file's job sequence:
reading and numbering, parsing, dedup, skills, counts, writes. Compare sizes to see which step
grows faster than the input:

    nice python benchmarks/bench_spark_stages.py --sizes 10000 30000 100000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import make_corpus


def stages(events: Path) -> dict[int, dict[str, Any]]:
    """Returns per stage id: name, tasks, and executor run/GC seconds and shuffle records summed over tasks."""
    found: dict[int, dict[str, Any]] = {}

    def entry(stage: int) -> dict[str, Any]:
        return found.setdefault(stage, {"name": "?", "tasks": 0, "run_s": 0.0, "gc_s": 0.0, "read": 0, "written": 0})

    for path in sorted(p for p in events.rglob("*") if p.is_file()):
        for line in path.open(encoding="utf-8"):
            event = json.loads(line)
            kind = event["Event"]
            if kind in ("SparkListenerStageSubmitted", "SparkListenerStageCompleted"):
                info = event["Stage Info"]
                entry(info["Stage ID"]).update(name=info["Stage Name"].split(" at ")[0], tasks=info["Number of Tasks"])
            elif kind == "SparkListenerTaskEnd" and event.get("Task Metrics"):
                metrics, stage = event["Task Metrics"], entry(event["Stage ID"])
                stage["run_s"] += metrics["Executor Run Time"] / 1000
                stage["gc_s"] += metrics["JVM GC Time"] / 1000
                stage["read"] += metrics["Shuffle Read Metrics"]["Total Records Read"]
                stage["written"] += metrics["Shuffle Write Metrics"]["Shuffle Records Written"]
    return found


def grouped(found: dict[int, dict[str, Any]]) -> dict[str, float]:
    """Returns executor seconds per pipeline step. The step boundaries are stage names: the parse is
    cached by a ``count`` (or, before, the dedup's first ``localCheckpoint``), the skills stage is the
    first ``collect`` stage with the most run time, the counts end with the last ``collect``."""
    ids = sorted(found)
    parse_end = max(i for i in ids if found[i]["name"] in ("count", "localCheckpoint") and i <= ids[0] + 6)
    collects = [i for i in ids if found[i]["name"] == "collect"]
    skills = max(collects, key=lambda i: found[i]["run_s"])
    steps = {"read and number": 0.0, "parse": 0.0, "dedup": 0.0, "skills": 0.0, "counts": 0.0, "writes": 0.0}
    for i in ids:
        step = (
            "read and number" if i <= ids[0] + 1 else
            "parse" if i <= parse_end else
            "dedup" if i < skills else
            "skills" if i == skills else
            "counts" if i <= collects[-1] else
            "writes"
        )  # fmt: skip
        steps[step] += found[i]["run_s"]
    return steps


def run(size: int, workers: int, corpus_dir: Path) -> None:
    from careerpath.market.ingest import ingest_files
    from careerpath.storage.spark_cluster import LocalSparkCluster
    from careerpath.storage.spark_store import SparkPostingStore

    corpus = corpus_dir / f"corpus_{size}.csv.gz"
    if not corpus.exists():
        make_corpus(size, corpus)
    with tempfile.TemporaryDirectory(prefix="bench_stages_") as tmp:
        events = Path(tmp) / "events"
        events.mkdir()
        conf = {"spark.eventLog.enabled": "true", "spark.eventLog.dir": str(events), "spark.eventLog.compress": "false"}
        with LocalSparkCluster(workers=workers, cores=1, memory="1g") as cluster:
            store = SparkPostingStore(Path(tmp) / "store", master=cluster.master_url, conf=conf)
            started = time.perf_counter()
            summary = ingest_files([corpus], store)
            seconds = time.perf_counter() - started
            store.spark.stop()
        found = stages(events)
    print(f"# {size} postings, {workers} worker(s): {seconds:.1f} s, {summary.new} new, {summary.duplicates} dup")
    print("stage\tname\ttasks\trun_s\tgc_s\tshuffle_read\tshuffle_written")
    for i, s in sorted(found.items()):
        print(f"{i}\t{s['name']}\t{s['tasks']}\t{s['run_s']:.1f}\t{s['gc_s']:.1f}\t{s['read']}\t{s['written']}")
    for step, run_s in grouped(found).items():
        print(f"# {size}\t{step}\t{run_s:.1f} executor s\t{1000 * run_s / size:.2f} ms/posting", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--corpus-dir", type=Path, help="keep (and reuse) the corpora here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        folder = args.corpus_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            run(size, args.workers, folder)


if __name__ == "__main__":
    main()
