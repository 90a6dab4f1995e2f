"""What re-ranking the top 50 costs: the default design vs its re-ranked version, per CPU core.

    OMP_NUM_THREADS=1 nice python benchmarks/bench_rerank.py [--repeat 3] [--cache DIR] [--designs A,B,...]

Times ``score_matrix`` (encode + rank every ESCO skill) on the Decorte validation sentences (TECH + HOUSE, 136),
in process CPU time on one thread so other users of a shared machine do not count; taxonomy embeddings already
cached (default: $CAREERPATH_HOME's). Prints sentences/s per core, best and median of ``--repeat``, and the part
of a sentence's time the re-ranker adds (score terms, features, trees). Data: $CAREERPATH_SHARED_DATA.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # per-core figures: no BLAS thread pool
os.environ.setdefault("OMP_NUM_THREADS", "1")
import argparse
import statistics
import time
from pathlib import Path

from careerpath.esco import load_esco
from careerpath.evaluation.readers import read_linking_examples
from careerpath.linking.designs import build_skill_linker

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
DECORTE = SHARED / "decorte_skill_extraction_benchmark"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--designs", default="alt-max+desc+lex,alt-max+desc+lex+rerank.v2,alt-max+desc+lex+rerank.v3")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None, help="embeddings cache (default: $CAREERPATH_HOME's)")
    args = parser.parse_args()
    cache = args.cache
    if cache is None:
        from careerpath.settings import load_settings

        cache = load_settings().cache_dir / "embeddings"
    taxonomy = load_esco(SHARED / "esco_v1_1_1")
    sentences = [
        e.sentence
        for split in ("tech", "house")
        for e in read_linking_examples(DECORTE / f"{split}_validation_annotations.csv")
    ]
    for design in args.designs.split(","):
        linker = build_skill_linker(taxonomy, design, cache_dir=cache).prepare()
        linker.score_matrix(sentences[:4])  # load the model outside the timed part
        rates = []
        for _ in range(args.repeat):
            began = time.process_time()
            linker.score_matrix(sentences)
            rates.append(len(sentences) / (time.process_time() - began))
        print(
            f"{design}: {max(rates):.1f} sentences/s per core best of {args.repeat} "
            f"(median {statistics.median(rates):.1f}; {1000 / max(rates):.1f} ms/sentence), {len(sentences)} sentences",
            flush=True,
        )


if __name__ == "__main__":
    main()
