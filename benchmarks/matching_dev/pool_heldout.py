"""Pool the held-out resumes (resumes_heldout/, written after the learned fusion, then named
match-score.v3 and now match-fusion.v1, was frozen) for blind grading, WITHOUT running it on them:
per resume, the top 20 of match-score.v2, BM25, embedding cosine and skill overlap, shuffled, without
scores or rankers. After grading (grades_heldout.txt -> judgments_heldout.jsonl) the fusion is
evaluated on them as it was frozen; its top 10 may hold postings this pool missed (counted as grade
0; ``compare.py`` reports judged@10 and the condensed nDCG@10).

    python benchmarks/matching_dev/pool_heldout.py /tmp/match_dev/market.duckdb > /tmp/match_dev/sheet_heldout.txt
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pool import excerpt

HERE = Path(__file__).resolve().parent
RANKERS = ("match-score.v2", "bm25", "embedding", "skills")
DEPTH = 20


def main() -> None:
    from careerpath.evaluation.matching import Rankers
    from careerpath.jobs import JobMatcher
    from careerpath.jobs.store_adapter import iter_store_postings
    from careerpath.navigator import Navigator
    from careerpath.settings import Settings
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    store_path = Path(sys.argv[1])
    rng = random.Random(30)
    pools: dict[str, list[str]] = {}
    with DuckDBPostingStore(store_path) as store:
        rankers = Rankers(JobMatcher(Navigator(), Settings().cache_dir / "models"), store, store_path)
        postings = {p.posting_id: p for p in iter_store_postings(store)}
        for resume in sorted((HERE / "resumes_heldout").glob("*.md")):
            found: set[str] = set()
            for name in RANKERS:
                found.update(rankers.rank(name, resume)[:DEPTH])
            pool = sorted(found)
            rng.shuffle(pool)
            pools[resume.name] = pool
    (HERE / "pools_heldout.json").write_text(json.dumps(pools, indent=1), encoding="utf-8")
    for resume, pool in pools.items():
        print(f"\n######## {resume} ({len(pool)} postings)")
        print((HERE / "resumes_heldout" / resume).read_text(encoding="utf-8"))
        for pid in pool:
            p = postings[pid]
            pay = f"${p.salary_usd_yearly:,.0f}" if p.salary_usd_yearly else "-"
            print(f"## {pid} | {p.title} | {p.company or '-'} | {p.location or '-'} | {p.seniority} | {pay}")
            if p.description:
                print("   " + excerpt(p.description))


if __name__ == "__main__":
    main()
