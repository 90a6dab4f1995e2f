"""Skill extraction throughput on the Glassdoor 2020 postings (postings/s), per extractor version.

Extraction is what ingestion runs on every posting (with_sentences=False, as bulk ingestion does).
Prints one line per version and a JSON line. Run from the repository root:

    nice python benchmarks/bench_extraction.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import time
from pathlib import Path

from careerpath.skills.extraction import EXTRACTOR_VERSIONS, SkillExtractor
from careerpath.skills.taxonomy import load_taxonomy

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def _postings() -> list[str]:
    folder = Path(os.environ.get("CAREERPATH_SHARED_DATA", DEFAULT_DATA)) / "glassdoor_ds_jobs_2020"
    with gzip.open(folder / "glassdoor_jobs.csv.gz", "rt", encoding="utf-8", errors="replace") as handle:
        return [row["Job Description"] for row in csv.DictReader(handle) if row.get("Job Description")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="best of N passes")
    args = parser.parse_args()
    texts = _postings()
    taxonomy = load_taxonomy()
    results = {}
    for version in EXTRACTOR_VERSIONS:
        extractor = SkillExtractor(taxonomy, version)
        extractor.extract(texts[0], with_sentences=False)  # warm up
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            for text in texts:
                extractor.extract(text, with_sentences=False)
            best = min(best, time.perf_counter() - started)
        results[version] = round(len(texts) / best, 1)
        print(f"{version}: {len(texts)} postings in {best:.2f} s = {results[version]:.0f} postings/s")
    print(json.dumps({"benchmark": "extraction", "postings": len(texts), "postings_per_s": results}))


if __name__ == "__main__":
    main()
