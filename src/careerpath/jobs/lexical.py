"""BM25 between a resume and postings, precomputed at index time: each posting keeps its term
counts (terms hashed into LEX_BUCKETS with CRC-32, at most MAX_TERMS per posting, the most frequent)
and its length; the index keeps document frequencies. A query scores only its short list, with
Okapi BM25 (k1 = 1.2, b = 0.75) over the current counts, so incremental updates stay exact.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

import numpy as np

from careerpath.jobs.csr import csr_gather

LEX_BUCKETS = 1 << 20
MAX_TERMS = 512
K1, B = 1.2, 0.75
IDF_FLOOR = 0.01
# Okapi BM25 as rank-bm25 (the `eval matching` BM25 baseline) computes it: k1 1.5, and a term in more than
# half the postings weighs OKAPI_EPSILON x the mean idf instead of ~0 (a feature of match-fusion.v1).
OKAPI_K1, OKAPI_EPSILON = 1.5, 0.25
_TOKEN = re.compile(r"[a-z0-9+#]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def bucket(term: str) -> int:
    return zlib.crc32(term.encode()) % LEX_BUCKETS


def doc_terms(text: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The hashed terms of a text, their counts (most frequent MAX_TERMS) and its length in tokens."""
    words = tokens(text)
    counts = Counter(bucket(w) for w in words).most_common(MAX_TERMS)
    terms = np.array([t for t, _ in counts], dtype=np.int32)
    tfs = np.array([min(c, 65_535) for _, c in counts], dtype=np.uint16)
    return terms, tfs, len(words)


def query_weights(text: str, df: np.ndarray, n_docs: int, *, common_idf: float | None = None) -> dict[int, float]:
    """Each hashed query term's weight: Okapi BM25's idf times its count in the query, so that what a
    resume repeats counts more (as rank-bm25 scores a query token by token). A term in more than half the
    postings (idf <= 0) weighs ``common_idf`` when given (see ``mean_idf``), else IDF_FLOOR."""
    out: dict[int, float] = {}
    for word, count in Counter(tokens(text)).items():
        term = bucket(word)
        freq = float(df[term])
        idf = float(np.log((n_docs - freq + 0.5) / (freq + 0.5)))
        if idf <= 0 or common_idf is None:
            idf = max(IDF_FLOOR, idf) if common_idf is None else common_idf
        out[term] = out.get(term, 0.0) + count * idf
    return out


def mean_idf(df: np.ndarray, n_docs: int) -> float:
    """The mean Okapi idf over the terms of the postings (rank-bm25's ``average_idf``)."""
    freq = df[np.flatnonzero(df)].astype(np.float64)
    return float(np.log((n_docs - freq + 0.5) / (freq + 0.5)).mean()) if len(freq) else 0.0


def bm25_scores(
    rows: np.ndarray,
    indptr: np.ndarray,
    terms: np.ndarray,
    tfs: np.ndarray,
    doc_len: np.ndarray,
    weights: dict[int, float],
    k1: float = K1,
) -> np.ndarray:
    """BM25 of the query (``weights``) against each of ``rows``."""
    if len(rows) == 0 or not weights:
        return np.zeros(len(rows), dtype=np.float32)
    avgdl = float(doc_len.mean()) if len(doc_len) else 1.0
    owner, flat = csr_gather(indptr, rows)
    query_terms = np.fromiter(weights.keys(), dtype=np.int32)
    query_idf = np.fromiter(weights.values(), dtype=np.float32)
    order = np.argsort(query_terms)
    query_terms, query_idf = query_terms[order], query_idf[order]
    doc_terms_flat = terms[flat]
    pos = np.searchsorted(query_terms, doc_terms_flat)
    pos = np.minimum(pos, len(query_terms) - 1)
    hit = query_terms[pos] == doc_terms_flat
    tf = tfs[flat].astype(np.float32)
    norm = k1 * (1 - B + B * doc_len[rows][owner] / max(avgdl, 1e-9))
    contrib = np.where(hit, query_idf[pos] * tf * (k1 + 1) / (tf + norm), 0.0)
    return np.bincount(owner, weights=contrib, minlength=len(rows)).astype(np.float32)
