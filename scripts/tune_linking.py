"""Grid-evaluate skill-linking designs on the Decorte *validation* splits (never the test splits).

    python scripts/tune_linking.py [--esco DIR] [--cache DIR] [--limit N] [--dev DIR]

Sentence embeddings are computed once per split and reused across designs, so a grid is cheap.
``--dev DIR`` adds the silver development files of scripts/build_linking_devset.py (SkillSpan train + dev
sentences, TECH and HOUSE) as two more splits; ``--ci`` prints each RP@5 with its 95% bootstrap interval.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_macro, bootstrap_mean
from careerpath.evaluation.readers import read_linking_examples
from careerpath.evaluation.runs import evaluate_skill_linking
from careerpath.linking.designs import DESIGNS
from careerpath.linking.encoders import OnnxEncoder, SentenceTransformerEncoder, StaticEncoder, TextEncoder
from careerpath.linking.linker import SkillLinker

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
DECORTE = SHARED / "decorte_skill_extraction_benchmark"


class MemoEncoder:
    """Wraps an encoder and remembers every text it has encoded."""

    def __init__(self, inner: TextEncoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.memory: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.memory]
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self.memory[text] = vector
        return np.stack([self.memory[t] for t in texts])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--esco", default=str(SHARED / "esco_v1_1_1"))
    parser.add_argument("--cache", default=os.path.expanduser("~/.cache/careerpath/embeddings"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--static", default="", help="folder of a model2vec model to use instead of MiniLM")
    parser.add_argument("--onnx", default="", help="folder from scripts/export_onnx_encoder.py (int8 queries)")
    parser.add_argument(
        "--share-cache",
        action="store_true",
        help="with --onnx: reuse the PyTorch model's taxonomy embeddings (queries int8, taxonomy fp32)",
    )
    parser.add_argument("--grid", action="store_true", help="also search fusion weights around the designs")
    parser.add_argument("--designs", default="", help="comma-separated design names (default: all)")
    parser.add_argument("--dev", default="", help="folder of silver dev files (scripts/build_linking_devset.py)")
    parser.add_argument("--ci", action="store_true", help="print RP@5 with 95%% bootstrap intervals per split")
    parser.add_argument("--grid-desc", default="0,0.3,0.5")
    parser.add_argument("--grid-lex", default="0.2,0.3,0.45,0.6")
    parser.add_argument("--grid-power", default="1,2,3")
    parser.add_argument("--grid-prior", default="0,0.05,0.1")
    parser.add_argument("--grid-pref", default="0,0.2")
    args = parser.parse_args()
    taxonomy = load_esco(args.esco)
    inner: TextEncoder = SentenceTransformerEncoder()
    if args.static:
        inner = StaticEncoder(args.static)
    elif args.onnx:
        inner = OnnxEncoder(args.onnx, name=inner.name if args.share_cache else None)
    encoder = MemoEncoder(inner)
    splits = {
        name: read_linking_examples(
            SHARED / "decorte_skill_extraction_benchmark" / f"{name}_validation_annotations.csv"
        )
        for name in ("tech", "house")
    }
    if args.dev:
        for name in ("tech", "house"):
            splits[f"silver-{name}"] = [
                e
                for split in ("train", "dev")
                for e in read_linking_examples(Path(args.dev) / f"silver_{name}_{split}.csv")
            ]
    if args.limit:
        splits = {k: v[: args.limit] for k, v in splits.items()}
    configs = {k: v for k, v in DESIGNS.items() if not args.designs or k in args.designs.split(",")}
    if args.grid:
        base = DESIGNS["alt-max+desc+lex"]
        axes = [
            [float(v) for v in getattr(args, f"grid_{a}").split(",")] for a in ("desc", "lex", "power", "prior", "pref")
        ]
        for d, lex, power, prior, pref in itertools.product(*axes):
            configs[f"d{d}-l{lex}^{power}-p{prior}-pref{pref}"] = dataclasses.replace(
                base,
                description_weight=d,
                lexical_weight=lex,
                lexical_power=power,
                prior_weight=prior,
                preferred_weight=pref,
            )
    extra = [k for k in splits if k not in ("tech", "house")]
    print(
        f"{'design':32} {'tech rp@5':>9} {'house rp@5':>10} {'macro':>6} {'rp@10':>6} {'mrr':>6}"
        + "".join(f" {k + ' rp@5':>14}" for k in extra)
    )
    for name, config in configs.items():
        linker = SkillLinker(taxonomy, encoder, config, cache_dir=args.cache).prepare()
        results = {}
        per_item = {}
        began = time.perf_counter()
        for split, examples in splits.items():
            report = evaluate_skill_linking(examples, linker.score_matrix, linker.labels_)
            results[split], per_item[split] = report.metrics, report.per_item["rp@5"]
        macro = {m: (results["tech"][m] + results["house"][m]) / 2 for m in ("rp@5", "rp@10", "mrr")}
        print(
            f"{name:32} {results['tech']['rp@5']:9.1f} {results['house']['rp@5']:10.1f} {macro['rp@5']:6.1f} "
            f"{macro['rp@10']:6.1f} {macro['mrr']:6.1f}"
            + "".join(f" {results[k]['rp@5']:14.1f}" for k in extra)
            + f"  ({time.perf_counter() - began:.1f}s)",
            flush=True,
        )
        if args.ci:
            macro_ci = bootstrap_macro([per_item["tech"], per_item["house"]]).scaled(100)
            print(
                f"    95% CI: macro {macro_ci}, "
                + ", ".join(f"{k} {bootstrap_mean(v).scaled(100)}" for k, v in per_item.items())
            )


if __name__ == "__main__":
    main()
