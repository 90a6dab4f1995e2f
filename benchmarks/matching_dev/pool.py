"""Pool postings for judging: per resume, the top 10 of each ranker (final + 3 baselines), taken in
turns until 30, topped up with random postings; written as a judging sheet WITHOUT scores or which
ranker found them (the order is shuffled), so that grades are given blind, before any tuning.

    python benchmarks/matching_dev/pool.py /tmp/match_dev/market.duckdb > /tmp/match_dev/sheet.txt
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
POOL = 30
PER_RANKER = 10
_QUAL = re.compile(r"(requirements|qualifications|what you|you have|skills|experience)", re.I)


def excerpt(description: str, chars: int = 420) -> str:
    found = _QUAL.search(description)
    start = max(0, found.start() - 20) if found else 0
    return re.sub(r"\s+", " ", description[start : start + chars]).strip()


def main() -> None:
    from careerpath.evaluation.matching import RANKERS, Rankers
    from careerpath.jobs import JobMatcher
    from careerpath.jobs.store_adapter import iter_store_postings
    from careerpath.navigator import Navigator
    from careerpath.settings import Settings
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    store_path = Path(sys.argv[1])
    rng = random.Random(10)
    with DuckDBPostingStore(store_path) as store:
        matcher = JobMatcher(Navigator(), Settings().cache_dir / "models")
        rankers = Rankers(matcher, store, store_path)
        postings = {p.posting_id: p for p in iter_store_postings(store)}
        heads = rankers.collapse(sorted(postings))
        pools: dict[str, list[str]] = {}
        for resume in sorted((HERE / "resumes").glob("*.md")):
            lists = [rankers.rank(r, resume)[:PER_RANKER] for r in RANKERS]
            pool: list[str] = []
            for i in range(PER_RANKER):
                for ranked in lists:
                    if i < len(ranked) and ranked[i] not in pool and len(pool) < POOL:
                        pool.append(ranked[i])
            while len(pool) < POOL:
                pick = rng.choice(heads)
                if pick not in pool:
                    pool.append(pick)
            rng.shuffle(pool)
            pools[resume.name] = pool
    (HERE / "pools.json").write_text(json.dumps(pools, indent=1), encoding="utf-8")
    for pid in sorted({p for pool in pools.values() for p in pool}):
        p = postings[pid]
        pay = f"${p.salary_usd_yearly:,.0f}" if p.salary_usd_yearly else "-"
        print(f"## {pid} | {p.title} | {p.company or '-'} | {p.location or '-'} | {p.seniority} | {pay} | {p.source}")
        if p.description:
            print("   " + excerpt(p.description))


if __name__ == "__main__":
    main()
