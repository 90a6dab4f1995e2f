"""Re-ranking the top candidates: only the top k move, the model's order wins there, features line up with names."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco.tables import BroaderRelation
from careerpath.evaluation.readers import read_linking_examples
from careerpath.linking.designs import build_skill_linker, design_config
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.fusion import component_scores
from careerpath.linking.linker import LinkerConfig, SkillLinker
from careerpath.linking.rerank import (
    RERANKER_FORMAT,
    RerankedSkillLinker,
    RerankerModel,
    base_scores,
    broader_groups,
    candidate_features,
    candidate_terms,
    feature_names,
    features_of_candidates,
    load_reranker,
    rerank,
    reranked_scores,
    reranker_from_dict,
    score_terms,
    shipped_reranker_path,
    shortlisted_base,
    sklearn_model_as_dict,
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


# --- A trained re-ranker stored as data, and the linker that applies it --------------------------------------


def _fitted(kind: str):  # type: ignore[no-untyped-def]
    """A small scikit-learn model of ``kind`` on data where features 0 and 2 decide the class."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 4)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 2] + 0.3 * rng.normal(size=400)) > 0
    if kind == "logistic":
        pipeline = pytest.importorskip("sklearn.pipeline")
        preprocessing = pytest.importorskip("sklearn.preprocessing")
        linear_model = pytest.importorskip("sklearn.linear_model")
        model = pipeline.make_pipeline(preprocessing.StandardScaler(), linear_model.LogisticRegression())
    else:
        ensemble = pytest.importorskip("sklearn.ensemble")
        model = ensemble.HistGradientBoostingClassifier(max_depth=3, max_iter=30, random_state=0)
    return model.fit(x, y), x


def _as_file(model, kind: str, names: tuple[str, ...]) -> dict:  # type: ignore[no-untyped-def]
    return {
        "format": RERANKER_FORMAT,
        "version": 1,
        "name": "test-rerank.v1",
        "base_design": "alt-max+desc+lex.v2",
        "k": 5,
        "feature_names": list(names),
        "model": sklearn_model_as_dict(model, kind),
    }


@pytest.mark.parametrize("kind", ["logistic", "hgb"])
def test_a_stored_model_scores_exactly_as_the_fitted_scikit_learn_model(kind, tmp_path):
    model, x = _fitted(kind)
    path = tmp_path / "reranker.json"
    path.write_text(json.dumps(_as_file(model, kind, ("a", "b", "c", "d"))))
    stored = load_reranker(path)  # plain JSON: nothing is unpickled or executed
    assert (
        np.abs(stored.predict_proba(x) - model.predict_proba(x)).max() < 1e-6
    )  # scikit-learn computes float32 input in float32
    with_nan = x[:20].copy()
    with_nan[:, 0] = np.nan  # a missing value follows the tree's learned direction, as in scikit-learn
    if kind == "hgb":
        assert np.abs(stored.predict_proba(with_nan) - model.predict_proba(with_nan)).max() < 1e-6


def test_a_malformed_stored_model_is_refused_with_the_reason():
    model, _ = _fitted("hgb")
    data = _as_file(model, "hgb", ("a", "b", "c", "d"))
    broken = json.loads(json.dumps(data))
    broken["model"]["trees"][0]["left"][0] = 10_000  # a node pointing outside its tree
    with pytest.raises(ValueError, match="outside its tree"):
        reranker_from_dict(broken)
    with pytest.raises(ValueError, match="not a careerpath-linking-reranker"):
        reranker_from_dict({**data, "format": "pickle"})
    with pytest.raises(ValueError, match="takes 4 features"):
        reranker_from_dict(data).predict_proba(np.zeros((3, 5)))


def _default_like(esco, encoder):  # type: ignore[no-untyped-def]
    """The default design's weights (alt-max+desc+lex.v2)."""
    return LinkerConfig(name="alt-max+desc+lex.v2", description_weight=0.5, lexical_weight=0.45, lexical_power=1.0)


# Every dense weighting a re-ranked base could have: the default's, preferred labels only, a preferred-label weight,
# kind weights and a prior, and alternative labels without descriptions (no design re-ranks one yet).
BASE_WEIGHTINGS = {
    "default": LinkerConfig(name="d.v1", description_weight=0.5, lexical_weight=0.45, lexical_power=1.0),
    "pref+lex": design_config("pref+lex"),
    "preferred-weight": LinkerConfig(name="p.v1", preferred_weight=0.3, description_weight=0.2, lexical_weight=0.4),
    "kinds+prior": LinkerConfig(
        name="k.v1", description_weight=0.4, prior_weight=0.1, lexical_weight=0.3, kind_weights=(("knowledge", 0.05),)
    ),
    "alt-labels-no-description": design_config("alt-max+lex"),
}


