"""Our annotation convention against Decorte et al.'s, on the same spans of their validation splits.

    python scripts/linking_convention_gap.py [--esco DIR] [--cache DIR] [--design D ...] [--base D] [--no-rp]
        [--adopt CLASS ...] [--json OUT] [--spans OUT.csv]

Reference (A): Decorte's ``{tech,house}_validation_annotations.csv`` in the shared data. Ours (B):
``benchmarks/linking_dev/decorte_convention/{tech,house}_val_ours.csv``, labelled blind on the same spans
(README there). Both are read as ``careerpath eval skill-linking`` reads them (special labels dropped; a sentence
left with no ESCO label is unscored), and compared with ``scripts/linking_agreement.py``'s ``agreement``.

Per span (sentence, span, sub_span), the two label sets fall into one ``SPAN_CATEGORIES`` class; ``--spans``
writes every span with both sets (Decorte's labels carry no licence: the file is for local reading, not for the
repository). With the linker: RP@5 of each ``--design`` against A and against B (each on the sentences it scores,
and on the sentences both score with the paired difference B - A), and each design's gain over ``--base`` under
either convention, with the paired difference of the two gains on the sentences both score. ``--adopt CLASS``
replaces our labels by Decorte's on the spans of that class first: how much of the gap one kind of difference makes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.evaluation.readers import SPECIAL_LABELS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from linking_agreement import Labels, agreement, cell, read_rows, rp_at_5, scored_labels  # noqa: E402

OURS = ROOT / "benchmarks" / "linking_dev" / "decorte_convention"
SUBSETS = ("tech", "house")
DESIGNS = ("alt-max+desc+lex", "alt-max+desc+lex+rerank.v2", "alt-max+desc+lex+rerank.v3")
SpanKey = tuple[str, str, str]  # (sentence, span, sub_span)
SPAN_CATEGORIES = (
    "identical",  # the same label set, special labels included
    "overlap",  # both link, sets share a skill but differ
    "different skill",  # both link, no skill in common
    "we link, they LNP",
    "we link, they UND",
    "they link, we LNP",
    "they link, we UND",
    "both special, differ",  # LNP against UND
)


def span_labels(rows: Iterable[dict[str, str]]) -> dict[SpanKey, frozenset[str]]:
    """Every span's full label set, special labels kept (Decorte repeats a span's row once per label)."""
    grouped: dict[SpanKey, set[str]] = {}
    for row in rows:
        key = (row["sentence"], row["span"], row.get("sub_span") or "")
        grouped.setdefault(key, set()).add((row.get("label") or "").strip())
    return {key: frozenset(labels - {""}) for key, labels in grouped.items()}


def span_category(theirs: frozenset[str], ours: frozenset[str]) -> str:
    """The ``SPAN_CATEGORIES`` class of one span's pair of label sets."""
    if theirs == ours:
        return "identical"
    their_skills, our_skills = theirs - SPECIAL_LABELS, ours - SPECIAL_LABELS
    if their_skills and our_skills:
        return "overlap" if their_skills & our_skills else "different skill"
    if our_skills:
        return "we link, they LNP" if "LABEL NOT PRESENT" in theirs else "we link, they UND"
    if their_skills:
        return "they link, we LNP" if "LABEL NOT PRESENT" in ours else "they link, we UND"
    return "both special, differ"


def span_table(theirs: dict[SpanKey, frozenset[str]], ours: dict[SpanKey, frozenset[str]]) -> list[dict[str, str]]:
    """One row per span of ours (in our order): both label sets and the category."""
    return [
        {
            "sentence": key[0],
            "span": key[1],
            "sub_span": key[2],
            "decorte": "; ".join(sorted(theirs.get(key, frozenset()))),
            "ours": "; ".join(sorted(labels)),
            "category": span_category(theirs.get(key, frozenset()), labels),
        }
        for key, labels in ours.items()
    ]


def adopt(their_rows: list[dict[str, str]], our_rows: list[dict[str, str]], classes: set[str]) -> list[dict[str, str]]:
    """Our rows with Decorte's labels on the spans whose pair falls into ``classes`` (a counterfactual of ours)."""
    theirs, ours = span_labels(their_rows), span_labels(our_rows)
    rows = []
    for key, labels in ours.items():
        chosen = theirs[key] if span_category(theirs[key], labels) in classes else labels
        rows += [{"sentence": key[0], "span": key[1], "sub_span": key[2], "label": label} for label in sorted(chosen)]
    return rows


