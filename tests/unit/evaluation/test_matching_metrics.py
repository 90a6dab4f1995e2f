"""The ranking metrics of `careerpath eval matching` and its judgments reader."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from careerpath.errors import InputError
from careerpath.evaluation.matching import bootstrap_ci, ndcg_at, precision_at, read_judgments, reciprocal_rank


def test_ndcg_precision_and_mrr_by_hand() -> None:
    grades = {"a": 3, "b": 2, "c": 0, "d": 1}
    ideal = 7 + 3 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(["a", "b", "d"], grades) == pytest.approx(1.0)
    got = (0 + 7 / math.log2(3) + 3 / math.log2(4)) / ideal  # c (0), a (3), b (2)
    assert ndcg_at(["c", "a", "b"], grades) == pytest.approx(got)
    assert precision_at(["c", "a", "b", "x", "d"], grades) == pytest.approx(2 / 5)  # unjudged x counts as 0
    assert reciprocal_rank(["c", "d", "b"], grades) == pytest.approx(1 / 3)  # grade 1 is not relevant
    assert reciprocal_rank(["c"], grades) == 0.0
    low, high = bootstrap_ci([0.2, 0.4, 0.6, 0.8])
    assert 0.2 <= low < 0.5 < high <= 0.8


def test_judgments_file(tmp_path: Path) -> None:
    good = tmp_path / "j.jsonl"
    good.write_text('{"resume": "r.md", "posting_id": "p:1", "grade": 3}\n\n', encoding="utf-8")
    assert read_judgments(good) == {tmp_path / "r.md": {"p:1": 3}}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"resume": "r.md", "posting_id": "p:1", "grade": 7}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        read_judgments(bad)
    with pytest.raises(InputError):
        read_judgments(tmp_path / "missing.jsonl")


def test_paired_bootstrap_of_a_difference() -> None:
    from careerpath.evaluation.matching import paired_bootstrap_ci

    base = [0.2, 0.5, 0.7, 0.4, 0.9, 0.3]
    # Better on every resume by 0.05-0.15: the paired interval of the gain excludes 0, although the two
    # rankers' own intervals overlap (the resumes vary more than the gain does).
    better = [b + d for b, d in zip(base, [0.05, 0.1, 0.15, 0.05, 0.1, 0.15], strict=True)]
    low, high = paired_bootstrap_ci(better, base)
    assert 0.05 <= low < 0.1 < high <= 0.15
    assert bootstrap_ci(better)[0] < bootstrap_ci(base)[1]
    assert paired_bootstrap_ci(base, base) == (0.0, 0.0)
