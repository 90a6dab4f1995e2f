"""Re-ranking the top candidates: only the top k move, the model's order wins there, features line up with names."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco.tables import BroaderRelation
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.fusion import component_scores
from careerpath.linking.linker import LinkerConfig, SkillLinker
from careerpath.linking.rerank import (
    broader_groups,
    candidate_features,
    feature_names,
    rerank,
    reranked_scores,
    top_candidates,
)

SENTENCES = ["We build models in Python and ship them in docker", "Keeps the rooms clean"]


def ranking(scores: np.ndarray) -> list[list[int]]:
    return np.argsort(-scores, axis=1, kind="stable").tolist()


def test_top_candidates_are_the_best_base_scores_best_first():
    base = np.array([[0.1, 0.9, 0.5, 0.7], [0.3, 0.2, 0.8, 0.1]])
    assert top_candidates(base, 2).tolist() == [[1, 3], [2, 0]]


def test_the_model_orders_the_candidates_and_the_rest_keep_their_base_order_below():
    base = np.array([[0.9, 0.8, 0.7, 0.6, 0.5]])
    candidates = top_candidates(base, 3)  # skills 0, 1, 2
    scores = reranked_scores(base, candidates, np.array([[0.1, 0.2, 0.9]]))
    assert ranking(scores)[0] == [2, 1, 0, 3, 4]


def test_broader_groups_put_siblings_together_and_orphans_alone(esco):
    esco = replace(
        esco,
        skill_broader=[BroaderRelation("u:python", "g:prog"), BroaderRelation("u:java", "g:prog")],
    )
    groups = broader_groups(esco)
    assert groups[0] == groups[1]  # python, java: same broader concept
    assert len(set(groups.tolist())) == len(esco.skills) - 1


def test_features_follow_their_names_and_count_siblings_among_the_candidates(esco):
    esco = replace(
        esco,
        skill_broader=[BroaderRelation("u:python", "g:prog"), BroaderRelation("u:java", "g:prog")],
    )
    encoder = HashingEncoder(dim=256)
    linker = SkillLinker(esco, encoder, LinkerConfig(description_weight=0.5, lexical_weight=0.45))
    components = component_scores(linker, SENTENCES, encoder.encode(SENTENCES))
    base = linker.score_matrix(SENTENCES)
    candidates = top_candidates(base, 4)
    features = candidate_features(components, base, candidates, broader_groups(esco))
    names = feature_names(list(components))
    assert features.shape == (2, 4, len(names))
    lexical = names.index("lexical")
    assert np.allclose(features[:, :, lexical], np.take_along_axis(components["lexical"], candidates, axis=1))
    assert np.allclose(features[:, :, names.index("base")], np.take_along_axis(base, candidates, axis=1))
    siblings = features[:, :, names.index("siblings")]
    python, java = 0, 1
    for row in range(2):
        both = {python, java} <= set(candidates[row].tolist())
        for column, skill in enumerate(candidates[row]):
            expected = 1 / 3 if both and skill in (python, java) else 0.0
            assert siblings[row, column] == np.float32(expected)


def test_a_model_that_learned_the_gold_skill_brings_it_to_the_top(esco):
    encoder = HashingEncoder(dim=256)
    linker = SkillLinker(esco, encoder, LinkerConfig(description_weight=0.5, lexical_weight=0.45))
    components = component_scores(linker, SENTENCES, encoder.encode(SENTENCES))
    base = linker.score_matrix(SENTENCES)
    groups = broader_groups(esco)
    candidates = top_candidates(base, 5)
    features = candidate_features(components, base, candidates, groups)
    names = feature_names(list(components))
    linear_model = pytest.importorskip("sklearn.linear_model")  # with the semantic extra (sentence-transformers)
    # Gold: the candidate with the lowest prior; a classifier on the prior alone learns to put it first.
    prior = features[:, :, names.index("prior")]
    target = prior == prior.min(axis=1, keepdims=True)
    model = linear_model.LogisticRegression(C=100.0).fit(features.reshape(-1, len(names)), target.reshape(-1))
    scores = rerank(model, components, base, groups, k=5)
    for row in range(2):
        best = ranking(scores)[row][0]
        assert target[row, candidates[row].tolist().index(best)]
        assert set(ranking(scores)[row][:5]) == set(candidates[row].tolist())
