"""OnnxEncoder against the PyTorch all-MiniLM-L6-v2 it was exported from.

Needs onnxruntime, tokenizers, the semantic extra and an export folder made by
``python scripts/export_onnx_encoder.py DIR``; DIR is $CAREERPATH_ONNX_DIR (default /tmp/minilm-onnx).
Without that folder, slow runs (``--slow``, as in CI) export one into a temporary folder first; fast
runs skip, with the reason, as they do when a package is missing.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from careerpath.linking.encoders import MINILM_CACHE_NAME, OnnxEncoder, fast_minilm_encoder, semantic_available

ONNX_DIR = Path(os.environ.get("CAREERPATH_ONNX_DIR", "/tmp/minilm-onnx"))
SENTENCES = [
    "Experience with Python and Docker",
    "manage time",
    "You will design, build and maintain data pipelines for our machine learning platform, "
    "working closely with product teams across three continents.",
    "SQL",
]


def _slow_enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--slow") or os.environ.get("CAREERPATH_SLOW"))


@pytest.fixture(scope="module")
def onnx_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    for module in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install onnxruntime tokenizers)")
    if (ONNX_DIR / "model.int8.onnx").is_file():
        return ONNX_DIR
    if not _slow_enabled(request.config) or not semantic_available():
        pytest.skip(
            f"no ONNX export at {ONNX_DIR}: run python scripts/export_onnx_encoder.py {ONNX_DIR} "
            "(or set CAREERPATH_ONNX_DIR, or run with --slow and the semantic extra to export one)"
        )
    out = tmp_path_factory.mktemp("minilm-onnx")
    script = Path(__file__).resolve().parents[3] / "scripts" / "export_onnx_encoder.py"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    return out


def _require_export(onnx_dir: Path, int8: bool) -> OnnxEncoder:
    encoder = OnnxEncoder(onnx_dir, int8=int8, threads=1, batch_size=2)
    assert encoder.model_file.is_file(), f"the export in {onnx_dir} lacks {encoder.model_file.name}"
    return encoder


@pytest.fixture(scope="module")
def pytorch_vectors(onnx_dir: Path) -> np.ndarray:  # onnx_dir: skip before loading torch when nothing compares
    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    from careerpath.linking.encoders import SentenceTransformerEncoder

    return SentenceTransformerEncoder(threads=1).encode(SENTENCES)


@pytest.mark.parametrize("int8", [False, True], ids=["fp32", "int8"])
def test_onnx_encoder_matches_pytorch_vectors(onnx_dir, pytorch_vectors, int8):
    vectors = _require_export(onnx_dir, int8).encode(SENTENCES)
    cosines = (vectors * pytorch_vectors).sum(axis=1)
    assert cosines.min() > (0.9999 if int8 is False else 0.98)


def test_onnx_encoder_vectors_do_not_depend_on_padding(onnx_dir):
    # Batches of 2 pair a long text with a short one; the mask must keep padding out of the mean.
    encoder = _require_export(onnx_dir, int8=False)
    together = encoder.encode(SENTENCES)
    alone = np.vstack([encoder.encode([sentence]) for sentence in SENTENCES])
    assert np.allclose(together, alone, atol=1e-4)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_onnx_encoder_truncates_to_max_seq_length(onnx_dir):
    encoder = _require_export(onnx_dir, int8=False)
    short = OnnxEncoder(onnx_dir, int8=False, threads=1, max_seq_length=8)
    long_text = SENTENCES[2]
    assert not np.allclose(short.encode([long_text]), encoder.encode([long_text]), atol=1e-3)
    assert short.encode([]).shape == (0, 0)


def test_fast_minilm_encoder_reads_the_pytorch_taxonomy_cache(onnx_dir):
    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    from careerpath.linking.encoders import SentenceTransformerEncoder

    encoder = fast_minilm_encoder(onnx_dir)
    assert encoder.name == MINILM_CACHE_NAME == SentenceTransformerEncoder().name
    assert encoder.int8 and encoder.max_seq_length == 64


def test_fast_design_ranks_like_the_exact_one_and_caches_only_pytorch_vectors(
    onnx_dir, mini_esco, shared_data, tmp_path
):
    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    from careerpath.esco import load_esco
    from careerpath.evaluation.readers import read_linking_examples
    from careerpath.linking import build_skill_linker

    esco = load_esco(mini_esco)
    examples = read_linking_examples(
        shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"
    )[:30]
    sentences = [example.sentence for example in examples]
    fast = build_skill_linker(esco, "alt-max+desc+lex+shortlist", cache_dir=tmp_path, onnx_dir=onnx_dir)
    exact = build_skill_linker(esco, "alt-max+desc+lex", cache_dir=tmp_path)
    fast_top5 = [[link.uri for link in ranked] for ranked in fast.link_skills(sentences, top_k=5)]
    exact_top1 = [ranked[0].uri for ranked in exact.link_skills(sentences, top_k=1)]
    kept = sum(top1 in top5 for top1, top5 in zip(exact_top1, fast_top5, strict=True)) / len(sentences)
    assert kept >= 0.9  # int8 sentences and the shortlist move ranks a little, not the answers
    # The taxonomy was embedded once, by PyTorch, under its own name: no int8 vectors in the cache.
    assert [folder.name for folder in tmp_path.iterdir()] == [MINILM_CACHE_NAME]
