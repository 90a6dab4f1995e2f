"""Our convention against Decorte's: the per-span classes, and that our blind files label exactly their spans."""

from __future__ import annotations

import csv
import gzip
import importlib
import os
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
OURS = ROOT / "benchmarks" / "linking_dev" / "decorte_convention"
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))


def load_script():
    """The script as a module (it puts ``scripts/`` on the path itself, for ``linking_agreement``)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module("linking_convention_gap")


LNP, UND = "LABEL NOT PRESENT", "UNDERSPECIFIED"


@pytest.mark.parametrize(
    ("theirs", "ours", "category"),
    [
        ({"X"}, {"X"}, "identical"),
        ({LNP}, {LNP}, "identical"),
        ({"X"}, {"X", "Y"}, "overlap"),  # we add a second skill
        ({"X"}, {"Y"}, "different skill"),
        ({LNP}, {"X"}, "we link, they LNP"),
        ({UND}, {"X"}, "we link, they UND"),
        ({"X"}, {LNP}, "they link, we LNP"),
        ({"X"}, {UND}, "they link, we UND"),
        ({LNP}, {UND}, "both special, differ"),
    ],
)
def test_each_pair_of_span_labels_falls_into_its_class(theirs, ours, category):
    script = load_script()
    assert script.span_category(frozenset(theirs), frozenset(ours)) == category
    assert category in script.SPAN_CATEGORIES


def test_span_labels_gather_a_spans_repeated_rows_and_keep_special_labels():
    script = load_script()
    table = [
        {"sentence": "s", "span": "a", "sub_span": "", "label": "X"},
        {"sentence": "s", "span": "b", "sub_span": "", "label": LNP},
        {"sentence": "s", "span": "a", "sub_span": "", "label": "Y"},  # Decorte's second label, not adjacent
        {"sentence": "s", "span": "a", "sub_span": "a1", "label": "Z"},  # a sub-span is its own span
    ]
    spans = script.span_labels(table)
    assert spans == {("s", "a", ""): {"X", "Y"}, ("s", "b", ""): {LNP}, ("s", "a", "a1"): {"Z"}}
    assert script.labels_per_span(spans) == pytest.approx(1.5)  # (2 + 1) / 2 linked spans; b is not linked


def test_the_cached_scorer_returns_each_sentences_own_row():
    script = load_script()
    calls = []

    def score(sentences):
        calls.append(list(sentences))
        return np.array([[len(s), 0.0] for s in sentences])

    cached = script.cached_scorer(score, ["aa", "b", "aa", "cccc"])
    assert calls == [["aa", "b", "cccc"]]  # duplicates scored once
    assert cached(["cccc", "aa"]).tolist() == [[4.0, 0.0], [2.0, 0.0]]


@pytest.mark.slow
@pytest.mark.parametrize("subset", ["tech", "house"])
def test_our_blind_file_labels_every_span_of_decortes_validation_split_with_esco_labels(subset):
    """Same spans as Decorte's validation file (none missing, none added), and every label a v1.1.1 skill."""
    decorte = SHARED / "decorte_skill_extraction_benchmark" / f"{subset}_validation_annotations.csv"
    esco = SHARED / "esco_v1_1_1" / "skills_en.csv.gz"
    if not decorte.exists() or not esco.exists():
        pytest.skip(f"shared data absent: {decorte.parent} or {esco}")
    script = load_script()
    ours = script.read_rows(OURS / f"{subset}_val_ours.csv")

    def key(row):
        return (row["sentence"], row["span"], row["sub_span"])

    assert {key(r) for r in ours} == {key(r) for r in script.read_rows(decorte)}
    with gzip.open(esco, "rt", encoding="utf-8") as handle:
        skills = {row["preferredLabel"] for row in csv.DictReader(handle)}
    assert {r["label"] for r in ours} <= skills | {LNP, UND}


def test_adopting_a_class_takes_decortes_labels_on_those_spans_only():
    script = load_script()
    theirs = [
        {"sentence": "s", "span": "Azure", "sub_span": "", "label": LNP},
        {"sentence": "s", "span": "motivated", "sub_span": "", "label": "show determination"},
    ]
    ours = [
        {"sentence": "s", "span": "Azure", "sub_span": "", "label": "cloud technologies"},
        {"sentence": "s", "span": "motivated", "sub_span": "", "label": "show commitment"},
    ]
    adopted = script.span_labels(script.adopt(theirs, ours, {"we link, they LNP"}))
    assert adopted == {("s", "Azure", ""): {LNP}, ("s", "motivated", ""): {"show commitment"}}
