"""Fusion of the match-score parts into one ranking score (``match-score.v3``).

The parts (``matching.score_columns``) are turned into per-query features: the raw parts, their
z-scores over the query's candidates (a resume's cosines and BM25 sit at its own level, so only
their spread inside one query says which posting is better) and reciprocal ranks (as in reciprocal
rank fusion). The score is a linear function of the features whose weights were learned on the
judged development set and chosen by cross-validation over resumes (benchmarks/matching_dev/fusion_cv.py,
docs/evaluation.md); they are data, in ``data/match_fusion.json``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

EVIDENCE_K = 8.0  # as match-score.v2: a posting stating little has its requirement fit pulled to 0.5
RRF_K = 60.0  # the usual reciprocal rank fusion constant
FEATURES = (
    "okapi",
    "lexical",
    "similarity",
    "fit",
    "role",
    "seniority",
    "z_okapi",
    "z_similarity",
    "z_fit",
    "rr_okapi",
    "rr_similarity",
)


def _z(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - float(values.mean())) / spread if spread > 1e-9 else np.zeros_like(values)


def _reciprocal_rank(values: np.ndarray) -> np.ndarray:
    """RRF_K / (RRF_K + rank), rank 1 for the highest value (ties share the better rank)."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(1, len(values) + 1)
    return RRF_K / (RRF_K + ranks)


def feature_matrix(columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Candidates x FEATURES, from ``score_columns``' part columns of one query."""
    stated = columns["stated"]
    fit = (stated * columns["fit"] + EVIDENCE_K * 0.5) / (stated + EVIDENCE_K)
    features = {
        "okapi": columns["okapi"],
        "lexical": columns["lexical"],
        "similarity": columns["similarity"],
        "fit": fit,
        "role": columns["role"],
        "seniority": columns["seniority"],
        "z_okapi": _z(columns["okapi"]),
        "z_similarity": _z(columns["similarity"]),
        "z_fit": _z(fit),
        "rr_okapi": _reciprocal_rank(columns["okapi"]),
        "rr_similarity": _reciprocal_rank(columns["similarity"]),
    }
    return np.column_stack([np.asarray(features[name], dtype=np.float64) for name in FEATURES])
