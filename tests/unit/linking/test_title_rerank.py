"""titles.v6: a learned re-ranker over titles.v4's top occupations (careerpath.linking.title_rerank)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.rerank import RerankerModel, load_reranker, shipped_reranker_path
from careerpath.linking.title_rerank import (
    ALL_TITLE_FEATURES,
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


def test_a_reranker_for_features_careerpath_does_not_compute_is_refused(marketing, tmp_path):
    model = replace(
        _only("base"), feature_names=("occupation-prior",), weights=np.ones(1), mean=np.zeros(1), scale=np.ones(1)
    )
    with pytest.raises(ValueError, match="occupation-prior"):
        OccupationLinker(marketing, HashingEncoder(dim=64), cache_dir=tmp_path, reranker=model).score_matrix(["x"])


def test_a_reranker_reads_its_own_features_by_name_whatever_their_order(marketing, tmp_path):
    """A model over a subset of the features, in another order, scores as one over the same columns in place."""
    encoder = HashingEncoder(dim=64)
    titles = ["marketing manager executive", "sales officer", "data science"]
    in_place = OccupationLinker(marketing, encoder, cache_dir=tmp_path, reranker=_only("head-preferred"))
    names = ("head-preferred", "group-mass")
    subset = RerankerModel("t", "titles.v4", 50, names, "logistic", np.array([10.0, 0.0]), np.zeros(2), np.ones(2))
    by_name = OccupationLinker(marketing, encoder, cache_dir=tmp_path, reranker=subset)
    assert np.array_equal(in_place.score_matrix(titles), by_name.score_matrix(titles))


@pytest.mark.parametrize(
    ("design", "features"), [("titles.v6", TITLE_RERANK_FEATURES), ("titles.v7", ALL_TITLE_FEATURES)]
)
def test_shipped_title_rerankers_are_small_trees_trained_without_jobbert(design, features):
    path = shipped_reranker_path(TITLE_DESIGNS[design]["reranker"])
    assert path.stat().st_size <= 2_000_000
    model = load_reranker(path)
    assert model.kind == "trees" and len(model.trees) >= 10
    assert model.feature_names == features and model.base_design == "titles.v4" and model.k == 50
    provenance = model.provenance
    assert provenance["jobbert_used_for_training"] is False
    assert "O*NET" in provenance["training_data"] and "not held out" in provenance["training_data"]
    assert provenance["training_titles"] > 10_000
    if design == "titles.v7":  # ESCO labels as queries, each left out of the index it was scored against
        assert (
            "ESCO 1.1.1 alternative labels" in provenance["training_data"] and "left out" in provenance["training_data"]
        )


@pytest.mark.parametrize("design", ["titles.v6", "titles.v7"])
def test_reranked_title_designs_are_registered_with_the_v4_encoder(design, marketing, tmp_path, monkeypatch):
    import careerpath.linking.titles as titles_module
    from careerpath.components import registry

    assert registry().resolve("title-design", design).retired is None
    stand_in = HashingEncoder(dim=64)
    monkeypatch.setattr(titles_module, "title_encoder", lambda *args, **kwargs: stand_in)
    linker = build_occupation_linker(marketing, None, design, cache_dir=tmp_path / "embeddings")
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


def test_the_rerankers_base_is_the_linkers_own_score_with_an_exact_label_lifted(marketing, tmp_path):
    linker = OccupationLinker(marketing, HashingEncoder(dim=64), cache_dir=tmp_path)
    titles = ["Marketing Officer", "sr data scientist", "sales"]
    prepared = [linker.prepare_title(t) for t in titles]
    inputs = rerank_inputs(linker, OccupationFacts.of(linker), prepared, k=5)
    assert np.array_equal(inputs.base, linker.score_matrix(titles))  # one formula for titles.v4 and the re-ranker
    terms = linker.score_terms(prepared)
    assert terms.exact[0].tolist() == [0, 1, 0, 0, 0]  # "marketing officer" is an alternative label of o:me
    assert linker.uris_[int(inputs.base[0].argmax())] == "o:me"


def test_a_left_out_label_is_scored_as_if_its_occupation_did_not_have_it(marketing, tmp_path):
    """Training on ESCO labels as queries: the query's own label must not answer for its occupation."""
    linker = OccupationLinker(marketing, HashingEncoder(dim=64), cache_dir=tmp_path)
    me = linker.uris_.index("o:me")
    entry = linker.label_texts_.index("marketing officer")
    full = linker.score_terms(["marketing officer"])
    left = linker.score_terms(["marketing officer"], [entry])
    assert full.exact[0, me] == 1 and left.exact[0, me] == 0
    assert full.coverage[0, me] == pytest.approx(1.0) and left.coverage[0, me] < 1.0  # "executive" is not covered
    only_executive = linker.score_terms(["marketing officer"], [linker.label_texts_.index("marketing executive")])
    assert left.cosine[0, me] == pytest.approx(float(linker._label_cosines(["marketing officer"])[0, entry - 1]))
    assert only_executive.cosine[0, me] == pytest.approx(full.cosine[0, me])  # the query's own label still counts
    others = [i for i in range(len(linker.uris_)) if i != me]
    assert np.array_equal(left.base(0.3, 0.3)[0, others], full.base(0.3, 0.3)[0, others])
    facts = OccupationFacts.of(linker)
    features = rerank_inputs(linker, facts, ["marketing officer"], 5, [entry], names=ALL_TITLE_FEATURES).features
    assert features.shape == (1, 5, len(ALL_TITLE_FEATURES))
    assert rerank_inputs(linker, facts, ["marketing officer"], 5).features.shape == (1, 5, len(TITLE_RERANK_FEATURES))


