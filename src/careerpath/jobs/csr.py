"""Gathering rows of the compressed sparse row (CSR) arrays the match index keeps per posting."""

from __future__ import annotations

import numpy as np


def csr_gather(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For CSR rows ``rows``: the row position owning each gathered entry, and the entries' flat indices."""
    starts, ends = indptr[rows], indptr[rows + 1]
    lengths = (ends - starts).astype(np.int64)
    owner = np.repeat(np.arange(len(rows)), lengths)
    offsets = np.cumsum(lengths) - lengths
    flat = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(offsets, lengths) + np.repeat(starts, lengths)
    return owner, flat
