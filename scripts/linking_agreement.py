"""Second-annotator agreement on the session-8 fresh skill-linking files, and how much RP@5 moves with the annotator.

    python scripts/linking_agreement.py [--esco DIR] [--cache DIR] [--design D] [--no-rp] [--json OUT]

Annotator A: the committed fresh8/fresh9 files of ``benchmarks/linking_dev`` (jobs rebuilt from their references
with ``scripts/jobs_linking_devset.py``'s ``build``). Annotator B: ``benchmarks/linking_dev/agreement``, labelled
blind on 50 sentences per subset drawn from A's files. Both are read as ``careerpath eval skill-linking`` reads
them: the special labels (``LABEL NOT PRESENT``, ``UNDERSPECIFIED``) are dropped, and a sentence left with no
ESCO label is *unscored*.

Per subset (tech, house, jobs) and pooled, over B's sentences, with 95% bootstrap intervals over sentences:
micro precision / recall / F1 of B's label sets against A's; mean Jaccard over the sentences that at least one
annotator scores; the share of those with identical label sets; the share of all sentences whose scored/unscored
status both annotators agree on. Then RP@5 of ``--design`` (default: the default design's alias,
``alt-max+desc+lex+rerank``) against A's labels and against B's labels, each on the sentences that annotator scores
and both on the sentences both score (with the paired difference B - A). Row ``unseen``: the pooled sentences
outside the fresh8 TECH/HOUSE files, which the v3 re-ranker was trained on (with A's labels).
``--no-rp`` skips the linker.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from careerpath.evaluation.bootstrap import Interval, bootstrap_mean, bootstrap_ratio, f1_from_counts, paired_difference
from careerpath.evaluation.readers import SPECIAL_LABELS

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "benchmarks" / "linking_dev"
AGREEMENT = DEV / "agreement"
SUBSETS = ("tech", "house", "jobs")
Labels = dict[str, frozenset[str]]  # sentence -> its scored ESCO labels (empty: unscored)


def scored_labels(rows: Iterable[dict[str, str]]) -> Labels:
    """Every sentence of Decorte-format rows with its ESCO labels, special labels dropped (empty set = unscored)."""
    grouped: dict[str, set[str]] = {}
    for row in rows:
        label = (row.get("label") or "").strip()
        labels = grouped.setdefault(row["sentence"], set())
        if label and label not in SPECIAL_LABELS:
            labels.add(label)
    return {sentence: frozenset(labels) for sentence, labels in grouped.items()}


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _precision(sums: np.ndarray) -> np.ndarray:
    return _safe_divide(sums[..., 0], sums[..., 1])


def _recall(sums: np.ndarray) -> np.ndarray:
    return _safe_divide(sums[..., 0], sums[..., 2])


def _safe_divide(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    top = np.asarray(top, dtype=np.float64)
    return np.divide(top, bottom, out=np.zeros_like(top), where=np.asarray(bottom) > 0)


@dataclass(frozen=True)
class Agreement:
    """B against A on the same sentences (percentages, each with its 95% bootstrap interval over sentences)."""

    sentences: int
    scored_by_a: int
    scored_by_b: int
    scored_by_both: int
    unscored_by_both: int
    precision: Interval  # of B's labels, taking A's as reference
    recall: Interval
    f1: Interval
    jaccard: Interval  # mean over sentences scored by A or B
    identical: Interval  # share of sentences scored by A or B with identical label sets
    status_agreement: Interval  # share of all sentences where A and B agree scored vs unscored


def agreement(a: Labels, b: Labels, sentences: list[str] | None = None, *, seed: int = 0) -> Agreement:
    """Set agreement of B with A over ``sentences`` (default: B's); a sentence absent from A counts as unscored."""
    items = list(b) if sentences is None else sentences
    gold = [a.get(s, frozenset()) for s in items]
    pred = [b.get(s, frozenset()) for s in items]
    counts = np.array([[len(g & p), len(p), len(g)] for g, p in zip(gold, pred, strict=True)], dtype=float)
    either = [(g, p) for g, p in zip(gold, pred, strict=True) if g or p]
    jaccard = [len(g & p) / len(g | p) for g, p in either]
    identical = [float(g == p) for g, p in either]
    status = [float(bool(g) == bool(p)) for g, p in zip(gold, pred, strict=True)]
    return Agreement(
        sentences=len(items),
        scored_by_a=sum(bool(g) for g in gold),
        scored_by_b=sum(bool(p) for p in pred),
        scored_by_both=sum(bool(g) and bool(p) for g, p in zip(gold, pred, strict=True)),
        unscored_by_both=sum(not g and not p for g, p in zip(gold, pred, strict=True)),
        precision=bootstrap_ratio(counts, _precision, seed=seed).scaled(100),
        recall=bootstrap_ratio(counts, _recall, seed=seed).scaled(100),
        f1=bootstrap_ratio(counts, f1_from_counts, seed=seed).scaled(100),
        jaccard=bootstrap_mean(jaccard, seed=seed).scaled(100),
        identical=bootstrap_mean(identical, seed=seed).scaled(100),
        status_agreement=bootstrap_mean(status, seed=seed).scaled(100),
    )


def jobs_rows(labels: Path) -> list[dict[str, str]]:
    """``sentence,label`` rows of a jobs references file, re-cut from the local Glassdoor copy (its own ``build``)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from jobs_linking_devset import SHARED, build

    return build(SHARED, labels)


def annotators(subset: str) -> tuple[Labels, Labels]:
    """(A, B) for one subset: all of A's fresh8 + fresh9 sentences, and B's 50 (``agreement`` compares over B's)."""
    if subset == "jobs":
        a_rows = [r for n in (8, 9) for r in jobs_rows(DEV / f"jobs_fresh{n}_labels.csv")]
        b_rows = jobs_rows(AGREEMENT / "jobs_b_labels.csv")
    else:
        a_rows = [r for n in (8, 9) for r in read_rows(DEV / f"{subset}_fresh{n}_annotations.csv")]
        b_rows = read_rows(AGREEMENT / f"{subset}_b_annotations.csv")
    return scored_labels(a_rows), scored_labels(b_rows)


def rp_at_5(labels: Labels, sentences: list[str], score: Callable, esco_labels: list[str]) -> list[float]:
    """Per-sentence RP@5 of the linker against ``labels`` on ``sentences``, through a temporary Decorte file."""
    from careerpath.evaluation.readers import read_linking_examples
    from careerpath.evaluation.runs import evaluate_skill_linking

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "annotations.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["sentence", "label"])
            writer.writerows([s, label] for s in sentences for label in sorted(labels[s]))
        examples = read_linking_examples(path)
    assert [e.sentence for e in examples] == sentences  # same sentences, same order: pairs line up
    return list(evaluate_skill_linking(examples, score, esco_labels).per_item["rp@5"])


def cell(interval: Interval) -> str:
    return f"{interval.estimate:5.1f} [{interval.low:5.1f}, {interval.high:5.1f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))
    parser.add_argument("--esco", type=Path, default=shared / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache (default: CAREERPATH_HOME's)")
    parser.add_argument("--design", default="alt-max+desc+lex+rerank")
    parser.add_argument("--no-rp", action="store_true", help="agreement only; do not run the linker")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    pairs = {subset: annotators(subset) for subset in SUBSETS}
    pooled_a: Labels = {}
    pooled_b: Labels = {}
    for a, b in pairs.values():
        pooled_a.update(a)
        pooled_b.update(b)
    pairs["all"] = (pooled_a, pooled_b)
    # v3's re-ranker was fitted on the fresh8 TECH/HOUSE files (annotator A's labels): the fair RP@5 row leaves them out
    seen = {
        row["sentence"] for subset in ("tech", "house") for row in read_rows(DEV / f"{subset}_fresh8_annotations.csv")
    }
    pairs["unseen"] = (pooled_a, {s: labels for s, labels in pooled_b.items() if s not in seen})
    report: dict[str, dict] = {"design": args.design, "subsets": {}}
    print("Agreement of annotator B with annotator A (scored ESCO labels; % with 95% bootstrap intervals)")
    header = f"{'subset':6} {'n':>3} {'A':>3} {'B':>3} {'both':>4} {'none':>4}  "
    header += "  ".join(f"{name:20}" for name in ("precision", "recall", "micro F1", "Jaccard", "identical", "status"))
    print(header)
    for subset, (a, b) in pairs.items():
        result = agreement(a, b)
        report["subsets"][subset] = {"agreement": asdict(result)}
        counts = (result.sentences, result.scored_by_a, result.scored_by_b, result.scored_by_both)
        line = (
            f"{subset:6} " + " ".join(f"{c:>3}" for c in counts[:3]) + f" {counts[3]:>4} {result.unscored_by_both:>4}  "
        )
        fields = (result.precision, result.recall, result.f1, result.jaccard, result.identical, result.status_agreement)
        print(line + "  ".join(f"{cell(x):20}" for x in fields))

    if not args.no_rp:
        from careerpath.esco import load_esco
        from careerpath.linking.designs import build_skill_linker

        cache = args.cache
        if cache is None:
            from careerpath.settings import load_settings

            cache = load_settings().cache_dir / "embeddings"
        linker = build_skill_linker(load_esco(args.esco), args.design, cache_dir=cache).prepare()
        print(f"\nRP@5 of {args.design} against each annotator (%, 95% bootstrap intervals over sentences)")
        print(f"{'subset':6} {'RP@5 vs A (A-scored)':>28} {'RP@5 vs B (B-scored)':>28}   on sentences both score:")
        print(f"{'':6} {'':>28} {'':>28}   {'n':>3} {'vs A':>20} {'vs B':>20} {'B - A':>22}")
        for subset, (a, b) in pairs.items():
            items = list(b)
            by_a = [s for s in items if a.get(s)]
            by_b = [s for s in items if b[s]]
            both = [s for s in by_a if b[s]]
            score_a = rp_at_5(a, by_a, linker.score_matrix, linker.labels_)
            score_b = rp_at_5(b, by_b, linker.score_matrix, linker.labels_)
            common_a = rp_at_5(a, both, linker.score_matrix, linker.labels_)
            common_b = rp_at_5(b, both, linker.score_matrix, linker.labels_)
            rows = {
                "vs_a": bootstrap_mean(score_a).scaled(100),
                "vs_b": bootstrap_mean(score_b).scaled(100),
                "both_vs_a": bootstrap_mean(common_a).scaled(100),
                "both_vs_b": bootstrap_mean(common_b).scaled(100),
                "both_b_minus_a": paired_difference(common_a, common_b).scaled(100),
            }
            report["subsets"][subset]["rp@5"] = {name: asdict(value) for name, value in rows.items()}
            print(
                f"{subset:6} {len(by_a):>3} {cell(rows['vs_a']):>24} {len(by_b):>3} {cell(rows['vs_b']):>24}   "
                f"{len(both):>3} {cell(rows['both_vs_a']):>20} {cell(rows['both_vs_b']):>20} "
                f"{cell(rows['both_b_minus_a']):>22}"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
