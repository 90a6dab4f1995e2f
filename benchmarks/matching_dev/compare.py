"""nDCG@10 of the shipped rankers on a judgments file, with 95% bootstrap intervals, the paired
bootstrap interval of (reference - ranker), judged@10 (the share of a ranker's top 10 that was judged;
below 1, unjudged postings count as grade 0, against that ranker) and the condensed nDCG@10 (unjudged
postings left out of the ranking, Sakai 2007: an upper view for a ranker with unjudged postings).

    python benchmarks/matching_dev/compare.py STORE JUDGMENTS [REFERENCE]   # default reference: match-score.v2
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

RANKERS = ("match-score.v2", "match-fusion.v1", "bm25", "embedding", "skills")


def main() -> None:
    from careerpath.evaluation.matching import (
        Rankers,
        bootstrap_ci,
        ndcg_at,
        paired_bootstrap_ci,
        read_judgments,
    )
    from careerpath.jobs import JobMatcher
    from careerpath.navigator import Navigator
    from careerpath.settings import Settings
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    store_path, judgments = Path(sys.argv[1]), Path(sys.argv[2])
    reference = sys.argv[3] if len(sys.argv) > 3 else RANKERS[0]
    order = (reference, *(r for r in RANKERS if r != reference))
    judged = read_judgments(judgments)
    per: dict[str, list[float]] = {}
    share: dict[str, list[float]] = {}
    condensed: dict[str, list[float]] = {}
    with DuckDBPostingStore(store_path) as store:
        rankers = Rankers(JobMatcher(Navigator(), Settings().cache_dir / "models"), store, store_path)
        for name in RANKERS:
            for resume in sorted(judged):
                ranked = rankers.rank(name, resume)
                per.setdefault(name, []).append(ndcg_at(ranked, judged[resume]))
                share.setdefault(name, []).append(sum(p in judged[resume] for p in ranked[:10]) / 10)
                kept = [p for p in ranked if p in judged[resume]]
                condensed.setdefault(name, []).append(ndcg_at(kept, judged[resume]))
    print(f"{judgments.name}: {len(judged)} resumes, {sum(len(g) for g in judged.values())} judgments")
    print(f"| ranker | nDCG@10 [95% CI] | {reference} minus ranker [paired 95% CI] | judged@10 | condensed nDCG@10 |")
    print("|---|---|---|---|---|")
    out = {}
    for name in order:
        lo, hi = bootstrap_ci(per[name])
        mean = float(np.mean(per[name]))
        diff = ""
        if name != reference:
            d_lo, d_hi = paired_bootstrap_ci(per[reference], per[name])
            d = float(np.mean(per[reference]) - mean)
            diff = f"{d:+.3f} [{d_lo:+.3f}, {d_hi:+.3f}]"
        print(f"| {name} | {mean:.3f} [{lo:.3f}, {hi:.3f}] | {diff} | {np.mean(share[name]):.2f} "
              f"| {np.mean(condensed[name]):.3f} |")  # fmt: skip
        out[name] = {"ndcg@10": round(mean, 4), "ci95": [round(lo, 4), round(hi, 4)],
                     "judged@10": round(float(np.mean(share[name])), 3)}  # fmt: skip
    print(json.dumps({"file": judgments.name, "rankers": out, "per_resume": {
        name: [round(v, 4) for v in values] for name, values in per.items()}}))  # fmt: skip


if __name__ == "__main__":
    main()