@pytest.mark.parametrize("weighting", BASE_WEIGHTINGS)
def test_base_scores_from_the_terms_are_the_design_s_own_scores(esco, weighting):
    # The re-ranker's base comes from its feature terms, summed by the linker's one dense fusion: if the two ever
    # diverged, a re-ranked design would re-order a different top k than its base design ranks.
    encoder = HashingEncoder(dim=256)
    linker = SkillLinker(esco, encoder, BASE_WEIGHTINGS[weighting])
    terms = score_terms(linker, SENTENCES, encoder.encode(SENTENCES))
    assert all(matrix.shape == (len(SENTENCES), len(esco.skills)) for matrix in terms.values())
    assert np.allclose(base_scores(linker, terms), linker.score_matrix(SENTENCES), atol=1e-6)


def test_a_base_with_alternative_labels_and_no_descriptions_can_be_re_ranked(esco):
    # score_terms used to return that design's (sentences x labels) cosines as its "label" term.
    encoder = HashingEncoder(dim=256)
    config = design_config("alt-max+lex")
    plain = SkillLinker(esco, encoder, config)
    terms = score_terms(plain, SENTENCES, encoder.encode(SENTENCES))
    assert list(terms)[:3] == ["label", "preferred", "lexical"]
    names = tuple(feature_names(list(terms)))
    model = RerankerModel(
        name="alt.v1", base_design=config.name, k=len(esco.skills), feature_names=names, kind="logistic",
        weights=np.linspace(-1.0, 1.0, len(names)), mean=np.zeros(len(names)), scale=np.ones(len(names)),
    )  # fmt: skip
    after = RerankedSkillLinker(esco, encoder, config, reranker=model).score_matrix(SENTENCES)
    before = rerank(model, terms, plain.score_matrix(SENTENCES), broader_groups(esco), k=model.k)
    assert ranking(after) == ranking(before) != ranking(plain.score_matrix(SENTENCES))


@pytest.mark.parametrize("design", ["alt-max+desc+lex", "pref+lex"])
def test_the_re_ranked_linker_computes_the_dense_products_once_and_ranks_as_before(esco, design, monkeypatch):
    # The (sentences x labels) products are most of a sentence's time: the re-ranked linker takes its base scores
    # from the score terms instead of recomputing them, with the scores the base design itself computes.
    encoder = HashingEncoder(dim=256)
    config = design_config(design)
    plain = SkillLinker(esco, encoder, config)
    terms = score_terms(plain, SENTENCES, encoder.encode(SENTENCES))
    names = tuple(feature_names(list(terms)))
    weights = np.linspace(-1.0, 1.0, len(names))  # a model that does re-order: a weight on every feature
    model = RerankerModel(
        name="mixed.v1", base_design=config.name, k=len(esco.skills), feature_names=names, kind="logistic",
        weights=weights, mean=np.zeros(len(names)), scale=np.ones(len(names)),
    )  # fmt: skip
    before = rerank(model, terms, plain.score_matrix(SENTENCES), broader_groups(esco), k=model.k)  # the old path
    reranked = RerankedSkillLinker(esco, encoder, config, reranker=model)

    def no_second_product(vectors: np.ndarray) -> np.ndarray:
        raise AssertionError("dense_scores called: the label products were computed twice")

    monkeypatch.setattr(reranked, "dense_scores", no_second_product)
    after = reranked.score_matrix(SENTENCES)
    assert ranking(after) == ranking(before)
    assert np.allclose(after, before, atol=1e-6)
    assert ranking(after) != ranking(plain.score_matrix(SENTENCES))


