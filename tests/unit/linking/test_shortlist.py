"""The candidate shortlist of SkillLinker: exact where it rescored, a lower bound elsewhere."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco.tables import EscoSkill, EscoTaxonomy
from careerpath.linking.designs import DESIGNS
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.linker import SkillLinker

SENTENCES = [
    "Experience with python programming and docker containers",
    "You will clean rooms and manage time well",
    "statistical learning on large data sets",
    "java",
]


@pytest.fixture
def wide_esco() -> EscoTaxonomy:
    """120 skills with 0-6 alternative labels each, words drawn from a small vocabulary so labels overlap."""
    rng = random.Random(7)
    words = [
        "python",
        "java",
        "docker",
        "data",
        "learning",
        "machine",
        "clean",
        "room",
        "time",
        "manage",
        "cloud",
        "model",
        "test",
        "build",
    ]
    skills = []
    for index in range(120):
        label = " ".join(rng.sample(words, 2)) + f" {index}"
        alternatives = tuple(" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(rng.randint(0, 6)))
        skills.append(EscoSkill(f"u:{index}", label, alternatives, f"about {label}" if index % 2 else ""))
    return EscoTaxonomy("test", skills, [], [], fingerprint="wide")


def _linker(taxonomy: EscoTaxonomy, candidates: int) -> SkillLinker:
    config = replace(DESIGNS["alt-max+desc+lex"], candidates=candidates)
    return SkillLinker(taxonomy, HashingEncoder(dim=128), config)


@pytest.mark.parametrize("candidates", [1, 5, 30])
def test_shortlist_scores_are_exact_on_the_shortlist_and_lower_bounds_elsewhere(wide_esco, candidates):
    exact = _linker(wide_esco, 0).score_matrix(SENTENCES)
    pruned = _linker(wide_esco, candidates).score_matrix(SENTENCES)
    assert pruned.shape == exact.shape
    assert np.all(pruned <= exact + 1e-5)
    rescored = np.isclose(pruned, exact, atol=1e-5).sum(axis=1)
    assert np.all(rescored >= candidates)


def test_shortlist_keeps_the_exact_top_k_when_it_holds_them(wide_esco):
    # Where every exact top-5 skill was rescored (its score is exact), nothing else can pass it: the
    # other scores are lower bounds. With hashed random labels the bound is loose, so some rows miss.
    exact = _linker(wide_esco, 0).score_matrix(SENTENCES)
    pruned = _linker(wide_esco, 60).score_matrix(SENTENCES)
    held = 0
    for exact_row, pruned_row in zip(exact, pruned, strict=True):
        top = np.argsort(-exact_row, kind="stable")[:5]
        if np.allclose(pruned_row[top], exact_row[top], atol=1e-6):
            held += 1
            assert list(np.argsort(-pruned_row, kind="stable")[:5]) == list(top)
    assert held >= len(SENTENCES) // 2


def test_shortlist_as_large_as_the_taxonomy_is_the_exact_ranking(wide_esco):
    exact = _linker(wide_esco, 0).score_matrix(SENTENCES)
    assert np.array_equal(_linker(wide_esco, len(wide_esco.skills)).score_matrix(SENTENCES), exact)


def test_shortlist_handles_empty_input(wide_esco):
    assert _linker(wide_esco, 5).score_matrix([]).shape == (0, len(wide_esco.skills))
