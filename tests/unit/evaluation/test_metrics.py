from __future__ import annotations

import pytest

from careerpath.evaluation.metrics import SpanCounts, bio_spans, hit_at_k, r_precision_at_k, reciprocal_rank


@pytest.mark.parametrize(
    ("ranked", "gold", "k", "expected"),
    [
        (["a", "b", "c"], {"a"}, 5, 1.0),  # one gold: denominator is min(5, 1) = 1
        (["x", "a", "y", "b"], {"a", "b"}, 5, 1.0),
        (["x", "a", "y", "z", "w", "b"], {"a", "b"}, 5, 0.5),
        (["a", "b", "c", "d", "e"], set("abcdefg"), 5, 1.0),  # 7 gold: denominator is 5
        (["a", "x", "x", "x", "x"], set("abcdefg"), 5, 0.2),
        (["a"], set(), 5, 0.0),
    ],
)
def test_r_precision_at_k_matches_decorte_definition(ranked, gold, k, expected):
    assert r_precision_at_k(ranked, gold, k) == pytest.approx(expected)


def test_reciprocal_rank_and_hits():
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    assert hit_at_k(["x", "a"], {"a"}, 1) == 0.0
    assert hit_at_k(["x", "a"], {"a"}, 2) == 1.0


def test_bio_spans_reads_typed_and_bare_tags():
    assert bio_spans(["O", "B-Skill", "I-Skill", "O", "B-Knowledge"]) == [(1, 3, "Skill"), (4, 5, "Knowledge")]
    assert bio_spans(["B", "I", "B"]) == [(0, 2, "span"), (2, 3, "span")]
    # An I- that follows O starts a span; an I- of another type starts a new one.
    assert bio_spans(["I-Skill", "I-Domain"]) == [(0, 1, "Skill"), (1, 2, "Domain")]


def test_span_counts_strict_and_partial():
    counts = SpanCounts()
    gold = [(0, 3, "Skill"), (5, 7, "Skill")]
    predicted = [(0, 3, "Skill"), (6, 9, "Skill"), (10, 11, "Skill")]
    counts.add(gold, predicted)
    scores = counts.scores()
    assert scores["strict_p"] == pytest.approx(1 / 3)
    assert scores["strict_r"] == pytest.approx(1 / 2)
    assert scores["partial_p"] == pytest.approx(2 / 3)
    assert scores["partial_r"] == pytest.approx(1.0)
    assert scores["strict_f1"] == pytest.approx(0.4)
