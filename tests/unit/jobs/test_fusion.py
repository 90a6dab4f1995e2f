"""match-fusion.v1: per-query features and the fusion file as validated data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from careerpath.errors import DataError
from careerpath.jobs.fusion import FEATURES, FUSION_NAME, bundled_fusion, feature_matrix, read_fusion


def _columns(okapi: list[float], similarity: list[float]) -> dict[str, np.ndarray]:
    n = len(okapi)
    return {
        "fit": np.full(n, 0.5),
        "stated": np.full(n, 4.0),
        "similarity": np.asarray(similarity, dtype=float),
        "role": np.full(n, 0.3),
        "seniority": np.full(n, 0.6),
        "lexical": np.asarray(okapi, dtype=float),
        "okapi": np.asarray(okapi, dtype=float),
    }


def test_features_are_relative_to_the_query() -> None:
    x = feature_matrix(_columns([1.0, 0.5, 0.2], [0.30, 0.31, 0.29]))
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    assert col["rr_okapi"].tolist() == pytest.approx([60 / 61, 60 / 62, 60 / 63])  # rank 1 is the best BM25
    # Cosines 0.29-0.31 of one resume spread to z-scores: only their order inside the query matters.
    assert col["z_similarity"].argmax() == 1 and col["z_similarity"].std() == pytest.approx(1.0)
    assert not np.any(col["z_fit"])  # no spread, no signal (not NaN)
    # The same postings for a resume whose cosines all sit higher get the same z and rank features.
    shifted = feature_matrix(_columns([1.0, 0.5, 0.2], [0.60, 0.62, 0.58]))
    assert shifted[:, FEATURES.index("z_similarity")] == pytest.approx(col["z_similarity"])


def test_the_bundled_fusion_is_valid_data(tmp_path: Path) -> None:
    fusion = bundled_fusion()
    assert fusion.name == FUSION_NAME and len(fusion.weights) == len(FEATURES)
    assert np.all(np.isfinite(fusion.weights)) and np.any(fusion.weights)
    scores = fusion.score(_columns([1.0, 0.2], [0.5, 0.1]))
    shown = fusion.squash(scores)
    assert np.all((shown > 0) & (shown < 1)) and np.argmax(shown) == np.argmax(scores)
    bad = tmp_path / "fusion.yaml"
    bad.write_text("name: match-fusion.v1\nfeatures: {okapi: 1.0}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"fusion\.yaml is invalid .*missing \['fit'"):
        read_fusion(bad)
