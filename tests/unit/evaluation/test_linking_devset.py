"""The human-annotated linking dev sets (benchmarks/linking_dev) are valid, held-apart benchmark files."""

from __future__ import annotations

import csv
from itertools import combinations
from pathlib import Path

import pytest

from careerpath.esco import load_esco
from careerpath.evaluation.readers import SPECIAL_LABELS, read_linking_examples

DEV = Path(__file__).resolve().parents[3] / "benchmarks" / "linking_dev"
FILES = [DEV / "tech_dev_annotations.csv", DEV / "house_dev_annotations.csv"]
CONFIRM = [DEV / "tech_confirm_annotations.csv", DEV / "house_confirm_annotations.csv"]
DEV2 = [DEV / "tech_dev2_annotations.csv", DEV / "house_dev2_annotations.csv"]  # session 7, seed 17
SPAN_FILES = FILES + CONFIRM + DEV2  # Decorte TECH/HOUSE format: sentence,span,sub_span,label
ALL_FILES = SPAN_FILES


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sentences(path: Path) -> set[str]:
    return {" ".join(row["sentence"].lower().split()) for row in rows(path)}


@pytest.mark.parametrize("path", SPAN_FILES, ids=lambda p: p.name)
def test_every_span_is_in_its_sentence_and_every_sentence_is_scored_or_explained(path):
    table = rows(path)
    assert table, f"{path} is empty"
    for row in table:
        assert row["span"] and row["span"] in row["sentence"], row
        assert row["label"], row
    assert len(read_linking_examples(path)) >= 30  # sentences with at least one ESCO label


def test_every_label_is_an_esco_preferred_label(shared_data):
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    labels = {row["label"] for path in ALL_FILES for row in rows(path)}
    unknown = labels - SPECIAL_LABELS - preferred
    assert not unknown


def test_no_sentence_is_shared_between_validation_dev_and_confirmation(shared_data):
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    validation = {
        " ".join(e.sentence.lower().split())
        for name in ("tech", "house")
        for e in read_linking_examples(decorte / f"{name}_validation_annotations.csv")
    }
    for path in ALL_FILES:
        assert not sentences(path) & validation, path.name
    for one, other in combinations(ALL_FILES, 2):
        assert not sentences(one) & sentences(other), (one.name, other.name)