@pytest.mark.parametrize("shortlist", [None, 4], ids=["full-base", "shortlist-base"])
def test_the_re_ranked_linker_puts_the_model_s_choice_first_and_keeps_the_rest_in_base_order(esco, shortlist):
    encoder = HashingEncoder(dim=256)
    config = _default_like(esco, encoder)
    if shortlist:  # a shortlist design (alt-max+desc+lex+trained+rerank) re-orders its own top k the same way
        config = replace(config, name="short.v1", candidates=shortlist)
    plain = SkillLinker(esco, encoder, config)
    names = tuple(feature_names(list(score_terms(plain, SENTENCES, encoder.encode(SENTENCES)))))
    # A hand-written logistic model that scores a candidate by its lowest base rank ("log-rank" up = better):
    # it reverses the base order of the top k, and must leave every other skill below, in base order.
    weights = np.zeros(len(names))
    weights[names.index("log-rank")] = 1.0
    model = RerankerModel(
        name="reverse.v1", base_design=config.name, k=3, feature_names=names, kind="logistic",
        weights=weights, mean=np.zeros(len(names)), scale=np.ones(len(names)),
    )  # fmt: skip
    reranked = RerankedSkillLinker(esco, encoder, config, reranker=model)
    base_order, new_order = ranking(plain.score_matrix(SENTENCES)), ranking(reranked.score_matrix(SENTENCES))
    for before, after in zip(base_order, new_order, strict=True):
        assert after[:3] == before[:3][::-1]
        assert after[3:] == before[3:]
    top = reranked.link_skills(SENTENCES, top_k=1)
    assert [row[0].uri for row in top] == [esco.skills[order[2]].uri for order in base_order]


def test_a_shortlist_base_computes_the_same_features_from_its_candidates_alone(esco):
    # The fast path of a re-ranked shortlist design (alt-max+desc+lex+trained+rerank) must hand the model the
    # features training computed from the full (sentences x skills) term matrices.
    encoder = HashingEncoder(dim=256)
    config = replace(_default_like(esco, encoder), name="short.v1", candidates=4)
    linker = SkillLinker(esco, encoder, config)
    vectors = encoder.encode(SENTENCES)
    base, coverage = shortlisted_base(linker, SENTENCES, vectors)
    assert np.array_equal(base, linker.score_matrix(SENTENCES))
    candidates = top_candidates(base, 3)
    groups = broader_groups(esco)
    full = candidate_features(score_terms(linker, SENTENCES, vectors), base, candidates, groups)
    reranked = RerankedSkillLinker(esco, encoder, config, reranker=_constant_model(full.shape[2]))
    terms = candidate_terms(linker, vectors, candidates, coverage, reranked.kinds_)
    assert list(terms) == list(score_terms(linker, SENTENCES, vectors))
    fast = features_of_candidates(terms, np.take_along_axis(base, candidates, axis=1), groups[candidates])
    assert np.allclose(fast, full, atol=1e-6)


def _constant_model(width: int) -> RerankerModel:
    return RerankerModel(
        name="c.v1", base_design="x", k=3, feature_names=tuple(str(i) for i in range(width)), kind="logistic",
        weights=np.zeros(width), mean=np.zeros(width), scale=np.ones(width),
    )  # fmt: skip


def test_a_model_trained_on_other_features_is_refused(esco):
    encoder = HashingEncoder(dim=256)
    model = RerankerModel(
        name="other.v1", base_design="x", k=3, feature_names=("a", "b"), kind="logistic",
        weights=np.zeros(2), mean=np.zeros(2), scale=np.ones(2),
    )  # fmt: skip
    linker = RerankedSkillLinker(esco, encoder, _default_like(esco, encoder), reranker=model)
    with pytest.raises(ValueError, match="expects features"):
        linker.score_matrix(SENTENCES)


def test_the_shipped_re_ranked_design_loads_its_model_and_only_re_orders_the_top_k(esco, tmp_path):
    linker = build_skill_linker(esco, "alt-max+desc+lex+rerank.v1", cache_dir=tmp_path / "embeddings")
    assert isinstance(linker, RerankedSkillLinker)
    assert linker.config.name == "alt-max+desc+lex+rerank.v1"
    model = linker.reranker
    assert model is not None and model.kind == "trees" and model.k == 50
    assert model.base_design == design_config("alt-max+desc+lex").name
    # Same weights as the default it re-ranks; trained on the terms the linker computes at run time.
    assert replace(linker.config, name="x") == replace(design_config("alt-max+desc+lex"), name="x")
    encoder = HashingEncoder(dim=256)  # the shipped model on a toy taxonomy, without loading MiniLM
    plain = SkillLinker(esco, encoder, design_config("alt-max+desc+lex"))
    terms = score_terms(plain, SENTENCES, encoder.encode(SENTENCES))
    assert tuple(feature_names(list(terms))) == model.feature_names
    reranked = RerankedSkillLinker(esco, encoder, linker.config, reranker=replace(model, k=3))
    before, after = ranking(plain.score_matrix(SENTENCES)), ranking(reranked.score_matrix(SENTENCES))
    for base_order, new_order in zip(before, after, strict=True):
        assert set(new_order[:3]) == set(base_order[:3])
        assert new_order[3:] == base_order[3:]
    # Over every skill of the toy taxonomy the trained model does change the default's order (a degenerate model,
    # e.g. a constant probability, would keep it: the re-ranking sort is stable).
    everything = RerankedSkillLinker(esco, encoder, linker.config, reranker=replace(model, k=len(esco.skills)))
    assert ranking(everything.score_matrix(SENTENCES)) != before


