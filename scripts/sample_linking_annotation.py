"""Draw the sentences of the human-annotated skill-linking dev set (benchmarks/linking_dev) from SkillSpan train or dev.

    python scripts/sample_linking_annotation.py OUT.csv [--split train|dev] [--per-subset 80] [--seed 15]
        [--exclude FILE ...]

Candidates: SkillSpan *train* sentences (MIT; the Decorte test sentences come from SkillSpan test, so train
never overlaps them) with at least one Skill/Knowledge span and at least six tokens, that are neither in the
silver set (no span equals exactly one ESCO label: scripts/build_linking_devset.py) nor in the Decorte
validation files, nor in any ``--exclude`` file (an earlier draw's annotations). A seeded random draw per
subset, written in the order to annotate, with the SkillSpan spans as the units to link. No careerpath linker
or model is run here. The dev set is seed 15 (80 per subset); the confirmation set is seed 16 (40 per subset,
``--exclude`` the dev files); the session-7 dev2 set is seed 17 (80 per subset, annotated 40 at a time in the
drawn order; ``--exclude`` every file in benchmarks/linking_dev) followed by seed 18 (40 per subset, excluding
those too). Session 8: seed 19 (120 per subset) and seed 20 (150 per subset), each excluding every earlier file; by
seed 20 only 99 HOUSE candidates were left, and a subset whose pool is smaller than ``--per-subset`` is drawn whole.

``--split dev`` (session 9, seed 21) draws from SkillSpan *dev* instead, with the same filters. The Decorte
validation files are not cut from SkillSpan dev (8 of their 92 TECH sentences and none of their 77 HOUSE sentences
equal a dev sentence), so the exclusion is what keeps them apart: for dev it drops every sentence of those files,
including the ones whose spans are all ``LABEL NOT PRESENT``/``UNDERSPECIFIED``. The default (train) keeps its
original exclusion (the scored sentences only), so that every earlier seeded draw stays reproducible.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
from pathlib import Path

from build_linking_devset import label_index, normalise

from careerpath.evaluation.metrics import bio_spans
from careerpath.evaluation.readers import read_conll, read_linking_examples

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def sentences(path: Path) -> list[str]:
    """The ``sentence`` column of an annotation file, every row."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["sentence"] for row in csv.DictReader(handle)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--split", choices=["train", "dev"], default="train", help="the SkillSpan split to draw from")
    parser.add_argument("--per-subset", type=int, default=80)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--exclude", type=Path, nargs="*", default=[], help="annotation files whose sentences to skip")
    args = parser.parse_args()
    exact = label_index(SHARED / "esco_v1_1_1")
    decorte = SHARED / "decorte_skill_extraction_benchmark"
    validation = {
        normalise(e.sentence)
        for name in ("tech", "house")
        for e in read_linking_examples(decorte / f"{name}_validation_annotations.csv")
    }
    if args.split != "train":  # stricter: unscored validation sentences too (train keeps its draws reproducible)
        for name in ("tech", "house"):
            validation |= {normalise(s) for s in sentences(decorte / f"{name}_validation_annotations.csv")}
    for path in args.exclude:
        validation |= {normalise(sentence) for sentence in sentences(path)}
    rows: list[dict[str, str]] = []
    for subset in ("tech", "house"):
        candidates = []
        for tagged in read_conll(SHARED / "skillspan" / "conll" / f"skillspan_{subset}_{args.split}.conll"):
            spans = [" ".join(tagged.tokens[s:e]) for layer in tagged.layers for s, e, _ in bio_spans(layer)]
            sentence = " ".join(tagged.tokens)
            if not spans or len(tagged.tokens) < 6 or normalise(sentence) in validation:
                continue
            if any(normalise(span) in exact for span in spans):
                continue  # a silver sentence
            candidates.append((sentence, list(dict.fromkeys(spans))))
        unique = list(dict((s, spans) for s, spans in candidates).items())
        if len(unique) < args.per_subset:  # the pool runs dry after many draws: take all of it, in a seeded order
            print(f"{subset}: only {len(unique)} candidates left, all drawn")
        for sentence, spans in random.Random(args.seed).sample(unique, min(args.per_subset, len(unique))):
            rows.extend({"subset": subset, "sentence": sentence, "span": span} for span in spans)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["subset", "sentence", "span"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.out}: {len(rows)} spans")


if __name__ == "__main__":
    main()
