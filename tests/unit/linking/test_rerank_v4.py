"""Re-ranker feature set v3 (session 9): where each candidate stands among the sentence's top k, appended to v2's."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import numpy as np
import pytest

from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.linker import LinkerConfig, SkillLinker
from careerpath.linking.rerank import (
    CANDIDATE_SET_FEATURES,
    SKILL_FEATURES,
    RerankedSkillLinker,
    RerankerModel,
    candidate_set_columns,
    feature_names,
    features_of_candidates,
    score_terms,
    sentence_words,
)

SENTENCES = ["We build models in Python and ship them in docker", "Keeps the rooms clean", "java and machine learning"]
CONFIG = LinkerConfig(name="alt-max+desc+lex.v2", description_weight=0.5, lexical_weight=0.45, lexical_power=1.0)


def ranking(scores: np.ndarray) -> list[list[int]]:
    return np.argsort(-scores, axis=1, kind="stable").tolist()


def test_candidate_set_columns_rank_each_term_mark_a_better_placed_sibling_and_count_words():
    # One sentence, four candidates in base order; groups: 0 and 2 are siblings, 1 and 3 stand alone.
    terms = {
        "label": np.array([[0.9, 0.5, 0.7, 0.1]]),
        "description": np.array([[0.1, 0.8, 0.3, 0.2]]),
        "lexical": np.array([[0.0, 0.0, 1.0, 0.5]]),  # a tie (0.0) keeps base order
    }
    groups = np.array([[7, 8, 7, 9]])
    columns = dict(zip(CANDIDATE_SET_FEATURES, candidate_set_columns(terms, groups, np.log1p([6.0])), strict=True))
    assert np.allclose(np.expm1(columns["label-rank"]), [[0, 2, 1, 3]])
    assert np.allclose(np.expm1(columns["description-rank"]), [[3, 0, 1, 2]])
    assert np.allclose(np.expm1(columns["lexical-rank"]), [[2, 3, 0, 1]])
    assert columns["sibling-above"].tolist() == [[0, 0, 1, 0]]  # only candidate 2 has a better-placed sibling
    assert np.allclose(columns["sentence-words"], np.log1p(6.0))
    assert np.allclose(sentence_words(["a b c", "one"]), np.log1p([3, 1]))


def test_v3_names_append_the_candidate_set_features_after_v2_s():
    assert feature_names(["label"], "v3") == [*feature_names(["label"], "v2"), *CANDIDATE_SET_FEATURES]
    assert feature_names(["label"], "v2")[-len(SKILL_FEATURES) :] == list(SKILL_FEATURES)
    terms = {"label": np.zeros((1, 2)), "description": np.zeros((1, 2)), "lexical": np.zeros((1, 2))}
    with pytest.raises(ValueError, match="skill features"):
        features_of_candidates(terms, np.zeros((1, 2)), np.zeros((1, 2), dtype=int), None, np.zeros(1))


@pytest.mark.parametrize("shortlist", [0, 5], ids=["full-base", "shortlist-base"])
def test_a_v3_model_on_lexical_rank_orders_the_top_k_by_it(esco, shortlist):
    """The linker computes the v3 columns itself, on the full base and on a shortlist base alike."""
    encoder = HashingEncoder(dim=256)
    config = replace(CONFIG, candidates=shortlist)
    plain = SkillLinker(esco, encoder, config)
    names = feature_names(list(score_terms(plain, SENTENCES, encoder.encode(SENTENCES))), "v3")
    weights = np.zeros(len(names))
    weights[names.index("lexical-rank")] = 1.0  # the least lexical coverage first: the reverse of the lexical ranks
    model = RerankerModel(
        name="lexical-rank.v4", base_design=config.name, k=4, feature_names=tuple(names), kind="logistic",
        weights=weights, mean=np.zeros(len(names)), scale=np.ones(len(names)), feature_set="v3",
    )  # fmt: skip
    linker = RerankedSkillLinker(esco, encoder, config, reranker=model)
    coverage = plain.lexical_.coverage_matrix(SENTENCES)
    before, after = ranking(plain.score_matrix(SENTENCES)), ranking(linker.score_matrix(SENTENCES))
    for row, (base_order, new_order) in enumerate(zip(before, after, strict=True)):
        top = base_order[:4]
        assert new_order[4:] == base_order[4:]
        by_coverage = sorted(top, key=lambda s: -coverage[row, s])  # rank 0 = most coverage; ties keep base order
        assert new_order[:4] == by_coverage[::-1]
    assert before != after  # the toy sentences do re-order


def test_the_v4_comparison_fits_each_arm_on_its_own_sources_and_features_never_on_evaluation_only_ones(
    tmp_path, monkeypatch, reranker_training_script, toy_reranker_pool
):
    script = reranker_training_script
    names = ["a", "b", *CANDIDATE_SET_FEATURES]
    pool = toy_reranker_pool(["ann-tech"] * 20 + ["f9-house"] * 20 + ["jobs9"] * 20, width=len(names))
    n = len(pool.source)
    fitted: list[tuple[set[str], int, str]] = []
    real = script.fit_predict

    def recording(pool_, train, test, kind, silver):  # type: ignore[no-untyped-def]
        fitted.append((set(pool_.source[train].tolist()), pool_.features.shape[2], kind))
        assert not set(train.tolist()) & set(test.tolist())
        return real(pool_, train, test, "logistic", silver)  # fast stand-in for the trees

    monkeypatch.setattr(script, "fit_predict", recording)
    out = tmp_path / "compare.json"
    args = argparse.Namespace(setting="hgb:0.0", train_only="ann-", compare_v4="f9-", json=out)
    script.compare_v4(pool, names, args)
    arms = [fitted[i::5] for i in range(5)]  # per fold: v3recipe, data, features, both, both-large
    small, large, v2_width, v3_width = {"ann-tech"}, {"ann-tech", "f9-house"}, 2, len(names)
    assert all(f == (small, v2_width, "hgb") for f in arms[0])
    assert all(f == (large, v2_width, "hgb") for f in arms[1])
    assert all(f == (small, v3_width, "hgb") for f in arms[2])
    assert all(f == (large, v3_width, "hgb") for f in arms[3])
    assert all(f == (large, v3_width, "hgb-large") for f in arms[4])
    report = json.loads(out.read_text())
    assert report["rows"]["pooled"]["n"] == n and report["subsets"]["pooled never trained on"]["n"] == 20
    assert report["subsets"]["pooled HOUSE"]["n"] == 20 and report["subsets"]["pooled jobs"]["n"] == 20
    scored = report["per_sentence"]
    assert all(len(scored[arm]) == n and np.mean(scored[arm]) > 0.5 for arm in ("v3recipe", "data", "both"))


def test_the_capacity_comparison_fits_large_trees_on_every_licensed_source_and_weights_house_only_in_its_arm(
    tmp_path, monkeypatch, reranker_training_script, toy_reranker_pool
):
    """CONFIRMATION-S9B.md's arms: v3's recipe on the small sources; hgb-large on small + added with v2 features,
    with v3 features, and with HOUSE sentences weighted --house-weight; never on an evaluation-only source."""
    script = reranker_training_script
    names = ["a", "b", *CANDIDATE_SET_FEATURES]
    pool = toy_reranker_pool(["ann-tech"] * 20 + ["f10-house"] * 20 + ["jobs10"] * 20, width=len(names), seed=1)
    n = len(pool.source)
    fitted: list[tuple[set[str], int, str, dict[str, float]]] = []
    real = script.fit_predict

    def recording(pool_, train, test, kind, silver):  # type: ignore[no-untyped-def]
        weight = np.ones(n) if pool_.weight is None else pool_.weight
        weights = {str(s): float(weight[train][pool_.source[train] == s].max()) for s in set(pool_.source[train])}
        fitted.append((set(pool_.source[train].tolist()), pool_.features.shape[2], kind, weights))
        assert not set(train.tolist()) & set(test.tolist())
        return real(pool_, train, test, "logistic", silver)  # fast stand-in for the trees

    monkeypatch.setattr(script, "fit_predict", recording)
    out = tmp_path / "capacity.json"
    args = argparse.Namespace(setting="hgb:0.0", train_only="ann-", compare_capacity="f10-", house_weight=2.0, json=out)
    script.compare_capacity(pool, names, args)
    arms = [fitted[i::4] for i in range(4)]  # per fold: v3recipe, large, large-features, large-house
    small, every = {"ann-tech"}, {"ann-tech", "f10-house"}
    plain = {"ann-tech": 1.0, "f10-house": 1.0}
    assert all(f == (small, 2, "hgb", {"ann-tech": 1.0}) for f in arms[0])
    assert all(f == (every, 2, "hgb-large", plain) for f in arms[1])
    assert all(f == (every, len(names), "hgb-large", plain) for f in arms[2])
    assert all(f == (every, 2, "hgb-large", {"ann-tech": 1.0, "f10-house": 2.0}) for f in arms[3])
    report = json.loads(out.read_text())
    assert report["house_weight"] == 2.0 and report["subsets"]["pooled never trained on"]["n"] == 20
    assert all(np.mean(report["per_sentence"][arm]) > 0.5 for arm in ("v3recipe", "large", "large-house"))


def test_a_house_weight_scales_each_house_sentence_s_candidates_in_the_fit(monkeypatch, reranker_training_script):
    script = reranker_training_script
    sources = np.asarray(["ann-tech", "ann-house", "val-house"])
    pool = script.Pool(
        source=sources, human=np.ones(3, dtype=bool), group=np.arange(3), features=np.zeros((3, 2, 1)),
        targets=np.asarray([[True, False]] * 3), candidates=np.zeros((3, 2), dtype=int), gold=[{0}] * 3,
        base_rp5=np.zeros(3),
    )  # fmt: skip
    seen = {}

    class Recorder:
        def fit(self, x, y, sample_weight):  # type: ignore[no-untyped-def]
            seen["w"] = sample_weight.tolist()

    monkeypatch.setattr(script, "make_model", lambda kind: Recorder())
    script.fit(script.house_weighted(pool, 3.0), np.asarray([0, 1]), "hgb-large", 0.0)
    assert seen["w"] == [1.0, 1.0, 3.0, 3.0]  # two candidates each; the HOUSE sentence counts three times
    script.fit(pool, np.asarray([0, 1]), "hgb", 0.0)
    assert seen["w"] == [1.0, 1.0, 1.0, 1.0]
