"""The candidate pairs of the keep rule (``dedup._near_duplicate_pairs``, numpy arrays) are exactly
those of the rule's plain statement: every two postings sharing a content or band key, at least one
of them new, verified by the exact key or MIN_EQUAL agreeing MinHash values."""

from __future__ import annotations

import csv
import gzip
import itertools
import os
import random
from pathlib import Path

import numpy as np
import pytest

from careerpath.market import dedup
from careerpath.market.dedup import MIN_EQUAL, SignedPosting, signature

SHARED = Path(
    os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
)
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"


def _plain_pairs(nodes: list[SignedPosting], n_new: int) -> list[tuple[int, int]]:
    """The rule as written: all pairs per shared key, then verified (quadratic, for small inputs)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, p in enumerate(nodes):
        if p.signature is not None:
            for kind, key in ((0, p.signature.dedup_key), *((1, k) for k in p.signature.band_keys)):
                groups.setdefault((kind, key), []).append(i)
    candidates = {(x, y) for members in groups.values() for x, y in itertools.combinations(sorted(members), 2)}
    out = []
    for i, j in sorted(c for c in candidates if c[0] < n_new):
        si, sj = nodes[i].signature, nodes[j].signature
        assert si is not None and sj is not None
        values = [np.frombuffer(s.minhash, "<i8") for s in (si, sj)]
        agree = int((values[0] == values[1]).sum()) if si.minhash and sj.minhash else 0
        if si.dedup_key == sj.dedup_key or agree >= MIN_EQUAL:
            out.append((i, j))
    return out


@pytest.mark.parametrize("chunk", [1 << 16, 7])  # verified in one chunk, and in many
def test_the_vectorised_pairs_are_the_pairs_of_the_plain_rule(chunk, monkeypatch):
    monkeypatch.setattr(dedup, "_PAIR_CHUNK", chunk)
    if not GLASSDOOR.is_file():
        pytest.skip(f"Glassdoor postings not found at {GLASSDOOR} (set CAREERPATH_SHARED_DATA)")
    with gzip.open(GLASSDOOR, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    nodes = [
        SignedPosting(f"f:{i}", None, signature(r["Job Title"], r["Company Name"], r["Location"], r["Job Description"]))
        for i, r in enumerate(rows)
    ]
    nodes += [SignedPosting("none", None, None), SignedPosting("short", None, signature("t", None, None, "few words"))]
    rng = random.Random(1)
    found = 0
    for n_new in (0, 1, 300, len(nodes) // 2, len(nodes)):  # new postings first, then the stored ones
        order = rng.sample(nodes, len(nodes))
        a, b = dedup._near_duplicate_pairs(order, n_new)
        expected = _plain_pairs(order, n_new)
        assert list(zip(a.tolist(), b.tolist(), strict=True)) == expected
        found += len(expected)
    assert found > 500  # the Glassdoor file repeats postings: groups of 2 and more
    assert [x.size for x in dedup._near_duplicate_pairs([], 0)] == [0, 0]
