"""A lexical index over taxonomy labels: how much of each label's wording a text contains.

For a text, every label gets ``coverage`` in [0, 1]: the IDF-weighted share of the label's tokens that
occur in the text (1.0 means every token of the label is there). Each concept keeps its best label.
Tokens are lower-cased, split on non-alphanumerics, and plural ``s`` is stripped, so "data pipelines"
covers "data pipeline". This is numpy only: no model, microseconds per sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[+#]+|\.(?=[a-z0-9]))?[a-z0-9]*")
# Words that carry no skill meaning on their own; they never count as evidence.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "to",
        "we",
        "with",
        "you",
        "your",
        "will",
        "can",
        "work",
        "working",
        "use",
        "using",
        "other",
        "etc",
        "e",
        "g",
        "i",
        "ie",
    ]
)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens with a light plural strip ("skills" → "skill"); stopwords dropped."""
    tokens = []
    for token in _TOKEN.findall(text.lower()):
        if token in STOPWORDS:
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
            token = token[:-1]
        tokens.append(token)
    return tokens


class LexicalIndex:
    """Inverted index from token to label entries; each entry belongs to one concept (``owners``)."""

    def __init__(self, labels: Sequence[str], owners: Sequence[int], n_concepts: int) -> None:
        self.n_concepts = n_concepts
        self.owners = np.asarray(owners, dtype=np.int64)
        entry_tokens = [sorted(set(tokenize(label))) for label in labels]
        document_frequency: dict[str, int] = {}
        for tokens in entry_tokens:
            for token in tokens:
                document_frequency[token] = document_frequency.get(token, 0) + 1
        total = max(1, len(labels))
        self.idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
        self.postings: dict[str, np.ndarray] = {}
        lists: dict[str, list[int]] = {}
        weight_total = np.zeros(len(labels), dtype=np.float32)
        for entry, tokens in enumerate(entry_tokens):
            for token in tokens:
                lists.setdefault(token, []).append(entry)
                weight_total[entry] += self.idf[token]
        self.postings = {t: np.asarray(ids, dtype=np.int64) for t, ids in lists.items()}
        self.weight_total = np.maximum(weight_total, 1e-6)

    def coverage(self, text: str) -> np.ndarray:
        """Per concept, the best label coverage by ``text``, in [0, 1] (float32, length n_concepts)."""
        covered = np.zeros(len(self.weight_total), dtype=np.float32)
        # Sorted, as ``weight_total`` was summed: a label whose every token is present then sums to
        # exactly its total (coverage exactly 1.0). A set's order varies with the per-process string
        # hash seed, and float32 addition is not associative, so full matches would land just
        # below 1.0 in some processes and not others (and fail a 1.0 threshold at random).
        for token in sorted(set(tokenize(text))):
            ids = self.postings.get(token)
            if ids is not None:
                covered[ids] += self.idf[token]
        ratio = covered / self.weight_total
        best = np.zeros(self.n_concepts, dtype=np.float32)
        touched = np.nonzero(ratio)[0]
        np.maximum.at(best, self.owners[touched], ratio[touched])
        return best

    def coverage_matrix(self, texts: Iterable[str]) -> np.ndarray:
        return np.stack([self.coverage(text) for text in texts]) if texts else np.zeros((0, self.n_concepts))
