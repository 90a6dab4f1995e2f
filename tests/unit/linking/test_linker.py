from __future__ import annotations

import random

import numpy as np
import pytest

from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.designs import DESIGNS, LEXICAL_DESIGN
from careerpath.linking.encoders import HashingEncoder, TextEncoder
from careerpath.linking.lexical import LexicalIndex, tokenize
from careerpath.linking.linker import LinkerConfig, SkillLinker, split_clauses


class CountingEncoder:
    """A HashingEncoder that counts how many texts it was asked to encode."""

    def __init__(self) -> None:
        self.inner = HashingEncoder(dim=256)
        self.name = self.inner.name
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        return self.inner.encode(texts)


def test_hashing_encoder_satisfies_the_protocol_and_normalises():
    encoder = HashingEncoder()
    assert isinstance(encoder, TextEncoder)
    vectors = encoder.encode(["python", "java"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_tokenize_strips_plurals_and_stopwords():
    assert tokenize("Building data pipelines with the C++ and C# tools") == [
        "building",
        "data",
        "pipeline",
        "c++",
        "c#",
        "tool",
    ]


def test_lexical_index_scores_full_label_coverage_highest():
    index = LexicalIndex(["machine learning", "learning management", "python"], [0, 1, 2], 3)
    coverage = index.coverage("We use machine learning daily")
    assert coverage[0] == pytest.approx(1.0)
    assert 0 < coverage[1] < 1
    assert coverage[2] == 0


def test_lexical_index_full_label_coverage_is_exactly_one():
    # The lexical design keeps links with score >= 1.0, so a label whose every token is present must
    # reach exactly 1.0 in any process (float32 sums in a hash-seed-dependent order did not).
    rng = random.Random(0)
    vocabulary = [f"w{i}x" for i in range(300)]
    labels = [" ".join(rng.sample(vocabulary[: rng.randint(10, 300)], rng.randint(2, 6))) for _ in range(500)]
    index = LexicalIndex(labels, list(range(len(labels))), len(labels))
    assert [i for i, label in enumerate(labels) if index.coverage(f"we need {label} here")[i] != 1.0] == []


def test_link_skills_ranks_the_named_skill_first(esco, tmp_path):
    linker = SkillLinker(esco, HashingEncoder(), DESIGNS["alt-max+lex"], cache_dir=tmp_path)
    results = linker.link_skills(["Strong Python programming and Docker containers"], top_k=3)
    top = [skill.label for skill in results[0]]
    assert top[0] in {"Python (computer programming)", "containerisation"}
    assert {"Python (computer programming)", "containerisation"} <= set(top)


def test_lexical_design_needs_no_encoder_calls(esco):
    encoder = CountingEncoder()
    linker = SkillLinker(esco, encoder, DESIGNS[LEXICAL_DESIGN]).prepare()
    ranked = linker.link_skills(["time management is key"], top_k=1)[0]
    assert ranked[0].uri == "u:time"
    assert encoder.calls == 0


def test_taxonomy_embeddings_are_cached_on_disk(esco, tmp_path):
    first = CountingEncoder()
    SkillLinker(esco, first, LinkerConfig(description_weight=0.5), cache_dir=tmp_path).prepare()
    assert first.calls > 0
    second = CountingEncoder()
    SkillLinker(esco, second, LinkerConfig(description_weight=0.5), cache_dir=tmp_path).prepare()
    assert second.calls == 0
    assert list(tmp_path.glob("hashing*/esco-test-f00/skill_labels-*.npy"))


def test_embedding_cache_misses_when_texts_change(tmp_path):
    cache = EmbeddingCache(tmp_path)
    encoder = CountingEncoder()
    cache.get_or_compute(encoder.name, "k", "f", ["a", "b"], encoder.encode)
    cache.get_or_compute(encoder.name, "k", "f", ["a", "c"], encoder.encode)
    assert encoder.calls == 4


def test_split_clauses_cuts_at_commas_and_conjunctions():
    assert split_clauses("Python, Java and SQL; cloud (AWS)") == ["Python", "Java", "SQL", "cloud", "AWS"]


def test_clause_views_keep_score_shape(esco):
    linker = SkillLinker(esco, HashingEncoder(), LinkerConfig(split_clauses=True))
    assert linker.score_matrix(["python, java", "cleaning"]).shape == (2, len(esco.skills))
    assert linker.score_matrix([]).shape == (0, len(esco.skills))


def test_a_taxonomy_encoder_embeds_the_taxonomy_and_the_sentence_encoder_only_sentences(esco, tmp_path):
    taxonomy_side, sentence_side = CountingEncoder(), CountingEncoder()
    config = LinkerConfig(description_weight=0.5)
    linker = SkillLinker(esco, sentence_side, config, cache_dir=tmp_path, taxonomy_encoder=taxonomy_side)
    ranked = linker.link_skills(["time management"], top_k=1)[0]
    assert sentence_side.calls == 1  # the one sentence; every label and description went the other way
    assert taxonomy_side.calls >= 2 * len(esco.skills)
    # Same scores as one encoder doing both: the split changes who encodes, not the ranking.
    single = SkillLinker(esco, CountingEncoder(), config).link_skills(["time management"], top_k=1)[0]
    assert [(r.uri, round(r.score, 6)) for r in ranked] == [(r.uri, round(r.score, 6)) for r in single]
