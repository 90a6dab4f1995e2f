"""Ranking and span metrics, as defined in the papers we compare against.

- RP@K (R-Precision at K, Decorte et al. 2022): |gold ∩ top K| / min(K, |gold|), averaged over items.
- MRR: mean of 1 / rank of the first gold item (0 when none is ranked).
- acc@K: share of items whose gold item is in the top K.
- Span P/R/F1: *strict* counts a predicted span as correct when its type and both ends match a gold span;
  *partial* counts it when it overlaps a gold span of the same type (each gold span matched once).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int, str]  # token start (inclusive), end (exclusive), entity type


def r_precision_at_k(ranked: Sequence[str], gold: Collection[str], k: int) -> float:
    """|gold ∩ ranked[:k]| / min(k, |gold|); 0 for an empty gold set."""
    if not gold:
        return 0.0
    hits = sum(1 for item in ranked[:k] if item in gold)
    return hits / min(k, len(gold))


def reciprocal_rank(ranked: Sequence[str], gold: Collection[str]) -> float:
    """1 / (1-based rank of the first gold item in ``ranked``); 0 if none is there."""
    for index, item in enumerate(ranked, start=1):
        if item in gold:
            return 1.0 / index
    return 0.0


def hit_at_k(ranked: Sequence[str], gold: Collection[str], k: int) -> float:
    """1.0 when a gold item is in the top ``k``, else 0.0."""
    return 1.0 if any(item in gold for item in ranked[:k]) else 0.0


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def bio_spans(tags: Sequence[str]) -> list[Span]:
    """Spans from a BIO sequence (``B-Skill``, ``I-Skill``, ``O``; bare ``B``/``I`` get the type "span").

    An ``I-X`` that does not continue an ``X`` span starts a new one (the seqeval "IOB1-tolerant" reading).
    """
    spans: list[Span] = []
    start: int | None = None
    kind = ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        label = label or "span"
        continues = prefix == "I" and start is not None and label == kind
        if start is not None and not continues:
            spans.append((start, index, kind))
            start = None
        if prefix == "B" or (prefix == "I" and not continues):
            start, kind = index, label
    return spans


@dataclass
class SpanCounts:
    """True positives and totals for one entity type; strict and partial matching."""

    gold: int = 0
    predicted: int = 0
    strict_tp: int = 0
    partial_tp_pred: int = 0  # predicted spans that overlap some gold span
    partial_tp_gold: int = 0  # gold spans overlapped by some predicted span

    def add(self, gold: Collection[Span], predicted: Collection[Span]) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        gold_set = set(gold)
        self.strict_tp += sum(1 for span in set(predicted) if span in gold_set)
        self.partial_tp_pred += sum(1 for p in predicted if any(_overlap(p, g) for g in gold))
        self.partial_tp_gold += sum(1 for g in gold if any(_overlap(p, g) for p in predicted))

    def scores(self) -> dict[str, float]:
        """strict_p/r/f1 and partial_p/r/f1 in [0, 1]."""
        strict_p = _ratio(self.strict_tp, self.predicted)
        strict_r = _ratio(self.strict_tp, self.gold)
        partial_p = _ratio(self.partial_tp_pred, self.predicted)
        partial_r = _ratio(self.partial_tp_gold, self.gold)
        return {
            "strict_p": strict_p,
            "strict_r": strict_r,
            "strict_f1": _f1(strict_p, strict_r),
            "partial_p": partial_p,
            "partial_r": partial_r,
            "partial_f1": _f1(partial_p, partial_r),
            "gold": float(self.gold),
            "predicted": float(self.predicted),
        }


def _overlap(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
