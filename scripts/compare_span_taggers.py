"""Two span taggers on the same SkillSpan dev sentences: each one's strict F1, and the paired difference.

    nice python scripts/compare_span_taggers.py [--baseline span-tagger.v1] [--candidate span-tagger.v2]
                                                [--files tech,house] [--split dev] [--half A|B|all]
                                                [--candidate-o-bias D]
    nice python scripts/compare_span_taggers.py --half A --select W1.safetensors W2.safetensors ...
                                                [--biases -1,-0.5,0,0.5,1]

A tagger is a registered name or a weights file (``.safetensors``, e.g. a checkpoint). ``--select``
scores every weights file with every O bias on the chosen half and names the best (the rule below);
``--half B`` with a candidate also prints the macro (mean of the files) paired difference.

For each file, both taggers tag every sentence; the figures are the ``ALL`` strict F1 (and Skill,
Knowledge) with 95% bootstrap intervals over sentences, as ``careerpath eval spans`` prints them, and
the candidate minus the baseline with a **paired** interval: the same resampled sentences score both
taggers (2,000 resamples, seed 0), so the interval reflects the change, not the sample. An interval
that excludes zero is the evidence a change needs. Also printed: the share of sentences whose spans
are identical (to check that an export, such as int8, keeps the model's behaviour). Only dev is here;
the test files are held out. Data: $CAREERPATH_SHARED_DATA (default ../shared/data).

Session 9 (benchmarks/spans_dev/RULE-S9.md): a candidate ``W1+W2+W3`` is the logit ensemble of those weights
files (``EnsembleSpanTagger``); a weight soup is a weights file written by ``train_span_tagger.py --average``.

Session 7 selection rule (``span-tagger.v3``; written and committed BEFORE any candidate was scored)
-----------------------------------------------------------------------------------------------
Choosing among candidates on dev makes the dev figure optimistic, so each dev file is split into two
fixed halves by sentence index in file order (0-based): **even = half A (select), odd = half B
(confirm)**; tech 1,078 / 1,078, house 510 / 509 sentences (``--half A|B``).

Candidates, all fixed now (``e4``..``e6``: session 6's per-epoch checkpoints, v2 = ``e6``):
  C0 v2 (e6);  C1 mean of the weights of e5, e6;  C2 mean of e4, e5, e6;
  C3, C4, C5 = c1, c2, c3: v2's weights trained on for 3 more epochs (warm start; AdamW lr 2e-5 ≈ where
     v2's schedule stood at epoch 6, 6% warm-up, linear decay to 0 over the 3 epochs, seed 1, house weight
     1.88, batch 16; otherwise v2's settings), ``train_span_tagger.py --init``;
  C6 mean of c2, c3;  C7 mean of c1, c2, c3;
  each decoded with an O bias d in {-1, -0.5, 0, +0.5, +1} (added to the O log-probability of both layers
  before the constrained Viterbi; d > 0 = fewer spans), 40 configurations in all.
Selection: the configuration with the highest mean of tech-A and house-A ``ALL`` strict F1 (ties: the
earlier candidate, then d nearest 0). If that is C0 with d = 0, nothing ships.
Confirmation on half B only, paired against v2 (d = 0), 2,000 resamples, seed 0:
  - the selected S ships as ``span-tagger.v3`` (weights committed once) if its macro difference
    (mean of the tech-B and house-B differences) is >= 0;
  - the ``span-tagger`` alias moves from v2 to v3 only if, in addition, the point difference is >= 0 on
    BOTH tech-B and house-B AND the paired 95% interval of the macro difference (the two files resampled
    separately, their differences averaged) lies above 0.
Figures reported: half B (confirm) as the honest ones; half A and full dev beside them, marked optimistic.

Outcome of that rule (00:11 UTC): selected C1 (mean of e5, e6) with d = +1 (half A mean 52.33 vs v2's 51.72);
on half B it lost to v2 (macro -0.8 [-2.6, +0.7]), so nothing shipped from C0-C7.

Second, separate question (written before its training run): a **source signal**. House sentences get
token type 1 on every piece (tech: 0; MiniLM has two token-type rows), v2's weights trained on for 2 epochs
(lr 2e-5, 6% warm-up, linear decay to 0 over the 2 epochs, seed 2, house weight 1.88), ``--source-types``.
Candidates s1, s2 (the two epochs), d = 0 only; each file is tagged with its own source type. Selection: the
higher half-A mean; then the same half-B confirmation and ship/alias conditions as above, against v2.
Shipping it would also need the source at inference (``eval spans --source``), so it ships only if it wins.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.components import registry
from careerpath.evaluation.bootstrap import f1_from_counts
from careerpath.evaluation.metrics import bio_spans
from careerpath.evaluation.readers import TaggedSentence, read_conll
from careerpath.evaluation.runs import evaluate_spans

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
CONLL = SHARED / "skillspan" / "conll"
RESAMPLES, SEED = 2000, 0
Span = tuple[int, int, str]


def dev_half(sentences: list[TaggedSentence], half: str) -> list[TaggedSentence]:
    """A = even sentence indices (file order), B = odd, all = every sentence."""
    return {"A": sentences[0::2], "B": sentences[1::2]}.get(half, sentences)


def load_tagger(spec: str, o_bias: float | None = None) -> Any:
    """A registered tagger by name, a trained tagger from a weights file (a checkpoint), or a logit
    ensemble of weights files joined by ``+`` (their averaged probabilities decoded as one tagger's)."""
    if "+" in spec:
        from careerpath.linking.span_tagger import EnsembleSpanTagger

        tagger = EnsembleSpanTagger.load([Path(part) for part in spec.split("+")], name="ensemble", threads=1)
    elif spec.endswith(".safetensors"):
        from careerpath.linking.span_tagger import TrainedSpanTagger

        tagger = TrainedSpanTagger.load(Path(spec), name=Path(spec).stem, threads=1)
    else:
        tagger = registry().get("tagger", spec)(threads=1)
    if o_bias is not None:
        tagger.o_bias = o_bias
    return tagger


def counts(sentences: Sequence[TaggedSentence], predicted: Sequence[Sequence[Span]]) -> np.ndarray:
    """Per sentence (true positives, predicted, gold) of ALL spans, strict match (type ignored, as ``ALL``)."""
    rows = []
    for sentence, spans in zip(sentences, predicted, strict=True):
        gold = {(start, end) for layer in sentence.layers for start, end, _ in bio_spans(layer)}
        guessed = {(start, end) for start, end, _ in spans}
        rows.append((len(gold & guessed), len(guessed), len(gold)))
    return np.asarray(rows, dtype=np.float64).reshape(-1, 3)


def resampled_differences(base: np.ndarray, new: np.ndarray, seed: int = SEED) -> np.ndarray:
    """F1(new) - F1(base) over the same resampled sentences, one value per resample."""
    picks = np.random.default_rng(seed).integers(0, len(base), size=(RESAMPLES, len(base)))
    return f1_from_counts(new[picks].sum(axis=1)) - f1_from_counts(base[picks].sum(axis=1))


def interval(estimate: float, differences: np.ndarray) -> str:
    low, high = np.percentile(differences, [2.5, 97.5])
    return f"{100 * estimate:+.1f} [{100 * low:+.1f}, {100 * high:+.1f}]"


def paired_f1_difference(base: np.ndarray, new: np.ndarray) -> str:
    estimate = f1_from_counts(new.sum(axis=0)) - f1_from_counts(base.sum(axis=0))
    return interval(float(estimate), resampled_differences(base, new))


def strict_f1(rows: np.ndarray) -> float:
    return 100 * float(f1_from_counts(rows.sum(axis=0)))


def word_scores(tagger: Any, sentences: Sequence[TaggedSentence]) -> list[Any]:
    """Per sentence, the per-word log-probabilities the tagger decodes (one model pass, any O bias after)."""
    captured: list[Any] = []
    decode = tagger.decode
    tagger.decode = lambda scores: captured.append(scores) or []
    try:
        tagger.tag_many([s.tokens for s in sentences])
    finally:
        tagger.decode = decode
    return captured


def select(args: argparse.Namespace) -> None:
    """Every weights file x every O bias on the chosen half; the best mean of the files' ALL strict F1."""
    biases = [float(b) for b in args.biases.split(",")]
    files = {
        subset: dev_half(read_conll(CONLL / f"skillspan_{subset}_{args.split}.conll"), args.half)
        for subset in args.files.split(",")
    }
    print(f"load {os.getloadavg()[0]:.1f}; half {args.half}: " + ", ".join(f"{k} {len(v)}" for k, v in files.items()))
    results = []
    for order, spec in enumerate(args.select):
        tagger = load_tagger(spec)
        captured = {}
        for subset, sentences in files.items():
            tagger.token_type = int(args.source_types and subset == "house")
            captured[subset] = word_scores(tagger, sentences)
        for bias in biases:
            tagger.o_bias = bias
            f1 = {
                subset: strict_f1(counts(sentences, [tagger.decode(c) for c in captured[subset]]))
                for subset, sentences in files.items()
            }
            mean = sum(f1.values()) / len(f1)
            results.append((mean, -order, -abs(bias), spec, bias))
            shown = " ".join(f"{k} {v:.2f}" for k, v in f1.items())
            print(f"{Path(spec).name} o_bias {bias:+.1f}: {shown} mean {mean:.2f}", flush=True)
    mean, _, _, spec, bias = max(results)
    print(f"selected: {spec} o_bias {bias:+.1f} (mean {mean:.2f} on half {args.half})")


def compare(args: argparse.Namespace) -> None:
    taggers = {
        "baseline": load_tagger(args.baseline),
        "candidate": load_tagger(args.candidate, args.candidate_o_bias),
    }
    names = {"baseline": args.baseline, "candidate": args.candidate}
    print(f"load {os.getloadavg()[0]:.1f}; half {args.half}")
    macro: list[tuple[float, np.ndarray]] = []
    for number, subset in enumerate(args.files.split(",")):
        sentences = dev_half(read_conll(CONLL / f"skillspan_{subset}_{args.split}.conll"), args.half)
        taggers["candidate"].token_type = int(args.source_types and subset == "house")
        predicted = {role: tagger.tag_many([s.tokens for s in sentences]) for role, tagger in taggers.items()}
        for role, spans in predicted.items():
            table = {s.tokens: p for s, p in zip(sentences, spans, strict=True)}
            report = evaluate_spans(sentences, lambda tokens, t=table: t[tuple(tokens)])
            shown = "; ".join(f"{key} {report.intervals[key]}" for key in sorted(report.intervals))
            partial = report.metrics["ALL.partial_f1"]
            where = f"{subset} {args.split} {args.half} ({len(sentences)})"
            print(f"{where} {names[role]}: {shown}; ALL partial {partial:.1f}")
        base, new = (counts(sentences, predicted[role]) for role in ("baseline", "candidate"))
        pairs = zip(predicted["baseline"], predicted["candidate"], strict=True)
        same = np.mean([set(a) == set(b) for a, b in pairs])
        difference = paired_f1_difference(base, new)
        estimate = float(f1_from_counts(new.sum(axis=0)) - f1_from_counts(base.sum(axis=0)))
        macro.append((estimate, resampled_differences(base, new, seed=SEED + number)))
        print(
            f"{subset} {args.split} {args.half}: {args.candidate} - {args.baseline} ALL strict F1 {difference} "
            f"(paired 95% interval); identical spans in {100 * same:.1f}% of sentences"
        )
    if len(macro) > 1:
        estimate = sum(e for e, _ in macro) / len(macro)
        differences = sum(d for _, d in macro) / len(macro)
        low, high = np.percentile(differences, [2.5, 97.5])
        print(
            f"macro ({args.files}) {args.split} {args.half}: {args.candidate} - {args.baseline} "
            f"{interval(estimate, differences)} (each file resampled separately; "
            f"bounds unrounded {100 * low:+.4f}, {100 * high:+.4f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="span-tagger.v1")
    parser.add_argument("--candidate", default="span-tagger.v2")
    parser.add_argument("--candidate-o-bias", type=float, help="decode the candidate with this O bias")
    parser.add_argument("--files", default="tech,house")
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--half", default="all", choices=("A", "B", "all"))
    parser.add_argument("--select", nargs="+", metavar="WEIGHTS", help="weights files to choose among")
    parser.add_argument("--biases", default="-1,-0.5,0,0.5,1")
    parser.add_argument(
        "--source-types", action="store_true", help="candidates tag house sentences with token type 1 (tech 0)"
    )
    args = parser.parse_args()
    if args.select:
        select(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
