"""Match index at scale: build time, size on disk, peak memory, query latency (p50/p95, warm) and
ANN recall@20 against exact search, at 10k / 100k / 1M postings.

The corpus is synthetic but shaped like the real one: the Glassdoor postings are ingested into a
temporary store and indexed for real (requirements read, summaries embedded with the matcher's
encoder: semantic when the extra is installed); their index rows are then replicated N times,
each replica dropping or adding a skill and moving its embedding by Gaussian noise (so replicas
are near, not equal). Reading and embedding real postings is measured separately on the 578
Glassdoor postings and reported per posting: at 1M postings that part dominates a build, and is
reported as an extrapolation, not a measurement. Each size runs in its own process (clean peak RSS).

    OMP_NUM_THREADS=1 nice python benchmarks/bench_match.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def replicate(base: object, n: int, seed: int = 11) -> object:
    """An index of ``n`` postings replicated from ``base`` (see the module docstring)."""
    from careerpath.jobs.index import IndexRows, MatchIndex

    rng = np.random.default_rng(seed)
    vocab = list(base.skill_vocab)  # type: ignore[attr-defined]
    m = len(base)  # type: ignore[arg-type]
    index = MatchIndex(base.encoder_name, base.dim)  # type: ignore[attr-defined]
    base_vectors = np.asarray(base.vectors, dtype=np.float32)  # type: ignore[attr-defined]
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        src = (np.arange(start, start + size) % m).astype(np.int64)
        rows = IndexRows.empty()
        for offset, b in enumerate(src.tolist()):
            skills = base.skills_of(b)  # type: ignore[attr-defined]
            if skills and rng.random() < 0.5:
                skills = skills[:-1]
            if rng.random() < 0.5:
                skills = [*skills, (vocab[int(rng.integers(len(vocab)))], 0.7, 1)]
            rows.ids.append(f"synthetic:{start + offset}")
            rows.role.append(str(base.role[b]))  # type: ignore[attr-defined]
            rows.seniority.append(int(base.seniority[b]))  # type: ignore[attr-defined]
            rows.remote.append(int(rng.integers(-1, 2)))
            rows.location.append(str(base.location[b]))  # type: ignore[attr-defined]
            rows.salary.append(float(base.salary[b]))  # type: ignore[attr-defined]
            rows.posted.append(int(base.posted[b]))  # type: ignore[attr-defined]
            rows.dup.append(start + offset)
            rows.min_years.append(float(base.min_years[b]))  # type: ignore[attr-defined]
            rows.degree.append(int(base.degree[b]))  # type: ignore[attr-defined]
            rows.skill_rows.append(skills)
            rows.texts.append("")
            lo, hi = int(base.lex_indptr[b]), int(base.lex_indptr[b + 1])  # type: ignore[attr-defined]
            rows.lex.append((base.lex_term[lo:hi], base.lex_tf[lo:hi], int(base.doc_len[b])))  # type: ignore[attr-defined]
        vectors = base_vectors[src] + rng.normal(scale=NOISE / np.sqrt(base.dim), size=(size, base.dim))  # type: ignore[attr-defined]
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        index.append(rows, vectors)
    return index


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run_one(size: int, encoder: str) -> dict[str, object]:
    from careerpath.jobs.index import MatchIndex
    from careerpath.jobs.matching import MatchFilters, Person, rank_index, relative_role_fits
    from careerpath.navigator import Navigator, TypedProfile

    nav = Navigator()
    with tempfile.TemporaryDirectory(prefix="bench_match_") as tmp:
        work = Path(tmp)
        base, read_seconds, read_count = real_index(work, encoder)
        started = time.perf_counter()
        index = replicate(base, size)
        build = time.perf_counter() - started
        folder = work / "index.match"
        started = time.perf_counter()
        index.save(folder)  # type: ignore[attr-defined]
        save = time.perf_counter() - started
        del index
        started = time.perf_counter()
        index = MatchIndex.load(folder)
        load = time.perf_counter() - started
        rng = np.random.default_rng(5)
        people = []
        for q in range(QUERIES + 5):
            row = int(rng.integers(len(index)))
            skills = tuple(s for s, _, _ in index.skills_of(row))[:6] or ("python",)
            candidate = nav.candidate_from_typed(TypedProfile(skills=skills, years_experience=float(q % 12)))
            vector = np.asarray(index.vectors[row], dtype=np.float32) + rng.normal(scale=0.05, size=index.dim)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            people.append(Person(candidate, "bench", "", vector, relative_role_fits(nav.rank(candidate))))
        rank_index(people[0], index, nav.taxonomy, nav.roles, top=20)  # warm: inverted index, caches
        latencies, filtered = [], []
        for person in people[5:]:
            t0 = time.perf_counter()
            rank_index(person, index, nav.taxonomy, nav.roles, top=20)
            latencies.append(1000 * (time.perf_counter() - t0))
            t0 = time.perf_counter()
            rank_index(person, index, nav.taxonomy, nav.roles, MatchFilters(remote=True, min_salary=80_000), top=20)
            filtered.append(1000 * (time.perf_counter() - t0))
        hits = total = 0
        search_ms = []
        for person in people:
            t0 = time.perf_counter()
            approx, _ = (
                index.ann_search(person.vector, 20) if index.ann is not None else index.search(person.vector, 20)
            )
            search_ms.append(1000 * (time.perf_counter() - t0))
            exact, _ = index.exact_search(person.vector, 20)
            hits += len(set(approx.tolist()) & set(exact.tolist()))
            total += len(exact)
        recall_by_ef = {}
        if index.ann is not None:
            exact_sets = [set(index.exact_search(p.vector, 20)[0].tolist()) for p in people]
            for ef in (256, 512, 1024):
                index.ann.expansion_search = ef
                t0 = time.perf_counter()
                found = [set(index.ann_search(p.vector, 20)[0].tolist()) for p in people]
                ms = 1000 * (time.perf_counter() - t0) / len(people)
                got = sum(len(a & e) for a, e in zip(found, exact_sets, strict=True)) / (20 * len(people))
                recall_by_ef[ef] = {"recall_at_20": round(got, 4), "ann_search_ms": round(ms, 2)}
        return {
            "recall_by_expansion_search": recall_by_ef,
            "postings": size,
            "encoder": index.encoder_name,
            "ann": "usearch-hnsw" if index.ann is not None else "exact",
            "read_ms_per_posting": round(1000 * read_seconds / max(read_count, 1), 2),
            "build_s": round(build, 1),
            "save_s": round(save, 1),
            "load_s": round(load, 2),
            "size_mb": round(folder_mb(folder), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
            "p50_ms": round(float(np.percentile(latencies, 50)), 1),
            "p95_ms": round(float(np.percentile(latencies, 95)), 1),
            "filtered_p50_ms": round(float(np.percentile(filtered, 50)), 1),
            "filtered_p95_ms": round(float(np.percentile(filtered, 95)), 1),
            "ann_search_p50_ms": round(float(np.percentile(search_ms, 50)), 2),
            "recall_at_20": round(hits / max(total, 1), 4),
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--encoder", default="auto", choices=["auto", "semantic", "lexical"])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.encoder)), flush=True)
        return
    columns = ["postings", "ann", "build_s", "size_mb", "peak_rss_mb", "p50_ms", "p95_ms", "filtered_p95_ms",
               "recall_at_20", "read_ms_per_posting", "encoder"]  # fmt: skip
    print("\t".join(columns), flush=True)
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--encoder", args.encoder],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode != 0:
            print(f"# {size}: failed\n{out.stderr[-2000:]}", flush=True)
            continue
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print("\t".join(str(row[c]) for c in columns), flush=True)
        print("# " + json.dumps(row), flush=True)
        extrapolated = row["read_ms_per_posting"] * size / 1000 / 60
        print(f"# reading + embedding {size} real postings at the measured rate: ~{extrapolated:.0f} CPU-min "
              "(extrapolated, one process)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