def labels_per_span(spans: dict[SpanKey, frozenset[str]]) -> float:
    """Mean number of ESCO labels over the spans that have at least one."""
    counts = [len(labels - SPECIAL_LABELS) for labels in spans.values() if labels - SPECIAL_LABELS]
    return float(np.mean(counts)) if counts else 0.0


def cached_scorer(score, sentences: Sequence[str]):
    """``score`` run once over ``sentences``; the returned callable looks their rows up (every design, all files)."""
    unique = list(dict.fromkeys(sentences))
    matrix = score(unique)
    where = {sentence: i for i, sentence in enumerate(unique)}
    return lambda batch: matrix[[where[s] for s in batch]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))
    parser.add_argument("--esco", type=Path, default=shared / "esco_v1_1_1")
    parser.add_argument("--decorte", type=Path, default=shared / "decorte_skill_extraction_benchmark")
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache (default: CAREERPATH_HOME's)")
    parser.add_argument("--design", action="append", default=None, help=f"repeatable (default: {', '.join(DESIGNS)})")
    parser.add_argument("--base", default=DESIGNS[0], help="the design the others' gains are measured against")
    parser.add_argument("--no-rp", action="store_true", help="agreement only; do not run the linker")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--adopt",
        action="append",
        choices=SPAN_CATEGORIES[1:],
        help="repeatable: take Decorte's labels on the spans of this class (how much of the gap the class explains)",
    )
    parser.add_argument("--spans", type=Path, default=None, help="write the per-span comparison here (local only)")
    args = parser.parse_args()

    their_rows = {s: read_rows(args.decorte / f"{s}_validation_annotations.csv") for s in SUBSETS}
    our_rows = {s: read_rows(OURS / f"{s}_val_ours.csv") for s in SUBSETS}
    if args.adopt:
        our_rows = {s: adopt(their_rows[s], our_rows[s], set(args.adopt)) for s in SUBSETS}
        print(f"ours with Decorte's labels on the spans of: {', '.join(args.adopt)}\n")
    pairs: dict[str, tuple[Labels, Labels]] = {
        s: (scored_labels(their_rows[s]), scored_labels(our_rows[s])) for s in SUBSETS
    }
    pairs["all"] = (
        {k: v for a, _ in pairs.values() for k, v in a.items()},
        {k: v for _, b in pairs.values() for k, v in b.items()},
    )
    report: dict[str, dict] = {"subsets": {}}

    print("Agreement of our labels with Decorte's (A = Decorte, B = ours; % with 95% bootstrap intervals)")
    print(
        f"{'subset':6} {'n':>3} {'A':>3} {'B':>3} {'both':>4} {'none':>4}  "
        + "  ".join(f"{name:20}" for name in ("precision", "recall", "micro F1", "Jaccard", "identical", "status"))
    )
    for subset, (a, b) in pairs.items():
        result = agreement(a, b)
        report["subsets"][subset] = {"agreement": asdict(result)}
        fields = (result.precision, result.recall, result.f1, result.jaccard, result.identical, result.status_agreement)
        print(
            f"{subset:6} {result.sentences:>3} {result.scored_by_a:>3} {result.scored_by_b:>3} "
            f"{result.scored_by_both:>4} {result.unscored_by_both:>4}  " + "  ".join(f"{cell(x):20}" for x in fields)
        )

    print("\nPer span: how our labels differ from Decorte's (counts)")
    print(f"{'subset':6} {'spans':>5} " + " ".join(f"{c:>21}" for c in SPAN_CATEGORIES) + "  labels/linked span A, B")
    table: list[dict[str, str]] = []
    for subset in SUBSETS:
        theirs, ours = span_labels(their_rows[subset]), span_labels(our_rows[subset])
        rows = span_table(theirs, ours)
        table += [{"subset": subset, **row} for row in rows]
        counts = Counter(row["category"] for row in rows)
        per_span = (labels_per_span(theirs), labels_per_span(ours))
        report["subsets"][subset]["spans"] = {"n": len(rows), **counts, "labels_per_linked_span": per_span}
        print(
            f"{subset:6} {len(rows):>5} "
            + " ".join(f"{counts[c]:>21}" for c in SPAN_CATEGORIES)
            + f"  {per_span[0]:.2f}, {per_span[1]:.2f}"
        )
    if args.spans:
        with args.spans.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)
        print(f"wrote {args.spans}")

    if not args.no_rp:
        rp_section(args, pairs, report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


def rp_section(args: argparse.Namespace, pairs: dict[str, tuple[Labels, Labels]], report: dict) -> None:
    """RP@5 of every design against both conventions, and the designs' gains over the base under each."""
    from careerpath.esco import load_esco
    from careerpath.linking.designs import build_skill_linker

    cache = args.cache
    if cache is None:
        from careerpath.settings import load_settings

        cache = load_settings().cache_dir / "embeddings"
    designs = args.design or list(DESIGNS)
    if args.base not in designs:
        designs = [args.base, *designs]
    esco = load_esco(args.esco)
    everything = list(pairs["all"][0])
    per_item: dict[str, dict[str, dict[str, list[float]]]] = {}  # design -> subset -> view -> per-sentence RP@5
    print("\nRP@5 against each convention (%, 95% bootstrap intervals over sentences)")
    print(
        f"{'design':28} {'subset':6} {'n':>3} {'vs Decorte':>20} {'n':>3} {'vs ours':>20}   both: "
        f"{'n':>3} {'vs Decorte':>20} {'vs ours':>20} {'ours - Decorte':>22}"
    )
    for design in designs:
        linker = build_skill_linker(esco, design, cache_dir=cache).prepare()
        score = cached_scorer(linker.score_matrix, everything)
        per_item[design] = {}
        for subset, (a, b) in pairs.items():
            by_a = [s for s in a if a[s]]
            by_b = [s for s in b if b[s]]
            both = [s for s in by_a if b.get(s)]
            views = {
                "vs_a": rp_at_5(a, by_a, score, linker.labels_),
                "vs_b": rp_at_5(b, by_b, score, linker.labels_),
                "both_vs_a": rp_at_5(a, both, score, linker.labels_),
                "both_vs_b": rp_at_5(b, both, score, linker.labels_),
            }
            per_item[design][subset] = views
            rows = {name: bootstrap_mean(values).scaled(100) for name, values in views.items()}
            rows["both_b_minus_a"] = paired_difference(views["both_vs_a"], views["both_vs_b"]).scaled(100)
            report["subsets"][subset].setdefault("rp@5", {})[design] = {k: asdict(v) for k, v in rows.items()}
            print(
                f"{design:28} {subset:6} {len(by_a):>3} {cell(rows['vs_a']):>20} {len(by_b):>3} "
                f"{cell(rows['vs_b']):>20}   both: {len(both):>3} {cell(rows['both_vs_a']):>20} "
                f"{cell(rows['both_vs_b']):>20} {cell(rows['both_b_minus_a']):>22}"
            )
    gains_section(args.base, designs, per_item, report)


def gains_section(base: str, designs: list[str], per_item: dict, report: dict) -> None:
    """Each design minus the base under each convention; the difference of the two gains on shared sentences."""
    if designs == [base]:
        return
    print(f"\nGain over {base} (RP@5 points, paired over sentences)")
    print(f"{'design':28} {'subset':6} {'under Decorte':>22} {'under ours':>22} {'both: ours - Decorte gain':>26}")
    for design in designs:
        if design == base:
            continue
        for subset, views in per_item[design].items():
            reference = per_item[base][subset]
            gain_a = paired_difference(reference["vs_a"], views["vs_a"]).scaled(100)
            gain_b = paired_difference(reference["vs_b"], views["vs_b"]).scaled(100)
            gain_a_both = np.subtract(views["both_vs_a"], reference["both_vs_a"])
            gain_b_both = np.subtract(views["both_vs_b"], reference["both_vs_b"])
            shift = paired_difference(gain_a_both, gain_b_both).scaled(100)
            report["subsets"][subset].setdefault("gain", {})[design] = {
                "under_a": asdict(gain_a),
                "under_b": asdict(gain_b),
                "both_b_minus_a": asdict(shift),
            }
            print(f"{design:28} {subset:6} {cell(gain_a):>22} {cell(gain_b):>22} {cell(shift):>26}")


if __name__ == "__main__":
    main()
