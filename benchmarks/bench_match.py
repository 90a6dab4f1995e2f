"""Match index at scale: build time, size on disk, peak memory (build and query measured in separate
processes), query latency (p50/p95, warm) and recall@20 against exact search, at 10k / 100k / 1M
postings.

The corpus is synthetic but shaped like the real one: the Glassdoor postings are ingested into a
temporary store and indexed for real (requirements read, summaries embedded with the matcher's
encoder: semantic when the extra is installed); their index rows are then replicated N times,
each replica dropping or adding a skill and moving its embedding by Gaussian noise (so replicas
are near, not equal). The replicas are streamed into the index in runs of CHUNK postings, as a
build from a store is (``IndexWriter``). Reading and embedding real postings is measured
separately on the 578 Glassdoor postings and reported per posting: at 1M postings that part
dominates a build, and is reported as an extrapolation, not a measurement.

Memory: ``peak_rss_mb`` is the process's peak resident set (ru_maxrss), which counts the pages of
memory-mapped index files it touched as well as its own memory; ``anon_mb`` is its own (anonymous)
memory at the end of the phase. The query phase's figures are taken before the recall measurement,
whose exact scans read every vector (a benchmark-only cost); ``rss_after_recall_mb`` is after it.

    OMP_NUM_THREADS=1 nice -n 5 python benchmarks/bench_match.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
NOISE = 0.35  # embedding noise per replica (relative to a unit vector)
QUERIES = 50
CHUNK = 50_000
EXPANSIONS = (128, 256, 512, 1024)


def memory() -> dict[str, float]:
    """This process's memory now (MB): resident, of which anonymous and file-backed, and the peak."""
    status = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            status[key] = round(int(value.split()[0]) / 1024, 0)
    status["ru_maxrss"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    return status


def real_index(work: Path, encoder: str) -> tuple[object, float, int]:
    """Ingest Glassdoor into a fresh store and index it; returns the index, seconds to index, postings."""
    from careerpath.jobs import JobMatcher
    from careerpath.market.ingest import ingest_files
    from careerpath.navigator import Navigator
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    store_path = work / "market.duckdb"
    matcher = JobMatcher(Navigator(), Path(os.environ.get("CAREERPATH_HOME", work)) / "cache" / "models", encoder)
    with DuckDBPostingStore(store_path) as store:
        ingest_files([GLASSDOOR], store)
        matcher.encoder()  # load the model before timing
        index, added, seconds = matcher.index(store, store_path, rebuild=True)
    return index, seconds, added


def replicate(base: object, n: int, folder: Path, seed: int = 11) -> tuple[object, float]:
    """Stream an index of ``n`` postings replicated from ``base`` into ``folder`` (see the module
    docstring); returns it and the peak RSS (MB) seen while it grew."""
    from careerpath.jobs.index import IndexRows, IndexWriter

    b_: object = base
    rng = np.random.default_rng(seed)
    vocab = list(b_.skill_vocab)  # type: ignore[attr-defined]
    m = len(b_)  # type: ignore[arg-type]
    # The base (a few hundred real postings) as plain lists: the loop below runs a million times.
    skills_of = [b_.skills_of(b) for b in range(m)]  # type: ignore[attr-defined]
    role = [str(r) for r in b_.role]  # type: ignore[attr-defined]
    location = [b_.location_vocab[int(c)] for c in b_.location_code]  # type: ignore[attr-defined]
    cols = {name: np.asarray(getattr(b_, name)).tolist() for name in ("seniority", "salary", "posted", "min_years",
                                                                       "degree", "doc_len")}  # fmt: skip
    lex_ptr = np.asarray(b_.lex_indptr)  # type: ignore[attr-defined]
    lex = [(np.asarray(b_.lex_term[lex_ptr[b] : lex_ptr[b + 1]]), np.asarray(b_.lex_tf[lex_ptr[b] : lex_ptr[b + 1]]),  # type: ignore[attr-defined]
            int(cols["doc_len"][b])) for b in range(m)]  # fmt: skip
    base_vectors = np.asarray(b_.vectors, dtype=np.float32)  # type: ignore[attr-defined]
    dim = int(b_.dim)  # type: ignore[attr-defined]
    writer = IndexWriter(folder, b_.encoder_name, dim, fresh=True)  # type: ignore[attr-defined]
    peak = 0.0
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        src = (np.arange(start, start + size) % m).astype(np.int64)
        rows = IndexRows.empty()
        for offset, b in enumerate(src.tolist()):
            skills = skills_of[b]
            if skills and rng.random() < 0.5:
                skills = skills[:-1]
            if rng.random() < 0.5:
                skills = [*skills, (vocab[int(rng.integers(len(vocab)))], 0.7, 1)]
            rows.ids.append(f"synthetic:{start + offset}")
            rows.role.append(role[b])
            rows.seniority.append(cols["seniority"][b])
            rows.remote.append(int(rng.integers(-1, 2)))
            rows.location.append(location[b])
            rows.salary.append(cols["salary"][b])
            rows.posted.append(cols["posted"][b])
            rows.dup.append(start + offset)
            rows.min_years.append(cols["min_years"][b])
            rows.degree.append(cols["degree"][b])
            rows.skill_rows.append(skills)
            rows.texts.append("")
            rows.lex.append(lex[b])
        vectors = base_vectors[src] + rng.normal(scale=NOISE / np.sqrt(dim), size=(size, dim))
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        writer.append(rows, vectors)
        del rows, vectors
        peak = max(peak, memory()["VmRSS"])
    index = writer.close()
    return index, max(peak, memory()["VmRSS"])


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run_build(size: int, encoder: str, folder: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench_match_") as tmp:
        base, read_seconds, read_count = real_index(Path(tmp), encoder)
        before = memory()
        started, cpu = time.perf_counter(), time.process_time()
        index, peak_growing = replicate(base, size, folder)
        build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    after = memory()
    files = sorted(folder.iterdir(), key=lambda p: -p.stat().st_size)
    return {
        "postings": size,
        "encoder": index.encoder_name,  # type: ignore[attr-defined]
        "ann": "usearch-hnsw" if index.ann is not None else "exact",  # type: ignore[attr-defined]
        "read_ms_per_posting": round(1000 * read_seconds / max(read_count, 1), 2),
        "build_s": round(build, 1),
        "build_cpu_s": round(build_cpu, 1),  # this process's CPU time: what the build costs on an idle core
        "size_mb": round(folder_mb(folder), 1),
        "largest_files_mb": {p.name: round(p.stat().st_size / 2**20, 1) for p in files[:6]},
        "build_rss_before_mb": before["VmRSS"],  # Navigator, the real 578-posting store and index
        "build_rss_while_growing_mb": peak_growing,
        "build_peak_rss_mb": after["ru_maxrss"],
        "build_anon_end_mb": after["RssAnon"],
    }


def exact_top(index: object, queries: np.ndarray, k: int) -> list[set[int]]:
    """Exact top-k of each query over every stored vector, scanned once for all queries."""
    n = len(index)  # type: ignore[arg-type]
    best = [(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in queries]
    for lo in range(0, n, 65_536):
        block = np.asarray(index.vectors[lo : lo + 65_536], dtype=np.float32) @ queries.T  # type: ignore[attr-defined]
        rows = np.arange(lo, lo + len(block))
        for q in range(len(queries)):
            r = np.concatenate([best[q][0], rows])
            s = np.concatenate([best[q][1], block[:, q]])
            keep = np.argsort(-s, kind="stable")[:k]
            best[q] = (r[keep], s[keep])
    return [set(r.tolist()) for r, _ in best]


def run_query(size: int, folder: Path) -> dict[str, object]:
    from careerpath.jobs.index import HNSW_EXPANSION_SEARCH, MatchIndex
    from careerpath.jobs.matching import MatchFilters, Person, rank_index, relative_role_fits
    from careerpath.navigator import Navigator, TypedProfile

    nav = Navigator()
    before = memory()
    started = time.perf_counter()
    index = MatchIndex.load(folder)
    load = time.perf_counter() - started
    loaded = memory()
    rng = np.random.default_rng(5)
    people = []
    for q in range(QUERIES + 5):
        row = int(rng.integers(len(index)))
        skills = tuple(s for s, _, _ in index.skills_of(row))[:6] or ("python",)
        candidate = nav.candidate_from_typed(TypedProfile(skills=skills, years_experience=float(q % 12)))
        vector = np.asarray(index.vectors[row], dtype=np.float32) + rng.normal(scale=0.05, size=index.dim)
        vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        people.append(Person(candidate, "bench", "", vector, relative_role_fits(nav.rank(candidate))))
    rank_index(people[0], index, nav.taxonomy, nav.roles, top=20)  # warm
    latencies, filtered, cpu, filtered_cpu = [], [], [], []
    for person in people[5:]:
        t0, c0 = time.perf_counter(), time.process_time()
        rank_index(person, index, nav.taxonomy, nav.roles, top=20)
        latencies.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
        t0, c0 = time.perf_counter(), time.process_time()
        rank_index(person, index, nav.taxonomy, nav.roles, MatchFilters(remote=True, min_salary=80_000), top=20)
        filtered.append(1000 * (time.perf_counter() - t0))
        filtered_cpu.append(1000 * (time.process_time() - c0))
    queried = memory()
    vectors = np.stack([p.vector for p in people])
    exact = exact_top(index, vectors, 20)

    def recall(found: list[set[int]]) -> float:
        return round(sum(len(a & e) for a, e in zip(found, exact, strict=True)) / (20 * len(exact)), 4)

    t0 = time.perf_counter()
    retrieved = [set(index.search(v, 20)[0].tolist()) for v in vectors]
    search_ms = 1000 * (time.perf_counter() - t0) / len(vectors)
    by_ef: dict[int, dict[str, float]] = {}
    if index.ann is not None:
        for ef in EXPANSIONS:
            index.ann.expansion_search = ef
            t0 = time.perf_counter()
            graph = [set(index.ann_search(v, 20)[0].tolist()) for v in vectors]
            graph_ms = 1000 * (time.perf_counter() - t0) / len(vectors)
            t0 = time.perf_counter()
            shortlist = [set(index.search(v, 20)[0].tolist()) for v in vectors]
            ms = 1000 * (time.perf_counter() - t0) / len(vectors)
            by_ef[ef] = {"graph_recall": recall(graph), "graph_ms": round(graph_ms, 2),
                         "reranked_recall": recall(shortlist), "reranked_ms": round(ms, 2)}  # fmt: skip
        index.ann.expansion_search = HNSW_EXPANSION_SEARCH
    return {
        "load_s": round(load, 2),
        "query_rss_before_load_mb": before["VmRSS"],  # Navigator (taxonomy, roles, learning catalogue)
        "query_rss_after_load_mb": loaded["VmRSS"],
        "query_peak_rss_mb": queried["ru_maxrss"],
        "query_anon_mb": queried["RssAnon"],
        "query_file_mb": queried["RssFile"],
        "rss_after_recall_mb": memory()["VmRSS"],
        "p50_ms": round(float(np.percentile(latencies, 50)), 1),
        "p95_ms": round(float(np.percentile(latencies, 95)), 1),
        "filtered_p50_ms": round(float(np.percentile(filtered, 50)), 1),
        "filtered_p95_ms": round(float(np.percentile(filtered, 95)), 1),
        "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 1),  # CPU time per query (the wall figures include
        "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 1),  # waiting for a core on a loaded machine)
        "filtered_cpu_p95_ms": round(float(np.percentile(filtered_cpu, 95)), 1),
        "recall_at_20": recall(retrieved),
        "search_ms": round(search_ms, 2),
        "expansion_search": HNSW_EXPANSION_SEARCH,
        "by_expansion_search": by_ef,
    }


def child(args: list[str]) -> dict[str, object] | None:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(f"# {' '.join(args)}: failed\n{out.stderr[-2000:]}", flush=True)
        return None
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--encoder", default="auto", choices=["auto", "semantic", "lexical"])
    parser.add_argument("--keep", type=Path, help="build the index here and keep it (default: a temporary folder)")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--query", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(run_build(args.build, args.encoder, args.folder)), flush=True)
        return
    if args.query:
        print(json.dumps(run_query(args.query, args.folder)), flush=True)
        return
    columns = ["postings", "build_s", "size_mb", "build_peak_rss_mb", "query_peak_rss_mb", "query_anon_mb", "p50_ms",
               "p95_ms", "filtered_p50_ms", "filtered_p95_ms", "recall_at_20", "read_ms_per_posting"]  # fmt: skip
    print("\t".join(columns), flush=True)
    for size in args.sizes:
        root = Path(tempfile.mkdtemp(prefix="bench_match_index_")) if args.keep is None else args.keep
        folder = root / f"index-{size}.match"
        try:
            built = child(["--build", str(size), "--encoder", args.encoder, "--folder", str(folder)])
            queried = child(["--query", str(size), "--folder", str(folder)]) if built else None
        finally:
            if args.keep is None:
                shutil.rmtree(root, ignore_errors=True)
        if built is None or queried is None:
            continue
        row = {**built, **queried, "load_average": os.getloadavg()}
        print("\t".join(str(row[c]) for c in columns), flush=True)
        print("# " + json.dumps(row), flush=True)
        extrapolated = row["read_ms_per_posting"] * size / 1000 / 60  # type: ignore[operator]
        print(f"# reading + embedding {size} real postings at the measured rate: ~{extrapolated:.0f} CPU-min "
              "(extrapolated, one process)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
