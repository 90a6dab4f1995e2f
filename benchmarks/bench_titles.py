"""Title normalisation speed: titles per second per core, the trained title encoder against the distilled student.

    nice python benchmarks/bench_titles.py [--n 2000] [--rounds 3] [--with-v5] [--with-v6] [--with-v7]

Each configuration ranks all ESCO occupations for the first ``--n`` JobBERT validation titles with
``titles.v1`` scoring; only the encoder differs (``titles.v4``: careerpath's fine-tuned title encoder;
``titles.v1`` + ``minilm-distilled``: the distilled student); ``--with-v5`` adds the default design
``titles.v5`` (that encoder blended with all-mpnet-base-v2, which must be installed); ``--with-v6`` adds
``titles.v6`` (titles.v4 + the trained re-ranker over its top 50: features and trees on top of v4's work); ``--with-v7``
adds ``titles.v7`` (the session-10 re-ranker, the same way).
Occupation-label vectors are computed (or read from the cache) before timing, so the figure is what a warm process pays
per title: encoding, scoring against 33,096 labels, lexical coverage. Rounds alternate between
configurations so drift on a shared machine hits all alike. Figures: process CPU time with one thread
(ONNX Runtime, BLAS and torch), best and median of ``--rounds``, printed as one JSON line per configuration.
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # per-core figures: no BLAS thread pool
os.environ.setdefault("OMP_NUM_THREADS", "1")
import statistics
import time
from pathlib import Path

from careerpath.esco import load_esco
from careerpath.evaluation.readers import read_title_examples
from careerpath.linking.query_encoder import distilled_query_encoder
from careerpath.linking.titles import build_occupation_linker, title_encoder

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    home = Path(os.environ.get("CAREERPATH_HOME", Path.home() / ".cache" / "careerpath"))
    parser.add_argument("--cache", type=Path, default=home / "cache" / "embeddings")
    parser.add_argument("--with-v5", action="store_true", help="also time titles.v5 (needs the mpnet parts)")
    parser.add_argument("--with-v6", action="store_true", help="also time titles.v6 (titles.v4 + re-ranker)")
    parser.add_argument("--with-v7", action="store_true", help="also time titles.v7 (titles.v4 + v7's re-ranker)")
    args = parser.parse_args()
    taxonomy = load_esco(args.esco)
    titles = [e.title for e in read_title_examples(SHARED / "jobbert_title_normalization" / "titles_validation.csv.gz")]
    titles = titles[: args.n]
    models = args.cache.parent / "models"
    linkers = {
        "titles.v4": build_occupation_linker(
            taxonomy, title_encoder(models, threads=1), "titles.v1", cache_dir=args.cache
        ),
        "titles.v1+minilm-distilled": build_occupation_linker(
            taxonomy, distilled_query_encoder(models, threads=1), "titles.v1", cache_dir=args.cache
        ),
    }
    if args.with_v5:
        linkers["titles.v5"] = build_occupation_linker(taxonomy, None, "titles.v5", cache_dir=args.cache)
    from careerpath.linking.rerank import load_reranker, shipped_reranker_path
    from careerpath.linking.titles import TITLE_DESIGNS

    for design in [d for d, wanted in (("titles.v6", args.with_v6), ("titles.v7", args.with_v7)) if wanted]:
        # the same one-thread encoder as titles.v4 above, plus the design's shipped re-ranker
        reranker = load_reranker(shipped_reranker_path(TITLE_DESIGNS[design]["reranker"]))
        linkers[design] = build_occupation_linker(
            taxonomy, title_encoder(models, threads=1), "titles.v1", cache_dir=args.cache, reranker=reranker
        )
    for linker in linkers.values():
        linker.score_matrix(["warm up"])  # label vectors and sessions ready before timing
    times: dict[str, list[float]] = {name: [] for name in linkers}
    for _ in range(args.rounds):
        for name, linker in linkers.items():
            start = time.process_time()
            for offset in range(0, len(titles), 512):
                linker.score_matrix(titles[offset : offset + 512])
            times[name].append(time.process_time() - start)
    for name, seconds in times.items():
        print(
            json.dumps(
                {
                    "design": name,
                    "titles": len(titles),
                    "titles_per_s_per_core_best": round(len(titles) / min(seconds), 1),
                    "titles_per_s_per_core_median": round(len(titles) / statistics.median(seconds), 1),
                    "rounds": args.rounds,
                    "load": os.getloadavg()[0],
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
