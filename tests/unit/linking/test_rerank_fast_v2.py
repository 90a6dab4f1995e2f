"""The fast design's re-ranker v2 (session 8): the alias runs it, its v1 stays selectable, and it re-orders its own
shortlist base's top 50 with the skill-intrinsic features appended."""

from __future__ import annotations

from dataclasses import replace

from careerpath.linking.designs import RERANKED_DESIGNS, design_config
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.linker import SkillLinker
from careerpath.linking.rerank import feature_names, reranked_linker, score_terms

SENTENCES = ["We build models in Python and ship them in docker", "Keeps the rooms clean", "java and machine learning"]
FAST = "alt-max+desc+lex+trained+rerank"
FAST_BASE = "alt-max+desc+lex+trained"


def test_the_fast_alias_means_v2_and_v1_stays_selectable_with_its_own_model():
    assert design_config(FAST).name == f"{FAST}.v2"
    assert design_config(f"{FAST}.v1").name == f"{FAST}.v1"
    v1, v2 = RERANKED_DESIGNS[f"{FAST}.v1"], RERANKED_DESIGNS[f"{FAST}.v2"]
    assert v1[0] == v2[0] == FAST_BASE and v1[1] != v2[1]
    # Both re-rank the fast base: same weights, shortlist and trained query encoder, only the name differs.
    for name in (FAST, f"{FAST}.v1"):
        assert replace(design_config(name), name="x") == replace(design_config(FAST_BASE), name="x")
    assert design_config(FAST).candidates > 0


def test_the_shipped_fast_v2_loads_on_its_base_and_re_orders_only_its_top_k(esco, reorders_only_its_top_k):
    # The fast base on the toy taxonomy with a hashing encoder (no trained encoder to load), shortlist 4 of 6 skills.
    encoder = HashingEncoder(dim=256)
    base = SkillLinker(esco, encoder, replace(design_config(FAST_BASE), candidates=4))
    linker = reranked_linker(base, design_config(FAST), RERANKED_DESIGNS[design_config(FAST).name][1])
    model = linker.reranker
    assert model is not None and model.name == f"{FAST}.v2"
    assert model.feature_set == "v2" and model.kind == "trees" and model.k == 50
    assert model.base_design == design_config(FAST_BASE).name
    # The linker computes exactly the columns the model was fitted on: v1's terms, then the skill features.
    terms = score_terms(base, SENTENCES, encoder.encode(SENTENCES))
    assert tuple(feature_names(list(terms), "v2")) == model.feature_names
    reorders_only_its_top_k(esco, encoder, base.config, model, base, SENTENCES, everything=len(esco.skills) - 1)
    # v1 is still its own file: the 18 columns without the skill features.
    old = reranked_linker(base, design_config(f"{FAST}.v1"), RERANKED_DESIGNS[f"{FAST}.v1"][1]).reranker
    assert old is not None and old.feature_set == "v1" and len(old.feature_names) < len(model.feature_names)
