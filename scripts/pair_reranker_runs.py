"""Pair two runs of scripts/train_linking_reranker.py sentence by sentence (out-of-fold RP@5, 95% bootstrap).

    python scripts/pair_reranker_runs.py BASELINE.json CANDIDATE.json

Both runs must have read the same files in the same order (the script checks the sentence ids); prints, per source
and pooled over the human sentences, each run's re-ranked RP@5 and the paired difference candidate - baseline, for
the re-ranked designs and for their bases. Issue 15's "fast design within 3 points of the default" figure on dev data.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from careerpath.evaluation.bootstrap import paired_split_intervals, split_intervals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, help="--json of the baseline run (e.g. --base alt-max+desc+lex)")
    parser.add_argument("candidate", type=Path, help="--json of the candidate run")
    args = parser.parse_args()
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in (args.baseline, args.candidate)]
    first, second = (run["per_sentence"] for run in runs)
    if first["source"] != second["source"] or first["group"] != second["group"]:
        raise SystemExit("the two runs did not score the same sentences in the same order")
    source = np.asarray(first["source"])
    human = ~np.char.startswith(source, "silver")
    names = [f"{runs[0]['base']}+rerank", f"{runs[1]['base']}+rerank"]
    bases = f"{runs[1]['base']} - {runs[0]['base']}"
    print(f"paired RP@5, {names[1]} - {names[0]} (re-ranked, out of fold); and the bases, {bases}")
    masks = {name: source == name for name in dict.fromkeys(source.tolist())}
    masks["pooled-human"] = human  # in the runs' sentence order, like each source

    def by_source(run: dict, key: str) -> dict[str, np.ndarray]:
        return {name: np.asarray(run[key])[mask] for name, mask in masks.items()}

    old, new = (by_source(run, "reranked_rp5") for run in (first, second))
    means = (split_intervals(old), split_intervals(new))
    rerank_delta = paired_split_intervals(old, new)
    base_delta = paired_split_intervals(*(by_source(run, "base_rp5") for run in (first, second)))
    for name, mask in masks.items():
        print(
            f"{name:14} n={mask.sum():3}  {means[0][name].scaled(100)} -> {means[1][name].scaled(100)}  "
            f"Δ {rerank_delta[name].scaled(100)}  (bases: Δ {base_delta[name].scaled(100)})"
        )


if __name__ == "__main__":
    main()
