"""Compare title designs on JobBERT *validation* (never test): select on one half, confirm on the other.

    python scripts/tune_titles.py [--encoder minilm|hashing] [--esco DIR] [--cache DIR] [--limit N]

The validation titles are split in two halves by row number parity (A: even, B: odd). Each design's MRR is
printed per half with its 95% bootstrap interval, and the paired difference to ``titles.v1`` with its own
interval: a design is worth switching to when the difference on half B (not used to pick it) excludes zero.
Title vectors are memoised, so designs share encodings.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.evaluation.readers import read_title_examples
from careerpath.evaluation.runs import evaluate_titles
from careerpath.linking.encoders import HashingEncoder, SentenceTransformerEncoder, TextEncoder
from careerpath.linking.titles import TITLE_DESIGNS, build_occupation_linker

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--file", type=Path, default=SHARED / "jobbert_title_normalization" / "titles_validation.csv.gz"
    )
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=Path(os.path.expanduser("~/.cache/careerpath/embeddings")))
    parser.add_argument("--encoder", choices=("minilm", "distilled", "hashing"), default="minilm")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--designs", default=",".join(TITLE_DESIGNS))
    parser.add_argument(
        "--grid",
        action="store_true",
        help="also try titles.v1 with lexical weight x exact bonus (--grid-lex, --grid-exact); pick on half A",
    )
    parser.add_argument("--grid-lex", default="0,0.15,0.3,0.5,0.8")
    parser.add_argument("--grid-exact", default="0,0.3,0.6")
    args = parser.parse_args()
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from tune_linking import MemoEncoder

    taxonomy = load_esco(args.esco)
    inner: TextEncoder = HashingEncoder()
    if args.encoder == "minilm":
        inner = SentenceTransformerEncoder()
    elif args.encoder == "distilled":  # the distilled student encodes titles and occupation labels alike
        from careerpath.linking.query_encoder import distilled_query_encoder

        inner = distilled_query_encoder(args.cache.parent / "models")
    encoder = MemoEncoder(inner)
    examples = read_title_examples(args.file)
    if args.limit:
        examples = examples[: args.limit]
    halves = {"A": examples[0::2], "B": examples[1::2]}
    per_item: dict[str, dict[str, list[float]]] = {}
    print(f"{'design':22} {'half':4} {'MRR [95% CI]':>22} {'acc@1':>6} {'Δ MRR vs titles.v1 [95% CI]':>30}")
    variants: list[tuple[str, str, dict[str, float]]] = [(d, d, {}) for d in args.designs.split(",")]
    if args.grid:
        variants += [
            (f"v1 lex{lex:g} exact{exact:g}", "titles.v1", {"lexical_weight": lex, "exact_bonus": exact})
            for lex in map(float, args.grid_lex.split(","))
            for exact in map(float, args.grid_exact.split(","))
        ]
    for design, base, options in variants:
        linker = build_occupation_linker(taxonomy, encoder, base, cache_dir=args.cache, **options)
        per_item[design] = {}
        for half, items in halves.items():
            report = evaluate_titles(items, linker.score_matrix, linker.uris_)
            per_item[design][half] = report.per_item["mrr"]
            difference = ""
            if design != "titles.v1" and "titles.v1" in per_item:
                difference = str(paired_difference(per_item["titles.v1"][half], report.per_item["mrr"]).scaled(100))
            mrr = bootstrap_mean(report.per_item["mrr"]).scaled(100)
            print(f"{design:22} {half:4} {mrr!s:>22} {report.metrics['acc@1']:6.1f} {difference:>30}", flush=True)


if __name__ == "__main__":
    main()