def test_the_shipped_fast_re_ranked_design_re_ranks_its_own_shortlist_base(esco, tmp_path):
    from careerpath.linking.designs import RERANKED_DESIGNS

    config = design_config("alt-max+desc+lex+trained+rerank.v1")
    assert config.name == "alt-max+desc+lex+trained+rerank.v1"  # v1 by name: the alias means v2 (session 8)
    base_name, model_file = RERANKED_DESIGNS[config.name]
    model = load_reranker(shipped_reranker_path(model_file))
    assert model.kind == "trees" and model.k == 50
    assert model.base_design == design_config(base_name).name == "alt-max+desc+lex+trained.v1"
    # Same weights, shortlist and encoder as the fast design it re-ranks.
    assert replace(config, name="x") == replace(design_config("alt-max+desc+lex+trained"), name="x")
    assert config.candidates > 0
    encoder = HashingEncoder(dim=256)  # the shipped model on a toy taxonomy, without loading the trained encoder
    plain = SkillLinker(esco, encoder, replace(config, candidates=4))
    reranked = RerankedSkillLinker(esco, encoder, plain.config, reranker=replace(model, k=3))
    before, after = ranking(plain.score_matrix(SENTENCES)), ranking(reranked.score_matrix(SENTENCES))
    for base_order, new_order in zip(before, after, strict=True):
        assert set(new_order[:3]) == set(base_order[:3])
        assert new_order[3:] == base_order[3:]
    everything = RerankedSkillLinker(esco, encoder, plain.config, reranker=replace(model, k=len(esco.skills) - 1))
    assert ranking(everything.score_matrix(SENTENCES)) != before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("options", "design", "base", "split"),
    [
        ([], "alt-max+desc+lex+rerank", "alt-max+desc+lex", "house"),  # no --design: the CLI's default is re-ranked
        (
            ["--design", "alt-max+desc+lex+trained+rerank"],
            "alt-max+desc+lex+trained+rerank",
            "alt-max+desc+lex+trained",
            "tech",
        ),
    ],
)
def test_the_cli_evaluates_a_re_ranked_design_which_re_orders_its_base_s_top_50(
    shared_data, mini_esco, tmp_path, options, design, base, split
):
    pytest.importorskip("sentence_transformers", reason="the semantic extra: pip install 'careerpath[semantic]'")
    pytest.importorskip("onnxruntime", reason="the semantic extra: pip install 'careerpath[semantic]'")
    from typer.testing import CliRunner

    from careerpath.cli.eval_cmd import eval_app
    from careerpath.esco import load_esco

    cache = tmp_path / "embeddings"
    file = shared_data / "decorte_skill_extraction_benchmark" / f"{split}_validation_annotations.csv"
    command = ["skill-linking", str(file), "--esco", str(mini_esco), "--limit", "8", "--cache-dir", str(cache)]
    result = CliRunner().invoke(eval_app, [*command, *options])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["design"] == design and metrics["n"] == 8
    # The same real models and ESCO subset in Python (the cache the CLI just filled): the base's top 50, in a new
    # order; the rest unchanged.
    taxonomy = load_esco(mini_esco)
    sentences = [e.sentence for e in read_linking_examples(file)][:8]
    before = ranking(build_skill_linker(taxonomy, base, cache_dir=cache).score_matrix(sentences))
    after = ranking(build_skill_linker(taxonomy, design, cache_dir=cache).score_matrix(sentences))
    assert all(set(a[:50]) == set(b[:50]) and a[50:] == b[50:] for a, b in zip(after, before, strict=True))
    assert any(a[:5] != b[:5] for a, b in zip(after, before, strict=True))
