"""A learned fusion of the match-score parts into one ranking score (``match-fusion.v1``, opt-in).

The parts (``matching.score_columns``) are turned into per-query features: the raw parts, their
z-scores over the query's candidates (a resume's cosines and BM25 sit at its own level, so only
their spread inside one query says which posting is better) and reciprocal ranks (as in reciprocal
rank fusion). The score is a linear function of the features whose weights were learned on the
judged development set and chosen by cross-validation over resumes (benchmarks/matching_dev/fusion_cv.py,
docs/evaluation.md); they are data, in ``data/match_fusion.yaml``. On resumes it was not trained on
(the held-out set) it ranked worse than match-score.v2, so it is not the default: ask for it by name.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from careerpath.data_files import bundled_path, first_problem, read_yaml
from careerpath.errors import DataError

FUSION_NAME = "match-fusion.v1"
BUNDLED_FUSION = "match_fusion.yaml"

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


class FusionFile(BaseModel):
    """``data/match_fusion.yaml``: a versioned name and one weight per feature."""

    model_config = ConfigDict(extra="forbid")
    name: str
    chosen_by: str = ""
    bias: float = 0.0  # moves the shown score only: squash(w . f + bias)
    features: dict[str, float]

    @field_validator("features")
    @classmethod
    def _every_feature(cls, value: dict[str, float]) -> dict[str, float]:
        if set(value) != set(FEATURES):
            missing, unknown = sorted(set(FEATURES) - set(value)), sorted(set(value) - set(FEATURES))
            raise ValueError(f"features must be exactly {list(FEATURES)} (missing {missing}, unknown {unknown})")
        if not all(math.isfinite(v) for v in value.values()):
            raise ValueError("every feature weight must be a finite number")
        return value


@dataclass(frozen=True)
class LinearFusion:
    """A ranking score linear in ``feature_matrix``'s features."""

    name: str
    weights: np.ndarray  # in FEATURES order
    bias: float = 0.0

    def score(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """The ranking score of each candidate (unbounded; only its order matters)."""
        if len(columns["fit"]) == 0:
            return np.zeros(0)
        return feature_matrix(columns) @ self.weights

    def squash(self, scores: np.ndarray) -> np.ndarray:
        """The score as shown: a logistic squash into (0, 1), the same order."""
        return 1.0 / (1.0 + np.exp(-(np.asarray(scores, dtype=np.float64) + self.bias)))


def read_fusion(path: Path) -> LinearFusion:
    """The fusion in ``path``; DataError naming the file and the first problem."""
    try:
        parsed = FusionFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise DataError(f"Fusion file {path} is invalid {first_problem(exc)}") from None
    weights = np.array([parsed.features[name] for name in FEATURES], dtype=np.float64)
    return LinearFusion(parsed.name, weights, parsed.bias)


@functools.cache
def bundled_fusion() -> LinearFusion:
    return read_fusion(bundled_path(BUNDLED_FUSION))
