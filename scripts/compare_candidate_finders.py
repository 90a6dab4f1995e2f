"""Candidate new skills on the first N Glassdoor postings: the capitalisation rules vs the span tagger.

    nice python scripts/compare_candidate_finders.py [N=150]

Prints both top-25 lists and the tagger's CPU seconds (one thread). Known terms: the bundled taxonomy's
ids, names and aliases, as `market emerging` uses them. No labelled candidate set exists, so this is a
side-by-side look, not a score (docs/benchmarks.md, spans).
"""

from __future__ import annotations

import csv
import gzip
import os
import sys
import time
from pathlib import Path

import torch

from careerpath.linking.span_tagger import TrainedSpanTagger
from careerpath.market.emerging import candidate_skills, tagged_phrases
from careerpath.market.postings import JobPosting
from careerpath.skills.taxonomy import load_taxonomy

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    torch.set_num_threads(1)
    with gzip.open(SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz", "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:count]
    postings = [
        JobPosting(
            posting_id=str(i),
            title=row["Job Title"],
            company=row["Company Name"].split("\n")[0],
            location=row["Location"],
            description=row["Job Description"],
        )
        for i, row in enumerate(rows)
    ]
    terms: list[str] = []
    for skill in load_taxonomy():
        terms.extend([skill.id.replace("_", " "), skill.name, *skill.aliases, *skill.ambiguous_aliases])
    print("rules:", [c.phrase for c in candidate_skills(postings, terms, top=25)])
    tagger = TrainedSpanTagger.load(threads=1)
    started = time.process_time()
    tagged = candidate_skills(postings, terms, top=25, finder=tagged_phrases(tagger.tag_many))
    seconds = time.process_time() - started
    print(f"span tagger ({seconds:.0f} CPU s, load {os.getloadavg()[0]:.1f}):", [c.phrase for c in tagged])


if __name__ == "__main__":
    main()
