"""The second-annotator agreement study: its arithmetic, and that annotator B labelled every sampled sentence."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DEV = ROOT / "benchmarks" / "linking_dev"
AGREEMENT = DEV / "agreement"
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))


def load_script():
    spec = importlib.util.spec_from_file_location("linking_agreement", ROOT / "scripts" / "linking_agreement.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, pairs: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sentence", "span", "sub_span", "label"])
        writer.writerows([sentence, "span", "", label] for sentence, label in pairs)
    return path


# Annotator A and B on five sentences; special labels are dropped as the reader drops them.
A_ROWS = [("s1", "X"), ("s1", "Y"), ("s2", "Z"), ("s2", "UNDERSPECIFIED"), ("s3", "UNDERSPECIFIED"), ("s4", "W")]
A_ROWS += [("s5", "V")]
B_ROWS = [("s1", "X"), ("s1", "LABEL NOT PRESENT"), ("s2", "Z"), ("s2", "Q"), ("s3", "LABEL NOT PRESENT")]
B_ROWS += [("s4", "UNDERSPECIFIED"), ("s5", "V")]


def test_agreement_figures_on_a_hand_made_pair(tmp_path):
    script = load_script()
    a = script.scored_labels(rows(write(tmp_path / "a.csv", A_ROWS)))
    b = script.scored_labels(rows(write(tmp_path / "b.csv", B_ROWS)))
    assert a["s3"] == frozenset() and b["s4"] == frozenset()  # special labels dropped: unscored, not lost
    result = script.agreement(a, b)
    # per sentence (agree, B's, A's): s1 (1,1,2) s2 (1,2,1) s3 (0,0,0) s4 (0,0,1) s5 (1,1,1) -> (3, 4, 5)
    assert (result.sentences, result.scored_by_a, result.scored_by_b) == (5, 4, 3)
    assert (result.scored_by_both, result.unscored_by_both) == (3, 1)
    assert result.precision.estimate == pytest.approx(100 * 3 / 4)
    assert result.recall.estimate == pytest.approx(100 * 3 / 5)
    assert result.f1.estimate == pytest.approx(100 * 6 / 9)
    # over s1, s2, s4, s5 (scored by A or B): Jaccard 1/2, 1/2, 0, 1; only s5 identical
    assert result.jaccard.estimate == pytest.approx(50.0)
    assert result.identical.estimate == pytest.approx(25.0)
    assert result.status_agreement.estimate == pytest.approx(80.0)  # all but s4 agree on scored vs unscored
    for interval in (result.precision, result.f1, result.jaccard, result.status_agreement):
        assert interval.low <= interval.estimate <= interval.high


def test_identical_annotators_agree_fully():
    script = load_script()
    labels = {"s1": frozenset({"X", "Y"}), "s2": frozenset(), "s3": frozenset({"Z"})}
    result = script.agreement(labels, dict(labels))
    assert result.f1.estimate == result.jaccard.estimate == result.identical.estimate == 100.0
    assert result.status_agreement.estimate == 100.0


@pytest.mark.parametrize("subset", ["tech", "house"])
def test_annotator_b_linked_every_span_of_fifty_sentences_of_annotator_a(subset):
    """B's file covers whole sentences of A's fresh8/fresh9 files: the same spans, none missing, none added."""

    def spans(path: Path) -> dict[str, set[tuple[str, str]]]:
        out: dict[str, set[tuple[str, str]]] = {}
        for row in rows(path):
            assert row["label"].strip(), f"{path.name}: a span without a label"
            out.setdefault(row["sentence"], set()).add((row["span"], row["sub_span"]))
        return out

    a = {**spans(DEV / f"{subset}_fresh8_annotations.csv"), **spans(DEV / f"{subset}_fresh9_annotations.csv")}
    b = spans(AGREEMENT / f"{subset}_b_annotations.csv")
    assert len(b) == 50
    assert {sentence: a.get(sentence) for sentence in b} == b


def test_annotator_b_jobs_references_point_at_fifty_sentences_of_annotator_a():
    a = {
        row["sha1"]: (row["posting"], row["sentence_no"])
        for n in (8, 9)
        for row in rows(DEV / f"jobs_fresh{n}_labels.csv")
    }
    b = rows(AGREEMENT / "jobs_b_labels.csv")
    assert all(row["label"].strip() for row in b)
    references = {row["sha1"]: (row["posting"], row["sentence_no"]) for row in b}
    assert len(references) == 50
    assert {sha1: a.get(sha1) for sha1 in references} == references


def test_annotator_b_uses_only_esco_preferred_labels_or_special_labels():
    skills = SHARED / "esco_v1_1_1" / "skills_en.csv.gz"
    if not skills.is_file():
        pytest.skip(f"ESCO v1.1.1 not at {skills} (set CAREERPATH_SHARED_DATA)")
    with gzip.open(skills, "rt", encoding="utf-8", newline="") as handle:
        preferred = {row["preferredLabel"] for row in csv.DictReader(handle)}
    script = load_script()
    files = [AGREEMENT / f"{s}_b_annotations.csv" for s in ("tech", "house")] + [AGREEMENT / "jobs_b_labels.csv"]
    unknown = {row["label"] for path in files for row in rows(path)} - preferred - script.SPECIAL_LABELS
    assert not unknown
