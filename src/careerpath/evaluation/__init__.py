"""Benchmark readers, metrics and evaluation runs (skill linking, spans, titles)."""

from careerpath.evaluation.bootstrap import (
    Interval,
    bootstrap_macro,
    bootstrap_mean,
    bootstrap_ratio,
    paired_difference,
)
from careerpath.evaluation.metrics import bio_spans, hit_at_k, r_precision_at_k, reciprocal_rank
from careerpath.evaluation.readers import (
    EvaluationInputError,
    LinkingExample,
    TaggedSentence,
    TitleExample,
    read_linking_examples,
    read_tagged_sentences,
    read_title_examples,
)
from careerpath.evaluation.runs import EvaluationReport, evaluate_skill_linking, evaluate_spans, evaluate_titles

__all__ = [
    "EvaluationInputError",
    "EvaluationReport",
    "Interval",
    "LinkingExample",
    "TaggedSentence",
    "TitleExample",
    "bio_spans",
    "bootstrap_macro",
    "bootstrap_mean",
    "bootstrap_ratio",
    "evaluate_skill_linking",
    "evaluate_spans",
    "evaluate_titles",
    "hit_at_k",
    "paired_difference",
    "r_precision_at_k",
    "read_linking_examples",
    "read_tagged_sentences",
    "read_title_examples",
    "reciprocal_rank",
]
