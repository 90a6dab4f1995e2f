"""The hand-written z-test and Benjamini-Hochberg agree with scipy.stats (kept to keep scipy out of the core)."""

from __future__ import annotations

import random

import pytest

from careerpath.market.emerging import benjamini_hochberg, two_proportion_z

stats = pytest.importorskip("scipy.stats", reason="scipy (pulled in by the semantic extra) is the reference here")


def _cases() -> list[tuple[int, int, int, int]]:
    rng = random.Random(1)
    cases = [(rng.randint(0, 500), 500 + rng.randint(0, 5000), rng.randint(0, 500), 500 + rng.randint(0, 5000))]
    cases += [(rng.randint(0, 50), 60, rng.randint(0, 50), 60) for _ in range(500)]
    return [*cases, (0, 10, 10, 10), (1, 1_000_000, 3, 1_000_000), (900, 1000, 10, 1000), (10, 1000, 900, 1000)]


def test_one_sided_p_values_match_the_normal_survival_function() -> None:
    for case in _cases():
        z, p = two_proportion_z(*case)
        assert p == pytest.approx(float(stats.norm.sf(z)), rel=1e-11, abs=1e-300), case


def test_degenerate_samples_give_no_evidence() -> None:
    assert two_proportion_z(5, 5, 5, 5) == (0.0, 1.0)  # pooled share 1: no variance
    assert two_proportion_z(0, 0, 3, 10) == (0.0, 1.0)  # an empty period


def test_benjamini_hochberg_matches_scipy() -> None:
    p_values = [two_proportion_z(*case)[1] for case in _cases()]
    expected = stats.false_discovery_control(p_values, method="bh")
    assert benjamini_hochberg(p_values) == pytest.approx(list(expected), abs=1e-15)
