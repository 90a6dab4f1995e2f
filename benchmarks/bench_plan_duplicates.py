"""Memory and time of the DuckDB engine's duplicate planning (``ingest.plan_duplicates``) on a large file.

``market ingest`` first reads the run's files whole and decides every posting's duplicate flag
(the keep rule of ``market.dedup``) before writing; this holds every posting's signature in memory.
This bench runs that step alone on a corpus (bench_ingest's synthetic replicas; ``--corpus`` reuses
one) into an empty store and prints: postings, duplicates, seconds and CPU seconds of the first
pass (read, parse stage 1, signatures) and of the rule, the RSS when the rule starts, and the peak
RSS of the process. Run with `nice`:

    PYTHONPATH=src nice python benchmarks/bench_plan_duplicates.py --corpus /tmp/bench/corpus_1000000.csv.gz
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, help="an existing corpus (else one of --size is written)")
    args = parser.parse_args()
    from careerpath.market import ingest
    from careerpath.market.ingest import file_hash, plan_duplicates
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    marks: dict[str, float] = {}
    rule = ingest.decide_duplicates

    def timed_rule(*a, **k):  # type: ignore[no-untyped-def]
        marks["rule_start"], marks["rule_start_cpu"], marks["rss_at_rule_mb"] = (
            time.perf_counter(),
            time.process_time(),
            _rss_mb(),
        )
        return rule(*a, **k)

    ingest.decide_duplicates = timed_rule  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="bench_plan_") as tmp:
        corpus = args.corpus
        if corpus is None:
            from bench_ingest import make_corpus

            corpus = make_corpus(args.size, Path(tmp) / "corpus.csv.gz")
        store = DuckDBPostingStore(Path(tmp) / "store.duckdb")
        start_rss = _rss_mb()
        start, start_cpu = time.perf_counter(), time.process_time()
        plan = plan_duplicates([(corpus, file_hash(corpus))], store)
        end, end_cpu = time.perf_counter(), time.process_time()
        store.close()
    flags = plan.flags()
    result = {
        "postings": len(flags),
        "duplicates": sum(flags.values()),
        "first_pass_s": marks["rule_start"] - start,
        "first_pass_cpu_s": marks["rule_start_cpu"] - start_cpu,
        "rule_s": end - marks["rule_start"],
        "rule_cpu_s": end_cpu - marks["rule_start_cpu"],
        "rss_before_mb": start_rss,
        "rss_at_rule_mb": marks["rss_at_rule_mb"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}), flush=True)


if __name__ == "__main__":
    main()
