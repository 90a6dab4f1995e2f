"""The +int8 design carries its encoder: MiniLM in ONNX int8, exported on first use beside the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.linking.encoders import MINILM_CACHE_NAME, semantic_available

needs_semantic = pytest.mark.skipif(
    not semantic_available(), reason="the semantic extra is not installed: pip install 'careerpath[semantic]'"
)


@pytest.fixture()
def house_sentences(shared_data: Path) -> list[str]:
    from careerpath.evaluation.readers import read_linking_examples

    path = shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"
    return [example.sentence for example in read_linking_examples(path)]


@pytest.mark.slow
@needs_semantic
def test_int8_design_finds_what_the_exact_design_finds_without_an_onnx_folder(mini_esco, house_sentences, tmp_path):
    from careerpath.esco import load_esco
    from careerpath.linking import build_skill_linker

    esco = load_esco(mini_esco)
    sentences = house_sentences[:30]
    embeddings = tmp_path / "embeddings"
    exact = build_skill_linker(esco, "alt-max+desc+lex", cache_dir=embeddings)
    fast = build_skill_linker(esco, "alt-max+desc+lex+int8", cache_dir=embeddings)  # no onnx_dir
    assert fast.config.name == "alt-max+desc+lex+int8.v1"
    fast_top5 = [[link.uri for link in ranked] for ranked in fast.link_skills(sentences, top_k=5)]
    exact_top1 = [ranked[0].uri for ranked in exact.link_skills(sentences, top_k=1)]
    kept = sum(top1 in top5 for top1, top5 in zip(exact_top1, fast_top5, strict=True)) / len(sentences)
    assert kept >= 0.9
    # Taxonomy vectors are PyTorch MiniLM's; the int8 export sits beside the embeddings cache.
    assert [folder.name for folder in embeddings.iterdir()] == [MINILM_CACHE_NAME]
    assert [folder.name for folder in (tmp_path / "models").iterdir()] == ["minilm-int8-v1"]
