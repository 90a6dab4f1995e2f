"""Run the three evaluations on loaded examples and return plain reports (no printing here)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from careerpath.evaluation.bootstrap import Interval, bootstrap_mean, bootstrap_ratio, f1_from_counts
from careerpath.evaluation.metrics import (
    SpanCounts,
    bio_spans,
    hit_at_k,
    mean,
    r_precision_at_k,
    reciprocal_rank,
)
from careerpath.evaluation.readers import LinkingExample, TaggedSentence, TitleExample


@dataclass
class EvaluationReport:
    """Metrics (``metrics``: name → value; counts such as ``n`` are ints) plus a few readable rows for the table.

    ``intervals``: 95% bootstrap intervals (over items) of the quality metrics, on the metrics' scale.
    ``per_item``: each item's score per averaged metric, so two designs can be compared pair by pair
    (``careerpath.evaluation.bootstrap.paired_difference``).
    """

    task: str
    metrics: dict[str, float]
    rows: list[dict[str, str]] = field(default_factory=list)
    details: dict[str, dict[str, float]] = field(default_factory=dict)
    intervals: dict[str, Interval] = field(default_factory=dict)
    per_item: dict[str, list[float]] = field(default_factory=dict)


def _mean_intervals(per_item: dict[str, list[float]]) -> dict[str, Interval]:
    return {name: bootstrap_mean(values).scaled(100) for name, values in per_item.items()}


def _ranked_labels(scores: np.ndarray, labels: Sequence[str], depth: int) -> list[str]:
    depth = min(depth, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    return [labels[i] for i in top[np.argsort(-scores[top])]]


def evaluate_skill_linking(
    examples: Sequence[LinkingExample],
    score: Callable[[Sequence[str]], np.ndarray],
    labels: Sequence[str],
    *,
    depth: int = 100,
    batch_size: int = 256,
    show: int = 5,
) -> EvaluationReport:
    """RP@5, RP@10, MRR (within the top ``depth``) over ``examples``; ``score`` ranks all ``labels``."""
    rp5, rp10, rr = [], [], []
    rows: list[dict[str, str]] = []
    seconds = 0.0
    known = set(labels)
    unknown = 0
    for start in range(0, len(examples), batch_size):
        batch = examples[start : start + batch_size]
        began = time.perf_counter()
        matrix = score([e.sentence for e in batch])
        seconds += time.perf_counter() - began
        for example, row in zip(batch, matrix, strict=True):
            gold = set(example.gold_labels)
            unknown += len(gold - known)
            ranked = _ranked_labels(row, labels, depth)
            rp5.append(r_precision_at_k(ranked, gold, 5))
            rp10.append(r_precision_at_k(ranked, gold, 10))
            rr.append(reciprocal_rank(ranked, gold))
            if len(rows) < show:
                rows.append(
                    {
                        "sentence": example.sentence[:70],
                        "gold": "; ".join(example.gold_labels)[:50],
                        "top 3": "; ".join(ranked[:3])[:70],
                    }
                )
    n = len(examples)
    metrics = {
        "rp@5": 100 * mean(rp5),
        "rp@10": 100 * mean(rp10),
        "mrr": 100 * mean(rr),
        "n": n,
        "sentences_per_s": n / seconds if seconds else 0.0,
        "gold_not_in_taxonomy": unknown,
    }
    per_item = {"rp@5": rp5, "rp@10": rp10, "mrr": rr}
    return EvaluationReport("skill-linking", metrics, rows, intervals=_mean_intervals(per_item), per_item=per_item)


def evaluate_titles(
    examples: Sequence[TitleExample],
    score: Callable[[Sequence[str]], np.ndarray],
    uris: Sequence[str],
    *,
    depth: int = 100,
    batch_size: int = 512,
    show: int = 5,
    label_of: Callable[[str], str] | None = None,
) -> EvaluationReport:
    """MRR, acc@1/5/10 over JobBERT-style (title, occupation URI) pairs; ``score`` ranks all ``uris``."""
    rr, a1, a5, a10 = [], [], [], []
    rows: list[dict[str, str]] = []
    seconds = 0.0
    known = set(uris)
    unknown = 0
    for start in range(0, len(examples), batch_size):
        batch = examples[start : start + batch_size]
        began = time.perf_counter()
        matrix = score([e.title for e in batch])
        seconds += time.perf_counter() - began
        for example, row in zip(batch, matrix, strict=True):
            gold = {example.occupation_uri}
            unknown += example.occupation_uri not in known
            ranked = _ranked_labels(row, uris, depth)
            rr.append(reciprocal_rank(ranked, gold))
            a1.append(hit_at_k(ranked, gold, 1))
            a5.append(hit_at_k(ranked, gold, 5))
            a10.append(hit_at_k(ranked, gold, 10))
            if len(rows) < show:
                name = label_of or (lambda uri: uri.rsplit("/", 1)[-1])
                rows.append(
                    {
                        "title": example.title[:40],
                        "gold": name(example.occupation_uri)[:40],
                        "top 1": name(ranked[0])[:40],
                    }
                )
    n = len(examples)
    metrics = {
        "mrr": 100 * mean(rr),
        "acc@1": 100 * mean(a1),
        "acc@5": 100 * mean(a5),
        "acc@10": 100 * mean(a10),
        "n": n,
        "titles_per_s": n / seconds if seconds else 0.0,
        "gold_not_in_taxonomy": unknown,
    }
    per_item = {"mrr": rr, "acc@1": a1, "acc@5": a5, "acc@10": a10}
    return EvaluationReport("titles", metrics, rows, intervals=_mean_intervals(per_item), per_item=per_item)


def evaluate_spans(
    sentences: Sequence[TaggedSentence],
    tag: Callable[[Sequence[str]], Sequence[tuple[int, int, str]]],
) -> EvaluationReport:
    """Strict and partial span P/R/F1 per gold entity type, and over all types merged ("ALL").

    ``tag`` predicts (start, end, type) token spans. A predicted type of "*" means "untyped": the span is
    scored against every gold type (as the lexical taggers here do not type their spans).
    """
    per_type: dict[str, SpanCounts] = {}
    strict_rows: list[dict[str, tuple[int, int, int]]] = []  # per sentence: kind -> (tp, predicted, gold)
    gold_types = sorted({kind for s in sentences for layer in s.layers for _, _, kind in bio_spans(layer)})
    for sentence in sentences:
        gold: dict[str, set[tuple[int, int, str]]] = {kind: set() for kind in [*gold_types, "ALL"]}
        for layer in sentence.layers:
            for start, end, kind in bio_spans(layer):
                gold[kind].add((start, end, kind))
                gold["ALL"].add((start, end, "ALL"))
        predicted: dict[str, set[tuple[int, int, str]]] = {kind: set() for kind in gold}
        for start, end, kind in tag(sentence.tokens):
            for target in gold if kind == "*" else (kind, "ALL"):
                predicted.setdefault(target, set()).add((start, end, target))
        row: dict[str, tuple[int, int, int]] = {}
        for kind in set(gold) | set(predicted):
            gold_spans = gold.get(kind, set())
            per_type.setdefault(kind, SpanCounts()).add(gold_spans, predicted[kind])
            row[kind] = (len(predicted[kind] & gold_spans), len(predicted[kind]), len(gold_spans))
        strict_rows.append(row)
    details = {kind: counts.scores() for kind, counts in sorted(per_type.items())}
    metrics: dict[str, float] = {"n": len(sentences)}
    for kind, values in details.items():
        for name in ("strict_p", "strict_r", "strict_f1", "partial_p", "partial_r", "partial_f1"):
            metrics[f"{kind}.{name}"] = 100 * values[name]
    intervals = {
        f"{kind}.strict_f1": bootstrap_ratio(
            np.asarray([row.get(kind, (0, 0, 0)) for row in strict_rows], dtype=np.float64).reshape(-1, 3),
            f1_from_counts,
        ).scaled(100)
        for kind in details
    }
    return EvaluationReport("spans", metrics, details=details, intervals=intervals)
