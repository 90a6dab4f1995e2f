"""Bootstrap intervals: they bracket the estimate, shrink with more items, and pair designs item by item."""

from __future__ import annotations

import numpy as np
import pytest

from careerpath.evaluation.bootstrap import (
    bootstrap_macro,
    bootstrap_mean,
    bootstrap_ratio,
    f1_from_counts,
    paired_difference,
    paired_split_intervals,
    split_intervals,
)


def test_mean_interval_brackets_the_mean_and_narrows_with_more_items():
    rng = np.random.default_rng(1)
    small = rng.integers(0, 2, size=60).astype(float)
    large = rng.integers(0, 2, size=6000).astype(float)
    a, b = bootstrap_mean(small), bootstrap_mean(large)
    assert a.low <= a.estimate <= a.high
    assert a.estimate == pytest.approx(small.mean())
    assert (b.high - b.low) < (a.high - a.low) / 5  # ~1/sqrt(100) of the width
    # A fair coin over 60 items: the 95% interval is about ±0.13 wide on each side.
    assert 0.18 < a.high - a.low < 0.35


def test_interval_is_reproducible_with_the_same_seed():
    values = np.linspace(0, 1, 50)
    assert bootstrap_mean(values) == bootstrap_mean(values)
    assert bootstrap_mean(values, seed=1) != bootstrap_mean(values, seed=2)


def test_paired_difference_sees_a_consistent_small_gain_that_unpaired_intervals_would_hide():
    rng = np.random.default_rng(0)
    baseline = rng.uniform(0, 1, size=80)
    candidate = baseline + 0.03  # every item a little better
    separate_a, separate_b = bootstrap_mean(baseline), bootstrap_mean(candidate)
    assert separate_a.high > separate_b.low  # the two intervals overlap ...
    difference = paired_difference(baseline, candidate)
    assert difference.estimate == pytest.approx(0.03)
    assert difference.excludes_zero()  # ... but the paired difference is clearly positive
    assert not paired_difference(baseline, baseline).excludes_zero()


def test_paired_difference_refuses_misaligned_items():
    with pytest.raises(ValueError, match="align"):
        paired_difference([1.0, 0.0], [1.0])


def test_ratio_interval_for_f1_from_per_sentence_counts():
    counts = np.asarray([[1, 2, 2], [0, 1, 1], [2, 2, 3], [1, 1, 1]] * 10, dtype=float)  # tp, predicted, gold
    interval = bootstrap_ratio(counts, f1_from_counts)
    tp, predicted, gold = counts.sum(axis=0)
    assert interval.estimate == pytest.approx(2 * tp / (predicted + gold))
    assert interval.low < interval.estimate < interval.high
    assert f1_from_counts(np.asarray([0.0, 0.0, 0.0])) == 0.0


def test_empty_input_gives_an_empty_interval():
    assert bootstrap_mean([]).n == 0
    assert bootstrap_ratio(np.zeros((0, 3)), f1_from_counts).n == 0


def test_macro_interval_weights_splits_equally_and_is_wider_than_the_pooled_one():
    tech, house = np.ones(75), np.zeros(25)  # pooled mean 0.75, macro 0.5
    macro = bootstrap_macro([tech, house])
    assert macro.estimate == pytest.approx(0.5)
    assert macro.n == 100
    assert macro.low == macro.high == pytest.approx(0.5)  # no spread inside either split
    rng = np.random.default_rng(3)
    a, b = rng.uniform(size=75), rng.uniform(size=61)
    split = bootstrap_macro([a, b])
    assert split.low < split.estimate < split.high


def test_split_intervals_report_each_split_a_pool_and_a_macro_as_the_single_statistics_do():
    # The design-comparison scripts report these four kinds of figure from one call; each must be the figure the
    # single statistic gives, so their documented numbers do not move.
    rng = np.random.default_rng(3)
    a = {name: rng.integers(0, 2, size=size).astype(float) for name, size in (("tech", 40), ("house", 30))}
    b = {name: np.clip(values + rng.integers(0, 2, size=len(values)), 0, 1) for name, values in a.items()}
    both = ("tech", "house")
    figures = split_intervals(b, pools={"pooled": both}, macros={"macro": both})
    assert list(figures) == ["tech", "house", "pooled", "macro"]
    assert figures["house"] == bootstrap_mean(b["house"])
    assert figures["pooled"] == bootstrap_mean(np.concatenate([b["tech"], b["house"]]))
    assert figures["macro"] == bootstrap_macro([b["tech"], b["house"]])
    paired = paired_split_intervals(a, b, pools={"pooled": both}, macros={"macro": both})
    assert paired["tech"] == paired_difference(a["tech"], b["tech"])
    pooled = paired_difference(np.concatenate([a["tech"], a["house"]]), np.concatenate([b["tech"], b["house"]]))
    assert paired["pooled"] == pooled and paired["pooled"].estimate > 0
    assert paired["macro"] == bootstrap_macro([b["tech"] - a["tech"], b["house"] - a["house"]])
    with pytest.raises(ValueError, match="align"):
        paired_split_intervals(a, {"tech": b["tech"][:-1], "house": b["house"]})
