"""A lexical index over taxonomy labels: how much of each label's wording a text contains.

For a text, every label gets ``coverage`` in [0, 1]: the IDF-weighted share of the label's tokens that
occur in the text (1.0 means every token of the label is there). Each concept keeps its best label.
Tokens are lower-cased, split on non-alphanumerics, and plural ``s`` is stripped, so "data pipelines"
covers "data pipeline". This is numpy only: no model, microseconds per sentence.

A label left with one generic word once stopwords are gone ("data", "work in team" → "team",
"use IT tools" → "tool") is weak evidence: many concepts share that word, and job ads use it
everywhere. Such a label covers at most ``WEAK_LABEL_COVERAGE``, so it can help a ranking but never
counts as a whole-label match. Generic means the word is in the labels of many concepts (a document
frequency with each concept's labels as one document; ``GENERIC_SHARE_*``) or in ``GENERIC_WORDS``.
A distinctive single word ("Python", "Inkscape", "statistics") still matches in full.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[+#]+|\.(?=[a-z0-9]))?[a-z0-9]*", re.I)
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


# A one-word label is weak when its word is in the labels of at least this share of all concepts.
# Preferred labels name the concept, so only very common words make them weak (13,896 ESCO skills →
# 28 concepts: "data" 182, "tool" 149, "team" 98, "plan" 459); "statistics" (9) and "economics" (24)
# stay. An alternative label is often a loose synonym or a part ("color" for graphics editor software,
# "current" for electricity principles, 21 concepts each), so it is weak from 7 concepts: "maths" (7)
# is, "GIS" (6) and tool names like "Inkscape" (1) are not. Values chosen on the Decorte validation
# splits and the Glassdoor postings (docs/benchmarks.md). GENERIC_MIN_CONCEPTS keeps a small
# taxonomy (a user file, a test) from calling every shared word generic.
GENERIC_SHARE_PREFERRED = 0.002
GENERIC_SHARE_ALTERNATIVE = 0.0005
GENERIC_MIN_CONCEPTS = 5
# Words rare in ESCO labels but everywhere in job ads, which ESCO's statistics cannot tell apart
# ("enjoy working" → show commitment, "be flexible" → perform services in a flexible manner).
GENERIC_WORDS = frozenset(["enjoy", "flexible"])
# The most a weak label covers: below 1.0, so it is never a whole-label match on its own.
WEAK_LABEL_COVERAGE = 0.7

# "we're", "it's", "don't": the clitic is not a word ("we're" made "re", an ESCO label).
_CLITIC = re.compile(r"['’](?:s|re|ll|ve|d|m|t)\b", re.I)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens with a light plural strip ("skills" → "skill"); stopwords dropped.

    An upper-case stopword is an acronym and stays: "use IT tools" keeps "it", "use tools" has none.
    """
    tokens = []
    for word in _TOKEN.findall(_CLITIC.sub(" ", text)):
        token = word.lower()
        if token in STOPWORDS and not (len(word) > 1 and word.isupper()):
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
            token = token[:-1]
        tokens.append(token)
    return tokens


def weak_entries(entry_tokens: Sequence[Sequence[str]], owners: Sequence[int], n_concepts: int) -> np.ndarray:
    """Return a mask of the entries left with one generic word (see ``GENERIC_SHARE_*``).

    Entries are grouped by owner with each concept's preferred label first, as ``all_labels`` gives them.
    """
    concepts: dict[str, set[int]] = {}
    for tokens, owner in zip(entry_tokens, owners, strict=True):
        for token in tokens:
            concepts.setdefault(token, set()).add(owner)
    floors = (
        max(GENERIC_MIN_CONCEPTS, GENERIC_SHARE_ALTERNATIVE * n_concepts),
        max(GENERIC_MIN_CONCEPTS, GENERIC_SHARE_PREFERRED * n_concepts),
    )
    weak = np.zeros(len(entry_tokens), dtype=bool)
    previous_owner = None
    for entry, (tokens, owner) in enumerate(zip(entry_tokens, owners, strict=True)):
        preferred = owner != previous_owner
        previous_owner = owner
        if len(tokens) == 1:
            weak[entry] = tokens[0] in GENERIC_WORDS or len(concepts[tokens[0]]) >= floors[preferred]
    return weak


class LexicalIndex:
    """Inverted index from token to label entries; each entry belongs to one concept (``owners``).

    ``weak_`` marks the entries left with one generic word; they cover at most ``WEAK_LABEL_COVERAGE``.
    """

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
        self.weak_ = weak_entries(entry_tokens, owners, n_concepts)
        lists: dict[str, list[int]] = {}
        weight_total = np.zeros(len(labels), dtype=np.float32)
        for entry, tokens in enumerate(entry_tokens):
            for token in tokens:
                lists.setdefault(token, []).append(entry)
                weight_total[entry] += self.idf[token]
        # A weak entry's one token then sums to WEAK_LABEL_COVERAGE of its total, never to 1.0.
        weight_total[self.weak_] /= np.float32(WEAK_LABEL_COVERAGE)
        self.postings = {t: np.asarray(ids, dtype=np.int64) for t, ids in lists.items()}
        self.weight_total = np.maximum(weight_total, 1e-6)
        self._owners_ascending = bool(np.all(np.diff(self.owners) >= 0))
        self._local = threading.local()

    def coverage(self, text: str) -> np.ndarray:
        """Per concept, the best label coverage by ``text``, in [0, 1] (float32, length n_concepts)."""
        best = np.zeros(self.n_concepts, dtype=np.float32)
        # Sorted, as ``weight_total`` was summed: a label whose every token is present then sums to
        # exactly its total (coverage exactly 1.0). A set's order varies with the per-process string
        # hash seed, and float32 addition is not associative, so full matches would land just
        # below 1.0 in some processes and not others (and fail a 1.0 threshold at random).
        hits = [(self.postings[t], self.idf[t]) for t in sorted(set(tokenize(text))) if t in self.postings]
        if not hits:
            return best
        # Only the entries the text touched: scanning all ~100k entries for non-zeros cost more than this.
        touched = np.unique(np.concatenate([ids for ids, _ in hits])) if len(hits) > 1 else hits[0][0]
        covered = self._scratch()
        try:
            for ids, weight in hits:
                covered[ids] += weight
            ratio = covered[touched] / self.weight_total[touched]
        finally:
            covered[touched] = 0.0  # leave the scratch array clean for the next text
        owners = self.owners[touched]
        if self._owners_ascending:  # one max per run of equal owners
            starts = np.flatnonzero(np.diff(owners, prepend=-1))
            best[owners[starts]] = np.maximum.reduceat(ratio, starts)
        else:
            np.maximum.at(best, owners, ratio)
        return best

    def __getstate__(self) -> dict[str, object]:  # thread-locals do not pickle (process pools, Spark)
        return {key: value for key, value in self.__dict__.items() if key != "_local"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()

    def _scratch(self) -> np.ndarray:
        """A zeroed per-thread array over all entries (a fresh one per text cost page faults)."""
        array: np.ndarray | None = getattr(self._local, "covered", None)
        if array is None:
            array = self._local.covered = np.zeros(len(self.weight_total), dtype=np.float32)
        return array

    def coverage_matrix(self, texts: Iterable[str]) -> np.ndarray:
        return np.stack([self.coverage(text) for text in texts]) if texts else np.zeros((0, self.n_concepts))
