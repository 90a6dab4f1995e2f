"""Re-ranker feature set v2: the candidates' skill-intrinsic ESCO facts, appended after v1's features."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco import load_esco
from careerpath.esco.tables import BroaderRelation
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.linker import LinkerConfig, SkillLinker
from careerpath.linking.rerank import (
    RERANKER_FORMAT,
    SKILL_FEATURES,
    RerankedSkillLinker,
    RerankerModel,
    broader_groups,
    candidate_features,
    feature_names,
    load_reranker,
    rerank,
    reranker_from_dict,
    score_terms,
    shipped_reranker_path,
    skill_features,
    sklearn_model_as_dict,
    top_candidates,
)

SENTENCES = ["We build models in Python and ship them in docker", "Keeps the rooms clean", "java and machine learning"]
CONFIG = LinkerConfig(name="alt-max+desc+lex.v2", description_weight=0.5, lexical_weight=0.45, lexical_power=1.0)


def ranking(scores: np.ndarray) -> list[list[int]]:
    return np.argsort(-scores, axis=1, kind="stable").tolist()


@pytest.fixture
def esco_v2(esco):  # type: ignore[no-untyped-def]
    """The six-skill toy release with a hierarchy (ml under python under a group) and two collections."""
    return replace(
        esco,
        skill_broader=[
            BroaderRelation("u:python", "g:prog"),
            BroaderRelation("u:java", "g:prog"),
            BroaderRelation("g:prog", "g:ict"),
            BroaderRelation("u:ml", "u:python"),
        ],
        collections={"digital": frozenset({"u:python", "u:docker"}), "transversal": frozenset({"u:time"})},
    )


def test_skill_features_count_occupations_collections_hierarchy_and_labels(esco_v2):
    table = skill_features(esco_v2)  # skills: python, java, ml, time, docker, clean
    column = {name: table[:, i].tolist() for i, name in enumerate(SKILL_FEATURES)}
    assert table.shape == (6, len(SKILL_FEATURES)) and table.dtype == np.float32
    assert column["essential-occupations"] == [1, 1, 1, 0, 0, 0]  # one each, scaled by the most (one)
    assert column["optional-occupations"] == [1, 0, 0, 0, 0, 0]
    assert column["digital"] == [1, 0, 0, 0, 1, 0]
    assert column["transversal-collection"] == [0, 0, 0, 1, 0, 0]
    assert column["depth"] == [2, 2, 3, 0, 0, 0]  # python -> g:prog -> g:ict; ml one step below python
    assert np.allclose(column["narrower"], np.log1p([1, 0, 0, 0, 0, 0]))  # ml is the only skill below a skill
    assert np.allclose(column["alt-labels"], np.log1p([2, 1, 2, 1, 2, 1]))
    assert column["label-words"] == [3, 3, 2, 2, 1, 2]


def test_a_cycle_in_the_hierarchy_still_gives_finite_depths(esco):
    looped = replace(
        esco, skill_broader=[BroaderRelation("u:docker", "u:clean"), BroaderRelation("u:clean", "u:docker")]
    )
    depth = skill_features(looped)[:, SKILL_FEATURES.index("depth")]
    assert np.isfinite(depth).all() and depth.max() <= 2


def test_load_esco_reads_the_skill_collections(tmp_path):
    (tmp_path / "skills_en.csv").write_text(
        "conceptUri,preferredLabel,altLabels,skillType,reuseLevel\n"
        "u:a,use spreadsheets software,excel,skill/competence,cross-sector\n"
        "u:b,clean rooms,,skill/competence,sector-specific\n"
    )
    (tmp_path / "occupations_en.csv").write_text("conceptUri,preferredLabel,altLabels\no:1,clerk,\n")
    (tmp_path / "occupationSkillRelations.csv").write_text("occupationUri,relationType,skillUri\no:1,essential,u:a\n")
    (tmp_path / "digitalSkillsCollection_en.csv").write_text("conceptType,conceptUri,preferredLabel\nx,u:a,use\n")
    taxonomy = load_esco(tmp_path)
    assert taxonomy.collections == {"digital": frozenset({"u:a"})}  # no transversal file: no such collection
    assert skill_features(taxonomy)[:, SKILL_FEATURES.index("digital")].tolist() == [1.0, 0.0]


def test_v2_names_append_the_skill_features_and_an_unknown_set_is_refused():
    assert feature_names(["label"], "v2") == [*feature_names(["label"]), *SKILL_FEATURES]
    with pytest.raises(ValueError, match="unknown re-ranker feature set"):
        feature_names(["label"], "v9")


def _v2_file(model, kind: str, names: list[str]) -> dict:  # type: ignore[no-untyped-def]
    return {
        "format": RERANKER_FORMAT,
        "version": 1,
        "name": "test-rerank.v2",
        "base_design": CONFIG.name,
        "k": 4,
        "feature_set": "v2",
        "feature_names": names,
        "model": sklearn_model_as_dict(model, kind),
    }


def test_a_stored_v2_model_scores_and_re_ranks_as_the_fitted_scikit_learn_model(esco_v2, tmp_path):
    ensemble = pytest.importorskip("sklearn.ensemble")
    encoder = HashingEncoder(dim=256)
    plain = SkillLinker(esco_v2, encoder, CONFIG)
    terms = score_terms(plain, SENTENCES, encoder.encode(SENTENCES))
    base = plain.score_matrix(SENTENCES)
    groups, skills = broader_groups(esco_v2), skill_features(esco_v2)
    candidates = top_candidates(base, 6)
    features = candidate_features(terms, base, candidates, groups, skills)
    names = feature_names(list(terms), "v2")
    assert features.shape == (3, 6, len(names))
    # The skill columns are each candidate's row of skill_features.
    assert np.array_equal(features[:, :, -len(SKILL_FEATURES) :], skills[candidates])
    # Gold: the candidates in the digital collection; trees fitted on all features must find it.
    target = features[:, :, names.index("digital")] > 0
    x = features.reshape(-1, len(names))
    model = ensemble.HistGradientBoostingClassifier(max_iter=20, min_samples_leaf=2, random_state=0)
    model.fit(x, target.reshape(-1))
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(_v2_file(model, "hgb", names)))
    stored = load_reranker(path)
    assert stored.feature_set == "v2"
    assert np.abs(stored.predict_proba(x) - model.predict_proba(x)).max() < 1e-6
    # The linker computes the v2 features itself and ranks as the scikit-learn model over the training features.
    linker = RerankedSkillLinker(esco_v2, encoder, CONFIG, reranker=stored)
    expected = rerank(model, terms, base, groups, k=4, skills=skills)
    assert ranking(linker.score_matrix(SENTENCES)) == ranking(expected)
    digital = {0, 4}  # python, docker
    for row in ranking(linker.score_matrix(SENTENCES)):
        in_top = [s for s in row[:4] if s in digital]
        assert row[: len(in_top)] == in_top  # the digital candidates of the top 4 come first


@pytest.mark.parametrize("shortlist", [0, 5], ids=["full-base", "shortlist-base"])
def test_a_v2_model_on_label_words_puts_the_longest_label_first(esco_v2, shortlist):
    encoder = HashingEncoder(dim=256)
    config = replace(CONFIG, candidates=shortlist)
    plain = SkillLinker(esco_v2, encoder, config)
    names = feature_names(list(score_terms(plain, SENTENCES, encoder.encode(SENTENCES))), "v2")
    weights = np.zeros(len(names))
    weights[names.index("label-words")] = 1.0
    model = RerankerModel(
        name="words.v2", base_design=config.name, k=4, feature_names=tuple(names), kind="logistic",
        weights=weights, mean=np.zeros(len(names)), scale=np.ones(len(names)), feature_set="v2",
    )  # fmt: skip
    linker = RerankedSkillLinker(esco_v2, encoder, config, reranker=model)
    words = [len(s.label.split()) for s in esco_v2.skills]
    before, after = ranking(plain.score_matrix(SENTENCES)), ranking(linker.score_matrix(SENTENCES))
    for base_order, new_order in zip(before, after, strict=True):
        assert set(new_order[:4]) == set(base_order[:4]) and new_order[4:] == base_order[4:]
        assert [words[s] for s in new_order[:4]] == sorted((words[s] for s in base_order[:4]), reverse=True)


def test_a_v1_file_keeps_loading_as_v1_and_an_unknown_feature_set_is_refused():
    data = json.loads(shipped_reranker_path("linking-reranker.v1.json").read_text())
    assert "feature_set" not in data
    model = reranker_from_dict(data)
    assert model.feature_set == "v1" and not set(SKILL_FEATURES) & set(model.feature_names)
    with pytest.raises(ValueError, match="unknown re-ranker feature set 'v9'"):
        reranker_from_dict({**data, "feature_set": "v9"})


def test_the_shipped_v2_design_loads_its_model_and_v1_stays_selectable(esco_v2, tmp_path, reorders_only_its_top_k):
    from careerpath.linking.designs import build_skill_linker, design_config

    linker = build_skill_linker(esco_v2, "alt-max+desc+lex+rerank.v2", cache_dir=tmp_path / "embeddings")
    assert isinstance(linker, RerankedSkillLinker) and linker.config.name == "alt-max+desc+lex+rerank.v2"
    model = linker.reranker
    assert model is not None and model.feature_set == "v2" and model.kind == "trees" and model.k == 50
    assert model.base_design == design_config("alt-max+desc+lex").name
    assert replace(linker.config, name="x") == replace(design_config("alt-max+desc+lex"), name="x")
    old = build_skill_linker(esco_v2, "alt-max+desc+lex+rerank.v1", cache_dir=tmp_path / "embeddings")
    assert isinstance(old, RerankedSkillLinker) and old.reranker is not None and old.reranker.feature_set == "v1"
    # The shipped v2 model on the toy taxonomy (no MiniLM): the linker computes exactly the features it was trained on,
    # re-orders only the top k, and does change the order when every skill is a candidate.
    encoder = HashingEncoder(dim=256)
    plain = SkillLinker(esco_v2, encoder, design_config("alt-max+desc+lex"))
    terms = score_terms(plain, SENTENCES, encoder.encode(SENTENCES))
    assert tuple(feature_names(list(terms), "v2")) == model.feature_names
    reorders_only_its_top_k(esco_v2, encoder, linker.config, model, plain, SENTENCES, everything=len(esco_v2.skills))