def test_the_shipped_v7_reranker_reorders_what_titles_v4_retrieves(marketing, tmp_path):
    encoder = HashingEncoder(dim=64)
    titles = ["marketing manager executive", "sales marketing officer", "marketing", "executive assistant marketing"]
    v4 = OccupationLinker(marketing, encoder, cache_dir=tmp_path)
    model = load_reranker(shipped_reranker_path(TITLE_DESIGNS["titles.v7"]["reranker"]))
    v7 = OccupationLinker(marketing, encoder, cache_dir=tmp_path, reranker=model)
    before = np.argsort(-v4.score_matrix(titles), axis=1, kind="stable")
    after = np.argsort(-v7.score_matrix(titles), axis=1, kind="stable")
    assert (before != after).any()  # the trees move candidates, not only v4's order copied
    assert v7.uris_[after[0, 0]] == "o:me"  # "marketing manager executive": the executive, as v4 has it


def test_shortlist_features_measure_isco_group_agreement_and_follow_a_cut_shortlist():
    from careerpath.linking.title_rerank import narrow_shortlist, shortlist_features

    column = {name: i for i, name in enumerate(ALL_TITLE_FEATURES)}
    out = np.zeros((1, 4, len(ALL_TITLE_FEATURES)), dtype=np.float32)
    out[0, :, column["base"]] = [1.0, 0.98, 0.97, 0.5]  # v4 order, best first
    groups = np.array([[7, 7, 3, 7]])  # ISCO groups: three candidates agree, one stands apart
    shortlist_features(out, groups)
    mass, top5, rank = (out[0, :, column[n]] for n in ("group-mass", "group-top5", "group-rank"))
    assert mass[0] == mass[1] > 0.5 > mass[2] > 0  # most of the score mass sits in group 7
    assert top5.tolist() == [0.75, 0.75, 0.25, 0.75]
    assert rank[3] == pytest.approx(np.log1p(2)) and rank[0] == rank[2] == 0  # two of its group above it
    cut = narrow_shortlist(out, groups, 2)  # the first two only: both in group 7, each the other's sibling
    assert cut.shape == (1, 2, len(ALL_TITLE_FEATURES)) and cut[0, :, column["siblings"]].tolist() == [1.0, 1.0]
