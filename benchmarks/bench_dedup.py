"""MinHash signature cost per posting: careerpath's one-permutation numpy MinHash vs ``datasketch``.

Run: PYTHONPATH=src python benchmarks/bench_dedup.py [--n 1000]   (needs the shared Glassdoor file;
``pip install datasketch`` for the comparison). Prints ms per description for both.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

from careerpath.market.dedup import NUM_PERM, SHINGLE_WORDS, minhash
from careerpath.market.readers import read_postings_file

WORDS = re.compile(r"\w+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    shared = Path(os.environ.get("CAREERPATH_SHARED_DATA", "../shared/data"))
    _, records = read_postings_file(shared / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz")
    texts = [r.fields["description"] for r in records if r.fields and r.fields.get("description")][: args.n]
    start = time.perf_counter()
    for text in texts:
        minhash(text)
    ours = (time.perf_counter() - start) * 1000 / len(texts)
    print(f"{len(texts)} descriptions, {NUM_PERM} permutations, word {SHINGLE_WORDS}-grams")
    print(f"careerpath.market.dedup.minhash: {ours:.3f} ms/posting")
    try:
        import datasketch
    except ImportError:
        print("datasketch: not installed (pip install datasketch)")
        return
    start = time.perf_counter()
    for text in texts:
        words = WORDS.findall(text.lower())
        signature = datasketch.MinHash(num_perm=NUM_PERM)
        signature.update_batch(
            [" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)]
        )
    theirs = (time.perf_counter() - start) * 1000 / len(texts)
    print(f"datasketch.MinHash.update_batch: {theirs:.3f} ms/posting ({theirs / ours:.1f}x)")


if __name__ == "__main__":
    main()
