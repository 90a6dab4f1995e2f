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

from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference


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
    for name in [*dict.fromkeys(source.tolist()), "pooled-human"]:
        mask = human if name == "pooled-human" else source == name
        old, new = (np.asarray(run["reranked_rp5"])[mask] for run in (first, second))
        old_base, new_base = (np.asarray(run["base_rp5"])[mask] for run in (first, second))
        print(
            f"{name:14} n={mask.sum():3}  {bootstrap_mean(old).scaled(100)} -> {bootstrap_mean(new).scaled(100)}  "
            f"Δ {paired_difference(old, new).scaled(100)}  "
            f"(bases: Δ {paired_difference(old_base, new_base).scaled(100)})"
        )


if __name__ == "__main__":
    main()
