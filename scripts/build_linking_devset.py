"""Build a silver skill-linking development set from licensed data: SkillSpan sentences (MIT) × ESCO labels.

    python scripts/build_linking_devset.py OUT_DIR [--esco DIR] [--skillspan DIR]

For every SkillSpan train/dev sentence, each annotated span (Skill or Knowledge layer) whose text equals,
after normalisation (case, punctuation, spacing), exactly one ESCO skill's preferred or alternative label
is linked to that skill. Sentences with at least one linked span and at least four tokens are written in
the Decorte format (``sentence,span,sub_span,label``), one file per SkillSpan subset and split:
``silver_{tech,house}_{train,dev}.csv``, and both splits together in ``silver_{tech,house}_all.csv``.
Sentences that also occur in the Decorte validation files are
dropped, so the Decorte validation stays unseen by anything trained on the silver set.

Labelling is mechanical (no careerpath model or linker is run), before any evaluation. Bias, read before
quoting: gold skills are those whose label appears verbatim in a span, so purely lexical matching is
favoured here; the Decorte validation files (human labels) stay the second, unbiased check.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
from pathlib import Path

from careerpath.esco import load_esco
from careerpath.evaluation.metrics import bio_spans
from careerpath.evaluation.readers import read_conll, read_linking_examples

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def normalise(text: str) -> str:
    """Lower case, punctuation → spaces (``+`` and ``#`` kept for C++/C#), single spaces."""
    text = re.sub(r"[^\w+#]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def label_index(esco_dir: Path) -> dict[str, str]:
    """Normalised label → preferred label of the one skill carrying it (labels of several skills dropped)."""
    owners: dict[str, set[str]] = {}
    for skill in load_esco(esco_dir).skills:
        for label in skill.all_labels:
            owners.setdefault(normalise(label), set()).add(skill.label)
    return {text: next(iter(skills)) for text, skills in owners.items() if len(skills) == 1 and text}


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["sentence", "span", "sub_span", "label"])
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--skillspan", type=Path, default=SHARED / "skillspan" / "conll")
    args = parser.parse_args()
    labels = label_index(args.esco)
    decorte = SHARED / "decorte_skill_extraction_benchmark"
    validation = {
        normalise(e.sentence)
        for name in ("tech", "house")
        for e in read_linking_examples(decorte / f"{name}_validation_annotations.csv")
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for subset in ("tech", "house"):
        combined: list[dict[str, str]] = []
        for split in ("train", "dev"):
            rows: list[dict[str, str]] = []
            sentences, dropped = 0, 0
            for tagged in read_conll(args.skillspan / f"skillspan_{subset}_{split}.conll"):
                sentence = " ".join(tagged.tokens)
                if len(tagged.tokens) < 4:
                    continue
                linked: dict[str, str] = {}  # ESCO label -> the first span that names it
                for layer in tagged.layers:
                    for start, end, _ in bio_spans(layer):
                        span = " ".join(tagged.tokens[start:end])
                        label = labels.get(normalise(span))
                        if label:
                            linked.setdefault(label, span)
                if not linked:
                    continue
                if normalise(sentence) in validation:
                    dropped += 1
                    continue
                sentences += 1
                rows.extend(
                    {"sentence": sentence, "span": span, "sub_span": "", "label": label}
                    for label, span in linked.items()
                )
            path = args.out / f"silver_{subset}_{split}.csv"
            write_rows(path, rows)
            combined.extend(rows)
            print(f"{path}: {sentences} sentences, {len(rows)} links ({dropped} Decorte validation sentences dropped)")
        write_rows(args.out / f"silver_{subset}_all.csv", combined)


if __name__ == "__main__":
    main()
