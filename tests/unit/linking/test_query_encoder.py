"""The distilled 3-layer query encoder shipped with careerpath (linking/query_encoder.py).

The size test needs nothing; the others need the semantic extra and export the student to ONNX
(~20 s), so they run with --slow, as in CI.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from careerpath.linking.encoders import MINILM_CACHE_NAME, semantic_available
from careerpath.linking.query_encoder import query_encoder_dir, shipped_query_layers

needs_semantic = pytest.mark.skipif(
    not semantic_available(), reason="the semantic extra is not installed: pip install 'careerpath[semantic]'"
)


def _safetensors_header(path: Path) -> dict[str, dict]:
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        return json.loads(handle.read(size))


def test_shipped_weights_are_three_float16_layers_under_the_size_budget():
    path = shipped_query_layers()
    assert path.stat().st_size < 25 * 1024 * 1024  # the limit for anything trained that ships
    header = _safetensors_header(path)
    tensors = {name: spec for name, spec in header.items() if name != "__metadata__"}
    layers = {int(name.split(".")[2]) for name in tensors if name.startswith("encoder.layer.")}
    assert layers == {0, 1, 2}
    # The token embeddings come from the model package at run time, so they are not shipped twice.
    assert not [name for name in tensors if name.startswith("embeddings.")]
    assert {spec["dtype"] for spec in tensors.values()} == {"F16"}


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def house_sentences(shared_data: Path) -> list[str]:
    from careerpath.evaluation.readers import read_linking_examples

    examples = read_linking_examples(
        shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"
    )
    return [example.sentence for example in examples]


@pytest.mark.slow
@needs_semantic
def test_student_puts_unseen_sentences_where_the_teacher_does(model_cache, house_sentences):
    from careerpath.linking.encoders import SentenceTransformerEncoder
    from careerpath.linking.query_encoder import distilled_query_encoder

    # Validation sentences were kept out of the student's training text.
    student = distilled_query_encoder(model_cache, threads=1).encode(house_sentences)
    teacher = SentenceTransformerEncoder(max_seq_length=64, threads=1).encode(house_sentences)
    cosines = (student * teacher).sum(axis=1)
    assert cosines.mean() > 0.88 and cosines.min() > 0.75  # measured 0.906 and 0.835; untrained: 0.62 mean
    # Much closer to its own sentence's teacher vector than to any other sentence's.
    cross = student @ teacher.T
    assert (cross.argmax(axis=1) == np.arange(len(house_sentences))).mean() > 0.95


@pytest.mark.slow
@needs_semantic
def test_export_is_built_once_and_reused(model_cache):
    first = query_encoder_dir(model_cache)
    stamp = (first / "model.int8.onnx").stat().st_mtime_ns
    assert query_encoder_dir(model_cache) == first
    assert (first / "model.int8.onnx").stat().st_mtime_ns == stamp
    # Only the finished folder remains: no staging folders, no unused fp32 graphs.
    assert [p.name for p in model_cache.iterdir()] == [first.name]
    assert sorted(p.name for p in first.glob("*.onnx")) == ["model.int8.onnx"]


@pytest.mark.slow
@needs_semantic
def test_l3_design_finds_what_the_exact_design_finds(mini_esco, house_sentences, tmp_path):
    from careerpath.esco import load_esco
    from careerpath.linking import build_skill_linker

    esco = load_esco(mini_esco)
    sentences = house_sentences[:30]
    embeddings = tmp_path / "embeddings"
    fast = build_skill_linker(esco, "alt-max+desc+lex+distilled", cache_dir=embeddings)
    exact = build_skill_linker(esco, "alt-max+desc+lex", cache_dir=embeddings)
    fast_top5 = [[link.uri for link in ranked] for ranked in fast.link_skills(sentences, top_k=5)]
    exact_top1 = [ranked[0].uri for ranked in exact.link_skills(sentences, top_k=1)]
    kept = sum(top1 in top5 for top1, top5 in zip(exact_top1, fast_top5, strict=True)) / len(sentences)
    assert kept >= 0.85
    # Taxonomy vectors are the teacher's; the student's ONNX export sits beside the embeddings cache.
    assert [folder.name for folder in embeddings.iterdir()] == [MINILM_CACHE_NAME]
    assert [folder.name.startswith("minilm-distilled-query-") for folder in (tmp_path / "models").iterdir()] == [True]


def test_building_without_the_semantic_extra_is_one_clear_error(tmp_path, monkeypatch):
    from careerpath.errors import BackendUnavailable
    from careerpath.linking import query_encoder

    monkeypatch.setattr(query_encoder, "_BUILD_MODULES", ("torch", "careerpath_no_such_module"))
    with pytest.raises(
        BackendUnavailable, match=r"needs careerpath_no_such_module: pip install 'careerpath\[semantic\]'"
    ):
        query_encoder_dir(tmp_path / "models")
    assert not (tmp_path / "models").exists()  # nothing half-built is left behind
