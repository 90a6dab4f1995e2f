"""Export a BERT sentence encoder (all-MiniLM-L6-v2 or a distilled student) to ONNX, fused and int8.

Writes, with the tokenizer files, into ``out_dir``:

- ``model.onnx``: fp32, as exported (eager attention, so the optimizer can recognise it);
- ``model.opt.onnx``: fp32 with fused attention, embedding LayerNorm, skip LayerNorm and bias GELU
  (``onnxruntime.transformers.optimizer``);
- ``model.int8.onnx``: the fused graph with dynamic int8 weights, per output channel, which keeps
  cosine ≈ 0.99 to fp32 on the Decorte validation sentences (per-tensor int8: ≈ 0.96), and in reduced
  (7-bit) range, as ONNX Runtime advises for CPUs without VNNI (u8×s8 products can saturate there).

Needs the ``semantic`` extra (torch, transformers, onnx, onnxruntime). Deterministic; no network.
"""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json")


def export_encoder_onnx(bert: Any, out_dir: str | Path, *, tokenizer_dir: str | Path) -> dict[str, int]:
    """Export ``bert`` (a transformers BertModel with eager attention) into ``out_dir``.

    Returns the counts of fused operators (a check that the optimizer recognised the graph).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    class Encoder(torch.nn.Module):
        """Keyword call, so the export does not depend on BertModel.forward's positional order."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = Encoder().eval()
    dummy = (
        torch.ones(2, 16, dtype=torch.long),
        torch.ones(2, 16, dtype=torch.long),
        torch.zeros(2, 16, dtype=torch.long),
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fp32 = out / "model.onnx"
    with warnings.catch_warnings():  # tracer and legacy-exporter notices; the graph is checked by tests
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            dummy,
            str(fp32),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={name: {0: "batch", 1: "sequence"} for name in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
        config = bert.config
        fused = optimizer.optimize_model(
            str(fp32),
            model_type="bert",
            num_heads=config.num_attention_heads,
            hidden_size=config.hidden_size,
            opt_level=0,
            use_gpu=False,
        )
        statistics = {op: count for op, count in fused.get_fused_operator_statistics().items() if count}
        fused.save_model_to_file(str(out / "model.opt.onnx"))
        logging.disable(logging.WARNING)  # quantize_dynamic logs a pre-processing tip to the root logger
        try:
            quantize_dynamic(
                str(out / "model.opt.onnx"),
                str(out / "model.int8.onnx"),
                weight_type=QuantType.QInt8,
                per_channel=True,
                reduce_range=True,
                # The fused contrib ops (Attention, SkipLayerNormalization) defeat shape inference; outputs fp32.
                extra_options={"DefaultTensorType": TensorProto.FLOAT},
            )
        finally:
            logging.disable(logging.NOTSET)
    source = Path(tokenizer_dir)
    for name in TOKENIZER_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, out / name)
    return statistics


def export_bert_folder(out_dir: str | Path, model_dir: str | Path | None = None) -> dict[str, int]:
    """Export the BERT folder ``model_dir`` (default: the packaged all-MiniLM-L6-v2) into ``out_dir``."""
    from transformers import AutoModel

    from careerpath.linking.encoders import default_model_path

    source = Path(model_dir) if model_dir else default_model_path()
    # SDPA attention exports as a pattern the ONNX Runtime optimizer does not fuse; eager attention does.
    bert = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    return export_encoder_onnx(bert, out_dir, tokenizer_dir=source)


def export_fp32_folder(out_dir: str | Path, model_dir: str | Path) -> Path:
    """Export any transformers encoder folder (e.g. all-mpnet-base-v2) to ``out_dir/model.onnx``, fp32 only.

    No fusion or int8: this export exists to compute taxonomy vectors equal to PyTorch's up to rounding
    (``scripts/fill_linking_cache_onnx.py --model``), ~5x cheaper on CPU. The graph takes the inputs the
    model's ``forward`` accepts (MPNet has no ``token_type_ids``); ``OnnxEncoder(out_dir, int8=False)`` runs it.
    """
    import inspect

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModel

    source, out = Path(model_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    encoder = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    names = [
        n
        for n in ("input_ids", "attention_mask", "token_type_ids")
        if n in inspect.signature(encoder.forward).parameters
    ]

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, *inputs: Any) -> Any:
            return self.encoder(**dict(zip(names, inputs, strict=True))).last_hidden_state

    dummy = tuple(torch.ones(2, 16, dtype=torch.long) for _ in names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Encoder().eval(),
            dummy,
            str(out / "model.onnx"),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={name: {0: "batch", 1: "sequence"} for name in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
    for name in TOKENIZER_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, out / name)
    return out / "model.onnx"
