"""Learned fusion: the separate score terms, weighted, reproduce the linker's own ranking exactly."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.fusion import FEATURES, component_scores, config_from_weights, fuse
from careerpath.linking.linker import LinkerConfig, SkillLinker

SENTENCES = ["We build models in Python and ship them in docker", "Keeps the rooms clean", "time management"]


def with_kinds(esco):
    kinds = {"u:ml": ("knowledge", "cross-sector"), "u:time": ("skill/competence", "transversal")}
    skills = [
        replace(s, skill_type=kinds.get(s.uri, ("", ""))[0], reuse_level=kinds.get(s.uri, ("", ""))[1])
        for s in esco.skills
    ]
    return replace(esco, skills=skills)


@pytest.mark.parametrize("power", [1.0, 2.0])
def test_fused_components_equal_the_linker_scores_of_the_same_weights(esco, power):
    esco = with_kinds(esco)
    encoder = HashingEncoder(dim=256)
    weights = {
        "label": 1.0,
        "preferred": 0.2,
        "description": 0.4,
        "lexical": 0.5,
        "prior": 0.1,
        "knowledge": 0.3,
        "transversal": -0.2,
    }
    config = config_from_weights("learned.test", weights, lexical_power=power)
    linker = SkillLinker(esco, encoder, config)
    components = component_scores(linker, SENTENCES, encoder.encode(SENTENCES), lexical_power=power)
    assert set(components) == set(FEATURES)
    assert np.allclose(fuse(components, weights), linker.score_matrix(SENTENCES), atol=1e-5)


def test_kind_weights_move_only_the_skills_of_that_kind(esco):
    esco = with_kinds(esco)
    encoder = HashingEncoder(dim=256)
    plain = SkillLinker(esco, encoder, LinkerConfig(description_weight=0.5)).score_matrix(SENTENCES)
    boosted = SkillLinker(
        esco, encoder, LinkerConfig(description_weight=0.5, kind_weights=(("knowledge", 0.25),))
    ).score_matrix(SENTENCES)
    moved = np.abs(boosted - plain).max(axis=0) > 1e-6
    assert [s.uri for s, m in zip(esco.skills, moved, strict=True) if m] == ["u:ml"]
    assert np.allclose((boosted - plain)[:, moved], 0.25)


def test_component_scores_need_description_vectors(esco):
    linker = SkillLinker(esco, HashingEncoder(dim=64), LinkerConfig())
    with pytest.raises(ValueError, match="descriptions"):
        component_scores(linker, ["python"], HashingEncoder(dim=64).encode(["python"]))


def test_preferred_only_design_embeds_only_preferred_labels_and_matches_its_fusion(esco, tmp_path):
    class Counting(HashingEncoder):
        def __init__(self) -> None:
            super().__init__(dim=256)
            self.texts: list[str] = []

        def encode(self, texts):
            self.texts.extend(texts)
            return super().encode(texts)

    encoder = Counting()
    config = LinkerConfig(encode_alt_labels=False, lexical_weight=0.45, lexical_power=2.0)
    linker = SkillLinker(esco, encoder, config, cache_dir=tmp_path).prepare()
    assert encoder.texts == [s.label for s in esco.skills]  # no alternative label was embedded
    scores = linker.score_matrix(SENTENCES)
    vectors = HashingEncoder(dim=256).encode(SENTENCES)
    preferred = HashingEncoder(dim=256).encode([s.label for s in esco.skills])
    full = SkillLinker(esco, HashingEncoder(dim=256), LinkerConfig(description_weight=0.1))
    lexical = component_scores(full, SENTENCES, vectors, lexical_power=2.0)["lexical"]
    assert np.allclose(scores, vectors @ preferred.T + 0.45 * lexical, atol=1e-5)  # lexical still reads alt labels
