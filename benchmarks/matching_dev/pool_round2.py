"""Deepen the judged pools (round 2), blind: per resume, the postings not yet judged among the top 20 of
each shipped ranker (the matcher's default score, BM25, embedding, skill overlap) and the top 10 of each
candidate fusion (``fusion_cv.configurations``, trained leave-one-resume-out, so never on the resume it
ranks). Round 1 (pool.py) judged only each ranker's top 10, so any new ranking met unjudged postings,
which count as grade 0, and a re-ranker was measured by what nobody had read rather than by what it found.

The sheet lists each resume's new postings shuffled, without scores or which ranker found them; grades go
to grades_round2.txt (same format as grades.txt) -> judgments_round2.jsonl. Judgments of round 1 are kept.

    python benchmarks/matching_dev/pool_round2.py /tmp/match_dev/market.duckdb > /tmp/match_dev/sheet2.txt
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fusion_cv import BASELINES, HERE, collect, configurations, ranked_ids
from pool import excerpt

RANKER_DEPTH = 20
FUSION_DEPTH = 10


def main() -> None:
    from careerpath.evaluation.matching import read_judgments
    from careerpath.jobs.fusion import FEATURES
    from careerpath.jobs.store_adapter import iter_store_postings
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    store_path = Path(sys.argv[1])
    judged = read_judgments(HERE / "judgments.jsonl")
    queries, rankings = collect(store_path, judged)
    configs = configurations(FEATURES, shippable=False)
    rng = random.Random(20)
    pools: dict[str, list[str]] = {}
    for query in queries:
        found: set[str] = set()
        for name in BASELINES:
            found.update(rankings[name][query.resume][:RANKER_DEPTH])
        rest = [o for o in queries if o is not query]
        for train in configs.values():
            found.update(ranked_ids(query, train(rest)(query))[:FUSION_DEPTH])
        new = sorted(found - set(query.grades))
        rng.shuffle(new)
        pools[query.resume.name] = new
    (HERE / "pools_round2.json").write_text(json.dumps(pools, indent=1), encoding="utf-8")
    with DuckDBPostingStore(store_path) as store:
        postings = {p.posting_id: p for p in iter_store_postings(store)}
    for resume, pool in pools.items():
        print(f"\n######## {resume} ({len(pool)} postings)")
        print((HERE / "resumes" / resume).read_text(encoding="utf-8"))
        for pid in pool:
            p = postings[pid]
            pay = f"${p.salary_usd_yearly:,.0f}" if p.salary_usd_yearly else "-"
            print(f"## {pid} | {p.title} | {p.company or '-'} | {p.location or '-'} | {p.seniority} | {pay}")
            if p.description:
                print("   " + excerpt(p.description))


if __name__ == "__main__":
    main()
