"""On-disk cache of taxonomy embeddings, keyed by encoder name + taxonomy version + content fingerprint.

Layout: ``<cache_dir>/<encoder name>/<taxonomy version>-<fingerprint>/<field>.npy``. A changed model,
release or label set gets a new folder, so a stale matrix is never read.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from careerpath.linking.encoders import join_parts

if TYPE_CHECKING:
    from careerpath.linking.encoders import TextEncoder


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "default"


class EmbeddingCache:
    """Stores one float32 matrix per (encoder, taxonomy, field); ``cache_dir=None`` keeps nothing."""

    def __init__(self, cache_dir: str | Path | None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else None

    def path_for(self, encoder_name: str, taxonomy_key: str, field: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / _slug(encoder_name) / _slug(taxonomy_key) / f"{_slug(field)}.npy"

    def get_or_compute(
        self,
        encoder_name: str,
        taxonomy_key: str,
        field: str,
        texts: Sequence[str],
        compute: Callable[[Sequence[str]], np.ndarray],
    ) -> np.ndarray:
        """The cached matrix for ``texts``, computing and saving it on a miss.

        The texts' own hash is part of the field name, so a different text list never hits.
        """
        digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
        path = self.path_for(encoder_name, taxonomy_key, f"{field}-{digest}")
        if path is not None and path.is_file():
            matrix = np.load(path)
            if matrix.shape[0] == len(texts):
                return matrix
        matrix = np.asarray(compute(texts), dtype=np.float32)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(partial, matrix)
            partial.replace(path)  # atomic, so a concurrent reader never sees half a file
        return matrix

    def encoder_matrix(self, encoder: TextEncoder, taxonomy_key: str, field: str, texts: Sequence[str]) -> np.ndarray:
        """``encoder``'s cached matrix of ``texts``; an ensemble (``ConcatEncoder``) joins its parts' own caches.

        So an ensemble stores no third copy, and each part's matrix is the one a design using that part alone reads.
        """
        parts = getattr(encoder, "parts", None)
        if parts:
            matrices = [self.encoder_matrix(part, taxonomy_key, field, texts) for part, _ in parts]
            return join_parts(matrices, [weight for _, weight in parts])
        return self.get_or_compute(encoder.name, taxonomy_key, field, texts, encoder.encode)
