"""OnnxEncoder against the PyTorch all-MiniLM-L6-v2 it was exported from.

Needs onnxruntime, tokenizers, the semantic extra and an export folder made by
``python scripts/export_onnx_encoder.py DIR``; DIR is $CAREERPATH_ONNX_DIR (default /tmp/minilm-onnx).
Each test is skipped, with the reason, when one of those is missing.
"""

from __future__ import annotations

import importlib.util
import os
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


def _require_export(int8: bool) -> OnnxEncoder:
    for module in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install onnxruntime tokenizers)")
    encoder = OnnxEncoder(ONNX_DIR, int8=int8, threads=1, batch_size=2)
    if not encoder.model_file.is_file():
        pytest.skip(
            f"no ONNX export at {encoder.model_file}: run python scripts/export_onnx_encoder.py {ONNX_DIR} "
            "(or set CAREERPATH_ONNX_DIR)"
        )
    return encoder


@pytest.fixture(scope="module")
def pytorch_vectors() -> np.ndarray:
    _require_export(int8=True)  # skip before loading torch when there is nothing to compare
    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    from careerpath.linking.encoders import SentenceTransformerEncoder

    return SentenceTransformerEncoder(threads=1).encode(SENTENCES)


@pytest.mark.parametrize("int8", [False, True], ids=["fp32", "int8"])
def test_onnx_encoder_matches_pytorch_vectors(pytorch_vectors, int8):
    vectors = _require_export(int8).encode(SENTENCES)
    cosines = (vectors * pytorch_vectors).sum(axis=1)
    assert cosines.min() > (0.9999 if int8 is False else 0.98)


def test_onnx_encoder_vectors_do_not_depend_on_padding():
    # Batches of 2 pair a long text with a short one; the mask must keep padding out of the mean.
    encoder = _require_export(int8=False)
    together = encoder.encode(SENTENCES)
    alone = np.vstack([encoder.encode([sentence]) for sentence in SENTENCES])
    assert np.allclose(together, alone, atol=1e-4)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_onnx_encoder_truncates_to_max_seq_length():
    encoder = _require_export(int8=False)
    short = OnnxEncoder(ONNX_DIR, int8=False, threads=1, max_seq_length=8)
    long_text = SENTENCES[2]
    assert not np.allclose(short.encode([long_text]), encoder.encode([long_text]), atol=1e-3)
    assert short.encode([]).shape == (0, 0)


def test_fast_minilm_encoder_reads_the_pytorch_taxonomy_cache():
    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    from careerpath.linking.encoders import SentenceTransformerEncoder

    encoder = fast_minilm_encoder(ONNX_DIR)
    assert encoder.name == MINILM_CACHE_NAME == SentenceTransformerEncoder().name
    assert encoder.int8 and encoder.max_seq_length == 64
