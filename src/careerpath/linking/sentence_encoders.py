"""The sentence encoders a linking design can name (``LinkerConfig.query_encoder``), by versioned name.

The encoder is part of the design: ``alt-max+desc+lex+int8`` always encodes sentences with the int8
ONNX export of all-MiniLM-L6-v2, built on first use beside the embeddings cache, so the design's
name says everything that shaped its results (no separate model folder to pass). Taxonomy vectors
always come from the PyTorch MiniLM (see ``build_skill_linker``). careerpath.components lists these.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from careerpath.linking.encoders import SentenceTransformerEncoder, TextEncoder, fast_minilm_encoder
from careerpath.registry import Registry


def minilm_int8_dir(model_cache: str | Path) -> Path:
    """The int8 ONNX export of the packaged all-MiniLM-L6-v2 under ``model_cache``, built on first use (~30 s)."""
    final = Path(model_cache) / "minilm-int8-v1"
    if (final / "model.int8.onnx").is_file():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the final folder and rename: parallel workers never read a half-written model.
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=final.parent))
    try:
        from careerpath.linking.onnx_export import export_bert_folder

        export_bert_folder(staging)
        try:
            staging.rename(final)
        except OSError:  # another process finished first; its copy is identical
            if not (final / "model.int8.onnx").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _minilm(model_cache: Path) -> TextEncoder:
    return SentenceTransformerEncoder()


def _minilm_distilled(model_cache: Path) -> TextEncoder:
    from careerpath.linking.query_encoder import distilled_query_encoder

    return distilled_query_encoder(model_cache)


def _minilm_int8(model_cache: Path) -> TextEncoder:
    return fast_minilm_encoder(minilm_int8_dir(model_cache))


# Versioned name -> (factory taking the model cache folder, summary). Bump the version when the
# encoder's output changes (weights, export, sequence length).
QUERY_ENCODERS: dict[str, tuple[Callable[[Path], TextEncoder], str]] = {
    "minilm.v1": (_minilm, "all-MiniLM-L6-v2, PyTorch, 128 tokens"),
    "minilm-distilled.v1": (_minilm_distilled, "careerpath's distilled 3-layer student, ONNX int8, 64 tokens"),
    "minilm-int8.v1": (_minilm_int8, "all-MiniLM-L6-v2 exported to ONNX int8 on first use, 64 tokens"),
}
ENCODER_VERSIONS = Registry()
for _name, (_factory, _summary) in QUERY_ENCODERS.items():
    ENCODER_VERSIONS.add("encoder", _name, _factory, summary=_summary)
