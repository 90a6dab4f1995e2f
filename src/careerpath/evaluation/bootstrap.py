"""Bootstrap confidence intervals over evaluation items (sentences, titles), for every reported figure.

A benchmark mean over 61 sentences moves by several points with the sample alone; an interval says how much.
Percentile bootstrap, seeded, so a figure and its interval are reproducible run to run.

- ``bootstrap_mean``: the mean of per-item scores with its interval (RP@5, MRR, acc@K).
- ``bootstrap_ratio``: a statistic of per-item counts (span F1 = f(sum tp, sum predicted, sum gold)).
- ``bootstrap_macro``: the mean of several splits' means (macro RP@5 over TECH and HOUSE), each split
  resampled on its own.
- ``paired_difference``: design B minus design A on the same items, resampled together; an interval that
  excludes zero is the evidence a design change needs.
- ``split_intervals`` / ``paired_split_intervals``: one design's (or B - A's) figure per split, pooled over
  named groups of splits and macro-averaged over others; what scripts/compare_linking_designs.py,
  pair_linking_designs.py and pair_reranker_runs.py report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 2000
DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    """A point estimate with its two-sided bootstrap interval (same scale as the estimate)."""

    estimate: float
    low: float
    high: float
    n: int

    def scaled(self, factor: float) -> Interval:
        return Interval(self.estimate * factor, self.low * factor, self.high * factor, self.n)

    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def __str__(self) -> str:
        return f"{self.estimate:.1f} [{self.low:.1f}, {self.high:.1f}]"


def _indices(n: int, resamples: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def _bounds(samples: np.ndarray, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_mean(
    values: Sequence[float] | np.ndarray,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = 0,
) -> Interval:
    """The mean of ``values`` and its percentile-bootstrap interval (items resampled with replacement)."""
    data = np.asarray(values, dtype=np.float64)
    if not len(data):
        return Interval(0.0, 0.0, 0.0, 0)
    means = data[_indices(len(data), resamples, seed)].mean(axis=1)
    return Interval(float(data.mean()), *_bounds(means, confidence), len(data))


def bootstrap_macro(
    groups: Sequence[Sequence[float] | np.ndarray],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = 0,
) -> Interval:
    """The unweighted mean of the groups' means, with its interval (items resampled within each group)."""
    arrays = [np.asarray(g, dtype=np.float64) for g in groups if len(g)]
    if not arrays:
        return Interval(0.0, 0.0, 0.0, 0)
    samples = np.mean(
        [a[_indices(len(a), resamples, seed + offset)].mean(axis=1) for offset, a in enumerate(arrays)], axis=0
    )
    estimate = float(np.mean([a.mean() for a in arrays]))
    return Interval(estimate, *_bounds(samples, confidence), sum(len(a) for a in arrays))


def paired_difference(
    baseline: Sequence[float] | np.ndarray,
    candidate: Sequence[float] | np.ndarray,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = 0,
) -> Interval:
    """mean(candidate - baseline) over the same items, with its interval (items resampled as pairs)."""
    return bootstrap_mean(_differences(baseline, candidate), resamples=resamples, confidence=confidence, seed=seed)


def _differences(baseline: Sequence[float] | np.ndarray, candidate: Sequence[float] | np.ndarray) -> np.ndarray:
    a, b = np.asarray(baseline, dtype=np.float64), np.asarray(candidate, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"paired scores must align item by item: {a.shape} vs {b.shape}")
    return b - a


def split_intervals(
    scores: Mapping[str, Sequence[float] | np.ndarray],
    *,
    pools: Mapping[str, Sequence[str]] | None = None,
    macros: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Interval]:
    """Per split (item scores by split name) the mean with its interval; then, per entry of ``pools``, the mean
    over the items of those splits together, and per entry of ``macros``, the mean of those splits' means (each
    split resampled on its own). Keys: the split names, then the ``pools`` and ``macros`` names.
    """
    arrays = {name: np.asarray(values, dtype=np.float64) for name, values in scores.items()}
    found = {name: bootstrap_mean(values) for name, values in arrays.items()}
    for name, members in (pools or {}).items():
        found[name] = bootstrap_mean(np.concatenate([arrays[m] for m in members]))
    for name, members in (macros or {}).items():
        found[name] = bootstrap_macro([arrays[m] for m in members])
    return found


def paired_split_intervals(
    baseline: Mapping[str, Sequence[float] | np.ndarray],
    candidate: Mapping[str, Sequence[float] | np.ndarray],
    *,
    pools: Mapping[str, Sequence[str]] | None = None,
    macros: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Interval]:
    """``split_intervals`` of candidate - baseline, item by item (``paired_difference`` per split and pool)."""
    differences = {name: _differences(baseline[name], values) for name, values in candidate.items()}
    return split_intervals(differences, pools=pools, macros=macros)


def bootstrap_ratio(
    counts: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int = 0,
) -> Interval:
    """``statistic`` of summed per-item counts, with its interval.

    ``counts`` is (items, k); ``statistic`` maps summed counts of shape (..., k) to values of shape (...),
    e.g. F1 from (true positives, predicted, gold). Items are resampled, then their counts summed.
    """
    data = np.asarray(counts, dtype=np.float64)
    if not len(data):
        return Interval(0.0, 0.0, 0.0, 0)
    estimate = float(statistic(data.sum(axis=0)))
    sums = data[_indices(len(data), resamples, seed)].sum(axis=1)
    return Interval(estimate, *_bounds(statistic(sums), confidence), len(data))


def f1_from_counts(sums: np.ndarray) -> np.ndarray:
    """F1 from summed (true positives, predicted, gold) along the last axis; 0 where undefined."""
    tp, predicted, gold = sums[..., 0], sums[..., 1], sums[..., 2]
    denominator = predicted + gold
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp, dtype=np.float64), where=denominator > 0)
