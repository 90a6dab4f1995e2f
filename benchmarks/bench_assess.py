"""Assess latency (cold, warm) and skill-extraction throughput on real postings.

Usage: python benchmarks/bench_assess.py [--postings PATH] [--repeat N]

Cold = a new Python process that imports careerpath, loads the bundled knowledge and assesses
the sample resume. Warm = assess() again in a process that has loaded everything.
Extraction throughput is measured on the Glassdoor 2020 postings against a peer in the same
run: one compiled regular expression per alias (the approach the Aho-Corasick pass replaces).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_POSTINGS = Path(
    os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
) / ("glassdoor_ds_jobs_2020/glassdoor_jobs.csv.gz")


def cold_assess_seconds(runs: int) -> list[float]:
    code = (
        "import careerpath; from careerpath.data_files import bundled_path; "
        "careerpath.Navigator().assess(bundled_path('sample_resume.md'))"
    )
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-W", "ignore", "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return times


def warm_assess_seconds(runs: int) -> tuple[float, list[float]]:
    import careerpath
    from careerpath.data_files import bundled_path

    start = time.perf_counter()
    navigator = careerpath.Navigator()
    load = time.perf_counter() - start
    sample = bundled_path("sample_resume.md")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        navigator.assess(sample)
        times.append(time.perf_counter() - start)
    return load, times


def read_postings(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return [row["Job Description"] for row in csv.DictReader(handle)]


def regex_peer(taxonomy: object) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for skill in taxonomy:  # type: ignore[attr-defined]
        for alias in (skill.name, *skill.aliases):
            patterns.append((skill.id, re.compile(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", re.IGNORECASE)))
    return patterns


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=Path, default=DEFAULT_POSTINGS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer-postings", type=int, default=100, help="The regex peer is slow: time it on a subset")
    args = parser.parse_args()

    from careerpath.skills.extraction import SkillExtractor
    from careerpath.skills.taxonomy import load_taxonomy

    cold = cold_assess_seconds(max(1, args.repeat // 2))
    load, warm = warm_assess_seconds(args.repeat)
    print(f"assess cold (new process, sample resume): median {statistics.median(cold):.3f} s over {len(cold)} runs")
    print(f"knowledge load in-process: {load:.3f} s")
    print(f"assess warm: median {1000 * statistics.median(warm):.1f} ms over {len(warm)} runs")

    if not args.postings.exists():
        print(f"skipping extraction throughput: {args.postings} not found")
        return
    postings = read_postings(args.postings)
    taxonomy = load_taxonomy()
    extractor = SkillExtractor(taxonomy)
    start = time.perf_counter()
    found = sum(len(extractor.extract(text)) for text in postings)
    ours = time.perf_counter() - start
    subset = postings[: args.peer_postings]
    start = time.perf_counter()
    ours_subset_found = sum(len(extractor.extract(text)) for text in subset)
    ours_subset = time.perf_counter() - start
    peer = regex_peer(taxonomy)
    start = time.perf_counter()
    peer_found = sum(len({sid for sid, pattern in peer if pattern.search(text)}) for text in subset)
    theirs = time.perf_counter() - start
    bulk_start = time.perf_counter()
    for text in postings:
        extractor.extract(text, with_sentences=False)
    bulk = time.perf_counter() - bulk_start
    chars = sum(map(len, postings))
    print(f"postings: {len(postings)} ({chars / len(postings):.0f} chars on average) from {args.postings.name}")
    print(
        f"extraction {extractor.name}: {len(postings) / ours:.0f} postings/s, "
        f"{found / len(postings):.1f} skills/posting"
    )
    print(f"extraction without sentence quotes (bulk ingestion mode): {len(postings) / bulk:.0f} postings/s")
    print(
        f"peer (one regex per alias, {len(peer)} patterns, first {len(subset)} postings): "
        f"{len(subset) / theirs:.1f} postings/s, {peer_found / len(subset):.1f} skills/posting "
        f"(careerpath on the same subset: {ours_subset_found / len(subset):.1f})"
    )
    print(f"speed ratio careerpath/peer on the same subset: {theirs / ours_subset:.0f}x")


if __name__ == "__main__":
    main()
