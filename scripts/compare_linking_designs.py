"""Skill-linking designs side by side on every development split, with 95% bootstrap intervals and paired differences.

    python scripts/compare_linking_designs.py --silver DIR [--designs A,B,...] [--pairs B-A,...] [--json OUT]

Splits (never a test split): Decorte TECH/HOUSE validation, the human-annotated dev set of benchmarks/linking_dev
(TECH/HOUSE) and, with ``--silver DIR``, the silver set of scripts/build_linking_devset.py (train + dev files).
Each design is built exactly as ``careerpath eval skill-linking --design D`` builds it (``build_skill_linker``) and
scored by the same ``evaluate_skill_linking``, so a cell equals the CLI's figure for that file. Per design: RP@5
per split with its interval, and the macro over the four human-labelled splits (each resampled on its own). Per
pair ``B-A``: B minus A on the same sentences (paired bootstrap), per split and pooled over ``--pool`` (default: the
four human splits), and the validation macro difference.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import Interval, paired_split_intervals, split_intervals
from careerpath.evaluation.readers import read_linking_examples
from careerpath.evaluation.runs import evaluate_skill_linking
from careerpath.linking.designs import build_skill_linker

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))
DECORTE = SHARED / "decorte_skill_extraction_benchmark"
ANNOTATED = ROOT / "benchmarks" / "linking_dev"
HUMAN = ("val-tech", "val-house", "ann-tech", "ann-house")


def split_files(silver: Path | None) -> dict[str, list[Path]]:
    files = {
        "val-tech": [DECORTE / "tech_validation_annotations.csv"],
        "val-house": [DECORTE / "house_validation_annotations.csv"],
        "ann-tech": [ANNOTATED / "tech_dev_annotations.csv"],
        "ann-house": [ANNOTATED / "house_dev_annotations.csv"],
    }
    if silver:
        for name in ("tech", "house"):
            files[f"silver-{name}"] = [silver / f"silver_{name}_train.csv", silver / f"silver_{name}_dev.csv"]
    return files


def cell(interval: Interval) -> dict[str, float]:
    return {"rp5": round(interval.estimate, 1), "low": round(interval.low, 1), "high": round(interval.high, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=None, help="embeddings cache (default: $CAREERPATH_HOME's)")
    parser.add_argument("--silver", type=Path, default=None)
    parser.add_argument(
        "--designs", default="alt-max+desc+lex,alt-max+desc+lex+distilled,pref+lex,pref+lex+distilled,lexical"
    )
    parser.add_argument(
        "--pairs",
        default="alt-max+desc+lex+distilled-alt-max+desc+lex,pref+lex+distilled-alt-max+desc+lex,"
        "pref+lex-alt-max+desc+lex",
        help="comma-separated B-A pairs, split at the first '-' that leaves two known designs",
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--extra", nargs="*", default=[], help="NAME=FILE: more Decorte-format splits (e.g. the confirmation set)"
    )
    parser.add_argument(
        "--pool",
        default=",".join(HUMAN),
        help="comma-separated splits whose sentences the pooled paired difference uses (default: the four human ones)",
    )
    args = parser.parse_args()
    cache = args.cache
    if cache is None:
        from careerpath.settings import load_settings

        cache = load_settings().cache_dir / "embeddings"
    taxonomy = load_esco(args.esco)
    files = split_files(args.silver)
    files.update({name: [Path(path)] for name, path in (item.split("=", 1) for item in args.extra)})
    splits = {name: [e for path in paths for e in read_linking_examples(path)] for name, paths in files.items()}
    designs = args.designs.split(",")
    pool = args.pool.split(",")
    validation = ("val-tech", "val-house")
    per_item: dict[str, dict[str, np.ndarray]] = {}
    report: dict[str, dict] = {"designs": {}, "pairs": {}, "sizes": {k: len(v) for k, v in splits.items()}}
    print("split sizes: " + ", ".join(f"{k} {len(v)}" for k, v in splits.items()))
    for design in designs:
        began = time.perf_counter()
        linker = build_skill_linker(taxonomy, design, cache_dir=cache).prepare()
        scores = {}
        for name, examples in splits.items():
            result = evaluate_skill_linking(examples, linker.score_matrix, linker.labels_)
            scores[name] = np.asarray(result.per_item["rp@5"], dtype=float)
        per_item[design] = scores
        intervals = split_intervals(
            scores, pools={"pooled": pool}, macros={"macro-human": HUMAN, "macro-val": validation}
        )
        columns = [*scores, "macro-human", "macro-val", "pooled"]
        row = {name: cell(intervals[name].scaled(100)) for name in columns}
        report["designs"][design] = row
        report.setdefault("per_item", {})[design] = {name: values.tolist() for name, values in scores.items()}
        print(
            f"{design:30} "
            + "  ".join(f"{k} {v['rp5']:.1f} [{v['low']:.1f}, {v['high']:.1f}]" for k, v in row.items())
            + f"  ({time.perf_counter() - began:.0f}s)",
            flush=True,
        )
    for pair in filter(None, args.pairs.split(",")):
        b, a = next((pair[:i], pair[i + 1 :]) for i, c in enumerate(pair) if c == "-" and pair[:i] in per_item)
        if a not in per_item:
            continue
        differences = paired_split_intervals(
            per_item[a], per_item[b], pools={"pooled": pool}, macros={"macro-val": validation}
        )
        row = {name: cell(interval.scaled(100)) for name, interval in differences.items()}
        report["pairs"][f"{b} - {a}"] = row
        print(
            f"{b} - {a}: "
            + "  ".join(f"{k} {v['rp5']:+.1f} [{v['low']:+.1f}, {v['high']:+.1f}]" for k, v in row.items()),
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
