"""all-mpnet-base-v2 for job titles, alone or blended with titles.v4: select on JobBERT half A, confirm once.

    python scripts/select_title_ensemble.py select  --mpnet DIR [--cache DIR] [--onet FILE]
    python scripts/select_title_ensemble.py confirm --mpnet DIR --candidate NAME [--cache DIR] [--onet FILE]

``select`` scores every candidate on JobBERT validation half A (even rows; never trained on) with the paired
MRR difference to ``titles.v4``; ``confirm`` runs one named candidate (the half-A pick) on half B (odd
rows) and on the held-out O*NET silver titles (``scripts/train_title_encoder.py --heldout-out FILE``). The
ship rule (docs/benchmarks.md section 3, committed before the confirming run): half B's 95% interval above 0
and O*NET's point estimate >= 0.

Candidates, all scored as ``titles.v1`` (max over an occupation's labels + 0.3 coverage² + 0.3 exact):
``mpnet`` (all-mpnet-base-v2 zero-shot), ``blend-W`` (per label (1 - W) cos(titles.v4) + W cos(mpnet)),
and each with ``+strip`` (``strip_title_noise``: locations, urgency, pay and work-mode words removed
before matching). ``--mpnet`` is the all-mpnet-base-v2 ONNX folder (fp32) or sentence-transformers folder;
vectors are memoised under ``--cache`` (``<cache>/memo-*.npz``), so a second run encodes nothing new.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.evaluation.readers import read_title_examples
from careerpath.evaluation.runs import evaluate_titles
from careerpath.linking.encoders import OnnxEncoder, SentenceTransformerEncoder, TextEncoder
from careerpath.linking.titles import OccupationLinker, title_encoder

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
WEIGHTS = (0.25, 0.5, 0.75)


class DiskMemo:
    """An encoder whose vectors are remembered in an .npz file (text -> vector), so reruns encode nothing."""

    def __init__(self, inner: TextEncoder, path: Path) -> None:
        self.inner, self.path, self.name = inner, path, inner.name
        self.memory: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path, allow_pickle=True) as data:
                self.memory = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        self.dirty = False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.memory]
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self.memory[text] = vector
            self.dirty = True
        return np.stack([self.memory[t] for t in texts]).astype(np.float32)

    def save(self) -> None:
        if self.dirty:
            texts = list(self.memory)
            np.savez(self.path, texts=np.array(texts, dtype=object), vectors=np.stack([self.memory[t] for t in texts]))


def mpnet_encoder(folder: Path) -> TextEncoder:
    if (folder / "model.onnx").is_file():
        return OnnxEncoder(folder, int8=False, threads=1, batch_size=16, max_seq_length=64, name="mpnet-fp32-64")
    return SentenceTransformerEncoder(folder, max_seq_length=64, threads=1)


def candidates(taxonomy, v4: TextEncoder, mpnet: TextEncoder, cache: Path) -> dict[str, OccupationLinker]:
    linkers: dict[str, OccupationLinker] = {
        "titles.v4": OccupationLinker(taxonomy, v4, cache_dir=cache),
        "mpnet": OccupationLinker(taxonomy, mpnet, cache_dir=cache),
    }
    for weight in WEIGHTS:
        linkers[f"blend-{weight:g}"] = OccupationLinker(
            taxonomy, v4, cache_dir=cache, partner=mpnet, partner_weight=weight
        )
    for name in list(linkers):
        if name != "titles.v4":
            base = linkers[name]
            linkers[f"{name}+strip"] = OccupationLinker(
                taxonomy,
                v4 if base.partner else base.encoder,
                cache_dir=cache,
                partner=base.partner,
                partner_weight=base.partner_weight,
                strip_noise=True,
            )
    return linkers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("select", "confirm"))
    parser.add_argument("--candidate", help="confirm: the candidate picked on half A")
    parser.add_argument("--only", help="select: these candidates only (comma-separated), with MRR to 3 decimals")
    parser.add_argument("--mpnet", type=Path, required=True)
    parser.add_argument(
        "--file", type=Path, default=SHARED / "jobbert_title_normalization" / "titles_validation.csv.gz"
    )
    parser.add_argument("--onet", type=Path, default=Path("/tmp/onet-heldout.csv"))
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=Path(os.path.expanduser("~/.cache/careerpath/embeddings")))
    args = parser.parse_args()
    taxonomy = load_esco(args.esco)
    v4 = DiskMemo(title_encoder(args.cache.parent / "models", threads=1), args.cache / "memo-titles-v4.npz")
    mpnet = DiskMemo(mpnet_encoder(args.mpnet), args.cache / "memo-mpnet.npz")
    linkers = candidates(taxonomy, v4, mpnet, args.cache)
    examples = read_title_examples(args.file)
    if args.stage == "select":
        sets, names = {"A": examples[0::2]}, ["titles.v4", *args.only.split(",")] if args.only else list(linkers)
    else:
        if args.candidate not in linkers:
            sys.exit(f"--candidate must be one of: {', '.join(linkers)}")
        sets = {"B": examples[1::2], "onet": read_title_examples(args.onet)}
        names = ["titles.v4", args.candidate]
    verdicts: dict[str, bool] = {}
    print(f"{'candidate':22} {'set':5} {'n':>6} {'MRR [95% CI]':>22} {'acc@1':>6} {'Δ MRR vs titles.v4 [95% CI]':>30}")
    for label, items in sets.items():
        reference: list[float] = []
        for name in names:
            linker = linkers[name]
            report = evaluate_titles(items, linker.score_matrix, linker.uris_)
            rr = report.per_item["mrr"]
            delta = None if name == "titles.v4" else paired_difference(reference, rr).scaled(100)
            difference = "" if delta is None else f"{delta.estimate:+.3f} [{delta.low:+.3f}, {delta.high:+.3f}]"
            if delta is not None and args.stage == "confirm":
                verdicts[label] = delta.low > 0 if label == "B" else delta.estimate >= 0
            reference = rr if name == "titles.v4" else reference
            mrr = bootstrap_mean(rr).scaled(100)
            exact = f" {100 * float(np.mean(rr)):.3f}" if args.only else ""
            print(
                f"{name:22} {label:5} {len(items):6} {mrr!s:>22} {report.metrics['acc@1']:6.1f} {difference:>30}{exact}"
            )
            sys.stdout.flush()
            v4.save()
            mpnet.save()
    if args.stage == "confirm":  # the ship rule of docs/benchmarks.md section 3
        ships = verdicts.get("B", False) and verdicts.get("onet", False)
        print(
            f"half B interval above 0: {verdicts.get('B')}; O*NET estimate >= 0: {verdicts.get('onet')}; ships: {ships}"
        )


if __name__ == "__main__":
    main()
