"""Paired comparison of skill-linking designs on development files, with 95% bootstrap intervals.

    python scripts/pair_linking_designs.py --designs alt-max+desc+lex+trained,pref+lex+trained \\
        --baselines alt-max+desc+lex+distilled,pref+lex+distilled,alt-max+desc+lex \\
        --split validation-tech=DECORTE/tech_validation_annotations.csv ... [--json OUT]

Every design ranks the same sentences; per sentence RP@5 (as ``careerpath eval skill-linking``), then for each
group of splits (``validation``, ``dev``, ... : the part of a split name before the first "-") the macro RP@5
with its interval (each split resampled on its own) and, for each candidate against each baseline, the paired
difference (per-sentence differences, macro over the group's splits). Development files only: the Decorte
test files are never passed here (held out from this project).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from pathlib import Path

# One thread for numpy's products and the encoders: the machine is shared.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import paired_split_intervals, split_intervals
from careerpath.evaluation.readers import read_linking_examples
from careerpath.evaluation.runs import evaluate_skill_linking
from careerpath.linking import build_skill_linker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, required=True)
    parser.add_argument("--designs", required=True, help="candidate designs, comma-separated")
    parser.add_argument("--baselines", required=True, help="designs each candidate is paired against")
    parser.add_argument("--split", action="append", required=True, help="NAME=FILE (Decorte format); repeatable")
    home = Path(os.environ.get("CAREERPATH_HOME", Path.home() / ".cache" / "careerpath"))
    parser.add_argument("--cache", type=Path, default=home / "cache" / "embeddings")
    parser.add_argument("--metric", default="rp@5", choices=["rp@5", "rp@10", "mrr"])
    parser.add_argument("--json", type=Path, help="also write every per-sentence score here")
    args = parser.parse_args()
    taxonomy = load_esco(args.esco)
    splits = {name: read_linking_examples(Path(path)) for name, path in (s.split("=", 1) for s in args.split)}
    groups: dict[str, list[str]] = defaultdict(list)
    for name in splits:
        groups[name.split("-")[0]].append(name)
    macros = {f"{group} macro": names for group, names in groups.items()}
    candidates, baselines = args.designs.split(","), args.baselines.split(",")
    scores: dict[str, dict[str, list[float]]] = {}
    for design in dict.fromkeys(baselines + candidates):
        began = time.process_time()
        linker = build_skill_linker(taxonomy, design, cache_dir=args.cache).prepare()
        scores[design] = {
            name: evaluate_skill_linking(examples, linker.score_matrix, linker.labels_).per_item[args.metric]
            for name, examples in splits.items()
        }
        intervals = split_intervals(scores[design], macros=macros)
        by_split = ", ".join(f"{n} {intervals[n].scaled(100)}" for n in splits)
        by_group = ", ".join(f"{m} {intervals[m].scaled(100)}" for m in macros)
        print(f"{design} ({args.metric}; {time.process_time() - began:.0f} CPU s): {by_group}; {by_split}", flush=True)
    for candidate in candidates:
        for baseline in baselines:
            if baseline == candidate:
                continue
            differences = paired_split_intervals(scores[baseline], scores[candidate], macros=macros)
            parts = [
                f"{macro} {differences[macro].scaled(100)} ("
                + ", ".join(f"{n} {differences[n].scaled(100)}" for n in names)
                + ")"
                for macro, names in macros.items()
            ]
            print(f"paired Δ {args.metric}, {candidate} - {baseline}: " + "; ".join(parts), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"metric": args.metric, "scores": scores}))


if __name__ == "__main__":
    main()
